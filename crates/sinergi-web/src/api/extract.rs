//! axum's `Json`, `Query` and `Path`, refusing with problem details.
//!
//! axum's own extractors answer a request they cannot read with a
//! `text/plain` sentence. Every API handler takes these instead, so that a
//! query string, a path or a body that does not fit is answered like every
//! other API error: `application/problem+json` (RFC 9457). `Json` is also
//! what handlers return. A test below keeps axum's versions out of `api/`.

use std::error::Error;

use axum::extract::path::ErrorKind;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::problem::Problem;

/// A JSON request body, or a JSON answer.
pub struct Json<T>(pub T);

/// The query string.
pub struct Query<T>(pub T);

/// The parameters in the path.
pub struct Path<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_problem(rejection)),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(query_problem(rejection)),
        }
    }
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(path_problem(rejection)),
        }
    }
}

/// What serde said, without axum's preamble.
fn cause(e: &dyn Error) -> String {
    e.source()
        .map(ToString::to_string)
        .unwrap_or_else(|| e.to_string())
}

/// A rejection with a 5xx status is our mistake (a route and its handler
/// disagree), not the client's: logged, and answered without detail.
fn server_fault(status: StatusCode, what: &dyn Error) -> Option<Problem> {
    status.is_server_error().then(|| {
        tracing::error!(error = %what, "request extraction failed");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "an internal error occurred; it has been logged",
        )
    })
}

fn query_problem(rejection: QueryRejection) -> Problem {
    let status = rejection.status();
    server_fault(status, &rejection).unwrap_or_else(|| {
        Problem::new(
            status,
            format!(
                "the query string does not fit this resource: {}; see its parameters in /api/v1/openapi.json",
                cause(&rejection)
            ),
        )
    })
}

fn path_problem(rejection: PathRejection) -> Problem {
    let status = rejection.status();
    if let Some(p) = server_fault(status, &rejection) {
        return p;
    }
    let detail = match &rejection {
        PathRejection::FailedToDeserializePathParams(e) => match e.kind() {
            ErrorKind::ParseErrorAtKey {
                value,
                expected_type,
                ..
            }
            | ErrorKind::ParseErrorAtIndex {
                value,
                expected_type,
                ..
            }
            | ErrorKind::ParseError {
                value,
                expected_type,
            } => format!("`{value}` is not {}", in_words(expected_type)),
            other => other.to_string(),
        },
        other => other.body_text(),
    };
    Problem::new(status, format!("the path is not valid: {detail}"))
}

/// A Rust type named in a parse error, as a client would say it.
fn in_words(rust_type: &str) -> String {
    match rust_type {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "a whole number".to_owned()
        }
        "bool" => "true or false".to_owned(),
        other => format!("a `{other}`"),
    }
}

fn json_problem(rejection: JsonRejection) -> Problem {
    let status = rejection.status();
    if let Some(p) = server_fault(status, &rejection) {
        return p;
    }
    let detail = match &rejection {
        JsonRejection::JsonDataError(e) => format!(
            "the JSON body does not have the fields and types this resource takes: {}",
            cause(e)
        ),
        JsonRejection::JsonSyntaxError(e) => {
            format!("the body is not valid JSON: {}", cause(e))
        }
        JsonRejection::MissingJsonContentType(_) => {
            "send the body as JSON, with `Content-Type: application/json`".to_owned()
        }
        other if status == StatusCode::PAYLOAD_TOO_LARGE => {
            format!("the body is too large: {}", cause(other))
        }
        other => format!("the body could not be read: {}", cause(other)),
    };
    Problem::new(status, detail)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// Every API handler reads its input through this module; axum's own
    /// extractors would answer a bad request in plain text.
    #[test]
    fn api_handlers_use_no_plain_text_extractor() {
        let mut files = Vec::new();
        let mut dirs = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/api")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.file_name().is_some_and(|n| n != "extract.rs") {
                    files.push(path);
                }
            }
        }
        let banned = ["Json", "Query", "Path", "Form"];
        let mut checked = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                let words: Vec<&str> = line
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .collect();
                let qualified = words.iter().any(|w| {
                    w.starts_with("axum::") && banned.iter().any(|b| w.ends_with(&format!("::{b}")))
                });
                let imported = line.trim_start().starts_with("use axum")
                    && words.iter().any(|w| banned.contains(w));
                assert!(
                    !(qualified || imported),
                    "{}: `{line}` uses axum's own extractor; use super::extract",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 8, "read the API's modules");
    }
}
