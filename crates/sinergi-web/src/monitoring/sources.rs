//! `/monitoring/sources`: every source with its health (last success,
//! last error and why, articles per day, next poll) for officers, the
//! form to add one for those who may, and one source's page with its
//! newest articles and the pause / resume button.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::SourceId;
use sinergi_domain::access::{Action, Principal};
use sinergi_monitoring::{Monitoring, MonitoringError, SourceInput, SourceRecord};

use super::{error_text, service};
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::newsroom::common::zone_of;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

/// A source in the list.
pub struct SourceRow {
    pub href: String,
    /// "Feed" or "News sitemap".
    pub kind: String,
    pub outlet: String,
    pub url: String,
    pub active: bool,
    pub last_success: String,
    pub last_error: String,
    pub per_day: String,
    pub next_poll: String,
}

fn source_row(tr: &Tr, s: &SourceRecord) -> SourceRow {
    let zone = zone_of(&s.unit_code);
    let when = |t: Option<i64>| {
        t.map(|t| tr.date_time(t, zone))
            .unwrap_or_else(|| tr.t("mon-never"))
    };
    // The error is shown while it is the latest news of the source.
    let failing = match (s.last_error_at, s.last_success_at) {
        (Some(e), Some(ok)) => e > ok,
        (Some(_), None) => true,
        _ => false,
    };
    SourceRow {
        kind: tr.t(&format!("mon-kind-{}", s.kind)),
        href: format!("/monitoring/sources/{}", s.id),
        outlet: s.outlet.clone(),
        url: s.url.clone(),
        active: s.active != 0,
        last_success: when(s.last_success_at),
        last_error: if failing {
            format!(
                "{} · {}",
                error_text(tr, s.last_error.as_deref().unwrap_or_default()),
                when(s.last_error_at)
            )
        } else {
            String::new()
        },
        per_day: format!("{:.1}", s.items_week as f64 / 7.0),
        next_poll: if s.active != 0 {
            tr.date_time(s.next_poll_at, zone)
        } else {
            tr.t("mon-paused")
        },
    }
}

#[derive(Deserialize, Default)]
pub struct SourceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    outlet: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    kind: String,
}

#[derive(Template)]
#[template(path = "monitoring/sources.html")]
struct SourcesPage {
    ctx: PageCtx,
    csrf: String,
    sources: Vec<SourceRow>,
    /// Units the reader may add sources for: (code, name).
    units: Vec<(String, String)>,
    form_unit: String,
    form_outlet: String,
    form_url: String,
    form_kind: String,
    errors: Vec<FieldError>,
    notice: String,
}

impl SourcesPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

/// The units where `p` may add sources, with their names.
async fn source_units(state: &AppState, p: &Principal) -> Vec<(String, String)> {
    let codes: Vec<String> = p
        .memberships
        .iter()
        .filter(|m| m.role.allows(Action::Review))
        .map(|m| m.unit.to_string())
        .collect();
    let names = state
        .store
        .unit_names(codes.iter().map(String::as_str))
        .await
        .unwrap_or_default();
    let mut units: Vec<(String, String)> = codes
        .into_iter()
        .map(|c| {
            let name = names.get(c.as_str()).cloned().unwrap_or_else(|| c.clone());
            (c, name)
        })
        .collect();
    units.dedup();
    units
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    added: Option<String>,
}

async fn sources_page(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    form: SourceForm,
    errors: Vec<FieldError>,
    notice: String,
) -> PageResult<SourcesPage> {
    let p = &who.session.principal;
    let list = service(state).sources(p).await.or_page(lang)?;
    let ctx = PageCtx::new(lang, "/monitoring/sources".into());
    let tr = ctx.tr;
    Ok(SourcesPage {
        csrf: who.session.csrf_token.clone(),
        sources: list.iter().map(|s| source_row(&tr, s)).collect(),
        units: if Monitoring::may_add_sources(p) {
            source_units(state, p).await
        } else {
            Vec::new()
        },
        form_unit: form.unit,
        form_outlet: form.outlet,
        form_url: form.url,
        form_kind: form.kind,
        errors,
        notice,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let notice = if q.added.is_some() {
        Tr::new(lang).t("mon-source-added")
    } else {
        String::new()
    };
    let page = sources_page(
        &state,
        lang,
        &who,
        SourceForm::default(),
        Vec::new(),
        notice,
    )
    .await?;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn add(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<SourceForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let input = SourceInput {
        unit: f.unit.clone(),
        outlet: f.outlet.clone(),
        url: f.url.clone(),
        kind: f.kind.clone(),
    };
    match service(&state)
        .add_source(&who.session.principal, &input)
        .await
    {
        Ok(_) => Ok(see_other("/monitoring/sources?added=1")),
        Err(MonitoringError::Invalid(problems)) => {
            let tr = Tr::new(lang);
            let errors = problems
                .iter()
                .map(|p| FieldError::new(&format!("source-{}", p.field), tr.t(p.key)))
                .collect();
            let page = sources_page(&state, lang, &who, f, errors, String::new()).await?;
            Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

#[derive(Template)]
#[template(path = "monitoring/source.html")]
struct SourcePage {
    ctx: PageCtx,
    csrf: String,
    id: SourceId,
    row: SourceRow,
    failures: i64,
    total: i64,
    may_manage: bool,
    /// (address, title, when, where its text came from).
    articles: Vec<(String, String, String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let id: SourceId = id.parse().map_err(|_| {
        PageError::NotFound {
            key: "not-found-body",
            arg: ("x", id.clone()),
        }
        .in_lang(lang)
    })?;
    let p = &who.session.principal;
    let (source, articles) = service(&state).source(p, id).await.or_page(lang)?;
    let ctx = PageCtx::new(lang, format!("/monitoring/sources/{id}"));
    let tr = ctx.tr;
    let zone = zone_of(&source.unit_code);
    let may_manage =
        sinergi_domain::UnitCode::parse(&source.unit_code).is_ok_and(|u| p.can(Action::Review, &u));
    let page = SourcePage {
        csrf: who.session.csrf_token.clone(),
        id,
        row: source_row(&tr, &source),
        failures: source.failures,
        total: source.items_total,
        may_manage,
        articles: articles
            .iter()
            .map(|a| {
                (
                    a.url.clone().unwrap_or_default(),
                    if a.title.is_empty() {
                        tr.t("mon-untitled")
                    } else {
                        a.title.clone()
                    },
                    tr.date_time(a.published_at, zone),
                    tr.t(&format!("mon-text-from-{}", a.text_from)),
                )
            })
            .collect(),
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
pub struct ActiveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<ActiveForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let id: SourceId = id.parse().map_err(|_| {
        PageError::NotFound {
            key: "not-found-body",
            arg: ("x", id.clone()),
        }
        .in_lang(lang)
    })?;
    service(&state)
        .set_source_active(&who.session.principal, id, f.active == "1")
        .await
        .or_page(lang)?;
    Ok(see_other(&format!("/monitoring/sources/{id}")))
}
