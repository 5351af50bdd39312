//! What an organiser submits, as typed, and its checks. Times are typed
//! as the venue's local time (`2026-06-04T09:00`, what a `datetime-local`
//! input sends) in the venue's zone; the store keeps UTC.

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use sinergi_domain::forum::{EventKind, Visibility};
use sinergi_domain::plain_text::{FORBIDDEN_CHAR_KEY, forbidden_char};
use sinergi_domain::{SeriesId, UnitCode, Zone};
use sinergi_store::forums::{EventDraft, SeriesDraft};
use sinergi_store::{Store, UnitQuery};

use crate::{ForumError, Problem};

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;
const MAX_INVITED: usize = 600;
const HOUR: i64 = 3_600_000_000;

/// An event as its organiser writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct EventInput {
    /// The organiser unit's code.
    pub organiser: String,
    /// The series id, or empty for none.
    pub series: String,
    /// `forum`, `workshop`, `press_briefing`, `press_conference`,
    /// `coordination_meeting` or `media_gathering`.
    pub kind: String,
    pub title: String,
    /// Local time at the venue: `YYYY-MM-DDTHH:MM`.
    pub starts: String,
    pub ends: String,
    /// `WIB`, `WITA` or `WIT`; empty for the venue's (or the organiser's) zone.
    pub zone: String,
    /// The region of the venue (a unit code), if it takes place somewhere.
    pub venue: String,
    pub address: String,
    pub online_url: String,
    /// Markdown.
    pub agenda: String,
    /// Empty for no limit.
    pub capacity: String,
    /// Local time at the venue; empty for none.
    pub registration_closes: String,
    /// `public` or `internal`.
    pub visibility: String,
    /// Invited units' codes (separated by spaces, commas or lines).
    pub invited: Vec<String>,
    /// Also invite every unit directly below the organiser.
    pub invite_children: bool,
    /// Invited contacts' e-mail addresses, as in the contact base
    /// (separated by spaces, commas or lines).
    pub invited_contacts: String,
}

/// A series as its owner writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct SeriesInput {
    pub owner: String,
    pub title: String,
    pub description: String,
}

/// An `http(s)://` address: the only links pages make clickable.
pub(crate) fn is_web_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

pub(crate) fn push(problems: &mut Vec<Problem>, field: &'static str, key: &'static str) {
    let p = Problem { field, key };
    if !problems.contains(&p) {
        problems.push(p);
    }
}

/// `2026-06-04T09:00` (or with a space) at `zone`, as microseconds UTC.
pub fn parse_local(s: &str, zone: Zone) -> Option<i64> {
    let s = s.trim().replace(' ', "T");
    let dt: DateTime = s.parse().ok()?;
    let offset = jiff::tz::Offset::constant(zone.utc_offset_hours());
    let ts = offset.to_timestamp(dt).ok()?;
    Some(ts.as_microsecond())
}

/// A moment as `parse_local` reads it back: `2026-06-04T09:00`.
pub fn local_input(micros: i64, zone: Zone) -> String {
    let Ok(ts) = jiff::Timestamp::from_microsecond(micros) else {
        return String::new();
    };
    let dt = jiff::tz::Offset::constant(zone.utc_offset_hours()).to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

/// Unit codes in typed lists, each once; unparsable ones are a problem.
pub(crate) fn parse_codes(
    raw: &[String],
    field: &'static str,
    key: &'static str,
    problems: &mut Vec<Problem>,
) -> Vec<UnitCode> {
    let mut out = Vec::new();
    for s in raw
        .iter()
        .flat_map(|s| s.split([',', ' ', '\n', '\r', ';']))
    {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        match UnitCode::parse(s) {
            Ok(c) if !out.contains(&c) => out.push(c),
            Ok(_) => {}
            Err(_) => push(problems, field, key),
        }
    }
    out
}

/// Every unit directly below `unit` that is not retired.
pub(crate) async fn children_of(
    store: &Store,
    unit: &UnitCode,
) -> Result<Vec<UnitCode>, ForumError> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_units(&UnitQuery {
                parent: Some(unit.clone()),
                limit: 500,
                cursor: cursor.clone(),
                ..Default::default()
            })
            .await?;
        out.extend(page.items.into_iter().map(|(u, _)| u.code));
        match page.next_cursor {
            Some(next) if cursor.as_ref() != Some(&next) => cursor = Some(next),
            _ => break,
        }
    }
    Ok(out)
}

pub(crate) async fn known_unit(store: &Store, code: &UnitCode) -> bool {
    store.unit(code).await.is_ok()
}

impl EventInput {
    /// Checks everything and returns the draft to store, or every problem
    /// found (nothing typed is lost: the caller keeps `self`).
    pub(crate) async fn validate(&self, store: &Store) -> Result<EventDraft, ForumError> {
        let mut problems = Vec::new();
        for (field, value) in [
            ("title", &self.title),
            ("address", &self.address),
            ("agenda", &self.agenda),
            ("online_url", &self.online_url),
        ] {
            if forbidden_char(value).is_some() {
                push(&mut problems, field, FORBIDDEN_CHAR_KEY);
            }
        }
        let organiser = match UnitCode::parse(self.organiser.trim()) {
            Ok(c) if known_unit(store, &c).await => Some(c),
            _ => {
                push(&mut problems, "organiser", "ev-organiser-unknown");
                None
            }
        };
        let series_id = match self.series.trim() {
            "" => None,
            s => match s.parse::<SeriesId>() {
                Ok(id) if matches!(store.series(id).await, Ok(Some(_))) => Some(id),
                _ => {
                    push(&mut problems, "series", "ev-series-unknown");
                    None
                }
            },
        };
        let kind = self.kind.trim().parse::<EventKind>().ok();
        if kind.is_none() {
            push(&mut problems, "kind", "ev-kind-invalid");
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            push(&mut problems, "title", "ev-title-required");
        } else if title.chars().count() > MAX_TITLE {
            push(&mut problems, "title", "ev-title-too-long");
        }
        if self.agenda.len() > MAX_TEXT || self.address.len() > 1_000 {
            push(&mut problems, "agenda", "ev-too-long");
        }
        let venue = match self.venue.trim() {
            "" => None,
            v => match UnitCode::parse(v) {
                Ok(c) if known_unit(store, &c).await => Some(c),
                _ => {
                    push(&mut problems, "venue", "ev-venue-unknown");
                    None
                }
            },
        };
        let zone = match self.zone.trim() {
            "" => Some(
                venue
                    .as_ref()
                    .or(organiser.as_ref())
                    .map(Zone::of_unit)
                    .unwrap_or(Zone::Wib),
            ),
            z => Zone::from_abbreviation(z),
        };
        if zone.is_none() {
            push(&mut problems, "zone", "ev-zone-invalid");
        }
        let zone = zone.unwrap_or(Zone::Wib);
        let starts_at = parse_local(&self.starts, zone);
        if starts_at.is_none() {
            push(&mut problems, "starts", "ev-time-invalid");
        }
        let ends_at = match self.ends.trim() {
            // Two hours unless said otherwise.
            "" => starts_at.map(|s| s + 2 * HOUR),
            e => {
                let at = parse_local(e, zone);
                if at.is_none() {
                    push(&mut problems, "ends", "ev-time-invalid");
                }
                at
            }
        };
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e < s
        {
            push(&mut problems, "ends", "ev-time-reversed");
        }
        let online_url = self.online_url.trim().to_owned();
        if !online_url.is_empty() && !is_web_url(&online_url) {
            push(&mut problems, "online_url", "ev-url-invalid");
        }
        let address = self.address.trim().to_owned();
        if venue.is_none() && address.is_empty() && online_url.is_empty() {
            push(&mut problems, "venue", "ev-place-required");
        }
        let capacity = match self.capacity.trim() {
            "" => None,
            c => match c.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    push(&mut problems, "capacity", "ev-capacity-invalid");
                    None
                }
            },
        };
        let registration_closes_at = match self.registration_closes.trim() {
            "" => None,
            r => match parse_local(r, zone) {
                Some(at) if ends_at.is_none_or(|e| at <= e) => Some(at),
                _ => {
                    push(
                        &mut problems,
                        "registration_closes",
                        "ev-registration-invalid",
                    );
                    None
                }
            },
        };
        let visibility = match self.visibility.trim() {
            "" => Some(Visibility::Public),
            v => v.parse::<Visibility>().ok(),
        };
        if visibility.is_none() {
            push(&mut problems, "visibility", "ev-visibility-invalid");
        }
        let mut invited = parse_codes(
            &self.invited,
            "invited",
            "ev-invited-unknown",
            &mut problems,
        );
        for c in &invited {
            if !known_unit(store, c).await {
                push(&mut problems, "invited", "ev-invited-unknown");
            }
        }
        if self.invite_children
            && let Some(o) = &organiser
        {
            for c in children_of(store, o).await? {
                if !invited.contains(&c) {
                    invited.push(c);
                }
            }
        }
        if invited.len() > MAX_INVITED {
            push(&mut problems, "invited", "ev-too-many-invited");
        }
        let addresses: Vec<String> = self
            .invited_contacts
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|a| !a.is_empty())
            .map(str::to_lowercase)
            .collect();
        let found = store.contacts_by_email(&addresses).await?;
        if found.len() < addresses.len() {
            push(&mut problems, "invited_contacts", "ev-contacts-unknown");
        } else if found.len() > MAX_INVITED {
            push(&mut problems, "invited_contacts", "ev-too-many-invited");
        }
        let mut invited_contacts: Vec<i64> = found.into_iter().map(|(_, id)| id).collect();
        invited_contacts.sort_unstable();
        invited_contacts.dedup();
        if !problems.is_empty() {
            return Err(ForumError::Invalid(problems));
        }
        match (organiser, kind, starts_at, ends_at, visibility) {
            (
                Some(organiser_code),
                Some(kind),
                Some(starts_at),
                Some(ends_at),
                Some(visibility),
            ) => Ok(EventDraft {
                series_id,
                organiser_code,
                kind,
                title,
                starts_at,
                ends_at,
                zone,
                venue_code: venue,
                address,
                online_url,
                agenda_md: self.agenda.clone(),
                capacity,
                registration_closes_at,
                visibility,
                invited,
                invited_contacts,
            }),
            _ => Err(ForumError::invalid("title", "ev-title-required")),
        }
    }

    /// The input that reproduces a stored event, for edit forms.
    pub fn from_record(e: &sinergi_store::forums::EventRecord) -> EventInput {
        EventInput {
            organiser: e.organiser_code.to_string(),
            series: e.series_id.map(|s| s.to_string()).unwrap_or_default(),
            kind: e.kind.as_str().to_owned(),
            title: e.title.clone(),
            starts: local_input(e.starts_at, e.zone),
            ends: local_input(e.ends_at, e.zone),
            zone: e.zone.abbreviation().to_owned(),
            venue: e
                .venue_code
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            address: e.address.clone(),
            online_url: e.online_url.clone(),
            agenda: e.agenda_md.clone(),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            registration_closes: e
                .registration_closes_at
                .map(|r| local_input(r, e.zone))
                .unwrap_or_default(),
            visibility: e.visibility.as_str().to_owned(),
            invited: vec![
                e.invited
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ],
            invite_children: false,
            invited_contacts: String::new(),
        }
    }
}

impl SeriesInput {
    pub(crate) async fn validate(&self, store: &Store) -> Result<SeriesDraft, ForumError> {
        let mut problems = Vec::new();
        let owner = match UnitCode::parse(self.owner.trim()) {
            Ok(c) if known_unit(store, &c).await => Some(c),
            _ => {
                push(&mut problems, "owner", "ev-organiser-unknown");
                None
            }
        };
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            push(&mut problems, "title", "ev-title-required");
        } else if title.chars().count() > MAX_TITLE {
            push(&mut problems, "title", "ev-title-too-long");
        }
        for (field, v) in [("title", &self.title), ("description", &self.description)] {
            if forbidden_char(v).is_some() {
                push(&mut problems, field, FORBIDDEN_CHAR_KEY);
            }
        }
        if self.description.len() > MAX_TEXT {
            push(&mut problems, "description", "ev-too-long");
        }
        match owner {
            Some(owner_code) if problems.is_empty() => Ok(SeriesDraft {
                owner_code,
                title,
                description_md: self.description.clone(),
            }),
            _ => Err(ForumError::Invalid(problems)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_venue_zone() {
        // 4 June 2026 09:00 WITA is 01:00 UTC.
        let at = parse_local("2026-06-04T09:00", Zone::Wita).unwrap();
        assert_eq!(
            at,
            "2026-06-04T01:00:00Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_microsecond()
        );
        assert_eq!(parse_local("2026-06-04 09:00", Zone::Wita), Some(at));
        assert_eq!(local_input(at, Zone::Wita), "2026-06-04T09:00");
        assert_eq!(local_input(at, Zone::Wib), "2026-06-04T08:00");
        assert_eq!(local_input(at, Zone::Wit), "2026-06-04T10:00");
        assert!(parse_local("4 Juni", Zone::Wib).is_none());
        assert!(parse_local("2026-02-30T09:00", Zone::Wib).is_none());
    }
}
