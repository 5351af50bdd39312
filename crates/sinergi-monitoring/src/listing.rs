//! Pages of articles and matches for the JSON API. Articles are internal
//! (any officer reads them, as the sources); matches are listed for the
//! units whose internal work the reader sees.

use sinergi_domain::access::{Action, Principal};
use sinergi_store::monitor::{ArticleRecord, MatchRecord, MatchState};

use crate::{Monitoring, MonitoringError};

/// The most rows one page gives.
pub const MAX_PAGE: i64 = 200;

impl Monitoring {
    /// Articles published in `[from, to)`, newest first, before id
    /// `before` (0: from the newest).
    pub async fn articles_page(
        &self,
        p: &Principal,
        from: i64,
        to: i64,
        before: i64,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>, MonitoringError> {
        if !p.holds(Action::ReadInternal) {
            return Err(MonitoringError::NotAllowed);
        }
        Ok(self
            .store
            .articles_page(from, to, before, limit.clamp(1, MAX_PAGE))
            .await?)
    }

    /// Matches in `states` of the units whose internal work `p` reads,
    /// newest first, before id `before` (0: from the newest).
    pub async fn matches_page(
        &self,
        p: &Principal,
        states: &[MatchState],
        before: i64,
        limit: i64,
    ) -> Result<Vec<MatchRecord>, MonitoringError> {
        if !p.holds(Action::ReadInternal) {
            return Err(MonitoringError::NotAllowed);
        }
        let scope = p.scope(Action::ReadInternal);
        Ok(self
            .store
            .matches_page(&scope, states, before, limit.clamp(1, MAX_PAGE))
            .await?)
    }
}
