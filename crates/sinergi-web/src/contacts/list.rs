//! The contact list: search and filters, a page at a time, and the same
//! selection exported as CSV or vCard. Every read is in the audit log.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_distribution::{
    ContactQuery, ContactRecord, export_csv as csv_of, export_vcard as vcard_of,
    export_xlsx as xlsx_of,
};

use super::kind_options;
use crate::AppState;
use crate::forms::render_page;
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

const PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    q: Option<String>,
    kind: Option<String>,
    outlet: Option<String>,
    beat: Option<String>,
    region: Option<String>,
    consent: Option<String>,
    page: Option<i64>,
    done: Option<String>,
}

impl ListQuery {
    fn query(&self) -> ContactQuery {
        let page = self.page.unwrap_or(1).max(1);
        ContactQuery {
            q: self.q.clone().unwrap_or_default(),
            kind: self.kind.as_deref().and_then(|k| k.parse().ok()),
            outlet_id: self.outlet.as_deref().and_then(|o| o.parse().ok()),
            beat: self.beat.clone().unwrap_or_default(),
            region: self.region.clone().unwrap_or_default(),
            consent: match self.consent.as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            limit: PAGE,
            offset: (page - 1) * PAGE,
        }
    }

    /// The filters as a query string (without the page).
    fn filters(&self) -> String {
        let pairs = [
            ("q", &self.q),
            ("kind", &self.kind),
            ("outlet", &self.outlet),
            ("beat", &self.beat),
            ("region", &self.region),
            ("consent", &self.consent),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| {
                v.as_deref()
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{k}={}", crate::pages::view::encode_component(v)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

pub struct ContactRow {
    pub href: String,
    pub name: String,
    pub email: String,
    pub outlet: String,
    pub kind: String,
    pub beats: String,
    pub consent: bool,
}

#[derive(Template)]
#[template(path = "contacts/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ContactRow>,
    total: String,
    q: String,
    kind: String,
    outlet: String,
    beat: String,
    region: String,
    consent: String,
    kinds: Vec<(String, String)>,
    outlets: Vec<(String, String)>,
    filters: String,
    prev: String,
    next: String,
    notice: String,
}

fn row(tr: &Tr, c: &ContactRecord) -> ContactRow {
    ContactRow {
        href: format!("/contacts/{}", c.id),
        name: c.name.clone(),
        email: c.email.clone().unwrap_or_default(),
        outlet: c
            .outlet_name
            .clone()
            .unwrap_or_else(|| c.organisation.clone()),
        kind: tr.t(&format!("ct-kind-{}", c.kind.as_str())),
        beats: c.beats.join(", "),
        consent: c.distribution_consent,
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let d = &state.distribution;
    let p = &who.session.principal;
    let (contacts, total) = d.list(p, &who.actor, &q.query()).await.or_page(lang)?;
    let outlets = d.outlets(p).await.or_page(lang)?;
    let ctx = PageCtx::new(lang, "/contacts".into());
    let tr = ctx.tr;
    let page = q.page.unwrap_or(1).max(1);
    let filters = q.filters();
    let link = |n: i64| {
        if filters.is_empty() {
            format!("/contacts?page={n}")
        } else {
            format!("/contacts?{filters}&page={n}")
        }
    };
    let notice = match q.done.as_deref() {
        Some("imported") => tr.t("ct-imported"),
        Some("erased") => tr.t("ct-done-erased"),
        _ => String::new(),
    };
    let page_view = ListPage {
        rows: contacts.iter().map(|c| row(&tr, c)).collect(),
        total: tr.count("ct-total", total),
        q: q.q.clone().unwrap_or_default(),
        kind: q.kind.clone().unwrap_or_default(),
        outlet: q.outlet.clone().unwrap_or_default(),
        beat: q.beat.clone().unwrap_or_default(),
        region: q.region.clone().unwrap_or_default(),
        consent: q.consent.clone().unwrap_or_default(),
        kinds: kind_options(&tr),
        outlets: outlets
            .iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect(),
        prev: if page > 1 {
            link(page - 1)
        } else {
            String::new()
        },
        next: if page * PAGE < total {
            link(page + 1)
        } else {
            String::new()
        },
        filters,
        notice,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page_view))
}

async fn export(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    q: &ListQuery,
) -> PageResult<Vec<ContactRecord>> {
    let d = &state.distribution;
    if !d.may_manage(&who.session.principal) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    d.export_rows(&who.session.principal, &who.actor, &q.query())
        .await
        .or_page(lang)
}

fn download(body: String, content_type: &'static str, name: &str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub async fn export_csv(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let rows = export(&state, lang, &who, &q).await?;
    Ok(download(
        csv_of(&rows),
        "text/csv; charset=utf-8",
        "kontak.csv",
    ))
}

pub async fn export_vcard(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let rows = export(&state, lang, &who, &q).await?;
    Ok(download(
        vcard_of(&rows),
        "text/vcard; charset=utf-8",
        "kontak.vcf",
    ))
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let rows = export(&state, lang, &who, &q).await?;
    let body = xlsx_of(&rows).map_err(|e| PageError::Internal(e.to_string()).in_lang(lang))?;
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"kontak.xlsx\"".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
