//! The domain of Sinergi: units of the government PR network and the rules
//! that hold for them. This crate does no I/O: no database, no network, no
//! clock. Callers pass in the current time where a rule needs it.

pub mod access;
pub mod campaign;
pub mod clock;
pub mod national;
pub mod newsroom;
pub mod password_policy;
pub mod plain_text;
pub mod region_data;
pub mod search_key;
pub mod timezone;
pub mod unit;

pub use timezone::Zone;
pub use unit::{Level, NewUnit, Unit, UnitCode, UnitCodeError, UnitKind};
