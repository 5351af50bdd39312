//! "Is this release public now", for the rows the store returns: each row
//! type becomes the domain's `ReleaseFacts` here, and the domain's
//! `is_public_now` answers. Press rooms, the widget, feeds, sitemaps, open
//! data and a page's metadata ask these, never a rule of their own.

use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::{ReleaseFacts, ReleaseState, is_public_now};
use sinergi_store::newsroom::ReleaseBrief;
use sinergi_store::public_reads::PublicRelease;

/// Whether the public reads the listed release `b` in full at `now`.
/// A brief carries no withdrawal time: a withdrawn brief is never public.
pub fn brief_is_public(b: &ReleaseBrief, now: i64) -> bool {
    public_now(&b.unit_code, b.state, b.public_at, b.embargo, None, now)
}

/// Whether the public reads the row `r` (pre-filtered by the store's
/// public listing) in full at `now`.
pub fn row_is_public(r: &PublicRelease, now: i64) -> bool {
    public_now(
        &r.unit_code,
        r.state,
        r.public_at,
        r.embargo,
        r.withdrawn_at,
        now,
    )
}

fn public_now(
    unit_code: &str,
    state: ReleaseState,
    public_at: Option<i64>,
    embargo: bool,
    withdrawn_at: Option<i64>,
    now: i64,
) -> bool {
    let Ok(unit) = UnitCode::parse(unit_code) else {
        return false;
    };
    let facts = ReleaseFacts {
        unit: &unit,
        state,
        public_at,
        embargo,
        withdrawn_at,
    };
    is_public_now(&facts, now)
}
