//! The campaigns service: campaigns that cascade down the levels of the
//! network, their kit, who adopted them and how far they travelled.
//!
//! Rights are checked here with `sinergi_domain::campaign`'s rules, then
//! written through the store. A unit's status is never written by hand: the
//! [`projector`] derives it from published releases tagged with the
//! campaign's tag. Campaigns, their figures and adopted releases are public
//! (they come from public releases only); changing a campaign needs an
//! admin of its owner unit.

mod error;
mod input;
mod kit;
mod manage;
pub mod projector;
mod reminders;
mod views;

use std::sync::Arc;

use sinergi_domain::clock::Clock;
use sinergi_store::{Notifier, Store};
use tokio::sync::Mutex;

pub use error::{CampaignError, Problem};
pub use input::{CampaignInput, TemplateInput, date_of, day_end, day_start};
pub use kit::RenderedTemplate;
pub use projector::CatchUp;
pub use reminders::{NUDGE_WINDOW, NudgeReport, ReminderReport};
pub use views::{
    CampaignSummary, CampaignView, DailyPoint, Dashboard, PublicCampaign, Totals, TreeView,
};

pub use sinergi_domain::campaign::{Depth, Status, TargetScope};
pub use sinergi_store::campaigns::{
    AdoptedRelease, CampaignRecord, LevelFigures, NotStartedFilter, NotStartedSort, NotStartedUnit,
    TargetRow, TemplateRecord, UnitCampaign,
};

/// The campaigns service, shared by the web layer's handlers and the
/// background projector.
#[derive(Clone)]
pub struct Campaigns {
    store: Store,
    clock: Arc<dyn Clock>,
    base_url: String,
    /// One projection writer at a time in this process: the incremental
    /// step and the full recompute must not interleave their counter
    /// updates.
    projection: Arc<Mutex<()>>,
    /// Woken after every committed write (see `sinergi_store::Notifier`).
    notifier: Notifier,
}

impl Campaigns {
    /// `base_url` is where the site is reached, for links in e-mail.
    pub fn new(store: Store, clock: Arc<dyn Clock>, base_url: &str) -> Campaigns {
        Campaigns {
            store,
            clock,
            base_url: base_url.trim_end_matches('/').to_owned(),
            projection: Arc::new(Mutex::new(())),
            notifier: Notifier::default(),
        }
    }

    /// Tells `notifier`'s followers after every committed write.
    pub fn with_notifier(mut self, notifier: Notifier) -> Campaigns {
        self.notifier = notifier;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}
