//! Media monitoring in the database: the outlets' feeds (`sources`), the
//! articles they carried (`articles`), and which releases each article
//! reports on (`matches`). Who may do what is decided before, in
//! `sinergi-monitoring`; these functions keep the rows consistent, each
//! write one transaction with its change-feed entry.

mod articles;
mod matches;
mod releases;
mod sources;

pub use articles::{ArticleRecord, NewArticle};
pub use matches::{MatchRecord, MatchState, NewMatch, Passage};
pub use releases::MatchableRelease;
pub use sources::{NewSource, PollOutcome, SourceRecord};
