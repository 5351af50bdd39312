//! Searching as someone: the one function the `/search` page and
//! `GET /api/v1/search` call. Who sees what comes from the domain's rules
//! (`Principal::scope` for internal work, `Principal::early_scope` for
//! embargoed work), and every query carries the clock's `now`, so the page
//! and the API can never disagree about scope or embargo.

use sinergi_domain::Level;
use sinergi_domain::access::{Action, Principal, Scope};

use crate::doc::DocKind;
use crate::index::{Result, Results, SearchIndex};
use crate::query::{Coverage, Query, Viewer};

/// What `principal` may see in search: internal documents where it may read
/// internal work (the unit, its subtree or the network, by reach), and
/// embargoed documents early where it may read internal work or is
/// accredited.
pub fn viewer_of(principal: &Principal) -> Viewer {
    Viewer {
        internal: coverage(principal.scope(Action::ReadInternal)),
        early: coverage(principal.early_scope()),
    }
}

fn coverage(scope: Scope) -> Coverage {
    let codes = |v: Vec<sinergi_domain::UnitCode>| v.iter().map(|c| c.to_string()).collect();
    Coverage {
        everything: scope.everything,
        units: codes(scope.units),
        subtrees: codes(scope.subtrees),
    }
}

/// Results with the facet counts a reader can choose from: the count of each
/// type is taken without the type filter (and likewise for levels), so that
/// choosing one type still shows how many of the others there are.
pub struct Answer {
    pub results: Results,
    pub kind_counts: Vec<(DocKind, u64)>,
    pub level_counts: Vec<(Level, u64)>,
}

/// Runs `query` as `principal` at `now`: the query's viewer and time are
/// always set here from the principal and the clock, whatever they held.
pub fn search_as(
    index: &SearchIndex,
    principal: &Principal,
    now: i64,
    query: Query,
) -> Result<Answer> {
    let query = Query {
        viewer: viewer_of(principal),
        now,
        ..query
    };
    let results = index.search(&query)?;
    let facet_only = |mut q: Query| {
        q.limit = 1;
        q.offset = 0;
        index.search(&q).map(|r| r.facets)
    };
    let kind_counts = if query.kinds.is_empty() {
        results.facets.kinds.clone()
    } else {
        facet_only(Query {
            kinds: Vec::new(),
            ..query.clone()
        })?
        .kinds
    };
    let level_counts = if query.levels.is_empty() {
        results.facets.levels.clone()
    } else {
        facet_only(Query {
            levels: Vec::new(),
            ..query.clone()
        })?
        .levels
    };
    Ok(Answer {
        results,
        kind_counts,
        level_counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_domain::UnitCode;
    use sinergi_domain::access::{Accreditation, Membership, Reach, Role};

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    #[test]
    fn a_journalist_sees_embargoed_work_early_only_where_accredited() {
        let journalist = Principal {
            user_id: Some(sinergi_domain::UserId::new(2)),
            accreditations: vec![Accreditation {
                unit: code("51"),
                reach: Reach::Subtree,
            }],
            ..Default::default()
        };
        let v = viewer_of(&journalist);
        assert!(v.internal.is_empty());
        assert_eq!(v.early.subtrees, vec!["51".to_owned()]);
        assert!(viewer_of(&Principal::public()).is_public());
    }

    #[test]
    fn internal_readers_see_early_where_they_read_internal_work() {
        let editor = Principal {
            user_id: Some(sinergi_domain::UserId::new(3)),
            memberships: vec![Membership {
                unit: code("51.71"),
                role: Role::Editor,
                reach: Reach::Unit,
            }],
            ..Default::default()
        };
        let v = viewer_of(&editor);
        assert_eq!(v.internal.units, vec!["51.71".to_owned()]);
        assert_eq!(v.early.units, vec!["51.71".to_owned()]);
    }
}
