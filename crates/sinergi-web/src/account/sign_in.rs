//! Signing in and out.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_accounts::{AccountError, random_token};

use crate::AppState;
use crate::forms::{FieldError, check_csrf, error_for, local_path, render_pre_session, see_other};
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::session::{MaybeSession, PRE_SESSION_CSRF_COOKIE, SESSION_COOKIE, cookie, set_cookie};

#[derive(Template)]
#[template(path = "account/sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    csrf: String,
    next: String,
    email: String,
    errors: Vec<FieldError>,
    email_error: String,
    password_error: String,
    /// Shown above the form, e.g. after a password reset.
    notice: String,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
    /// Set by the redirect after a password reset.
    reset: Option<String>,
}

fn page(
    lang: Lang,
    csrf: String,
    next: String,
    email: String,
    errors: Vec<FieldError>,
) -> SignInPage {
    SignInPage {
        ctx: PageCtx::new(lang, "/sign-in".into()),
        email_error: error_for(&errors, "email"),
        password_error: error_for(&errors, "password"),
        notice: String::new(),
        csrf,
        next,
        email,
        errors,
    }
}

fn render(state: &AppState, status: StatusCode, page: SignInPage) -> Response {
    render_pre_session(state, status, &page, &page.csrf)
}

pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<NextParam>,
    headers: HeaderMap,
) -> Response {
    // Reuse the pre-session token if the reader already has one, so two
    // open tabs both work.
    let csrf = cookie(&headers, PRE_SESSION_CSRF_COOKIE)
        .filter(|c| c.len() == 43)
        .unwrap_or_else(random_token);
    let next = local_path(q.next.as_deref(), "/account");
    let mut page = page(lang, csrf, next, String::new(), Vec::new());
    if q.reset.is_some() {
        page.notice = page.ctx.tr.t("reset-done");
    }
    render(&state, StatusCode::OK, page)
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: Option<String>,
    password: Option<String>,
    csrf: Option<String>,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    session: MaybeSession,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Response {
    let expected = cookie(&headers, PRE_SESSION_CSRF_COOKIE).unwrap_or_default();
    if let Err(r) = check_csrf(f.csrf.as_deref(), &expected) {
        return r.into_response();
    }
    let ctx = PageCtx::new(lang, "/sign-in".into());
    let tr = ctx.tr;
    let email = f.email.unwrap_or_default().trim().to_owned();
    let password = f.password.unwrap_or_default();
    let next = local_path(f.next.as_deref(), "/account");
    let mut errors = Vec::new();
    if email.is_empty() {
        errors.push(FieldError::new("email", tr.t("error-email-missing")));
    }
    if password.is_empty() {
        errors.push(FieldError::new("password", tr.t("error-password-missing")));
    }
    if !errors.is_empty() {
        return render(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            page(lang, expected, next, email, errors),
        );
    }
    match state
        .accounts
        .sign_in(&email, &password, session.ip.as_deref())
        .await
    {
        Ok(new) => {
            let max_age = state.accounts.config().session_absolute / 1_000_000;
            let mut response = see_other(&next);
            let h = response.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &new.cookie_value, Some(max_age)),
            );
            h.append(
                header::SET_COOKIE,
                set_cookie(&state, PRE_SESSION_CSRF_COOKIE, "", Some(0)),
            );
            // A language chosen on this device before signing in stays,
            // and becomes the account's; without one, the language the
            // person chose last time, on any device.
            let language = match cookie(&headers, Lang::COOKIE).and_then(|v| Lang::parse(&v)) {
                Some(chosen) => {
                    if chosen.code() != new.user.language
                        && let Err(e) = state
                            .store
                            .set_user_language(new.user.id, chosen.code())
                            .await
                    {
                        tracing::error!(error = %e, "keeping the language choice failed");
                    }
                    chosen.code().to_owned()
                }
                None => new.user.language.clone(),
            };
            let h = response.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(&state, Lang::COOKIE, &language, Some(31_536_000)),
            );
            response
        }
        Err(e) => {
            let (status, message) = match &e {
                AccountError::Throttled { minutes } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    tr.t1("sign-in-throttled", "minutes", &minutes.to_string()),
                ),
                AccountError::BadCredentials => (StatusCode::UNAUTHORIZED, tr.t("sign-in-failed")),
                other => {
                    tracing::error!(error = %other, "sign-in failed");
                    (StatusCode::INTERNAL_SERVER_ERROR, tr.t("error-body"))
                }
            };
            let errors = vec![FieldError::new("email", message)];
            render(&state, status, page(lang, expected, next, email, errors))
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: MaybeSession,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(s) = &session.session {
        if let Err(r) = check_csrf(f.csrf.as_deref(), &s.csrf_token) {
            return r.into_response();
        }
        if let Some(value) = cookie(&headers, SESSION_COOKIE) {
            if let Err(e) = state.accounts.sign_out(&value).await {
                tracing::error!(error = %e, "sign-out failed");
            }
            if let Some(actor) = session.actor() {
                let _ = state
                    .accounts
                    .record(&actor, "session.sign_out", format!("user:{}", s.user.id))
                    .await;
            }
        }
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    response
}
