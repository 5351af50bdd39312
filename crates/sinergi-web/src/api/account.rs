//! The API for programs acting for a person, with a bearer token:
//! `/api/v1/me`, `/api/v1/members`, `/api/v1/audit`. Rights are those of
//! the token's owner, narrowed to the token's rights.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use sinergi_domain::UnitCode;
use sinergi_store::accounts::audit::AuditFilter;
use utoipa::{IntoParams, ToSchema};

use super::auth::{Bearer, account_problem};
use super::dto::rfc3339;
use super::extract::{Json, Query};
use super::problem::Problem;
use crate::AppState;

/// A membership: a role in a unit with a reach.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipDto {
    pub unit_code: String,
    /// admin, editor, contributor or viewer.
    pub role: String,
    /// unit, subtree or network.
    pub reach: String,
}

/// The token's owner and what the token may do.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    pub user_id: i64,
    pub email: String,
    pub memberships: Vec<MembershipDto>,
    /// The rights this token carries.
    pub token_rights: Vec<String>,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", security(("bearer" = [])),
    responses((status = 200, description = "The token's owner, memberships and rights", body = MeDto),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json")), tag = "accounts")]
pub async fn me(who: Bearer) -> Json<MeDto> {
    Json(MeDto {
        user_id: who.user_id.get(),
        email: who.email,
        memberships: who
            .principal
            .memberships
            .iter()
            .map(|m| MembershipDto {
                unit_code: m.unit.to_string(),
                role: m.role.as_str().into(),
                reach: m.reach.as_str().into(),
            })
            .collect(),
        token_rights: who
            .principal
            .token_rights
            .iter()
            .flatten()
            .map(|a| a.as_str().to_owned())
            .collect(),
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitParam {
    /// Only this unit's members (or audit entries).
    unit: Option<String>,
    /// Audit entries with this action, e.g. `membership.grant`.
    action: Option<String>,
    /// At most this many entries (1–1000, default 100).
    limit: Option<i64>,
}

/// A member of a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    pub membership_id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub unit_code: String,
    pub role: String,
    pub reach: String,
}

fn unit_param(p: &UnitParam) -> Result<Option<UnitCode>, Problem> {
    p.unit
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(UnitCode::parse)
        .transpose()
        .map_err(|e| Problem::bad_request(format!("`unit`: {e}")))
}

/// Members of the units the token may read internal work of.
#[utoipa::path(get, path = "/api/v1/members", params(UnitParam), security(("bearer" = [])),
    responses((status = 200, description = "The members, by unit", body = [MemberDto]),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not read this unit's members", body = Problem, content_type = "application/problem+json")), tag = "accounts")]
pub async fn members(
    State(state): State<AppState>,
    who: Bearer,
    Query(p): Query<UnitParam>,
) -> Result<Json<Vec<MemberDto>>, Problem> {
    let unit = unit_param(&p)?;
    let rows = state
        .accounts
        .members(&who.principal, unit.as_ref())
        .await
        .map_err(account_problem)?;
    Ok(Json(
        rows.into_iter()
            .map(|r| MemberDto {
                membership_id: r.membership_id,
                user_id: r.user_id.get(),
                name: r.name,
                email: r.email,
                active: r.active,
                unit_code: r.unit.to_string(),
                role: r.role.as_str().into(),
                reach: r.reach.as_str().into(),
            })
            .collect(),
    ))
}

/// An audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub ip: Option<String>,
    pub action: String,
    pub target: String,
    pub unit_code: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub hash: String,
}

/// Audit entries about units the token may read the audit log of, newest first.
#[utoipa::path(get, path = "/api/v1/audit", params(UnitParam), security(("bearer" = [])),
    responses((status = 200, description = "Audit entries, newest first", body = [AuditEntryDto]),
        (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not read this unit's audit log", body = Problem, content_type = "application/problem+json")), tag = "accounts")]
pub async fn audit(
    State(state): State<AppState>,
    who: Bearer,
    Query(p): Query<UnitParam>,
) -> Result<Json<Vec<AuditEntryDto>>, Problem> {
    let filter = AuditFilter {
        unit_code: unit_param(&p)?.map(|u| u.to_string()),
        action: p.action.clone().filter(|a| !a.is_empty()),
        limit: p.limit.unwrap_or(100).clamp(1, 1000),
        ..Default::default()
    };
    let entries = state
        .accounts
        .audit_entries(&who.principal, &filter)
        .await
        .map_err(account_problem)?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditEntryDto {
                seq: e.seq,
                at: rfc3339(e.at),
                actor: e.actor_label,
                ip: e.ip,
                action: e.action,
                target: e.target,
                unit_code: e.unit_code,
                before: e.before,
                after: e.after,
                hash: e.hash,
            })
            .collect(),
    ))
}
