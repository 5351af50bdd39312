//! iCalendar (RFC 5545) for events: one event as a `.ics` file, or a feed
//! of many to subscribe to. Written here rather than with the `icalendar`
//! crate: what we emit is a handful of properties, but each must be right
//! (TEXT escaping, folding at 75 octets without splitting a character,
//! CRLF, `TZID` times with a matching `VTIMEZONE`), and the three zones of
//! Indonesia are fixed offsets with no daylight saving, so their
//! `VTIMEZONE`s are three constant blocks. A test reads the output with
//! Python's `icalendar` (see the tests of `sinergi` and this crate's).

use std::fmt::Write as _;

use sinergi_domain::Zone;

/// What a calendar shows of an event.
#[derive(Debug, Clone)]
pub struct CalendarEvent<'a> {
    /// Stable across edits.
    pub uid: &'a str,
    /// Raised on every change a calendar shows.
    pub sequence: i64,
    /// When this version was written (`DTSTAMP`, `LAST-MODIFIED`).
    pub stamp: i64,
    pub created: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The venue's zone: times are written in it, with its `TZID`.
    pub zone: Zone,
    pub summary: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub url: &'a str,
    pub organiser: &'a str,
    pub cancelled: bool,
}

/// A calendar of `events` named `name`: what a `.ics` download or a
/// subscribed feed returns.
pub fn calendar(name: &str, events: &[CalendarEvent<'_>]) -> String {
    write_calendar(name, "PUBLISH", events, None)
}

/// Who an invitation is addressed to.
#[derive(Debug, Clone, Copy)]
pub struct Attendee<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// One event e-mailed to `attendee` (iTIP, RFC 5546): `METHOD:REQUEST`
/// for a new or changed event (the calendar program adds it, or updates
/// the copy with the same UID and a lower SEQUENCE), `METHOD:CANCEL` for a
/// cancelled one (`STATUS:CANCELLED`, which removes it).
pub fn invitation(event: &CalendarEvent<'_>, attendee: Attendee<'_>) -> String {
    let method = if event.cancelled { "CANCEL" } else { "REQUEST" };
    write_calendar(
        event.summary,
        method,
        std::slice::from_ref(event),
        Some(attendee),
    )
}

/// The `method` parameter of an invitation's MIME type.
pub fn invitation_method(event: &CalendarEvent<'_>) -> &'static str {
    if event.cancelled { "CANCEL" } else { "REQUEST" }
}

fn write_calendar(
    name: &str,
    method: &str,
    events: &[CalendarEvent<'_>],
    attendee: Option<Attendee<'_>>,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Sinergi//Forum dan acara//ID");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("METHOD:{method}"));
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    let mut zones: Vec<Zone> = Vec::new();
    for e in events {
        if !zones.contains(&e.zone) {
            zones.push(e.zone);
        }
    }
    zones.sort_by_key(|z| z.utc_offset_hours());
    for z in zones {
        vtimezone(&mut out, z);
    }
    for e in events {
        vevent(&mut out, e, attendee);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn vtimezone(out: &mut String, z: Zone) {
    let offset = format!("+{:02}00", z.utc_offset_hours());
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", z.iana()));
    line(out, "BEGIN:STANDARD");
    line(out, "DTSTART:19700101T000000");
    line(out, &format!("TZOFFSETFROM:{offset}"));
    line(out, &format!("TZOFFSETTO:{offset}"));
    line(out, &format!("TZNAME:{}", z.abbreviation()));
    line(out, "END:STANDARD");
    line(out, "END:VTIMEZONE");
}

fn vevent(out: &mut String, e: &CalendarEvent<'_>, attendee: Option<Attendee<'_>>) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape(e.uid)));
    line(out, &format!("SEQUENCE:{}", e.sequence.max(0)));
    line(out, &format!("DTSTAMP:{}", utc(e.stamp)));
    line(out, &format!("CREATED:{}", utc(e.created)));
    line(out, &format!("LAST-MODIFIED:{}", utc(e.stamp)));
    line(
        out,
        &format!(
            "DTSTART;TZID={}:{}",
            e.zone.iana(),
            local(e.starts_at, e.zone)
        ),
    );
    line(
        out,
        &format!(
            "DTEND;TZID={}:{}",
            e.zone.iana(),
            local(e.ends_at.max(e.starts_at), e.zone)
        ),
    );
    line(out, &format!("SUMMARY:{}", escape(e.summary)));
    if !e.description.trim().is_empty() {
        line(out, &format!("DESCRIPTION:{}", escape(e.description)));
    }
    if !e.location.trim().is_empty() {
        line(out, &format!("LOCATION:{}", escape(e.location)));
    }
    if !e.url.is_empty() {
        // URI values are not TEXT: no escaping, but no line breaks either.
        line(out, &format!("URL:{}", e.url.replace(['\r', '\n'], "")));
    }
    if !e.organiser.is_empty() {
        line(
            out,
            &format!(
                "ORGANIZER;CN={}:mailto:noreply@sinergi.invalid",
                param(e.organiser)
            ),
        );
    }
    if let Some(a) = attendee {
        line(
            out,
            &format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
                param(a.name),
                mailto(a.email)
            ),
        );
    }
    line(
        out,
        if e.cancelled {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        },
    );
    line(out, "TRANSP:OPAQUE");
    line(out, "END:VEVENT");
}

/// A moment in UTC: `20260604T010000Z`.
fn utc(micros: i64) -> String {
    let ts = jiff::Timestamp::from_microsecond(micros).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    stamp(dt) + "Z"
}

/// A moment as local time in `zone`: `20260604T090000`.
fn local(micros: i64, zone: Zone) -> String {
    let ts = jiff::Timestamp::from_microsecond(micros).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    stamp(jiff::tz::Offset::constant(zone.utc_offset_hours()).to_datetime(ts))
}

fn stamp(dt: jiff::civil::DateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped;
/// other control characters dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// An address in a `mailto:` URI: only the characters an address may
/// hold unescaped (anything else is dropped; addresses were checked before).
fn mailto(email: &str) -> String {
    email
        .chars()
        .filter(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | ',' | ';' | ':'))
        .collect()
}

/// A parameter value: quoted, without the characters a quoted value
/// cannot hold.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// Appends one content line, folded at 75 octets (continuations start
/// with a space), never inside a UTF-8 character, ended with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample<'a>(summary: &'a str, cancelled: bool) -> CalendarEvent<'a> {
        CalendarEvent {
            uid: "event-1@sinergi.example",
            sequence: 2,
            stamp: 1_780_534_800_000_000,
            created: 1_780_000_000_000_000,
            // 4 June 2026 09:00 WITA
            starts_at: 1_780_534_800_000_000,
            ends_at: 1_780_534_800_000_000 + 3 * 3_600_000_000,
            zone: Zone::Wita,
            summary,
            description: "Agenda:\n1. Pembukaan; sambutan, diskusi",
            location: "Denpasar, Bali",
            url: "https://sinergi.example/forums/1",
            organiser: "Kementerian PANRB",
            cancelled,
        }
    }

    #[test]
    fn an_event_in_its_zone_with_its_timezone() {
        let ics = calendar("Sinergi", &[sample("Workshop", false)]);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;TZID=Asia/Makassar:20260604T090000\r\n"));
        assert!(ics.contains("DTEND;TZID=Asia/Makassar:20260604T120000\r\n"));
        assert!(ics.contains("TZID:Asia/Makassar\r\n"));
        assert!(ics.contains("TZOFFSETTO:+0800\r\n"));
        assert!(!ics.contains("Asia/Jakarta"), "only the zones used");
        assert!(ics.contains("DTSTAMP:20260604T010000Z\r\n"));
        assert!(ics.contains("SEQUENCE:2\r\n"));
        assert!(ics.contains("STATUS:CONFIRMED\r\n"));
        assert!(ics.contains("DESCRIPTION:Agenda:\\n1. Pembukaan\\; sambutan\\, diskusi\r\n"));
        let cancelled = calendar("Sinergi", &[sample("Workshop", true)]);
        assert!(cancelled.contains("STATUS:CANCELLED\r\n"));
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let long = "Workshop sinergi kampanye revolusi mental ASN dan reformasi birokrasi bagi Humas Pemda dan Jurnalis — ĕ 日本";
        let ics = calendar("x", &[sample(long, false)]);
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", escape(long))));
    }

    #[test]
    fn an_invitation_asks_and_a_cancellation_cancels() {
        let who = Attendee {
            name: "Sari \"Humas\" Wulandari",
            email: "sari@denpasarkota.go.id",
        };
        let ics = invitation(&sample("Workshop", false), who);
        assert!(ics.contains("METHOD:REQUEST\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(
            "ATTENDEE;CN=\"Sari Humas Wulandari\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:sari@denpasarkota.go.id\r\n"
        ));
        assert!(ics.contains("STATUS:CONFIRMED\r\n"));
        let cancel = invitation(&sample("Workshop", true), who);
        assert!(cancel.contains("METHOD:CANCEL\r\n"));
        assert!(cancel.contains("STATUS:CANCELLED\r\n"));
        assert_eq!(invitation_method(&sample("x", true)), "CANCEL");
    }

    proptest! {
        #[test]
        fn every_line_fits_and_unfolds_to_the_escaped_text(s in "\\PC{0,300}") {
            let ics = calendar("x", &[sample(&s, false)]);
            for l in ics.split("\r\n") {
                prop_assert!(l.len() <= 75);
            }
            let unfolded = ics.replace("\r\n ", "");
            let summary = format!("SUMMARY:{}\r\n", escape(&s));
            prop_assert!(unfolded.contains(&summary));
            prop_assert!(!escape(&s).contains('\n'));
        }
    }
}
