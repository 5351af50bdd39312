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
    AdoptedRelease, DailyAdoptions, LevelFigures, NotStartedFilter, NotStartedSort, NotStartedUnit,
    TargetRow, UnitCampaign,
};
pub use records::{CampaignDraft, CampaignRecord, CampaignTotals, TemplateDraft, TemplateRecord};
pub use reminders::ReminderRecipient;

/// Western Indonesian days: the domain's day number for the daily series.
pub use sinergi_domain::campaign::wib_day;
