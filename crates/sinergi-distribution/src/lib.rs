//! The contact base and release distribution.
//!
//! Officers keep a network-wide base of outlets and contacts (journalists
//! and other stakeholders) with per-unit private notes, record consent as
//! UU PDP 27/2022 asks (purpose, basis, time, channel, who recorded it;
//! withdrawal at once), and subscribe consenting contacts to units,
//! subtrees, campaigns or tags, for each release or in a daily digest.
//! Publishing a release then e-mails each subscriber exactly once (see
//! `sinergi_store::contacts::distribution`; digests:
//! `sinergi_store::contacts::digests`, made by [`Distribution::run_digests`]):
//! the [`compose`] module words the messages, [`due`] lifts embargoes at
//! their second, [`tokens`] signs one-click unsubscribe links and makes
//! personal feed tokens. The [`portal`] is the journalist's own view.
//! [`pitches`] are an officer's one-to-one messages to chosen contacts;
//! [`own_data`] is a contact's own view, export, correction and erasure.
//!
//! Rights: reading or changing the base needs `ManageContacts` somewhere
//! (contacts are shared across the network); a unit's notes are read and
//! written by those holding it for that unit. Every list read and every
//! export is in the audit log.

pub mod accreditation;
pub mod compose;
mod contacts;
mod csv_io;
pub mod due;
mod error;
mod input;
pub mod merge;
pub mod own_data;
pub mod pitches;
pub mod portal;
pub mod tokens;
mod xlsx_io;

use std::sync::Arc;

use sinergi_domain::clock::Clock;
use sinergi_store::{Notifier, Store, StoreError};

pub use contacts::{ContactView, ImportPreview, ImportRowView};
pub use csv_io::{CSV_COLUMNS, export_csv, export_vcard, import_text};
pub use error::{DistributionError, Problem};
pub use input::{ConsentInput, ContactInput, OutletInput, SubscriptionInput};
pub use merge::MergePreview;
pub use own_data::{OwnCorrection, own_data_csv, own_data_json};
pub use pitches::{PitchInput, PitchPreview, PitchView};
pub use portal::{Portal, PortalItem};
pub use sinergi_store::contacts::{
    AccreditationRequest, ConsentRecord, ContactNote, ContactQuery, ContactRecord, DeliveryRow,
    Duplicate, MergeIds, MergedRecord, OutletRecord, OwnData, PitchRecord, SubscriptionRecord,
};
pub use xlsx_io::{export_xlsx, is_xlsx};

/// The service, shared by the web layer's handlers and the due-job.
#[derive(Clone)]
pub struct Distribution {
    store: Store,
    clock: Arc<dyn Clock>,
    base_url: String,
    keys: Arc<tokens::Keys>,
    notifier: Notifier,
}

impl Distribution {
    /// `base_url` is where the site is reached, for links in e-mail.
    pub fn new(store: Store, clock: Arc<dyn Clock>, base_url: &str) -> Distribution {
        Distribution {
            store,
            clock,
            base_url: base_url.trim_end_matches('/').to_owned(),
            keys: Arc::new(tokens::Keys::default()),
            notifier: Notifier::default(),
        }
    }

    /// Tells `notifier`'s followers (the mail worker) after every write.
    pub fn with_notifier(mut self, notifier: Notifier) -> Distribution {
        self.notifier = notifier;
        self
    }

    /// Loads (or makes, the first time) the key that signs unsubscribe
    /// links and installs the composer in the store: from then on every
    /// publication through this store is distributed.
    pub async fn prepare(&self) -> Result<(), StoreError> {
        let key = self.keys.unsubscribe(&self.store, self.now()).await?;
        self.store
            .install_composer(Arc::new(compose::ReleaseComposer::new(&self.base_url, key)));
        Ok(())
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
