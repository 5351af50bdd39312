//! Subscriptions (a unit, a subtree, a campaign or a tag; by e-mail for
//! each release or in a daily digest), personal feed tokens, and what a
//! contact's feed and the journalist's portal list.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::contacts::{Channel, Delivery, SubscriptionTarget};
use sinergi_domain::{CampaignId, ContactId, ReleaseId, SubscriptionId, UserId};

use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::scope_sql::{Bind, arg, arguments};
use crate::{Store, StoreError, changes};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionRecord {
    pub id: SubscriptionId,
    pub contact_id: ContactId,
    pub target: SubscriptionTarget,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub campaign_id: Option<CampaignId>,
    pub campaign_title: Option<String>,
    /// The tag followed (`target` = tag).
    pub tag: Option<String>,
    pub delivery: Delivery,
    /// The digest's hour (0–23) in the contact's zone (`delivery` = digest).
    pub digest_hour: Option<i64>,
    pub created_at: i64,
}

/// A subscription to make (or, when one to the same thing stands, the
/// delivery to give it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    pub target: SubscriptionTarget,
    pub unit_code: Option<String>,
    pub campaign: Option<CampaignId>,
    pub tag: Option<String>,
    pub delivery: Delivery,
    pub digest_hour: Option<i64>,
}

impl NewSubscription {
    /// Each release, of `target` named by a unit code (unit, subtree).
    pub fn unit(target: SubscriptionTarget, unit_code: &str) -> NewSubscription {
        NewSubscription {
            target,
            unit_code: Some(unit_code.to_owned()),
            campaign: None,
            tag: None,
            delivery: Delivery::Each,
            digest_hour: None,
        }
    }

    /// In the daily digest at `hour` instead of each release.
    pub fn digest_at(mut self, hour: i64) -> NewSubscription {
        self.delivery = Delivery::Digest;
        self.digest_hour = Some(hour);
        self
    }
}

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    id: i64,
    contact_id: i64,
    #[sqlx(try_from = "String")]
    target: SubscriptionTarget,
    unit_code: Option<String>,
    unit_name: Option<String>,
    campaign_id: Option<i64>,
    campaign_title: Option<String>,
    tag: Option<String>,
    #[sqlx(try_from = "String")]
    delivery: Delivery,
    digest_hour: Option<i64>,
    created_at: i64,
}

impl From<SubscriptionRow> for SubscriptionRecord {
    fn from(r: SubscriptionRow) -> SubscriptionRecord {
        SubscriptionRecord {
            id: SubscriptionId::new(r.id),
            contact_id: ContactId::new(r.contact_id),
            target: r.target,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            campaign_id: r.campaign_id.map(CampaignId::new),
            campaign_title: r.campaign_title,
            tag: r.tag,
            delivery: r.delivery,
            digest_hour: r.digest_hour,
            created_at: r.created_at,
        }
    }
}

/// Whose personal feed a token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOwner {
    pub contact_id: ContactId,
    pub name: String,
}

/// A release in a personal feed or the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PortalRelease {
    #[sqlx(try_from = "i64")]
    pub id: ReleaseId,
    pub unit_code: String,
    pub unit_name: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub public_at: i64,
    pub embargo: i64,
    pub updated_at: i64,
}

impl Store {
    /// Subscribes `contact` (idempotent: an identical standing subscription
    /// is returned instead; one to the same thing with another delivery is
    /// given the new delivery, from now on).
    pub async fn subscribe(
        &self,
        contact: ContactId,
        new: &NewSubscription,
        actor: &Actor,
        now: i64,
    ) -> Result<SubscriptionId, StoreError> {
        let unit_code = new.unit_code.as_deref();
        let digest_hour = match new.delivery {
            Delivery::Each => None,
            Delivery::Digest => Some(new.digest_hour.unwrap_or(7).clamp(0, 23)),
        };
        let mut tx = self.begin_write().await?;
        let existing: Option<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, delivery, digest_hour FROM subscriptions WHERE contact_id = $1 AND target = $2 \
             AND COALESCE(unit_code, '') = $3 AND COALESCE(campaign_id, 0) = $4 \
             AND COALESCE(tag, '') = $5 AND ended_at IS NULL",
        )
        .bind(contact.get())
        .bind(new.target.as_str())
        .bind(unit_code.unwrap_or("").to_owned())
        .bind(new.campaign.map_or(0, CampaignId::get))
        .bind(new.tag.clone().unwrap_or_default())
        .fetch_optional(&mut *tx)
        .await?;
        let after = json!({"target": new.target, "unit": unit_code, "campaign": new.campaign,
            "tag": new.tag, "delivery": new.delivery, "digest_hour": digest_hour});
        if let Some((id, delivery, hour)) = existing {
            if delivery != new.delivery.as_str() || hour != digest_hour {
                sqlx::query(
                    "UPDATE subscriptions SET delivery = $1, digest_hour = $2, delivery_since = $3 \
                     WHERE id = $4",
                )
                .bind(new.delivery.as_str())
                .bind(digest_hour)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                changes::append(
                    &mut tx,
                    now,
                    "subscription",
                    &id.to_string(),
                    "update",
                    &json!({"contact": contact.get(), "delivery": new.delivery, "digest_hour": digest_hour}),
                )
                .await?;
                let event = AuditEvent {
                    action: "subscription.update",
                    target: format!("contact:{contact}"),
                    unit_code: unit_code.map(str::to_owned),
                    before: Some(json!({"delivery": delivery, "digest_hour": hour})),
                    after: Some(after),
                };
                audit::append(&mut tx, self.backend, actor, event, now).await?;
            }
            tx.commit().await?;
            return Ok(SubscriptionId::new(id));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO subscriptions (contact_id, target, unit_code, campaign_id, tag, delivery, \
             digest_hour, delivery_since, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(contact.get())
        .bind(new.target.as_str())
        .bind(unit_code.map(str::to_owned))
        .bind(new.campaign.map(CampaignId::get))
        .bind(new.tag.clone())
        .bind(new.delivery.as_str())
        .bind(digest_hour)
        .bind(now)
        .bind(actor.user_id.map(UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        changes::append(
            &mut tx,
            now,
            "subscription",
            &id.to_string(),
            "create",
            &json!({"contact": contact.get(), "target": new.target, "unit": unit_code,
                "campaign": new.campaign, "tag": new.tag, "delivery": new.delivery}),
        )
        .await?;
        let event = AuditEvent {
            action: "subscription.create",
            target: format!("contact:{contact}"),
            unit_code: unit_code.map(str::to_owned),
            before: None,
            after: Some(after),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(SubscriptionId::new(id))
    }

    /// Ends one subscription of `contact` (`None`: all of them). Returns
    /// how many ended.
    pub async fn unsubscribe(
        &self,
        contact: ContactId,
        subscription: Option<SubscriptionId>,
        via: Channel,
        actor: &Actor,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut binds = vec![Bind::Int(now), Bind::Text(via.as_str().to_owned())];
        let c = arg(&mut binds, Bind::Int(contact.get()));
        let mut sql = format!(
            "UPDATE subscriptions SET ended_at = $1, ended_via = $2 WHERE contact_id = {c} AND ended_at IS NULL"
        );
        if let Some(s) = subscription {
            let p = arg(&mut binds, Bind::Int(s.get()));
            sql.push_str(&format!(" AND id = {p}"));
        }
        let mut tx = self.begin_write().await?;
        let done = sqlx::query_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .execute(&mut *tx)
            .await?;
        let n = done.rows_affected();
        if n > 0 {
            changes::append(
                &mut tx,
                now,
                "subscription",
                &contact.to_string(),
                "end",
                &json!({"contact": contact.get(), "subscription": subscription, "via": via}),
            )
            .await?;
            let event = AuditEvent {
                action: "subscription.end",
                target: format!("contact:{contact}"),
                unit_code: None,
                before: None,
                after: Some(json!({"subscription": subscription, "via": via, "ended": n})),
            };
            audit::append(&mut tx, self.backend, actor, event, now).await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// A contact's standing subscriptions, oldest first.
    pub async fn subscriptions_of(
        &self,
        contact: ContactId,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        let rows: Vec<SubscriptionRow> = sqlx::query_as(
            "SELECT s.id, s.contact_id, s.target, s.unit_code, u.name AS unit_name, s.campaign_id, \
             g.title AS campaign_title, s.tag, s.delivery, s.digest_hour, s.created_at FROM subscriptions s \
             LEFT JOIN units u ON u.code = s.unit_code LEFT JOIN campaigns g ON g.id = s.campaign_id \
             WHERE s.contact_id = $1 AND s.ended_at IS NULL ORDER BY s.id",
        )
        .bind(contact.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(SubscriptionRecord::from).collect())
    }

    /// Makes a new personal feed token for `contact` (only its hash is
    /// kept), revoking the previous ones.
    pub async fn replace_feed_token(
        &self,
        contact: ContactId,
        token_hash: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE feed_tokens SET revoked_at = $1 WHERE contact_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(contact.get())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO feed_tokens (contact_id, token_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(contact.get())
        .bind(token_hash.to_owned())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        changes::append(
            &mut tx,
            now,
            "feed_token",
            &contact.to_string(),
            "replace",
            &json!({}),
        )
        .await?;
        let event = AuditEvent {
            action: "feed_token.replace",
            target: format!("contact:{contact}"),
            unit_code: None,
            before: None,
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revokes every personal feed token of `contact`.
    pub async fn revoke_feed_tokens(
        &self,
        contact: ContactId,
        actor: &Actor,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE feed_tokens SET revoked_at = $1 WHERE contact_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(contact.get())
        .execute(&mut *tx)
        .await?;
        changes::append(
            &mut tx,
            now,
            "feed_token",
            &contact.to_string(),
            "revoke",
            &json!({}),
        )
        .await?;
        let event = AuditEvent {
            action: "feed_token.revoke",
            target: format!("contact:{contact}"),
            unit_code: None,
            before: None,
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Whether `contact` holds a live feed token.
    pub async fn has_feed_token(&self, contact: ContactId) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM feed_tokens WHERE contact_id = $1 AND revoked_at IS NULL",
        )
        .bind(contact.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// The contact a live feed token (by its hash) belongs to.
    pub async fn feed_owner(&self, token_hash: &str) -> Result<Option<FeedOwner>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT c.id, c.name FROM feed_tokens t JOIN contacts c ON c.id = t.contact_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND c.merged_into IS NULL",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, name)| FeedOwner {
            contact_id: ContactId::new(id),
            name,
        }))
    }

    /// Released releases a contact's subscriptions cover, newest first,
    /// public at `visible_by` or before (a personal feed passes `now`; the
    /// portal passes the end of time and filters by the embargo rule).
    pub async fn subscribed_releases(
        &self,
        contact: ContactId,
        visible_by: i64,
        limit: i64,
    ) -> Result<Vec<PortalRelease>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.unit_code, u.name AS unit_name, r.slug, r.title, r.lead, r.public_at, \
             r.embargo, r.updated_at FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.state = 'released' AND r.public_at IS NOT NULL AND r.public_at <= $2 \
             AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = $1 AND s.ended_at IS NULL AND ( \
                 (s.target = 'unit' AND s.unit_code = r.unit_code) \
              OR (s.target = 'subtree' AND (r.unit_code = s.unit_code OR substr(r.unit_code, 1, length(s.unit_code) + 1) = s.unit_code || '.')) \
              OR (s.target = 'campaign' AND EXISTS (SELECT 1 FROM campaigns g JOIN release_tags t ON t.tag = g.tag \
                     WHERE g.id = s.campaign_id AND t.release_id = r.id)) \
              OR (s.target = 'tag' AND EXISTS (SELECT 1 FROM release_tags t \
                     WHERE t.release_id = r.id AND t.tag = s.tag)))) \
             ORDER BY r.public_at DESC, r.id DESC LIMIT $3",
        )
        .bind(contact.get())
        .bind(visible_by)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Released releases (embargoed ones included) of the units whose
    /// codes are in `units` or under the roots in `subtrees`, newest
    /// first: the portal's "from units that accredited you". The caller
    /// applies the embargo rule per release.
    pub async fn releases_of_units(
        &self,
        units: &[String],
        subtrees: &[String],
        limit: i64,
    ) -> Result<Vec<PortalRelease>, StoreError> {
        let mut binds = Vec::new();
        let mut parts = Vec::new();
        for u in units.iter().chain(subtrees) {
            let p = arg(&mut binds, Bind::Text(u.clone()));
            parts.push(format!("r.unit_code = {p}"));
        }
        for s in subtrees {
            let lo = arg(&mut binds, Bind::Text(format!("{s}.")));
            let hi = arg(&mut binds, Bind::Text(format!("{s}/")));
            parts.push(format!("(r.unit_code > {lo} AND r.unit_code < {hi})"));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let l = arg(&mut binds, Bind::Int(limit));
        let sql = format!(
            "SELECT r.id, r.unit_code, u.name AS unit_name, r.slug, r.title, r.lead, r.public_at, \
             r.embargo, r.updated_at FROM releases r JOIN units u ON u.code = r.unit_code \
             WHERE r.state = 'released' AND r.public_at IS NOT NULL AND ({}) \
             ORDER BY r.public_at DESC, r.id DESC LIMIT {l}",
            parts.join(" OR ")
        );
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Tags on released releases, most used first (at most 200), for the
    /// subscription form's choice.
    pub async fn tags_in_use(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT t.tag FROM release_tags t JOIN releases r ON r.id = t.release_id \
             WHERE r.state = 'released' GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT 200",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Campaigns one may follow now (not ended at `now`): (id, title),
    /// newest first, for the subscription form's choice.
    pub async fn campaign_choices(&self, now: i64) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, title FROM campaigns WHERE ends_at >= $1 \
             ORDER BY starts_at DESC, id DESC LIMIT 200",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }
}
