//! What each record contributes to the counts, and how the counts are kept
//! per unit and per subtree.
//!
//! A release or register item is one *fact*; [`Fact::counts`] says what it
//! adds to its unit's day counters (and to the unit whose release it
//! amplifies). The projection stores, per fact, the counts it last added;
//! when the record changes, [`delta`] gives the rows to add and take away.
//! Every count is kept twice: for the unit alone (`tree = false`) and for
//! the subtree of the unit and of each of its ancestors (`tree = true`), so
//! a subtree's figures are one range of rows, never a walk of the tree.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use sinergi_domain::newsroom::ItemKind;
use sinergi_domain::{UnitCode, Zone};

use crate::period::Day;

/// Days of the publication window for coverage.
pub const COVERAGE_DAYS: i64 = 14;
/// Delays from this many days on share one bucket.
pub const DELAY_CAP: u16 = 366;

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// One day counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// Releases first public that day.
    Releases,
    /// Achievements recorded that day.
    Achievements,
    /// Innovations recorded that day.
    Innovations,
    /// Items recorded that day and published within [`COVERAGE_DAYS`].
    Covered,
    /// Achievements first published that day, that many days after they
    /// happened (capped at [`DELAY_CAP`]).
    Delay(u16),
    /// Releases public that day amplifying a unit of another level.
    AmplificationsGiven,
    /// Releases of another level public that day amplifying this unit.
    AmplificationsReceived,
    /// Releases public that day with at least one media pickup the
    /// monitor stands behind (credited or confirmed).
    PickedUp,
    /// Those pickups: articles reporting on releases public that day.
    Articles,
    /// Events (not cancelled) the unit organised starting that day.
    EventsHeld,
    /// Events starting that day the unit attended.
    EventsAttended,
    /// Invitations to events starting that day.
    Invited,
    /// Of those, the ones the unit attended.
    AttendedInvited,
    /// Commitments the unit made falling due that day.
    CommitmentsDue,
    /// Of those, the ones kept by their due time.
    CommitmentsKept,
}

impl Metric {
    pub fn key(self) -> String {
        match self {
            Metric::Releases => "releases".into(),
            Metric::Achievements => "achievements".into(),
            Metric::Innovations => "innovations".into(),
            Metric::Covered => "covered".into(),
            Metric::Delay(d) => format!("delay:{d}"),
            Metric::AmplificationsGiven => "amp_given".into(),
            Metric::AmplificationsReceived => "amp_received".into(),
            Metric::PickedUp => "picked_up".into(),
            Metric::Articles => "articles".into(),
            Metric::EventsHeld => "events_held".into(),
            Metric::EventsAttended => "events_attended".into(),
            Metric::Invited => "invited".into(),
            Metric::AttendedInvited => "attended_invited".into(),
            Metric::CommitmentsDue => "commitments_due".into(),
            Metric::CommitmentsKept => "commitments_kept".into(),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a kinerja metric")]
pub struct MetricError(pub String);

impl FromStr for Metric {
    type Err = MetricError;
    fn from_str(s: &str) -> Result<Metric, MetricError> {
        Ok(match s {
            "releases" => Metric::Releases,
            "achievements" => Metric::Achievements,
            "innovations" => Metric::Innovations,
            "covered" => Metric::Covered,
            "amp_given" => Metric::AmplificationsGiven,
            "amp_received" => Metric::AmplificationsReceived,
            "picked_up" => Metric::PickedUp,
            "articles" => Metric::Articles,
            "events_held" => Metric::EventsHeld,
            "events_attended" => Metric::EventsAttended,
            "invited" => Metric::Invited,
            "attended_invited" => Metric::AttendedInvited,
            "commitments_due" => Metric::CommitmentsDue,
            "commitments_kept" => Metric::CommitmentsKept,
            _ => match s.strip_prefix("delay:").and_then(|d| d.parse().ok()) {
                Some(d) if d <= DELAY_CAP => Metric::Delay(d),
                _ => return Err(MetricError(s.to_owned())),
            },
        })
    }
}

/// A release as kinerja sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseFact {
    pub unit: UnitCode,
    /// Released (not withdrawn) with a public time.
    pub public_at: Option<i64>,
    /// The unit of the release it amplifies, if any.
    pub amplifies: Option<UnitCode>,
    /// Articles reporting on it that the monitor stands behind (credited
    /// above the threshold or confirmed by an officer).
    pub pickups: i64,
}

/// An achievement or innovation as kinerja sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFact {
    pub unit: UnitCode,
    pub kind: ItemKind,
    pub created_at: i64,
    pub occurred_on: Option<Day>,
    pub first_public_at: Option<i64>,
    pub removed: bool,
}

/// An event as kinerja sees it: it counts on its first day, in the zone
/// of each unit it counts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFact {
    pub organiser: UnitCode,
    pub starts_at: i64,
    pub cancelled: bool,
    pub invited: BTreeSet<UnitCode>,
    pub attended: BTreeSet<UnitCode>,
}

/// A commitment (rencana tindak lanjut) as kinerja sees it: due on its
/// due day; kept on time when fulfilled (a commitment to replicate,
/// derived from events and attendance) or closed with evidence (any other)
/// by its due time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentFact {
    pub unit: UnitCode,
    pub due_at: i64,
    pub kept_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Release(ReleaseFact),
    Item(ItemFact),
    Event(EventFact),
    Commitment(CommitmentFact),
}

/// What one fact adds to one unit's day counter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count {
    pub unit: String,
    pub day: Day,
    pub metric: Metric,
    pub n: i64,
}

impl Fact {
    /// The counts this fact adds, for the units themselves (not yet rolled
    /// up to their ancestors).
    pub fn counts(&self) -> Vec<Count> {
        let mut out = Vec::new();
        match self {
            Fact::Release(r) => {
                let Some(at) = r.public_at else {
                    return out;
                };
                let zone = Zone::of_unit(&r.unit);
                let day = Day::of_instant(at, zone);
                out.push(count(&r.unit, day, Metric::Releases));
                if let Some(target) = &r.amplifies
                    && target.level() != r.unit.level()
                {
                    out.push(count(&r.unit, day, Metric::AmplificationsGiven));
                    let there = Day::of_instant(at, Zone::of_unit(target));
                    out.push(count(target, there, Metric::AmplificationsReceived));
                }
                if r.pickups > 0 {
                    out.push(count(&r.unit, day, Metric::PickedUp));
                    out.push(Count {
                        n: r.pickups,
                        ..count(&r.unit, day, Metric::Articles)
                    });
                }
            }
            Fact::Event(e) => {
                if e.cancelled {
                    return out;
                }
                let day = |u: &UnitCode| Day::of_instant(e.starts_at, Zone::of_unit(u));
                out.push(count(&e.organiser, day(&e.organiser), Metric::EventsHeld));
                for u in &e.attended {
                    out.push(count(u, day(u), Metric::EventsAttended));
                }
                for u in &e.invited {
                    out.push(count(u, day(u), Metric::Invited));
                    if e.attended.contains(u) {
                        out.push(count(u, day(u), Metric::AttendedInvited));
                    }
                }
            }
            Fact::Commitment(c) => {
                let day = Day::of_instant(c.due_at, Zone::of_unit(&c.unit));
                out.push(count(&c.unit, day, Metric::CommitmentsDue));
                if c.kept_at.is_some_and(|at| at <= c.due_at) {
                    out.push(count(&c.unit, day, Metric::CommitmentsKept));
                }
            }
            Fact::Item(i) => {
                if i.removed {
                    return out;
                }
                let zone = Zone::of_unit(&i.unit);
                let recorded = Day::of_instant(i.created_at, zone);
                out.push(count(
                    &i.unit,
                    recorded,
                    match i.kind {
                        ItemKind::Achievement => Metric::Achievements,
                        ItemKind::Innovation => Metric::Innovations,
                    },
                ));
                if let Some(first) = i.first_public_at {
                    if first - i.created_at <= COVERAGE_DAYS * MICROS_PER_DAY {
                        out.push(count(&i.unit, recorded, Metric::Covered));
                    }
                    if i.kind == ItemKind::Achievement {
                        let published = Day::of_instant(first, zone);
                        let from = i.occurred_on.unwrap_or(recorded);
                        let days = (published.0 - from.0).clamp(0, i32::from(DELAY_CAP));
                        let days = u16::try_from(days).unwrap_or(DELAY_CAP);
                        out.push(count(&i.unit, published, Metric::Delay(days)));
                    }
                }
            }
        }
        out
    }
}

fn count(unit: &UnitCode, day: Day, metric: Metric) -> Count {
    Count {
        unit: unit.as_str().to_owned(),
        day,
        metric,
        n: 1,
    }
}

/// The key of a stored counter: unit, subtree or alone, metric, day.
pub type RowKey = (String, bool, Metric, Day);

/// Stored rows for counts: each count once for its unit alone and once for
/// the subtree of the unit and of every ancestor.
pub fn rows(counts: &[Count], sign: i64, into: &mut BTreeMap<RowKey, i64>) {
    for c in counts {
        let n = c.n * sign;
        *into
            .entry((c.unit.clone(), false, c.metric, c.day))
            .or_default() += n;
        let mut code = c.unit.as_str();
        loop {
            *into
                .entry((code.to_owned(), true, c.metric, c.day))
                .or_default() += n;
            match code.rfind('.') {
                Some(i) => code = &code[..i],
                None => break,
            }
        }
    }
}

/// The rows to add when a fact's counts go from `old` to `new` (zeros dropped).
pub fn delta(old: &[Count], new: &[Count]) -> BTreeMap<RowKey, i64> {
    let mut out = BTreeMap::new();
    rows(new, 1, &mut out);
    rows(old, -1, &mut out);
    out.retain(|_, n| *n != 0);
    out
}

/// Counts as the projection stores them between runs (`unit day metric n`
/// per line), so that the next change of the record can be undone exactly.
pub fn encode(counts: &[Count]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(counts.len() * 32);
    for (i, c) in counts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(out, "{} {} {} {}", c.unit, c.day.0, c.metric, c.n);
    }
    out
}

pub fn decode(s: &str) -> Option<Vec<Count>> {
    s.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut p = l.split(' ');
            Some(Count {
                unit: p.next()?.to_owned(),
                day: Day(p.next()?.parse().ok()?),
                metric: p.next()?.parse().ok()?,
                n: p.next()?.parse().ok()?,
            })
        })
        .collect()
}

/// One unit's (or subtree's) day counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(pub BTreeMap<(Metric, Day), i64>);

impl Counts {
    pub fn add(&mut self, metric: Metric, day: Day, n: i64) {
        if n != 0 {
            let e = self.0.entry((metric, day)).or_default();
            *e += n;
            if *e == 0 {
                self.0.remove(&(metric, day));
            }
        }
    }

    /// Adds another unit's counters: a subtree is the fold of its parts.
    pub fn fold(&mut self, other: &Counts) {
        for ((m, d), n) in &other.0 {
            self.add(*m, *d, *n);
        }
    }

    /// The sum of a metric over `[from, to)`.
    pub fn sum(&self, metric: Metric, from: Day, to: Day) -> i64 {
        self.0
            .range((metric, from)..(metric, to))
            .map(|(_, n)| *n)
            .sum()
    }

    /// Per-day values of a metric over `[from, to)`.
    pub fn days(&self, metric: Metric, from: Day, to: Day) -> impl Iterator<Item = (Day, i64)> {
        self.0
            .range((metric, from)..(metric, to))
            .map(|((_, d), n)| (*d, *n))
    }

    /// Delay buckets summed over `[from, to)`: (days, achievements).
    pub fn delays(&self, from: Day, to: Day) -> BTreeMap<u16, i64> {
        let mut out = BTreeMap::new();
        for ((m, d), n) in self.0.range((Metric::Delay(0), Day(i32::MIN))..) {
            let Metric::Delay(days) = m else { break };
            if *d >= from && *d < to {
                *out.entry(*days).or_default() += n;
            }
        }
        out
    }
}

/// All stored rows, as a map: what the projection keeps in its table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table(pub BTreeMap<RowKey, i64>);

impl Table {
    /// The table built from scratch from the facts as they are now.
    pub fn rebuild<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> Table {
        let mut t = BTreeMap::new();
        for f in facts {
            rows(&f.counts(), 1, &mut t);
        }
        t.retain(|_, n| *n != 0);
        Table(t)
    }

    pub fn apply(&mut self, delta: &BTreeMap<RowKey, i64>) {
        for (k, n) in delta {
            let e = self.0.entry(k.clone()).or_default();
            *e += n;
            if *e == 0 {
                self.0.remove(k);
            }
        }
    }

    pub fn counts(&self, unit: &str, tree: bool) -> Counts {
        let mut c = Counts::default();
        for ((u, t, m, d), n) in &self.0 {
            if u == unit && *t == tree {
                c.add(*m, *d, *n);
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const UNITS: &[&str] = &[
        "51",
        "51.71",
        "51.71.01",
        "51.71.01.1001",
        "51.71.02",
        "51.03",
        "52",
        "52.01",
        "94.01.02",
        "kemenpanrb",
        "kemenpanrb.hkip",
    ];

    fn unit() -> impl Strategy<Value = UnitCode> {
        (0..UNITS.len()).prop_map(|i| UnitCode::parse(UNITS[i]).unwrap())
    }

    const BASE: i64 = 1_780_000_000_000_000; // 2026-05-28

    fn fact() -> impl Strategy<Value = Fact> {
        let release = (
            unit(),
            proptest::option::of(0i64..200 * MICROS_PER_DAY),
            proptest::option::of(unit()),
            0i64..4,
        )
            .prop_map(|(unit, at, amplifies, pickups)| {
                Fact::Release(ReleaseFact {
                    unit,
                    public_at: at.map(|a| BASE + a),
                    amplifies,
                    pickups,
                })
            });
        let units = || proptest::collection::btree_set(unit(), 0..4);
        let event = (
            unit(),
            0i64..200 * MICROS_PER_DAY,
            any::<bool>(),
            units(),
            units(),
        )
            .prop_map(|(organiser, at, cancelled, invited, attended)| {
                Fact::Event(EventFact {
                    organiser,
                    starts_at: BASE + at,
                    cancelled,
                    invited,
                    attended,
                })
            });
        let commitment = (
            unit(),
            0i64..200 * MICROS_PER_DAY,
            proptest::option::of(0i64..220 * MICROS_PER_DAY),
        )
            .prop_map(|(unit, due, kept)| {
                Fact::Commitment(CommitmentFact {
                    unit,
                    due_at: BASE + due,
                    kept_at: kept.map(|k| BASE + k),
                })
            });
        let item = (
            unit(),
            any::<bool>(),
            0i64..200 * MICROS_PER_DAY,
            proptest::option::of(-40i32..10),
            proptest::option::of(0i64..60 * MICROS_PER_DAY),
            any::<bool>(),
        )
            .prop_map(|(unit, ach, created, occurred, published, removed)| {
                let created_at = BASE + created;
                Fact::Item(ItemFact {
                    kind: if ach {
                        ItemKind::Achievement
                    } else {
                        ItemKind::Innovation
                    },
                    occurred_on: occurred
                        .map(|o| Day(Day::of_instant(created_at, Zone::of_unit(&unit)).0 + o)),
                    unit,
                    created_at,
                    first_public_at: published.map(|p| created_at + p),
                    removed,
                })
            });
        prop_oneof![release, item, event, commitment]
    }

    proptest! {
        /// Whatever the order and number of changes to whichever records,
        /// applying each change's delta ends where a rebuild from the final
        /// records ends.
        #[test]
        fn incremental_equals_rebuild(events in proptest::collection::vec((0usize..8, proptest::option::of(fact())), 0..60)) {
            let mut current: BTreeMap<usize, Fact> = BTreeMap::new();
            let mut stored: BTreeMap<usize, String> = BTreeMap::new();
            let mut table = Table::default();
            for (id, fact) in events {
                let old = stored.get(&id).map(|s| decode(s).unwrap()).unwrap_or_default();
                let new = fact.as_ref().map(Fact::counts).unwrap_or_default();
                table.apply(&delta(&old, &new));
                match fact {
                    Some(f) => {
                        stored.insert(id, encode(&new));
                        current.insert(id, f);
                    }
                    None => {
                        stored.remove(&id);
                        current.remove(&id);
                    }
                }
            }
            prop_assert_eq!(&table, &Table::rebuild(current.values()));
            prop_assert!(table.0.values().all(|n| *n > 0));
        }

        /// A subtree's counters are the unit's own plus the fold of its
        /// children's subtrees.
        #[test]
        fn subtree_is_the_fold_of_its_children(facts in proptest::collection::vec(fact(), 0..60)) {
            let table = Table::rebuild(&facts);
            let codes: BTreeSet<&str> = table.0.keys().map(|k| k.0.as_str()).collect();
            for code in &codes {
                let mut folded = table.counts(code, false);
                for child in codes.iter().filter(|c| {
                    c.rfind('.').map(|i| &c[..i]) == Some(*code)
                }) {
                    folded.fold(&table.counts(child, true));
                }
                prop_assert_eq!(folded, table.counts(code, true), "{}", code);
            }
        }
    }

    #[test]
    fn metrics_round_trip() {
        for m in [
            Metric::Releases,
            Metric::Achievements,
            Metric::Innovations,
            Metric::Covered,
            Metric::Delay(0),
            Metric::Delay(DELAY_CAP),
            Metric::AmplificationsGiven,
            Metric::AmplificationsReceived,
            Metric::PickedUp,
            Metric::Articles,
            Metric::EventsHeld,
            Metric::EventsAttended,
            Metric::Invited,
            Metric::AttendedInvited,
            Metric::CommitmentsDue,
            Metric::CommitmentsKept,
        ] {
            assert_eq!(m.key().parse::<Metric>().unwrap(), m);
        }
        assert!("delay:999".parse::<Metric>().is_err());
        assert!("nope".parse::<Metric>().is_err());
    }

    #[test]
    fn amplification_counts_only_across_levels() {
        let r = |unit: &str, amp: &str| {
            Fact::Release(ReleaseFact {
                unit: UnitCode::parse(unit).unwrap(),
                public_at: Some(BASE),
                amplifies: Some(UnitCode::parse(amp).unwrap()),
                pickups: 0,
            })
            .counts()
        };
        assert_eq!(r("51.71", "52.01").len(), 1); // regency to regency: a release only
        let across = r("51.71", "51");
        assert_eq!(across.len(), 3);
        assert_eq!(across[2].unit, "51");
        assert_eq!(across[2].metric, Metric::AmplificationsReceived);
    }

    #[test]
    fn events_commitments_and_pickups_count_where_they_belong() {
        let u = |c: &str| UnitCode::parse(c).unwrap();
        let set = |v: &[&str]| v.iter().map(|c| u(c)).collect::<BTreeSet<_>>();
        let event = Fact::Event(EventFact {
            organiser: u("51"),
            starts_at: BASE,
            cancelled: false,
            invited: set(&["51.71", "51.03"]),
            attended: set(&["51.71", "52"]),
        });
        let metrics = |f: &Fact| {
            f.counts()
                .into_iter()
                .map(|c| (c.unit, c.metric))
                .collect::<BTreeSet<_>>()
        };
        let got = metrics(&event);
        assert!(got.contains(&("51".into(), Metric::EventsHeld)));
        assert!(got.contains(&("51.71".into(), Metric::AttendedInvited)));
        assert!(got.contains(&("52".into(), Metric::EventsAttended)));
        assert!(got.contains(&("51.03".into(), Metric::Invited)));
        assert!(!got.contains(&("51.03".into(), Metric::AttendedInvited)));
        let Fact::Event(mut cancelled) = event else {
            unreachable!()
        };
        cancelled.cancelled = true;
        assert!(Fact::Event(cancelled).counts().is_empty());

        let commitment = |kept: Option<i64>| {
            metrics(&Fact::Commitment(CommitmentFact {
                unit: u("51.71"),
                due_at: BASE,
                kept_at: kept,
            }))
        };
        assert_eq!(commitment(None).len(), 1);
        assert_eq!(commitment(Some(BASE)).len(), 2, "kept at the due time");
        assert_eq!(commitment(Some(BASE + 1)).len(), 1, "kept late");

        let picked = Fact::Release(ReleaseFact {
            unit: u("51.71"),
            public_at: Some(BASE),
            amplifies: None,
            pickups: 3,
        })
        .counts();
        assert_eq!(picked.len(), 3);
        assert_eq!(picked[2].metric, Metric::Articles);
        assert_eq!(picked[2].n, 3);
    }
}
