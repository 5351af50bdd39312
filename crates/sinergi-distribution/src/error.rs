use serde::Serialize;
use sinergi_store::StoreError;
use thiserror::Error;

/// One thing wrong with what a person submitted: the field, and a message
/// key the pages translate (the API returns both). `row` is the line of an
/// imported file (1 for the first data row), 0 for a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub row: usize,
    pub field: &'static str,
    pub key: &'static str,
}

impl Problem {
    pub fn new(field: &'static str, key: &'static str) -> Problem {
        Problem { row: 0, field, key }
    }
}

/// What the distribution service refuses, and why.
#[derive(Debug, Error)]
pub enum DistributionError {
    /// Also for records the person may not know exist.
    #[error("{0} was not found")]
    NotFound(String),
    #[error("you are not allowed to do this")]
    NotAllowed,
    #[error("the input is not valid: {}", .0.iter().map(|p| format!("{}:{} ({})", p.row, p.field, p.key)).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<Problem>),
    /// Someone else saved first; the person's text is kept by the caller.
    #[error("{0}")]
    Stale(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for DistributionError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => DistributionError::Stale(m),
            StoreError::NotFound(m) => DistributionError::NotFound(m),
            other => DistributionError::Store(other),
        }
    }
}

impl DistributionError {
    /// The problems with the input, if that is what went wrong.
    pub fn problems(&self) -> &[Problem] {
        match self {
            DistributionError::Invalid(p) => p,
            _ => &[],
        }
    }
}
