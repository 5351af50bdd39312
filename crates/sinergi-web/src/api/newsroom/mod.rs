//! The newsroom over JSON: the register (`items.rs`), releases and their
//! workflow (`releases.rs`), the publication gap, the work panel and the
//! categories (`gap.rs`). The same service and rules as the pages. Reading
//! public releases and items needs no token; a bearer token adds what its
//! owner may see and do. This module holds what they share: how the
//! service's refusals become problem details.

mod gap;
mod items;
mod releases;

pub use gap::*;
pub use items::*;
pub use releases::*;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_domain::newsroom::{ItemKind, ReleaseOp, ReleaseState, Timing};
use sinergi_domain::{ItemId, ReleaseId};
use sinergi_newsroom::{DiffPart, ItemInput, NewsroomError, ReleaseInput, ReleaseView, WorkPanel};
use sinergi_store::newsroom::{
    GapCounts, GapItem, ItemQuery, ItemRecord, ReleaseBrief, ReleaseQuery,
};
use utoipa::{IntoParams, ToSchema};

use super::auth::{Bearer, MaybeBearer};
use super::dto::rfc3339;
use super::extract::{Json, Path, Query};
use super::problem::Problem;
use crate::AppState;
use crate::api::input::{required_unit, required_version, unit_code};

/// The service's refusals as problem details; handlers leave with `?`.
impl From<NewsroomError> for Problem {
    fn from(e: NewsroomError) -> Problem {
        match e {
            NewsroomError::NotFound(w) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
            }
            NewsroomError::NotAllowed => Problem::new(
                StatusCode::FORBIDDEN,
                "your token's owner or rights do not allow this",
            ),
            NewsroomError::Invalid(problems) => {
                Problem::invalid(problems.iter().map(|x| (x.field, x.key)))
            }
            NewsroomError::Stale(m) => Problem::new(StatusCode::CONFLICT, m),
            NewsroomError::Workflow(w) => Problem::new(StatusCode::CONFLICT, w.to_string()),
            NewsroomError::Upload(u) => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, u.message("en"))
            }
            NewsroomError::Store(s) => Problem::from(s),
            NewsroomError::Files(f) => {
                tracing::error!(error = %f, "media files");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "an internal error occurred; it has been logged",
                )
            }
        }
    }
}
