//! Pages for people with accounts: signing in and out, password reset,
//! invitations, one's own account and API tokens, members of the units in
//! one's scope, and the audit log. Every decision about rights is made by
//! `sinergi_accounts::Accounts`; these handlers only translate.

mod audit_page;
mod journalists;
mod members;
mod profile;
mod sign_in;
mod tokens_links;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;
use crate::i18n::Tr;
use crate::pages::PageError;
use sinergi_accounts::AccountError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route(
            "/forgot-password",
            get(tokens_links::forgot_form).post(tokens_links::forgot_submit),
        )
        .route(
            "/reset/{token}",
            get(tokens_links::reset_form).post(tokens_links::reset_submit),
        )
        .route(
            "/invitation/{token}",
            get(tokens_links::invitation_form).post(tokens_links::invitation_submit),
        )
        .route("/account", get(profile::show))
        .route("/account/tokens", post(profile::create_token))
        .route("/account/tokens/{id}/revoke", post(profile::revoke_token))
        .route("/members", get(members::list))
        .route("/members/invite", post(members::invite))
        .route("/members/{id}/role", post(members::change_role))
        .route("/members/{id}/revoke", post(members::revoke))
        .route("/users/{id}/active", post(members::set_active))
        .route(
            "/journalists",
            get(journalists::list).post(journalists::register),
        )
        .route(
            "/journalists/accreditations/{id}/revoke",
            post(journalists::revoke),
        )
        .route("/audit", get(audit_page::list))
        .route("/audit.csv", get(audit_page::export))
}

pub(crate) fn role_label(tr: &Tr, role: &str) -> String {
    tr.t(&format!("role-{role}"))
}

pub(crate) fn reach_label(tr: &Tr, reach: &str) -> String {
    tr.t(&format!("reach-{reach}"))
}

/// A refusal of the accounts service as an error page: page handlers
/// leave with `.or_page(lang)?`. Anything unexpected is a logged 500.
impl From<AccountError> for PageError {
    fn from(e: AccountError) -> PageError {
        match e {
            AccountError::NotAllowed => PageError::Forbidden,
            AccountError::NotFound(what) => PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            },
            other => PageError::Internal(other.to_string()),
        }
    }
}
