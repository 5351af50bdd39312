//! The public list of releases behind the press room and the widget.

use sinergi_domain::UnitCode;
use sinergi_domain::access::Principal;
use sinergi_newsroom::{NewsroomError, brief_is_public};
use sinergi_store::Page;
use sinergi_store::newsroom::{ReleaseBrief, ReleaseQuery};

use crate::AppState;

/// Which releases: a unit's own, a unit's whole subtree, or a tag's.
#[derive(Debug, Clone)]
pub enum Source {
    Unit(UnitCode),
    Subtree(UnitCode),
    Tag(String),
}

/// The newest public releases of `source`, newest first, from `cursor`.
pub async fn public_releases(
    state: &AppState,
    source: &Source,
    limit: i64,
    cursor: Option<String>,
) -> Result<Page<ReleaseBrief>, NewsroomError> {
    let mut query = ReleaseQuery {
        limit,
        cursor,
        // The public path: `Newsroom::releases` sets this for the public
        // principal anyway; saying it keeps this listing public even if
        // the principal below ever changed.
        public_by: Some(state.newsroom.now()),
        ..Default::default()
    };
    match source {
        Source::Unit(u) => query.unit = Some(u.clone()),
        Source::Subtree(u) => {
            query.unit = Some(u.clone());
            query.with_subtree = true;
        }
        Source::Tag(t) => query.tag = Some(t.clone()),
    }
    let mut page = state.newsroom.releases(&Principal::public(), query).await?;
    let now = state.newsroom.now();
    // The one visibility rule, asked again for every row so a listing can
    // never show more than a page would.
    page.items.retain(|b| brief_is_public(b, now));
    Ok(page)
}
