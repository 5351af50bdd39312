//! Journalists accredited by the units in one's scope: register a
//! journalist of an outlet, grant and revoke accreditations.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_accounts::{AccountError, NewJournalist};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Accreditation, Reach};

use crate::forms::{FieldError, check_csrf, error_for, forbidden, render_page, see_other};
use super::{reach_label};
use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
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
) -> Response {
    let ctx = PageCtx::new(lang, "/journalists".into());
    let tr = ctx.tr;
    let rows = match state.accounts.accreditations(&who.session.principal).await {
        Ok(r) => r,
        Err(AccountError::NotAllowed) => return forbidden(&tr),
        Err(e) => {
            tracing::error!(error = %e, "listing accreditations failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
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
    render_page(status, &page)
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Response {
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
) -> Response {
    if let Err(r) = check_csrf(f.csrf.as_deref(), &who.session.csrf_token) {
        return r.into_response();
    }
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let unit_text = f.unit.unwrap_or_default().trim().to_owned();
    let outlet_name = f.outlet.unwrap_or_default();
    let mut errors = Vec::new();
    let Ok(unit) = UnitCode::parse(&unit_text) else {
        errors.push(FieldError::new(
            "j-unit",
            tr.t1("bad-code", "code", &unit_text),
        ));
        return render(
            &state,
            lang,
            &who,
            StatusCode::UNPROCESSABLE_ENTITY,
            String::new(),
            errors,
        )
        .await;
    };
    let reach: Reach = f
        .reach
        .as_deref()
        .unwrap_or("unit")
        .parse()
        .unwrap_or(Reach::Unit);
    let first = Accreditation { unit, reach };
    if !principal.can_accredit(&first) {
        return forbidden(&tr);
    }
    let website = f.website.filter(|w| !w.trim().is_empty());
    let outlet_id = match state
        .accounts
        .create_outlet(principal, &who.actor, &outlet_name, website.as_deref())
        .await
    {
        Ok(id) => id,
        Err(AccountError::Invalid(_)) => {
            errors.push(FieldError::new("j-outlet", tr.t("error-outlet-missing")));
            return render(
                &state,
                lang,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await;
        }
        Err(AccountError::NotAllowed) => return forbidden(&tr),
        Err(e) => {
            tracing::error!(error = %e, "creating an outlet failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let journalist = NewJournalist {
        email: f.email.unwrap_or_default(),
        name: f.name.unwrap_or_default(),
        outlet_id,
        first,
    };
    match state
        .accounts
        .register_journalist(principal, &who.actor, &journalist, lang.code())
        .await
    {
        Ok(_) => see_other("/journalists?done=registered"),
        Err(AccountError::Invalid(field)) => {
            let (id, key) = if field == "name" {
                ("j-name", "error-name-missing")
            } else {
                ("j-email", "error-email-invalid")
            };
            errors.push(FieldError::new(id, tr.t(key)));
            render(
                &state,
                lang,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await
        }
        Err(AccountError::Store(sinergi_store::StoreError::Conflict(_))) => {
            errors.push(FieldError::new("j-email", tr.t("account-exists")));
            render(
                &state,
                lang,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await
        }
        Err(AccountError::NotFound(_)) => {
            errors.push(FieldError::new(
                "j-unit",
                tr.t1("unit-not-found", "code", &unit_text),
            ));
            render(
                &state,
                lang,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await
        }
        Err(AccountError::NotAllowed) => forbidden(&tr),
        Err(e) => {
            tracing::error!(error = %e, "registering a journalist failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
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
) -> Response {
    if let Err(r) = check_csrf(f.csrf.as_deref(), &who.session.csrf_token) {
        return r.into_response();
    }
    match state
        .accounts
        .revoke_accreditation(&who.session.principal, &who.actor, id)
        .await
    {
        Ok(()) => see_other("/journalists?done=revoked"),
        Err(AccountError::NotAllowed) => forbidden(&Tr::new(lang)),
        Err(AccountError::NotFound(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "revoking an accreditation failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
