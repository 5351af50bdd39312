//! Campaigns that cascade down the levels: which units a campaign targets,
//! how far it should travel, and what a unit's status is. Pure rules: the
//! store keeps the records and the counters, the campaigns service asks
//! these before every write, and the projection computes status with them.

pub mod recompute;
pub mod rules;
pub mod scope;
pub mod status;
pub mod template;

pub use recompute::{
    CampaignStatuses, Figures, FirstAdoption, TargetStatus, select_targets, wib_day,
};
pub use rules::{
    CampaignFieldError, MAX_CASCADE_SHARE, check_period, check_scope, check_share, effective_scope,
    may_manage, may_target,
};
pub use scope::{Depth, TargetScope};
pub use status::{Status, StatusTree, UnitCounters, ancestors, is_cascaded};
pub use template::{PLACEHOLDERS, Placeholders, render};
