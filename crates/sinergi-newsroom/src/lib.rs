//! The newsroom service: what a person may do with achievements,
//! innovations and releases, checked against the domain's rules, then
//! written through the store. The web pages and the JSON API both call
//! this, so they offer the same operations under the same rules.

mod diff;
mod digest;
mod error;
mod media;
mod press_contacts;
mod register;
mod releases;
mod slug;
mod validate;
pub mod visibility;

use std::sync::Arc;

use sinergi_domain::clock::Clock;
use sinergi_media::{BlobStore, Uploads};
use sinergi_store::{Notifier, Store};

pub use diff::{DiffPart, word_diff};
pub use digest::DigestReport;
pub use error::{NewsroomError, Problem};
pub use media::StoredFile;
pub use register::{ItemInput, ItemView};
pub use releases::{
    AccessLevel, LANGUAGES, ReleaseInput, ReleaseView, WorkPanel, op_name, status_at,
};
pub use sinergi_domain::newsroom::ReleaseStatus;
pub use slug::slugify;
pub use visibility::{brief_is_public, row_is_public};

/// The newsroom, shared by the web layer's handlers.
#[derive(Clone)]
pub struct Newsroom {
    store: Store,
    clock: Arc<dyn Clock>,
    blobs: Arc<BlobStore>,
    /// Upload limits and the image memory budget (shared process-wide
    /// unless the binary configures its own).
    uploads: Uploads,
    base_url: String,
    /// Woken after every committed write (see `sinergi_store::Notifier`).
    notifier: Notifier,
}

impl Newsroom {
    /// `base_url` is where the site is reached, for links in e-mail.
    pub fn new(store: Store, clock: Arc<dyn Clock>, blobs: BlobStore, base_url: &str) -> Newsroom {
        Newsroom {
            store,
            clock,
            blobs: Arc::new(blobs),
            uploads: Uploads::default(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            notifier: Notifier::default(),
        }
    }

    /// Tells `notifier`'s followers after every committed write.
    pub fn with_notifier(mut self, notifier: Notifier) -> Newsroom {
        self.notifier = notifier;
        self
    }

    /// Checks and processes uploads with these limits, within this budget.
    pub fn with_uploads(mut self, uploads: Uploads) -> Newsroom {
        self.uploads = uploads;
        self
    }

    pub fn uploads(&self) -> &Uploads {
        &self.uploads
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}
