//! Errors as problem details (RFC 9457), `application/problem+json`.

use axum::extract::OriginalUri;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sinergi_store::StoreError;
use utoipa::ToSchema;

use super::extract::Json;

/// A problem detail object.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status and title say what kind of problem.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    /// What went wrong and how to put it right.
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// For invalid input: every field that is wrong, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One field of the input that is wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    #[schema(example = "title")]
    pub field: String,
    /// A stable code for programs (`field-required`, `field-too-long`, …).
    #[schema(example = "field-required")]
    pub code: String,
    /// The same in words.
    pub message: String,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            instance: None,
            errors: Vec::new(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 422 listing every wrong field as (field, code), with `message`
    /// putting each code in words.
    pub fn invalid<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
        message: impl Fn(&str) -> &'static str,
    ) -> Problem {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "some fields are not valid; see `errors`",
        );
        p.errors = fields
            .into_iter()
            .map(|(field, code)| FieldProblem {
                field: field.to_owned(),
                code: code.to_owned(),
                message: message(code).to_owned(),
            })
            .collect();
        p
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            Json(self),
        )
            .into_response()
    }
}

/// Store errors become 400, 404 or 409; anything unexpected is logged and
/// answered with a 500 that leaks nothing.
impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        match e {
            StoreError::NotFound(what) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{what} was not found"))
            }
            StoreError::BadCursor | StoreError::Invalid(_) => Problem::bad_request(e.to_string()),
            StoreError::Conflict(m) => Problem::new(StatusCode::CONFLICT, m),
            other => {
                tracing::error!(error = %other, "store error");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "an internal error occurred; it has been logged",
                )
            }
        }
    }
}

/// Unknown paths under `/api/v1`. (`OriginalUri`: inside the nested API
/// router, `Uri` has lost the `/api/v1` prefix.)
pub async fn not_found(OriginalUri(uri): OriginalUri) -> Problem {
    let mut p = Problem::new(
        StatusCode::NOT_FOUND,
        format!("there is no API resource at {}", uri.path()),
    );
    p.instance = Some(uri.path().to_owned());
    p
}

/// A known path asked with a method it does not take; axum adds the
/// `Allow` header.
pub async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> Problem {
    let mut p = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} does not take {method}; the Allow header lists the methods it takes",
            uri.path()
        ),
    );
    p.instance = Some(uri.path().to_owned());
    p
}
