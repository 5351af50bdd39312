//! Who reads which match, and the officers' decisions.
//!
//! A pickup (credited or confirmed) of a release the public reads now is
//! public, with its passages, so anyone can check it. Matches waiting
//! for review, and rejected ones, are internal work of the release's
//! unit. Confirming or rejecting takes the `Review` right on the
//! release's unit (its editors and admins); every decision is audited.

use sinergi_domain::access::{Action, Principal, Scope};
use sinergi_domain::newsroom::{ReleaseFacts, ReleaseState, is_public_now};
use sinergi_domain::{MatchId, ReleaseId, UnitCode};
use sinergi_store::accounts::audit::Actor;
use sinergi_store::monitor::{ArticleRecord, MatchRecord, MatchState, MatchableRelease};

use crate::{Monitoring, MonitoringError, release_text};

/// A match as a reader may see it, with both texts for the side-by-side view.
#[derive(Debug, Clone)]
pub struct MatchView {
    pub record: MatchRecord,
    /// The release's text the passages refer to; `None` when the release
    /// changed since (its passages are then shown on the article only).
    pub release_text: Option<String>,
    /// Other outlets that carried the same text.
    pub copies: Vec<ArticleRecord>,
    /// The reader may confirm or reject it.
    pub can_decide: bool,
    /// The reader sees the unit's internal work.
    pub internal: bool,
}

/// A release's coverage as a reader may see it.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Credited and confirmed pickups, oldest first.
    pub pickups: Vec<MatchRecord>,
    /// Waiting for review (internal readers only).
    pub waiting: Vec<MatchRecord>,
    /// Distinct outlets among the pickups.
    pub outlets: usize,
}

fn facts_public_now(r: &MatchableRelease, unit: &UnitCode, now: i64) -> bool {
    is_public_now(
        &ReleaseFacts {
            unit,
            state: r.state,
            public_at: r.public_at,
            embargo: r.embargo != 0,
            withdrawn_at: r.withdrawn_at,
        },
        now,
    )
}

impl Monitoring {
    /// One match, if `p` may read it.
    pub async fn view_match(
        &self,
        p: &Principal,
        id: MatchId,
    ) -> Result<MatchView, MonitoringError> {
        let record = self.store.match_record(id).await?;
        let release = self.store.matchable_release(record.release_id).await?;
        let unit = UnitCode::parse(&release.unit_code)
            .map_err(|_| MonitoringError::NotFound(format!("match {id}")))?;
        let internal = p.can(Action::ReadInternal, &unit);
        let public = record.state.is_pickup() && facts_public_now(&release, &unit, self.now());
        if !internal && !public {
            return Err(MonitoringError::NotFound(format!("match {id}")));
        }
        let release_text = (release.version == record.release_version)
            .then(|| release_text(&release.title, &release.lead, &release.body_html));
        let copies = match record.article_group {
            Some(g) => self
                .store
                .article_group(g)
                .await?
                .into_iter()
                .filter(|a| a.id != record.article_id)
                .collect(),
            None => Vec::new(),
        };
        Ok(MatchView {
            can_decide: p.can(Action::Review, &unit) && release.state != ReleaseState::Draft,
            internal,
            record,
            release_text,
            copies,
        })
    }

    /// The coverage of a release `p` reads; `internal`: the reader sees
    /// the unit's internal work (then also what waits for review).
    pub async fn coverage(
        &self,
        p: &Principal,
        release: ReleaseId,
        unit: &UnitCode,
    ) -> Result<Coverage, MonitoringError> {
        let internal = p.can(Action::ReadInternal, unit);
        let mut states = vec![MatchState::Credited, MatchState::Confirmed];
        if internal {
            states.push(MatchState::Review);
        }
        let all = self.store.release_matches(release, &states).await?;
        let (pickups, waiting): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|m| m.state.is_pickup());
        let mut outlets: Vec<&str> = pickups.iter().map(|m| m.outlet.as_str()).collect();
        outlets.sort_unstable();
        outlets.dedup();
        Ok(Coverage {
            outlets: outlets.len(),
            pickups,
            waiting,
        })
    }

    /// The review queue: matches waiting for `p`'s decision, newest first.
    pub async fn review_queue(
        &self,
        p: &Principal,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, MonitoringError> {
        let scope: Scope = p.scope(Action::Review);
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .matches_in_scope(MatchState::Review, &scope, limit)
            .await?)
    }

    /// Recent pickups of units `p` reads internally, newest first.
    pub async fn recent_pickups(
        &self,
        p: &Principal,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, MonitoringError> {
        let scope = p.scope(Action::ReadInternal);
        let mut out = self
            .store
            .matches_in_scope(MatchState::Credited, &scope, limit)
            .await?;
        out.extend(
            self.store
                .matches_in_scope(MatchState::Confirmed, &scope, limit)
                .await?,
        );
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        out.truncate(limit.max(0) as usize);
        Ok(out)
    }

    /// Confirms (`true`) or rejects a match; only an officer with the
    /// `Review` right on the release's unit.
    pub async fn decide(
        &self,
        p: &Principal,
        actor: &Actor,
        id: MatchId,
        confirm: bool,
    ) -> Result<MatchRecord, MonitoringError> {
        let record = self.store.match_record(id).await?;
        let unit = UnitCode::parse(&record.unit_code)
            .map_err(|_| MonitoringError::NotFound(format!("match {id}")))?;
        if !p.can(Action::ReadInternal, &unit) {
            return Err(MonitoringError::NotFound(format!("match {id}")));
        }
        if !p.can(Action::Review, &unit) {
            return Err(MonitoringError::NotAllowed);
        }
        let decision = if confirm {
            MatchState::Confirmed
        } else {
            MatchState::Rejected
        };
        self.store
            .decide_match(id, decision, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(self.store.match_record(id).await?)
    }

    /// How the decisions so far would tune the credit threshold: for each
    /// candidate threshold (in basis points), the decided matches it would
    /// have credited that people rejected, and the confirmed ones it
    /// would have left for review. The lowest threshold with no rejected
    /// match above it is the evidence for raising or lowering the default.
    pub async fn threshold_report(&self) -> Result<Vec<(i64, usize, usize)>, MonitoringError> {
        let decided = self.store.match_decisions().await?;
        Ok((30..=100)
            .step_by(5)
            .map(|t| {
                let t = t * 100;
                let wrongly_credited = decided.iter().filter(|(s, ok)| *s >= t && !ok).count();
                let left_for_review = decided.iter().filter(|(s, ok)| *s < t && *ok).count();
                (t, wrongly_credited, left_for_review)
            })
            .collect())
    }
}
