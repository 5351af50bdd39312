//! `/campaigns/{id}-{slug}`: the public campaign page. Its key messages
//! and hashtags, how a unit joins, the figures per level, and every
//! adopted release that is public at this moment (the store filters by the
//! clock, so nothing embargoed or scheduled shows before its second),
//! grouped by province.

use super::common::{dashboard_href, id_of, level_label, public_href, release_href, zone_of};
use super::figures::share_text;
use crate::AppState;
use crate::forms::{render_page, see_other};
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::MaybeSession;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use sinergi_campaigns::CampaignError;

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct PublicQuery {
    before: Option<String>,
}

pub struct PublicRelease {
    pub title: String,
    pub lead: String,
    pub href: String,
    pub unit_name: String,
    pub unit_href: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "campaigns/public.html")]
struct PublicPage {
    ctx: PageCtx,
    title: String,
    owner: String,
    owner_href: String,
    period: String,
    description_html: String,
    key_messages: Vec<String>,
    hashtags: Vec<String>,
    tag: String,
    levels: Vec<(String, String, String, String)>,
    /// Adopted releases by province: (province name, its releases).
    groups: Vec<(String, Vec<PublicRelease>)>,
    join_tag: String,
    more_href: String,
    dashboard_href: String,
    signed_in: bool,
    /// Media pickups of the adopted releases; hashtag mentions for the owner's readers.
    coverage: crate::monitoring::coverage::WideView,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(key): Path<String>,
    Query(q): Query<PublicQuery>,
) -> PageResult {
    let Some(id) = id_of(&key) else {
        return Err(PageError::NotFound {
            key: "not-found-body",
            arg: ("x", key),
        }
        .in_lang(lang));
    };
    let principal = maybe
        .session
        .as_ref()
        .map(|s| s.principal.clone())
        .unwrap_or_else(sinergi_domain::access::Principal::public);
    let view = state
        .campaigns
        .campaign(&principal, id)
        .await
        .or_page(lang)?;
    let c = &view.campaign;
    let canonical = public_href(c);
    if key != canonical.trim_start_matches("/campaigns/") {
        return Ok(see_other(&canonical));
    }
    let before = q.before.as_deref().and_then(|s| {
        let (at, rid) = s.split_once(':')?;
        Some((at.parse().ok()?, rid.parse().ok()?))
    });
    let adopted = state
        .campaigns
        .adopted_releases(id, before, PAGE + 1)
        .await
        .or_page(lang)?;
    let levels = state
        .store
        .campaign_level_figures(id)
        .await
        .map_err(CampaignError::from)
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, canonical.clone());
    let tr = ctx.tr;
    let zone = zone_of(c.owner_code.as_str());
    let coverage = crate::monitoring::coverage::campaign_view(
        &state,
        &tr,
        &principal,
        id.get(),
        &c.owner_code,
    )
    .await;
    let more_href = match adopted.get(PAGE as usize - 1) {
        Some(last) if adopted.len() > PAGE as usize => {
            format!(
                "{canonical}?before={}:{}#releases",
                last.public_at, last.release_id
            )
        }
        _ => String::new(),
    };
    let page = PublicPage {
        title: c.title.clone(),
        owner: c.owner_name.clone(),
        owner_href: format!("/units/{}", c.owner_code),
        period: format!(
            "{} – {}",
            tr.date(c.starts_at, zone),
            tr.date(c.ends_at, zone)
        ),
        description_html: sinergi_media::render_markdown(&c.description_md),
        key_messages: c.key_messages.clone(),
        hashtags: c.hashtags.iter().map(|h| format!("#{h}")).collect(),
        tag: c.tag.clone(),
        levels: levels
            .iter()
            .map(|l| {
                (
                    level_label(&tr, l.level),
                    tr.num(l.targets),
                    tr.num(l.adopted),
                    share_text(&tr, l.adopted, l.targets),
                )
            })
            .collect(),
        groups: by_province(
            &tr,
            adopted
                .iter()
                .take(PAGE as usize)
                .map(|r| {
                    (
                        r.unit_code.clone(),
                        PublicRelease {
                            title: r.title.clone(),
                            lead: r.lead.clone(),
                            href: release_href(r.release_id, &r.slug),
                            unit_name: r.unit_name.clone(),
                            unit_href: format!("/units/{}", r.unit_code),
                            when: tr.date_time(r.public_at, zone_of(&r.unit_code)),
                        },
                    )
                })
                .collect(),
        ),
        join_tag: tr.t1("cp-join-2", "tag", &c.tag),
        more_href,
        dashboard_href: dashboard_href(id),
        signed_in: maybe.session.is_some(),
        coverage,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}

/// Releases grouped by the province of their unit (a unit code's first
/// part), provinces by name, each group newest first as given; units
/// outside the regions (ministries, agencies) come last, together.
fn by_province(
    tr: &crate::i18n::Tr,
    releases: Vec<(String, PublicRelease)>,
) -> Vec<(String, Vec<PublicRelease>)> {
    let shapes = &sinergi_map::provinces().shapes;
    let mut groups: Vec<(Option<String>, Vec<PublicRelease>)> = Vec::new();
    for (code, release) in releases {
        let province = code
            .split('.')
            .next()
            .and_then(|p| shapes.iter().find(|s| s.code == p).map(|s| s.name.clone()));
        match groups.iter_mut().find(|(name, _)| *name == province) {
            Some((_, list)) => list.push(release),
            None => groups.push((province, vec![release])),
        }
    }
    // Named provinces first, by name; then the rest.
    groups.sort_by(|a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    groups
        .into_iter()
        .map(|(name, list)| (name.unwrap_or_else(|| tr.t("cp-other-region")), list))
        .collect()
}

/// `/campaigns/by-tag/{tag}`: where a release's tag leads. The campaign
/// with that tag, or a search for the tag when no campaign carries it, so
/// release pages may link every tag here without knowing which are
/// campaigns.
pub async fn by_tag(State(state): State<AppState>, Path(tag): Path<String>) -> Response {
    match state.campaigns.campaign_by_tag(&tag).await {
        Ok(c) => see_other(&public_href(&c)),
        Err(_) => see_other(&format!(
            "/search?q={}",
            crate::pages::view::encode_component(&tag)
        )),
    }
}
