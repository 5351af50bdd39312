//! Whether a commitment to replicate an event has been kept, derived from
//! the events of the series and who attended them; never ticked by hand.
//!
//! A commitment made by unit U at an event of series S, "for" a set of
//! units F, is kept as far as the units of F attended events of S that U
//! itself organised after the commitment was made (cancelled events do not
//! count, nor does the event the commitment was made at). The share is
//! `reached / |F|` ("21 dari 38 kabupaten/kota hadir"); the commitment is
//! fulfilled when every unit of F attended, at the start of the event that
//! completed it.
//!
//! Everything here is a function of the current events and attendance, so
//! adding an attended event never lowers fulfilment and withdrawing it
//! gives back exactly the earlier answer (property tests below). The
//! cascade sums commitments up the unit tree: a province's figure includes
//! its regencies' own commitments to their districts.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::UnitCode;

/// What derivation needs of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    pub id: i64,
    pub series: Option<i64>,
    pub organiser: UnitCode,
    pub starts_at: i64,
    pub cancelled: bool,
    /// Units recorded as present.
    pub attended: BTreeSet<UnitCode>,
}

/// What derivation needs of a commitment to replicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentFacts {
    pub id: i64,
    /// The series of the event it was made at.
    pub series: Option<i64>,
    /// The event it was made at.
    pub made_at_event: i64,
    /// When that event started: only later events count.
    pub made_at: i64,
    /// Who promised.
    pub unit: UnitCode,
    /// For whom.
    pub for_units: BTreeSet<UnitCode>,
    pub due_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentState {
    /// No unit it was promised to has attended yet.
    Pending,
    /// Some have.
    Partial,
    /// All have.
    Fulfilled,
}

impl FulfilmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            FulfilmentState::Pending => "pending",
            FulfilmentState::Partial => "partial",
            FulfilmentState::Fulfilled => "fulfilled",
        }
    }
}

/// How far one commitment to replicate is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fulfilment {
    pub commitment: i64,
    /// The units it was promised to that attended an event that counts.
    pub reached: BTreeSet<UnitCode>,
    pub total: usize,
    /// The events that count, in order of their start.
    pub events: Vec<i64>,
    /// The start of the event that made it complete.
    pub fulfilled_at: Option<i64>,
}

impl Fulfilment {
    pub fn state(&self) -> FulfilmentState {
        if self.total > 0 && self.reached.len() >= self.total {
            FulfilmentState::Fulfilled
        } else if self.reached.is_empty() {
            FulfilmentState::Pending
        } else {
            FulfilmentState::Partial
        }
    }

    /// Fulfilled by `due_at`.
    pub fn on_time(&self, due_at: i64) -> bool {
        self.fulfilled_at.is_some_and(|at| at <= due_at)
    }

    /// Past `due_at` at `now` and not fulfilled by then.
    pub fn overdue(&self, due_at: i64, now: i64) -> bool {
        now > due_at && !self.on_time(due_at)
    }
}

/// Whether `event` counts towards `commitment`.
pub fn counts(commitment: &CommitmentFacts, event: &EventFacts) -> bool {
    commitment.series.is_some()
        && event.series == commitment.series
        && event.organiser == commitment.unit
        && !event.cancelled
        && event.id != commitment.made_at_event
        && event.starts_at >= commitment.made_at
}

/// The fulfilment of each commitment, in the commitments' order.
pub fn derive(commitments: &[CommitmentFacts], events: &[EventFacts]) -> Vec<Fulfilment> {
    let mut ordered: Vec<&EventFacts> = events.iter().collect();
    ordered.sort_by_key(|e| (e.starts_at, e.id));
    commitments
        .iter()
        .map(|c| {
            let mut reached = BTreeSet::new();
            let mut used = Vec::new();
            let mut fulfilled_at = None;
            for e in ordered.iter().filter(|e| counts(c, e)) {
                used.push(e.id);
                reached.extend(e.attended.intersection(&c.for_units).cloned());
                if fulfilled_at.is_none()
                    && !c.for_units.is_empty()
                    && reached.len() == c.for_units.len()
                {
                    fulfilled_at = Some(e.starts_at);
                }
            }
            Fulfilment {
                commitment: c.id,
                reached,
                total: c.for_units.len(),
                events: used,
                fulfilled_at,
            }
        })
        .collect()
}

/// Commitments to replicate summed: how many, how many fulfilled, and the
/// units reached out of the units promised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub commitments: i64,
    pub fulfilled: i64,
    pub reached: i64,
    pub total: i64,
}

impl Tally {
    pub fn add(&mut self, f: &Fulfilment) {
        self.commitments += 1;
        self.fulfilled += i64::from(f.state() == FulfilmentState::Fulfilled);
        self.reached += f.reached.len() as i64;
        self.total += f.total as i64;
    }

    pub fn state(&self) -> FulfilmentState {
        if self.total > 0 && self.reached >= self.total {
            FulfilmentState::Fulfilled
        } else if self.reached == 0 {
            FulfilmentState::Pending
        } else {
            FulfilmentState::Partial
        }
    }
}

/// Tallies per unit: of the unit's own commitments, and of every
/// commitment made at or below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cascade {
    pub own: BTreeMap<UnitCode, Tally>,
    pub subtree: BTreeMap<UnitCode, Tally>,
}

impl Cascade {
    /// One pass: each commitment adds to its unit and the unit's
    /// ancestors (at most four).
    pub fn build(commitments: &[CommitmentFacts], fulfilments: &[Fulfilment]) -> Cascade {
        let mut cascade = Cascade::default();
        for (c, f) in commitments.iter().zip(fulfilments) {
            cascade.own.entry(c.unit.clone()).or_default().add(f);
            let mut at = Some(c.unit.clone());
            while let Some(unit) = at {
                at = unit.parent();
                cascade.subtree.entry(unit).or_default().add(f);
            }
        }
        cascade
    }

    /// The nearest unit above `unit` that made a commitment itself.
    pub fn committed_parent(&self, unit: &UnitCode) -> Option<UnitCode> {
        let mut at = unit.parent();
        while let Some(u) = at {
            if self.own.contains_key(&u) {
                return Some(u);
            }
            at = u.parent();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn set(codes: &[&str]) -> BTreeSet<UnitCode> {
        codes.iter().map(|c| code(c)).collect()
    }

    fn event(id: i64, organiser: &str, at: i64, attended: &[&str]) -> EventFacts {
        EventFacts {
            id,
            series: Some(1),
            organiser: code(organiser),
            starts_at: at,
            cancelled: false,
            attended: set(attended),
        }
    }

    fn jatim() -> CommitmentFacts {
        CommitmentFacts {
            id: 10,
            series: Some(1),
            made_at_event: 1,
            made_at: 100,
            unit: code("35"),
            for_units: set(&["35.01", "35.02", "35.78"]),
            due_at: 1_000,
        }
    }

    #[test]
    fn only_later_events_of_the_series_by_the_unit_count() {
        let c = jatim();
        let national = EventFacts {
            organiser: code("kemenpanrb"),
            ..event(1, "35", 100, &["35", "35.01"])
        };
        let other_series = EventFacts {
            series: Some(2),
            ..event(2, "35", 200, &["35.02"])
        };
        let cancelled = EventFacts {
            cancelled: true,
            ..event(3, "35", 300, &["35.78"])
        };
        let earlier = event(4, "35", 50, &["35.01"]);
        let by_bali = event(5, "51", 400, &["35.01"]);
        let f = &derive(
            std::slice::from_ref(&c),
            &[national, other_series, cancelled, earlier, by_bali],
        )[0];
        assert_eq!(f.state(), FulfilmentState::Pending);
        assert!(f.events.is_empty());

        let first = event(6, "35", 500, &["35.01", "35.02", "35.03"]);
        let second = event(7, "35", 900, &["35.78"]);
        let f = &derive(std::slice::from_ref(&c), &[second.clone(), first.clone()])[0];
        assert_eq!(f.reached, set(&["35.01", "35.02", "35.78"]));
        assert_eq!(f.events, vec![6, 7]);
        assert_eq!(f.fulfilled_at, Some(900));
        assert!(f.on_time(c.due_at) && !f.overdue(c.due_at, 2_000));
        let partial = &derive(std::slice::from_ref(&c), &[first])[0];
        assert_eq!(partial.state(), FulfilmentState::Partial);
        assert_eq!(partial.reached.len(), 2, "35.03 was not promised");
        assert!(partial.overdue(c.due_at, 1_001) && !partial.overdue(c.due_at, 1_000));
    }

    #[test]
    fn the_cascade_sums_up_the_tree() {
        let province = jatim();
        let regency = CommitmentFacts {
            id: 11,
            unit: code("35.01"),
            for_units: set(&["35.01.01", "35.01.02"]),
            ..jatim()
        };
        let events = [
            event(6, "35", 500, &["35.01"]),
            event(7, "35.01", 600, &["35.01.01", "35.01.02"]),
        ];
        let cs = [province, regency];
        let f = derive(&cs, &events);
        let cascade = Cascade::build(&cs, &f);
        assert_eq!(
            cascade.subtree[&code("35")],
            Tally {
                commitments: 2,
                fulfilled: 1,
                reached: 3,
                total: 5
            }
        );
        assert_eq!(cascade.own[&code("35")].reached, 1);
        assert_eq!(cascade.committed_parent(&code("35.01")), Some(code("35")));
        assert_eq!(cascade.committed_parent(&code("35")), None);
    }

    const UNITS: [&str; 10] = [
        "35", "35.01", "35.02", "35.78", "35.01.01", "35.01.02", "51", "51.01", "51.71", "52",
    ];
    const COMMITTERS: [&str; 4] = ["35", "51", "35.01", "52"];

    fn units() -> impl Strategy<Value = BTreeSet<UnitCode>> {
        proptest::collection::btree_set(0..UNITS.len(), 0..6)
            .prop_map(|ix| ix.into_iter().map(|i| code(UNITS[i])).collect())
    }

    fn an_event(id: i64) -> impl Strategy<Value = EventFacts> {
        (
            0..COMMITTERS.len(),
            0..3i64,
            0..1_000i64,
            any::<bool>(),
            units(),
        )
            .prop_map(move |(o, series, at, cancelled, attended)| EventFacts {
                id,
                series: (series > 0).then_some(series),
                organiser: code(COMMITTERS[o]),
                starts_at: at,
                cancelled: cancelled && at % 5 == 0,
                attended,
            })
    }

    fn events() -> impl Strategy<Value = Vec<EventFacts>> {
        proptest::collection::vec(an_event(0), 0..8).prop_map(|mut es| {
            for (i, e) in es.iter_mut().enumerate() {
                e.id = i as i64 + 1;
            }
            es
        })
    }

    fn commitments() -> impl Strategy<Value = Vec<CommitmentFacts>> {
        proptest::collection::vec(
            (0..COMMITTERS.len(), 1..3i64, 0..5i64, 0..500i64, units()),
            0..6,
        )
        .prop_map(|cs| {
            cs.into_iter()
                .enumerate()
                .map(|(i, (u, series, event, at, for_units))| CommitmentFacts {
                    id: 100 + i as i64,
                    series: Some(series),
                    made_at_event: event,
                    made_at: at,
                    unit: code(COMMITTERS[u]),
                    for_units,
                    due_at: 700,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn adding_an_attended_event_never_lowers_fulfilment(
            cs in commitments(), es in events(), extra in an_event(99)
        ) {
            let before = derive(&cs, &es);
            let mut more = es.clone();
            more.push(extra);
            let after = derive(&cs, &more);
            for (b, a) in before.iter().zip(&after) {
                prop_assert!(b.reached.is_subset(&a.reached));
                prop_assert!(a.state() >= b.state());
                if let (Some(was), Some(now)) = (b.fulfilled_at, a.fulfilled_at) {
                    prop_assert!(now <= was, "an earlier completion can only come sooner");
                }
                prop_assert!(b.fulfilled_at.is_none() || a.fulfilled_at.is_some());
            }
            let (bt, at) = (Cascade::build(&cs, &before), Cascade::build(&cs, &after));
            for (unit, t) in &bt.subtree {
                prop_assert!(at.subtree[unit].reached >= t.reached);
                prop_assert!(at.subtree[unit].fulfilled >= t.fulfilled);
            }
        }

        #[test]
        fn withdrawing_an_event_or_an_attendance_restores_the_earlier_state(
            cs in commitments(), es in events(), extra in an_event(99), who in 0..UNITS.len()
        ) {
            let before = derive(&cs, &es);
            let mut more = es.clone();
            more.push(extra);
            let _ = derive(&cs, &more);
            more.pop();
            prop_assert_eq!(&derive(&cs, &more), &before);
            // One attendance recorded, then withdrawn.
            if let Some(first) = more.first_mut() {
                let unit = code(UNITS[who]);
                if first.attended.insert(unit.clone()) {
                    let _ = derive(&cs, &more);
                    more[0].attended.remove(&unit);
                    prop_assert_eq!(&derive(&cs, &more), &before);
                }
            }
        }

        #[test]
        fn the_cascaded_share_equals_a_recompute(cs in commitments(), es in events()) {
            let fs = derive(&cs, &es);
            let cascade = Cascade::build(&cs, &fs);
            for (unit, tally) in &cascade.subtree {
                let mut naive = Tally::default();
                for (c, f) in cs.iter().zip(&fs) {
                    if c.unit == *unit || c.unit.is_descendant_of(unit) {
                        naive.add(f);
                    }
                }
                prop_assert_eq!(*tally, naive);
                prop_assert!(tally.reached <= tally.total);
            }
            // Every commitment is in its own unit's tally and nowhere beside.
            let owned: i64 = cascade.own.values().map(|t| t.commitments).sum();
            prop_assert_eq!(owned, cs.len() as i64);
        }
    }
}
