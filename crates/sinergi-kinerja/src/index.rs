//! The 0–100 kinerja index, its grade, ranks among peers and the leap.
//!
//! # The default weighting, and why
//!
//! The index is a weighted mean of component scores, each 0–100. Only
//! components measured for the unit and period count: a component whose
//! source Sinergi does not hold yet, or that has nothing to measure (no
//! items recorded, no targeting campaign), drops out and the remaining
//! weights are renormalised, so a unit is neither rewarded nor punished for
//! what cannot be seen.
//!
//! | component | weight | score | why |
//! | --- | --- | --- | --- |
//! | publication coverage | 25 | share of items published within 14 days | the seed's first ask: what a unit achieves reaches the public (Indeks PIKP process; AMEC output) |
//! | continuity | 20 | share of weeks with a publication | "secara terus menerus": performance that lasts, not a burst |
//! | campaign adoption | 15 | share of targeting campaigns adopted | synergy with the network's agenda, the cascade that Humas is for |
//! | timeliness | 10 | 100 at a median of ≤ 1 day, 0 at ≥ 30, linear between | news that is old is not news; refines coverage |
//! | synergy | 10 | cross-level amplifications (given + received) per release, capped at 1 | "multistakeholders": the network working together |
//! | media pickups | 10 | share of releases with a pickup (credited or confirmed) | the first outtake: a release that no outlet carries did not reach the public through the press |
//! | events | 5 | share of event invitations attended | taking part in the network's forums; an invitation is the only fair denominator (units are invited to different numbers) |
//! | commitments kept | 5 | share of commitments due in the period kept by their due time | a forum is worth its follow-up (rencana tindak lanjut) |
//!
//! Volumes (releases, items, journalists) are shown but do not enter the
//! index: a larger unit would win by size, and the index compares units of
//! very different sizes at the same level.

use serde::Serialize;

use crate::indicators::{Indicator, IndicatorKey, Value, find};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    Coverage,
    Continuity,
    CampaignAdoption,
    Timeliness,
    Synergy,
    MediaPickups,
    Events,
    Commitments,
}

impl Component {
    pub const ALL: [Component; 8] = [
        Component::Coverage,
        Component::Continuity,
        Component::CampaignAdoption,
        Component::Timeliness,
        Component::Synergy,
        Component::MediaPickups,
        Component::Events,
        Component::Commitments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Component::Coverage => "coverage",
            Component::Continuity => "continuity",
            Component::CampaignAdoption => "campaign_adoption",
            Component::Timeliness => "timeliness",
            Component::Synergy => "synergy",
            Component::MediaPickups => "media_pickups",
            Component::Events => "events",
            Component::Commitments => "commitments",
        }
    }

    /// The indicator the component reads.
    pub fn indicator(self) -> IndicatorKey {
        match self {
            Component::Coverage => IndicatorKey::PublicationCoverage,
            Component::Continuity => IndicatorKey::Continuity,
            Component::CampaignAdoption => IndicatorKey::CampaignAdoption,
            Component::Timeliness => IndicatorKey::Timeliness,
            Component::Synergy => IndicatorKey::AmplificationsGiven,
            Component::MediaPickups => IndicatorKey::MediaPickups,
            Component::Events => IndicatorKey::InvitationsAttended,
            Component::Commitments => IndicatorKey::CommitmentsKept,
        }
    }
}

/// Weights per component, in [`Component::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weights(pub [u32; 8]);

impl Default for Weights {
    fn default() -> Weights {
        Weights([25, 20, 15, 10, 10, 10, 5, 5])
    }
}

impl Weights {
    pub fn of(&self, c: Component) -> u32 {
        let i = Component::ALL.iter().position(|x| *x == c).unwrap_or(0);
        self.0[i]
    }
}

/// A component's score, 0–100, or `None` when it is not measured or has
/// nothing to measure.
pub fn score(c: Component, indicators: &[Indicator]) -> Option<f64> {
    let v = find(indicators, c.indicator());
    match c {
        Component::Timeliness => match v {
            Value::Days { days } => Some((100.0 * (30.0 - days) / 29.0).clamp(0.0, 100.0)),
            _ => None,
        },
        Component::Synergy => {
            let n = |k| match find(indicators, k) {
                Value::Count { n } => Some(n),
                _ => None,
            };
            let releases = n(IndicatorKey::ReleasesPublished)?;
            if releases == 0 {
                return None;
            }
            let links =
                n(IndicatorKey::AmplificationsGiven)? + n(IndicatorKey::AmplificationsReceived)?;
            Some((100.0 * links as f64 / releases as f64).min(100.0))
        }
        _ => v.ratio().map(|r| 100.0 * r),
    }
}

/// The index, rounded to one decimal, or `None` when no component is
/// measured.
pub fn index(indicators: &[Indicator], weights: &Weights) -> Option<f64> {
    let mut sum = 0.0;
    let mut total = 0u32;
    for c in Component::ALL {
        let w = weights.of(c);
        if w == 0 {
            continue;
        }
        if let Some(s) = score(c, indicators) {
            sum += f64::from(w) * s;
            total += w;
        }
    }
    (total > 0).then(|| (sum / f64::from(total) * 10.0).round() / 10.0)
}

/// Grade bands named for kinerja after Komisi Informasi's monitoring
/// (Informatif, Menuju Informatif, Cukup, Kurang, Tidak Informatif).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 90–100: "Unggul".
    Outstanding,
    /// 80–89.9: "Menuju Unggul".
    NearlyOutstanding,
    /// 60–79.9: "Cukup Berkinerja".
    Adequate,
    /// 40–59.9: "Kurang Berkinerja".
    Weak,
    /// Below 40: "Belum Berkinerja".
    NotYet,
}

impl Grade {
    pub fn of(index: f64) -> Grade {
        if index >= 90.0 {
            Grade::Outstanding
        } else if index >= 80.0 {
            Grade::NearlyOutstanding
        } else if index >= 60.0 {
            Grade::Adequate
        } else if index >= 40.0 {
            Grade::Weak
        } else {
            Grade::NotYet
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Outstanding => "outstanding",
            Grade::NearlyOutstanding => "nearly_outstanding",
            Grade::Adequate => "adequate",
            Grade::Weak => "weak",
            Grade::NotYet => "not_yet",
        }
    }
}

/// Competition ranks (1, 2, 2, 4) by index, highest first; units without
/// an index are not ranked. Returns ranks in the input's order.
pub fn ranks(indices: &[Option<f64>]) -> Vec<Option<u32>> {
    indices
        .iter()
        .map(|me| {
            me.map(|me| 1 + indices.iter().filter(|o| o.is_some_and(|o| o > me)).count() as u32)
        })
        .collect()
}

/// The change against the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Leap {
    /// Index points gained (negative: lost).
    pub index: Option<f64>,
    /// Places climbed (negative: fell).
    pub rank: Option<i64>,
}

pub fn leap(
    index_now: Option<f64>,
    index_before: Option<f64>,
    rank_now: Option<u32>,
    rank_before: Option<u32>,
) -> Leap {
    Leap {
        index: index_now
            .zip(index_before)
            .map(|(a, b)| ((a - b) * 10.0).round() / 10.0),
        rank: rank_now
            .zip(rank_before)
            .map(|(a, b)| i64::from(b) - i64::from(a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Counts, Metric};
    use crate::indicators::{CampaignFigures, Inputs, compute};
    use crate::period::{Day, Period};

    #[test]
    fn only_measured_components_count() {
        let nov: Period = "2026-11".parse().unwrap();
        let (a, b) = nov.days();
        let mut c = Counts::default();
        // A publication every day: continuity 100; nothing else measured
        // but synergy (0 links per release).
        for d in a.0..b.0 {
            c.add(Metric::Releases, Day(d), 1);
        }
        let inds = compute(&Inputs {
            counts: &c,
            period: nov,
            today: Day(b.0 + 5),
            campaigns: CampaignFigures::default(),
            journalists: 0,
            outlets: None,
            reached: None,
        });
        let w = Weights::default();
        assert_eq!(score(Component::Coverage, &inds), None);
        assert_eq!(score(Component::Continuity, &inds), Some(100.0));
        assert_eq!(score(Component::Synergy, &inds), Some(0.0));
        // (20 × 100 + 10 × 0) / 30
        assert_eq!(index(&inds, &w), Some(66.7));
        // With a campaign adopted, 15 more points of weight at 100.
        let inds = compute(&Inputs {
            counts: &c,
            period: nov,
            today: Day(b.0 + 5),
            campaigns: CampaignFigures {
                targeted: 1,
                adopted: 1,
                with_sub_units: 0,
                cascaded: 0,
            },
            journalists: 0,
            outlets: None,
            reached: None,
        });
        assert_eq!(index(&inds, &w), Some(77.8));
        assert_eq!(index(&inds, &Weights([0; 8])), None);
    }

    #[test]
    fn grades_follow_the_bands() {
        assert_eq!(Grade::of(100.0), Grade::Outstanding);
        assert_eq!(Grade::of(90.0), Grade::Outstanding);
        assert_eq!(Grade::of(89.9), Grade::NearlyOutstanding);
        assert_eq!(Grade::of(80.0), Grade::NearlyOutstanding);
        assert_eq!(Grade::of(79.9), Grade::Adequate);
        assert_eq!(Grade::of(60.0), Grade::Adequate);
        assert_eq!(Grade::of(59.9), Grade::Weak);
        assert_eq!(Grade::of(40.0), Grade::Weak);
        assert_eq!(Grade::of(39.9), Grade::NotYet);
        assert_eq!(Grade::of(0.0), Grade::NotYet);
    }

    #[test]
    fn ranks_and_leaps() {
        let r = ranks(&[Some(50.0), Some(70.0), None, Some(70.0), Some(10.0)]);
        assert_eq!(r, vec![Some(3), Some(1), None, Some(1), Some(4)]);
        let l = leap(Some(70.0), Some(52.5), Some(1), Some(3));
        assert_eq!(l.index, Some(17.5));
        assert_eq!(l.rank, Some(2));
        assert_eq!(leap(Some(1.0), None, Some(1), None).rank, None);
    }
}
