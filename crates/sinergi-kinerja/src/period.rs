//! Days and periods. A day is a local calendar day in the unit's zone
//! (Indonesia keeps no daylight saving, so the offset is fixed): periods
//! close at midnight where the unit is.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use sinergi_domain::Zone;

/// Days since 1970-01-01 (a Thursday), local to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day(pub i32);

const MICROS_PER_DAY: i64 = 86_400_000_000;

impl Day {
    /// The local day of an instant (microseconds since the epoch, UTC).
    pub fn of_instant(utc_micros: i64, zone: Zone) -> Day {
        let local = utc_micros + i64::from(zone.utc_offset_hours()) * 3_600_000_000;
        Day(i32::try_from(local.div_euclid(MICROS_PER_DAY)).unwrap_or(i32::MAX))
    }

    /// `YYYY-MM-DD`, as register items keep their date.
    pub fn parse_date(s: &str) -> Option<Day> {
        let mut parts = s.splitn(3, '-');
        let y: i32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Day::from_civil(y, m, d))
    }

    /// Howard Hinnant's `days_from_civil`.
    pub fn from_civil(y: i32, m: u32, d: u32) -> Day {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = m as i32;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    /// The calendar date of this day (Hinnant's `civil_from_days`).
    pub fn civil(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The Monday-started week this day falls in (1970-01-01 was a Thursday).
    pub fn week(self) -> i32 {
        (self.0 + 3).div_euclid(7)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 3] = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

impl FromStr for PeriodKind {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "month" => Ok(PeriodKind::Month),
            "quarter" => Ok(PeriodKind::Quarter),
            "year" => Ok(PeriodKind::Year),
            _ => Err(PeriodError(s.to_owned())),
        }
    }
}

/// A reporting period: `2026-11`, `2026-Q4` or `2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a period: write 2026-11 (a month), 2026-Q4 (a quarter) or 2026 (a year)")]
pub struct PeriodError(pub String);

impl Period {
    /// The period of `kind` that holds `day`.
    pub fn containing(kind: PeriodKind, day: Day) -> Period {
        let (year, month, _) = day.civil();
        match kind {
            PeriodKind::Month => Period::Month { year, month },
            PeriodKind::Quarter => Period::Quarter {
                year,
                quarter: (month - 1) / 3 + 1,
            },
            PeriodKind::Year => Period::Year { year },
        }
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Year { .. } => PeriodKind::Year,
        }
    }

    /// First day, and the day after the last.
    pub fn days(self) -> (Day, Day) {
        match self {
            Period::Month { year, month } => (
                Day::from_civil(year, month, 1),
                if month == 12 {
                    Day::from_civil(year + 1, 1, 1)
                } else {
                    Day::from_civil(year, month + 1, 1)
                },
            ),
            Period::Quarter { year, quarter } => {
                let first = (quarter - 1) * 3 + 1;
                (
                    Day::from_civil(year, first, 1),
                    if quarter == 4 {
                        Day::from_civil(year + 1, 1, 1)
                    } else {
                        Day::from_civil(year, first + 3, 1)
                    },
                )
            }
            Period::Year { year } => (Day::from_civil(year, 1, 1), Day::from_civil(year + 1, 1, 1)),
        }
    }

    pub fn contains(self, day: Day) -> bool {
        let (a, b) = self.days();
        a <= day && day < b
    }

    pub fn previous(self) -> Period {
        let (start, _) = self.days();
        Period::containing(self.kind(), Day(start.0 - 1))
    }

    pub fn next(self) -> Period {
        let (_, end) = self.days();
        Period::containing(self.kind(), end)
    }

    /// The `n` periods ending with this one, oldest first.
    pub fn trailing(self, n: usize) -> Vec<Period> {
        let mut out = vec![self];
        while out.len() < n {
            let prev = out[out.len() - 1].previous();
            out.push(prev);
        }
        out.reverse();
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year { year } => write!(f, "{year:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Period, PeriodError> {
        let bad = || PeriodError(s.to_owned());
        let year_of = |y: &str| -> Result<i32, PeriodError> {
            if y.len() != 4 {
                return Err(bad());
            }
            y.parse().map_err(|_| bad())
        };
        match s.split_once('-') {
            None => Ok(Period::Year { year: year_of(s)? }),
            Some((y, rest)) => {
                let year = year_of(y)?;
                if let Some(q) = rest.strip_prefix('Q') {
                    let quarter: u32 = q.parse().map_err(|_| bad())?;
                    if !(1..=4).contains(&quarter) || q.len() != 1 {
                        return Err(bad());
                    }
                    Ok(Period::Quarter { year, quarter })
                } else {
                    let month: u32 = rest.parse().map_err(|_| bad())?;
                    if !(1..=12).contains(&month) || rest.len() != 2 {
                        return Err(bad());
                    }
                    Ok(Period::Month { year, month })
                }
            }
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_day_closes_at_local_midnight() {
        // 2026-11-30 16:30 UTC is 23:30 in Jakarta but 00:30 next day in Makassar.
        let micros = (Day::from_civil(2026, 11, 30).0 as i64) * MICROS_PER_DAY
            + (16 * 3600 + 30 * 60) * 1_000_000;
        assert_eq!(Day::of_instant(micros, Zone::Wib).to_string(), "2026-11-30");
        assert_eq!(
            Day::of_instant(micros, Zone::Wita).to_string(),
            "2026-12-01"
        );
        let nov = "2026-11".parse::<Period>().unwrap();
        assert!(nov.contains(Day::of_instant(micros, Zone::Wib)));
        assert!(!nov.contains(Day::of_instant(micros, Zone::Wita)));
    }

    #[test]
    fn periods_parse_print_and_step() {
        for s in ["2026-11", "2026-Q4", "2026", "2024-02", "2025-Q1"] {
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        for bad in ["2026-13", "2026-Q5", "26", "2026-1", "x", "2026-Q12"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        let q1: Period = "2026-Q1".parse().unwrap();
        assert_eq!(q1.previous().to_string(), "2025-Q4");
        assert_eq!(q1.next().to_string(), "2026-Q2");
        let (a, b) = "2024-02".parse::<Period>().unwrap().days();
        assert_eq!(b.0 - a.0, 29);
        assert_eq!(Day::from_civil(1970, 1, 1), Day(0));
        assert_eq!(Day(0).week(), Day(-3).week()); // Monday 1969-12-29
        assert_ne!(Day(3).week(), Day(4).week()); // Sunday, then Monday
    }

    proptest! {
        #[test]
        fn civil_round_trips(d in -100_000i32..100_000) {
            let (y, m, dd) = Day(d).civil();
            prop_assert_eq!(Day::from_civil(y, m, dd), Day(d));
        }

        #[test]
        fn dates_round_trip(d in 0i32..100_000) {
            prop_assert_eq!(Day::parse_date(&Day(d).to_string()), Some(Day(d)));
        }

        #[test]
        fn every_day_is_in_exactly_one_period_of_each_kind(d in -10_000i32..40_000) {
            for kind in PeriodKind::ALL {
                let p = Period::containing(kind, Day(d));
                prop_assert!(p.contains(Day(d)));
                prop_assert!(!p.previous().contains(Day(d)));
                prop_assert!(!p.next().contains(Day(d)));
                prop_assert_eq!(p.previous().days().1, p.days().0);
            }
        }
    }
}
