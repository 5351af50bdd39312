use sinergi_store::StoreError;
use thiserror::Error;

/// One thing wrong with what a person submitted: the field, and a message
/// key the pages translate (the API returns both). Keys:
/// `campaign-owner-unknown`, `campaign-title-required`,
/// `campaign-title-too-long`, `campaign-tag-invalid`, `campaign-tag-taken`,
/// `campaign-date-invalid`, `campaign-period-reversed`,
/// `campaign-depth-invalid`, `campaign-share-invalid`,
/// `campaign-level-invalid`, `campaign-unit-unknown`,
/// `campaign-target-outside-owner`, `campaign-target-beyond-depth`,
/// `campaign-target-not-listed`, `campaign-scope-empty`,
/// `campaign-hashtag-invalid`, `campaign-image-unknown`,
/// `campaign-template-title-required`, `campaign-too-long`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
}

/// What the campaigns service refuses, and why.
#[derive(Debug, Error)]
pub enum CampaignError {
    /// Also for records the person may not know exist.
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

impl From<StoreError> for CampaignError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => CampaignError::Stale(m),
            StoreError::NotFound(m) => CampaignError::NotFound(m),
            other => CampaignError::Store(other),
        }
    }
}

impl CampaignError {
    /// The Fluent message key that explains the refusal.
    pub fn message_key(&self) -> &'static str {
        match self {
            CampaignError::NotFound(_) => "not-found-body",
            CampaignError::NotAllowed => "not-allowed",
            CampaignError::Invalid(_) => "invalid-input",
            CampaignError::Stale(_) => "newsroom-stale",
            CampaignError::Store(_) => "error-body",
        }
    }

    /// The problems with the input, if that is what went wrong.
    pub fn problems(&self) -> &[Problem] {
        match self {
            CampaignError::Invalid(p) => p,
            _ => &[],
        }
    }
}
