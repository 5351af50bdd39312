//! What the campaign pages share: refusals as pages, status labels, who
//! may see a campaign's internal dashboard, links.

use sinergi_campaigns::{CampaignError, CampaignRecord, Campaigns, Status};
use sinergi_domain::access::Action;
use sinergi_domain::{Level, ReleaseId, UnitCode, Zone};

use crate::i18n::Tr;
use crate::pages::PageError;
use sinergi_accounts::SessionInfo;

/// A refusal of the campaigns service as an error page: page handlers
/// leave with `.or_page(lang)?`.
impl From<CampaignError> for PageError {
    fn from(e: CampaignError) -> PageError {
        match e {
            CampaignError::NotFound(what) => PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            },
            CampaignError::NotAllowed => PageError::Forbidden,
            other => PageError::Internal(other.to_string()),
        }
    }
}

/// A status as a tag: (css modifier, label). The label always says the
/// status, so colour is never the only cue.
pub fn status_tag(tr: &Tr, status: Status) -> (String, String) {
    let class = match status {
        Status::NotStarted => "not-started",
        Status::Adopted => "approved",
        Status::Cascaded => "done",
    };
    (
        class.to_owned(),
        tr.t(&format!("cp-status-{}", status.as_str())),
    )
}

pub fn level_label(tr: &Tr, level: Level) -> String {
    tr.t(&format!("level-{}", level.as_str()))
}

/// `12-revolusi-mental-asn`: the public page's path segment.
pub fn public_href(c: &CampaignRecord) -> String {
    public_href_of(c.id, &c.title)
}

pub fn public_href_of(id: i64, title: &str) -> String {
    format!("/campaigns/{id}-{}", slug(title))
}

pub fn dashboard_href(id: i64) -> String {
    format!("/campaigns/{id}/dashboard")
}

/// A lower-case ASCII slug of a title (letters and digits, dashes between).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// The id in `12` or `12-any-slug`.
pub fn id_of(key: &str) -> Option<i64> {
    key.split('-').next()?.parse().ok()
}

/// The internal dashboard is for the people of the campaign: those who
/// read the owner's internal records (its own people and the levels
/// above it) and the people of any unit the campaign targets. A unit
/// outside the campaign sees only the public page.
pub async fn may_see_dashboard(
    campaigns: &Campaigns,
    session: &SessionInfo,
    campaign: &CampaignRecord,
) -> Result<bool, CampaignError> {
    if session
        .principal
        .can(Action::ReadInternal, &campaign.owner_code)
    {
        return Ok(true);
    }
    for (_, m) in &session.memberships {
        if campaigns.unit_status(campaign.id, &m.unit).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn release_href(id: ReleaseId, slug: &str) -> String {
    format!("/releases/{id}-{slug}")
}

/// The time zone a unit's dates are shown in.
pub fn zone_of(code: &str) -> Zone {
    UnitCode::parse(code)
        .map(|c| Zone::of_unit(&c))
        .unwrap_or(Zone::Wib)
}

/// A unit code from a query, ignoring anything that is not one.
pub fn unit_param(s: Option<&str>) -> Option<UnitCode> {
    s.filter(|s| !s.is_empty())
        .and_then(|s| UnitCode::parse(s.trim()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_keys() {
        assert_eq!(
            slug("Revolusi Mental ASN 2026!"),
            "revolusi-mental-asn-2026"
        );
        assert_eq!(slug("  Éco — bersih  "), "co-bersih");
        assert_eq!(id_of("12-revolusi-mental"), Some(12));
        assert_eq!(id_of("12"), Some(12));
        assert_eq!(id_of("revolusi"), None);
    }
}
