//! The forums service: forums, workshops and briefings in series, who
//! attended, and the follow-up commitments (rencana tindak lanjut) made at
//! them, with iCalendar for calendars.
//!
//! Rights are checked here with `sinergi_domain::access`'s event rules,
//! then written through the store. Whether a commitment to replicate is
//! kept is never written by anyone: [`series`] derives it, at read time,
//! from the series' events and attendance with
//! `sinergi_domain::forum::fulfilment`, so it is always current and an
//! attendance record costs one insert.

mod calendars;
mod codes;
mod commitments;
mod error;
mod events;
pub mod ical;
mod input;
mod mail;
mod program;
mod reminders;
mod series;

use std::sync::Arc;

use sinergi_domain::clock::Clock;
use sinergi_store::{Notifier, Store};

pub use calendars::location_of;
pub use commitments::{CloseInput, CommitmentInput, CommitmentView, CommitmentWithOrganiser};
pub use error::{ForumError, Problem};
pub use events::{CheckIn, EventPickup, EventView};
pub use input::{EventInput, SeriesInput, local_input, parse_local};
pub use mail::MailReport;
pub use program::{checked_speakers, parse_speakers, speakers_text};
pub use reminders::{ReminderReport, week_of};
pub use series::{CommitmentFigure, SeriesView, TreeNode};

pub use sinergi_domain::forum::{
    CommitmentKind, EventKind, EventStatus, FulfilmentState, Tally, Visibility,
};
pub use sinergi_store::forums::{
    AttendanceRecord, CommitmentLogEntry, CommitmentRecord, EventFilter, EventRecord, EventRelease,
    InvitedContact, Material, Registered, RegistrationRecord, SeriesRecord, Speaker,
};

/// Most events a listing returns at once.
pub const MAX_LIST: i64 = 1_000;

/// The forums service, shared by the pages and the API.
#[derive(Clone)]
pub struct Forums {
    store: Store,
    clock: Arc<dyn Clock>,
    base_url: String,
    notifier: Notifier,
    /// When the background job last queued commitment reminders.
    reminders_ran: Arc<std::sync::atomic::AtomicI64>,
}

impl Forums {
    /// `base_url` is where the site is reached, for links in calendars.
    pub fn new(store: Store, clock: Arc<dyn Clock>, base_url: &str) -> Forums {
        Forums {
            store,
            clock,
            base_url: base_url.trim_end_matches('/').to_owned(),
            notifier: Notifier::default(),
            reminders_ran: Arc::default(),
        }
    }

    /// Tells `notifier`'s followers after every committed write.
    pub fn with_notifier(mut self, notifier: Notifier) -> Forums {
        self.notifier = notifier;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}
