//! A campaign's statuses from scratch: which units are its targets, and for
//! each target its nearest targeted ancestor, its first adoption, its
//! counters and whether it is cascaded, with the figures per level and per
//! day that the dashboard reads. The store loads the units and adoptions and
//! writes what differs; the rule is here, pure, and says the same as the
//! incremental step ([`StatusTree::set_adopted`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rules::effective_scope;
use super::scope::{Depth, TargetScope};
use super::status::{StatusTree, UnitCounters, ancestors, is_cascaded};
use crate::UnitCode;

/// Western Indonesian days: a day number for a time in microseconds. The
/// dashboard's daily series counts adoptions by it.
pub fn wib_day(at: i64) -> i64 {
    const OFFSET: i64 = 7 * 3_600_000_000;
    (at + OFFSET).div_euclid(86_400_000_000)
}

/// The units among `units` that a campaign owned by `owner`, with `scope`,
/// cascading to `depth`, targets; in the order given.
pub fn select_targets(
    owner: &UnitCode,
    scope: &TargetScope,
    depth: Depth,
    units: impl IntoIterator<Item = UnitCode>,
) -> Vec<UnitCode> {
    let scope = effective_scope(owner, owner.level(), scope);
    units
        .into_iter()
        .filter(|code| scope.targets(code, code.level(), depth))
        .collect()
}

/// A unit's first qualifying adoption: the earliest public release, by
/// public time and then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstAdoption {
    pub public_at: i64,
    pub release_id: i64,
}

/// One target as the status projection keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    pub code: UnitCode,
    /// The nearest targeted ancestor: where the tree shows the target.
    pub parent: Option<UnitCode>,
    pub level_rank: i64,
    pub adoption: Option<FirstAdoption>,
    pub cascaded: bool,
    pub counters: UnitCounters,
}

impl TargetStatus {
    pub fn adopted(&self) -> bool {
        self.adoption.is_some()
    }
}

/// Targets, adopted and cascaded targets: of one level, or of them all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub targets: i64,
    pub adopted: i64,
    pub cascaded: i64,
}

impl Figures {
    fn add(&mut self, t: &TargetStatus) {
        self.targets += 1;
        self.adopted += i64::from(t.adopted());
        self.cascaded += i64::from(t.cascaded);
    }
}

/// Every target's status and the figures kept from them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignStatuses {
    /// In code order.
    pub targets: Vec<TargetStatus>,
    /// By level rank.
    pub levels: BTreeMap<i64, Figures>,
    /// Targets whose first adoption fell on a day, by (level rank, WIB day).
    pub daily: BTreeMap<(i64, i64), i64>,
    pub totals: Figures,
}

impl CampaignStatuses {
    /// Computes every status of the campaign's `targets` at cascade `share`
    /// percent; `adoption_of` gives a unit's first adoption, if any.
    pub fn compute(
        targets: &[UnitCode],
        adoption_of: impl Fn(&UnitCode) -> Option<FirstAdoption>,
        share: i64,
    ) -> CampaignStatuses {
        let tree = StatusTree::build(
            targets
                .iter()
                .map(|t| (t.clone(), adoption_of(t).is_some())),
        );
        let mut out = CampaignStatuses {
            targets: Vec::with_capacity(tree.len()),
            ..CampaignStatuses::default()
        };
        for (code, adopted, counters) in tree.iter() {
            let adoption = adoption_of(code);
            let level_rank = code.level().rank();
            let status = TargetStatus {
                parent: ancestors(code).into_iter().find(|a| tree.get(a).is_some()),
                level_rank,
                adoption,
                cascaded: is_cascaded(adopted, counters, share),
                counters,
                code: code.clone(),
            };
            out.levels.entry(level_rank).or_default().add(&status);
            out.totals.add(&status);
            if let Some(a) = adoption {
                *out.daily
                    .entry((level_rank, wib_day(a.public_at)))
                    .or_default() += 1;
            }
            out.targets.push(status);
        }
        out
    }

    /// The targets whose adoption differs from what `was_adopted` says it
    /// was, for the campaign's history.
    pub fn adoption_changes<'a>(
        &'a self,
        was_adopted: impl Fn(&UnitCode) -> bool + 'a,
    ) -> impl Iterator<Item = &'a TargetStatus> + 'a {
        self.targets
            .iter()
            .filter(move |t| was_adopted(&t.code) != t.adopted())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use proptest::prelude::*;

    use super::*;
    use crate::Level;
    use crate::campaign::Status;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn adopt(at: i64, release: i64) -> FirstAdoption {
        FirstAdoption {
            public_at: at,
            release_id: release,
        }
    }

    const DAY: i64 = 86_400_000_000;

    #[test]
    fn a_province_cascades_when_its_share_of_targets_below_adopted() {
        let targets: Vec<UnitCode> = ["35", "35.07", "35.07.01", "35.08", "36"]
            .into_iter()
            .map(code)
            .collect();
        let adoptions: HashMap<UnitCode, FirstAdoption> = [
            (code("35"), adopt(DAY, 1)),
            (code("35.07"), adopt(2 * DAY, 2)),
            (code("35.07.01"), adopt(2 * DAY + 1, 3)),
            // Not a target: counted nowhere.
            (code("37"), adopt(DAY, 4)),
        ]
        .into();
        let s = CampaignStatuses::compute(&targets, |c| adoptions.get(c).copied(), 50);
        let by = |c: &str| s.targets.iter().find(|t| t.code.as_str() == c).unwrap();

        assert_eq!(
            s.targets
                .iter()
                .map(|t| t.code.as_str())
                .collect::<Vec<_>>(),
            ["35", "35.07", "35.07.01", "35.08", "36"]
        );
        let province = by("35");
        assert_eq!(
            province.counters,
            UnitCounters {
                targets_below: 3,
                adopted_below: 2
            }
        );
        assert!(province.cascaded, "2 of 3 below at 50 %");
        assert_eq!(province.parent, None);
        assert_eq!(province.adoption, Some(adopt(DAY, 1)));
        assert_eq!(by("35.07.01").parent, Some(code("35.07")));
        assert_eq!(by("35.08").parent, Some(code("35")));
        assert!(by("35.07").cascaded, "its one target below adopted");
        assert!(!by("35.07.01").cascaded, "nothing below: never cascaded");
        assert!(!by("36").adopted());

        assert_eq!(
            s.totals,
            Figures {
                targets: 5,
                adopted: 3,
                cascaded: 2
            }
        );
        let province_rank = Level::Province.rank();
        assert_eq!(
            s.levels[&province_rank],
            Figures {
                targets: 2,
                adopted: 1,
                cascaded: 1
            }
        );
        let regency_rank = Level::Regency.rank();
        assert_eq!(s.daily[&(province_rank, wib_day(DAY))], 1);
        assert_eq!(s.daily[&(regency_rank, wib_day(2 * DAY))], 1);
        assert_eq!(s.daily.values().sum::<i64>(), 3);
    }

    #[test]
    fn history_names_only_the_targets_whose_adoption_moved() {
        let targets = vec![code("51"), code("51.71"), code("51.03")];
        let s = CampaignStatuses::compute(
            &targets,
            |c| (c.as_str() == "51.71").then_some(adopt(5, 9)),
            100,
        );
        let was: BTreeSet<&str> = ["51.03"].into();
        let moved: Vec<(&str, bool)> = s
            .adoption_changes(|c| was.contains(c.as_str()))
            .map(|t| (t.code.as_str(), t.adopted()))
            .collect();
        assert_eq!(moved, [("51.03", false), ("51.71", true)]);
    }

    #[test]
    fn targets_follow_the_scope_and_the_depth() {
        let scope = TargetScope {
            subtrees: vec![code("51")],
            levels: vec![],
            units: vec![],
        };
        let units = ["51", "51.71", "51.71.01", "52", "51.03"].map(code);
        assert_eq!(
            select_targets(&code("51"), &scope, Depth::Regency, units),
            [code("51"), code("51.71"), code("51.03")]
        );
    }

    #[test]
    fn a_wib_day_starts_at_17_utc() {
        let midnight_utc = 20_000 * DAY;
        assert_eq!(wib_day(midnight_utc), 20_000);
        assert_eq!(wib_day(midnight_utc + 17 * 3_600_000_000 - 1), 20_000);
        assert_eq!(wib_day(midnight_utc + 17 * 3_600_000_000), 20_001);
    }

    fn arb_code() -> impl Strategy<Value = UnitCode> {
        // 2 provinces × 2 regencies × 2 districts × 2 villages.
        (1..=2u8, 0..=2u8, 0..=2u8, 0..=2u8).prop_map(|(p, r, d, v)| {
            let mut s = format!("3{p}");
            if r > 0 {
                s.push_str(&format!(".0{r}"));
                if d > 0 {
                    s.push_str(&format!(".0{d}"));
                    if v > 0 {
                        s.push_str(&format!(".200{v}"));
                    }
                }
            }
            code(&s)
        })
    }

    proptest! {
        /// A recompute agrees with the status tree target by target, and its
        /// figures are the sums of its targets.
        #[test]
        fn statuses_agree_with_the_tree_and_sum_to_the_figures(
            targets in proptest::collection::btree_set(arb_code(), 0..40),
            adopted in proptest::collection::btree_map(arb_code(), 0i64..10, 0..40),
            share in 0i64..=100,
        ) {
            let list: Vec<UnitCode> = targets.iter().cloned().collect();
            let of = |c: &UnitCode| adopted.get(c).map(|d| adopt(d * DAY, 1));
            let s = CampaignStatuses::compute(&list, of, share);
            let tree = StatusTree::build(list.iter().map(|c| (c.clone(), adopted.contains_key(c))));

            prop_assert_eq!(s.targets.len(), targets.len());
            for t in &s.targets {
                let want = tree.status(&t.code, share).unwrap();
                let got = match (t.adopted(), t.cascaded) {
                    (false, _) => Status::NotStarted,
                    (true, false) => Status::Adopted,
                    (true, true) => Status::Cascaded,
                };
                prop_assert_eq!(got, want, "{}", t.code);
                prop_assert_eq!(Some((t.adopted(), t.counters)), tree.get(&t.code));
                // The parent is the nearest targeted ancestor.
                let nearest = ancestors(&t.code).into_iter().find(|a| targets.contains(a));
                prop_assert_eq!(&t.parent, &nearest);
            }
            let mut totals = Figures::default();
            for f in s.levels.values() {
                totals.targets += f.targets;
                totals.adopted += f.adopted;
                totals.cascaded += f.cascaded;
            }
            prop_assert_eq!(totals, s.totals);
            prop_assert_eq!(s.daily.values().sum::<i64>(), s.totals.adopted);
        }
    }
}
