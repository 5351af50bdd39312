//! The figures pages and the API show: a unit's (or subtree's) indicators
//! and index for a period, its trend, boards of peers with ranks and
//! leaps. Reads the counters the projector keeps and the two figures kept
//! elsewhere (campaign targets, accreditations); computes with the pure
//! modules.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use sinergi_domain::{Level, Unit, UnitCode};
use sinergi_store::kinerja::KinerjaCount;

use crate::facts::{Counts, Metric};
use crate::index::{self, Grade, Leap, Weights};
use crate::indicators::{self, CampaignFigures, Indicator, Inputs};
use crate::period::{Day, Period, PeriodKind};
use crate::projector::{Kinerja, KinerjaError};

const MICROS_PER_DAY: i64 = 86_400_000_000;
/// Campaign periods and accreditations are compared on Western Indonesian
/// days, as the campaign dashboard counts them.
const WIB_OFFSET: i64 = 7 * 3_600_000_000;

/// One unit's figures for a period.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub period: Period,
    /// The unit and everything under it (`true`), or the unit alone.
    pub subtree: bool,
    pub indicators: Vec<Indicator>,
    pub index: Option<f64>,
    pub grade: Option<Grade>,
}

/// A unit on a board: its figures, its rank among the board and its leap.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub figures: Figures,
    pub rank: Option<u32>,
    pub previous_index: Option<f64>,
    pub previous_rank: Option<u32>,
    pub leap: Leap,
}

/// Where a unit stands among its peers.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// Rank among units of its level nationally, and how many are ranked.
    pub national: Option<(u32, usize)>,
    /// Rank among its parent's children.
    pub in_parent: Option<(u32, usize)>,
    pub national_leap: Leap,
    pub parent_leap: Leap,
}

fn counts_of(rows: &[KinerjaCount]) -> Counts {
    let mut c = Counts::default();
    for r in rows {
        if let (Ok(m), Ok(d)) = (r.metric.parse::<Metric>(), i32::try_from(r.day)) {
            c.add(m, Day(d), r.n);
        }
    }
    c
}

/// Period bounds in microseconds (Western Indonesian days).
fn micros(period: Period) -> (i64, i64) {
    let (a, b) = period.days();
    (
        i64::from(a.0) * MICROS_PER_DAY - WIB_OFFSET,
        i64::from(b.0) * MICROS_PER_DAY - WIB_OFFSET,
    )
}

/// Figures of every unit alone (`false`) and rolled up to each of its
/// ancestors (`true`), so a board of hundreds of units looks each up once
/// instead of scanning every row.
#[derive(Debug)]
pub(crate) struct Rollup<T>(HashMap<(String, bool), T>);

impl<T: Default + Copy> Rollup<T> {
    fn new(rows: &[(String, T)], fold: impl Fn(&mut T, &T)) -> Self {
        let mut m: HashMap<(String, bool), T> = HashMap::new();
        for (code, f) in rows {
            fold(m.entry((code.clone(), false)).or_default(), f);
            for a in self_and_ancestors(code) {
                fold(m.entry((a.to_owned(), true)).or_default(), f);
            }
        }
        Rollup(m)
    }

    fn of(&self, code: &str, subtree: bool) -> T {
        self.0
            .get(&(code.to_owned(), subtree))
            .copied()
            .unwrap_or_default()
    }
}

/// Distinct values (outlets, journalists) per unit alone and per subtree:
/// a distinct count does not add up across units or days, so it is
/// counted from the pairs, never summed.
fn distinct<K: std::hash::Hash + Eq>(rows: Vec<(String, K)>) -> Rollup<i64> {
    let mut sets: HashMap<(String, bool), std::collections::HashSet<&K>> = HashMap::new();
    for (code, k) in &rows {
        sets.entry((code.clone(), false)).or_default().insert(k);
        for a in self_and_ancestors(code) {
            sets.entry((a.to_owned(), true)).or_default().insert(k);
        }
    }
    Rollup(
        sets.into_iter()
            .map(|(key, set)| (key, set.len() as i64))
            .collect(),
    )
}

/// The campaign targets, accreditations and distinct outlets and
/// journalists reached a period's figures read.
#[derive(Debug, Clone)]
pub(crate) struct Elsewhere {
    campaigns: Arc<Rollup<CampaignFigures>>,
    journalists: Arc<Rollup<i64>>,
    outlets: Arc<Rollup<i64>>,
    reached: Arc<Rollup<i64>>,
    /// Whether media are monitored and releases sent by e-mail at all.
    monitoring: bool,
    distribution: bool,
    /// Equal for equal figures: what the campaign and outlet rollups were
    /// read at, and the rows read each time. Part of a board's key.
    key: u64,
}

impl Elsewhere {
    fn campaigns_of(&self, code: &str, subtree: bool) -> CampaignFigures {
        self.campaigns.of(code, subtree)
    }

    fn journalists_of(&self, code: &str, subtree: bool) -> i64 {
        self.journalists.of(code, subtree)
    }
}

/// The campaign targets' version (see `Store::kinerja_stamp`)
/// and the running campaigns' ids: equal keys, equal rows.
type CampaignSet = (i64, Vec<i64>);

/// A span of days `[from, to)`, read at a version of the closed days'
/// counters (`Store::kinerja_stamp`), which the outlets' pairs move
/// as the counters do.
type Span = (i64, i64, i64);

/// What kept figures are checked against on each request, read at once
/// (`Store::kinerja_stamp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Stamp {
    /// The closed days' counters (`Store::kinerja_stamp`).
    days: i64,
    /// The campaign targets (`Store::kinerja_stamp`).
    campaigns: i64,
    /// The weights setting in force (0: the default).
    weights: i64,
}

/// A period's figures from elsewhere are kept for this long at most: the
/// accreditations and the journalists reached on closed days have no
/// version to check (they change on closed days only when a contact is
/// erased or merged), nor have the sources present.
const ELSEWHERE_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// Rollups kept between requests. Campaign targets are the large read (a
/// national campaign targets every one of 91,600 units): they are kept per
/// set of running campaigns, which periods share, not per period. Two
/// entries only, each about 15 MB at national scale.
#[derive(Debug, Default)]
pub(crate) struct ElsewhereCache {
    campaigns: Vec<(CampaignSet, Arc<Rollup<CampaignFigures>>)>,
    /// The distinct outlets of a span of days: a page reads the same two
    /// periods for each of its boards.
    outlets: Vec<(Span, Arc<Rollup<i64>>)>,
    /// A period's whole `Elsewhere`, by its bounds, the last closed day and
    /// the stamp, for [`ELSEWHERE_FOR`].
    periods: Vec<(PeriodKey, (std::time::Instant, Elsewhere))>,
    /// The weights of the setting the stamp names.
    weights: Option<(i64, Weights)>,
}

type PeriodKey = (i64, i64, Day, Stamp);

/// A board's figures depend on nothing but these: the board, the period,
/// the last closed day, the closed days' counters, what is read elsewhere
/// for the period and the one before, the weights and the units.
#[derive(Debug, Clone)]
struct BoardKey {
    which: BoardId,
    period: Period,
    closed: Day,
    stamp: Stamp,
    elsewhere: (u64, u64),
    units: Arc<sinergi_store::UnitDirectory>,
}

impl PartialEq for BoardKey {
    fn eq(&self, o: &BoardKey) -> bool {
        (
            &self.which,
            self.period,
            self.closed,
            self.stamp,
            self.elsewhere,
        ) == (&o.which, o.period, o.closed, o.stamp, o.elsewhere)
            && Arc::ptr_eq(&self.units, &o.units)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum BoardId {
    Level(Level),
    Children(String),
}

/// Boards kept between requests: the national page shows three levels'
/// boards, a province's dashboard its children's and its level's. A write
/// of today changes none of them (only closed days are shown), so they
/// are kept until a counter of a closed day, a campaign target, the
/// weights or the units move.
#[derive(Debug, Default)]
pub(crate) struct BoardCache(Vec<(BoardKey, Arc<Vec<Ranked>>)>);

const CAMPAIGN_SETS_KEPT: usize = 2;
const OUTLET_SPANS_KEPT: usize = 8;
const PERIODS_KEPT: usize = 8;
const BOARDS_KEPT: usize = 16;
/// Boards of more units than this are not kept (see [`Kinerja::board`]).
const BOARD_KEPT_UNITS: usize = 1_000;

fn keep<K: PartialEq, V: Clone>(list: &mut Vec<(K, V)>, key: K, value: V, cap: usize) {
    list.retain(|(k, _)| *k != key);
    if list.len() >= cap {
        list.remove(0);
    }
    list.push((key, value));
}

fn hash_of(v: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(v)
}

/// `code` and each of its ancestors (`51.71.01`, `51.71`, `51`).
fn self_and_ancestors(code: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(code);
    std::iter::from_fn(move || {
        let c = next?;
        next = c.rfind('.').map(|i| &c[..i]);
        Some(c)
    })
}

impl Kinerja {
    /// What kept figures are checked against now.
    async fn stamp(&self, now: i64) -> Result<Stamp, KinerjaError> {
        let (days, campaigns, weights) = self
            .store
            .kinerja_stamp(i64::from(last_closed_day(now).0))
            .await?;
        Ok(Stamp {
            days,
            campaigns,
            weights,
        })
    }

    /// The weights of the setting `stamp` names, read again when it moves.
    async fn weights_at(&self, stamp: &Stamp) -> Result<Weights, KinerjaError> {
        let mut cache = self.elsewhere.lock().await;
        if let Some((id, w)) = cache.weights
            && id == stamp.weights
        {
            return Ok(w);
        }
        let w = self.weights().await?;
        cache.weights = Some((stamp.weights, w));
        Ok(w)
    }

    /// The campaign targets, accreditations, outlets and journalists
    /// reached for `period`, as of the last closed day (accreditations are
    /// counted at its end, as every other figure is). Kept per period and
    /// stamp for [`ELSEWHERE_FOR`] at most; one request reads them while
    /// the others wait.
    async fn elsewhere(
        &self,
        period: Period,
        now: i64,
        stamp: &Stamp,
    ) -> Result<Elsewhere, KinerjaError> {
        let (from, to) = micros(period);
        let closed = last_closed_day(now);
        let closed_end = i64::from(closed.0 + 1) * MICROS_PER_DAY - WIB_OFFSET;
        let at = to.min(closed_end);
        let mut cache = self.elsewhere.lock().await;
        let whole: PeriodKey = (from, to, closed, *stamp);
        if let Some((_, (when, e))) = cache.periods.iter().find(|(k, _)| *k == whole)
            && when.elapsed() < ELSEWHERE_FOR
        {
            return Ok(e.clone());
        }
        let ids = self.store.kinerja_campaigns_running(from, to).await?;
        let key: CampaignSet = (stamp.campaigns, ids);
        let campaigns = match cache.campaigns.iter().find(|(k, _)| *k == key) {
            Some((_, c)) => c.clone(),
            None => {
                let rows: Vec<(String, CampaignFigures)> = self
                    .store
                    .kinerja_campaign_targets(from, to)
                    .await?
                    .into_iter()
                    .map(|t| {
                        (
                            t.unit_code,
                            CampaignFigures {
                                targeted: t.targeted,
                                adopted: t.adopted,
                                with_sub_units: t.with_sub_units,
                                cascaded: t.cascaded,
                            },
                        )
                    })
                    .collect();
                let c = Arc::new(Rollup::new(&rows, |a, b| a.fold(b)));
                keep(
                    &mut cache.campaigns,
                    key.clone(),
                    c.clone(),
                    CAMPAIGN_SETS_KEPT,
                );
                c
            }
        };
        let accredited = self.store.kinerja_accreditations(at).await?;
        let journalists = Arc::new(Rollup::new(&accredited, |a, b| *a += b));
        // Outlets that carried the period's releases (public on a closed
        // day): their pairs move the days' version as the counters do.
        let (a, b) = closed_days(period, now);
        let span: Span = (stamp.days, i64::from(a.0), i64::from(b.0));
        let outlets = match cache.outlets.iter().find(|(k, _)| *k == span) {
            Some((_, o)) => o.clone(),
            None => {
                let o = Arc::new(distinct(self.store.kinerja_outlets(span.1, span.2).await?));
                keep(&mut cache.outlets, span, o.clone(), OUTLET_SPANS_KEPT);
                o
            }
        };
        // Journalists whose release e-mail went out by the end of the
        // last closed day.
        let reached_rows = self.store.kinerja_journalists_reached(from, at).await?;
        let (monitoring, distribution) = self.store.kinerja_sources_present().await?;
        let key = hash_of(&(
            &key,
            span,
            &accredited,
            &reached_rows,
            monitoring,
            distribution,
        ));
        let e = Elsewhere {
            campaigns,
            journalists,
            outlets,
            reached: Arc::new(distinct(reached_rows)),
            monitoring,
            distribution,
            key,
        };
        keep(
            &mut cache.periods,
            whole,
            (std::time::Instant::now(), e.clone()),
            PERIODS_KEPT,
        );
        Ok(e)
    }

    fn compute(
        unit: &Unit,
        subtree: bool,
        period: Period,
        now: i64,
        counts: &Counts,
        elsewhere: &Elsewhere,
        weights: &Weights,
    ) -> Figures {
        let code = unit.code.as_str();
        let inds = indicators::compute(&Inputs {
            counts,
            period,
            today: last_closed_day(now),
            campaigns: elsewhere.campaigns_of(code, subtree),
            journalists: elsewhere.journalists_of(code, subtree),
            outlets: elsewhere
                .monitoring
                .then(|| elsewhere.outlets.of(code, subtree)),
            reached: elsewhere
                .distribution
                .then(|| elsewhere.reached.of(code, subtree)),
        });
        let index = index::index(&inds, weights);
        Figures {
            code: code.to_owned(),
            name: unit.name.clone(),
            level: unit.level,
            period,
            subtree,
            indicators: inds,
            index,
            grade: index.map(Grade::of),
        }
    }

    /// A unit's (or its subtree's) figures for a period, up to the last
    /// closed day (see [`last_closed_day`]).
    pub async fn figures(
        &self,
        unit: &Unit,
        subtree: bool,
        period: Period,
        now: i64,
    ) -> Result<Figures, KinerjaError> {
        let (a, b) = closed_days(period, now);
        let rows = self
            .store
            .kinerja_counts(unit.code.as_str(), subtree, i64::from(a.0), i64::from(b.0))
            .await?;
        let stamp = self.stamp(now).await?;
        let elsewhere = self.elsewhere(period, now, &stamp).await?;
        let weights = self.weights_at(&stamp).await?;
        Ok(Self::compute(
            unit,
            subtree,
            period,
            now,
            &counts_of(&rows),
            &elsewhere,
            &weights,
        ))
    }

    /// The figures of the `n` periods ending with `period`, oldest first.
    pub async fn trend(
        &self,
        unit: &Unit,
        subtree: bool,
        period: Period,
        n: usize,
        now: i64,
    ) -> Result<Vec<Figures>, KinerjaError> {
        let mut out = Vec::with_capacity(n);
        for p in period.trailing(n) {
            out.push(self.figures(unit, subtree, p, now).await?);
        }
        Ok(out)
    }

    fn board_once(
        units: &[Unit],
        rows: Vec<KinerjaCount>,
        period: Period,
        now: i64,
        elsewhere: &Elsewhere,
        weights: &Weights,
    ) -> Vec<Figures> {
        let mut by_unit: HashMap<String, Vec<KinerjaCount>> = HashMap::new();
        for r in rows {
            by_unit.entry(r.unit_code.clone()).or_default().push(r);
        }
        units
            .iter()
            .map(|u| {
                let counts = by_unit
                    .get(u.code.as_str())
                    .map(|r| counts_of(r))
                    .unwrap_or_default();
                Self::compute(u, true, period, now, &counts, elsewhere, weights)
            })
            .collect()
    }

    /// Subtree figures of the current units `which` names for the period
    /// and the one before, ranked among themselves, best first. Kept while
    /// nothing they depend on moves (see [`BoardCache`]); one request
    /// computes a board while the others wait for it.
    async fn board(
        &self,
        which: BoardId,
        period: Period,
        now: i64,
    ) -> Result<Arc<Vec<Ranked>>, KinerjaError> {
        let dir = self.store.unit_directory().await?;
        let units: Vec<Unit> = dir
            .current()
            .filter(|u| match &which {
                BoardId::Level(l) => u.level == *l,
                BoardId::Children(p) => {
                    u.parent_code.as_ref().map(UnitCode::as_str) == Some(p.as_str())
                }
            })
            .cloned()
            .collect();
        let prev = period.previous();
        let closed = last_closed_day(now);
        let stamp = self.stamp(now).await?;
        let e_now = self.elsewhere(period, now, &stamp).await?;
        let e_before = self.elsewhere(prev, now, &stamp).await?;
        let weights = self.weights_at(&stamp).await?;
        let key = BoardKey {
            which,
            period,
            closed,
            stamp,
            elsewhere: (e_now.key, e_before.key),
            units: dir,
        };
        let mut cache = self.boards.lock().await;
        if let Some((_, hit)) = cache.0.iter().find(|(k, _)| *k == key) {
            return Ok(hit.clone());
        }
        let read = |p: Period| {
            let (a, b) = closed_days(p, now);
            let (a, b) = (i64::from(a.0), i64::from(b.0));
            let store = self.store.clone();
            let which = key.which.clone();
            async move {
                match which {
                    BoardId::Level(l) => store.kinerja_counts_of_level(l.as_str(), a, b).await,
                    BoardId::Children(p) => store.kinerja_counts_of_children(&p, a, b).await,
                }
            }
        };
        let now_figs = Self::board_once(&units, read(period).await?, period, now, &e_now, &weights);
        let before = Self::board_once(&units, read(prev).await?, prev, now, &e_before, &weights);
        let ranks_now = index::ranks(&now_figs.iter().map(|f| f.index).collect::<Vec<_>>());
        let ranks_before = index::ranks(&before.iter().map(|f| f.index).collect::<Vec<_>>());
        let mut out: Vec<Ranked> = now_figs
            .into_iter()
            .zip(before)
            .zip(ranks_now.into_iter().zip(ranks_before))
            .map(|((figures, before), (rank, previous_rank))| Ranked {
                leap: index::leap(figures.index, before.index, rank, previous_rank),
                previous_index: before.index,
                figures,
                rank,
                previous_rank,
            })
            .collect();
        out.sort_by(|a, b| {
            (a.rank.is_none(), a.rank, &a.figures.code).cmp(&(
                b.rank.is_none(),
                b.rank,
                &b.figures.code,
            ))
        });
        let out = Arc::new(out);
        // The districts' and villages' national boards are computed each
        // time: kept, 7,000 or 83,000 units would hold tens of megabytes.
        if out.len() <= BOARD_KEPT_UNITS {
            keep(&mut cache.0, key, out.clone(), BOARDS_KEPT);
        }
        Ok(out)
    }

    /// Every current unit of a level, ranked nationally.
    pub async fn level_board(
        &self,
        level: Level,
        period: Period,
        now: i64,
    ) -> Result<Arc<Vec<Ranked>>, KinerjaError> {
        self.board(BoardId::Level(level), period, now).await
    }

    /// A unit's children, ranked among themselves.
    pub async fn children_board(
        &self,
        parent: &UnitCode,
        period: Period,
        now: i64,
    ) -> Result<Arc<Vec<Ranked>>, KinerjaError> {
        self.board(BoardId::Children(parent.as_str().to_owned()), period, now)
            .await
    }

    /// Computes ahead of the first reader the boards the national page
    /// shows (provinces, regencies and cities, the centre) for the current
    /// month, quarter and year, in that order. After midnight the last
    /// closed day moves and every board is computed again: at ten million
    /// records that took the first reader 2–10 s. Kept boards cost one
    /// stamp read each.
    pub async fn warm_national_boards(
        &self,
        now: i64,
    ) -> Result<Vec<Arc<Vec<Ranked>>>, KinerjaError> {
        let today = Day::of_instant(now, sinergi_domain::timezone::Zone::Wib);
        let mut boards = Vec::with_capacity(9);
        for kind in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            let period = Period::containing(kind, today);
            for level in [Level::Province, Level::Regency, Level::National] {
                boards.push(self.level_board(level, period, now).await?);
            }
        }
        Ok(boards)
    }

    /// A unit's rank and leap nationally (among its level) and in its parent.
    /// `national`: rank among the whole level too (every unit of the level
    /// is computed: villages are better ranked within their district).
    pub async fn standing(
        &self,
        unit: &Unit,
        period: Period,
        now: i64,
        national: bool,
    ) -> Result<Standing, KinerjaError> {
        let find = |board: &[Ranked]| -> (Option<(u32, usize)>, Leap) {
            let ranked = board.iter().filter(|r| r.rank.is_some()).count();
            board
                .iter()
                .find(|r| r.figures.code == unit.code.as_str())
                .map_or((None, index::leap(None, None, None, None)), |r| {
                    (r.rank.map(|k| (k, ranked)), r.leap)
                })
        };
        let (national, national_leap) = if national {
            find(&self.level_board(unit.level, period, now).await?)
        } else {
            (None, index::leap(None, None, None, None))
        };
        let (in_parent, parent_leap) = match &unit.parent_code {
            Some(p) => find(&self.children_board(p, period, now).await?),
            None => (None, index::leap(None, None, None, None)),
        };
        Ok(Standing {
            national,
            in_parent,
            national_leap,
            parent_leap,
        })
    }
}

/// The last day whose figures are final everywhere in Indonesia: the day
/// before today in WIB, the zone that reaches a new day last. Counts of
/// today and later are never shown: a release under embargo or scheduled
/// for later today (or any later day) is already counted on its public
/// day, and a count that moved before then would tell that it exists.
pub fn last_closed_day(now: i64) -> Day {
    Day(Day::of_instant(now, sinergi_domain::timezone::Zone::Wib).0 - 1)
}

/// The days of `period` whose counts may be read at `now`: `[start,
/// min(end, last closed day + 1))`, empty for a period not yet begun.
fn closed_days(period: Period, now: i64) -> (Day, Day) {
    let (a, b) = period.days();
    let b = b.min(Day(last_closed_day(now).0 + 1));
    (a, b.max(a))
}

#[cfg(test)]
mod closed_day_tests {
    use super::*;

    #[test]
    fn today_and_later_are_never_read() {
        // 2026-12-06 01:00 WIB (2026-12-05 18:00 UTC): WIT is already on
        // the 6th too; the last closed day is the 5th.
        let now: i64 = 1796493600 * 1_000_000;
        let today = Day::of_instant(now, sinergi_domain::timezone::Zone::Wib);
        assert_eq!(today, Day::from_civil(2026, 12, 6));
        assert_eq!(last_closed_day(now), Day::from_civil(2026, 12, 5));
        let month = Period::containing(PeriodKind::Month, today);
        let (a, b) = closed_days(month, now);
        assert_eq!(a, month.days().0);
        assert_eq!(b, today, "today is left out");
        let next = month.next();
        let (a, b) = closed_days(next, now);
        assert_eq!(a, b, "a period not yet begun reads nothing");
    }
}
