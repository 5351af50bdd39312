//! Distribution: a release e-mailed to its subscribers, each message
//! written to the outbox in the transaction of its cause and keyed by
//! (release, cause, recipient), so it is sent exactly once.
//!
//! A publication writes a *run* in the transaction that releases the
//! release. What may go out at once goes out in that same transaction:
//! everything when the release is public now; under an embargo, the
//! messages to accredited subscribers only (the domain's `mail_timing`,
//! the same rule as the site's). A run whose release is not public yet is
//! due at the lifting second: [`Store::run_due_distributions`] expands it
//! then, in its own transaction, for the subscribers and consents standing
//! at that moment, and skips it if the release was taken back or
//! rescheduled meanwhile. A correction or a withdrawal mails those who
//! were sent the release.
//!
//! The words come from a [`Composer`] the distribution service installs
//! ([`Store::install_composer`]); the store only chooses recipients and
//! writes rows. Without one, nothing is distributed.

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::json;
use sinergi_domain::access::Accreditation;
use sinergi_domain::contacts::{MailTiming, mail_timing};
use sinergi_domain::newsroom::{ReleaseFacts, ReleaseState};
use sinergi_domain::{ContactId, ReleaseId, UnitCode};
use sqlx::{Any, Transaction};

use crate::outbox::{NewEmail, enqueue_email_with_headers};
use crate::rows::unit_code;
use crate::scope_sql::{Bind, arg, arguments};
use crate::{Store, StoreError, changes};

/// Why a release is mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Released (at once, under embargo, or when a schedule lifts).
    Publish,
    /// Corrected after publication: to those sent the release.
    Correct,
    /// Withdrawn: to those sent the release.
    Withdraw,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Publish => "publish",
            Cause::Correct => "correct",
            Cause::Withdraw => "withdraw",
        }
    }

    fn parse(s: &str) -> Result<Cause, StoreError> {
        match s {
            "publish" => Ok(Cause::Publish),
            "correct" => Ok(Cause::Correct),
            "withdraw" => Ok(Cause::Withdraw),
            other => Err(StoreError::Corrupt(format!("distribution cause `{other}`"))),
        }
    }
}

/// The release as a message shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseMail {
    pub id: ReleaseId,
    pub unit_code: UnitCode,
    pub unit_name: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body_md: String,
    pub version: i64,
    pub public_at: i64,
    pub cause: Cause,
    /// The correction's or withdrawal's public note.
    pub note: String,
}

/// One recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub contact_id: ContactId,
    pub name: String,
    pub email: String,
    pub language: String,
    /// `WIB`, `WITA` or `WIT`.
    pub time_zone: String,
    /// Sent before the public may read it (the embargo line goes first).
    pub embargoed: bool,
}

/// A message as the composer words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedEmail {
    pub subject: String,
    pub body_text: String,
    pub headers: Vec<(String, String)>,
}

/// Words a release message for one recipient. Called inside the write
/// transaction: no I/O, nothing slow.
pub trait Composer: Send + Sync {
    fn compose(&self, release: &ReleaseMail, recipient: &Recipient) -> ComposedEmail;

    /// Words one contact's daily digest of `day` (`YYYY-MM-DD`, their
    /// zone): the releases it lists, oldest first.
    fn compose_digest(
        &self,
        items: &[crate::contacts::DigestItem],
        recipient: &Recipient,
        day: &str,
    ) -> ComposedEmail;
}

/// Where the installed composer lives; shared by every clone of a store.
#[derive(Default)]
pub struct DistributionHook(pub(super) OnceLock<Arc<dyn Composer>>);

impl std::fmt::Debug for DistributionHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DistributionHook")
            .field("installed", &self.0.get().is_some())
            .finish()
    }
}

/// What one expansion queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub runs: u32,
    pub queued: u32,
}

/// A recipient's delivery as the release page shows it to its editors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DeliveryRow {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub cause: String,
    pub embargoed: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: i64,
    /// The address bounced hard and is left out (1) or not (0).
    pub suppressed: i64,
}

#[derive(sqlx::FromRow)]
struct ReleaseRow {
    id: i64,
    unit_code: String,
    unit_name: String,
    slug: String,
    title: String,
    lead: String,
    body_md: String,
    version: i64,
    #[sqlx(try_from = "String")]
    state: ReleaseState,
    public_at: Option<i64>,
    embargo: i64,
    withdrawn_at: Option<i64>,
    withdrawal_note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RecipientRow {
    id: i64,
    name: String,
    email: String,
    language: String,
    time_zone: String,
    user_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    release_id: i64,
    cause: String,
    public_at: i64,
}

async fn release_in(tx: &mut Transaction<'_, Any>, id: i64) -> Result<ReleaseRow, StoreError> {
    sqlx::query_as(
        "SELECT r.id, r.unit_code, u.name AS unit_name, r.slug, r.title, r.lead, r.body_md, \
         r.version, r.state, r.public_at, r.embargo, r.withdrawn_at, r.withdrawal_note \
         FROM releases r JOIN units u ON u.code = r.unit_code WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("release {id}")))
}

/// Subscribers of the release for each release (by unit, subtree,
/// campaign or tag; digest subscriptions are the digest job's) with an
/// address and a standing consent to distribution.
async fn subscribers_in(
    tx: &mut Transaction<'_, Any>,
    release: &ReleaseRow,
) -> Result<Vec<RecipientRow>, StoreError> {
    let code = unit_code(&release.unit_code)?;
    let mut binds = vec![Bind::Text(release.unit_code.clone()), Bind::Int(release.id)];
    let mut roots = vec![format!("${}", 1)];
    let mut up = code.parent();
    while let Some(p) = up {
        roots.push(arg(&mut binds, Bind::Text(p.to_string())));
        up = p.parent();
    }
    let sql = format!(
        "SELECT c.id, c.name, c.email, c.language, c.time_zone, c.user_id FROM contacts c \
         WHERE c.email IS NOT NULL AND c.merged_into IS NULL \
         AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = c.email) \
         AND EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id \
             AND k.purpose = 'distribution' AND k.withdrawn_at IS NULL) \
         AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id AND s.ended_at IS NULL \
             AND s.delivery = 'each' AND ( \
             (s.target = 'unit' AND s.unit_code = $1) \
          OR (s.target = 'subtree' AND s.unit_code IN ({})) \
          OR (s.target = 'campaign' AND EXISTS (SELECT 1 FROM campaigns g JOIN release_tags t \
                ON t.tag = g.tag WHERE g.id = s.campaign_id AND t.release_id = $2)) \
          OR (s.target = 'tag' AND EXISTS (SELECT 1 FROM release_tags t \
                WHERE t.release_id = $2 AND t.tag = s.tag)))) \
         ORDER BY c.id",
        roots.join(", ")
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(binds)?)
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Those sent the release before (any publication message), still with
/// an address and a standing consent.
async fn earlier_recipients_in(
    tx: &mut Transaction<'_, Any>,
    release: i64,
) -> Result<Vec<RecipientRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.name, c.email, c.language, c.time_zone, c.user_id FROM contacts c \
         WHERE c.email IS NOT NULL AND c.merged_into IS NULL \
         AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = c.email) \
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.contact_id = c.id AND d.release_id = $1 \
             AND d.cause = 'publish') \
         AND EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id \
             AND k.purpose = 'distribution' AND k.withdrawn_at IS NULL) \
         ORDER BY c.id",
    )
    .bind(release)
    .fetch_all(&mut **tx)
    .await?)
}

async fn accreditations_in(
    tx: &mut Transaction<'_, Any>,
    user: i64,
) -> Result<Vec<Accreditation>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT unit_code, reach FROM accreditations WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user)
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter()
        .map(|(u, r)| {
            Ok(Accreditation {
                unit: unit_code(&u)?,
                reach: r.parse().map_err(StoreError::Corrupt)?,
            })
        })
        .collect()
}

/// The idempotency key of one message: release, cause (a correction by
/// its version, a publication by the second it becomes public, so a
/// release unscheduled and scheduled again for another time is announced
/// once more with the new time), recipient.
pub fn delivery_key(
    release: ReleaseId,
    cause: Cause,
    version: i64,
    public_at: i64,
    contact: ContactId,
) -> String {
    match cause {
        Cause::Publish => format!("release:{release}:publish-at-{public_at}:contact:{contact}"),
        Cause::Correct => format!("release:{release}:correct-v{version}:contact:{contact}"),
        Cause::Withdraw => format!("release:{release}:withdraw:contact:{contact}"),
    }
}

/// Whether `contact` was already sent the publication of `release` for a
/// run planned at `public_at` (also for messages keyed before the key
/// named the time).
async fn announced_in(
    tx: &mut Transaction<'_, Any>,
    release: i64,
    contact: ContactId,
    public_at: i64,
) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT d.id FROM deliveries d JOIN distribution_runs r ON r.id = d.run_id \
         WHERE d.release_id = $1 AND d.contact_id = $2 AND d.cause = 'publish' \
         AND r.public_at = $3 LIMIT 1",
    )
    .bind(release)
    .bind(contact.get())
    .bind(public_at)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// Queues the messages of run `run` that may go now; returns how many it
/// queued (keys already there are not queued again).
async fn expand_in(
    tx: &mut Transaction<'_, Any>,
    composer: &dyn Composer,
    run: i64,
    cause: Cause,
    release: &ReleaseRow,
    now: i64,
) -> Result<u32, StoreError> {
    let code = unit_code(&release.unit_code)?;
    let facts = ReleaseFacts {
        unit: &code,
        state: release.state,
        public_at: release.public_at,
        embargo: release.embargo != 0,
        withdrawn_at: release.withdrawn_at,
    };
    let recipients = match cause {
        Cause::Publish => subscribers_in(tx, release).await?,
        Cause::Correct | Cause::Withdraw => earlier_recipients_in(tx, release.id).await?,
    };
    let note = match cause {
        Cause::Withdraw => release.withdrawal_note.clone().unwrap_or_default(),
        Cause::Correct => sqlx::query_scalar(
            "SELECT note FROM release_events WHERE release_id = $1 AND op = 'correct' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(release.id)
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or_default(),
        Cause::Publish => String::new(),
    };
    let mail = ReleaseMail {
        id: ReleaseId::new(release.id),
        unit_code: code.clone(),
        unit_name: release.unit_name.clone(),
        slug: release.slug.clone(),
        title: release.title.clone(),
        lead: release.lead.clone(),
        body_md: release.body_md.clone(),
        version: release.version,
        public_at: release.public_at.unwrap_or(now),
        cause,
        note,
    };
    let mut queued = 0;
    for r in recipients {
        let accreditations = match r.user_id {
            Some(user) => accreditations_in(tx, user).await?,
            None => Vec::new(),
        };
        let embargoed = match cause {
            // A withdrawal notice carries no text of the release.
            Cause::Withdraw => false,
            _ => match mail_timing(&accreditations, &facts, now) {
                MailTiming::Now { embargoed } => embargoed,
                MailTiming::At(_) | MailTiming::Never => continue,
            },
        };
        let contact = ContactId::new(r.id);
        let recipient = Recipient {
            contact_id: contact,
            name: r.name,
            email: r.email,
            language: r.language,
            time_zone: r.time_zone,
            embargoed,
        };
        let key = delivery_key(mail.id, cause, release.version, mail.public_at, contact);
        if cause == Cause::Publish && announced_in(tx, release.id, contact, mail.public_at).await? {
            continue;
        }
        let composed = composer.compose(&mail, &recipient);
        let email = NewEmail {
            idempotency_key: key.clone(),
            recipient: recipient.email.clone(),
            subject: composed.subject,
            body_text: composed.body_text,
        };
        if enqueue_email_with_headers(tx, &email, &composed.headers, now).await? {
            sqlx::query(
                "INSERT INTO deliveries (run_id, release_id, contact_id, cause, embargoed, \
                 idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(run)
            .bind(release.id)
            .bind(contact.get())
            .bind(cause.as_str())
            .bind(i64::from(embargoed))
            .bind(key)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            queued += 1;
        }
    }
    sqlx::query("UPDATE distribution_runs SET queued = queued + $1 WHERE id = $2")
        .bind(i64::from(queued))
        .bind(run)
        .execute(&mut **tx)
        .await?;
    Ok(queued)
}

/// Starts the distribution of `release` for `cause` inside the writer's
/// transaction (called by the newsroom's writes). Does nothing when no
/// composer is installed.
pub(crate) async fn on_release_change(
    tx: &mut Transaction<'_, Any>,
    store: &Store,
    release: i64,
    cause: Cause,
    now: i64,
) -> Result<(), StoreError> {
    let Some(composer) = store.distribution.0.get().cloned() else {
        return Ok(());
    };
    let row = release_in(tx, release).await?;
    let public_at = row.public_at.unwrap_or(now);
    let due_at = match cause {
        Cause::Publish => public_at.max(now),
        Cause::Correct | Cause::Withdraw => now,
    };
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO distribution_runs (release_id, cause, version, public_at, due_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(release)
    .bind(cause.as_str())
    .bind(row.version)
    .bind(public_at)
    .bind(due_at)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    expand_in(tx, composer.as_ref(), run, cause, &row, now).await?;
    if due_at <= now {
        sqlx::query("UPDATE distribution_runs SET done_at = $1 WHERE id = $2")
            .bind(now)
            .bind(run)
            .execute(&mut **tx)
            .await?;
    }
    changes::append(
        tx,
        now,
        "distribution",
        &run.to_string(),
        "create",
        &json!({"release": release, "cause": cause, "due_at": due_at}),
    )
    .await?;
    Ok(())
}

impl Store {
    /// Installs the composer that words release messages; from then on
    /// publications, corrections and withdrawals through this store (and
    /// its clones) are distributed. A second install is ignored.
    pub fn install_composer(&self, composer: Arc<dyn Composer>) -> bool {
        self.distribution.0.set(composer).is_ok()
    }

    /// Expands every run due at `now` (an embargo or schedule that has
    /// lifted), one transaction each. A run whose release is no longer
    /// released at the time it was planned for is closed without mail.
    pub async fn run_due_distributions(&self, now: i64) -> Result<RunReport, StoreError> {
        let Some(composer) = self.distribution.0.get().cloned() else {
            return Ok(RunReport::default());
        };
        let due: Vec<RunRow> = sqlx::query_as(
            "SELECT id, release_id, cause, public_at FROM distribution_runs \
             WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 100",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut report = RunReport::default();
        for run in due {
            let mut tx = self.begin_write().await?;
            // Another node may have done it meanwhile.
            let open: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM distribution_runs WHERE id = $1 AND done_at IS NULL",
            )
            .bind(run.id)
            .fetch_optional(&mut *tx)
            .await?;
            if open.is_none() {
                continue;
            }
            let release = release_in(&mut tx, run.release_id).await?;
            let still =
                release.state == ReleaseState::Released && release.public_at == Some(run.public_at);
            if still {
                let cause = Cause::parse(&run.cause)?;
                report.queued +=
                    expand_in(&mut tx, composer.as_ref(), run.id, cause, &release, now).await?;
            }
            sqlx::query("UPDATE distribution_runs SET done_at = $1 WHERE id = $2")
                .bind(now)
                .bind(run.id)
                .execute(&mut *tx)
                .await?;
            changes::append(
                &mut tx,
                now,
                "distribution",
                &run.id.to_string(),
                if still { "run" } else { "skip" },
                &json!({"release": run.release_id}),
            )
            .await?;
            tx.commit().await?;
            report.runs += 1;
        }
        Ok(report)
    }

    /// When the next pending run is due, if any.
    pub async fn next_distribution_due(&self) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT MIN(due_at) FROM distribution_runs WHERE done_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Every message of a release's distribution and where it stands.
    pub async fn deliveries_of(&self, release: ReleaseId) -> Result<Vec<DeliveryRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT d.contact_id, c.name, o.recipient AS email, d.cause, d.embargoed, d.created_at, \
             o.sent_at, o.attempts, o.last_error, o.next_attempt_at, \
             (SELECT COUNT(*) FROM suppressions x WHERE x.email = o.recipient) AS suppressed \
             FROM deliveries d \
             JOIN contacts c ON c.id = d.contact_id JOIN outbox o ON o.idempotency_key = d.idempotency_key \
             WHERE d.release_id = $1 ORDER BY d.created_at, d.id",
        )
        .bind(release.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many subscribers are waiting for a release's embargo or
    /// schedule to lift (runs not yet due).
    pub async fn pending_distribution(
        &self,
        release: ReleaseId,
    ) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(due_at) FROM distribution_runs WHERE release_id = $1 AND done_at IS NULL",
        )
        .bind(release.get())
        .fetch_one(&self.pool)
        .await?)
    }

    /// The secret for `purpose`, made (from `fresh`) the first time.
    pub async fn signing_key(
        &self,
        purpose: &str,
        fresh: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        // Read first: once made, the key needs no write lock, which the
        // projectors catching up at start may hold for seconds.
        let made: Option<String> =
            sqlx::query_scalar("SELECT secret FROM signing_keys WHERE purpose = $1")
                .bind(purpose.to_owned())
                .fetch_optional(&self.pool)
                .await?;
        if let Some(secret) = made {
            return Ok(secret);
        }
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO signing_keys (purpose, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (purpose) DO NOTHING",
        )
        .bind(purpose.to_owned())
        .bind(fresh.to_owned())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let secret: String =
            sqlx::query_scalar("SELECT secret FROM signing_keys WHERE purpose = $1")
                .bind(purpose.to_owned())
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(secret)
    }
}
