//! The domain of Sinergi: units of the government PR network and the rules
//! that hold for them. This crate does no I/O: no database, no network, no
//! clock. Callers pass in the current time where a rule needs it.

pub mod access;
pub mod campaign;
pub mod clock;
pub mod contacts;
pub mod forum;
pub mod ids;
pub mod national;
pub mod newsroom;
pub mod password_policy;
pub mod plain_text;
pub mod region_data;
pub mod search_key;
pub mod spreadsheet;
pub mod timezone;
pub mod unit;

pub use ids::{
    ArticleId, CampaignId, CommitmentId, ContactId, EventId, ItemId, MatchId, ReleaseId, SeriesId,
    SourceId, SubscriptionId, UserId,
};
pub use timezone::Zone;
pub use unit::{Level, NewUnit, Unit, UnitCode, UnitCodeError, UnitKind};

/// `TryFrom<String>` by each type's `FromStr`: the names the store keeps
/// in text columns are read back through the same parse as everywhere
/// else (sqlx's `#[sqlx(try_from = "String")]`).
macro_rules! try_from_string {
    ($($t:ty),* $(,)?) => {$(
        impl TryFrom<String> for $t {
            type Error = <$t as std::str::FromStr>::Err;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    )*};
}

try_from_string!(
    unit::Level,
    unit::UnitKind,
    access::Role,
    access::Reach,
    access::UserKind,
    newsroom::ItemKind,
    newsroom::InnovationStage,
    newsroom::ReleaseState,
    newsroom::ReleaseStatus,
    campaign::Depth,
);

#[cfg(test)]
mod try_from_string_tests {
    use crate::newsroom::{ItemKind, ReleaseState};

    #[test]
    fn stored_names_parse_and_unknown_ones_do_not() {
        assert_eq!(
            ReleaseState::try_from("in_review".to_owned()),
            Ok(ReleaseState::InReview)
        );
        assert_eq!(
            ItemKind::try_from("innovation".to_owned()),
            Ok(ItemKind::Innovation)
        );
        assert!(ReleaseState::try_from("published".to_owned()).is_err());
    }
}
