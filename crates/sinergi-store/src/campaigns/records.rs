//! Campaign records, their scope and their kit templates.

use serde::Serialize;
use sinergi_domain::UserId;
use sinergi_domain::campaign::{Depth, TargetScope};
use sinergi_domain::{Level, UnitCode};
use sqlx::{Any, Transaction};

use crate::changes;
use crate::{Store, StoreError};

/// A campaign as written by its owner (validated by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDraft {
    pub owner_code: UnitCode,
    /// Canonical tag (as `normalise_tag` returns it).
    pub tag: String,
    pub title: String,
    pub description_md: String,
    pub key_messages: Vec<String>,
    /// Without `#`.
    pub hashtags: Vec<String>,
    pub guidance_md: String,
    pub image_ids: Vec<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub depth: Depth,
    pub cascade_share: i64,
    pub scope: TargetScope,
    pub templates: Vec<TemplateDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDraft {
    pub title: String,
    pub lead: String,
    pub body_md: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignRecord {
    pub id: i64,
    pub owner_code: UnitCode,
    pub owner_name: String,
    pub tag: String,
    pub title: String,
    pub description_md: String,
    pub key_messages: Vec<String>,
    pub hashtags: Vec<String>,
    pub guidance_md: String,
    pub image_ids: Vec<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub depth: Depth,
    pub cascade_share: i64,
    pub scope: TargetScope,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub recomputed_at: Option<i64>,
}

impl CampaignRecord {
    /// Whether releases published at `at` count for the campaign.
    pub fn in_period(&self, at: i64) -> bool {
        self.starts_at <= at && at <= self.ends_at
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct TemplateRecord {
    pub id: i64,
    pub campaign_id: i64,
    pub position: i64,
    pub title: String,
    pub lead: String,
    pub body_md: String,
}

/// Named as [`CampaignRow`]'s fields.
const COLUMNS: &str = "c.id, c.owner_code, u.name AS owner_name, c.tag, c.title, \
    c.description_md, c.key_messages, c.hashtags, c.guidance_md, c.image_ids, c.starts_at, \
    c.ends_at, c.depth, c.cascade_share, c.scope_levels, c.version, c.created_by, c.created_at, \
    c.updated_at, c.recomputed_at";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("campaign: {what}"))
}

fn json_list<T: serde::de::DeserializeOwned>(s: &str) -> Result<Vec<T>, StoreError> {
    serde_json::from_str(s).map_err(corrupt)
}

fn code(s: &str) -> Result<UnitCode, StoreError> {
    UnitCode::parse(s).map_err(corrupt)
}

/// A campaign's totals over all its levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CampaignTotals {
    pub targets: i64,
    pub adopted: i64,
    pub cascaded: i64,
}

/// A campaign with its totals, as `campaign_summaries` selects it.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    campaign: CampaignRow,
    total_targets: i64,
    total_adopted: i64,
    total_cascaded: i64,
}

/// A campaign as [`COLUMNS`] selects it; its scope's units are read apart.
#[derive(sqlx::FromRow)]
struct CampaignRow {
    id: i64,
    owner_code: String,
    owner_name: String,
    tag: String,
    title: String,
    description_md: String,
    /// JSON list.
    key_messages: String,
    /// JSON list.
    hashtags: String,
    guidance_md: String,
    /// JSON list.
    image_ids: String,
    starts_at: i64,
    ends_at: i64,
    #[sqlx(try_from = "String")]
    depth: Depth,
    cascade_share: i64,
    /// Comma-separated level names.
    scope_levels: String,
    version: i64,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    recomputed_at: Option<i64>,
}

impl TryFrom<CampaignRow> for CampaignRecord {
    type Error = StoreError;
    fn try_from(r: CampaignRow) -> Result<CampaignRecord, StoreError> {
        let levels = r
            .scope_levels
            .split(',')
            .filter(|l| !l.is_empty())
            .map(|l| l.parse::<Level>().map_err(corrupt))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CampaignRecord {
            id: r.id,
            owner_code: code(&r.owner_code)?,
            owner_name: r.owner_name,
            tag: r.tag,
            title: r.title,
            description_md: r.description_md,
            key_messages: json_list(&r.key_messages)?,
            hashtags: json_list(&r.hashtags)?,
            guidance_md: r.guidance_md,
            image_ids: json_list(&r.image_ids)?,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            depth: r.depth,
            cascade_share: r.cascade_share,
            scope: TargetScope {
                levels,
                ..Default::default()
            },
            version: r.version,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            recomputed_at: r.recomputed_at,
        })
    }
}

fn levels_text(scope: &TargetScope) -> String {
    scope
        .levels
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

async fn write_parts(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    draft: &CampaignDraft,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM campaign_scope WHERE campaign_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let parts = draft
        .scope
        .subtrees
        .iter()
        .map(|u| (ScopeKind::Subtree, u))
        .chain(draft.scope.units.iter().map(|u| (ScopeKind::Unit, u)));
    for (kind, unit) in parts {
        sqlx::query(
            "INSERT INTO campaign_scope (campaign_id, kind, unit_code) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(kind.as_str())
        .bind(unit.as_str())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM campaign_templates WHERE campaign_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (i, t) in draft.templates.iter().enumerate() {
        sqlx::query(
            "INSERT INTO campaign_templates (campaign_id, position, title, lead, body_md) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(t.title.clone())
        .bind(t.lead.clone())
        .bind(t.body_md.clone())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn unique_tag(e: sqlx::Error, tag: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict(format!("another campaign uses the tag `{tag}`"))
        }
        _ => StoreError::Database(e),
    }
}

impl Store {
    /// Stores a new campaign with its scope and kit; returns its id. The
    /// status rows are filled by the projection's recompute.
    pub async fn insert_campaign(
        &self,
        draft: &CampaignDraft,
        by: Option<UserId>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let by = by.map(UserId::get);
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (owner_code, tag, title, description_md, key_messages, \
             hashtags, guidance_md, image_ids, starts_at, ends_at, depth, cascade_share, \
             scope_levels, version, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15, $15) \
             RETURNING id",
        )
        .bind(draft.owner_code.as_str())
        .bind(draft.tag.clone())
        .bind(draft.title.clone())
        .bind(draft.description_md.clone())
        .bind(json(&draft.key_messages))
        .bind(json(&draft.hashtags))
        .bind(draft.guidance_md.clone())
        .bind(json(&draft.image_ids))
        .bind(draft.starts_at)
        .bind(draft.ends_at)
        .bind(draft.depth.as_str())
        .bind(draft.cascade_share)
        .bind(levels_text(&draft.scope))
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| unique_tag(e, &draft.tag))?;
        write_parts(&mut tx, id, draft).await?;
        event(&mut tx, id, now, "created", None, None, "").await?;
        changes::append(
            &mut tx,
            now,
            "campaign",
            &id.to_string(),
            "create",
            &serde_json::json!({ "owner": draft.owner_code.as_str(), "tag": draft.tag }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a campaign's settings, scope and kit over
    /// `expected_version`; a stale version is a conflict. Returns the new
    /// version.
    pub async fn update_campaign(
        &self,
        id: i64,
        expected_version: i64,
        draft: &CampaignDraft,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET owner_code = $1, tag = $2, title = $3, description_md = $4, \
             key_messages = $5, hashtags = $6, guidance_md = $7, image_ids = $8, starts_at = $9, \
             ends_at = $10, depth = $11, cascade_share = $12, scope_levels = $13, \
             version = version + 1, updated_at = $14 WHERE id = $15 AND version = $16",
        )
        .bind(draft.owner_code.as_str())
        .bind(draft.tag.clone())
        .bind(draft.title.clone())
        .bind(draft.description_md.clone())
        .bind(json(&draft.key_messages))
        .bind(json(&draft.hashtags))
        .bind(draft.guidance_md.clone())
        .bind(json(&draft.image_ids))
        .bind(draft.starts_at)
        .bind(draft.ends_at)
        .bind(draft.depth.as_str())
        .bind(draft.cascade_share)
        .bind(levels_text(&draft.scope))
        .bind(now)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_tag(e, &draft.tag))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "campaign {id} was changed by someone else; reload it"
            )));
        }
        write_parts(&mut tx, id, draft).await?;
        event(&mut tx, id, now, "updated", None, None, "").await?;
        changes::append(
            &mut tx,
            now,
            "campaign",
            &id.to_string(),
            "update",
            &serde_json::json!({ "owner": draft.owner_code.as_str(), "tag": draft.tag }),
        )
        .await?;
        tx.commit().await?;
        Ok(expected_version + 1)
    }

    pub async fn campaign(&self, id: i64) -> Result<Option<CampaignRecord>, StoreError> {
        let row: Option<CampaignRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM campaigns c JOIN units u ON u.code = c.owner_code WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => {
                let mut c = CampaignRecord::try_from(r)?;
                self.fill_scope(&mut c).await?;
                Ok(Some(c))
            }
            None => Ok(None),
        }
    }

    pub async fn campaign_by_tag(&self, tag: &str) -> Result<Option<CampaignRecord>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM campaigns WHERE tag = $1")
            .bind(tag)
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => self.campaign(id).await,
            None => Ok(None),
        }
    }

    /// Every campaign, newest first; with `owner`, only those owned by it
    /// or by a unit in its subtree.
    pub async fn campaigns(
        &self,
        owner: Option<&UnitCode>,
    ) -> Result<Vec<CampaignRecord>, StoreError> {
        Ok(self
            .campaign_summaries(owner)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect())
    }

    /// Every campaign (with `owner`, those owned within its subtree),
    /// newest first, each with its totals over all levels: `(targets,
    /// adopted, cascaded)`. Two queries however many campaigns there are:
    /// the campaigns with their totals, then all their scopes.
    pub async fn campaign_summaries(
        &self,
        owner: Option<&UnitCode>,
    ) -> Result<Vec<(CampaignRecord, CampaignTotals)>, StoreError> {
        let mut filter = String::new();
        let mut binds = Vec::new();
        if let Some(o) = owner {
            let (lo, hi) = o.descendant_range();
            filter.push_str(
                " WHERE (c.owner_code = $1 OR (c.owner_code > $2 AND c.owner_code < $3))",
            );
            binds = vec![o.to_string(), lo, hi];
        }
        let sql = format!(
            "SELECT {COLUMNS}, COALESCE(t.targets, 0) AS total_targets, \
             COALESCE(t.adopted, 0) AS total_adopted, COALESCE(t.cascaded, 0) AS total_cascaded \
             FROM campaigns c JOIN units u ON u.code = c.owner_code \
             LEFT JOIN (SELECT campaign_id, CAST(SUM(targets) AS BIGINT) AS targets, \
                 CAST(SUM(adopted) AS BIGINT) AS adopted, CAST(SUM(cascaded) AS BIGINT) AS cascaded \
                 FROM campaign_levels GROUP BY campaign_id) t ON t.campaign_id = c.id\
             {filter} ORDER BY c.starts_at DESC, c.id DESC"
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(b.clone());
        }
        let rows: Vec<SummaryRow> = q.fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let totals = CampaignTotals {
                targets: r.total_targets,
                adopted: r.total_adopted,
                cascaded: r.total_cascaded,
            };
            out.push((CampaignRecord::try_from(r.campaign)?, totals));
        }
        // Every scope of these campaigns at once.
        let scope_sql = format!(
            "SELECT s.campaign_id, s.kind, s.unit_code FROM campaign_scope s \
             JOIN campaigns c ON c.id = s.campaign_id{filter} \
             ORDER BY s.campaign_id, s.kind, s.unit_code"
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(scope_sql));
        for b in binds {
            q = q.bind(b);
        }
        let scopes: Vec<(i64, String, String)> = q.fetch_all(&self.pool).await?;
        for (campaign_id, kind, unit) in scopes {
            let Some((c, _)) = out.iter_mut().find(|(c, _)| c.id == campaign_id) else {
                continue;
            };
            let unit = code(&unit)?;
            if kind == "subtree" {
                c.scope.subtrees.push(unit);
            } else {
                c.scope.units.push(unit);
            }
        }
        Ok(out)
    }

    async fn fill_scope(&self, c: &mut CampaignRecord) -> Result<(), StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT kind, unit_code FROM campaign_scope WHERE campaign_id = $1 ORDER BY kind, unit_code",
        )
        .bind(c.id)
        .fetch_all(&self.pool)
        .await?;
        for (kind, unit) in rows {
            let unit = code(&unit)?;
            match kind.parse::<ScopeKind>().map_err(StoreError::Corrupt)? {
                ScopeKind::Subtree => c.scope.subtrees.push(unit),
                ScopeKind::Unit => c.scope.units.push(unit),
            }
        }
        Ok(())
    }

    pub async fn campaign_templates(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<TemplateRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, campaign_id, position, title, lead, body_md FROM campaign_templates \
             WHERE campaign_id = $1 ORDER BY position",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Appends to a campaign's adoption history.
pub(crate) async fn event(
    tx: &mut Transaction<'_, Any>,
    campaign_id: i64,
    at: i64,
    op: &str,
    unit: Option<&str>,
    release_id: Option<i64>,
    note: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO campaign_events (campaign_id, at, op, unit_code, release_id, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(campaign_id)
    .bind(at)
    .bind(op)
    .bind(unit.map(str::to_owned))
    .bind(release_id)
    .bind(note.to_owned())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How a campaign's scope names a unit (`campaign_scope.kind`): the unit
/// alone, or it and everything below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Unit,
    Subtree,
}

impl ScopeKind {
    fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Unit => "unit",
            ScopeKind::Subtree => "subtree",
        }
    }
}

impl std::str::FromStr for ScopeKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [ScopeKind::Unit, ScopeKind::Subtree]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown campaign scope kind `{s}`"))
    }
}
