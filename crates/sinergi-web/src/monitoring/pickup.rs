//! `/monitoring/matches/{id}`: an article beside the release it reports
//! on, the passages they share marked in both, so anyone can check the
//! pickup. Officers of the release's unit confirm or reject a match in
//! the grey zone here.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::MatchId;
use sinergi_monitoring::MatchState;

use super::highlight::{Run, runs};
use super::{score_text, service};
use crate::AppState;
use crate::forms::{render_page, require_csrf, see_other};
use crate::i18n::Lang;
use crate::newsroom::common::{principal_of, release_href, zone_of};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::{MaybeSession, SignedIn};

#[derive(Template)]
#[template(path = "monitoring/pickup.html")]
struct PickupPage {
    ctx: PageCtx,
    csrf: String,
    id: MatchId,
    outlet: String,
    title: String,
    url: String,
    when: String,
    score: String,
    state_key: String,
    state_class: String,
    reviewed: String,
    article: Vec<Run>,
    release_title: String,
    release_href: String,
    release: Vec<Run>,
    release_changed: bool,
    /// "3 shared passages".
    passages: String,
    copies: Vec<(String, String)>,
    can_decide: bool,
    internal: bool,
}

fn parse_id(lang: Lang, id: &str) -> PageResult<MatchId> {
    id.parse().map_err(|_| {
        PageError::NotFound {
            key: "not-found-body",
            arg: ("x", id.to_owned()),
        }
        .in_lang(lang)
    })
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<String>,
) -> PageResult {
    let id = parse_id(lang, &id)?;
    let principal = principal_of(&maybe);
    let view = service(&state)
        .view_match(&principal, id)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, format!("/monitoring/matches/{id}"));
    let tr = ctx.tr;
    let m = &view.record;
    let zone = zone_of(&m.unit_code);
    let article_ranges: Vec<_> = m.passages.iter().map(|p| p.article).collect();
    let release_ranges: Vec<_> = m.passages.iter().map(|p| p.release).collect();
    let page = PickupPage {
        csrf: maybe
            .session
            .as_ref()
            .map(|s| s.csrf_token.clone())
            .unwrap_or_default(),
        id,
        outlet: m.outlet.clone(),
        title: if m.article_title.is_empty() {
            tr.t("mon-untitled")
        } else {
            m.article_title.clone()
        },
        url: m.article_url.clone().unwrap_or_default(),
        when: tr.date_time(m.article_published_at, zone),
        score: score_text(m.score),
        state_key: format!("mon-state-{}", m.state.as_str()),
        state_class: match m.state {
            MatchState::Credited | MatchState::Confirmed => "published".into(),
            MatchState::Review => "review".into(),
            MatchState::Rejected => "retired".into(),
        },
        reviewed: match (&m.reviewed_by, m.reviewed_at) {
            (Some(who), Some(at)) if view.internal => format!("{who} · {}", tr.date_time(at, zone)),
            (None, Some(at)) => tr.date_time(at, zone),
            _ => String::new(),
        },
        article: runs(&m.article_body, &article_ranges),
        release_title: m.release_title.clone(),
        release_href: release_href(m.release_id, &m.release_slug),
        release: view
            .release_text
            .as_deref()
            .map(|t| runs(t, &release_ranges))
            .unwrap_or_default(),
        release_changed: view.release_text.is_none(),
        passages: tr.count("mon-passages", m.passages.len() as i64),
        copies: view
            .copies
            .iter()
            .map(|a| (a.outlet.clone(), a.url.clone().unwrap_or_default()))
            .collect(),
        can_decide: view.can_decide,
        internal: view.internal,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
}

pub async fn decide(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<DecideForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let id = parse_id(lang, &id)?;
    let confirm = match f.decision.as_str() {
        "confirm" => true,
        "reject" => false,
        other => {
            return Err(PageError::BadRequest {
                key: "mon-bad-decision",
                arg: ("x", other.to_owned()),
            }
            .in_lang(lang));
        }
    };
    service(&state)
        .decide(&who.session.principal, &who.actor, id, confirm)
        .await
        .or_page(lang)?;
    Ok(see_other(if confirm {
        "/monitoring?done=confirmed"
    } else {
        "/monitoring?done=rejected"
    }))
}
