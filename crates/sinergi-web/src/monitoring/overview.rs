//! `/monitoring`: the officer's desk. What waits for their decision (the
//! grey zone of their units' releases), their units' recent pickups, and
//! the way to the sources.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::access::Action;
use sinergi_store::monitor::MatchRecord;

use super::{score_text, service};
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::newsroom::common::{release_href, zone_of};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

/// A match in a list.
pub struct MatchRow {
    pub href: String,
    pub outlet: String,
    pub title: String,
    pub release_title: String,
    pub release_href: String,
    pub score: String,
    pub when: String,
}

pub fn match_row(tr: &Tr, m: &MatchRecord) -> MatchRow {
    MatchRow {
        href: format!("/monitoring/matches/{}", m.id),
        outlet: m.outlet.clone(),
        title: if m.article_title.is_empty() {
            tr.t("mon-untitled")
        } else {
            m.article_title.clone()
        },
        release_title: m.release_title.clone(),
        release_href: release_href(m.release_id, &m.release_slug),
        score: score_text(m.score),
        when: tr.date_time(m.article_published_at, zone_of(&m.unit_code)),
    }
}

#[derive(Template)]
#[template(path = "monitoring/overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    notice: String,
    queue: Vec<MatchRow>,
    pickups: Vec<MatchRow>,
    may_review: bool,
    mentions: Vec<super::coverage::MentionView>,
    threshold: ThresholdView,
}

/// The threshold report as the page shows it.
pub struct ThresholdView {
    pub now: String,
    pub decided: String,
    /// The suggestion, or why there is none yet.
    pub advice: String,
    /// (candidate, rejected it would credit, confirmed it would leave);
    /// only the candidates from the review floor up.
    pub rows: Vec<(String, usize, usize)>,
}

fn threshold_view(tr: &Tr, r: &sinergi_monitoring::ThresholdReport) -> ThresholdView {
    ThresholdView {
        now: tr.tn(
            "mon-threshold-now",
            &[
                ("credit", score_text(r.credit)),
                ("review", score_text(r.review)),
            ],
        ),
        decided: tr.tn(
            "mon-threshold-decided",
            &[
                ("confirmed", r.confirmed.to_string()),
                ("rejected", r.rejected.to_string()),
            ],
        ),
        advice: match r.suggested_credit {
            Some(t) => tr.tn("mon-threshold-suggest", &[("suggested", score_text(t))]),
            None => tr.tn(
                "mon-threshold-too-few",
                &[("min", sinergi_monitoring::MIN_DECISIONS.to_string())],
            ),
        },
        rows: r
            .rows
            .iter()
            .filter(|row| row.threshold >= r.review)
            .map(|row| {
                (
                    score_text(row.threshold),
                    row.wrongly_credited,
                    row.left_for_review,
                )
            })
            .collect(),
    }
}

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<OverviewQuery>,
) -> PageResult {
    let p = &who.session.principal;
    if !p.holds(Action::ReadInternal) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let monitoring = service(&state);
    let queue = monitoring.review_queue(p, 100).await.or_page(lang)?;
    let pickups = monitoring.recent_pickups(p, 30).await.or_page(lang)?;
    let mentions = monitoring.mentions(p, 30).await.or_page(lang)?;
    let threshold = monitoring.threshold_report().await.or_page(lang)?;
    let ctx = PageCtx::new(lang, "/monitoring".into());
    let tr = ctx.tr;
    let notice = match q.done.as_deref() {
        Some("confirmed") => tr.t("mon-done-confirmed"),
        Some("rejected") => tr.t("mon-done-rejected"),
        _ => String::new(),
    };
    let page = OverviewPage {
        notice,
        queue: queue.iter().map(|m| match_row(&tr, m)).collect(),
        pickups: pickups.iter().map(|m| match_row(&tr, m)).collect(),
        may_review: p.holds(Action::Review),
        mentions: mentions
            .iter()
            .map(|m| super::coverage::mention_view(&tr, m))
            .collect(),
        threshold: threshold_view(&tr, &threshold),
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}
