//! Turning failures into pages a person can act on, in their language.

use askama::Template;
use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sinergi_store::StoreError;

use super::view::PageCtx;
use crate::i18n::{Lang, Tr};

/// What can stop a page from rendering.
#[derive(Debug)]
pub enum PageError {
    /// A message key and its argument, shown with 400.
    BadRequest {
        key: &'static str,
        arg: (&'static str, String),
    },
    NotFound {
        key: &'static str,
        arg: (&'static str, String),
    },
    /// The reader may not do this (shown with 403).
    Forbidden,
    Internal(String),
}

/// The error page; rendered in the reader's language by [`PageError::in_lang`].
#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: PageCtx,
    title: String,
    message: String,
}

/// Errors travel with the reader's language so the page can speak it.
pub struct LocalizedError(pub Lang, pub PageError);

impl PageError {
    pub fn in_lang(self, lang: Lang) -> LocalizedError {
        LocalizedError(lang, self)
    }

    pub fn from_store(e: StoreError) -> PageError {
        match e {
            StoreError::BadCursor => PageError::BadRequest {
                key: "bad-cursor",
                arg: ("x", String::new()),
            },
            StoreError::NotFound(what) => PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            },
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for LocalizedError {
    fn into_response(self) -> Response {
        let LocalizedError(lang, error) = self;
        let tr = Tr::new(lang);
        let (status, title, message) = match error {
            PageError::BadRequest { key, arg } => (
                StatusCode::BAD_REQUEST,
                tr.t("bad-request-title"),
                tr.t1(key, arg.0, &arg.1),
            ),
            PageError::NotFound { key, arg } => (
                StatusCode::NOT_FOUND,
                tr.t("not-found-title"),
                tr.t1(key, arg.0, &arg.1),
            ),
            PageError::Forbidden => (
                StatusCode::FORBIDDEN,
                tr.t("not-allowed"),
                tr.t("not-allowed-body"),
            ),
            PageError::Internal(detail) => {
                tracing::error!(%detail, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    tr.t("error-title"),
                    tr.t("error-body"),
                )
            }
        };
        let page = ErrorPage {
            ctx: PageCtx::new(lang, "/".into()),
            title,
            message,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    }
}

pub async fn not_found(lang: Lang, OriginalUri(uri): OriginalUri) -> LocalizedError {
    PageError::NotFound {
        key: "not-found-body",
        arg: ("path", uri.path().to_owned()),
    }
    .in_lang(lang)
}
