use sinergi_domain::newsroom::WorkflowError;
use sinergi_media::UploadError;
use sinergi_store::StoreError;
use thiserror::Error;

/// One thing wrong with what a person submitted: the field, and a message
/// key the pages translate (the API returns both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
}

/// What the newsroom refuses, and why.
#[derive(Debug, Error)]
pub enum NewsroomError {
    /// Also for records the person may not know exist: they get "not found".
    #[error("{0} was not found")]
    NotFound(String),
    #[error("you are not allowed to do this")]
    NotAllowed,
    #[error("the input is not valid: {}", .0.iter().map(|p| format!("{} ({})", p.field, p.key)).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<Problem>),
    /// Someone else saved first; the person's text is kept by the caller.
    #[error("{0}")]
    Stale(String),
    #[error("{0}")]
    Workflow(WorkflowError),
    #[error("{0}")]
    Upload(#[from] UploadError),
    #[error(transparent)]
    Store(StoreError),
    #[error("storing the file failed: {0}")]
    Files(String),
}

impl From<StoreError> for NewsroomError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => NewsroomError::Stale(m),
            StoreError::NotFound(m) => NewsroomError::NotFound(m),
            other => NewsroomError::Store(other),
        }
    }
}

impl From<WorkflowError> for NewsroomError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Forbidden(_) => NewsroomError::NotAllowed,
            other => NewsroomError::Workflow(other),
        }
    }
}

impl NewsroomError {
    /// The Fluent message key that explains the refusal.
    pub fn message_key(&self) -> &'static str {
        match self {
            NewsroomError::NotFound(_) => "not-found-body",
            NewsroomError::NotAllowed => "not-allowed",
            NewsroomError::Invalid(_) => "invalid-input",
            NewsroomError::Stale(_) => "newsroom-stale",
            NewsroomError::Workflow(WorkflowError::TimeInPast) => "newsroom-time-in-past",
            NewsroomError::Workflow(_) => "newsroom-illegal-move",
            NewsroomError::Upload(_) => "upload-refused",
            NewsroomError::Store(_) | NewsroomError::Files(_) => "error-body",
        }
    }

    /// The problems with the input, if that is what went wrong.
    pub fn problems(&self) -> &[Problem] {
        match self {
            NewsroomError::Invalid(p) => p,
            _ => &[],
        }
    }
}
