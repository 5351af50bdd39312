//! Commitments made at an event: recorded by the organiser's people (or
//! the promising unit's), closed by hand only when they are not derived.

use serde::{Deserialize, Serialize};
use sinergi_domain::access::{Principal, may_close_commitment, may_record_event};
use sinergi_domain::forum::{CommitmentKind, Fulfilment, FulfilmentState};
use sinergi_domain::plain_text::{FORBIDDEN_CHAR_KEY, forbidden_char};
use sinergi_domain::{CommitmentId, ReleaseId, UnitCode, Zone};
use sinergi_store::forums::{
    CommitmentDraft, CommitmentLogEntry, CommitmentRecord, EventRecord, Evidence,
};

use crate::events::{release_is_public, visible};
use crate::input::{children_of, is_web_url, known_unit, parse_codes, parse_local, push};
use crate::{ForumError, Forums};

/// A commitment as recorded at an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct CommitmentInput {
    /// Who promises (a unit code).
    pub unit: String,
    /// `replicate` or `other`.
    pub kind: String,
    pub what: String,
    /// For whom (unit codes).
    pub for_units: Vec<String>,
    /// Also every unit directly below the promising unit.
    pub for_children: bool,
    /// `YYYY-MM-DD`, the end of that day in the promising unit's zone.
    pub due_on: String,
}

/// How an officer closes a commitment that is not derived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct CloseInput {
    pub evidence_url: String,
    /// A release id, as typed.
    pub evidence_release: String,
    /// A file uploaded (through the newsroom's checks) for the promising
    /// unit or the organiser.
    pub evidence_media: Option<i64>,
    pub note: String,
}

/// A commitment with how far it is kept.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    pub record: CommitmentRecord,
    /// Derived, for commitments to replicate.
    pub fulfilment: Option<Fulfilment>,
    pub state: FulfilmentState,
    /// Past its date and not kept by then.
    pub overdue: bool,
    pub can_close: bool,
}

/// A commitment and who organised the event it was made at.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentWithOrganiser {
    pub record: CommitmentRecord,
    pub organiser: UnitCode,
}

const MAX_WHAT: usize = 2_000;
const MAX_FOR: usize = 600;

impl CommitmentView {
    pub(crate) fn of(
        p: &Principal,
        record: CommitmentRecord,
        fulfilment: Option<Fulfilment>,
        organiser: &UnitCode,
        now: i64,
    ) -> CommitmentView {
        let (state, overdue, can_close) = match (&record.kind, &fulfilment) {
            (CommitmentKind::Replicate, Some(f)) => {
                (f.state(), f.overdue(record.due_at, now), false)
            }
            _ => {
                let closed = record.closed_at.is_some();
                (
                    if closed {
                        FulfilmentState::Fulfilled
                    } else {
                        FulfilmentState::Pending
                    },
                    !closed && now > record.due_at,
                    !closed && may_close_commitment(p, &record.unit_code, organiser),
                )
            }
        };
        CommitmentView {
            record,
            fulfilment,
            state,
            overdue,
            can_close,
        }
    }
}

impl Forums {
    /// Records a commitment made at `event`.
    pub async fn record_commitment(
        &self,
        p: &Principal,
        event: sinergi_domain::EventId,
        input: &CommitmentInput,
    ) -> Result<CommitmentRecord, ForumError> {
        let e = self.visible_record(p, event).await?;
        let unit = UnitCode::parse(input.unit.trim()).ok();
        let allowed = may_record_event(p, &e.organiser_code)
            || unit.as_ref().is_some_and(|u| may_record_event(p, u));
        if !allowed {
            return Err(ForumError::NotAllowed);
        }
        let draft = self.validate_commitment(&e, input, false).await?;
        let id = self
            .store
            .insert_commitment(&draft, p.user_id, self.now())
            .await?;
        self.notifier.notify();
        self.commitment_record(id).await
    }

    pub(crate) async fn validate_commitment(
        &self,
        e: &EventRecord,
        input: &CommitmentInput,
        example: bool,
    ) -> Result<CommitmentDraft, ForumError> {
        let mut problems = Vec::new();
        let unit = match UnitCode::parse(input.unit.trim()) {
            Ok(c) if known_unit(&self.store, &c).await => Some(c),
            _ => {
                push(&mut problems, "unit", "ev-unit-unknown");
                None
            }
        };
        let kind = input.kind.trim().parse::<CommitmentKind>().ok();
        if kind.is_none() {
            push(&mut problems, "kind", "ev-commitment-kind-invalid");
        }
        if kind == Some(CommitmentKind::Replicate) && e.series_id.is_none() {
            push(&mut problems, "kind", "ev-replicate-needs-series");
        }
        let what = input.what.trim().to_owned();
        if what.is_empty() {
            push(&mut problems, "what", "ev-what-required");
        } else if what.len() > MAX_WHAT {
            push(&mut problems, "what", "ev-too-long");
        }
        if forbidden_char(&input.what).is_some() {
            push(&mut problems, "what", FORBIDDEN_CHAR_KEY);
        }
        let mut for_units = parse_codes(
            &input.for_units,
            "for_units",
            "ev-unit-unknown",
            &mut problems,
        );
        for c in &for_units {
            if !known_unit(&self.store, c).await {
                push(&mut problems, "for_units", "ev-unit-unknown");
            }
        }
        if input.for_children
            && let Some(u) = &unit
        {
            for c in children_of(&self.store, u).await? {
                if !for_units.contains(&c) {
                    for_units.push(c);
                }
            }
        }
        if kind == Some(CommitmentKind::Replicate) && for_units.is_empty() {
            push(&mut problems, "for_units", "ev-for-required");
        }
        if for_units.len() > MAX_FOR {
            push(&mut problems, "for_units", "ev-too-many-invited");
        }
        let zone = unit.as_ref().map(Zone::of_unit).unwrap_or(Zone::Wib);
        let due_at =
            parse_local(&format!("{}T23:59", input.due_on.trim()), zone).map(|at| at + 59_999_999);
        match due_at {
            None => push(&mut problems, "due_on", "ev-date-invalid"),
            Some(d) if d < e.starts_at => push(&mut problems, "due_on", "ev-due-before-event"),
            Some(_) => {}
        }
        match (unit, kind, due_at) {
            (Some(unit_code), Some(kind), Some(due_at)) if problems.is_empty() => {
                Ok(CommitmentDraft {
                    event_id: e.id,
                    unit_code,
                    kind,
                    what,
                    for_units,
                    due_at,
                    example,
                })
            }
            _ => Err(ForumError::Invalid(problems)),
        }
    }

    /// Closes a commitment that is not derived, with evidence (a link, a
    /// public release or a file); the closure is kept in its log.
    pub async fn close_commitment(
        &self,
        p: &Principal,
        id: CommitmentId,
        input: &CloseInput,
    ) -> Result<CommitmentRecord, ForumError> {
        let c = self.commitment_record(id).await?;
        let e = self.visible_record(p, c.event_id).await?;
        if !may_close_commitment(p, &c.unit_code, &e.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        if c.kind == CommitmentKind::Replicate {
            return Err(ForumError::invalid("evidence_url", "ev-derived-not-closed"));
        }
        let mut problems = Vec::new();
        let url = input.evidence_url.trim();
        if !url.is_empty() && !is_web_url(url) {
            push(&mut problems, "evidence_url", "ev-url-invalid");
        }
        let now = self.now();
        let release = match input.evidence_release.trim() {
            "" => None,
            r => match r.parse::<ReleaseId>() {
                Ok(id) => match self.store.release(id).await? {
                    Some(rel) if release_is_public(&rel, now) => Some(id),
                    _ => {
                        push(&mut problems, "evidence_release", "ev-release-unknown");
                        None
                    }
                },
                Err(_) => {
                    push(&mut problems, "evidence_release", "ev-release-unknown");
                    None
                }
            },
        };
        let media = match input.evidence_media {
            None => None,
            Some(m) => match self.store.media(m).await? {
                Some(rec)
                    if rec.unit_code == c.unit_code.as_str()
                        || rec.unit_code == e.organiser_code.as_str() =>
                {
                    Some(m)
                }
                _ => {
                    push(&mut problems, "evidence_file", "ev-evidence-file-unknown");
                    None
                }
            },
        };
        if url.is_empty() && release.is_none() && media.is_none() && problems.is_empty() {
            push(&mut problems, "evidence_url", "ev-evidence-required");
        }
        if forbidden_char(&input.note).is_some() || input.note.len() > MAX_WHAT {
            push(&mut problems, "note", FORBIDDEN_CHAR_KEY);
        }
        if !problems.is_empty() {
            return Err(ForumError::Invalid(problems));
        }
        let evidence = Evidence {
            url: (!url.is_empty()).then_some(url),
            release,
            media,
        };
        if !self
            .store
            .close_commitment(id, p.user_id, &evidence, input.note.trim(), now)
            .await?
        {
            return Err(ForumError::invalid("evidence_url", "ev-already-closed"));
        }
        self.notifier.notify();
        self.commitment_record(id).await
    }

    pub(crate) async fn commitment_record(
        &self,
        id: CommitmentId,
    ) -> Result<CommitmentRecord, ForumError> {
        self.store
            .commitment(id)
            .await?
            .ok_or_else(|| ForumError::NotFound(format!("commitment {id}")))
    }

    /// A commitment, for whoever sees its event, with the event's organiser.
    pub async fn commitment(
        &self,
        p: &Principal,
        id: CommitmentId,
    ) -> Result<CommitmentWithOrganiser, ForumError> {
        let record = self.commitment_record(id).await?;
        let e = self.visible_record(p, record.event_id).await?;
        Ok(CommitmentWithOrganiser {
            record,
            organiser: e.organiser_code,
        })
    }

    /// A commitment's closing log, for whoever sees its event.
    pub async fn commitment_log(
        &self,
        p: &Principal,
        id: CommitmentId,
    ) -> Result<Vec<CommitmentLogEntry>, ForumError> {
        let c = self.commitment_record(id).await?;
        self.visible_record(p, c.event_id).await?;
        Ok(self.store.commitment_log(id).await?)
    }

    /// The commitments made at `event`, each with how far it is kept.
    pub(crate) async fn commitment_views(
        &self,
        p: &Principal,
        event: &EventRecord,
    ) -> Result<Vec<CommitmentView>, ForumError> {
        let records = self.store.event_commitments(event.id).await?;
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let derived = match event.series_id {
            Some(series) => self.derive_series(p, series).await?,
            None => Default::default(),
        };
        let now = self.now();
        Ok(records
            .into_iter()
            .map(|r| {
                let f = derived.fulfilment_of(r.id);
                CommitmentView::of(p, r, f, &event.organiser_code, now)
            })
            .collect())
    }
}

/// Whether `p` sees the event a commitment was made at.
pub(crate) fn commitment_visible(p: &Principal, e: &EventRecord) -> bool {
    visible(p, e)
}

impl Forums {
    /// Records a commitment marked as an example, without a rights check:
    /// for `sinergi demo` only.
    pub async fn record_example_commitment(
        &self,
        event: &EventRecord,
        input: &CommitmentInput,
    ) -> Result<CommitmentRecord, ForumError> {
        let draft = self.validate_commitment(event, input, true).await?;
        let id = self
            .store
            .insert_commitment(&draft, None, self.now())
            .await?;
        self.notifier.notify();
        self.commitment_record(id).await
    }
}
