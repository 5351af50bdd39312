//! The audit log: who changed what, when, from where, with a before/after
//! summary. Append-only, and each entry's hash covers the previous entry's
//! hash, so editing or deleting an entry breaks the chain at that point.

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sinergi_domain::UserId;
use sinergi_domain::access::Scope;
use sqlx::{Any, Transaction};

use crate::connect::Backend;
use crate::scope_sql::{Bind, arguments, scope_condition};
use crate::{Store, StoreError};

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acts, and from where; passed to every write that is audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    /// What a reader of the log sees: an e-mail address, or `system`, `cli`.
    pub label: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor {
            user_id: None,
            label: label.to_owned(),
            ip: None,
        }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub action: &'a str,
    pub target: String,
    pub unit_code: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub ip: Option<String>,
    pub action: String,
    pub target: String,
    pub unit_code: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    fn compute_hash(&self) -> String {
        let body = json!([
            self.seq,
            self.at,
            self.actor_id,
            self.actor_label,
            self.ip,
            self.action,
            self.target,
            self.unit_code,
            self.before,
            self.after
        ]);
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(body.to_string().as_bytes());
        hex(&h.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What to look for in the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    pub unit_code: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Entries older than this sequence number (for paging back).
    pub before_seq: Option<i64>,
    pub limit: i64,
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { entries: i64 },
    Broken { seq: i64, reason: String },
}

/// Appends an entry in the caller's transaction.
pub(crate) async fn append(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    actor: &Actor,
    event: AuditEvent<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    // One appender at a time, so that each entry chains to the last one.
    // SQLite writers already hold the database's write lock (BEGIN IMMEDIATE).
    if backend == Backend::Postgres {
        sqlx::query("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut **tx)
            .await?;
    }
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let mut entry = AuditEntry {
        seq,
        at: now,
        actor_id: actor.user_id.map(UserId::get),
        actor_label: actor.label.clone(),
        ip: actor.ip.clone(),
        action: event.action.to_owned(),
        target: event.target,
        unit_code: event.unit_code,
        before: event.before,
        after: event.after,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_label, ip, action, target, unit_code, \
         before_state, after_state, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(entry.seq)
    .bind(entry.at)
    .bind(entry.actor_id)
    .bind(entry.actor_label.clone())
    .bind(entry.ip.clone())
    .bind(entry.action.clone())
    .bind(entry.target.clone())
    .bind(entry.unit_code.clone())
    .bind(entry.before.as_ref().map(Value::to_string))
    .bind(entry.after.as_ref().map(Value::to_string))
    .bind(entry.prev_hash.clone())
    .bind(entry.hash.clone())
    .execute(&mut **tx)
    .await?;
    Ok(seq)
}

const COLUMNS: &str = "seq, at, actor_id, actor_label, ip, action, target, unit_code, before_state, after_state, prev_hash, hash";

/// A row of [`COLUMNS`].
#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_label: String,
    ip: Option<String>,
    action: String,
    target: String,
    unit_code: Option<String>,
    /// JSON.
    before_state: Option<String>,
    /// JSON.
    after_state: Option<String>,
    prev_hash: String,
    hash: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;
    fn try_from(r: AuditRow) -> Result<AuditEntry, StoreError> {
        let json = |s: Option<String>| -> Result<Option<Value>, StoreError> {
            s.map(|s| {
                serde_json::from_str(&s)
                    .map_err(|e| StoreError::Corrupt(format!("audit entry: {e}")))
            })
            .transpose()
        };
        Ok(AuditEntry {
            seq: r.seq,
            at: r.at,
            actor_id: r.actor_id,
            actor_label: r.actor_label,
            ip: r.ip,
            action: r.action,
            target: r.target,
            unit_code: r.unit_code,
            before: json(r.before_state)?,
            after: json(r.after_state)?,
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
    }
}

impl Store {
    /// Records one event on its own (for changes made outside a store
    /// transaction, such as a sign-in).
    pub async fn audit(
        &self,
        actor: &Actor,
        event: AuditEvent<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let seq = append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Entries about units in `scope`, newest first. Entries about no unit
    /// (network-wide events) are only in a network-wide scope.
    pub async fn audit_entries(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut binds = Vec::new();
        let mut conditions = vec![if scope.everything {
            "1 = 1".to_owned()
        } else {
            scope_condition("unit_code", scope, &mut binds)
        }];
        let mut add = |sql: &str, b: Bind, binds: &mut Vec<Bind>| {
            binds.push(b);
            conditions.push(format!("{sql} ${}", binds.len()));
        };
        if let Some(a) = &filter.action {
            add("action =", Bind::Text(a.clone()), &mut binds);
        }
        if let Some(a) = filter.actor_id {
            add("actor_id =", Bind::Int(a), &mut binds);
        }
        if let Some(u) = &filter.unit_code {
            add("unit_code =", Bind::Text(u.clone()), &mut binds);
        }
        if let Some(s) = filter.since {
            add("at >=", Bind::Int(s), &mut binds);
        }
        if let Some(u) = filter.until {
            add("at <", Bind::Int(u), &mut binds);
        }
        if let Some(b) = filter.before_seq {
            add("seq <", Bind::Int(b), &mut binds);
        }
        binds.push(Bind::Int(filter.limit.clamp(1, 10_000)));
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_log WHERE {} ORDER BY seq DESC LIMIT ${}",
            conditions.join(" AND "),
            binds.len()
        );
        let rows: Vec<AuditRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// Walks the whole log and checks every link of the chain.
    pub async fn verify_audit_chain(&self) -> Result<ChainCheck, StoreError> {
        let mut expected_prev = GENESIS.to_owned();
        let mut expected_seq = 1;
        let mut after = 0_i64;
        loop {
            let sql =
                format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000");
            let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(after)
                .fetch_all(&self.pool)
                .await?;
            if rows.is_empty() {
                return Ok(ChainCheck::Intact {
                    entries: expected_seq - 1,
                });
            }
            for row in rows {
                let e = AuditEntry::try_from(row)?;
                let broken = |reason: &str| {
                    Ok(ChainCheck::Broken {
                        seq: e.seq,
                        reason: reason.to_owned(),
                    })
                };
                if e.seq != expected_seq {
                    return broken(&format!("entry {expected_seq} is missing"));
                }
                if e.prev_hash != expected_prev {
                    return broken("it does not follow the entry before it");
                }
                if e.compute_hash() != e.hash {
                    return broken("its content was changed after it was written");
                }
                expected_prev = e.hash.clone();
                expected_seq += 1;
                after = e.seq;
            }
        }
    }
}
