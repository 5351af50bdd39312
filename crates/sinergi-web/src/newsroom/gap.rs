//! `/gap`: the publication gap. Achievements and innovations left without
//! a published release after N days, counted per level and per child unit
//! (most first), then listed oldest first.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::{DEFAULT_GAP_DAYS, days_between};

use super::common::{refusal, render_page, zone_of};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::PageError;
use crate::pages::view::{PageCtx, encode_component, level_key};
use crate::session::SignedIn;

pub struct ChildRow {
    pub name: String,
    pub code: String,
    pub href: String,
    pub count: String,
}

pub struct GapRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub unit_name: String,
    pub recorded: String,
    pub days: String,
}

#[derive(Template)]
#[template(path = "newsroom/gap.html")]
struct GapPage {
    ctx: PageCtx,
    scope_name: String,
    unit: String,
    subtree: bool,
    days: i64,
    total: String,
    levels: Vec<(String, String)>,
    children: Vec<ChildRow>,
    rows: Vec<GapRow>,
    next_href: Option<String>,
    first_href: Option<String>,
    paging_hx: bool,
}

#[derive(Deserialize, Default)]
pub struct GapQuery {
    unit: Option<String>,
    subtree: Option<String>,
    days: Option<i64>,
    cursor: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<GapQuery>,
) -> Response {
    let unit_text = q.unit.unwrap_or_default().trim().to_owned();
    let asked_subtree = q.subtree.as_deref() == Some("1");
    let (root, subtree) = if unit_text.is_empty() {
        // No unit asked: the reader's own part of the network (a province
        // admin's province with its subtree), the whole network only for
        // those who read all of it.
        own_part(&who.session.principal)
    } else {
        match UnitCode::parse(&unit_text) {
            Ok(u) => (Some(u), asked_subtree),
            Err(_) => {
                return PageError::BadRequest {
                    key: "bad-code",
                    arg: ("code", unit_text),
                }
                .in_lang(lang)
                .into_response();
            }
        }
    };
    // The whole network always includes everything below.
    let subtree = root.is_none() || subtree;
    let days = q.days.unwrap_or(DEFAULT_GAP_DAYS).clamp(0, 3650);
    let cursor = q.cursor.filter(|c| !c.is_empty());
    let (counts, page) = match state
        .newsroom
        .gap_report(
            &who.session.principal,
            root.clone(),
            subtree,
            days,
            cursor.clone(),
        )
        .await
    {
        Ok(r) => r,
        Err(e) => return refusal(lang, e, "/workspace"),
    };
    let mut here = format!("/gap?days={days}");
    if let Some(u) = &root {
        here.push_str(&format!("&unit={}", encode_component(u.as_str())));
        if subtree {
            here.push_str("&subtree=1");
        }
    }
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let now = state.newsroom.now();
    let scope_name = match &root {
        Some(u) => state
            .store
            .unit(u)
            .await
            .map(|x| x.name)
            .unwrap_or_else(|_| u.to_string()),
        None => tr.t("nr-gap-whole-network"),
    };
    let mut per_child = counts.per_child.clone();
    per_child.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    let page_view = GapPage {
        scope_name,
        unit: root.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        subtree,
        days,
        total: tr.num(counts.total),
        levels: counts
            .per_level
            .iter()
            .map(|(l, n)| (tr.t(&level_key(*l)), tr.num(*n)))
            .collect(),
        children: per_child
            .into_iter()
            .map(|(code, name, n)| ChildRow {
                href: format!(
                    "/gap?unit={}&subtree=1&days={days}",
                    encode_component(&code)
                ),
                name,
                code,
                count: tr.num(n),
            })
            .collect(),
        rows: page
            .items
            .iter()
            .map(|g| GapRow {
                href: format!("/items/{}", g.id),
                title: g.title.clone(),
                kind: tr.t(&format!("nr-kind-{}", g.kind.as_str())),
                unit_name: g.unit_name.clone(),
                recorded: tr.date(g.created_at, zone_of(&g.unit_code)),
                days: tr.count("nr-days", days_between(g.created_at, now)),
            })
            .collect(),
        next_href: page
            .next_cursor
            .map(|c| format!("{here}&cursor={}", encode_component(&c))),
        first_href: cursor.map(|_| here.clone()),
        paging_hx: false,
        ctx,
    };
    render_page(StatusCode::OK, &page_view)
}

/// Where `/gap` opens when no unit is asked: the whole network for those
/// who read all of it; otherwise the widest part the reader reads
/// internally (a subtree before a single unit), with its subtree.
fn own_part(principal: &Principal) -> (Option<UnitCode>, bool) {
    let scope = principal.scope(Action::ReadInternal);
    if scope.everything {
        return (None, true);
    }
    if let Some(top) = scope.subtrees.iter().min_by_key(|u| u.as_str().len()) {
        return (Some(top.clone()), true);
    }
    match scope.units.first() {
        Some(unit) => (Some(unit.clone()), false),
        None => (None, true),
    }
}

#[cfg(test)]
mod tests {
    use sinergi_domain::access::{Membership, Reach, Role};

    use super::*;

    fn principal(unit: &str, reach: Reach) -> Principal {
        Principal {
            user_id: Some(sinergi_domain::UserId::new(1)),
            memberships: vec![Membership {
                unit: UnitCode::parse(unit).unwrap(),
                role: Role::Admin,
                reach,
            }],
            ..Principal::default()
        }
    }

    #[test]
    fn the_gap_opens_on_the_readers_own_part_of_the_network() {
        assert_eq!(
            own_part(&principal("51", Reach::Subtree)),
            (Some(UnitCode::parse("51").unwrap()), true),
            "a province admin: the province and everything below"
        );
        assert_eq!(
            own_part(&principal("51.71", Reach::Unit)),
            (Some(UnitCode::parse("51.71").unwrap()), false)
        );
        assert_eq!(
            own_part(&principal("kemenpanrb.hkip", Reach::Network)),
            (None, true),
            "the national coordinator: the whole network"
        );
    }
}
