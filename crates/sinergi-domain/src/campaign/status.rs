//! A target unit's status in a campaign, and the counters that make it
//! cheap to keep.
//!
//! A target is *adopted* when it published a release tagged with the
//! campaign (see the campaigns service for what counts), and *cascaded*
//! when it is adopted and at least the campaign's cascade share of its
//! targeted sub-units are adopted too. "Sub-units" means every targeted
//! unit below it, at all levels down to the depth (not only the level
//! directly below): a province cascaded at 50 % has half of its targeted
//! regencies, districts and villages together adopted. That keeps one
//! adoption's effect to the unit and its at most four targeted ancestors,
//! each of which only adds one to a counter. A target with no targeted
//! sub-units (a village, or the last level of the depth) can be adopted
//! but never cascaded: there is nothing below it to carry the campaign to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::UnitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    Adopted,
    Cascaded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::Adopted => "adopted",
            Status::Cascaded => "cascaded",
        }
    }

    pub fn of(adopted: bool, counters: UnitCounters, share: i64) -> Status {
        if !adopted {
            Status::NotStarted
        } else if is_cascaded(true, counters, share) {
            Status::Cascaded
        } else {
            Status::Adopted
        }
    }
}

/// Targeted units below a target, and how many of them adopted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCounters {
    pub targets_below: i64,
    pub adopted_below: i64,
}

/// Whether a target with these counters is cascaded at `share` percent.
pub fn is_cascaded(adopted: bool, c: UnitCounters, share: i64) -> bool {
    adopted && c.targets_below > 0 && c.adopted_below * 100 >= share * c.targets_below
}

/// The codes above `unit` along its path, nearest first (at most four).
pub fn ancestors(unit: &UnitCode) -> Vec<UnitCode> {
    let mut out = Vec::new();
    let mut at = unit.parent();
    while let Some(p) = at {
        at = p.parent();
        out.push(p);
    }
    out
}

/// Every target's adoption and counters, in memory: the full recompute
/// builds one from scratch, and [`StatusTree::set_adopted`] is the same
/// incremental step the store applies to its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusTree {
    nodes: BTreeMap<UnitCode, (bool, UnitCounters)>,
}

impl StatusTree {
    /// Counts from scratch: `targets` with whether each adopted.
    pub fn build(targets: impl IntoIterator<Item = (UnitCode, bool)>) -> StatusTree {
        let mut nodes: BTreeMap<UnitCode, (bool, UnitCounters)> = targets
            .into_iter()
            .map(|(c, a)| (c, (a, UnitCounters::default())))
            .collect();
        let list: Vec<(UnitCode, bool)> = nodes.iter().map(|(c, (a, _))| (c.clone(), *a)).collect();
        for (code, adopted) in list {
            for a in ancestors(&code) {
                if let Some((_, c)) = nodes.get_mut(&a) {
                    c.targets_below += 1;
                    c.adopted_below += i64::from(adopted);
                }
            }
        }
        StatusTree { nodes }
    }

    /// Marks `unit` adopted or not; returns the targets whose row changed
    /// (the unit and its targeted ancestors), or nothing when it is not a
    /// target or nothing changed.
    pub fn set_adopted(&mut self, unit: &UnitCode, adopted: bool) -> Vec<UnitCode> {
        match self.nodes.get_mut(unit) {
            Some((a, _)) if *a != adopted => *a = adopted,
            _ => return Vec::new(),
        }
        let mut touched = vec![unit.clone()];
        for anc in ancestors(unit) {
            if let Some((_, c)) = self.nodes.get_mut(&anc) {
                c.adopted_below += if adopted { 1 } else { -1 };
                touched.push(anc);
            }
        }
        touched
    }

    pub fn get(&self, unit: &UnitCode) -> Option<(bool, UnitCounters)> {
        self.nodes.get(unit).copied()
    }

    pub fn status(&self, unit: &UnitCode, share: i64) -> Option<Status> {
        self.get(unit).map(|(a, c)| Status::of(a, c, share))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&UnitCode, bool, UnitCounters)> {
        self.nodes.iter().map(|(k, (a, c))| (k, *a, *c))
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    #[test]
    fn cascaded_needs_the_share_of_all_targeted_sub_units() {
        let mut t = StatusTree::build(
            ["35", "35.07", "35.07.01", "35.08"]
                .into_iter()
                .map(|c| (code(c), false)),
        );
        let p = code("35");
        assert_eq!(
            t.get(&p).unwrap().1,
            UnitCounters {
                targets_below: 3,
                adopted_below: 0
            }
        );
        assert_eq!(t.set_adopted(&p, true), vec![p.clone()]);
        assert_eq!(t.status(&p, 50), Some(Status::Adopted));
        assert_eq!(
            t.set_adopted(&code("35.07.01"), true),
            vec![code("35.07.01"), code("35.07"), p.clone()]
        );
        assert_eq!(t.status(&p, 50), Some(Status::Adopted), "1 of 3");
        t.set_adopted(&code("35.08"), true);
        assert_eq!(t.status(&p, 50), Some(Status::Cascaded), "2 of 3");
        assert_eq!(t.status(&p, 0), Some(Status::Cascaded));
        // 35.07 has not adopted itself: not started, whatever is below.
        assert_eq!(t.status(&code("35.07"), 0), Some(Status::NotStarted));
        // A leaf is adopted, never cascaded.
        assert_eq!(t.status(&code("35.08"), 0), Some(Status::Adopted));
        assert!(t.set_adopted(&code("36"), true).is_empty(), "not a target");
        assert!(t.set_adopted(&code("35.08"), true).is_empty(), "no change");
    }

    fn arb_code() -> impl Strategy<Value = UnitCode> {
        // A small tree: 2 provinces × 2 regencies × 2 districts × 2 villages.
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

    fn rank(s: Status) -> u8 {
        s as u8
    }

    proptest! {
        /// Any sequence of adoptions and withdrawals, applied one at a
        /// time, ends where a recompute from the final adoptions ends.
        #[test]
        fn recompute_equals_incremental(
            targets in proptest::collection::btree_set(arb_code(), 1..40),
            steps in proptest::collection::vec((arb_code(), any::<bool>()), 0..60),
        ) {
            let mut t = StatusTree::build(targets.iter().map(|c| (c.clone(), false)));
            for (c, a) in &steps {
                t.set_adopted(c, *a);
            }
            let fresh = StatusTree::build(t.iter().map(|(c, a, _)| (c.clone(), a)));
            prop_assert_eq!(t, fresh);
        }

        /// One more adoption never lowers any target's status.
        #[test]
        fn status_is_monotone_in_adoptions(
            targets in proptest::collection::btree_set(arb_code(), 1..40),
            adopted in proptest::collection::btree_set(arb_code(), 0..40),
            extra in arb_code(),
            share in 0i64..=100,
        ) {
            let before = StatusTree::build(
                targets.iter().map(|c| (c.clone(), adopted.contains(c))),
            );
            let mut after = before.clone();
            after.set_adopted(&extra, true);
            for c in &targets {
                let (b, a) = (before.status(c, share).unwrap(), after.status(c, share).unwrap());
                prop_assert!(rank(a) >= rank(b), "{c}: {b:?} -> {a:?}");
            }
        }
    }
}
