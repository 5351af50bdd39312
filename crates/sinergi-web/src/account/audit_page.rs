//! The audit log within one's scope: filter, page back, export as CSV.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use sinergi_accounts::audit_csv;
use sinergi_store::accounts::audit::AuditFilter;

use crate::AppState;
use crate::forms::render_page;
use crate::i18n::Lang;
use crate::pages::view::{PageCtx, encode_component};
use crate::pages::{OrErrorPage, PageResult};
use crate::session::SignedIn;

pub struct EntryRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub target: String,
    pub unit: String,
    pub change: String,
}

#[derive(Template)]
#[template(path = "account/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    unit: String,
    action: String,
    entries: Vec<EntryRow>,
    older_href: String,
    csv_href: String,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    unit: Option<String>,
    action: Option<String>,
    before: Option<i64>,
}

const PAGE: i64 = 50;

fn filter(q: &AuditQuery, limit: i64) -> AuditFilter {
    AuditFilter {
        unit_code: q.unit.clone().filter(|s| !s.is_empty()),
        action: q.action.clone().filter(|s| !s.is_empty()),
        before_seq: q.before,
        limit,
        ..Default::default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let ctx = PageCtx::new(lang, "/audit".into());
    let tr = ctx.tr;
    let entries = state
        .accounts
        .audit_entries(&who.session.principal, &filter(&q, PAGE))
        .await
        .or_page(lang)?;
    let unit = q.unit.clone().unwrap_or_default();
    let action = q.action.clone().unwrap_or_default();
    let base = format!(
        "unit={}&action={}",
        encode_component(&unit),
        encode_component(&action)
    );
    let older_href = if entries.len() as i64 == PAGE {
        entries
            .last()
            .map(|e| format!("/audit?{base}&before={}", e.seq))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let zone = sinergi_domain::Zone::Wib;
    let page = AuditPage {
        entries: entries
            .iter()
            .map(|e| EntryRow {
                seq: e.seq,
                at: tr.date_time(e.at, zone),
                actor: e.actor_label.clone(),
                ip: e.ip.clone().unwrap_or_default(),
                action: e.action.clone(),
                target: e.target.clone(),
                unit: e.unit_code.clone().unwrap_or_default(),
                change: match (&e.before, &e.after) {
                    (Some(b), Some(a)) => format!("{b} → {a}"),
                    (None, Some(a)) => a.to_string(),
                    (Some(b), None) => format!("{b} → ∅"),
                    (None, None) => String::new(),
                },
            })
            .collect(),
        csv_href: format!("/audit.csv?{base}"),
        older_href,
        unit,
        action,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn export(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let entries = state
        .accounts
        .audit_entries(&who.session.principal, &filter(&q, 10_000))
        .await
        .or_page(lang)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"sinergi-audit.csv\"",
            ),
        ],
        audit_csv(&entries),
    )
        .into_response())
}
