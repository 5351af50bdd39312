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
    /// A page already made for this failure (a refusal with a way back,
    /// the answer to a form that failed its CSRF check), shown as it is.
    Shown(Box<Response>),
}

/// What a page handler returns: its page, or the page that says why not.
/// Handlers leave early with `?`: [`OrErrorPage::or_page`] turns a store
/// error or a [`PageError`] into the error page in the reader's language.
pub type PageResult<T = Response> = Result<T, LocalizedError>;

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> PageError {
        PageError::from_store(e)
    }
}

/// `?` for page handlers.
pub trait OrErrorPage<T> {
    /// The failure as the error page in `lang`.
    fn or_page(self, lang: Lang) -> PageResult<T>;
}

impl<T, E: Into<PageError>> OrErrorPage<T> for Result<T, E> {
    fn or_page(self, lang: Lang) -> PageResult<T> {
        self.map_err(|e| e.into().in_lang(lang))
    }
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
#[derive(Debug)]
pub struct LocalizedError(pub Lang, pub PageError);

impl PageError {
    pub fn in_lang(self, lang: Lang) -> LocalizedError {
        LocalizedError(lang, self)
    }

    /// A page already made for this failure, shown as it is.
    pub fn shown(response: Response) -> PageError {
        PageError::Shown(Box::new(response))
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
            PageError::Shown(response) => return *response,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of<T>(r: PageResult<T>) -> StatusCode {
        match r {
            Ok(_) => StatusCode::OK,
            Err(e) => e.into_response().status(),
        }
    }

    #[test]
    fn a_page_already_made_is_shown_as_it_is() {
        let made = (StatusCode::CONFLICT, "made").into_response();
        let shown = PageError::shown(made).in_lang(Lang::En).into_response();
        assert_eq!(shown.status(), StatusCode::CONFLICT);
    }

    #[test]
    fn store_errors_become_the_page_for_them() {
        let missing: Result<(), _> = Err(StoreError::NotFound("unit 51".into()));
        assert_eq!(status_of(missing.or_page(Lang::Id)), StatusCode::NOT_FOUND);
        let cursor: Result<(), _> = Err(StoreError::BadCursor);
        assert_eq!(status_of(cursor.or_page(Lang::En)), StatusCode::BAD_REQUEST);
        let clash: Result<(), _> = Err(StoreError::Conflict("taken".into()));
        assert_eq!(
            status_of(clash.or_page(Lang::En)),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            status_of(Ok::<_, StoreError>(()).or_page(Lang::En)),
            StatusCode::OK
        );
    }
}
