//! The HTML form kit every feature's forms use (accounts, newsroom,
//! campaigns, press contacts): field errors and their echo beside the
//! field, the CSRF check, the submitted pairs, rendering and redirects.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::pages::{PageError, PageResult};
use crate::session::{PRE_SESSION_CSRF_COOKIE, is_local_path, same_secret, set_cookie};

/// One error, tied to the field it is about (`field` is the input's id).
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: String) -> FieldError {
        FieldError {
            field: field.to_owned(),
            message,
        }
    }
}

/// The messages for a field, or "" for none (what the input macro wants).
pub fn error_for(errors: &[FieldError], field: &str) -> String {
    errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A form post that failed the CSRF check.
#[derive(Debug)]
pub struct CsrfRejected;

impl IntoResponse for CsrfRejected {
    fn into_response(self) -> Response {
        (
            StatusCode::FORBIDDEN,
            "The form has expired or came from another site. Go back, reload the page and try again. / \
             Formulir kedaluwarsa atau berasal dari situs lain. Kembali, muat ulang halaman, lalu coba lagi.",
        )
            .into_response()
    }
}

impl From<CsrfRejected> for PageError {
    fn from(e: CsrfRejected) -> PageError {
        PageError::shown(e.into_response())
    }
}

/// A form post must carry the expected token. Where it came from is
/// checked for every request, once, by `security_headers::Layer`, which
/// knows the site's scheme.
pub fn check_csrf(sent: Option<&str>, expected: &str) -> Result<(), CsrfRejected> {
    let token_ok = sent.is_some_and(|s| !expected.is_empty() && same_secret(s, expected));
    if token_ok { Ok(()) } else { Err(CsrfRejected) }
}

/// A rendered page with its status; a template error is logged and a 500.
/// Pages differ by session and by htmx request, so caches must key on both.
pub fn render_page(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(h) => {
            let mut r = (status, Html(h)).into_response();
            r.headers_mut().insert(
                header::VARY,
                axum::http::HeaderValue::from_static("HX-Request, Cookie"),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "rendering a page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A page with a form for someone not signed in yet (sign-in, reset,
/// invitation): its token also goes into the pre-session cookie, which the
/// post is checked against. A template error is logged and a 500.
pub fn render_pre_session(
    state: &AppState,
    status: StatusCode,
    page: &impl Template,
    csrf: &str,
) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(
                header::SET_COOKIE,
                set_cookie(state, PRE_SESSION_CSRF_COOKIE, csrf, None),
            )],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering a form page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// 303 See Other to a path on this site.
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

/// `p` when it is a path on this site, else `fallback`.
pub fn local_path(p: Option<&str>, fallback: &str) -> String {
    p.filter(|p| is_local_path(p))
        .unwrap_or(fallback)
        .to_owned()
}

/// `check_csrf` for forms that answer a failed check in the reader's
/// language (the newsroom's and the press contact form).
pub fn csrf_ok(sent: &str, expected: &str) -> bool {
    check_csrf(Some(sent), expected).is_ok()
}

/// The answer to a form that failed the CSRF check, in the reader's language.
pub fn csrf_rejected(lang: Lang) -> Response {
    let tr = Tr::new(lang);
    (StatusCode::FORBIDDEN, tr.t("nr-csrf-rejected")).into_response()
}

/// `Ok` when a form post carries the session's token, else the answer to
/// a form that failed the CSRF check, in the reader's language.
pub fn require_csrf(lang: Lang, sent: &str, expected: &str) -> PageResult<()> {
    if csrf_ok(sent, expected) {
        Ok(())
    } else {
        Err(PageError::shown(csrf_rejected(lang)).in_lang(lang))
    }
}

/// An error that belongs to no one field: shown in the summary, linked to
/// the form's first field.
pub fn form_error(field: &str, message: String) -> FieldError {
    FieldError::new(field, message)
}

/// What a service refused, echoed beside its field: "Title: is required."
/// `label_key` names the field, `problem_key` what is wrong with it.
pub fn labelled_message(tr: &Tr, label_key: &str, problem_key: &str) -> String {
    format!("{}: {}", tr.t(label_key), tr.t(problem_key))
}

/// A submitted form as name/value pairs (repeated names kept, in order),
/// for forms with repeated fields.
pub type Pairs = Vec<(String, String)>;

/// The first value named `name`, or "".
pub fn field(pairs: &Pairs, name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Every value named `name`, in order.
pub fn fields<'a>(pairs: &'a Pairs, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    pairs
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
