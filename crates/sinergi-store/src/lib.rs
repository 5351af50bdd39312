//! Persistence for Sinergi: one store API over SQLite and PostgreSQL.
//!
//! Queries are written once in SQL both engines accept (numbered `$n`
//! placeholders, integers for times, byte-ordered text for codes) and run
//! through sqlx's `Any` driver. Where the engines differ, the difference
//! lives in one function that matches on [`Backend`]. Each backend keeps its
//! own migrations folder. The conformance tests run every scenario on both.

pub mod accounts;
mod backup;
mod bulk_cache;
pub mod campaigns;
mod changes;
pub mod connect;
pub mod contacts;
mod cursor;
mod error;
pub mod forums;
pub mod kinerja;
pub mod kinerja_load;
pub mod kinerja_rebuild;
pub mod leases;
mod migrations;
pub mod monitor;
pub mod newsroom;
mod notifier;
mod ops_stats;
mod outbox;
pub mod press;
pub mod public_reads;
mod region_import;
mod rows;
mod scope_sql;
mod sqlite_direct;
mod unit_directory;
mod unit_queries;
mod unit_writes;

pub use backup::{SqliteSnapshot, TableCounts, check_sqlite_file, describe_difference};
pub use changes::Change;
pub use connect::{Backend, Readiness, Store};
pub use cursor::Page;
pub use error::StoreError;
pub use notifier::{Notifier, Wake};
pub use ops_stats::OutboxStats;
pub use outbox::{
    Attachment, ClaimedEmail, MAX_IDEMPOTENCY_KEY_LEN, NewEmail, OUTBOX_NEVER, OutboxEntry,
};
pub use region_import::{ImportOptions, ImportProgress, ImportReport};
pub use unit_directory::UnitDirectory;
pub use unit_queries::{LevelCounts, UnitQuery};
