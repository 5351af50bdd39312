use sinergi_store::StoreError;
use thiserror::Error;

/// One thing wrong with what a person submitted: the field, and a message
/// key the pages translate (the API returns both). Keys start with `ev-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
}

/// What the forums service refuses, and why.
#[derive(Debug, Error)]
pub enum ForumError {
    /// Also for internal events the person may not know exist.
    #[error("{0} was not found")]
    NotFound(String),
    #[error("you are not allowed to do this")]
    NotAllowed,
    #[error("the input is not valid: {}", .0.iter().map(|p| format!("{} ({})", p.field, p.key)).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<Problem>),
    /// Someone else saved first; the person's text is kept by the caller.
    #[error("{0}")]
    Stale(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ForumError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => ForumError::Stale(m),
            StoreError::NotFound(m) => ForumError::NotFound(m),
            other => ForumError::Store(other),
        }
    }
}

impl ForumError {
    pub(crate) fn invalid(field: &'static str, key: &'static str) -> ForumError {
        ForumError::Invalid(vec![Problem { field, key }])
    }

    /// The problems with the input, if that is what went wrong.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ForumError::Invalid(p) => p,
            _ => &[],
        }
    }
}
