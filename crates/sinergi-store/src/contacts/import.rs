//! Importing a checked list of contacts: every row in one transaction, so
//! a list is taken whole or not at all.

use serde_json::json;
use sinergi_domain::ContactId;
use sinergi_domain::contacts::SubscriptionTarget;

use super::consent::{NewConsent, insert_consent};
use super::records::{ContactDraft, insert_contact};
use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::{Store, StoreError, changes};

/// One row of an import, checked by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub contact: ContactDraft,
    /// An outlet to create (by name) when `contact.outlet_id` is `None`
    /// and the row names one the base does not hold yet.
    pub new_outlet: Option<String>,
    pub consent: Option<NewConsent>,
    /// Unit codes to subscribe the contact to (subtrees).
    pub subscribe: Vec<String>,
}

impl Store {
    /// Writes every row, or none. Returns the new contacts' ids in order.
    pub async fn import_contacts(
        &self,
        rows: &[ImportRow],
        actor: &Actor,
        now: i64,
    ) -> Result<Vec<ContactId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut outlets: Vec<(String, i64)> = Vec::new();
        for row in rows {
            let mut draft = row.contact.clone();
            if draft.outlet_id.is_none()
                && let Some(name) = &row.new_outlet
            {
                let key = name.trim().to_lowercase();
                let id = match outlets.iter().find(|(n, _)| *n == key) {
                    Some((_, id)) => *id,
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO outlets (name, created_at) VALUES ($1, $2) RETURNING id",
                        )
                        .bind(name.trim().to_owned())
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await?;
                        changes::append(
                            &mut tx,
                            now,
                            "outlet",
                            &id.to_string(),
                            "create",
                            &json!({}),
                        )
                        .await?;
                        outlets.push((key, id));
                        id
                    }
                };
                draft.outlet_id = Some(id);
            }
            let id = insert_contact(&mut tx, &draft, actor.user_id, now).await?;
            if let Some(consent) = &row.consent {
                insert_consent(&mut tx, id, consent, actor.user_id, now).await?;
            }
            for unit in &row.subscribe {
                let sub: i64 = sqlx::query_scalar(
                    "INSERT INTO subscriptions (contact_id, target, unit_code, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(id)
                .bind(SubscriptionTarget::Subtree.as_str())
                .bind(unit.clone())
                .bind(actor.user_id.map(sinergi_domain::UserId::get))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                changes::append(
                    &mut tx,
                    now,
                    "subscription",
                    &sub.to_string(),
                    "create",
                    &json!({"contact": id}),
                )
                .await?;
            }
            ids.push(ContactId::new(id));
        }
        let event = AuditEvent {
            action: "contacts.import",
            target: "contacts".to_owned(),
            unit_code: None,
            before: None,
            after: Some(json!({"rows": rows.len(), "outlets_created": outlets.len()})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(ids)
    }
}
