//! The accounts service: the one place that decides, with the rules of
//! `sinergi_domain::access`, whether a person may sign in, invite, change a
//! role, mint a token or read the audit log, and then asks the store to do
//! it. Pages and the API call this; they never check rights themselves.

mod audit_csv;
mod config;
mod error;
mod secrets;
mod service;
mod throttle;

pub use audit_csv::audit_csv;
pub use config::{AccountsConfig, HashCost};
pub use error::{AccountError, Problem};
pub use secrets::{hash_token, random_token};
pub use service::{Accounts, NewJournalist, NewSession, SessionInfo};
