//! Release writes: create, save a revision, move through the workflow,
//! comment, amplify. Each runs in one transaction with its history row
//! and its change-feed entry.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::UserId;
use sinergi_domain::newsroom::ReleaseState;
use sinergi_domain::{ItemId, ReleaseId, UnitCode};
use sqlx::{Any, Transaction};

use super::register::stale;
use super::{refresh_first_public, replace_tags};
use crate::connect::Backend;
use crate::contacts::distribution::{self, Cause};
use crate::scope_sql::split_joined;
use crate::scope_sql::{Bind, arg, arguments};
use crate::{Store, StoreError, changes};

/// The content of a release as an author saves it (already validated and
/// rendered by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseContent {
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub body_md: String,
    pub body_html: String,
    pub tags: Vec<String>,
    pub language: String,
    pub item_ids: Vec<ItemId>,
    /// Images and attachments, in order, with their alternative text.
    pub media: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseRecord {
    pub id: ReleaseId,
    pub unit_code: UnitCode,
    pub unit_name: String,
    pub slug: String,
    pub language: String,
    pub state: ReleaseState,
    pub title: String,
    pub lead: String,
    pub body_md: String,
    pub body_html: String,
    pub tags: Vec<String>,
    pub version: i64,
    pub public_at: Option<i64>,
    pub embargo: bool,
    pub amplifies_id: Option<ReleaseId>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub approved_by: Option<i64>,
    pub approved_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub withdrawal_note: Option<String>,
    pub corrections: i64,
    /// The press number, given at first release: the order of first
    /// publication within the unit and year (see [`PressNumber`]).
    pub press_number: Option<PressNumber>,
}

/// "Siaran Pers No. 12/…/2026": the `number`th release its unit first
/// released in `year` (in the unit's zone). Given once, never changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PressNumber {
    pub number: i64,
    pub year: i64,
}

impl PressNumber {
    /// `12/51.71/2026`: the number, the unit's code in capitals, the year.
    /// The stable form the API gives.
    pub fn text(self, unit_code: &str) -> String {
        self.with_shorthand(&unit_code.to_ascii_uppercase())
    }

    /// `12/Kota Denpasar/2026`: the number, a shorthand of the unit that
    /// people read (pages choose it), the year.
    pub fn with_shorthand(self, shorthand: &str) -> String {
        format!("{}/{}/{}", self.number, shorthand, self.year)
    }
}

/// A workflow move, as the service decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub op: &'static str,
    pub from: ReleaseState,
    pub to: ReleaseState,
    /// The version the actor saw; a newer one makes the move stale.
    pub expected_version: i64,
    /// For a release: when it becomes public and whether it is embargoed.
    pub public_at: Option<i64>,
    pub embargo: bool,
    pub note: String,
}

/// Named as [`ReleaseRow`]'s fields.
pub(crate) const RELEASE_COLUMNS: &str = "r.id, r.unit_code, u.name AS unit_name, r.slug, \
    r.language, r.state, r.title, r.lead, r.body_md, r.body_html, r.tags, r.version, r.public_at, \
    r.embargo, r.amplifies_id, r.created_by, r.created_at, r.updated_at, r.approved_by, \
    r.approved_at, r.withdrawn_at, r.withdrawal_note, r.corrections, r.press_number, r.press_year";

/// A release as [`RELEASE_COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
pub(crate) struct ReleaseRow {
    id: i64,
    #[sqlx(try_from = "String")]
    unit_code: UnitCode,
    unit_name: String,
    slug: String,
    language: String,
    #[sqlx(try_from = "String")]
    state: ReleaseState,
    title: String,
    lead: String,
    body_md: String,
    body_html: String,
    /// Comma-separated.
    tags: String,
    version: i64,
    public_at: Option<i64>,
    /// 0 or 1.
    embargo: i64,
    amplifies_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    approved_by: Option<i64>,
    approved_at: Option<i64>,
    withdrawn_at: Option<i64>,
    withdrawal_note: Option<String>,
    corrections: i64,
    press_number: Option<i64>,
    press_year: Option<i64>,
}

impl From<ReleaseRow> for ReleaseRecord {
    fn from(r: ReleaseRow) -> ReleaseRecord {
        ReleaseRecord {
            id: ReleaseId::new(r.id),
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            slug: r.slug,
            language: r.language,
            state: r.state,
            title: r.title,
            lead: r.lead,
            body_md: r.body_md,
            body_html: r.body_html,
            tags: split_joined(&r.tags),
            version: r.version,
            public_at: r.public_at,
            embargo: r.embargo != 0,
            amplifies_id: r.amplifies_id.map(ReleaseId::new),
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            approved_by: r.approved_by,
            approved_at: r.approved_at,
            withdrawn_at: r.withdrawn_at,
            withdrawal_note: r.withdrawal_note,
            corrections: r.corrections,
            press_number: match (r.press_number, r.press_year) {
                (Some(number), Some(year)) => Some(PressNumber { number, year }),
                _ => None,
            },
        }
    }
}

async fn item_ids_of(
    tx: &mut Transaction<'_, Any>,
    release_id: i64,
) -> Result<Vec<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT item_id FROM release_items WHERE release_id = $1")
            .bind(release_id)
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Writes the links, tags, media and the revision row for `version`.
async fn write_content(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    content: &ReleaseContent,
    author: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    replace_tags(tx, "release_tags", "release_id", id, &content.tags).await?;
    let before = item_ids_of(tx, id).await?;
    sqlx::query("DELETE FROM release_items WHERE release_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for item in &content.item_ids {
        sqlx::query("INSERT INTO release_items (release_id, item_id) VALUES ($1, $2)")
            .bind(id)
            .bind(item.get())
            .execute(&mut **tx)
            .await?;
    }
    let mut touched = before;
    touched.extend(content.item_ids.iter().map(|i| i.get()));
    touched.sort_unstable();
    touched.dedup();
    refresh_first_public(tx, &touched, now).await?;
    sqlx::query("DELETE FROM release_media WHERE release_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, (media_id, alt)) in content.media.iter().enumerate() {
        sqlx::query(
            "INSERT INTO release_media (release_id, media_id, position, alt) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(*media_id)
        .bind(position as i64)
        .bind(alt.clone())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO release_revisions (release_id, version, title, lead, body_md, tags, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(version)
    .bind(content.title.clone())
    .bind(content.lead.clone())
    .bind(content.body_md.clone())
    .bind(content.tags.join(","))
    .bind(author)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[expect(
    clippy::too_many_arguments,
    reason = "one per column the statement binds"
)]
async fn record_event(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    actor: Option<i64>,
    op: &str,
    from: ReleaseState,
    to: ReleaseState,
    version: i64,
    note: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO release_events (release_id, at, actor_id, op, from_state, to_state, version, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(now)
    .bind(actor)
    .bind(op.to_owned())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(version)
    .bind(note.to_owned())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn feed(
    tx: &mut Transaction<'_, Any>,
    now: i64,
    id: i64,
    op: &str,
    unit: &str,
    state: ReleaseState,
    public_at: Option<i64>,
) -> Result<(), StoreError> {
    changes::append(
        tx,
        now,
        "release",
        &id.to_string(),
        op,
        &json!({"unit": unit, "state": state, "public_at": public_at}),
    )
    .await
}

impl Store {
    /// A new draft, version 1.
    pub async fn create_release(
        &self,
        unit: &UnitCode,
        content: &ReleaseContent,
        author: Option<UserId>,
        now: i64,
    ) -> Result<ReleaseId, StoreError> {
        let author = author.map(UserId::get);
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO releases (unit_code, slug, language, state, title, lead, body_md, body_html, \
             tags, version, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, 1, $9, $10, $10) RETURNING id",
        )
        .bind(unit.as_str())
        .bind(content.slug.clone())
        .bind(content.language.clone())
        .bind(content.title.clone())
        .bind(content.lead.clone())
        .bind(content.body_md.clone())
        .bind(content.body_html.clone())
        .bind(content.tags.join(","))
        .bind(author)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        write_content(&mut tx, id, 1, content, author, now).await?;
        record_event(
            &mut tx,
            id,
            author,
            "create",
            ReleaseState::Draft,
            ReleaseState::Draft,
            1,
            "",
            now,
        )
        .await?;
        feed(
            &mut tx,
            now,
            id,
            "create",
            unit.as_str(),
            ReleaseState::Draft,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(ReleaseId::new(id))
    }

    /// Saves new content over `expected_version`. A stale version is a
    /// conflict and nothing changes. With a `correction` note the save is
    /// a public correction. Returns the new version.
    pub async fn save_release(
        &self,
        id: ReleaseId,
        expected_version: i64,
        content: &ReleaseContent,
        correction: Option<&str>,
        author: Option<UserId>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let author = author.map(UserId::get);
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE releases SET slug = $1, language = $2, title = $3, lead = $4, body_md = $5, \
             body_html = $6, tags = $7, version = version + 1, updated_at = $8, \
             corrections = corrections + $9 WHERE id = $10 AND version = $11",
        )
        .bind(content.slug.clone())
        .bind(content.language.clone())
        .bind(content.title.clone())
        .bind(content.lead.clone())
        .bind(content.body_md.clone())
        .bind(content.body_html.clone())
        .bind(content.tags.join(","))
        .bind(now)
        .bind(i64::from(correction.is_some()))
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(stale("release", id, expected_version));
        }
        let (unit, state, public_at): (String, String, Option<i64>) =
            sqlx::query_as("SELECT unit_code, state, public_at FROM releases WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let state: ReleaseState = state.parse().map_err(StoreError::Corrupt)?;
        let version = expected_version + 1;
        write_content(&mut tx, id, version, content, author, now).await?;
        let op = if correction.is_some() {
            "correct"
        } else {
            "edit"
        };
        record_event(
            &mut tx,
            id,
            author,
            op,
            state,
            state,
            version,
            correction.unwrap_or(""),
            now,
        )
        .await?;
        feed(&mut tx, now, id, op, &unit, state, public_at).await?;
        if correction.is_some() {
            distribution::on_release_change(&mut tx, self, id, Cause::Correct, now).await?;
        }
        tx.commit().await?;
        Ok(version)
    }

    /// Moves a release along the workflow if it is still in `t.from` at
    /// `t.expected_version`; otherwise a conflict, and nothing changes.
    pub async fn transition_release(
        &self,
        id: ReleaseId,
        t: &Transition,
        actor: Option<UserId>,
        now: i64,
    ) -> Result<(), StoreError> {
        let actor = actor.map(UserId::get);
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let (set, binds) = match t.to {
            ReleaseState::Released => (
                "public_at = $3, embargo = $4",
                vec![
                    Bind::Int(t.public_at.unwrap_or(now)),
                    Bind::Int(i64::from(t.embargo)),
                ],
            ),
            // Approved anew, or taken back from a schedule: not public.
            ReleaseState::Approved => (
                "public_at = NULL, embargo = 0, approved_by = COALESCE(approved_by, $3), \
                 approved_at = COALESCE(approved_at, $2)",
                vec![Bind::OptInt(actor)],
            ),
            ReleaseState::Withdrawn => (
                "withdrawn_at = $2, withdrawal_note = $3",
                vec![Bind::Text(t.note.clone())],
            ),
            ReleaseState::Draft | ReleaseState::InReview => (
                "public_at = NULL, embargo = 0, approved_by = NULL, approved_at = NULL",
                vec![],
            ),
        };
        let mut all = vec![Bind::Text(t.to.as_str().to_owned()), Bind::Int(now)];
        all.extend(binds);
        let id_p = arg(&mut all, Bind::Int(id));
        let state_p = arg(&mut all, Bind::Text(t.from.as_str().to_owned()));
        let version_p = arg(&mut all, Bind::Int(t.expected_version));
        let sql = format!(
            "UPDATE releases SET state = $1, updated_at = $2, {set} \
             WHERE id = {id_p} AND state = {state_p} AND version = {version_p}"
        );
        let query = sqlx::query_with(sqlx::AssertSqlSafe(sql), arguments(all)?);
        let done = query.execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "release {id} is no longer {} at version {}; reload it to see what changed",
                t.from, t.expected_version
            )));
        }
        let (unit, public_at): (String, Option<i64>) =
            sqlx::query_as("SELECT unit_code, public_at FROM releases WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if t.to == ReleaseState::Released
            && let Some(at) = public_at
        {
            give_press_number(&mut tx, self.backend, id, &unit, at).await?;
        }
        let items = item_ids_of(&mut tx, id).await?;
        refresh_first_public(&mut tx, &items, now).await?;
        record_event(
            &mut tx,
            id,
            actor,
            t.op,
            t.from,
            t.to,
            t.expected_version,
            &t.note,
            now,
        )
        .await?;
        feed(&mut tx, now, id, t.op, &unit, t.to, public_at).await?;
        // Subscribers are mailed in this transaction (see contacts/distribution.rs).
        match t.to {
            ReleaseState::Released => {
                distribution::on_release_change(&mut tx, self, id, Cause::Publish, now).await?;
            }
            ReleaseState::Withdrawn => {
                distribution::on_release_change(&mut tx, self, id, Cause::Withdraw, now).await?;
            }
            _ => {}
        }
        tx.commit().await?;
        Ok(())
    }

    /// A comment on the release as it stands at `version`.
    pub async fn comment_on_release(
        &self,
        id: ReleaseId,
        version: i64,
        body: &str,
        author: Option<UserId>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let author = author.map(UserId::get);
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let cid: i64 = sqlx::query_scalar(
            "INSERT INTO release_comments (release_id, version, author_id, body, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id)
        .bind(version)
        .bind(author)
        .bind(body.to_owned())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        changes::append(
            &mut tx,
            now,
            "release_comment",
            &cid.to_string(),
            "create",
            &json!({"release": id}),
        )
        .await?;
        tx.commit().await?;
        Ok(cid)
    }

    /// Republishes `original` as a release of `unit`, public now, pointing
    /// back to it. One amplification per unit and original.
    pub async fn amplify_release(
        &self,
        original: &ReleaseRecord,
        unit: &UnitCode,
        actor: Option<UserId>,
        now: i64,
    ) -> Result<ReleaseId, StoreError> {
        let actor = actor.map(UserId::get);
        let mut tx = self.begin_write().await?;
        let exists =
            sqlx::query("SELECT id FROM releases WHERE amplifies_id = $1 AND unit_code = $2")
                .bind(original.id.get())
                .bind(unit.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!(
                "{unit} has already amplified this release"
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO releases (unit_code, slug, language, state, title, lead, body_md, body_html, \
             tags, version, public_at, embargo, amplifies_id, created_by, created_at, updated_at, \
             approved_by, approved_at) \
             VALUES ($1, $2, $3, 'released', $4, $5, $6, $7, $8, 1, $9, 0, $10, $11, $9, $9, $11, $9) RETURNING id",
        )
        .bind(unit.as_str())
        .bind(original.slug.clone())
        .bind(original.language.clone())
        .bind(original.title.clone())
        .bind(original.lead.clone())
        .bind(original.body_md.clone())
        .bind(original.body_html.clone())
        .bind(original.tags.join(","))
        .bind(now)
        .bind(original.id.get())
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
        replace_tags(&mut tx, "release_tags", "release_id", id, &original.tags).await?;
        sqlx::query(
            "INSERT INTO release_revisions (release_id, version, title, lead, body_md, tags, author_id, created_at) \
             VALUES ($1, 1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(original.title.clone())
        .bind(original.lead.clone())
        .bind(original.body_md.clone())
        .bind(original.tags.join(","))
        .bind(actor)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        record_event(
            &mut tx,
            id,
            actor,
            "amplify",
            ReleaseState::Released,
            ReleaseState::Released,
            1,
            "",
            now,
        )
        .await?;
        feed(
            &mut tx,
            now,
            id,
            "amplify",
            unit.as_str(),
            ReleaseState::Released,
            Some(now),
        )
        .await?;
        // The original's page lists its amplifications: tell its followers.
        feed(
            &mut tx,
            now,
            original.id.get(),
            "amplified",
            original.unit_code.as_str(),
            original.state,
            original.public_at,
        )
        .await?;
        tx.commit().await?;
        Ok(ReleaseId::new(id))
    }
}

/// Numbers a release at its first release: one more than the unit's
/// highest number in the year `public_at` falls in (in the unit's zone).
/// A release that has a number keeps it (released again after being
/// taken back from a schedule, or withdrawn); amplifications get none.
///
/// Two releases of one unit released at once would read the same highest
/// number: SQLite's write transactions never overlap, and on PostgreSQL a
/// lock on the unit's year, held to the end of the transaction, makes the
/// second wait and then read the first's number (found by `scripts/faults`:
/// a 500 on the unique index under two concurrent editors).
async fn give_press_number(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    id: i64,
    unit: &str,
    public_at: i64,
) -> Result<(), StoreError> {
    let zone = UnitCode::parse(unit)
        .map(|c| sinergi_domain::Zone::of_unit(&c))
        .unwrap_or(sinergi_domain::Zone::Wib);
    let year = year_of(public_at, zone.utc_offset_hours());
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1), CAST($2 AS INTEGER))")
            .bind(format!("press-number:{unit}"))
            .bind(year)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "UPDATE releases SET press_year = $1, press_number = \
         (SELECT COALESCE(MAX(o.press_number), 0) + 1 FROM releases o \
          WHERE o.unit_code = $2 AND o.press_year = $1) \
         WHERE id = $3 AND press_number IS NULL AND amplifies_id IS NULL",
    )
    .bind(year)
    .bind(unit)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The calendar year of `micros` (since the epoch, UTC) at a fixed offset.
pub(crate) fn year_of(micros: i64, offset_hours: i8) -> i64 {
    let secs = micros.div_euclid(1_000_000) + i64::from(offset_hours) * 3600;
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

#[cfg(test)]
mod year_tests {
    use super::year_of;

    #[test]
    fn years_turn_at_local_midnight() {
        // 2026-12-31T17:00:00Z is 1 January 2027 00.00 WIB.
        let new_year_wib = 1_798_736_400_000_000;
        assert_eq!(year_of(new_year_wib, 7), 2027);
        assert_eq!(year_of(new_year_wib - 1, 7), 2026);
        assert_eq!(year_of(new_year_wib, 0), 2026);
        assert_eq!(year_of(0, 0), 1970);
        // 29 February 2028, noon UTC.
        assert_eq!(year_of(1_835_438_400_000_000, 9), 2028);
    }
}
