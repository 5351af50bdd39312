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
