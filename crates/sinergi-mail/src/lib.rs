//! E-mail delivery for Sinergi: the worker that empties the store's outbox,
//! and the mailers it delivers through.
//!
//! A writer puts a message in the outbox in the same transaction as the
//! change that causes it (see `sinergi_store::NewEmail`). The [`Worker`]
//! claims due messages one at a time under a lease, hands each to a
//! [`Mailer`] and marks it sent; a failure is retried later with exponential
//! backoff, and after [`WorkerConfig::max_attempts`] the message is left
//! "dead" (unsent, never due, `last_error` says why). A worker killed
//! mid-send loses nothing: once the lease expires another worker sends the
//! message again with the same `Message-ID` (derived from the idempotency
//! key), so a receiver can drop the duplicate.
//!
//! Mailers: SMTP through `lettre` (plain SMTP for now), a folder of `.eml`
//! files named by idempotency key (the demo), and the log.
//!
//! The words of every e-mail, in both languages, are in the Fluent
//! catalogues under `locales/` ([`MailTexts`]); the services that write to
//! the outbox depend on this crate for them.

mod mailer;
mod message;
mod smtp_conn;
mod texts;
mod worker;

pub use mailer::{FolderMailer, LogMailer, Mailer, SendError, SmtpMailer, SmtpSettings};
pub use message::{MessageSettings, build_message, file_name_for_key, message_id_for_key};
pub use texts::MailTexts;
pub use worker::{Backoff, DrainReport, Worker, WorkerConfig, WorkerWaker};
