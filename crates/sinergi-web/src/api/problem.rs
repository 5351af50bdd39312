//! Errors as problem details (RFC 9457), `application/problem+json`.

use axum::extract::OriginalUri;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sinergi_store::StoreError;
use utoipa::ToSchema;

use super::extract::Json;
use crate::i18n::{Lang, Tr};

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

    /// 422 listing every wrong field as (field, code). The API speaks
    /// English: each code is put in words by the Fluent `en` catalogue, the
    /// same text the English pages show next to the field.
    pub fn invalid<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Problem {
        let en = Tr::new(Lang::En);
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "some fields are not valid; see `errors`",
        );
        p.errors = fields
            .into_iter()
            .map(|(field, code)| FieldProblem {
                field: field.to_owned(),
                code: code.to_owned(),
                message: en.try_t(code).unwrap_or_else(|| en.t("invalid-input")),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The field codes the newsroom and campaign services report (the keys
    /// of their `Problem`s). Each needs its words in both catalogues, or the
    /// API would answer with the catch-all text.
    const SERVICE_CODES: &[&str] = &[
        "field-required",
        "field-too-long",
        "field-control-chars",
        "date-in-future",
        "date-invalid",
        "url-invalid",
        "email-invalid",
        "phone-invalid",
        "category-unknown",
        "category-key-invalid",
        "stage-unknown",
        "tags-invalid",
        "not-an-innovation",
        "replicate-own",
        "language-unknown",
        "item-not-linkable",
        "media-not-linkable",
        "op-unknown",
        "amplify-not-public",
        "amplify-own",
        "amplify-amplification",
        "campaign-owner-unknown",
        "campaign-title-required",
        "campaign-title-too-long",
        "campaign-tag-invalid",
        "campaign-tag-taken",
        "campaign-date-invalid",
        "campaign-period-reversed",
        "campaign-depth-invalid",
        "campaign-share-invalid",
        "campaign-level-invalid",
        "campaign-unit-unknown",
        "campaign-target-outside-owner",
        "campaign-target-beyond-depth",
        "campaign-target-not-listed",
        "campaign-scope-empty",
        "campaign-hashtag-invalid",
        "campaign-image-unknown",
        "campaign-template-title-required",
        "campaign-too-long",
    ];

    #[test]
    fn every_service_code_has_words_in_both_languages() {
        for lang in [Lang::En, Lang::Id] {
            let missing: Vec<_> = SERVICE_CODES
                .iter()
                .filter(|c| Tr::new(lang).try_t(c).is_none())
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn field_messages_come_from_the_english_catalogue() {
        let p = Problem::invalid([("title", "field-required"), ("x", "no-such-code")]);
        assert_eq!(p.status, 422);
        assert_eq!(p.errors[0].code, "field-required");
        assert_eq!(p.errors[0].message, Tr::new(Lang::En).t("field-required"));
        assert_eq!(p.errors[0].message, "is required.");
        assert_eq!(p.errors[1].message, "The input is not valid.");
    }
}
