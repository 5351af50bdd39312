//! Who is reminded of a campaign they have not started: the editors and
//! admins of each target that has not adopted, and, in copy, those of the
//! unit above it (its supervisor).

use crate::{NewEmail, Store, StoreError};
use sinergi_domain::UserId;

/// A person to remind, with the units they answer for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRecipient {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub language: String,
    /// Their own units that have not started: `(code, name)`.
    pub own: Vec<(String, String)>,
    /// Units directly below theirs that have not started.
    pub supervised: Vec<(String, String)>,
}

/// A person and one unit of theirs (`supervised` 0) or below theirs (1)
/// that has not started.
#[derive(sqlx::FromRow)]
struct ReminderRow {
    #[sqlx(try_from = "i64")]
    user_id: UserId,
    email: String,
    name: String,
    language: String,
    unit_code: String,
    unit_name: String,
    supervised: i64,
}

impl Store {
    pub async fn campaign_reminder_recipients(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<ReminderRecipient>, StoreError> {
        let rows: Vec<ReminderRow> = sqlx::query_as(
            "SELECT us.id AS user_id, us.email AS email, us.name AS name, us.language AS language, \
                    cu.unit_code AS unit_code, un.name AS unit_name, 0 AS supervised \
             FROM campaign_units cu JOIN units un ON un.code = cu.unit_code \
             JOIN memberships m ON m.unit_code = cu.unit_code \
             JOIN users us ON us.id = m.user_id \
             WHERE cu.campaign_id = $1 AND cu.adopted_at IS NULL AND m.revoked_at IS NULL \
               AND m.role IN ('admin', 'editor') AND us.active = 1 \
             UNION ALL \
             SELECT us.id, us.email, us.name, us.language, cu.unit_code, un.name, 1 \
             FROM campaign_units cu JOIN units un ON un.code = cu.unit_code \
             JOIN memberships m ON m.unit_code = un.parent_code \
             JOIN users us ON us.id = m.user_id \
             WHERE cu.campaign_id = $1 AND cu.adopted_at IS NULL AND m.revoked_at IS NULL \
               AND m.role IN ('admin', 'editor') AND us.active = 1 \
             ORDER BY 1, 7, 5",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<ReminderRecipient> = Vec::new();
        for r in rows {
            if out.last().is_none_or(|l| l.user_id != r.user_id) {
                out.push(ReminderRecipient {
                    user_id: r.user_id,
                    email: r.email,
                    name: r.name,
                    language: r.language,
                    own: Vec::new(),
                    supervised: Vec::new(),
                });
            }
            let last = out.last_mut().expect("pushed above");
            let unit = (r.unit_code, r.unit_name);
            let list = if r.supervised == 1 {
                &mut last.supervised
            } else {
                &mut last.own
            };
            if !list.contains(&unit) {
                list.push(unit);
            }
        }
        Ok(out)
    }

    /// Logs a reminder and queues its message in one transaction; false
    /// (and nothing changes) when this person had this period's already.
    pub async fn queue_campaign_reminder(
        &self,
        campaign_id: i64,
        user_id: UserId,
        period_key: &str,
        units: i64,
        email: &NewEmail,
        now: i64,
    ) -> Result<bool, StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        let logged = sqlx::query(
            "INSERT INTO campaign_reminders (campaign_id, user_id, period_key, units, at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(campaign_id)
        .bind(user_id)
        .bind(period_key.to_owned())
        .bind(units)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if logged.rows_affected() == 0 {
            return Ok(false);
        }
        let queued = crate::outbox::enqueue_email(&mut tx, email, now).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// The units of a campaign that an owner's "remind now" reached after
    /// `since`. Those reminders are logged one row per person and
    /// unit, with the period key `now:{unit}:{at}`.
    pub async fn campaign_units_reminded_since(
        &self,
        campaign_id: i64,
        since: i64,
    ) -> Result<Vec<String>, StoreError> {
        let keys: Vec<String> = sqlx::query_scalar(
            "SELECT period_key FROM campaign_reminders \
             WHERE campaign_id = $1 AND at > $2 AND period_key LIKE 'now:%'",
        )
        .bind(campaign_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut units: Vec<String> = keys
            .iter()
            .filter_map(|k| {
                let rest = k.strip_prefix("now:")?;
                Some(rest.rsplit_once(':')?.0.to_owned())
            })
            .collect();
        units.sort();
        units.dedup();
        Ok(units)
    }

    /// Logs an owner's "remind now" to one person about `units` and queues
    /// its message, in one transaction. False (and nothing changes) when
    /// the message's idempotency key was queued before.
    pub async fn queue_campaign_nudge(
        &self,
        campaign_id: i64,
        user_id: UserId,
        units: &[String],
        email: &NewEmail,
        now: i64,
    ) -> Result<bool, StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        for unit in units {
            sqlx::query(
                "INSERT INTO campaign_reminders (campaign_id, user_id, period_key, units, at) \
                 VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING",
            )
            .bind(campaign_id)
            .bind(user_id)
            .bind(format!("now:{unit}:{now}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let queued = crate::outbox::enqueue_email(&mut tx, email, now).await?;
        if !queued {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// How many reminders were logged for a campaign.
    pub async fn campaign_reminder_count(&self, campaign_id: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM campaign_reminders WHERE campaign_id = $1")
                .bind(campaign_id)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
