//! Matches: which release an article reports on, by which passages, and
//! what a person decided about it.

use serde::Serialize;
use sinergi_domain::access::Scope;
use sinergi_domain::{ArticleId, MatchId, ReleaseId, UserId};

use crate::accounts::audit::{Actor, AuditEvent};
use crate::scope_sql::{arguments, scope_condition};
use crate::{Store, StoreError};

/// Where a match stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchState {
    /// Above the threshold: a pickup without review.
    Credited,
    /// In the grey zone: waits for an officer of the release's unit.
    Review,
    /// An officer said it is a pickup.
    Confirmed,
    /// An officer said it is not.
    Rejected,
}

impl MatchState {
    pub const ALL: [MatchState; 4] = [
        MatchState::Credited,
        MatchState::Review,
        MatchState::Confirmed,
        MatchState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MatchState::Credited => "credited",
            MatchState::Review => "review",
            MatchState::Confirmed => "confirmed",
            MatchState::Rejected => "rejected",
        }
    }

    /// Whether it counts as a pickup (shown on the release, counted).
    pub fn is_pickup(self) -> bool {
        matches!(self, MatchState::Credited | MatchState::Confirmed)
    }

    /// Whether a person decided it.
    pub fn is_decided(self) -> bool {
        matches!(self, MatchState::Confirmed | MatchState::Rejected)
    }
}

impl TryFrom<String> for MatchState {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        MatchState::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown match state `{s}`"))
    }
}

/// A common passage: byte ranges of the article's body and of the
/// release's text (at the match's `release_version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub article: (usize, usize),
    pub release: (usize, usize),
}

/// A match found by the matcher.
#[derive(Debug, Clone)]
pub struct NewMatch {
    pub release_id: ReleaseId,
    pub unit_code: String,
    /// Basis points, 0..=10000.
    pub score: i64,
    /// `Credited` or `Review`.
    pub state: MatchState,
    pub passages: Vec<Passage>,
    pub release_version: i64,
}

/// A match with its article and release, as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct MatchRecord {
    pub id: MatchId,
    pub article_id: ArticleId,
    pub release_id: ReleaseId,
    pub unit_code: String,
    pub score: i64,
    pub state: MatchState,
    pub passages: Vec<Passage>,
    pub release_version: i64,
    pub created_at: i64,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<i64>,
    pub outlet: String,
    pub article_title: String,
    pub article_url: Option<String>,
    pub article_body: String,
    pub article_published_at: i64,
    pub article_group: Option<i64>,
    pub release_title: String,
    pub release_slug: String,
}

#[derive(sqlx::FromRow)]
struct MatchRow {
    id: i64,
    article_id: i64,
    release_id: i64,
    unit_code: String,
    score: i64,
    #[sqlx(try_from = "String")]
    state: MatchState,
    passages: String,
    release_version: i64,
    created_at: i64,
    reviewed_by: Option<String>,
    reviewed_at: Option<i64>,
    outlet: String,
    article_title: String,
    article_url: Option<String>,
    article_body: String,
    article_published_at: i64,
    article_group: Option<i64>,
    release_title: String,
    release_slug: String,
}

const MATCH_COLUMNS: &str = "m.id, m.article_id, m.release_id, m.unit_code, m.score, m.state, \
    m.passages, m.release_version, m.created_at, u.name AS reviewed_by, m.reviewed_at, \
    a.outlet, a.title AS article_title, a.url AS article_url, a.body AS article_body, \
    a.published_at AS article_published_at, a.group_id AS article_group, \
    r.title AS release_title, r.slug AS release_slug";

const MATCH_FROM: &str = "media_matches m JOIN media_articles a ON a.id = m.article_id \
    JOIN releases r ON r.id = m.release_id LEFT JOIN users u ON u.id = m.reviewed_by";

fn passages_json(passages: &[Passage]) -> String {
    let rows: Vec<[usize; 4]> = passages
        .iter()
        .map(|p| [p.article.0, p.article.1, p.release.0, p.release.1])
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned())
}

impl TryFrom<MatchRow> for MatchRecord {
    type Error = StoreError;
    fn try_from(r: MatchRow) -> Result<Self, StoreError> {
        let rows: Vec<[usize; 4]> = serde_json::from_str(&r.passages)
            .map_err(|e| StoreError::Corrupt(format!("match {} passages: {e}", r.id)))?;
        Ok(MatchRecord {
            id: MatchId::new(r.id),
            article_id: ArticleId::new(r.article_id),
            release_id: ReleaseId::new(r.release_id),
            unit_code: r.unit_code,
            score: r.score,
            state: r.state,
            passages: rows
                .into_iter()
                .map(|[a0, a1, r0, r1]| Passage {
                    article: (a0, a1),
                    release: (r0, r1),
                })
                .collect(),
            release_version: r.release_version,
            created_at: r.created_at,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            outlet: r.outlet,
            article_title: r.article_title,
            article_url: r.article_url,
            article_body: r.article_body,
            article_published_at: r.article_published_at,
            article_group: r.article_group,
            release_title: r.release_title,
            release_slug: r.release_slug,
        })
    }
}

fn records(rows: Vec<MatchRow>) -> Result<Vec<MatchRecord>, StoreError> {
    rows.into_iter().map(MatchRecord::try_from).collect()
}

impl Store {
    /// Records what matching found for an article and marks it matched.
    /// A match found again keeps a person's decision; one no longer found
    /// and never decided is removed (the releases or the matcher changed).
    pub async fn record_matches(
        &self,
        article: ArticleId,
        found: &[NewMatch],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let kept: Vec<i64> = found.iter().map(|m| m.release_id.get()).collect();
        let old: Vec<(i64, String)> =
            sqlx::query_as("SELECT release_id, state FROM media_matches WHERE article_id = $1")
                .bind(article.get())
                .fetch_all(&mut *tx)
                .await?;
        for (release, state) in &old {
            if !kept.contains(release) && matches!(state.as_str(), "credited" | "review") {
                sqlx::query("DELETE FROM media_matches WHERE article_id = $1 AND release_id = $2")
                    .bind(article.get())
                    .bind(*release)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for m in found {
            sqlx::query(
                "INSERT INTO media_matches (article_id, release_id, unit_code, score, state, \
                 passages, release_version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (article_id, release_id) DO UPDATE SET score = excluded.score, \
                 passages = excluded.passages, release_version = excluded.release_version, \
                 state = CASE WHEN media_matches.state IN ('confirmed', 'rejected') \
                   THEN media_matches.state ELSE excluded.state END",
            )
            .bind(article.get())
            .bind(m.release_id.get())
            .bind(m.unit_code.clone())
            .bind(m.score)
            .bind(m.state.as_str())
            .bind(passages_json(&m.passages))
            .bind(m.release_version)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE media_articles SET matched_at = $2 WHERE id = $1")
            .bind(article.get())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if !found.is_empty() || !old.is_empty() {
            crate::changes::append(
                &mut tx,
                now,
                "media_match",
                &article.to_string(),
                "match",
                &serde_json::json!({"releases": kept}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One match.
    pub async fn match_record(&self, id: MatchId) -> Result<MatchRecord, StoreError> {
        let row: Option<MatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MATCH_COLUMNS} FROM {MATCH_FROM} WHERE m.id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        row.ok_or_else(|| StoreError::NotFound(format!("match {id}")))?
            .try_into()
    }

    /// A release's matches in `states`, best first.
    pub async fn release_matches(
        &self,
        release: ReleaseId,
        states: &[MatchState],
    ) -> Result<Vec<MatchRecord>, StoreError> {
        let list = states
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<MatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MATCH_COLUMNS} FROM {MATCH_FROM} WHERE m.release_id = $1 \
             AND m.state IN ({list}) ORDER BY a.published_at, m.id"
        )))
        .bind(release.get())
        .fetch_all(&self.pool)
        .await?;
        records(rows)
    }

    /// Matches in `state` of releases of units in `scope`, newest first.
    pub async fn matches_in_scope(
        &self,
        state: MatchState,
        scope: &Scope,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, StoreError> {
        let mut binds = Vec::new();
        let condition = scope_condition("m.unit_code", scope, &mut binds);
        binds.push(crate::scope_sql::Bind::Text(state.as_str().to_owned()));
        let state_arg = binds.len();
        binds.push(crate::scope_sql::Bind::Int(limit));
        let limit_arg = binds.len();
        let rows: Vec<MatchRow> = sqlx::query_as_with(
            sqlx::AssertSqlSafe(format!(
                "SELECT {MATCH_COLUMNS} FROM {MATCH_FROM} WHERE {condition} \
                 AND m.state = ${state_arg} ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit_arg}"
            )),
            arguments(binds)?,
        )
        .fetch_all(&self.pool)
        .await?;
        records(rows)
    }

    /// Records an officer's decision on a match, with its audit entry and
    /// change, in one transaction.
    pub async fn decide_match(
        &self,
        id: MatchId,
        decision: MatchState,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        if !decision.is_decided() {
            return Err(StoreError::Invalid(format!(
                "{} is not a decision",
                decision.as_str()
            )));
        }
        let mut tx = self.begin_write().await?;
        let before: Option<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT state, unit_code, release_id, article_id FROM media_matches WHERE id = $1",
        )
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((before, unit, release, article)) = before else {
            return Err(StoreError::NotFound(format!("match {id}")));
        };
        sqlx::query(
            "UPDATE media_matches SET state = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1",
        )
        .bind(id.get())
        .bind(decision.as_str())
        .bind(actor.user_id.map(UserId::get))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::accounts::audit::append(
            &mut tx,
            self.backend,
            actor,
            AuditEvent {
                action: match decision {
                    MatchState::Confirmed => "media_match.confirm",
                    _ => "media_match.reject",
                },
                target: format!("media_match:{id}"),
                unit_code: Some(unit),
                before: Some(serde_json::json!({"state": before})),
                after: Some(serde_json::json!({
                    "state": decision.as_str(), "release": release, "article": article
                })),
            },
            now,
        )
        .await?;
        crate::changes::append(
            &mut tx,
            now,
            "media_match",
            &article.to_string(),
            "decide",
            &serde_json::json!({"match": id.get(), "state": decision.as_str()}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pickups (credited or confirmed) of the releases of `unit` (with
    /// `subtree`, also of the units under it) the public reads at `now`
    /// (released, public time passed: `is_public_now` in SQL), newest
    /// article first.
    pub async fn unit_pickups(
        &self,
        unit: &sinergi_domain::UnitCode,
        subtree: bool,
        now: i64,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, StoreError> {
        let (lo, hi) = unit.descendant_range();
        let rows: Vec<MatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MATCH_COLUMNS} FROM {MATCH_FROM} WHERE \
             (m.unit_code = $1 OR ($5 = 1 AND m.unit_code > $2 AND m.unit_code < $3)) \
             AND m.state IN ('credited', 'confirmed') AND r.state = 'released' \
             AND r.public_at IS NOT NULL AND r.public_at <= $4 \
             ORDER BY a.published_at DESC, m.id DESC LIMIT $6"
        )))
        .bind(unit.to_string())
        .bind(lo)
        .bind(hi)
        .bind(now)
        .bind(i64::from(subtree))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        records(rows)
    }

    /// Pickups of the releases that adopted a campaign and that the
    /// public reads at `now`, newest article first.
    pub async fn campaign_pickups(
        &self,
        campaign: i64,
        now: i64,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, StoreError> {
        let rows: Vec<MatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MATCH_COLUMNS} FROM {MATCH_FROM} \
             JOIN campaign_adoptions c ON c.release_id = m.release_id AND c.campaign_id = $1 \
             WHERE m.state IN ('credited', 'confirmed') AND r.state = 'released' \
             AND r.public_at IS NOT NULL AND r.public_at <= $2 \
             ORDER BY a.published_at DESC, m.id DESC LIMIT $3"
        )))
        .bind(campaign)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        records(rows)
    }

    /// Matches of releases of units in `scope`, in `states`, newest first,
    /// after id `before` when paging (0: from the newest).
    pub async fn matches_page(
        &self,
        scope: &Scope,
        states: &[MatchState],
        before: i64,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, StoreError> {
        let list = states
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds = Vec::new();
        let condition = scope_condition("m.unit_code", scope, &mut binds);
        binds.push(crate::scope_sql::Bind::Int(before));
        let before_arg = binds.len();
        binds.push(crate::scope_sql::Bind::Int(limit));
        let limit_arg = binds.len();
        let rows: Vec<MatchRow> = sqlx::query_as_with(
            sqlx::AssertSqlSafe(format!(
                "SELECT {MATCH_COLUMNS} FROM {MATCH_FROM} WHERE {condition} \
                 AND m.state IN ({list}) AND (${before_arg} = 0 OR m.id < ${before_arg}) \
                 ORDER BY m.id DESC LIMIT ${limit_arg}"
            )),
            arguments(binds)?,
        )
        .fetch_all(&self.pool)
        .await?;
        records(rows)
    }

    /// Decided matches with their scores, for tuning the thresholds:
    /// `(score, confirmed)`.
    pub async fn match_decisions(&self) -> Result<Vec<(i64, bool)>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT score, state FROM media_matches WHERE state IN ('confirmed', 'rejected') \
             ORDER BY score",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(s, st)| (s, st == "confirmed"))
            .collect())
    }
}
