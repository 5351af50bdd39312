//! Accreditation requests: the journalist's page in the portal (ask a
//! unit, see what became of each request) and the editors' page (grant or
//! refuse, with a note the journalist receives by e-mail).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::AccreditationRequest;
use sinergi_distribution::DistributionError;
use sinergi_domain::Zone;

use super::field_errors;
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct RequestRow {
    pub id: i64,
    pub who: String,
    pub unit: String,
    pub message: String,
    pub asked: String,
    pub status: String,
    pub open: bool,
    pub note: String,
    /// The note field's id, and its error when a decision came back.
    pub note_id: String,
    pub note_error: String,
}

fn rows(tr: &Tr, requests: &[AccreditationRequest]) -> Vec<RequestRow> {
    requests
        .iter()
        .map(|r| RequestRow {
            id: r.id,
            who: format!("{} <{}>", r.name, r.email),
            unit: r.unit_name.clone(),
            message: r.message.clone(),
            asked: tr.date_time(r.created_at, Zone::Wib),
            status: match (r.decision.as_deref(), r.decided_at) {
                (Some(d), Some(at)) => tr.tn(
                    &format!("ar-status-{d}"),
                    &[("time", tr.date_time(at, Zone::Wib))],
                ),
                _ => tr.t("ar-status-open"),
            },
            open: r.decided_at.is_none(),
            note: r.note.clone(),
            note_id: format!("r{}-note", r.id),
            note_error: String::new(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "contacts/accreditation_ask.html")]
struct AskPage {
    ctx: PageCtx,
    csrf: String,
    unit: String,
    message: String,
    rows: Vec<RequestRow>,
    notice: String,
    errors: Vec<FieldError>,
}

impl AskPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn render_ask(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    (unit, message): (String, String),
    notice: String,
    errors: Vec<FieldError>,
) -> PageResult {
    let requests = state
        .distribution
        .my_accreditation_requests(&who.session.user)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, "/portal/accreditation".into());
    let page = AskPage {
        csrf: who.session.csrf_token.clone(),
        rows: rows(&ctx.tr, &requests),
        unit,
        message,
        notice,
        errors,
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn ask_page(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let notice = match q.done.as_deref() {
        Some("asked") => Tr::new(lang).t("ar-done-asked"),
        _ => String::new(),
    };
    let typed = (String::new(), String::new());
    render_ask(
        &state,
        lang,
        &who,
        StatusCode::OK,
        typed,
        notice,
        Vec::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    message: String,
}

pub async fn ask(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<AskForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .request_accreditation(&who.session.user, &who.actor, &f.unit, &f.message)
        .await
    {
        Ok(_) => Ok(see_other("/portal/accreditation?done=asked")),
        Err(DistributionError::Invalid(problems)) => {
            let errors = field_errors(&Tr::new(lang), "a-", &problems);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let typed = (f.unit, f.message);
            render_ask(&state, lang, &who, status, typed, String::new(), errors).await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

#[derive(Template)]
#[template(path = "contacts/accreditation_requests.html")]
struct DecidePage {
    ctx: PageCtx,
    csrf: String,
    rows: Vec<RequestRow>,
    notice: String,
    errors: Vec<FieldError>,
}

async fn render_decide(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    notice: String,
    errors: Vec<FieldError>,
) -> PageResult {
    let requests = state
        .distribution
        .accreditation_requests(&who.session.principal)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, "/contacts/accreditation-requests".into());
    let mut rows = rows(&ctx.tr, &requests);
    for r in &mut rows {
        r.note_error = error_for(&errors, &r.note_id);
    }
    let page = DecidePage {
        csrf: who.session.csrf_token.clone(),
        rows,
        notice,
        errors,
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn decide_page(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let notice = match q.done.as_deref() {
        Some("granted") => Tr::new(lang).t("ar-done-granted"),
        Some("refused") => Tr::new(lang).t("ar-done-refused"),
        _ => String::new(),
    };
    render_decide(&state, lang, &who, StatusCode::OK, notice, Vec::new()).await
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn decide(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<DecideForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let grant = f.decision == "grant";
    match state
        .distribution
        .decide_accreditation(&who.session.principal, &who.actor, id, grant, &f.note)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/contacts/accreditation-requests?done={}",
            if grant { "granted" } else { "refused" }
        ))),
        Err(DistributionError::Invalid(problems)) => {
            let errors = field_errors(&Tr::new(lang), &format!("r{id}-"), &problems);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_decide(&state, lang, &who, status, String::new(), errors).await
        }
        Err(DistributionError::Stale(_)) => {
            let tr = Tr::new(lang);
            let errors = vec![FieldError::new(&format!("r{id}-note"), tr.t("ar-stale"))];
            render_decide(
                &state,
                lang,
                &who,
                StatusCode::CONFLICT,
                String::new(),
                errors,
            )
            .await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}
