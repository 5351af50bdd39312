//! People, memberships, sessions, tokens and the audit log. The rules of
//! who may do what live in `sinergi_domain::access`; this module stores and
//! finds, filtered by the scope the rules give.

pub mod api_tokens;
pub mod audit;
mod commands;
pub mod journalists;
pub mod one_time_tokens;
pub mod sessions;
pub mod throttle;
pub mod users;
