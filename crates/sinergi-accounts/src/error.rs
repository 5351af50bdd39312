use sinergi_domain::password_policy::PasswordProblem;
use sinergi_store::StoreError;
use thiserror::Error;

/// One thing wrong with what a person submitted: the field, and a Fluent
/// message key the pages translate (an API returns both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
}

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
    /// Every field that is wrong, collected.
    #[error("the input is not valid: {}", .0.iter().map(|p| format!("{} ({})", p.field, p.key)).collect::<Vec<_>>().join(", "))]
    Fields(Vec<Problem>),
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
            AccountError::Invalid(_) | AccountError::Fields(_) => "invalid-input",
            AccountError::Store(StoreError::Conflict(_)) => "account-exists",
            AccountError::Store(_) => "error-body",
        }
    }
}
