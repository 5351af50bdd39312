//! Forums and workshops in the database: series and events with their
//! invited units (`events`), attendance and the releases that report an
//! event (`attendance`), commitments with their closing log
//! (`commitments`), and an event's mail (`mail`: invited contacts, who
//! receives the invitation, which version was mailed). Rights are checked
//! before, in the forums service, with `sinergi_domain::access`'s event
//! rules; every write appends to the change feed in its own transaction.
//! Fulfilment is not stored: the service derives it from these rows.

mod attendance;
mod commitments;
mod events;
mod mail;
mod program;
mod reminders;

pub use attendance::{AttendanceRecord, EventRelease};
pub use commitments::{CommitmentDraft, CommitmentLogEntry, CommitmentRecord, Evidence};
pub use events::{EventDraft, EventFilter, EventRecord, SeriesDraft, SeriesRecord};
pub use mail::{EventMailRecipient, EventMessage, EventToMail, InvitedContact};
pub use program::{Material, Registered, RegistrationRecord, Speaker};
pub use reminders::CommitmentReminderRecipient;

use sqlx::{Any, Transaction};

use crate::{StoreError, changes};

/// The end of every forum write: its entry in the change feed, then the
/// commit, so that the projections and the pages see the write whole.
async fn commit_with_change(
    mut tx: Transaction<'static, Any>,
    now: i64,
    entity: &str,
    key: &str,
    op: &str,
    data: &serde_json::Value,
) -> Result<(), StoreError> {
    changes::append(&mut tx, now, entity, key, op, data).await?;
    tx.commit().await?;
    Ok(())
}
