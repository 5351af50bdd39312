//! The contact base: outlets, contacts (journalists and stakeholders),
//! units' private notes on them, consent records, subscriptions, personal
//! feed tokens, and the distribution of releases to subscribers.
//!
//! Contacts are personal data: the change feed carries only ids and what
//! happened, never names or addresses; reads of lists and exports are
//! written to the audit log by their callers' methods here.

mod accreditation_requests;
mod consent;
mod digests;
pub mod distribution;
mod import;
mod merge;
mod outlets;
mod own_data;
mod pitches;
mod records;
mod subscriptions;
mod suppressions;

pub use accreditation_requests::AccreditationRequest;
pub use consent::{ConsentRecord, NewConsent};
pub use digests::{DigestItem, DigestReport};
pub use distribution::{
    Cause, ComposedEmail, Composer, DeliveryRow, DistributionHook, Recipient, ReleaseMail,
    RunReport,
};
pub use import::ImportRow;
pub use merge::{Holdings, MergeIds, MergedRecord};
pub use outlets::{OutletDraft, OutletRecord};
pub use own_data::{HeldDelivery, HeldPitch, OwnData};
pub use pitches::{PitchDraft, PitchMessage, PitchRecipient, PitchRecord, PitchRelease, pitch_key};
pub use records::{ContactDraft, ContactNote, ContactQuery, ContactRecord, Duplicate};
pub use subscriptions::{FeedOwner, NewSubscription, PortalRelease, SubscriptionRecord};
pub use suppressions::Suppression;

/// Comma-separated lists as stored.
pub(crate) fn join_list(items: &[String]) -> String {
    items.join(",")
}

pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
