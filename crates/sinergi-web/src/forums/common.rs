//! What the forum pages share: refusals as pages, labels, times in the
//! venue's zone and the reader's, links.

use sinergi_domain::access::Principal;
use sinergi_domain::forum::{EventKind, FulfilmentState};
use sinergi_domain::{EventId, Level, SeriesId, UnitCode, Zone};
use sinergi_forums::{EventRecord, ForumError, Problem, Tally};

use crate::forms::{FieldError, labelled_message};
use crate::i18n::Tr;
use crate::pages::PageError;
use crate::session::MaybeSession;

impl From<ForumError> for PageError {
    fn from(e: ForumError) -> PageError {
        match e {
            ForumError::NotFound(what) => PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            },
            ForumError::NotAllowed => PageError::Forbidden,
            other => PageError::Internal(other.to_string()),
        }
    }
}

pub fn event_href(id: EventId) -> String {
    format!("/forums/{id}")
}

pub fn series_href(id: SeriesId) -> String {
    format!("/forums/series/{id}")
}

pub fn kind_label(tr: &Tr, kind: EventKind) -> String {
    tr.t(&format!("ev-kind-{}", kind.as_str()))
}

/// A fulfilment state as a tag: (css modifier, label).
pub fn state_tag(tr: &Tr, state: FulfilmentState, overdue: bool) -> (String, String) {
    let class = match (state, overdue) {
        (FulfilmentState::Fulfilled, _) => "done",
        (_, true) => "rejected",
        (FulfilmentState::Partial, _) => "approved",
        (FulfilmentState::Pending, _) => "not-started",
    };
    let mut label = tr.t(&format!("ev-state-{}", state.as_str()));
    if overdue && state != FulfilmentState::Fulfilled {
        label = format!("{label} · {}", tr.t("ev-overdue"));
    }
    (class.to_owned(), label)
}

fn units_word(tr: &Tr, level: Option<Level>) -> String {
    match level {
        Some(l) if l != Level::National => tr.t(&format!("ev-units-{}", l.as_str())),
        _ => tr.t("ev-units-any"),
    }
}

/// "38 kabupaten/kota".
pub fn units_text(tr: &Tr, count: i64, level: Option<Level>) -> String {
    format!("{} {}", tr.num(count), units_word(tr, level))
}

/// "21 dari 38 kabupaten/kota hadir": the units named by their level when
/// they share one, "unit" otherwise.
pub fn reach_text(tr: &Tr, reached: i64, total: i64, level: Option<Level>) -> String {
    let units = units_word(tr, level);
    tr.tn(
        "ev-reached",
        &[
            ("reached", tr.num(reached)),
            ("total", tr.num(total)),
            ("units", units),
        ],
    )
}

/// The level all of `units` share, if they do.
pub fn common_level<'a>(units: impl IntoIterator<Item = &'a UnitCode>) -> Option<Level> {
    let mut levels = units.into_iter().map(UnitCode::level);
    let first = levels.next()?;
    levels.all(|l| l == first).then_some(first)
}

pub fn tally_text(tr: &Tr, t: &Tally) -> String {
    reach_text(tr, t.reached, t.total, None)
}

/// The reader's zone: that of their first unit; none for the public.
pub fn reader_zone(maybe: &MaybeSession) -> Option<Zone> {
    maybe
        .session
        .as_ref()
        .and_then(|s| s.memberships.first())
        .map(|(_, m)| Zone::of_unit(&m.unit))
}

pub fn principal_of(maybe: &MaybeSession) -> Principal {
    maybe
        .session
        .as_ref()
        .map(|s| s.principal.clone())
        .unwrap_or_else(Principal::public)
}

/// "4 Juni 2026 09.00–12.00 WITA", with the reader's own zone after it
/// when it differs ("(08.00–11.00 WIB)").
pub fn when_text(tr: &Tr, e: &EventRecord, reader: Option<Zone>) -> String {
    let span = |zone: Zone| {
        let start = tr.date_time(e.starts_at, zone);
        let end = tr.date_time(e.ends_at, zone);
        let same_day = tr.date(e.starts_at, zone) == tr.date(e.ends_at, zone);
        if same_day {
            // "4 Juni 2026 09.00 WITA" + "–12.00 WITA"
            let end_time = end.rsplit(' ').nth(1).unwrap_or_default().to_owned();
            match start.rsplit_once(' ') {
                Some((head, abbr)) => format!("{head}–{end_time} {abbr}"),
                None => start,
            }
        } else {
            format!("{start} – {end}")
        }
    };
    let mut text = span(e.zone);
    if let Some(z) = reader
        && z != e.zone
    {
        text = format!("{text} ({})", tr.t1("ev-in-your-zone", "time", &span(z)));
    }
    text
}

/// The service's refusals beside their fields (`prefix` + field is the input's id).
pub fn field_errors(tr: &Tr, prefix: &str, problems: &[Problem]) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| {
            FieldError::new(
                &format!("{prefix}{}", p.field),
                labelled_message(tr, &format!("ev-field-{}", p.field), p.key),
            )
        })
        .collect()
}

/// A unit code from a form or query, ignoring anything that is not one.
pub fn unit_param(s: Option<&str>) -> Option<UnitCode> {
    s.filter(|s| !s.is_empty())
        .and_then(|s| UnitCode::parse(s.trim()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn times_read_in_the_venue_zone_and_the_readers() {
        let tr = Tr::new(Lang::Id);
        let e = EventRecord {
            id: EventId::new(1),
            uid: "u".into(),
            series_id: None,
            series_title: None,
            organiser_code: UnitCode::parse("kemenpanrb").unwrap(),
            organiser_name: "Kementerian PANRB".into(),
            kind: EventKind::Workshop,
            title: "Workshop".into(),
            // 4 June 2026 09:00–12:00 WITA
            starts_at: 1_780_534_800_000_000,
            ends_at: 1_780_534_800_000_000 + 3 * 3_600_000_000,
            zone: Zone::Wita,
            venue_code: None,
            venue_name: None,
            address: String::new(),
            online_url: String::new(),
            agenda_md: String::new(),
            capacity: None,
            registration_closes_at: None,
            visibility: sinergi_forums::Visibility::Public,
            status: sinergi_forums::EventStatus::Scheduled,
            attendance_code: String::new(),
            sequence: 0,
            version: 1,
            created_at: 0,
            updated_at: 0,
            invited: vec![],
        };
        assert_eq!(when_text(&tr, &e, None), "4 Juni 2026 09.00–12.00 WITA");
        assert_eq!(
            when_text(&tr, &e, Some(Zone::Wita)),
            "4 Juni 2026 09.00–12.00 WITA"
        );
        let wib = when_text(&tr, &e, Some(Zone::Wib));
        assert!(wib.starts_with("4 Juni 2026 09.00–12.00 WITA ("), "{wib}");
        assert!(wib.contains("4 Juni 2026 08.00–11.00 WIB"), "{wib}");
        assert_eq!(
            reach_text(&tr, 21, 38, Some(Level::Regency)),
            "21 dari 38 kabupaten/kota hadir"
        );
        assert_eq!(reach_text(&tr, 1, 2, None), "1 dari 2 unit hadir");
    }
}
