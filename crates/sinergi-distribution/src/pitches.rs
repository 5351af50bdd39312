//! Pitches: an officer writes one message from a unit to contacts they
//! choose, with merge fields (`{nama}`, `{media}`, `{jabatan}`) and a
//! public release linked and quoted; previews it as each recipient will
//! read it; sends it through the outbox, exactly once per recipient and
//! pitch (`pitch:P:contact:C`), with `Reply-To` the officer's address.
//!
//! Rights: `manage_contacts` for the pitch's unit. Only a release the
//! public may read now is quoted, so no pitch carries an embargoed text.
//! Recipients need an address that has not bounced and a standing consent
//! (distribution or contact base); the others are listed with the reason
//! and skipped.

use serde::{Deserialize, Serialize};
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::contacts::Purpose;
use sinergi_domain::newsroom::{ReleaseFacts, ReleaseState, is_public_now};
use sinergi_domain::{ContactId, UnitCode};
use sinergi_mail::MailTexts;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{
    PitchDraft, PitchMessage, PitchRecipient, PitchRecord, PitchRelease,
};

use crate::{Distribution, DistributionError, Problem};

/// The merge fields a pitch may use.
pub const MERGE_FIELDS: [&str; 3] = ["nama", "media", "jabatan"];

const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 20_000;
const MAX_RECIPIENTS: usize = 500;

/// A pitch as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PitchInput {
    pub unit: String,
    /// A release id, or empty.
    pub release: String,
    pub subject: String,
    pub body: String,
    /// Contact ids.
    pub recipients: Vec<String>,
}

/// One recipient's message as it will be sent, or why it will not be.
#[derive(Debug, Clone, Serialize)]
pub struct PitchPreview {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    /// A message key when nothing is sent to them (no address, no consent,
    /// erased).
    pub skipped: Option<&'static str>,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
}

/// A pitch with each recipient's message.
#[derive(Debug, Clone, Serialize)]
pub struct PitchView {
    pub pitch: PitchRecord,
    pub release_title: Option<String>,
    pub previews: Vec<PitchPreview>,
}

/// Fills `{nama}`, `{media}` and `{jabatan}`; any other `{word}` is an
/// error (returned as the word). Other braces stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let word_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        if word_len > 0 && after[word_len..].starts_with('}') {
            let word = &after[..word_len];
            match values.iter().find(|(k, _)| *k == word) {
                Some((_, v)) => out.push_str(v),
                None => return Err(word.to_owned()),
            }
            rest = &after[word_len + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn merge_values(r: &PitchRecipient) -> [(&'static str, String); 3] {
    let media = r
        .outlet
        .clone()
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| r.organisation.clone());
    [
        ("nama", r.name.clone()),
        ("media", media),
        ("jabatan", r.role_title.clone()),
    ]
}

fn problem(field: &'static str, key: &'static str) -> Problem {
    Problem::new(field, key)
}

impl Distribution {
    fn may_pitch_for(&self, p: &Principal, unit: &UnitCode) -> bool {
        p.can(Action::ManageContacts, unit)
    }

    /// Units `p` may send pitches from: (code, name).
    pub async fn pitch_units(
        &self,
        p: &Principal,
    ) -> Result<Vec<(String, String)>, DistributionError> {
        let codes: Vec<UnitCode> = p
            .memberships
            .iter()
            .filter(|m| p.can(Action::ManageContacts, &m.unit))
            .map(|m| m.unit.clone())
            .collect();
        let mut out = Vec::new();
        for code in codes {
            let unit = self.store.unit(&code).await?;
            out.push((code.to_string(), unit.name));
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Releases of `p`'s units the public reads now, newest first, for
    /// the form's choice: (id, "title · unit").
    pub async fn pitch_releases(
        &self,
        p: &Principal,
    ) -> Result<Vec<(String, String)>, DistributionError> {
        let units: Vec<String> = self
            .pitch_units(p)
            .await?
            .into_iter()
            .map(|u| u.0)
            .collect();
        let now = self.now();
        Ok(self
            .store
            .releases_of_units(&units, &[], 30)
            .await?
            .into_iter()
            .filter(|r| r.public_at <= now)
            .map(|r| (r.id.to_string(), format!("{} · {}", r.title, r.unit_name)))
            .collect())
    }

    async fn public_release(&self, id: i64) -> Result<Option<PitchRelease>, DistributionError> {
        let Some(r) = self.store.pitch_release(id).await? else {
            return Ok(None);
        };
        let Ok(unit) = UnitCode::parse(&r.unit_code) else {
            return Ok(None);
        };
        let Ok(state) = r.state.parse::<ReleaseState>() else {
            return Ok(None);
        };
        let facts = ReleaseFacts {
            unit: &unit,
            state,
            public_at: r.public_at,
            embargo: r.embargo != 0,
            withdrawn_at: r.withdrawn_at,
        };
        Ok(is_public_now(&facts, self.now()).then_some(r))
    }

    async fn check_pitch(
        &self,
        p: &Principal,
        input: &PitchInput,
    ) -> Result<PitchDraft, DistributionError> {
        let mut problems = Vec::new();
        let unit = UnitCode::parse(input.unit.trim()).ok();
        match &unit {
            None => problems.push(problem("unit", "pitch-unit-required")),
            Some(u) if !self.may_pitch_for(p, u) => return Err(DistributionError::NotAllowed),
            Some(_) => {}
        }
        let release_id = match input.release.trim() {
            "" => None,
            t => match t.trim_start_matches('#').parse::<i64>() {
                Ok(id) if self.public_release(id).await?.is_some() => Some(id),
                _ => {
                    problems.push(problem("release", "pitch-release-not-public"));
                    None
                }
            },
        };
        let subject = input.subject.trim().to_owned();
        if subject.is_empty() {
            problems.push(problem("subject", "pitch-subject-required"));
        } else if subject.chars().count() > MAX_SUBJECT || subject.contains(['\r', '\n']) {
            problems.push(problem("subject", "contact-too-long"));
        }
        let body = input.body.trim().replace("\r\n", "\n");
        if body.is_empty() {
            problems.push(problem("message", "pitch-body-required"));
        } else if body.chars().count() > MAX_BODY {
            problems.push(problem("message", "contact-too-long"));
        }
        let sample: Vec<(&str, &str)> = MERGE_FIELDS.iter().map(|f| (*f, "")).collect();
        if fill(&subject, &sample).is_err() {
            problems.push(problem("subject", "pitch-merge-unknown"));
        }
        if fill(&body, &sample).is_err() {
            problems.push(problem("message", "pitch-merge-unknown"));
        }
        let mut recipients = Vec::new();
        for r in &input.recipients {
            for part in r.split(',') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                match part.parse::<i64>() {
                    Ok(id) => {
                        let id = ContactId::new(id);
                        match self.store.contact(id).await? {
                            Some(c) if c.erased_at.is_none() && c.merged_into.is_none() => {
                                if !recipients.contains(&id) {
                                    recipients.push(id);
                                }
                            }
                            _ => problems.push(problem("recipients", "pitch-recipient-unknown")),
                        }
                    }
                    Err(_) => problems.push(problem("recipients", "pitch-recipient-unknown")),
                }
            }
        }
        if recipients.is_empty() {
            problems.push(problem("recipients", "pitch-recipients-required"));
        } else if recipients.len() > MAX_RECIPIENTS {
            problems.push(problem("recipients", "contact-list-too-long"));
        }
        if !problems.is_empty() {
            problems.dedup();
            return Err(DistributionError::Invalid(problems));
        }
        let reply_to = match p.user_id {
            Some(user) => self.store.user_by_id(user).await?.email,
            None => return Err(DistributionError::NotAllowed),
        };
        Ok(PitchDraft {
            unit_code: unit.map(|u| u.to_string()).unwrap_or_default(),
            release_id,
            subject,
            body,
            reply_to,
            recipients,
        })
    }

    /// Saves a new draft pitch; returns its id.
    pub async fn create_pitch(
        &self,
        p: &Principal,
        actor: &Actor,
        input: &PitchInput,
    ) -> Result<i64, DistributionError> {
        let draft = self.check_pitch(p, input).await?;
        let id = self.store.create_pitch(&draft, actor, self.now()).await?;
        self.notifier.notify();
        Ok(id)
    }

    /// Changes a draft pitch (not yet sent, saved at `version`).
    pub async fn update_pitch(
        &self,
        p: &Principal,
        actor: &Actor,
        id: i64,
        version: i64,
        input: &PitchInput,
    ) -> Result<(), DistributionError> {
        let current = self.pitch_record(p, id).await?;
        let mut input = input.clone();
        input.unit = current.unit_code.clone();
        let draft = self.check_pitch(p, &input).await?;
        self.store
            .update_pitch(id, version, &draft, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(())
    }

    async fn pitch_record(&self, p: &Principal, id: i64) -> Result<PitchRecord, DistributionError> {
        let pitch = self
            .store
            .pitch(id)
            .await?
            .ok_or_else(|| DistributionError::NotFound(format!("pitch {id}")))?;
        let unit = UnitCode::parse(&pitch.unit_code)
            .map_err(|_| DistributionError::NotFound(format!("pitch {id}")))?;
        if !self.may_pitch_for(p, &unit) {
            // Another unit's pitches are not known to exist.
            return Err(DistributionError::NotFound(format!("pitch {id}")));
        }
        Ok(pitch)
    }

    /// The pitches of the units `p` keeps contacts for, newest first.
    pub async fn pitches(&self, p: &Principal) -> Result<Vec<PitchRecord>, DistributionError> {
        if !self.may_manage(p) {
            return Err(DistributionError::NotAllowed);
        }
        let scope = p.scope(Action::ManageContacts);
        Ok(self.store.pitches_in(&scope, 200).await?)
    }

    /// A pitch with each recipient's message as it will be (or was) sent.
    pub async fn pitch_view(&self, p: &Principal, id: i64) -> Result<PitchView, DistributionError> {
        let pitch = self.pitch_record(p, id).await?;
        let release = match pitch.release_id {
            Some(r) => self.store.pitch_release(r).await?,
            None => None,
        };
        let unit_name = pitch.unit_name.clone();
        let mut previews = Vec::new();
        for r in self.store.pitch_recipients(id).await? {
            let contact = ContactId::new(r.contact_id);
            let consents = self.store.consents(contact).await?;
            let consented = consents.iter().any(|c| {
                c.withdrawn_at.is_none()
                    && matches!(c.purpose, Purpose::Distribution | Purpose::ContactBase)
            });
            let suppressed = match &r.email {
                Some(e) => self.store.suppression(e).await?.is_some(),
                None => false,
            };
            let skipped = if r.erased != 0 {
                Some("pitch-skip-erased")
            } else if r.email.is_none() {
                Some("pitch-skip-no-email")
            } else if suppressed {
                Some("pitch-skip-suppressed")
            } else if !consented {
                Some("pitch-skip-no-consent")
            } else {
                None
            };
            let (subject, body) = self.word_pitch(&pitch, release.as_ref(), &unit_name, &r);
            previews.push(PitchPreview {
                contact_id: r.contact_id,
                name: r.name.clone(),
                email: r.email.clone().unwrap_or_default(),
                subject,
                body,
                skipped,
                sent_at: r.sent_at,
                last_error: r.last_error.clone(),
            });
        }
        Ok(PitchView {
            pitch,
            release_title: release.map(|r| r.title),
            previews,
        })
    }

    /// The words of one recipient's message.
    fn word_pitch(
        &self,
        pitch: &PitchRecord,
        release: Option<&PitchRelease>,
        unit_name: &str,
        r: &PitchRecipient,
    ) -> (String, String) {
        let values = merge_values(r);
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let subject = fill(&pitch.subject, &values).unwrap_or_else(|_| pitch.subject.clone());
        let mut body = fill(&pitch.body, &values).unwrap_or_else(|_| pitch.body.clone());
        let t = MailTexts::new(&r.language);
        if let Some(rel) = release {
            let link = format!("{}/releases/{}-{}", self.base_url, rel.id, rel.slug);
            body.push_str("\n\n---\n");
            body.push_str(&rel.title);
            body.push('\n');
            for line in rel.lead.lines() {
                body.push_str("> ");
                body.push_str(line);
                body.push('\n');
            }
            body.push_str(&t.get("release-read-online", &[("link", &link)]));
            body.push('\n');
        }
        body.push_str("\n-- \n");
        body.push_str(&t.get(
            "pitch-footer",
            &[("unit", unit_name), ("reply", &pitch.reply_to)],
        ));
        (subject, body)
    }

    /// Sends pitch `id` (saved at `version`) to every recipient it may
    /// reach; returns how many messages were queued. Sending again queues
    /// nothing.
    pub async fn send_pitch(
        &self,
        p: &Principal,
        actor: &Actor,
        id: i64,
        version: i64,
    ) -> Result<u32, DistributionError> {
        let view = self.pitch_view(p, id).await?;
        if view.pitch.sent_at.is_some() {
            return Ok(0);
        }
        if view.pitch.version != version {
            return Err(DistributionError::Stale(
                "the pitch was changed meanwhile".into(),
            ));
        }
        if let Some(r) = view.pitch.release_id
            && self.public_release(r).await?.is_none()
        {
            return Err(DistributionError::Invalid(vec![problem(
                "release",
                "pitch-release-not-public",
            )]));
        }
        let messages: Vec<PitchMessage> = view
            .previews
            .iter()
            .filter(|m| m.skipped.is_none())
            .map(|m| PitchMessage {
                contact_id: ContactId::new(m.contact_id),
                recipient: m.email.clone(),
                subject: m.subject.clone(),
                body_text: m.body.clone(),
                headers: vec![("Reply-To".to_owned(), view.pitch.reply_to.clone())],
            })
            .collect();
        let queued = self
            .store
            .send_pitch(id, version, &messages, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(queued)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_fields_are_filled_and_unknown_ones_refused() {
        let v = [("nama", "Ayu"), ("media", "Bali Post"), ("jabatan", "")];
        assert_eq!(
            fill("Halo {nama} dari {media}{jabatan}.", &v).unwrap(),
            "Halo Ayu dari Bali Post."
        );
        assert_eq!(fill("Tarif {kota}", &v), Err("kota".to_owned()));
        // Braces that are not a field stay as written.
        assert_eq!(fill("{ } {Nama} {1} {", &v).unwrap(), "{ } {Nama} {1} {");
        // A value is not read again as a template.
        assert_eq!(
            fill("{nama}", &[("nama", "{media}"), ("media", "x")]).unwrap(),
            "{media}"
        );
    }
}
