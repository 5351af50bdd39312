//! Forums and workshops in the database: series and events with their
//! invited units (`events`), attendance and the releases that report an
//! event (`attendance`), commitments with their closing log
//! (`commitments`). Rights are checked before, in the forums service, with
//! `sinergi_domain::access`'s event rules; every write appends to the
//! change feed in its own transaction. Fulfilment is not stored: the
//! service derives it from these rows.

mod attendance;
mod commitments;
mod events;

pub use attendance::{AttendanceRecord, EventRelease};
pub use commitments::{CommitmentDraft, CommitmentLogEntry, CommitmentRecord};
pub use events::{EventDraft, EventFilter, EventRecord, SeriesDraft, SeriesRecord};
