//! Ids of the things a caller could mix up: a release, a register item
//! (achievement or innovation), a campaign and a person. Each is an `i64`
//! row id in the database, wrapped so that a campaign's id cannot be passed
//! where a release's is asked.
//!
//! The wrappers are invisible outside Rust: serde sees the bare integer
//! (`#[serde(transparent)]`), so JSON and path segments read and write
//! exactly what they did. The domain knows no database; the store reads a
//! column into an id through `From<i64>` (sqlx's `#[sqlx(try_from = "i64")]`)
//! and binds `id.get()`, converting once at its public methods' edge. Why
//! not sqlx's `Type`/`Encode`/`Decode` for `Any` on the ids: they would pull
//! sqlx into this crate, which does no I/O, and the orphan rule keeps the
//! store from implementing them for types it does not own; a shadowing
//! `let id = id.get();` keeps the SQL-building code below it unchanged.

use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! row_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The id of row `id`.
            pub const fn new(id: i64) -> Self {
                $name(id)
            }

            /// The row id, for a bind or a number in text.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// The decimal number, as in a path segment or a form field.
        impl FromStr for $name {
            type Err = ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

row_id! {
    /// A press release.
    ReleaseId;
    /// An item of the register: an achievement or an innovation.
    ItemId;
    /// A campaign.
    CampaignId;
    /// A person's account.
    UserId;
    /// A forum, workshop or other event.
    EventId;
    /// A series of events.
    SeriesId;
    /// A follow-up commitment made at an event.
    CommitmentId;
    /// A monitored media source (an outlet's feed).
    SourceId;
    /// A news article found by media monitoring.
    ArticleId;
    /// A release an article reports on (a pickup, or one waiting for review).
    MatchId;
    /// A contact of the contact base (journalist or stakeholder).
    ContactId;
    /// What a contact follows.
    SubscriptionId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_number_in_text_and_json() {
        let id: ReleaseId = "42".parse().expect("a number");
        assert_eq!(id, ReleaseId::new(42));
        assert_eq!(id.to_string(), "42");
        assert_eq!(i64::from(id), 42);
        assert!("4x".parse::<ReleaseId>().is_err());
        assert!("".parse::<UserId>().is_err());
    }

    #[test]
    fn serde_sees_the_bare_integer() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Row {
            id: CampaignId,
            by: Option<UserId>,
        }
        let row = Row {
            id: CampaignId::new(7),
            by: Some(UserId::new(3)),
        };
        let text = serde_json::to_string(&row).expect("serialises");
        assert_eq!(text, r#"{"id":7,"by":3}"#);
        assert_eq!(serde_json::from_str::<Row>(&text).expect("parses"), row);
        assert!(serde_json::from_str::<Row>(r#"{"id":"7","by":null}"#).is_err());
    }

    #[test]
    fn ids_order_by_their_numbers() {
        let mut ids = vec![ItemId::new(3), ItemId::new(-1), ItemId::new(2)];
        ids.sort();
        assert_eq!(ids, [ItemId::new(-1), ItemId::new(2), ItemId::new(3)]);
    }
}
