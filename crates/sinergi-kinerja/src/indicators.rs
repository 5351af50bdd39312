//! The indicators of a unit (or subtree) for a period, from its day
//! counters and the two figures read elsewhere (campaign targets and
//! accreditations, and the distinct outlets and journalists reached). An
//! indicator whose source Sinergi does not hold yet is present and
//! [`Value::NotMeasured`], never zero.

use serde::Serialize;

use crate::facts::{COVERAGE_DAYS, Counts, Metric};
use crate::period::{Day, Period};

/// Stage of AMEC's Integrated Evaluation Framework (2016).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmecStage {
    Activities,
    Outputs,
    Outtakes,
    Outcomes,
}

/// Dimension of Kominfo's Indeks Pengelolaan Informasi dan Komunikasi
/// Publik (PIKP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PikpDimension {
    Input,
    Process,
    Output,
    Outcome,
}

impl AmecStage {
    pub fn as_str(self) -> &'static str {
        match self {
            AmecStage::Activities => "activities",
            AmecStage::Outputs => "outputs",
            AmecStage::Outtakes => "outtakes",
            AmecStage::Outcomes => "outcomes",
        }
    }
}

impl PikpDimension {
    pub fn as_str(self) -> &'static str {
        match self {
            PikpDimension::Input => "input",
            PikpDimension::Process => "process",
            PikpDimension::Output => "output",
            PikpDimension::Outcome => "outcome",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKey {
    ReleasesPublished,
    AchievementsRecorded,
    InnovationsRecorded,
    PublicationCoverage,
    PublicationGap,
    Timeliness,
    Continuity,
    LongestSilence,
    CampaignAdoption,
    CascadeShare,
    AmplificationsGiven,
    AmplificationsReceived,
    JournalistsAccredited,
    EventsHeld,
    EventsAttended,
    InvitationsAttended,
    CommitmentsKept,
    MediaPickups,
    OutletsReached,
    ArticlesPerRelease,
    JournalistsReached,
}

impl IndicatorKey {
    pub const ALL: [IndicatorKey; 21] = [
        IndicatorKey::ReleasesPublished,
        IndicatorKey::AchievementsRecorded,
        IndicatorKey::InnovationsRecorded,
        IndicatorKey::PublicationCoverage,
        IndicatorKey::PublicationGap,
        IndicatorKey::Timeliness,
        IndicatorKey::Continuity,
        IndicatorKey::LongestSilence,
        IndicatorKey::CampaignAdoption,
        IndicatorKey::CascadeShare,
        IndicatorKey::AmplificationsGiven,
        IndicatorKey::AmplificationsReceived,
        IndicatorKey::JournalistsAccredited,
        IndicatorKey::EventsHeld,
        IndicatorKey::EventsAttended,
        IndicatorKey::InvitationsAttended,
        IndicatorKey::CommitmentsKept,
        IndicatorKey::MediaPickups,
        IndicatorKey::OutletsReached,
        IndicatorKey::ArticlesPerRelease,
        IndicatorKey::JournalistsReached,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKey::ReleasesPublished => "releases_published",
            IndicatorKey::AchievementsRecorded => "achievements_recorded",
            IndicatorKey::InnovationsRecorded => "innovations_recorded",
            IndicatorKey::PublicationCoverage => "publication_coverage",
            IndicatorKey::PublicationGap => "publication_gap",
            IndicatorKey::Timeliness => "timeliness",
            IndicatorKey::Continuity => "continuity",
            IndicatorKey::LongestSilence => "longest_silence",
            IndicatorKey::CampaignAdoption => "campaign_adoption",
            IndicatorKey::CascadeShare => "cascade_share",
            IndicatorKey::AmplificationsGiven => "amplifications_given",
            IndicatorKey::AmplificationsReceived => "amplifications_received",
            IndicatorKey::JournalistsAccredited => "journalists_accredited",
            IndicatorKey::EventsHeld => "events_held",
            IndicatorKey::EventsAttended => "events_attended",
            IndicatorKey::InvitationsAttended => "invitations_attended",
            IndicatorKey::CommitmentsKept => "commitments_kept",
            IndicatorKey::MediaPickups => "media_pickups",
            IndicatorKey::OutletsReached => "outlets_reached",
            IndicatorKey::ArticlesPerRelease => "articles_per_release",
            IndicatorKey::JournalistsReached => "journalists_reached",
        }
    }

    pub fn amec(self) -> AmecStage {
        use IndicatorKey::*;
        match self {
            ReleasesPublished | AchievementsRecorded | InnovationsRecorded | EventsHeld
            | EventsAttended => AmecStage::Activities,
            PublicationCoverage | PublicationGap | Timeliness | Continuity | LongestSilence
            | CampaignAdoption | CascadeShare | AmplificationsGiven | InvitationsAttended => {
                AmecStage::Outputs
            }
            MediaPickups
            | OutletsReached
            | ArticlesPerRelease
            | JournalistsReached
            | AmplificationsReceived => AmecStage::Outtakes,
            JournalistsAccredited | CommitmentsKept => AmecStage::Outcomes,
        }
    }

    pub fn pikp(self) -> PikpDimension {
        use IndicatorKey::*;
        match self {
            AchievementsRecorded | InnovationsRecorded | JournalistsAccredited => {
                PikpDimension::Input
            }
            PublicationCoverage | PublicationGap | Timeliness | Continuity | LongestSilence
            | CampaignAdoption | CascadeShare | EventsHeld | EventsAttended
            | InvitationsAttended => PikpDimension::Process,
            ReleasesPublished | AmplificationsGiven | AmplificationsReceived => {
                PikpDimension::Output
            }
            MediaPickups | OutletsReached | ArticlesPerRelease | JournalistsReached
            | CommitmentsKept => PikpDimension::Outcome,
        }
    }

    /// Public indicators are shown to everyone; the rest (built on the
    /// register, which is internal, on accreditations, on events and
    /// commitments, some of which are internal, and on the contact base)
    /// to staff with rights on the unit.
    pub fn public(self) -> bool {
        use IndicatorKey::*;
        !matches!(
            self,
            AchievementsRecorded
                | InnovationsRecorded
                | PublicationCoverage
                | PublicationGap
                | Timeliness
                | JournalistsAccredited
                | EventsHeld
                | EventsAttended
                | InvitationsAttended
                | CommitmentsKept
                | JournalistsReached
        )
    }
}

/// An indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    Count {
        n: i64,
    },
    /// `part` of `whole`; `whole` is never zero.
    Share {
        part: i64,
        whole: i64,
    },
    Days {
        days: f64,
    },
    /// `n` per one of `of` (articles per release); `of` is never zero.
    Rate {
        n: i64,
        of: i64,
    },
    /// Measured, but nothing to measure in this period (no items, no
    /// targeting campaign, no publication).
    NoData,
    /// Sinergi does not hold the source yet ("belum diukur").
    NotMeasured,
}

impl Value {
    fn share(part: i64, whole: i64) -> Value {
        if whole == 0 {
            Value::NoData
        } else {
            Value::Share { part, whole }
        }
    }

    /// A share as a fraction of one.
    pub fn ratio(self) -> Option<f64> {
        match self {
            Value::Share { part, whole } => Some(part as f64 / whole as f64),
            _ => None,
        }
    }

    /// A number for charts and exports (shares in percent).
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Count { n } => Some(n as f64),
            Value::Share { part, whole } => Some(100.0 * part as f64 / whole as f64),
            Value::Days { days } => Some(days),
            Value::Rate { n, of } => Some(n as f64 / of as f64),
            Value::NoData | Value::NotMeasured => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indicator {
    pub key: IndicatorKey,
    pub value: Value,
    pub amec: AmecStage,
    pub pikp: PikpDimension,
    pub public: bool,
}

/// Campaign targets of the unit (or, for a subtree, of every unit in it)
/// whose campaign runs in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CampaignFigures {
    pub targeted: i64,
    pub adopted: i64,
    /// Targets with targeted sub-units.
    pub with_sub_units: i64,
    pub cascaded: i64,
}

impl CampaignFigures {
    pub fn fold(&mut self, o: &CampaignFigures) {
        self.targeted += o.targeted;
        self.adopted += o.adopted;
        self.with_sub_units += o.with_sub_units;
        self.cascaded += o.cascaded;
    }
}

/// Everything indicators are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub counts: &'a Counts,
    pub period: Period,
    /// Today in the unit's zone: a period still running is measured up to
    /// today, and coverage waits for an item's window to close.
    pub today: Day,
    pub campaigns: CampaignFigures,
    pub journalists: i64,
    /// Distinct outlets whose articles reported on the period's releases;
    /// `None` when the network monitors no media at all (then pickups are
    /// not measured either).
    pub outlets: Option<i64>,
    /// Distinct journalists a release e-mail reached in the period; `None`
    /// when no release was ever sent by e-mail.
    pub reached: Option<i64>,
}

/// The part of the period measured so far: `[start, min(end, today + 1))`.
pub fn elapsed(period: Period, today: Day) -> (Day, Day) {
    let (a, b) = period.days();
    (a, b.min(Day(today.0 + 1)).max(a))
}

/// The median of delay buckets (days), the mean of the two middle values
/// for an even count.
pub fn median(buckets: &std::collections::BTreeMap<u16, i64>) -> Option<f64> {
    let total: i64 = buckets.values().sum();
    if total <= 0 {
        return None;
    }
    let at = |k: i64| -> f64 {
        let mut seen = 0;
        for (d, n) in buckets {
            seen += n;
            if seen > k {
                return f64::from(*d);
            }
        }
        0.0
    };
    Some(if total % 2 == 1 {
        at(total / 2)
    } else {
        (at(total / 2 - 1) + at(total / 2)) / 2.0
    })
}

pub fn compute(i: &Inputs<'_>) -> Vec<Indicator> {
    let (from, to) = elapsed(i.period, i.today);
    let c = i.counts;
    let releases = c.sum(Metric::Releases, from, to);
    let achievements = c.sum(Metric::Achievements, from, to);
    let innovations = c.sum(Metric::Innovations, from, to);
    // An item's window closes 14 days after it is recorded: items from the
    // last 14 days count once they are published, and wait otherwise.
    let closed = Day((to.0 - COVERAGE_DAYS as i32).max(from.0));
    let recorded_closed =
        c.sum(Metric::Achievements, from, closed) + c.sum(Metric::Innovations, from, closed);
    let covered = c.sum(Metric::Covered, from, to);
    let covered_open = c.sum(Metric::Covered, closed, to);
    let due = recorded_closed + covered_open;

    let mut weeks_total = 0i64;
    let mut weeks_with = 0i64;
    let mut longest = 0i64;
    if from < to {
        let published: std::collections::BTreeSet<Day> = c
            .days(Metric::Releases, from, to)
            .filter(|(_, n)| *n > 0)
            .map(|(d, _)| d)
            .collect();
        let weeks: std::collections::BTreeSet<i32> = published.iter().map(|d| d.week()).collect();
        weeks_total = i64::from(Day(to.0 - 1).week() - from.week() + 1);
        weeks_with = weeks.len() as i64;
        let mut last = from.0 - 1;
        for d in published.iter().chain(std::iter::once(&to)) {
            longest = longest.max(i64::from(d.0 - last - 1));
            last = d.0;
        }
    }
    let delay = median(&c.delays(from, to));

    IndicatorKey::ALL
        .iter()
        .map(|&key| {
            use IndicatorKey::*;
            let value = match key {
                ReleasesPublished => Value::Count { n: releases },
                AchievementsRecorded => Value::Count { n: achievements },
                InnovationsRecorded => Value::Count { n: innovations },
                PublicationCoverage => Value::share(covered.min(due), due),
                PublicationGap => Value::share(due - covered.min(due), due),
                Timeliness => delay.map_or(Value::NoData, |days| Value::Days { days }),
                Continuity => Value::share(weeks_with, weeks_total),
                LongestSilence => {
                    if from < to {
                        Value::Days {
                            days: longest as f64,
                        }
                    } else {
                        Value::NoData
                    }
                }
                CampaignAdoption => Value::share(i.campaigns.adopted, i.campaigns.targeted),
                CascadeShare => Value::share(i.campaigns.cascaded, i.campaigns.with_sub_units),
                AmplificationsGiven => Value::Count {
                    n: c.sum(Metric::AmplificationsGiven, from, to),
                },
                AmplificationsReceived => Value::Count {
                    n: c.sum(Metric::AmplificationsReceived, from, to),
                },
                JournalistsAccredited => Value::Count { n: i.journalists },
                EventsHeld => Value::Count {
                    n: c.sum(Metric::EventsHeld, from, to),
                },
                EventsAttended => Value::Count {
                    n: c.sum(Metric::EventsAttended, from, to),
                },
                InvitationsAttended => Value::share(
                    c.sum(Metric::AttendedInvited, from, to),
                    c.sum(Metric::Invited, from, to),
                ),
                CommitmentsKept => Value::share(
                    c.sum(Metric::CommitmentsKept, from, to),
                    c.sum(Metric::CommitmentsDue, from, to),
                ),
                MediaPickups if i.outlets.is_none() => Value::NotMeasured,
                MediaPickups => Value::share(c.sum(Metric::PickedUp, from, to), releases),
                OutletsReached => i.outlets.map_or(Value::NotMeasured, |n| Value::Count { n }),
                ArticlesPerRelease => {
                    if i.outlets.is_none() {
                        Value::NotMeasured
                    } else if releases == 0 {
                        Value::NoData
                    } else {
                        Value::Rate {
                            n: c.sum(Metric::Articles, from, to),
                            of: releases,
                        }
                    }
                }
                JournalistsReached => i.reached.map_or(Value::NotMeasured, |n| Value::Count { n }),
            };
            Indicator {
                key,
                value,
                amec: key.amec(),
                pikp: key.pikp(),
                public: key.public(),
            }
        })
        .collect()
}

pub fn find(indicators: &[Indicator], key: IndicatorKey) -> Value {
    indicators
        .iter()
        .find(|i| i.key == key)
        .map_or(Value::NotMeasured, |i| i.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(rows: &[(Metric, i32, i64)]) -> Counts {
        let mut c = Counts::default();
        for (m, d, n) in rows {
            c.add(*m, Day(*d), *n);
        }
        c
    }

    #[test]
    fn continuity_and_silence_in_a_closed_month() {
        let nov: Period = "2026-11".parse().unwrap();
        let (a, _) = nov.days(); // 2026-11-01, a Sunday
        let c = counts(&[
            (Metric::Releases, a.0, 2),      // week of Oct 26
            (Metric::Releases, a.0 + 10, 1), // Nov 11
        ]);
        let inds = compute(&Inputs {
            counts: &c,
            period: nov,
            today: Day(a.0 + 100),
            campaigns: CampaignFigures::default(),
            journalists: 0,
            outlets: Some(0),
            reached: None,
        });
        assert_eq!(
            find(&inds, IndicatorKey::ReleasesPublished),
            Value::Count { n: 3 }
        );
        // Weeks touching November 2026: Oct 26, Nov 2, 9, 16, 23, 30 = 6.
        assert_eq!(
            find(&inds, IndicatorKey::Continuity),
            Value::Share { part: 2, whole: 6 }
        );
        // Nov 12 to Nov 30: 19 silent days.
        assert_eq!(
            find(&inds, IndicatorKey::LongestSilence),
            Value::Days { days: 19.0 }
        );
        assert_eq!(find(&inds, IndicatorKey::CampaignAdoption), Value::NoData);
        assert_eq!(
            find(&inds, IndicatorKey::MediaPickups),
            Value::Share { part: 0, whole: 3 }
        );
        assert_eq!(
            find(&inds, IndicatorKey::CommitmentsKept),
            Value::NoData,
            "nothing due"
        );
    }

    #[test]
    fn coverage_waits_for_the_window() {
        let nov: Period = "2026-11".parse().unwrap();
        let (a, _) = nov.days();
        let c = counts(&[
            (Metric::Achievements, a.0, 2),
            (Metric::Covered, a.0, 1),
            (Metric::Innovations, a.0 + 20, 1), // open window, unpublished: waits
            (Metric::Achievements, a.0 + 21, 1),
            (Metric::Covered, a.0 + 21, 1), // open window, published: counts
        ]);
        let inds = compute(&Inputs {
            counts: &c,
            period: nov,
            today: Day(a.0 + 25),
            campaigns: CampaignFigures::default(),
            journalists: 3,
            outlets: Some(0),
            reached: None,
        });
        assert_eq!(
            find(&inds, IndicatorKey::PublicationCoverage),
            Value::Share { part: 2, whole: 3 }
        );
        assert_eq!(
            find(&inds, IndicatorKey::PublicationGap),
            Value::Share { part: 1, whole: 3 }
        );
        assert_eq!(
            find(&inds, IndicatorKey::JournalistsAccredited),
            Value::Count { n: 3 }
        );
    }

    #[test]
    fn median_of_buckets() {
        let b = |v: &[(u16, i64)]| v.iter().copied().collect();
        assert_eq!(median(&b(&[])), None);
        assert_eq!(median(&b(&[(3, 1)])), Some(3.0));
        assert_eq!(median(&b(&[(1, 1), (5, 1)])), Some(3.0));
        assert_eq!(median(&b(&[(1, 2), (9, 1)])), Some(1.0));
    }

    #[test]
    fn every_indicator_has_its_stage_and_dimension() {
        let inds = compute(&Inputs {
            counts: &Counts::default(),
            period: "2026".parse().unwrap(),
            today: Day(0),
            campaigns: CampaignFigures::default(),
            journalists: 0,
            outlets: Some(0),
            reached: None,
        });
        assert_eq!(inds.len(), IndicatorKey::ALL.len());
        // A period that has not started measures nothing yet.
        assert_eq!(find(&inds, IndicatorKey::Continuity), Value::NoData);
    }
}
