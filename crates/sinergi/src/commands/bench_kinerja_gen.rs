//! The records `sinergi bench kinerja` loads: a year of a network's work
//! over the real units, from a seed (the same seed gives the same
//! records). Pure: no I/O; `bench_kinerja.rs` loads what it makes.
//!
//! A draw is one of:
//! - a release (79 % of draws): mostly released (92 %; 3 % withdrawn after
//!   being public, 5 % still draft or in review); one in twelve amplifies
//!   a recent release of a province or ministry (a regency of that
//!   province, or a province, carrying it), which counts across levels;
//! - an achievement or innovation (9 %): 55 % of them reported by a
//!   release of their unit or its parent (that release is a record too),
//!   most within the coverage window;
//! - a media pickup (12 %): an article of one of 300 outlets matched with
//!   a recent released release (credited 70 %, confirmed 10 %, waiting
//!   for review 12 %, rejected 8 %);
//! - forums (0.15 %, but many records each): an event with its
//!   invitations and attendance (most invited come) and commitments to
//!   follow up, closed with evidence or not; one in four is a cascade in
//!   a series, where those present commit to replicate the event for their
//!   own sub-units and most then do.
//!
//! Of the records that makes about 76 % releases, 8 % register items,
//! 11 % pickups and 5 % forum records (events, invitations, attendance,
//! commitments); the run prints the exact tally.
//! Units are drawn by level: ministries 3 %, provinces 10 %, regencies and
//! cities 37 %, districts 25 %, villages 25 %; within a level, uniformly.

use crate::rng::Rng;
use std::collections::HashMap;

use sinergi_domain::{Level, UnitCode, Zone};
use sinergi_store::kinerja_load::{
    KinerjaLoad, LoadArticle, LoadCommitment, LoadEvent, LoadItem, LoadMatch, LoadRelease,
};

pub const MINUTE: i64 = 60_000_000;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;
pub const YEAR: i64 = 365 * DAY;

const SHARES: [(Level, f64); 5] = [
    (Level::National, 0.03),
    (Level::Province, 0.10),
    (Level::Regency, 0.37),
    (Level::District, 0.25),
    (Level::Village, 0.25),
];

const OUTLETS: usize = 300;
/// Recent releases kept to be picked up or amplified.
const POOL: usize = 50_000;

/// The units by level and their children.
pub struct Units {
    levels: Vec<(Level, f64, Vec<UnitCode>)>,
    children: HashMap<UnitCode, Vec<UnitCode>>,
}

impl Units {
    pub fn new(codes: impl IntoIterator<Item = UnitCode>) -> Units {
        let mut levels: Vec<(Level, f64, Vec<UnitCode>)> =
            SHARES.iter().map(|(l, s)| (*l, *s, Vec::new())).collect();
        let mut children: HashMap<UnitCode, Vec<UnitCode>> = HashMap::new();
        for code in codes {
            if let Some(p) = code.parent() {
                children.entry(p).or_default().push(code.clone());
            }
            if let Some(l) = levels.iter_mut().find(|l| l.0 == code.level()) {
                l.2.push(code);
            }
        }
        levels.retain(|l| !l.2.is_empty());
        for l in &mut levels {
            l.2.sort();
        }
        for c in children.values_mut() {
            c.sort();
        }
        Units { levels, children }
    }

    /// A unit, weighted by level.
    pub fn sample(&self, rng: &mut Rng) -> &UnitCode {
        let total: f64 = self.levels.iter().map(|l| l.1).sum();
        let mut x = rng.unit() * total;
        for (_, share, codes) in &self.levels {
            if x < *share {
                return rng.pick(codes);
            }
            x -= share;
        }
        rng.pick(&self.levels[self.levels.len() - 1].2)
    }

    pub fn of_level(&self, level: Level) -> &[UnitCode] {
        self.levels
            .iter()
            .find(|l| l.0 == level)
            .map_or(&[], |l| &l.2)
    }

    pub fn children(&self, code: &UnitCode) -> &[UnitCode] {
        self.children.get(code).map_or(&[], Vec::as_slice)
    }
}

/// How many records of each kind were made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub releases: u64,
    pub amplifications: u64,
    pub items: u64,
    pub linked_items: u64,
    pub pickups: u64,
    pub events: u64,
    pub invitations: u64,
    pub attendance: u64,
    pub commitments: u64,
}

impl Tally {
    /// The records kinerja counts from.
    pub fn records(&self) -> u64 {
        self.releases
            + self.items
            + self.pickups
            + self.events
            + self.invitations
            + self.attendance
            + self.commitments
    }
}

#[derive(Clone)]
struct Recent {
    id: i64,
    unit: UnitCode,
    public_at: i64,
}

pub struct Gen<'a> {
    rng: Rng,
    units: &'a Units,
    /// The end of the year: every record is before `now - 1 day`.
    now: i64,
    ids: Ids,
    released: Vec<Recent>,
    upper: Vec<Recent>,
    sources_made: bool,
    pub tally: Tally,
}

#[derive(Default)]
struct Ids {
    release: i64,
    item: i64,
    article: i64,
    matched: i64,
    event: i64,
    series: i64,
    commitment: i64,
}

fn next(id: &mut i64) -> i64 {
    *id += 1;
    *id
}

fn zone_name(unit: &UnitCode) -> &'static str {
    match Zone::of_unit(unit) {
        Zone::Wib => "WIB",
        Zone::Wita => "WITA",
        Zone::Wit => "WIT",
    }
}

impl<'a> Gen<'a> {
    pub fn new(seed: u64, units: &'a Units, now: i64) -> Gen<'a> {
        Gen {
            rng: Rng(seed),
            units,
            now,
            ids: Ids::default(),
            released: Vec::new(),
            upper: Vec::new(),
            sources_made: false,
            tally: Tally::default(),
        }
    }

    fn latest(&self) -> i64 {
        self.now - DAY
    }

    fn remember(pool: &mut Vec<Recent>, r: Recent, rng: &mut Rng) {
        if pool.len() < POOL {
            pool.push(r);
        } else {
            let i = rng.below(POOL);
            pool[i] = r;
        }
    }

    /// A release of `unit` becoming public at `public_at` (or not, by the
    /// state drawn).
    fn release(&mut self, load: &mut KinerjaLoad, unit: &UnitCode, public_at: i64) -> LoadRelease {
        let x = self.rng.unit();
        let id = next(&mut self.ids.release);
        let created_at = public_at - self.rng.between(10 * MINUTE, 2 * DAY);
        let (state, public, withdrawn) = if x < 0.05 {
            (if x < 0.03 { "draft" } else { "in_review" }, None, None)
        } else if x < 0.08 {
            let w = (public_at + self.rng.between(HOUR, 20 * DAY)).min(self.latest());
            ("withdrawn", Some(public_at), Some(w.max(public_at)))
        } else {
            ("released", Some(public_at), None)
        };
        let r = LoadRelease {
            id,
            unit_code: unit.to_string(),
            state,
            public_at: public,
            amplifies_id: None,
            created_at,
            withdrawn_at: withdrawn,
        };
        if state == "released" {
            let recent = Recent {
                id,
                unit: unit.clone(),
                public_at,
            };
            if matches!(unit.level(), Level::National | Level::Province) {
                Self::remember(&mut self.upper, recent.clone(), &mut self.rng);
            }
            Self::remember(&mut self.released, recent, &mut self.rng);
        }
        self.tally.releases += 1;
        load.releases.push(r.clone());
        r
    }

    fn standalone_release(&mut self, load: &mut KinerjaLoad) {
        let latest = self.latest();
        let at = self.rng.between(self.now - YEAR, latest);
        if self.rng.chance(1.0 / 12.0) && !self.upper.is_empty() {
            let target = self.rng.pick(&self.upper).clone();
            let carriers = match target.unit.level() {
                Level::Province => self.units.children(&target.unit),
                _ => self.units.of_level(Level::Province),
            };
            if !carriers.is_empty() {
                let unit = self.rng.pick(carriers).clone();
                let at = (target.public_at + self.rng.between(HOUR, 2 * DAY)).min(latest);
                let before = load.releases.len();
                self.release(load, &unit, at.max(target.public_at));
                load.releases[before].amplifies_id = Some(target.id);
                self.tally.amplifications += 1;
                return;
            }
        }
        let unit = self.units.sample(&mut self.rng).clone();
        self.release(load, &unit, at);
    }

    fn item(&mut self, load: &mut KinerjaLoad) {
        let unit = self.units.sample(&mut self.rng).clone();
        let latest = self.latest();
        let created_at = self.rng.between(self.now - YEAR, latest);
        let occurred = created_at - self.rng.between(0, 60 * DAY);
        let occurred_on = jiff::Timestamp::from_microsecond(occurred)
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .ok();
        let id = next(&mut self.ids.item);
        let kind = if self.rng.chance(0.3) {
            "innovation"
        } else {
            "achievement"
        };
        let mut first_public_at = None;
        if self.rng.chance(0.55) {
            let by = match unit.parent() {
                Some(p) if self.rng.chance(0.3) => p,
                _ => unit.clone(),
            };
            let delay = if self.rng.chance(0.7) {
                self.rng.between(HOUR, 14 * DAY)
            } else {
                self.rng.between(14 * DAY, 60 * DAY)
            };
            let at = (created_at + delay).min(latest).max(created_at);
            let r = self.release(load, &by, at);
            load.links.push((r.id, id));
            if r.state == "released" {
                first_public_at = r.public_at;
            }
            self.tally.linked_items += 1;
        }
        self.tally.items += 1;
        load.items.push(LoadItem {
            id,
            unit_code: unit.to_string(),
            kind,
            created_at,
            occurred_on,
            first_public_at,
        });
    }

    fn pickup(&mut self, load: &mut KinerjaLoad) {
        if self.released.is_empty() {
            return self.standalone_release(load);
        }
        let r = self.rng.pick(&self.released).clone();
        let outlet = self.rng.below(OUTLETS);
        let id = next(&mut self.ids.article);
        let published_at = (r.public_at + self.rng.between(MINUTE, 3 * DAY)).min(self.now - HOUR);
        load.articles.push(LoadArticle {
            id,
            source_id: outlet as i64 + 1,
            outlet: format!("media{outlet}.example"),
            published_at,
        });
        let x = self.rng.unit();
        let state = match x {
            x if x < 0.70 => "credited",
            x if x < 0.80 => "confirmed",
            x if x < 0.92 => "review",
            _ => "rejected",
        };
        load.matches.push(LoadMatch {
            id: next(&mut self.ids.matched),
            article_id: id,
            release_id: r.id,
            unit_code: r.unit.to_string(),
            state,
            created_at: published_at,
        });
        self.tally.pickups += 1;
    }

    /// An event of `organiser` at `at` inviting `invited`, most of whom
    /// come; the ones present.
    fn event(
        &mut self,
        load: &mut KinerjaLoad,
        organiser: &UnitCode,
        series: Option<i64>,
        at: i64,
        invited: &[UnitCode],
        come: f64,
    ) -> (i64, Vec<UnitCode>) {
        let id = next(&mut self.ids.event);
        let cancelled = series.is_none() && self.rng.chance(0.03);
        load.events.push(LoadEvent {
            id,
            series_id: series,
            organiser_code: organiser.to_string(),
            starts_at: at,
            zone: zone_name(organiser),
            status: if cancelled { "cancelled" } else { "scheduled" },
        });
        self.tally.events += 1;
        let mut present = Vec::new();
        if cancelled {
            return (id, present);
        }
        for u in invited {
            load.invited.push((id, u.to_string()));
            self.tally.invitations += 1;
            if self.rng.chance(come) {
                load.attendance.push((id, u.to_string(), at + HOUR));
                self.tally.attendance += 1;
                present.push(u.clone());
            }
        }
        (id, present)
    }

    fn invitees(&mut self, organiser: &UnitCode, cap: usize) -> Vec<UnitCode> {
        let below = self.units.children(organiser);
        if below.len() <= cap {
            return below.to_vec();
        }
        let start = self.rng.below(below.len());
        (0..cap)
            .map(|k| below[(start + k) % below.len()].clone())
            .collect()
    }

    fn forum(&mut self, load: &mut KinerjaLoad) {
        let latest = self.latest();
        if self.rng.chance(0.25) {
            return self.cascade(load);
        }
        let organiser = loop {
            let u = self.units.sample(&mut self.rng).clone();
            if u.level() != Level::Village {
                break u;
            }
        };
        let at = self.rng.between(self.now - YEAR, latest);
        let invited = self.invitees(&organiser, 8);
        let (event, present) = self.event(load, &organiser, None, at, &invited, 0.85);
        for u in present {
            if !self.rng.chance(0.3) {
                continue;
            }
            let due_at = at + self.rng.between(30 * DAY, 90 * DAY);
            let x = self.rng.unit();
            let closed_at = if x < 0.55 {
                Some(at + self.rng.between(DAY, (due_at - at).max(DAY + 1)))
            } else if x < 0.70 {
                Some(due_at + self.rng.between(DAY, 30 * DAY))
            } else {
                None
            }
            .filter(|c| *c < latest);
            load.commitments.push(LoadCommitment {
                id: next(&mut self.ids.commitment),
                event_id: event,
                unit_code: u.to_string(),
                kind: "other",
                due_at,
                closed_at,
                created_at: at,
            });
            self.tally.commitments += 1;
        }
    }

    /// A series: a province's (or regency's) event where those present
    /// commit to hold it for their own sub-units, and most of them do.
    fn cascade(&mut self, load: &mut KinerjaLoad) {
        let latest = self.latest();
        let level = if self.rng.chance(0.3) {
            Level::Province
        } else {
            Level::Regency
        };
        let organiser = self.rng.pick(self.units.of_level(level)).clone();
        let series = next(&mut self.ids.series);
        load.series.push((series, organiser.to_string()));
        let at = self.rng.between(self.now - YEAR, latest - 100 * DAY);
        let invited = self.invitees(&organiser, 12);
        let (event, present) = self.event(load, &organiser, Some(series), at, &invited, 0.9);
        for u in present {
            let for_units = self.invitees(&u, 6);
            if for_units.is_empty() {
                continue;
            }
            let c = next(&mut self.ids.commitment);
            let due_at = at + 90 * DAY;
            load.commitments.push(LoadCommitment {
                id: c,
                event_id: event,
                unit_code: u.to_string(),
                kind: "replicate",
                due_at,
                closed_at: None,
                created_at: at,
            });
            load.commitment_for
                .extend(for_units.iter().map(|f| (c, f.to_string())));
            self.tally.commitments += 1;
            // Most hold it once; some a second time for those who missed
            // the first; some never.
            if self.rng.chance(0.8) {
                let first = at + self.rng.between(10 * DAY, 80 * DAY);
                let (_, came) = self.event(load, &u, Some(series), first, &for_units, 0.85);
                let missed: Vec<UnitCode> = for_units
                    .iter()
                    .filter(|f| !came.contains(f))
                    .cloned()
                    .collect();
                if !missed.is_empty() && self.rng.chance(0.5) {
                    let second = (first + self.rng.between(5 * DAY, 40 * DAY)).min(latest);
                    self.event(load, &u, Some(series), second, &missed, 0.85);
                }
            }
        }
    }

    /// At least `n` records (a draw may make several), in one load.
    pub fn chunk(&mut self, n: u64) -> KinerjaLoad {
        let mut load = KinerjaLoad::default();
        if !self.sources_made {
            self.sources_made = true;
            let provinces = self.units.of_level(Level::Province);
            for k in 0..OUTLETS {
                let unit = provinces
                    .get(k % provinces.len().max(1))
                    .map_or_else(|| "kemenpanrb".to_owned(), |u| u.to_string());
                load.sources
                    .push((k as i64 + 1, unit, format!("media{k}.example")));
            }
        }
        let target = self.tally.records() + n;
        while self.tally.records() < target {
            let x = self.rng.unit();
            if x < 0.0015 {
                self.forum(&mut load);
            } else if x < 0.0915 {
                self.item(&mut load);
            } else if x < 0.2115 {
                self.pickup(&mut load);
            } else {
                self.standalone_release(&mut load);
            }
        }
        load
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Units {
        let codes = [
            "kemenpanrb",
            "kemenpanrb.hkip",
            "51",
            "51.71",
            "51.71.01",
            "51.71.01.1001",
            "51.71.01.1002",
            "51.03",
            "51.03.01",
            "35",
            "35.78",
            "35.78.01",
            "35.78.01.1001",
        ];
        Units::new(codes.iter().map(|c| UnitCode::parse(c).unwrap()))
    }

    const NOW: i64 = 1_797_379_200_000_000;

    #[test]
    fn the_same_seed_makes_the_same_records() {
        let u = units();
        let a = Gen::new(7, &u, NOW).chunk(5_000);
        let b = Gen::new(7, &u, NOW).chunk(5_000);
        assert_eq!(a, b);
        let c = Gen::new(8, &u, NOW).chunk(5_000);
        assert_ne!(a, c);
    }

    #[test]
    fn records_are_counted_and_consistent() {
        let u = units();
        let mut g = Gen::new(20261129, &u, NOW);
        let mut all = g.chunk(20_000);
        let more = g.chunk(20_000);
        all.releases.extend(more.releases);
        all.items.extend(more.items);
        all.links.extend(more.links);
        all.matches.extend(more.matches);
        all.events.extend(more.events);
        all.commitments.extend(more.commitments);
        all.attendance.extend(more.attendance);
        let t = g.tally;
        assert!(t.records() >= 40_000);
        assert_eq!(t.releases as usize, all.releases.len());
        assert_eq!(t.items as usize, all.items.len());
        assert_eq!(t.pickups as usize, all.matches.len());
        assert_eq!(t.events as usize, all.events.len());
        assert_eq!(t.commitments as usize, all.commitments.len());
        assert!(t.amplifications > 0 && t.linked_items > 0 && t.attendance > 0);
        // Ids are fresh and rising across chunks.
        assert!(all.releases.windows(2).all(|w| w[0].id < w[1].id));
        // Everything happens within the year, before the last closed day.
        for r in &all.releases {
            if let Some(p) = r.public_at {
                assert!(p > NOW - YEAR - 3 * DAY && p <= NOW - DAY, "{r:?}");
            }
            assert_eq!(
                r.public_at.is_some(),
                matches!(r.state, "released" | "withdrawn")
            );
        }
        let by_id: HashMap<i64, &LoadRelease> = all.releases.iter().map(|r| (r.id, r)).collect();
        // An amplification carries an earlier release of another level.
        for r in all.releases.iter().filter(|r| r.amplifies_id.is_some()) {
            let target = by_id[&r.amplifies_id.unwrap()];
            assert!(target.id < r.id && target.state == "released");
            let (a, b) = (
                UnitCode::parse(&r.unit_code).unwrap(),
                UnitCode::parse(&target.unit_code).unwrap(),
            );
            assert_ne!(a.level(), b.level());
        }
        // A reported item's first publication is its released release's.
        let links: HashMap<i64, i64> = all.links.iter().map(|(r, i)| (*i, *r)).collect();
        for i in &all.items {
            let expected = links
                .get(&i.id)
                .map(|r| by_id[r])
                .filter(|r| r.state == "released")
                .and_then(|r| r.public_at);
            assert_eq!(i.first_public_at, expected);
            if let Some(r) = links.get(&i.id) {
                let r = UnitCode::parse(&by_id[r].unit_code).unwrap();
                let unit = UnitCode::parse(&i.unit_code).unwrap();
                assert!(r == unit || unit.is_descendant_of(&r));
            }
        }
        // Pickups name released releases, with the release's unit.
        for m in &all.matches {
            let r = by_id[&m.release_id];
            assert_eq!(r.state, "released");
            assert_eq!(r.unit_code, m.unit_code);
        }
    }
}
