//! Media monitoring in the database: the outlets' feeds (`sources`), the
//! articles they carried (`articles`), and which releases each article
//! reports on (`matches`), or which units it names (`mentions`). Who may do what is decided before, in
//! `sinergi-monitoring`; these functions keep the rows consistent, each
//! write one transaction with its change-feed entry.

mod articles;
mod matches;
mod mentions;
mod releases;
mod sources;

pub use articles::{ArticleRecord, NEAR_BITS, NEAR_WINDOW, NewArticle};
pub use matches::{MatchRecord, MatchState, NewMatch, Passage};
pub use mentions::{MentionRecord, MentionableCampaign, MentionableUnit, NewMention};
pub use releases::MatchableRelease;
pub use sources::{NewSource, PollOutcome, SourceRecord};
