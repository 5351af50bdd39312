use sinergi_domain::password_policy::PasswordProblem;
use sinergi_store::StoreError;
use thiserror::Error;

/// What the service refuses, and why, in words a page can translate
/// (`message_key`) and an API can return as they are.
#[derive(Debug, Error)]
pub enum AccountError {
    /// The same answer whether the address exists or not.
    #[error("the e-mail address or password is not correct")]
    BadCredentials,
    #[error("too many attempts; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("you are not allowed to do this")]
    NotAllowed,
    #[error("{0} was not found")]
    NotFound(String),
    #[error("this link is no longer valid: it was used already or has expired")]
    LinkInvalid,
    #[error("{0}")]
    Password(#[from] PasswordProblem),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AccountError {
    pub fn message_key(&self) -> &'static str {
        match self {
            AccountError::BadCredentials => "sign-in-failed",
            AccountError::Throttled { .. } => "sign-in-throttled",
            AccountError::NotAllowed => "not-allowed",
            AccountError::NotFound(_) => "not-found-body",
            AccountError::LinkInvalid => "link-invalid",
            AccountError::Password(p) => p.message_key(),
            AccountError::Invalid(_) => "invalid-input",
            AccountError::Store(StoreError::Conflict(_)) => "account-exists",
            AccountError::Store(_) => "error-body",
        }
    }
}
