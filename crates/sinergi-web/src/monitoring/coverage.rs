//! A release's coverage on its page: each pickup with its outlet, title,
//! link, date, score and the passages it shares with the release, marked,
//! and the way to the side-by-side view. Officers of the unit also see
//! how many matches wait for their review. The same, wider, on a unit's
//! hub and a campaign's page (`unit_view`, `campaign_view`), with the
//! mentions for the unit's own readers.

use sinergi_domain::access::Principal;
use sinergi_domain::{ReleaseId, UnitCode};
use sinergi_store::monitor::MatchRecord;

use super::highlight::{Run, excerpts};
use super::{score_text, service};
use crate::AppState;
use crate::i18n::Tr;
use crate::newsroom::common::zone_of;

/// A pickup as the release page lists it.
pub struct PickupView {
    pub href: String,
    pub outlet: String,
    pub title: String,
    pub url: String,
    pub when: String,
    pub score: String,
    pub confirmed: bool,
    pub excerpts: Vec<Vec<Run>>,
    /// The release it carries (shown where several releases are listed).
    pub release_title: String,
    pub release_href: String,
}

/// The coverage section's contents.
#[derive(Default)]
pub struct CoverageView {
    pub pickups: Vec<PickupView>,
    pub outlets: usize,
    /// Syndicated copies (one duplicate group) counted once.
    pub stories: usize,
    pub waiting: usize,
}

/// The release's coverage as `p` may see it (empty when monitoring
/// cannot be read: the page still shows the release).
pub async fn coverage_view(
    state: &AppState,
    tr: &Tr,
    p: &Principal,
    release: ReleaseId,
    unit: &UnitCode,
) -> CoverageView {
    let coverage = match service(state).coverage(p, release, unit).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, %release, "coverage unavailable");
            return CoverageView::default();
        }
    };
    let zone = zone_of(unit.as_str());
    CoverageView {
        outlets: coverage.outlets,
        waiting: coverage.waiting.len(),
        stories: coverage.stories,
        pickups: coverage
            .pickups
            .iter()
            .map(|m| pickup_view(tr, zone, m))
            .collect(),
    }
}

fn pickup_view(tr: &Tr, zone: sinergi_domain::Zone, m: &MatchRecord) -> PickupView {
    let ranges: Vec<_> = m.passages.iter().map(|p| p.article).collect();
    PickupView {
        href: format!("/monitoring/matches/{}", m.id),
        outlet: m.outlet.clone(),
        title: if m.article_title.is_empty() {
            tr.t("mon-untitled")
        } else {
            m.article_title.clone()
        },
        url: m.article_url.clone().unwrap_or_default(),
        when: tr.date(m.article_published_at, zone),
        score: score_text(m.score),
        confirmed: m.state == sinergi_monitoring::MatchState::Confirmed,
        excerpts: excerpts(&m.article_body, &ranges, 2),
        release_title: m.release_title.clone(),
        release_href: crate::newsroom::common::release_href(m.release_id, &m.release_slug),
    }
}

/// A mention as pages list it.
pub struct MentionView {
    pub outlet: String,
    pub title: String,
    pub url: String,
    pub when: String,
    pub term: String,
    pub unit_name: String,
    pub campaign: String,
    pub excerpt: Vec<Run>,
}

pub fn mention_view(tr: &Tr, m: &sinergi_monitoring::MentionRecord) -> MentionView {
    let at = usize::try_from(m.at).ok();
    MentionView {
        outlet: m.outlet.clone(),
        title: if m.article_title.is_empty() {
            tr.t("mon-untitled")
        } else {
            m.article_title.clone()
        },
        url: m.article_url.clone().unwrap_or_default(),
        when: tr.date(m.article_published_at, zone_of(&m.unit_code)),
        term: m.term.clone(),
        unit_name: m.unit_name.clone(),
        campaign: m.campaign_title.clone().unwrap_or_default(),
        excerpt: at
            .map(|a| {
                excerpts(&m.article_body, &[(a, a + m.term.len())], 1)
                    .into_iter()
                    .next()
                    .unwrap_or_default()
            })
            .unwrap_or_default(),
    }
}

/// A unit's or a campaign's coverage section.
#[derive(Default)]
pub struct WideView {
    pub pickups: Vec<PickupView>,
    /// "12 articles in 5 outlets, 7 stories (syndicated copies count once)."
    pub summary: String,
    pub mentions: Vec<MentionView>,
    pub mentions_summary: String,
}

impl WideView {
    pub fn is_empty(&self) -> bool {
        self.pickups.is_empty() && self.mentions.is_empty()
    }
}

/// Pickups listed in the section (the counts cover every one).
const LISTED: usize = 10;

fn wide_view(
    tr: &Tr,
    zone: sinergi_domain::Zone,
    c: sinergi_monitoring::WiderCoverage,
) -> WideView {
    WideView {
        summary: tr.tn(
            "mon-wide-summary",
            &[
                ("pickups", c.pickups.len().to_string()),
                ("outlets", c.outlets.to_string()),
                ("stories", c.stories.to_string()),
            ],
        ),
        pickups: c
            .pickups
            .iter()
            .take(LISTED)
            .map(|m| pickup_view(tr, zone, m))
            .collect(),
        mentions_summary: tr.count("mon-mentions-count", c.mentions.len() as i64),
        mentions: c
            .mentions
            .iter()
            .take(LISTED)
            .map(|m| mention_view(tr, m))
            .collect(),
    }
}

/// The coverage of a unit (and its subtree) for its hub.
pub async fn unit_view(
    state: &AppState,
    tr: &Tr,
    p: &Principal,
    unit: &UnitCode,
    subtree: bool,
) -> WideView {
    match service(state).unit_coverage(p, unit, subtree).await {
        Ok(c) => wide_view(tr, zone_of(unit.as_str()), c),
        Err(e) => {
            tracing::warn!(error = %e, %unit, "unit coverage unavailable");
            WideView::default()
        }
    }
}

/// The coverage of a campaign for its page.
pub async fn campaign_view(
    state: &AppState,
    tr: &Tr,
    p: &Principal,
    campaign: i64,
    owner: &UnitCode,
) -> WideView {
    match service(state).campaign_coverage(p, campaign, owner).await {
        Ok(c) => wide_view(tr, zone_of(owner.as_str()), c),
        Err(e) => {
            tracing::warn!(error = %e, campaign, "campaign coverage unavailable");
            WideView::default()
        }
    }
}
