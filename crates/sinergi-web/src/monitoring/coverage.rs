//! A release's coverage on its page: each pickup with its outlet, title,
//! link, date, score and the passages it shares with the release, marked,
//! and the way to the side-by-side view. Officers of the unit also see
//! how many matches wait for their review.

use sinergi_domain::access::Principal;
use sinergi_domain::{ReleaseId, UnitCode};

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
}

/// The coverage section's contents.
#[derive(Default)]
pub struct CoverageView {
    pub pickups: Vec<PickupView>,
    pub outlets: usize,
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
        pickups: coverage
            .pickups
            .iter()
            .map(|m| {
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
                }
            })
            .collect(),
    }
}
