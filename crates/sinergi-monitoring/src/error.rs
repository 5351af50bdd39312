use sinergi_store::StoreError;
use thiserror::Error;

/// One thing wrong with what a person submitted: the field, and a message
/// key the pages translate. Keys: `mon-outlet-required`,
/// `mon-outlet-too-long`, `mon-url-invalid`, `mon-url-taken`,
/// `mon-kind-invalid`, `mon-unit-invalid`, `field-control-chars`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
}

/// What the monitoring service refuses, and why.
#[derive(Debug, Error)]
pub enum MonitoringError {
    /// Also for records the person may not know exist.
    #[error("{0} was not found")]
    NotFound(String),
    #[error("you are not allowed to do this")]
    NotAllowed,
    #[error("the input is not valid: {}", .0.iter().map(|p| format!("{} ({})", p.field, p.key)).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for MonitoringError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => MonitoringError::NotFound(m),
            other => MonitoringError::Store(other),
        }
    }
}

impl MonitoringError {
    /// The Fluent message key that explains the refusal.
    pub fn message_key(&self) -> &'static str {
        match self {
            MonitoringError::NotFound(_) => "not-found-body",
            MonitoringError::NotAllowed => "not-allowed",
            MonitoringError::Invalid(_) => "invalid-input",
            MonitoringError::Store(_) => "error-body",
        }
    }

    /// The problems with the input, if that is what went wrong.
    pub fn problems(&self) -> &[Problem] {
        match self {
            MonitoringError::Invalid(p) => p,
            _ => &[],
        }
    }
}
