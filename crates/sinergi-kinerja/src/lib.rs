//! Kinerja: how a unit, and its whole subtree, performs.
//!
//! The modules `period`, `facts`, `indicators` and `index` are pure
//! computation (no I/O, no clock: today comes in as an argument):
//! periods closing at the unit's midnight, what each record adds to the
//! day counters, the indicators with their AMEC and Indeks PIKP places, the
//! 0–100 index with its documented default weights, grades, ranks and the
//! leap. `projector` keeps the counters in the store, following the change
//! feed like the search indexer and the campaign statuses.

pub mod facts;
pub mod index;
pub mod indicators;
pub mod period;

pub use facts::{Count, Counts, Fact, ItemFact, Metric, ReleaseFact};
pub use index::{Component, Grade, Leap, Weights};
pub use indicators::{AmecStage, CampaignFigures, Indicator, IndicatorKey, PikpDimension, Value};
pub use period::{Day, Period, PeriodKind};
pub use sinergi_domain::Zone;
pub mod figures;
pub mod projector;
mod rebuild_table;
pub mod report;
pub mod weights;

pub use projector::{CatchUp, Kinerja, KinerjaError, Progress, Rebuilt, Waker};
