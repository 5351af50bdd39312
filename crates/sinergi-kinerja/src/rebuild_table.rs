//! The counters a rebuild accumulates: the same rows as
//! [`facts::rows`](crate::facts::rows) for every fact, added up, built
//! the cheap way. `rows` rolls each count up to every ancestor at once,
//! into a map keyed by the unit's code as a `String`: one allocation and
//! a string-keyed search per level per count, which at ten million
//! records was most of a rebuild. Here each code is kept once (an
//! interned number), counts are added for the unit alone, and the roll-up
//! to ancestors happens once per distinct (unit, metric, day) at the end.
//! The rows come out in the stored table's key order (unit, subtree, day,
//! metric), so the database appends rather than inserts at random.

use std::collections::HashMap;

use sinergi_store::kinerja::KinerjaRow;

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
    pub(crate) fn into_rows(mut self) -> Vec<KinerjaRow> {
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
        let mut tree: HashMap<(u32, Metric, Day), i64> = HashMap::with_capacity(alone.len() * 2);
        for (&(unit, metric, day), &n) in &alone {
            let mut at = Some(unit);
            while let Some(u) = at {
                *tree.entry((u, metric, day)).or_default() += n;
                at = parent[u as usize];
            }
        }
        let codes = self.codes;
        let mut order: Vec<u32> = (0..codes.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        order.sort_unstable_by(|a, b| codes[*a as usize].cmp(&codes[*b as usize]));
        let mut rank = vec![0u32; codes.len()];
        for (r, id) in order.iter().enumerate() {
            rank[*id as usize] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        let mut keyed: Vec<(u32, bool, i32, String, u32, i64)> =
            Vec::with_capacity(alone.len() + tree.len());
        for (subtree, map) in [(false, alone), (true, tree)] {
            keyed.extend(
                map.into_iter()
                    .filter(|(_, n)| *n != 0)
                    .map(|((u, m, d), n)| (rank[u as usize], subtree, d.0, m.key(), u, n)),
            );
        }
        keyed.sort_unstable_by(|a, b| (a.0, a.1, a.2, &a.3).cmp(&(b.0, b.1, b.2, &b.3)));
        keyed
            .into_iter()
            .map(|(_, tree, day, metric, u, n)| KinerjaRow {
                unit_code: codes[u as usize].clone(),
                tree,
                metric,
                day: i64::from(day),
                n,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::facts::rows;

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
            prop_assert_eq!(table.into_rows(), reference(&facts));
        }
    }
}
