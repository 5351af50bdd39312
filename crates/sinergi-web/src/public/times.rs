//! Machine-readable times in a unit's zone: RFC 3339 for Atom, JSON Feed,
//! sitemaps and open data; RFC 822 (as RFC 2822 writes it) for RSS. Both
//! carry the zone's offset (`+07:00` WIB, `+08:00` WITA, `+09:00` WIT), so a
//! reader in Jayapura sees the time the unit wrote.

use jiff::Timestamp;
use jiff::tz::Offset;
use sinergi_domain::Zone;

fn timestamp(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The local wall time in `zone`. The three zones have had fixed offsets
/// since 1988, so no time zone database is needed.
fn local(micros: i64, zone: Zone) -> jiff::civil::DateTime {
    Offset::constant(zone.utc_offset_hours()).to_datetime(timestamp(micros))
}

/// `2026-11-29T10:00:00+08:00`, to the second.
pub fn rfc3339(micros: i64, zone: Zone) -> String {
    format!(
        "{}+{:02}:00",
        local(micros, zone).strftime("%Y-%m-%dT%H:%M:%S"),
        zone.utc_offset_hours()
    )
}

/// `Sun, 29 Nov 2026 10:00:00 +0800`.
pub fn rfc822(micros: i64, zone: Zone) -> String {
    format!(
        "{} +{:02}00",
        local(micros, zone).strftime("%a, %d %b %Y %H:%M:%S"),
        zone.utc_offset_hours()
    )
}

/// An HTTP date (`Sun, 29 Nov 2026 02:00:00 GMT`), to the second.
pub fn http_date(micros: i64) -> String {
    timestamp(micros)
        .strftime("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// Parses an HTTP date (IMF-fixdate) into microseconds.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let dt = jiff::civil::DateTime::strptime("%a, %d %b %Y %H:%M:%S GMT", s.trim()).ok()?;
    Offset::UTC
        .to_timestamp(dt)
        .ok()
        .map(|t| t.as_microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-29 02:00:00 UTC.
    const T: i64 = 1_795_917_600_000_000;

    #[test]
    fn times_carry_the_units_offset() {
        assert_eq!(rfc3339(T, Zone::Wita), "2026-11-29T10:00:00+08:00");
        assert_eq!(rfc3339(T, Zone::Wib), "2026-11-29T09:00:00+07:00");
        assert_eq!(rfc822(T, Zone::Wit), "Sun, 29 Nov 2026 11:00:00 +0900");
    }

    #[test]
    fn http_dates_round_trip_to_the_second() {
        let s = http_date(T + 123_456);
        assert_eq!(s, "Sun, 29 Nov 2026 02:00:00 GMT");
        assert_eq!(parse_http_date(&s), Some(T));
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
