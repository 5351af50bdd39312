//! Registration within the capacity and before registration closes, the
//! speakers, and the minutes and outcomes. Whoever sees an event may
//! register (an internal event is seen only by its organiser's and its
//! invited units' people, along the tree); its organiser's people keep
//! the programme and the record and see who registered.

use sinergi_domain::EventId;
use sinergi_domain::access::{Principal, may_record_event, may_register};
use sinergi_domain::forum::Visibility;
use sinergi_domain::plain_text::{FORBIDDEN_CHAR_KEY, forbidden_char};
use sinergi_store::forums::{Material, Registered, RegistrationRecord, Speaker};

use crate::{ForumError, Forums, Problem};

const MAX_SPEAKERS: usize = 50;
const MAX_FIELD: usize = 300;
const MAX_RECORD: usize = 50_000;

/// Reads the speakers as typed: one a line, `name | role | topic` (role
/// and topic may be left out).
pub fn parse_speakers(text: &str) -> Result<Vec<Speaker>, ForumError> {
    let speakers = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, '|').map(str::trim);
            let mut field = || parts.next().unwrap_or_default().to_owned();
            Speaker {
                name: field(),
                role: field(),
                topic: field(),
            }
        })
        .collect();
    checked_speakers(speakers)
}

/// The speakers if every one is fit to keep: a name, no field too long,
/// nothing the form could not show again (a `|` or a line break would
/// split a speaker there), and not too many.
pub fn checked_speakers(speakers: Vec<Speaker>) -> Result<Vec<Speaker>, ForumError> {
    for s in &speakers {
        let fields = [&s.name, &s.role, &s.topic];
        if s.name.trim().is_empty() {
            return Err(ForumError::invalid("speakers", "ev-speaker-name-required"));
        }
        if fields.iter().any(|f| f.chars().count() > MAX_FIELD) {
            return Err(ForumError::invalid("speakers", "ev-too-long"));
        }
        if fields.iter().any(|f| f.contains(['|', '\n', '\r'])) {
            return Err(ForumError::invalid("speakers", "ev-speaker-separator"));
        }
        if fields.iter().any(|f| forbidden_char(f).is_some()) {
            return Err(ForumError::invalid("speakers", FORBIDDEN_CHAR_KEY));
        }
    }
    if speakers.len() > MAX_SPEAKERS {
        return Err(ForumError::invalid("speakers", "ev-too-many-speakers"));
    }
    Ok(speakers)
}

/// The speakers as the form shows them again.
pub fn speakers_text(speakers: &[Speaker]) -> String {
    speakers
        .iter()
        .map(|s| {
            let mut l = s.name.clone();
            if !s.role.is_empty() || !s.topic.is_empty() {
                l.push_str(&format!(" | {}", s.role));
            }
            if !s.topic.is_empty() {
                l.push_str(&format!(" | {}", s.topic));
            }
            l
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Forums {
    /// Registers the signed-in reader. Refused when registration has
    /// closed, the event is over or cancelled, or it is full.
    pub async fn register(&self, p: &Principal, id: EventId) -> Result<Registered, ForumError> {
        let e = self.visible_record(p, id).await?;
        let internal = e.visibility == Visibility::Internal;
        let (Some(user), true) = (
            p.user_id,
            may_register(p, &e.organiser_code, &e.invited, internal),
        ) else {
            return Err(ForumError::NotAllowed);
        };
        let now = self.now();
        if e.cancelled() {
            return Err(ForumError::invalid("registration", "ev-cancelled"));
        }
        if now >= e.ends_at || e.registration_closes_at.is_some_and(|r| now >= r) {
            return Err(ForumError::invalid(
                "registration",
                "ev-registration-closed-error",
            ));
        }
        let done = self
            .store
            .register_for_event(id, user, e.capacity, now)
            .await?;
        match done {
            Registered::Full => Err(ForumError::invalid("registration", "ev-full")),
            Registered::Now => {
                self.notifier.notify();
                Ok(done)
            }
            Registered::Already => Ok(done),
        }
    }

    /// Withdraws the reader's registration (until the event ends).
    pub async fn unregister(&self, p: &Principal, id: EventId) -> Result<bool, ForumError> {
        let Some(user) = p.user_id else {
            return Err(ForumError::NotAllowed);
        };
        self.visible_record(p, id).await?;
        let done = self
            .store
            .unregister_from_event(id, user, self.now())
            .await?;
        if done {
            self.notifier.notify();
        }
        Ok(done)
    }

    /// Who registered: for the organiser's people.
    pub async fn registrations(
        &self,
        p: &Principal,
        id: EventId,
    ) -> Result<Vec<RegistrationRecord>, ForumError> {
        let e = self.visible_record(p, id).await?;
        if !may_record_event(p, &e.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        Ok(self.store.event_registrations(id).await?)
    }

    /// Replaces the speakers (typed as [`parse_speakers`] reads them).
    pub async fn set_speakers(
        &self,
        p: &Principal,
        id: EventId,
        text: &str,
    ) -> Result<Vec<Speaker>, ForumError> {
        let speakers = parse_speakers(text)?;
        self.set_speaker_list(p, id, speakers).await
    }

    /// Replaces the speakers, given one by one (see [`checked_speakers`]).
    pub async fn set_speaker_list(
        &self,
        p: &Principal,
        id: EventId,
        speakers: Vec<Speaker>,
    ) -> Result<Vec<Speaker>, ForumError> {
        let e = self.visible_record(p, id).await?;
        if !may_record_event(p, &e.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let speakers = checked_speakers(speakers)?;
        self.store
            .set_event_speakers(id, &speakers, self.now())
            .await?;
        self.notifier.notify();
        Ok(speakers)
    }

    /// Sets the minutes and the outcomes (Markdown, shown sanitised).
    pub async fn set_record(
        &self,
        p: &Principal,
        id: EventId,
        minutes_md: &str,
        outcomes_md: &str,
    ) -> Result<(), ForumError> {
        let e = self.visible_record(p, id).await?;
        if !may_record_event(p, &e.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let mut problems = Vec::new();
        for (field, text) in [("minutes", minutes_md), ("outcomes", outcomes_md)] {
            if text.len() > MAX_RECORD {
                problems.push(Problem {
                    field,
                    key: "ev-too-long",
                });
            } else if forbidden_char(text).is_some() {
                problems.push(Problem {
                    field,
                    key: FORBIDDEN_CHAR_KEY,
                });
            }
        }
        if !problems.is_empty() {
            return Err(ForumError::Invalid(problems));
        }
        self.store
            .set_event_record(id, minutes_md, outcomes_md, self.now())
            .await?;
        self.notifier.notify();
        Ok(())
    }
}

impl Forums {
    /// Adds a file, uploaded for the organiser (through the newsroom's
    /// checked uploads), to the event's materials. An empty title takes
    /// the file's name.
    pub async fn add_material(
        &self,
        p: &Principal,
        id: EventId,
        media_id: i64,
        title: &str,
    ) -> Result<Vec<Material>, ForumError> {
        let e = self.visible_record(p, id).await?;
        if !may_record_event(p, &e.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let media = self
            .store
            .media(media_id)
            .await?
            .ok_or_else(|| ForumError::NotFound(format!("media {media_id}")))?;
        if media.unit_code != e.organiser_code.as_str() {
            return Err(ForumError::NotAllowed);
        }
        let title = match title.trim() {
            "" => media.original_name.clone(),
            t => t.to_owned(),
        };
        if title.chars().count() > MAX_FIELD {
            return Err(ForumError::invalid("material_title", "ev-too-long"));
        }
        if forbidden_char(&title).is_some() {
            return Err(ForumError::invalid("material_title", FORBIDDEN_CHAR_KEY));
        }
        self.store
            .add_event_material(id, media_id, &title, p.user_id, self.now())
            .await?;
        self.notifier.notify();
        Ok(self.store.event_materials(id).await?)
    }

    /// Takes a file off the event's materials.
    pub async fn remove_material(
        &self,
        p: &Principal,
        id: EventId,
        media_id: i64,
    ) -> Result<bool, ForumError> {
        let e = self.visible_record(p, id).await?;
        if !may_record_event(p, &e.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let done = self
            .store
            .remove_event_material(id, media_id, self.now())
            .await?;
        if done {
            self.notifier.notify();
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_read_one_a_line_and_round_trip() {
        let typed = "Dr. Sari | Deputi RB, Kementerian PANRB | Sinergi kampanye\n\n  Budi  \nAni | Humas Bali";
        let s = parse_speakers(typed).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].role, "Deputi RB, Kementerian PANRB");
        assert_eq!(s[1].name, "Budi");
        assert_eq!(s[1].topic, "");
        assert_eq!(s[2].role, "Humas Bali");
        assert_eq!(parse_speakers(&speakers_text(&s)).unwrap(), s);
        assert!(parse_speakers(" | tanpa nama").is_err());
        assert!(parse_speakers(&"Nama\n".repeat(51)).is_err());
        let barred = Speaker {
            name: "Ani | Budi".into(),
            ..Default::default()
        };
        assert!(checked_speakers(vec![barred]).is_err());
    }
}
