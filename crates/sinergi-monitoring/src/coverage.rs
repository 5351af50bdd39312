//! Coverage beyond one release: a unit's pickups (its releases, or its
//! subtree's) and a campaign's (the releases that adopted it), each
//! syndicated story counted once with every outlet that carried it
//! shown; and mentions, which are internal work of the unit.

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Principal};
use sinergi_store::monitor::{MatchRecord, MentionRecord};

use crate::{Monitoring, MonitoringError};

/// Pickups listed at most on a unit's or a campaign's page.
const LISTED: i64 = 200;

/// Pickups and mentions as a reader may see them.
#[derive(Debug, Clone, Default)]
pub struct WiderCoverage {
    /// Pickups of public releases, newest first.
    pub pickups: Vec<MatchRecord>,
    /// Distinct stories among them: syndicated copies (one duplicate
    /// group) count once.
    pub stories: usize,
    /// Distinct outlets among them.
    pub outlets: usize,
    /// Mentions (readers of the unit's internal work only).
    pub mentions: Vec<MentionRecord>,
    pub internal: bool,
}

/// Distinct stories (duplicate groups) and outlets of `pickups`; a
/// release picked up twice by one story counts per release.
pub fn story_counts(pickups: &[MatchRecord]) -> (usize, usize) {
    let mut stories: Vec<(i64, i64)> = pickups
        .iter()
        .map(|m| {
            (
                m.release_id.get(),
                m.article_group.unwrap_or(-m.article_id.get()),
            )
        })
        .collect();
    stories.sort_unstable();
    stories.dedup();
    let mut outlets: Vec<&str> = pickups.iter().map(|m| m.outlet.as_str()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    (stories.len(), outlets.len())
}

impl Monitoring {
    /// A unit's coverage (with `subtree`, also its sub-units').
    pub async fn unit_coverage(
        &self,
        p: &Principal,
        unit: &UnitCode,
        subtree: bool,
    ) -> Result<WiderCoverage, MonitoringError> {
        let pickups = self
            .store
            .unit_pickups(unit, subtree, self.now(), LISTED)
            .await?;
        let internal = p.can(Action::ReadInternal, unit);
        let mentions = if internal {
            self.store.unit_mentions(unit, subtree, 50).await?
        } else {
            Vec::new()
        };
        let (stories, outlets) = story_counts(&pickups);
        Ok(WiderCoverage {
            pickups,
            stories,
            outlets,
            mentions,
            internal,
        })
    }

    /// A campaign's coverage: pickups of the releases that adopted it,
    /// and (for the owner's readers) mentions of its hashtags.
    pub async fn campaign_coverage(
        &self,
        p: &Principal,
        campaign: i64,
        owner: &UnitCode,
    ) -> Result<WiderCoverage, MonitoringError> {
        let pickups = self
            .store
            .campaign_pickups(campaign, self.now(), LISTED)
            .await?;
        let internal = p.can(Action::ReadInternal, owner);
        let mentions = if internal {
            self.store.campaign_mentions(campaign, 50).await?
        } else {
            Vec::new()
        };
        let (stories, outlets) = story_counts(&pickups);
        Ok(WiderCoverage {
            pickups,
            stories,
            outlets,
            mentions,
            internal,
        })
    }

    /// Mentions of the units `p` reads internally, newest first.
    pub async fn mentions(
        &self,
        p: &Principal,
        limit: i64,
    ) -> Result<Vec<MentionRecord>, MonitoringError> {
        let scope = p.scope(Action::ReadInternal);
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.store.mentions_in_scope(&scope, limit).await?)
    }
}
