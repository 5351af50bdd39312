//! Who is calling the API: the one place that reads
//! `Authorization: Bearer snrg_…` and asks the accounts service for the
//! token's owner and rights.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use sinergi_accounts::AccountError;
use sinergi_domain::access::Principal;

use super::problem::Problem;
use crate::AppState;

/// What a refused token is told, for endpoints that need one.
const TOKEN_HINT: &str =
    "send a valid API token as `Authorization: Bearer snrg_…`; create one on your account page";

/// What a refused token is told by search, which the public may also use.
pub const SEARCH_TOKEN_HINT: &str = "send a valid API token as `Authorization: Bearer snrg_…`, or no Authorization header to search as the public";

/// A request authenticated by `Authorization: Bearer snrg_…`.
pub struct Bearer {
    pub user_id: sinergi_domain::UserId,
    pub email: String,
    pub principal: Principal,
}

/// A bearer token when one is sent; the public otherwise. A token that is
/// sent but not valid is refused rather than treated as public.
pub struct MaybeBearer(pub Principal);

impl FromRequestParts<AppState> for Bearer {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, state, TOKEN_HINT).await
    }
}

impl FromRequestParts<AppState> for MaybeBearer {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        maybe_principal(&parts.headers, state, TOKEN_HINT)
            .await
            .map(MaybeBearer)
    }
}

/// The principal of the request's bearer token, the public without an
/// `Authorization` header; a token that is not valid is refused with `hint`.
pub async fn maybe_principal(
    headers: &HeaderMap,
    state: &AppState,
    hint: &'static str,
) -> Result<Principal, Problem> {
    if headers.get(AUTHORIZATION).is_none() {
        return Ok(Principal::public());
    }
    Ok(authenticate(headers, state, hint).await?.principal)
}

async fn authenticate(
    headers: &HeaderMap,
    state: &AppState,
    hint: &'static str,
) -> Result<Bearer, Problem> {
    let unauthorised = || Problem::new(StatusCode::UNAUTHORIZED, hint);
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthorised)?;
    match state.accounts.authenticate_token(token.trim()).await {
        Ok(Some((user, principal))) => Ok(Bearer {
            user_id: user.id,
            email: user.email,
            principal,
        }),
        Ok(None) => Err(unauthorised()),
        Err(e) => Err(account_problem(e)),
    }
}

/// An accounts service error as problem JSON.
pub fn account_problem(e: AccountError) -> Problem {
    match e {
        AccountError::NotAllowed => Problem::new(
            StatusCode::FORBIDDEN,
            "this token's owner or rights do not allow this",
        ),
        AccountError::NotFound(w) => {
            Problem::new(StatusCode::NOT_FOUND, format!("{w} was not found"))
        }
        AccountError::Store(s) => Problem::from(s),
        other => Problem::bad_request(other.to_string()),
    }
}
