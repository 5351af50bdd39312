//! Pages reached from e-mailed links and the form that sends them:
//! forgotten password, reset, invitation. None reveals whether an address
//! has an account.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_accounts::{AccountError, random_token};
use sinergi_store::accounts::one_time_tokens::TokenPurpose;

use crate::AppState;
use crate::forms::{FieldError, check_csrf, render_pre_session, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::session::{MaybeSession, PRE_SESSION_CSRF_COOKIE, cookie};

/// A field of a simple form.
pub struct Field {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub hint: String,
    pub error: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "account/simple_form.html")]
struct SimpleForm {
    ctx: PageCtx,
    title: String,
    intro: String,
    notice: String,
    action: String,
    submit: String,
    csrf: String,
    fields: Vec<Field>,
    errors: Vec<FieldError>,
    show_form: bool,
}

fn field(
    tr: &Tr,
    id: &str,
    kind: &str,
    label_key: &str,
    hint_key: Option<&str>,
    errors: &[FieldError],
    value: &str,
) -> Field {
    Field {
        id: id.to_owned(),
        kind: kind.to_owned(),
        label: tr.t(label_key),
        hint: hint_key.map(|k| tr.t(k)).unwrap_or_default(),
        error: crate::forms::error_for(errors, id),
        value: value.to_owned(),
    }
}

fn respond(state: &AppState, status: StatusCode, page: SimpleForm) -> Response {
    render_pre_session(state, status, &page, &page.csrf)
}

fn csrf_of(headers: &HeaderMap) -> String {
    cookie(headers, PRE_SESSION_CSRF_COOKIE)
        .filter(|c| c.len() == 43)
        .unwrap_or_else(random_token)
}

#[derive(Deserialize)]
pub struct LinkForm {
    email: Option<String>,
    name: Option<String>,
    password: Option<String>,
    csrf: Option<String>,
}

// ---- forgotten password ----------------------------------------------

fn forgot_page(
    lang: Lang,
    csrf: String,
    notice: String,
    errors: Vec<FieldError>,
    email: &str,
) -> SimpleForm {
    let ctx = PageCtx::new(lang, "/forgot-password".into());
    let tr = ctx.tr;
    SimpleForm {
        title: tr.t("forgot-title"),
        intro: tr.t("forgot-intro"),
        show_form: notice.is_empty(),
        notice,
        action: "/forgot-password".into(),
        submit: tr.t("forgot-submit"),
        csrf,
        fields: vec![field(
            &tr,
            "email",
            "email",
            "email-label",
            None,
            &errors,
            email,
        )],
        errors,
        ctx,
    }
}

pub async fn forgot_form(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
) -> Response {
    respond(
        &state,
        StatusCode::OK,
        forgot_page(lang, csrf_of(&headers), String::new(), Vec::new(), ""),
    )
}

pub async fn forgot_submit(
    State(state): State<AppState>,
    lang: Lang,
    session: MaybeSession,
    headers: HeaderMap,
    Form(f): Form<LinkForm>,
) -> Response {
    let expected = cookie(&headers, PRE_SESSION_CSRF_COOKIE).unwrap_or_default();
    if let Err(r) = check_csrf(f.csrf.as_deref(), &expected) {
        return r.into_response();
    }
    let tr = Tr::new(lang);
    let email = f.email.unwrap_or_default().trim().to_owned();
    if email.is_empty() {
        let errors = vec![FieldError::new("email", tr.t("error-email-missing"))];
        return respond(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            forgot_page(lang, expected, String::new(), errors, ""),
        );
    }
    match state
        .accounts
        .request_password_reset(&email, lang.code(), session.ip.as_deref())
        .await
    {
        Ok(()) => {}
        // Counted alike for addresses with and without an account, so this
        // tells nothing about the address either.
        Err(AccountError::Throttled { minutes }) => {
            let errors = vec![FieldError::new(
                "email",
                tr.t1("forgot-throttled", "minutes", &minutes.to_string()),
            )];
            return respond(
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                forgot_page(lang, expected, String::new(), errors, &email),
            );
        }
        Err(e) => tracing::error!(error = %e, "reset request failed"),
    }
    // The same answer whether or not the address has an account.
    respond(
        &state,
        StatusCode::OK,
        forgot_page(lang, expected, tr.t("forgot-sent"), Vec::new(), ""),
    )
}

// ---- reset -------------------------------------------------------------

fn reset_page(
    lang: Lang,
    token: &str,
    csrf: String,
    errors: Vec<FieldError>,
    valid: bool,
) -> SimpleForm {
    let ctx = PageCtx::new(lang, "/forgot-password".into());
    let tr = ctx.tr;
    SimpleForm {
        title: tr.t("reset-title"),
        intro: if valid {
            format!("{} {}", tr.t("password-rules"), tr.t("reset-revokes"))
        } else {
            String::new()
        },
        notice: if valid {
            String::new()
        } else {
            tr.t("link-invalid")
        },
        show_form: valid,
        action: format!("/reset/{token}"),
        submit: tr.t("reset-submit"),
        csrf,
        fields: vec![field(
            &tr,
            "password",
            "password",
            "new-password-label",
            None,
            &errors,
            "",
        )],
        errors,
        ctx,
    }
}

pub async fn reset_form(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let valid = state
        .accounts
        .link_is_valid(&token, TokenPurpose::Reset)
        .await
        .unwrap_or(false);
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    respond(
        &state,
        status,
        reset_page(lang, &token, csrf_of(&headers), Vec::new(), valid),
    )
}

pub async fn reset_submit(
    State(state): State<AppState>,
    lang: Lang,
    session: MaybeSession,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<LinkForm>,
) -> Response {
    let expected = cookie(&headers, PRE_SESSION_CSRF_COOKIE).unwrap_or_default();
    if let Err(r) = check_csrf(f.csrf.as_deref(), &expected) {
        return r.into_response();
    }
    let tr = Tr::new(lang);
    match state
        .accounts
        .reset_password(
            &token,
            &f.password.unwrap_or_default(),
            session.ip.as_deref(),
        )
        .await
    {
        Ok(_) => see_other("/sign-in?reset=1"),
        Err(AccountError::Password(p)) => {
            let errors = vec![FieldError::new(
                "password",
                tr.t1(
                    p.message_key(),
                    "min",
                    &state.accounts.config().policy.min_chars.to_string(),
                ),
            )];
            respond(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                reset_page(lang, &token, expected, errors, true),
            )
        }
        Err(AccountError::LinkInvalid) => respond(
            &state,
            StatusCode::GONE,
            reset_page(lang, &token, expected, Vec::new(), false),
        ),
        Err(e) => {
            tracing::error!(error = %e, "reset failed");
            (StatusCode::INTERNAL_SERVER_ERROR, tr.t("error-body")).into_response()
        }
    }
}

// ---- invitation --------------------------------------------------------

fn invitation_page(
    lang: Lang,
    token: &str,
    csrf: String,
    errors: Vec<FieldError>,
    valid: bool,
    name: &str,
) -> SimpleForm {
    let ctx = PageCtx::new(lang, "/".into());
    let tr = ctx.tr;
    SimpleForm {
        title: tr.t("invitation-title"),
        intro: if valid {
            tr.t("invitation-intro")
        } else {
            String::new()
        },
        notice: if valid {
            String::new()
        } else {
            tr.t("link-invalid")
        },
        show_form: valid,
        action: format!("/invitation/{token}"),
        submit: tr.t("invitation-submit"),
        csrf,
        fields: vec![
            field(&tr, "name", "text", "name-label", None, &errors, name),
            field(
                &tr,
                "password",
                "password",
                "new-password-label",
                Some("password-rules"),
                &errors,
                "",
            ),
        ],
        errors,
        ctx,
    }
}

pub async fn invitation_form(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let valid = state
        .accounts
        .link_is_valid(&token, TokenPurpose::Invite)
        .await
        .unwrap_or(false);
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    respond(
        &state,
        status,
        invitation_page(lang, &token, csrf_of(&headers), Vec::new(), valid, ""),
    )
}

pub async fn invitation_submit(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<LinkForm>,
) -> Response {
    let expected = cookie(&headers, PRE_SESSION_CSRF_COOKIE).unwrap_or_default();
    if let Err(r) = check_csrf(f.csrf.as_deref(), &expected) {
        return r.into_response();
    }
    let tr = Tr::new(lang);
    let name = f.name.unwrap_or_default();
    let error = |field: &str, message: String| vec![FieldError::new(field, message)];
    let errors = match state
        .accounts
        .accept_invitation(&token, &name, &f.password.unwrap_or_default())
        .await
    {
        Ok(_) => return see_other("/sign-in?welcome=1"),
        Err(AccountError::Password(p)) => error(
            "password",
            tr.t1(
                p.message_key(),
                "min",
                &state.accounts.config().policy.min_chars.to_string(),
            ),
        ),
        Err(AccountError::Invalid(_)) => error("name", tr.t("error-name-missing")),
        Err(AccountError::BadCredentials) => {
            error("password", tr.t("invitation-existing-password"))
        }
        Err(AccountError::LinkInvalid) => {
            return respond(
                &state,
                StatusCode::GONE,
                invitation_page(lang, &token, expected, Vec::new(), false, ""),
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "accepting an invitation failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, tr.t("error-body")).into_response();
        }
    };
    respond(
        &state,
        StatusCode::UNPROCESSABLE_ENTITY,
        invitation_page(lang, &token, expected, errors, true, &name),
    )
}
