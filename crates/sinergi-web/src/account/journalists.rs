//! Journalists accredited by the units in one's scope: register a
//! journalist of an outlet, grant and revoke accreditations.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_accounts::{AccountError, NewJournalist};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Accreditation, Reach};

use super::reach_label;
use crate::AppState;
use crate::forms::{FieldError, check_csrf, error_for, render_page, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct AccreditationView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub outlet: String,
    pub unit_code: String,
    pub reach: String,
}

#[derive(Template)]
#[template(path = "account/journalists.html")]
struct JournalistsPage {
    ctx: PageCtx,
    csrf: String,
    rows: Vec<AccreditationView>,
    reaches: Vec<(String, String)>,
    notice: String,
    errors: Vec<FieldError>,
    email_error: String,
    name_error: String,
    outlet_error: String,
    unit_error: String,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn render(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    notice: String,
    errors: Vec<FieldError>,
) -> PageResult {
    let ctx = PageCtx::new(lang, "/journalists".into());
    let tr = ctx.tr;
    let rows = state
        .accounts
        .accreditations(&who.session.principal)
        .await
        .or_page(lang)?;
    let page = JournalistsPage {
        csrf: who.session.csrf_token.clone(),
        rows: rows
            .into_iter()
            .map(|r| AccreditationView {
                id: r.id,
                name: r.name,
                email: r.email,
                outlet: r.outlet.unwrap_or_default(),
                unit_code: r.accreditation.unit.to_string(),
                reach: reach_label(&tr, r.accreditation.reach.as_str()),
            })
            .collect(),
        reaches: [Reach::Unit, Reach::Subtree]
            .iter()
            .map(|r| (r.as_str().to_owned(), reach_label(&tr, r.as_str())))
            .collect(),
        notice,
        email_error: error_for(&errors, "j-email"),
        name_error: error_for(&errors, "j-name"),
        outlet_error: error_for(&errors, "j-outlet"),
        unit_error: error_for(&errors, "j-unit"),
        errors,
        ctx,
    };
    Ok(render_page(status, &page))
}

/// The page again, with the one thing wrong with the registration form.
async fn refused_form(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    error: FieldError,
) -> PageResult {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render(state, lang, who, status, String::new(), vec![error]).await
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let tr = Tr::new(lang);
    let notice = match q.done.as_deref() {
        Some("registered") => tr.t("journalist-registered"),
        Some("revoked") => tr.t("member-changed"),
        _ => String::new(),
    };
    render(&state, lang, &who, StatusCode::OK, notice, Vec::new()).await
}

#[derive(Deserialize)]
pub struct RegisterForm {
    csrf: Option<String>,
    email: Option<String>,
    name: Option<String>,
    outlet: Option<String>,
    website: Option<String>,
    unit: Option<String>,
    reach: Option<String>,
}

pub async fn register(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<RegisterForm>,
) -> PageResult {
    check_csrf(f.csrf.as_deref(), &who.session.csrf_token).or_page(lang)?;
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let unit_text = f.unit.unwrap_or_default().trim().to_owned();
    let outlet_name = f.outlet.unwrap_or_default();
    let Ok(unit) = UnitCode::parse(&unit_text) else {
        let error = FieldError::new("j-unit", tr.t1("bad-code", "code", &unit_text));
        return refused_form(&state, lang, &who, error).await;
    };
    let reach: Reach = f
        .reach
        .as_deref()
        .unwrap_or("unit")
        .parse()
        .unwrap_or(Reach::Unit);
    let first = Accreditation { unit, reach };
    if !principal.can_accredit(&first) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let website = f.website.filter(|w| !w.trim().is_empty());
    let outlet_id = match state
        .accounts
        .create_outlet(principal, &who.actor, &outlet_name, website.as_deref())
        .await
    {
        Ok(id) => id,
        Err(AccountError::Invalid(_)) => {
            let error = FieldError::new("j-outlet", tr.t("error-outlet-missing"));
            return refused_form(&state, lang, &who, error).await;
        }
        Err(e) => return Err(PageError::from(e).in_lang(lang)),
    };
    let journalist = NewJournalist {
        email: f.email.unwrap_or_default(),
        name: f.name.unwrap_or_default(),
        outlet_id,
        first,
    };
    let error = match state
        .accounts
        .register_journalist(principal, &who.actor, &journalist, lang.code())
        .await
    {
        Ok(_) => return Ok(see_other("/journalists?done=registered")),
        Err(AccountError::Invalid(field)) => {
            let (id, key) = if field == "name" {
                ("j-name", "error-name-missing")
            } else {
                ("j-email", "error-email-invalid")
            };
            FieldError::new(id, tr.t(key))
        }
        Err(AccountError::Store(sinergi_store::StoreError::Conflict(_))) => {
            FieldError::new("j-email", tr.t("account-exists"))
        }
        Err(AccountError::NotFound(_)) => {
            FieldError::new("j-unit", tr.t1("unit-not-found", "code", &unit_text))
        }
        Err(e) => return Err(PageError::from(e).in_lang(lang)),
    };
    refused_form(&state, lang, &who, error).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: Option<String>,
}

pub async fn revoke(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    check_csrf(f.csrf.as_deref(), &who.session.csrf_token).or_page(lang)?;
    state
        .accounts
        .revoke_accreditation(&who.session.principal, &who.actor, id)
        .await
        .or_page(lang)?;
    Ok(see_other("/journalists?done=revoked"))
}
