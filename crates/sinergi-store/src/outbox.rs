//! The outbox: side effects (e-mail for now) written in the same transaction
//! as the change that causes them, and sent later by a worker.
//!
//! A writer calls [`enqueue_email`] inside its own transaction; if the
//! transaction rolls back, no mail goes out. The idempotency key is unique,
//! so enqueueing the same message twice stores it once. A worker claims one
//! due message at a time with a lease (`locked_until`): a worker that dies
//! mid-send leaves the lease to expire, and another worker sends the message
//! again under the same key (the mail crate derives the `Message-ID` from it,
//! so receivers can drop the duplicate). Every claim counts as an attempt.
//!
//! A message the worker gave up on ("dead") keeps `sent_at` NULL, has
//! `next_attempt_at` = [`OUTBOX_NEVER`] and says why in `last_error`.
//!
//! The outbox is deliberately not part of the change feed: its rows carry
//! secrets (reset links, invitations) that projections must never see.

use sqlx::{Any, Transaction};

use crate::connect::Backend;
use crate::{Store, StoreError};

/// `next_attempt_at` of a message the worker gave up on: never due again.
pub const OUTBOX_NEVER: i64 = i64::MAX;

/// The longest idempotency key accepted (bytes), so that a `Message-ID`
/// derived from it stays well within a mail header line.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;

/// An e-mail to send once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    /// Names the message for good (e.g. `password-reset:4711:3`): enqueueing
    /// the same key again does nothing.
    pub idempotency_key: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
}

/// A message a worker has claimed and now holds until `locked_until`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedEmail {
    pub id: i64,
    pub idempotency_key: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: i64,
    /// Attempts so far, this one included.
    pub attempts: i64,
    pub locked_until: i64,
    /// Extra headers (JSON array of `[name, value]`), e.g. `List-Unsubscribe`.
    pub headers: Option<String>,
    /// A file attached (JSON of [`Attachment`]), e.g. an event's `.ics`.
    pub attachment: Option<String>,
}

/// A text file attached to a message, such as an event's `invitation.ics`
/// (`text/calendar; method=REQUEST`). Kept as JSON beside the message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// The file name the reader sees.
    pub name: String,
    /// The MIME type with its parameters, e.g. `text/calendar; method=REQUEST`.
    pub content_type: String,
    pub body: String,
}

impl Attachment {
    /// The attachment stored with an outbox row, if any.
    pub fn from_json(json: Option<&str>) -> Result<Option<Attachment>, StoreError> {
        json.map(|j| {
            serde_json::from_str(j)
                .map_err(|e| StoreError::Corrupt(format!("an outbox attachment: {e}")))
        })
        .transpose()
    }
}

/// One row of the outbox, as it stands.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub locked_until: Option<i64>,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
    /// Extra headers (JSON array of `[name, value]`), if any.
    pub headers: Option<String>,
    /// A file attached (JSON of [`Attachment`]), if any.
    pub attachment: Option<String>,
}

impl OutboxEntry {
    /// The worker gave up on this message.
    pub fn is_dead(&self) -> bool {
        self.sent_at.is_none() && self.next_attempt_at == OUTBOX_NEVER
    }
}

const ENTRY_COLUMNS: &str = "id, kind, idempotency_key, recipient, subject, body_text, created_at, \
     attempts, next_attempt_at, locked_until, sent_at, last_error, headers, attachment";

fn check(email: &NewEmail) -> Result<(), StoreError> {
    let key = &email.idempotency_key;
    if key.trim().is_empty() || key.len() > MAX_IDEMPOTENCY_KEY_LEN {
        return Err(StoreError::Invalid(format!(
            "an outbox idempotency key must have 1 to {MAX_IDEMPOTENCY_KEY_LEN} bytes"
        )));
    }
    if email.recipient.trim().is_empty() {
        return Err(StoreError::Invalid("an e-mail needs a recipient".into()));
    }
    Ok(())
}

/// Adds `email` to the outbox inside the caller's transaction, due at `now`.
/// Returns false, and changes nothing, when its idempotency key is already
/// there (sent or not).
pub(crate) async fn enqueue_email(
    tx: &mut Transaction<'_, Any>,
    email: &NewEmail,
    now: i64,
) -> Result<bool, StoreError> {
    check(email)?;
    let done = sqlx::query(
        "INSERT INTO outbox (kind, idempotency_key, recipient, subject, body_text, \
         created_at, attempts, next_attempt_at) \
         VALUES ('email', $1, $2, $3, $4, $5, 0, $5) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&email.idempotency_key)
    .bind(&email.recipient)
    .bind(&email.subject)
    .bind(&email.body_text)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// [`enqueue_email`] with extra headers (name, value), such as
/// `List-Unsubscribe`: kept as JSON beside the message.
pub(crate) async fn enqueue_email_with_headers(
    tx: &mut Transaction<'_, Any>,
    email: &NewEmail,
    headers: &[(String, String)],
    now: i64,
) -> Result<bool, StoreError> {
    check(email)?;
    let headers = (!headers.is_empty()).then(|| {
        serde_json::Value::Array(
            headers
                .iter()
                .map(|(n, v)| serde_json::json!([n, v]))
                .collect(),
        )
        .to_string()
    });
    let done = sqlx::query(
        "INSERT INTO outbox (kind, idempotency_key, recipient, subject, body_text, \
         created_at, attempts, next_attempt_at, headers) \
         VALUES ('email', $1, $2, $3, $4, $5, 0, $5, $6) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&email.idempotency_key)
    .bind(&email.recipient)
    .bind(&email.subject)
    .bind(&email.body_text)
    .bind(now)
    .bind(headers)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// [`enqueue_email`] with a file attached (an event's `.ics`).
pub(crate) async fn enqueue_email_with_attachment(
    tx: &mut Transaction<'_, Any>,
    email: &NewEmail,
    attachment: &Attachment,
    now: i64,
) -> Result<bool, StoreError> {
    check(email)?;
    let attachment = serde_json::to_string(attachment)
        .map_err(|e| StoreError::Invalid(format!("an attachment: {e}")))?;
    let done = sqlx::query(
        "INSERT INTO outbox (kind, idempotency_key, recipient, subject, body_text, \
         created_at, attempts, next_attempt_at, attachment) \
         VALUES ('email', $1, $2, $3, $4, $5, 0, $5, $6) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&email.idempotency_key)
    .bind(&email.recipient)
    .bind(&email.subject)
    .bind(&email.body_text)
    .bind(now)
    .bind(attachment)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The claim statement, the one place where the engines differ: PostgreSQL
/// locks the chosen row and skips rows other nodes are claiming; SQLite has
/// one writer at a time, so the single `UPDATE` is already atomic. The outer
/// `WHERE` repeats the conditions so a row changed in between is never taken.
fn claim_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => {
            "UPDATE outbox SET locked_until = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox \
                 WHERE sent_at IS NULL AND next_attempt_at <= $1 \
                   AND (locked_until IS NULL OR locked_until <= $1) \
                 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
               AND sent_at IS NULL AND (locked_until IS NULL OR locked_until <= $1) \
             RETURNING id, idempotency_key, recipient, subject, body_text, created_at, \
                       attempts, locked_until, headers, attachment"
        }
        Backend::Sqlite => {
            "UPDATE outbox SET locked_until = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox \
                 WHERE sent_at IS NULL AND next_attempt_at <= $1 \
                   AND (locked_until IS NULL OR locked_until <= $1) \
                 ORDER BY next_attempt_at, id LIMIT 1) \
               AND sent_at IS NULL AND (locked_until IS NULL OR locked_until <= $1) \
             RETURNING id, idempotency_key, recipient, subject, body_text, created_at, \
                       attempts, locked_until, headers, attachment"
        }
    }
}

impl Store {
    /// Adds `email` to the outbox in a transaction of its own. Writers that
    /// send mail because of a change call the crate-internal
    /// `outbox::enqueue_email` in their own transaction instead.
    pub async fn enqueue_email(&self, email: &NewEmail, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let added = enqueue_email(&mut tx, email, now).await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Claims the unsent message that has been due longest and whose lease
    /// is free, holding it until `now + lease_micros`; `None` when nothing
    /// is due. Several workers (on several nodes) never hold the same message
    /// at once.
    pub async fn claim_due_email(
        &self,
        now: i64,
        lease_micros: i64,
    ) -> Result<Option<ClaimedEmail>, StoreError> {
        let until = now.saturating_add(lease_micros.max(1));
        Ok(sqlx::query_as(claim_sql(self.backend))
            .bind(now)
            .bind(until)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Records that message `id` went out. Marking twice keeps the first time.
    pub async fn mark_email_sent(&self, id: i64, now: i64) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET sent_at = COALESCE(sent_at, $2), locked_until = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("outbox message {id}")));
        }
        Ok(())
    }

    /// Records a failed attempt and when to try again (the caller decides
    /// the backoff). Returns false when the message was sent meanwhile (by
    /// a worker that took over after the lease expired), which is left as is.
    pub async fn mark_email_failed(
        &self,
        id: i64,
        now: i64,
        error: &str,
        next_attempt_at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $2, last_error = $3, locked_until = NULL \
             WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(next_attempt_at.max(now))
        .bind(truncate(error))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Hands claimed message `id` back untried, due again at `at` (a
    /// sending limit was reached): the claim does not count as an attempt.
    pub async fn defer_email(&self, id: i64, at: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, \
             attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END \
             WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives up on message `id`: it stays unsent, is never due again
    /// ([`OUTBOX_NEVER`]) and keeps `error` in `last_error`.
    pub async fn mark_email_dead(
        &self,
        id: i64,
        now: i64,
        error: &str,
    ) -> Result<bool, StoreError> {
        self.mark_email_failed(id, now, error, OUTBOX_NEVER).await
    }

    /// Makes a dead (or waiting) message due again at `now`, for an operator
    /// who fixed the cause. Its attempts start again from zero.
    pub async fn retry_email(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $2, attempts = 0, locked_until = NULL \
             WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Messages still to send (due now or later), dead ones not included.
    pub async fn outbox_pending_count(&self) -> Result<i64, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at < $1",
        )
        .bind(OUTBOX_NEVER)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Messages the worker gave up on, oldest first.
    pub async fn dead_emails(&self, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_where(
            "sent_at IS NULL AND next_attempt_at = $2",
            Some(OUTBOX_NEVER),
            limit,
        )
        .await
    }

    /// Sent messages, oldest first.
    pub async fn sent_emails(&self, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_where("sent_at IS NOT NULL", None, limit).await
    }

    /// Every outbox row, oldest first (for tests and operators).
    pub async fn outbox_entries(&self, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_where("1 = 1", None, limit).await
    }

    /// The outbox row with this idempotency key.
    pub async fn outbox_entry(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<OutboxEntry>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM outbox WHERE idempotency_key = $1");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(idempotency_key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// `condition` is always one of the fixed fragments above; it may use
    /// `$2`, bound to `value`.
    async fn outbox_where(
        &self,
        condition: &'static str,
        value: Option<i64>,
        limit: i64,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql =
            format!("SELECT {ENTRY_COLUMNS} FROM outbox WHERE {condition} ORDER BY id LIMIT $1");
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit);
        if let Some(value) = value {
            query = query.bind(value);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }
}

/// Keeps stored error texts short.
fn truncate(error: &str) -> &str {
    const MAX: usize = 2000;
    if error.len() <= MAX {
        return error;
    }
    let mut end = MAX;
    while !error.is_char_boundary(end) {
        end -= 1;
    }
    &error[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer's transaction that rolls back sends nothing; one that
    /// commits sends once.
    #[tokio::test]
    async fn enqueue_follows_the_callers_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::connect(&url, 1).await.unwrap();
        store.migrate().await.unwrap();
        let mail = NewEmail {
            idempotency_key: "invite:7".into(),
            recipient: "a@example.go.id".into(),
            subject: "Undangan".into(),
            body_text: "Selamat datang".into(),
        };

        let mut tx = store.pool.begin().await.unwrap();
        assert!(enqueue_email(&mut tx, &mail, 10).await.unwrap());
        tx.rollback().await.unwrap();
        assert_eq!(store.outbox_pending_count().await.unwrap(), 0);

        let mut tx = store.pool.begin().await.unwrap();
        assert!(enqueue_email(&mut tx, &mail, 10).await.unwrap());
        assert!(!enqueue_email(&mut tx, &mail, 11).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(store.outbox_pending_count().await.unwrap(), 1);
    }
}
