//! Campaigns in the database: the campaign records and their kit
//! (`records`), the status projection of releases (`projection`), the
//! dashboard reads (`reads`) and who gets reminders (`reminders`). Rights
//! are checked before, in the campaigns service, with
//! `sinergi_domain::campaign`'s rules; every write appends to the change
//! feed in its own transaction.

mod projection;
mod reads;
mod records;
mod reminders;

pub use projection::{Recomputed, ReleaseAdoption};
pub use reads::{
    AdoptedRelease, DailyAdoptions, LevelFigures, NotStartedUnit, TargetRow, UnitCampaign,
};
pub use records::{CampaignDraft, CampaignRecord, TemplateDraft, TemplateRecord};
pub use reminders::ReminderRecipient;

/// Western Indonesian days: a day number for a time in microseconds.
pub fn wib_day(at: i64) -> i64 {
    const OFFSET: i64 = 7 * 3_600_000_000;
    (at + OFFSET).div_euclid(86_400_000_000)
}
