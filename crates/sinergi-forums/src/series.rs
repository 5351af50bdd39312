//! A series' page: every event the reader sees, who attended, the
//! commitments made and how far each is kept, and how far the series
//! cascaded down the tree. Fulfilment is derived here, at read time, from
//! the events and attendance the reader sees (an internal event counts
//! only for those who see it), with `sinergi_domain::forum::fulfilment`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use sinergi_domain::access::{Principal, may_record_event};
use sinergi_domain::forum::{
    Cascade, CommitmentFacts, CommitmentKind, EventFacts, Fulfilment, Tally, derive,
};
use sinergi_domain::{CommitmentId, EventId, Level, SeriesId, UnitCode};
use sinergi_store::forums::{CommitmentRecord, EventFilter, EventRecord, SeriesRecord};

use crate::commitments::{CommitmentView, commitment_visible};
use crate::events::visible;
use crate::{ForumError, Forums, MAX_LIST};

/// A commitment on the series page.
pub type CommitmentFigure = CommitmentView;

/// The events, attendance and commitments of a series that a reader sees,
/// with the derived fulfilment of each commitment to replicate.
#[derive(Debug, Clone, Default)]
pub(crate) struct Derived {
    pub events: Vec<EventRecord>,
    pub attended: HashMap<EventId, BTreeSet<UnitCode>>,
    pub commitments: Vec<CommitmentRecord>,
    pub facts: Vec<CommitmentFacts>,
    pub fulfilments: Vec<Fulfilment>,
}

impl Derived {
    pub fn fulfilment_of(&self, id: CommitmentId) -> Option<Fulfilment> {
        self.facts
            .iter()
            .position(|c| c.id == id.get())
            .and_then(|i| self.fulfilments.get(i).cloned())
    }
}

/// A row of the cascade tree.
#[derive(Debug, Clone, Serialize)]
pub struct TreeNode {
    pub unit_code: UnitCode,
    pub unit_name: String,
    /// Its own commitments to replicate.
    pub own: Option<Tally>,
    /// Its own and those of every unit below it.
    pub subtree: Tally,
    /// Under a unit's commitment: whether it attended that unit's event.
    pub attended: Option<bool>,
    /// Whether there is a level below to open.
    pub has_children: bool,
}

/// The series page.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    pub series: SeriesRecord,
    pub description_html: String,
    /// Events the reader sees, in order, each with the units present.
    pub events: Vec<(EventRecord, Vec<UnitCode>)>,
    pub commitments: Vec<CommitmentFigure>,
    /// Every commitment to replicate, summed.
    pub totals: Tally,
    #[serde(skip)]
    pub cascade: Cascade,
    /// Per unit, what the commitments to replicate of the units not below it promised it:
    /// `total` is how many promised it, `reached` how many of those it attended (the
    /// `commitments` and `fulfilled` counts stay 0).
    #[serde(skip)]
    pub promised: BTreeMap<UnitCode, Tally>,
    /// Names of every unit the page mentions, by code.
    pub names: BTreeMap<String, String>,
    /// May record events (into this series).
    pub can_record: bool,
}

impl SeriesView {
    fn name(&self, code: &UnitCode) -> String {
        self.names
            .get(code.as_str())
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The tree at `unit` (its top for `None`): at the top, the units whose
    /// commitments no committed unit above them carries; below a unit, the
    /// units its commitments were for and the committed units whose
    /// nearest committed unit above is it.
    pub fn tree(&self, unit: Option<&UnitCode>) -> Vec<TreeNode> {
        let mut rows: BTreeMap<UnitCode, TreeNode> = BTreeMap::new();
        let node = |code: &UnitCode, attended: Option<bool>| TreeNode {
            unit_code: code.clone(),
            unit_name: self.name(code),
            own: self.cascade.own.get(code).copied(),
            subtree: self.cascade.subtree.get(code).copied().unwrap_or_default(),
            attended,
            has_children: self.cascade.own.contains_key(code)
                || self.cascade.committed_parent_of_any(code),
        };
        match unit {
            None => {
                for code in self.cascade.own.keys() {
                    if self.cascade.committed_parent(code).is_none() {
                        rows.insert(code.clone(), node(code, None));
                    }
                }
            }
            Some(u) => {
                for c in self.commitments.iter().filter(|c| {
                    c.record.unit_code == *u && c.record.kind == CommitmentKind::Replicate
                }) {
                    let reached = c.fulfilment.as_ref().map(|f| &f.reached);
                    for f in &c.record.for_units {
                        let attended = reached.is_some_and(|r| r.contains(f));
                        let entry = rows
                            .entry(f.clone())
                            .or_insert_with(|| node(f, Some(false)));
                        entry.attended = Some(entry.attended == Some(true) || attended);
                    }
                }
                for code in self.cascade.own.keys() {
                    if self.cascade.committed_parent(code).as_ref() == Some(u) {
                        rows.entry(code.clone()).or_insert_with(|| node(code, None));
                    }
                }
            }
        }
        rows.into_values().collect()
    }

    /// Each province with commitments at or below it: its cascaded tally.
    pub fn provinces(&self) -> Vec<(UnitCode, String, Tally)> {
        self.cascade
            .subtree
            .iter()
            .filter(|(code, _)| code.level() == Level::Province)
            .map(|(code, t)| (code.clone(), self.name(code), *t))
            .collect()
    }

    /// Each regency or city of `province` that a commitment was for or that has commitments
    /// at or below it, for the province's own map: its figure counts it as one of the units
    /// each commitment above it promised (reached when it attended), plus its own
    /// commitments and those below it (as [`Self::provinces`] counts a province). So a
    /// regency that attended the province's replicated event and has promised nothing
    /// further reads "1 of 1", and one whose districts are half reached climbs with them.
    pub fn regencies(&self, province: &UnitCode) -> Vec<(UnitCode, String, Tally)> {
        let mut rows: BTreeMap<&UnitCode, Tally> = BTreeMap::new();
        let in_province =
            |code: &UnitCode| code.level() == Level::Regency && code.is_descendant_of(province);
        for (code, t) in self.promised.iter().filter(|&(c, _)| in_province(c)) {
            let row = rows.entry(code).or_default();
            row.reached += t.reached;
            row.total += t.total;
        }
        for (code, t) in self.cascade.subtree.iter().filter(|&(c, _)| in_province(c)) {
            let row = rows.entry(code).or_default();
            row.commitments += t.commitments;
            row.fulfilled += t.fulfilled;
            row.reached += t.reached;
            row.total += t.total;
        }
        rows.into_iter()
            .map(|(code, t)| (code.clone(), self.name(code), t))
            .collect()
    }

    /// The path from the top of the tree down to `unit`.
    pub fn path(&self, unit: &UnitCode) -> Vec<(UnitCode, String)> {
        let mut path = vec![(unit.clone(), self.name(unit))];
        let mut at = self.cascade.committed_parent(unit);
        while let Some(u) = at {
            at = self.cascade.committed_parent(&u);
            path.push((u.clone(), self.name(&u)));
        }
        path.reverse();
        path
    }
}

trait CascadeExt {
    fn committed_parent_of_any(&self, code: &UnitCode) -> bool;
}

impl CascadeExt for Cascade {
    /// Whether some committed unit has `code` as its nearest committed unit above.
    fn committed_parent_of_any(&self, code: &UnitCode) -> bool {
        self.own
            .keys()
            .any(|c| c.is_descendant_of(code) && self.committed_parent(c).as_ref() == Some(code))
    }
}

impl Forums {
    /// The series' events, attendance and commitments that `p` sees, with
    /// every commitment to replicate's fulfilment derived.
    pub(crate) async fn derive_series(
        &self,
        p: &Principal,
        series: SeriesId,
    ) -> Result<Derived, ForumError> {
        let events = self
            .list(
                p,
                &EventFilter {
                    series: Some(series),
                    limit: MAX_LIST,
                    ..Default::default()
                },
            )
            .await?;
        let mut attended: HashMap<EventId, BTreeSet<UnitCode>> = HashMap::new();
        for (event, units) in self.store.series_attendance(series).await? {
            attended.insert(
                EventId::new(event),
                units
                    .iter()
                    .filter_map(|u| UnitCode::parse(u).ok())
                    .collect(),
            );
        }
        let visible_ids: BTreeSet<EventId> = events.iter().map(|e| e.id).collect();
        let commitments: Vec<CommitmentRecord> = self
            .store
            .series_commitments(series)
            .await?
            .into_iter()
            .filter(|c| visible_ids.contains(&c.event_id))
            .collect();
        let event_facts: Vec<EventFacts> = events
            .iter()
            .map(|e| EventFacts {
                id: e.id.get(),
                series: e.series_id.map(SeriesId::get),
                organiser: e.organiser_code.clone(),
                starts_at: e.starts_at,
                cancelled: e.cancelled(),
                attended: attended.get(&e.id).cloned().unwrap_or_default(),
            })
            .collect();
        let facts: Vec<CommitmentFacts> = commitments
            .iter()
            .filter(|c| c.kind == CommitmentKind::Replicate)
            .map(|c| CommitmentFacts {
                id: c.id.get(),
                series: c.series_id.map(SeriesId::get),
                made_at_event: c.event_id.get(),
                made_at: c.event_starts_at,
                unit: c.unit_code.clone(),
                for_units: c.for_units.iter().cloned().collect(),
                due_at: c.due_at,
            })
            .collect();
        let fulfilments = derive(&facts, &event_facts);
        Ok(Derived {
            events,
            attended,
            commitments,
            facts,
            fulfilments,
        })
    }

    /// The series page for `p`.
    pub async fn series(&self, p: &Principal, id: SeriesId) -> Result<SeriesView, ForumError> {
        let series = self.series_record(id).await?;
        let d = self.derive_series(p, id).await?;
        let cascade = Cascade::build(&d.facts, &d.fulfilments);
        let promised = promised(&d.facts, &d.fulfilments);
        let mut totals = Tally::default();
        for f in &d.fulfilments {
            totals.add(f);
        }
        let now = self.now();
        let organisers: HashMap<EventId, UnitCode> = d
            .events
            .iter()
            .map(|e| (e.id, e.organiser_code.clone()))
            .collect();
        let mut codes: BTreeSet<String> = BTreeSet::new();
        for c in &d.commitments {
            codes.insert(c.unit_code.to_string());
            codes.extend(c.for_units.iter().map(|u| u.to_string()));
        }
        for e in &d.events {
            if let Some(a) = d.attended.get(&e.id) {
                codes.extend(a.iter().map(|u| u.to_string()));
            }
            // Organisers and the units above them: the page narrows its
            // lists to any of them by name.
            let mut up = Some(e.organiser_code.clone());
            while let Some(code) = up {
                up = code.parent();
                if !codes.insert(code.to_string()) {
                    break;
                }
            }
        }
        // Units above committed units, for the tree's path and the map.
        for code in cascade.subtree.keys() {
            codes.insert(code.to_string());
        }
        let names = self
            .store
            .unit_names(codes.iter().map(String::as_str))
            .await?;
        let commitments = d
            .commitments
            .iter()
            .filter(|c| {
                d.events
                    .iter()
                    .find(|e| e.id == c.event_id)
                    .is_some_and(|e| commitment_visible(p, e))
            })
            .map(|c| {
                let organiser = organisers
                    .get(&c.event_id)
                    .cloned()
                    .unwrap_or_else(|| c.unit_code.clone());
                CommitmentView::of(p, c.clone(), d.fulfilment_of(c.id), &organiser, now)
            })
            .collect();
        let events = d
            .events
            .iter()
            .filter(|e| visible(p, e))
            .map(|e| {
                let present = d
                    .attended
                    .get(&e.id)
                    .map(|a| a.iter().cloned().collect())
                    .unwrap_or_default();
                (e.clone(), present)
            })
            .collect();
        Ok(SeriesView {
            description_html: sinergi_media::render_markdown(&series.description_md),
            can_record: p.memberships.iter().any(|m| may_record_event(p, &m.unit)),
            series,
            events,
            commitments,
            totals,
            cascade,
            promised,
            names,
        })
    }
}

/// What each unit was promised by commitments of units that are not it or below it (a
/// commitment below a unit already counts in its subtree's tally).
fn promised(facts: &[CommitmentFacts], fulfilments: &[Fulfilment]) -> BTreeMap<UnitCode, Tally> {
    let mut promised: BTreeMap<UnitCode, Tally> = BTreeMap::new();
    for (c, f) in facts.iter().zip(fulfilments) {
        for unit in &c.for_units {
            if c.unit == *unit || c.unit.is_descendant_of(unit) {
                continue;
            }
            let t = promised.entry(unit.clone()).or_default();
            t.total += 1;
            t.reached += i64::from(f.reached.contains(unit));
        }
    }
    promised
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn commitment(id: i64, unit: &str, for_units: &[&str]) -> CommitmentFacts {
        CommitmentFacts {
            id,
            series: Some(1),
            made_at_event: 1,
            made_at: 0,
            unit: code(unit),
            for_units: for_units.iter().map(|u| code(u)).collect(),
            due_at: 1,
        }
    }

    fn fulfilment(c: &CommitmentFacts, reached: &[&str]) -> Fulfilment {
        Fulfilment {
            commitment: c.id,
            reached: reached.iter().map(|u| code(u)).collect(),
            total: c.for_units.len(),
            events: Vec::new(),
            fulfilled_at: None,
        }
    }

    #[test]
    fn a_regency_counts_what_was_promised_it_and_its_own_cascade() {
        let jatim = commitment(1, "35", &["35.01", "35.02", "35.78"]);
        let surabaya = commitment(2, "35.78", &["35.78.01", "35.78.02"]);
        let bali = commitment(3, "51", &["51.71"]);
        let facts = [jatim.clone(), surabaya.clone(), bali.clone()];
        let fulfilments = [
            fulfilment(&jatim, &["35.01", "35.78"]),
            fulfilment(&surabaya, &["35.78.01"]),
            fulfilment(&bali, &[]),
        ];
        let view = SeriesView {
            series: SeriesRecord {
                id: SeriesId::new(1),
                owner_code: code("kemenpanrb"),
                owner_name: "Kementerian PANRB".into(),
                title: "Workshop".into(),
                description_md: String::new(),
                created_at: 0,
                updated_at: 0,
            },
            description_html: String::new(),
            events: Vec::new(),
            commitments: Vec::new(),
            totals: Tally::default(),
            cascade: Cascade::build(&facts, &fulfilments),
            promised: promised(&facts, &fulfilments),
            names: BTreeMap::from([("35.78".to_owned(), "Kota Surabaya".to_owned())]),
            can_record: false,
        };
        let rows: Vec<(String, String, i64, i64)> = view
            .regencies(&code("35"))
            .into_iter()
            .map(|(c, n, t)| (c.to_string(), n, t.reached, t.total))
            .collect();
        assert_eq!(
            rows,
            [
                ("35.01".to_owned(), "35.01".to_owned(), 1, 1),
                ("35.02".to_owned(), "35.02".to_owned(), 0, 1),
                ("35.78".to_owned(), "Kota Surabaya".to_owned(), 2, 3),
            ]
        );
        // The province's own figure is the sum of its regencies' here.
        let province = view.cascade.subtree[&code("35")];
        assert_eq!((province.reached, province.total), (3, 5));
        assert_eq!(view.regencies(&code("51")).len(), 1);
        assert!(view.regencies(&code("52")).is_empty());
    }
}
