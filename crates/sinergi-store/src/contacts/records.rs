//! Contacts: add, change, find (every list read audited), duplicates on
//! e-mail and on name + outlet, and the private notes units keep.

use serde::Serialize;
use serde_json::json;
use sinergi_domain::access::Scope;
use sinergi_domain::contacts::ContactKind;
use sinergi_domain::search_key::fold;
use sinergi_domain::{ContactId, UserId};
use sqlx::{Any, Transaction};

use super::{join_list, split_list};
use crate::accounts::audit::{self, Actor, AuditEvent};
use crate::scope_sql::{Bind, arg, arguments, scope_condition};
use crate::{Store, StoreError, changes};

/// A contact as the service checked it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactDraft {
    pub name: String,
    /// Lower-cased; `None` when the contact has no address.
    pub email: Option<String>,
    pub phone: String,
    pub whatsapp: String,
    pub kind: Option<ContactKind>,
    pub role_title: String,
    pub outlet_id: Option<i64>,
    pub organisation: String,
    pub beats: Vec<String>,
    /// Unit codes of the regions the contact covers.
    pub regions: Vec<String>,
    pub languages: Vec<String>,
    /// Of the e-mail they get: `id` or `en`.
    pub language: String,
    /// `WIB`, `WITA` or `WIT`.
    pub time_zone: String,
    /// The journalist account this contact is, if any.
    pub user_id: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRecord {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub whatsapp: String,
    pub kind: ContactKind,
    pub role_title: String,
    pub outlet_id: Option<i64>,
    pub outlet_name: Option<String>,
    pub organisation: String,
    pub beats: Vec<String>,
    pub regions: Vec<String>,
    pub languages: Vec<String>,
    pub language: String,
    pub time_zone: String,
    pub user_id: Option<UserId>,
    pub merged_into: Option<ContactId>,
    /// When their personal data was erased (the row is a tombstone).
    pub erased_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
    /// Whether a consent to distribution stands now.
    pub distribution_consent: bool,
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: i64,
    name: String,
    email: Option<String>,
    phone: String,
    whatsapp: String,
    #[sqlx(try_from = "String")]
    kind: ContactKind,
    role_title: String,
    outlet_id: Option<i64>,
    outlet_name: Option<String>,
    organisation: String,
    beats: String,
    regions: String,
    languages: String,
    language: String,
    time_zone: String,
    user_id: Option<i64>,
    merged_into: Option<i64>,
    erased_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
    consented: i64,
}

impl From<ContactRow> for ContactRecord {
    fn from(r: ContactRow) -> ContactRecord {
        ContactRecord {
            id: ContactId::new(r.id),
            name: r.name,
            email: r.email,
            phone: r.phone,
            whatsapp: r.whatsapp,
            kind: r.kind,
            role_title: r.role_title,
            outlet_id: r.outlet_id,
            outlet_name: r.outlet_name,
            organisation: r.organisation,
            beats: split_list(&r.beats),
            regions: split_list(&r.regions),
            languages: split_list(&r.languages),
            language: r.language,
            time_zone: r.time_zone,
            user_id: r.user_id.map(UserId::new),
            merged_into: r.merged_into.map(ContactId::new),
            erased_at: r.erased_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
            distribution_consent: r.consented > 0,
        }
    }
}

pub(crate) const CONTACT_SELECT: &str = "SELECT c.id, c.name, c.email, c.phone, c.whatsapp, c.kind, \
     c.role_title, c.outlet_id, o.name AS outlet_name, c.organisation, c.beats, c.regions, \
     c.languages, c.language, c.time_zone, c.user_id, c.merged_into, c.erased_at, c.created_at, c.updated_at, \
     c.version, (SELECT COUNT(*) FROM consents k WHERE k.contact_id = c.id \
        AND k.purpose = 'distribution' AND k.withdrawn_at IS NULL) AS consented \
     FROM contacts c LEFT JOIN outlets o ON o.id = c.outlet_id";

/// What an officer filters a contact list by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactQuery {
    /// Words of the name, an e-mail address or part of it, or an outlet's name.
    pub q: String,
    pub kind: Option<ContactKind>,
    pub outlet_id: Option<i64>,
    pub beat: String,
    /// A unit code: contacts covering it or a region above or below it.
    pub region: String,
    /// Only those with (true) or without (false) a standing consent.
    pub consent: Option<bool>,
    pub limit: i64,
    pub offset: i64,
}

/// A contact that may be the same person as the one being added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub id: ContactId,
    pub name: String,
    /// `email` or `name_outlet`.
    pub reason: &'static str,
}

/// A unit's private note on a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ContactNote {
    pub id: i64,
    pub unit_code: String,
    pub body: String,
    pub author: Option<String>,
    pub created_at: i64,
}

pub(crate) async fn insert_contact(
    tx: &mut Transaction<'_, Any>,
    d: &ContactDraft,
    created_by: Option<UserId>,
    now: i64,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (name, name_key, email, phone, whatsapp, kind, role_title, outlet_id, \
         organisation, beats, regions, languages, language, time_zone, user_id, created_by, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
         RETURNING id",
    )
    .bind(d.name.clone())
    .bind(fold(&d.name))
    .bind(d.email.clone())
    .bind(d.phone.clone())
    .bind(d.whatsapp.clone())
    .bind(d.kind.unwrap_or(ContactKind::Other).as_str())
    .bind(d.role_title.clone())
    .bind(d.outlet_id)
    .bind(d.organisation.clone())
    .bind(join_list(&d.beats))
    .bind(join_list(&d.regions))
    .bind(join_list(&d.languages))
    .bind(d.language.clone())
    .bind(d.time_zone.clone())
    .bind(d.user_id.map(UserId::get))
    .bind(created_by.map(UserId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    changes::append(tx, now, "contact", &id.to_string(), "create", &json!({})).await?;
    Ok(id)
}

/// What the audit log keeps of a contact: no channels, only what says
/// which record changed.
fn audit_summary(d: &ContactDraft) -> serde_json::Value {
    json!({"kind": d.kind.map(|k| k.as_str()), "outlet_id": d.outlet_id})
}

impl Store {
    pub async fn create_contact(
        &self,
        d: &ContactDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<ContactId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_contact(&mut tx, d, actor.user_id, now).await?;
        let event = AuditEvent {
            action: "contact.create",
            target: format!("contact:{id}"),
            unit_code: None,
            before: None,
            after: Some(audit_summary(d)),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(ContactId::new(id))
    }

    /// Replaces a contact's details over `expected_version`; a stale
    /// version is a conflict and nothing changes.
    pub async fn update_contact(
        &self,
        id: ContactId,
        expected_version: i64,
        d: &ContactDraft,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let id = id.get();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE contacts SET name = $1, name_key = $2, email = $3, phone = $4, whatsapp = $5, \
             kind = $6, role_title = $7, outlet_id = $8, organisation = $9, beats = $10, \
             regions = $11, languages = $12, language = $13, time_zone = $14, updated_at = $15, \
             version = version + 1 WHERE id = $16 AND version = $17 AND merged_into IS NULL",
        )
        .bind(d.name.clone())
        .bind(fold(&d.name))
        .bind(d.email.clone())
        .bind(d.phone.clone())
        .bind(d.whatsapp.clone())
        .bind(d.kind.unwrap_or(ContactKind::Other).as_str())
        .bind(d.role_title.clone())
        .bind(d.outlet_id)
        .bind(d.organisation.clone())
        .bind(join_list(&d.beats))
        .bind(join_list(&d.regions))
        .bind(join_list(&d.languages))
        .bind(d.language.clone())
        .bind(d.time_zone.clone())
        .bind(now)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "contact {id} changed since version {expected_version}; reload it"
            )));
        }
        let event = AuditEvent {
            action: "contact.update",
            target: format!("contact:{id}"),
            unit_code: None,
            before: None,
            after: Some(audit_summary(d)),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        changes::append(
            &mut tx,
            now,
            "contact",
            &id.to_string(),
            "update",
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One contact (for a reader the service has checked).
    pub async fn contact(&self, id: ContactId) -> Result<Option<ContactRecord>, StoreError> {
        let sql = format!("{CONTACT_SELECT} WHERE c.id = $1");
        let row: Option<ContactRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(ContactRecord::from))
    }

    /// The contact that is the journalist account `user`, if any.
    pub async fn contact_of_user(&self, user: UserId) -> Result<Option<ContactRecord>, StoreError> {
        let sql = format!("{CONTACT_SELECT} WHERE c.user_id = $1");
        let row: Option<ContactRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(user.get())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(ContactRecord::from))
    }

    /// A page of contacts matching `q`, and how many match in all. The
    /// read itself is written to the audit log (`contacts.list`) with the
    /// filter used, in the same transaction.
    pub async fn list_contacts(
        &self,
        q: &ContactQuery,
        action: &'static str,
        actor: &Actor,
        now: i64,
    ) -> Result<(Vec<ContactRecord>, i64), StoreError> {
        let mut binds = Vec::new();
        let mut conditions = vec!["c.merged_into IS NULL AND c.erased_at IS NULL".to_owned()];
        let text = q.q.trim();
        if !text.is_empty() {
            let like = format!("%{}%", fold(text).replace(['%', '_'], ""));
            let email_like = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
            let a = arg(&mut binds, Bind::Text(like.clone()));
            let b = arg(&mut binds, Bind::Text(email_like));
            let c = arg(&mut binds, Bind::Text(like));
            conditions.push(format!(
                "(c.name_key LIKE {a} OR c.email LIKE {b} OR LOWER(COALESCE(o.name, c.organisation)) LIKE {c})"
            ));
        }
        if let Some(kind) = q.kind {
            let p = arg(&mut binds, Bind::Text(kind.as_str().to_owned()));
            conditions.push(format!("c.kind = {p}"));
        }
        if let Some(outlet) = q.outlet_id {
            let p = arg(&mut binds, Bind::Int(outlet));
            conditions.push(format!("c.outlet_id = {p}"));
        }
        if !q.beat.trim().is_empty() {
            let p = arg(
                &mut binds,
                Bind::Text(format!("%,{},%", q.beat.trim().to_lowercase())),
            );
            conditions.push(format!("(',' || LOWER(c.beats) || ',') LIKE {p}"));
        }
        if !q.region.trim().is_empty() {
            let region = q.region.trim().to_owned();
            let p = arg(&mut binds, Bind::Text(format!("%,{region}%")));
            conditions.push(format!("(',' || c.regions) LIKE {p}"));
        }
        if let Some(consent) = q.consent {
            let exists = "EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id \
                 AND k.purpose = 'distribution' AND k.withdrawn_at IS NULL)";
            conditions.push(if consent {
                exists.to_owned()
            } else {
                format!("NOT {exists}")
            });
        }
        let condition = conditions.join(" AND ");
        let count_sql = format!(
            "SELECT COUNT(*) FROM contacts c LEFT JOIN outlets o ON o.id = c.outlet_id WHERE {condition}"
        );
        let mut page_binds = binds.clone();
        let limit = arg(&mut page_binds, Bind::Int(q.limit.clamp(1, 10_000)));
        let offset = arg(&mut page_binds, Bind::Int(q.offset.max(0)));
        let sql = format!(
            "{CONTACT_SELECT} WHERE {condition} ORDER BY c.name_key, c.id LIMIT {limit} OFFSET {offset}"
        );
        let mut tx = self.begin_write().await?;
        let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(count_sql), arguments(binds)?)
            .fetch_one(&mut *tx)
            .await?;
        let rows: Vec<ContactRow> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(page_binds)?)
                .fetch_all(&mut *tx)
                .await?;
        let event = AuditEvent {
            action,
            target: "contacts".to_owned(),
            unit_code: None,
            before: None,
            // Never the search text: it is often a person's name or
            // address, which would outlive their erasure here.
            after: Some(json!({
                "text_search": !q.q.trim().is_empty(), "kind": q.kind.map(|k| k.as_str()),
                "outlet_id": q.outlet_id, "beat": q.beat, "region": q.region, "consent": q.consent,
                "offset": q.offset, "rows": rows.len(), "total": total,
            })),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok((rows.into_iter().map(ContactRecord::from).collect(), total))
    }

    /// Contacts that may be the same person as `d`: the same e-mail
    /// address, or the same name at the same outlet. `except` is the
    /// contact being edited.
    pub async fn contact_duplicates(
        &self,
        d: &ContactDraft,
        except: Option<ContactId>,
    ) -> Result<Vec<Duplicate>, StoreError> {
        let except = except.map_or(0, ContactId::get);
        let mut found = Vec::new();
        if let Some(email) = &d.email {
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT id, name FROM contacts WHERE email = $1 AND id <> $2 AND merged_into IS NULL \
                 AND erased_at IS NULL ORDER BY id",
            )
            .bind(email.clone())
            .bind(except)
            .fetch_all(&self.pool)
            .await?;
            found.extend(rows.into_iter().map(|(id, name)| Duplicate {
                id: ContactId::new(id),
                name,
                reason: "email",
            }));
        }
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM contacts WHERE name_key = $1 AND COALESCE(outlet_id, 0) = $2 \
             AND id <> $3 AND merged_into IS NULL AND erased_at IS NULL ORDER BY id",
        )
        .bind(fold(&d.name))
        .bind(d.outlet_id.unwrap_or(0))
        .bind(except)
        .fetch_all(&self.pool)
        .await?;
        for (id, name) in rows {
            if !found.iter().any(|f: &Duplicate| f.id.get() == id) {
                found.push(Duplicate {
                    id: ContactId::new(id),
                    name,
                    reason: "name_outlet",
                });
            }
        }
        Ok(found)
    }

    /// Adds a unit's private note on a contact.
    pub async fn add_contact_note(
        &self,
        id: ContactId,
        unit: &str,
        body: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let note: i64 = sqlx::query_scalar(
            "INSERT INTO contact_notes (contact_id, unit_code, body, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.get())
        .bind(unit.to_owned())
        .bind(body.to_owned())
        .bind(actor.user_id.map(UserId::get))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        changes::append(
            &mut tx,
            now,
            "contact_note",
            &note.to_string(),
            "create",
            &json!({"contact": id.get(), "unit": unit}),
        )
        .await?;
        tx.commit().await?;
        Ok(note)
    }

    /// The notes on a contact by units within `scope`, newest first.
    pub async fn contact_notes(
        &self,
        id: ContactId,
        scope: &Scope,
    ) -> Result<Vec<ContactNote>, StoreError> {
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds = vec![Bind::Int(id.get())];
        let condition = scope_condition("n.unit_code", scope, &mut binds);
        let sql = format!(
            "SELECT n.id, n.unit_code, n.body, u.name AS author, n.created_at FROM contact_notes n \
             LEFT JOIN users u ON u.id = n.author_id WHERE n.contact_id = $1 AND {condition} \
             ORDER BY n.created_at DESC, n.id DESC"
        );
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
