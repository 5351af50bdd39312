//! What account forms share: field errors, the CSRF check, redirects.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::i18n::Tr;
use crate::pages::PageError;
use crate::session::{is_local_path, same_secret};

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
        PageError::Shown(e.into_response())
    }
}

/// A form post must carry the expected token. Where it came from is
/// checked for every request, once, by `security_headers::apply`, which
/// knows the site's scheme.
pub fn check_csrf(sent: Option<&str>, expected: &str) -> Result<(), CsrfRejected> {
    let token_ok = sent.is_some_and(|s| !expected.is_empty() && same_secret(s, expected));
    if token_ok { Ok(()) } else { Err(CsrfRejected) }
}

/// The site's error page for a refusal, in the reader's language.
pub fn forbidden(tr: &Tr) -> Response {
    PageError::Forbidden.in_lang(tr.lang).into_response()
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

pub fn role_label(tr: &Tr, role: &str) -> String {
    tr.t(&format!("role-{role}"))
}

pub fn reach_label(tr: &Tr, reach: &str) -> String {
    tr.t(&format!("reach-{reach}"))
}
