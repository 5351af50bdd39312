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
    /// Distinct stories: syndicated copies (one duplicate group) count once.
    pub stories: usize,
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
        let (stories, outlets) = crate::story_counts(&pickups);
        Ok(Coverage {
            stories,
            outlets,
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

    /// How the officers' decisions so far move the grey zone: see
    /// [`ThresholdReport`].
    pub async fn threshold_report(&self) -> Result<ThresholdReport, MonitoringError> {
        let decided = self.store.match_decisions().await?;
        let m = &self.config.matcher;
        Ok(ThresholdReport::from_decisions(
            &decided,
            (m.credit_threshold * 10_000.0).round() as i64,
            (m.review_threshold * 10_000.0).round() as i64,
        ))
    }
}

/// Decisions needed before a threshold is suggested.
pub const MIN_DECISIONS: usize = 10;

/// One candidate credit threshold and what it would have done with the
/// decided matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdRow {
    /// Basis points.
    pub threshold: i64,
    /// Rejected matches scoring at or above it: it would have credited them.
    pub wrongly_credited: usize,
    /// Confirmed matches scoring below it: it would have left them for review.
    pub left_for_review: usize,
}

/// What the decisions say about the thresholds. A confirmed match is a
/// pickup the matcher was unsure of; a rejected one is a match it should
/// not have made. The credit threshold is right when nothing rejected
/// scores at or above it (nothing wrong is credited unseen), and as low
/// as that allows (fewer true pickups wait for a person). So the
/// suggestion is the lowest candidate above every rejected score, once
/// there are [`MIN_DECISIONS`] decisions; confirmed matches below it are
/// what the grey zone still costs. The review floor is not moved by
/// decisions (nothing below it is ever seen), only by the labelled sets
/// in `bench/pickup/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdReport {
    /// The thresholds in force, basis points.
    pub credit: i64,
    pub review: i64,
    pub confirmed: usize,
    pub rejected: usize,
    /// Candidates from 30 % to 100 % in steps of 5.
    pub rows: Vec<ThresholdRow>,
    /// `None` until there are enough decisions.
    pub suggested_credit: Option<i64>,
}

impl ThresholdReport {
    /// The report of `decided` (`(score, confirmed)`) against the thresholds in force.
    pub fn from_decisions(decided: &[(i64, bool)], credit: i64, review: i64) -> ThresholdReport {
        let rows: Vec<ThresholdRow> = (30..=100)
            .step_by(5)
            .map(|t| {
                let t = t * 100;
                ThresholdRow {
                    threshold: t,
                    wrongly_credited: decided.iter().filter(|(s, ok)| *s >= t && !ok).count(),
                    left_for_review: decided.iter().filter(|(s, ok)| *s < t && *ok).count(),
                }
            })
            .collect();
        let suggested_credit = (decided.len() >= MIN_DECISIONS)
            .then(|| {
                rows.iter()
                    .find(|r| r.wrongly_credited == 0 && r.threshold >= review)
                    .map(|r| r.threshold)
            })
            .flatten();
        ThresholdReport {
            credit,
            review,
            confirmed: decided.iter().filter(|(_, ok)| *ok).count(),
            rejected: decided.iter().filter(|(_, ok)| !ok).count(),
            rows,
            suggested_credit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_raise_the_suggestion_and_confirmations_show_its_cost() {
        let few = ThresholdReport::from_decisions(&[(4_000, true), (3_500, false)], 5_000, 3_000);
        assert_eq!(few.suggested_credit, None, "two decisions are no evidence");
        // Ten decisions: confirmed from 32 % up, one rejected at 41 %.
        let mut decided: Vec<(i64, bool)> = (0..9).map(|i| (3_200 + i * 200, true)).collect();
        decided.push((4_100, false));
        let r = ThresholdReport::from_decisions(&decided, 5_000, 3_000);
        assert_eq!((r.confirmed, r.rejected), (9, 1));
        assert_eq!(
            r.suggested_credit,
            Some(4_500),
            "just above the rejected 41 %"
        );
        let at = |t: i64| r.rows.iter().find(|row| row.threshold == t).unwrap();
        assert_eq!(at(4_500).left_for_review, 7, "32..44 % stay in review");
        assert_eq!(at(4_000).wrongly_credited, 1);
        // Without rejections the grey zone can shrink to the review floor.
        let all_good: Vec<(i64, bool)> = (0..10).map(|i| (3_100 + i * 100, true)).collect();
        let r = ThresholdReport::from_decisions(&all_good, 5_000, 3_000);
        assert_eq!(r.suggested_credit, Some(3_000));
    }
}
