//! The newsroom's rules: the register of achievements and innovations, the
//! editorial workflow of releases, and who may read a release when. Like
//! the rest of this crate, no I/O: the store keeps the records, the
//! service asks these rules before every write and read.

pub mod media;
pub mod register;
pub mod revisions;
pub mod status;
pub mod tags;
pub mod visibility;
pub mod workflow;

pub use media::MediaKind;
pub use register::{InnovationStage, ItemKind, RegisterError, validate_category_key};
pub use revisions::public_versions;
pub use status::ReleaseStatus;
pub use tags::{TagError, normalise_tags};
pub use visibility::{ReleaseAccess, ReleaseFacts, is_public_now, release_access};
pub use workflow::{ReleaseOp, ReleaseState, Timing, WorkflowError, next_state};

/// Days after which an unpublished item counts as left in the publication
/// gap, unless a caller asks for another number.
pub const DEFAULT_GAP_DAYS: i64 = 14;

/// Microseconds in a day.
pub const DAY_MICROS: i64 = 86_400_000_000;

/// Whole days from `since` to `now` (both in microseconds), never negative.
pub fn days_between(since: i64, now: i64) -> i64 {
    (now - since).max(0) / DAY_MICROS
}
