//! Forums and workshops: events in series, who attended, and the
//! follow-up commitments (rencana tindak lanjut) made at them. Pure rules:
//! the store keeps the records, the forums service asks these before every
//! write and derives fulfilment with [`fulfilment`] at read time.

pub mod fulfilment;
pub mod kinds;

pub use fulfilment::{
    Cascade, CommitmentFacts, EventFacts, Fulfilment, FulfilmentState, Tally, derive,
};
pub use kinds::{CommitmentKind, EventKind, EventStatus, Visibility};
