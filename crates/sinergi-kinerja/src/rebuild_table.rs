//! The counters a rebuild accumulates: the same rows as
//! [`facts::rows`](crate::facts::rows) for every fact, added up, built
//! the cheap way. `rows` rolls each count up to every ancestor at once,
//! into a map keyed by the unit's code as a `String`: one allocation and
//! a string-keyed search per level per count, which at ten million
//! records was most of a rebuild. Here each code is kept once (an
//! interned number), counts are added for the unit alone, and the roll-up
//! to ancestors happens once per distinct (unit, metric, day) at the end.
//! The rows come out in the stored table's key order (unit, subtree, day,
//! metric), so the database appends rather than inserts at random, as
//! indexes into one list of codes and one of metric keys.

use std::collections::HashSet;

// Keys are a few small integers, hashed tens of millions of times at
// national scale: Fx, not the DoS-resistant default (no outside input
// chooses them).
use rustc_hash::FxHashMap as HashMap;

use sinergi_store::kinerja_rebuild::{KinerjaCell, KinerjaTable};

use crate::facts::{Count, Metric};
use crate::period::Day;

#[derive(Debug, Default)]
pub(crate) struct RebuildTable {
    ids: HashMap<String, u32>,
    codes: Vec<String>,
    alone: HashMap<(u32, Metric, Day), i64>,
}

impl RebuildTable {
    fn intern(&mut self, code: &str) -> u32 {
        if let Some(id) = self.ids.get(code) {
            return *id;
        }
        let id = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        self.codes.push(code.to_owned());
        self.ids.insert(code.to_owned(), id);
        id
    }

    /// Adds a fact's counts (as `rows(counts, 1, …)` would).
    pub(crate) fn add(&mut self, counts: &[Count]) {
        for c in counts {
            let id = self.intern(&c.unit);
            *self.alone.entry((id, c.metric, c.day)).or_default() += c.n;
        }
    }

    /// Every non-zero row, the unit alone and each subtree, sorted by the
    /// table's key: unit code, subtree, day, metric.
    pub(crate) fn into_table(mut self) -> KinerjaTable {
        // Each code's parent, interning ancestors as they come.
        let mut parent: Vec<Option<u32>> = Vec::with_capacity(self.codes.len());
        let mut i = 0;
        while i < self.codes.len() {
            let up = self.codes[i]
                .rfind('.')
                .map(|k| self.codes[i][..k].to_owned());
            let p = up.map(|code| self.intern(&code));
            parent.push(p);
            i += 1;
        }
        let alone = std::mem::take(&mut self.alone);
        let mut tree: HashMap<(u32, Metric, Day), i64> =
            HashMap::with_capacity_and_hasher(alone.len() * 2, Default::default());
        for (&(unit, metric, day), &n) in &alone {
            let mut at = Some(unit);
            while let Some(u) = at {
                *tree.entry((u, metric, day)).or_default() += n;
                at = parent[u as usize];
            }
        }
        // Metric keys once each, numbered in the keys' text order.
        let mut metrics: Vec<(String, Metric)> = alone
            .keys()
            .map(|(_, m, _)| *m)
            .collect::<HashSet<Metric>>()
            .into_iter()
            .map(|m| (m.key(), m))
            .collect();
        metrics.sort_unstable();
        let metric_id: HashMap<Metric, u32> = metrics
            .iter()
            .zip(0u32..)
            .map(|((_, m), id)| (*m, id))
            .collect();
        let codes = self.codes;
        let mut order: Vec<u32> = (0..codes.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        order.sort_unstable_by(|a, b| codes[*a as usize].cmp(&codes[*b as usize]));
        let mut rank = vec![0u32; codes.len()];
        for (r, id) in order.iter().enumerate() {
            rank[*id as usize] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        let mut cells: Vec<KinerjaCell> = Vec::with_capacity(alone.len() + tree.len());
        for (subtree, map) in [(false, alone), (true, tree)] {
            cells.extend(
                map.into_iter()
                    .filter(|(_, n)| *n != 0)
                    .map(|((u, m, d), n)| KinerjaCell {
                        unit: u,
                        tree: subtree,
                        day: d.0,
                        metric: metric_id[&m],
                        n,
                    }),
            );
        }
        // Metric ids are already in key order; units by their code's rank.
        cells.sort_unstable_by_key(|c| (rank[c.unit as usize], c.tree, c.day, c.metric));
        KinerjaTable {
            codes,
            metrics: metrics.into_iter().map(|(k, _)| k).collect(),
            cells,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::facts::rows;
    use sinergi_store::kinerja::KinerjaRow;

    const UNITS: [&str; 7] = [
        "51",
        "51.71",
        "51.71.01",
        "51.71.01.1001",
        "35.78",
        "kemenpanrb.hkip",
        "kemenpanrb",
    ];
    const METRICS: [Metric; 4] = [
        Metric::Releases,
        Metric::Delay(3),
        Metric::Delay(12),
        Metric::CommitmentsKept,
    ];

    fn reference(facts: &[Vec<Count>]) -> Vec<KinerjaRow> {
        let mut t = BTreeMap::new();
        for f in facts {
            rows(f, 1, &mut t);
        }
        let mut out: Vec<KinerjaRow> = t
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|((unit_code, tree, metric, day), n)| KinerjaRow {
                unit_code,
                tree,
                metric: metric.key(),
                day: i64::from(day.0),
                n,
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.unit_code, a.tree, a.day, &a.metric).cmp(&(&b.unit_code, b.tree, b.day, &b.metric))
        });
        out
    }

    proptest! {
        #[test]
        fn the_same_rows_as_facts_rows_in_key_order(
            facts in prop::collection::vec(
                prop::collection::vec((0..UNITS.len(), 0..METRICS.len(), 20_000..20_004i32, -2..3i64), 0..4),
                0..40,
            )
        ) {
            let facts: Vec<Vec<Count>> = facts
                .into_iter()
                .map(|f| f.into_iter().map(|(u, m, d, n)| Count {
                    unit: UNITS[u].to_owned(),
                    day: Day(d),
                    metric: METRICS[m],
                    n,
                }).collect())
                .collect();
            let mut table = RebuildTable::default();
            for f in &facts {
                table.add(f);
            }
            let rows: Vec<KinerjaRow> = table.into_table().rows().collect();
            prop_assert_eq!(rows, reference(&facts));
        }
    }
}
