//! `/press/{code}`: a unit's press room. Its latest public releases
//! (paged), its published achievements and innovations, the stories it
//! carried from other units and where its own were carried, and how to
//! reach its PR office. A unit with units below it can show its whole
//! subtree (`?scope=subtree`), narrowed to one child (`&child=CODE`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::{ItemKind, ReleaseAccess, ReleaseFacts, release_access};
use sinergi_domain::{Level, Unit, UnitCode, Zone};
use sinergi_store::UnitQuery;
use sinergi_store::newsroom::{ItemQuery, ReleaseBrief};
use sinergi_store::press::PressContact;

use super::listing::{Source, public_releases};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::newsroom::common::{OrRefusal, principal_of, release_href};
use crate::newsroom::press_number::Shorthands;
use crate::pages::view::{PageCtx, encode_component};
use crate::pages::{LocalizedError, OrErrorPage, PageError, PageResult};
use crate::session::MaybeSession;

const PAGE_SIZE: i64 = 20;
const ITEMS_SHOWN: i64 = 10;

pub struct RoomRelease {
    pub href: String,
    pub title: String,
    pub lead: String,
    pub date: String,
    pub iso_date: String,
    /// "No. 12/Kota Denpasar/2026", or empty (an amplification has none).
    pub number: String,
    /// The unit, shown when the room shows a subtree.
    pub unit_name: String,
    /// For a release carried from another unit: (address, "title · unit").
    pub amplified_from: Option<(String, String)>,
    /// Units that carried this release, publicly by now.
    pub amplified_by: Vec<String>,
}

pub struct RoomItem {
    pub href: String,
    pub title: String,
    pub unit_name: String,
}

/// A feed the page announces: (MIME type, title, address).
pub struct FeedLink {
    pub mime: &'static str,
    pub label: &'static str,
    pub href: String,
}

#[derive(Template)]
#[template(path = "press/room.html")]
struct RoomPage {
    ctx: PageCtx,
    code: String,
    unit_name: String,
    subtree: bool,
    /// Whether the unit has units below it (and so a subtree view).
    has_children: bool,
    unit_only_label: String,
    subtree_label: String,
    /// (code, name, selected) for the child filter.
    children: Vec<(String, String, bool)>,
    releases: Vec<RoomRelease>,
    next_href: Option<String>,
    first_href: Option<String>,
    paging_hx: bool,
    achievements: Vec<RoomItem>,
    innovations: Vec<RoomItem>,
    carried: Vec<RoomRelease>,
    contact: PressContact,
    website_href: String,
    /// The phone number without spaces, for a `tel:` link.
    phone_href: String,
    can_edit_contact: bool,
    feeds: Vec<FeedLink>,
    /// The unit's public events (forums, workshops, briefings).
    events: Vec<crate::forums::PressRoomEvent>,
}

/// Public events shown in a press room: upcoming and recent, each at most.
const ROOM_EVENTS: i64 = 5;

#[derive(Deserialize, Default)]
pub struct RoomQuery {
    scope: Option<String>,
    child: Option<String>,
    cursor: Option<String>,
}

/// "Se-Provinsi Bali" / "Across Bali Province" and the like.
pub fn subtree_label(tr: &Tr, unit: &Unit) -> String {
    let key = if unit.level == Level::Province {
        "press-scope-subtree-province"
    } else {
        "press-scope-subtree"
    };
    tr.t1(key, "name", &unit.name)
}

/// The feeds of a unit or its subtree (served by the feeds module).
pub fn feed_links(code: &str, subtree: bool) -> Vec<FeedLink> {
    let kind = if subtree { "subtree" } else { "unit" };
    [
        ("application/rss+xml", "RSS", "rss"),
        ("application/atom+xml", "Atom", "atom"),
        ("application/feed+json", "JSON Feed", "json"),
    ]
    .into_iter()
    .map(|(mime, label, ext)| FeedLink {
        mime,
        label,
        href: format!("/feeds/{kind}/{code}.{ext}"),
    })
    .collect()
}

fn not_found(lang: Lang, code: &str) -> LocalizedError {
    PageError::NotFound {
        key: "unit-not-found",
        arg: ("code", code.to_owned()),
    }
    .in_lang(lang)
}

/// A release as the room lists it, with who carried it and from where.
async fn room_release(
    state: &AppState,
    tr: &Tr,
    b: &ReleaseBrief,
    now: i64,
    shorthands: &Shorthands,
) -> Result<RoomRelease, sinergi_store::StoreError> {
    let zone = UnitCode::parse(&b.unit_code)
        .map(|u| Zone::of_unit(&u))
        .unwrap_or(Zone::Wib);
    let public_at = b.public_at.unwrap_or(0);
    let mut amplified_from = None;
    if let Some(oid) = b.amplifies_id
        && let Some(o) = state.store.release(oid).await?
        && release_access(
            &Principal::public(),
            &ReleaseFacts {
                unit: &o.unit_code,
                state: o.state,
                public_at: o.public_at,
                embargo: o.embargo,
                withdrawn_at: o.withdrawn_at,
            },
            now,
        ) == ReleaseAccess::Public
    {
        amplified_from = Some((
            release_href(o.id, &o.slug),
            format!("{} · {}", o.title, o.unit_name),
        ));
    }
    let amplified_by = state
        .store
        .amplifications_of(b.id)
        .await?
        .into_iter()
        .filter(|a| a.public_at.is_some_and(|t| t <= now))
        .map(|a| a.unit_name)
        .collect();
    Ok(RoomRelease {
        href: release_href(b.id, &b.slug),
        title: b.title.clone(),
        lead: b.lead.clone(),
        date: tr.date(public_at, zone),
        iso_date: super::meta::rfc3339(public_at, zone),
        number: b
            .press_number
            .map(|n| shorthands.number(tr, &b.unit_code, &b.unit_name, n))
            .unwrap_or_default(),
        unit_name: b.unit_name.clone(),
        amplified_from,
        amplified_by,
    })
}

async fn published_items(
    state: &AppState,
    source: &Source,
    kind: ItemKind,
) -> Result<Vec<RoomItem>, sinergi_newsroom::NewsroomError> {
    let (unit, with_subtree) = match source {
        Source::Unit(u) => (u.clone(), false),
        Source::Subtree(u) => (u.clone(), true),
        Source::Tag(_) => return Ok(Vec::new()),
    };
    let now = state.newsroom.now();
    let page = state
        .newsroom
        .items(
            &Principal::public(),
            ItemQuery {
                unit: Some(unit),
                with_subtree,
                kind: Some(kind),
                published_by: Some(now),
                limit: ITEMS_SHOWN,
                ..Default::default()
            },
        )
        .await?;
    Ok(page
        .items
        .into_iter()
        .filter(|i| i.is_published_at(now) && i.removed_at.is_none())
        .map(|i| RoomItem {
            href: format!("/items/{}", i.id),
            title: i.title,
            unit_name: i.unit_name,
        })
        .collect())
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(code): Path<String>,
    Query(q): Query<RoomQuery>,
) -> PageResult {
    let Ok(unit_code) = UnitCode::parse(&code) else {
        return Err(not_found(lang, &code));
    };
    let (unit, child_count) = match state.store.unit_with_child_count(&unit_code).await {
        Ok(u) => u,
        Err(sinergi_store::StoreError::NotFound(_)) => return Err(not_found(lang, &code)),
        Err(e) => return Err(PageError::from_store(e).in_lang(lang)),
    };
    let has_children = child_count > 0;
    let subtree = has_children && q.scope.as_deref() == Some("subtree");
    let children = if subtree {
        state
            .store
            .list_units(&UnitQuery {
                parent: Some(unit_code.clone()),
                limit: 500,
                ..Default::default()
            })
            .await
            .or_page(lang)?
            .items
            .into_iter()
            .map(|(u, _)| u)
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    // Only a unit below this one narrows the room; anything else is ignored.
    let child = q
        .child
        .as_deref()
        .filter(|c| children.iter().any(|u| u.code.as_str() == *c))
        .map(str::to_owned);
    let source = match (&child, subtree) {
        (Some(c), _) => Source::Subtree(UnitCode::parse(c).unwrap_or(unit_code.clone())),
        (None, true) => Source::Subtree(unit_code.clone()),
        (None, false) => Source::Unit(unit_code.clone()),
    };
    let cursor = q.cursor.filter(|c| !c.is_empty());
    let cursor_is_first = cursor.is_none();
    let back = format!("/press/{code}");
    let page = public_releases(&state, &source, PAGE_SIZE, cursor.clone())
        .await
        .or_refusal(lang, &back)?;

    let mut here = format!("/press/{code}");
    if subtree {
        here.push_str("?scope=subtree");
        if let Some(c) = &child {
            here.push_str(&format!("&child={}", encode_component(c)));
        }
    }
    let ctx = PageCtx::new(lang, here.clone()).without_scripts();
    let tr = ctx.tr;
    let now = state.newsroom.now();
    let shorthands = Shorthands::load(
        &state.store,
        page.items.iter().map(|b| b.unit_code.as_str()),
    )
    .await;
    let mut releases = Vec::new();
    for b in &page.items {
        releases.push(
            room_release(&state, &tr, b, now, &shorthands)
                .await
                .or_page(lang)?,
        );
    }
    // Stories carried from other units, on the first page only: the
    // listing already marks them, this gathers them for a journalist.
    let carried = if cursor.is_none() {
        releases
            .iter()
            .filter(|r| r.amplified_from.is_some())
            .map(|r| RoomRelease {
                href: r.href.clone(),
                title: r.title.clone(),
                lead: String::new(),
                date: r.date.clone(),
                iso_date: r.iso_date.clone(),
                number: r.number.clone(),
                unit_name: r.unit_name.clone(),
                amplified_from: r.amplified_from.clone(),
                amplified_by: Vec::new(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let (achievements, innovations) = if cursor.is_none() {
        let a = published_items(&state, &source, ItemKind::Achievement).await;
        let i = published_items(&state, &source, ItemKind::Innovation).await;
        (a.or_refusal(lang, &back)?, i.or_refusal(lang, &back)?)
    } else {
        (Vec::new(), Vec::new())
    };
    let contact = state
        .newsroom
        .contact(&unit_code)
        .await
        .or_refusal(lang, &back)?
        .map(|c| c.contact)
        .unwrap_or_default();
    let sep = if here.contains('?') { '&' } else { '?' };
    let principal = principal_of(&maybe);
    let feeds_code = match &child {
        Some(c) => c.clone(),
        None => code.clone(),
    };
    let events = if cursor_is_first {
        crate::forums::public_events_of(&state, &tr, &unit_code, ROOM_EVENTS).await
    } else {
        Vec::new()
    };
    let room = RoomPage {
        events,
        unit_only_label: tr.t1("press-scope-unit", "name", &unit.name),
        subtree_label: subtree_label(&tr, &unit),
        children: children
            .iter()
            .map(|u| {
                let c = u.code.to_string();
                let selected = child.as_deref() == Some(c.as_str());
                (c, u.name.clone(), selected)
            })
            .collect(),
        releases,
        next_href: page
            .next_cursor
            .map(|c| format!("{here}{sep}cursor={}", encode_component(&c))),
        first_href: cursor.map(|_| here.clone()),
        paging_hx: false,
        achievements,
        innovations,
        carried,
        website_href: safe_href(&contact.website),
        phone_href: contact
            .phone
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
        contact,
        can_edit_contact: principal.can(Action::ManageSettings, &unit_code),
        feeds: feed_links(&feeds_code, subtree),
        unit_name: unit.name.clone(),
        subtree,
        has_children,
        code,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &room))
}

/// A stored website as a link only when it is http(s) (validation made
/// sure of it; this keeps a `javascript:` address out of an href anyway).
pub fn safe_href(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        url.to_owned()
    } else {
        String::new()
    }
}
