//! What an owner submits, as typed, and its checks.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use sinergi_domain::campaign::{
    CampaignFieldError, Depth, TargetScope, check_period, check_scope, check_share,
};
use sinergi_domain::newsroom::tags::normalise_tag;
use sinergi_domain::plain_text::{FORBIDDEN_CHAR_KEY, forbidden_char};
use sinergi_domain::{Level, UnitCode};
use sinergi_store::Store;
use sinergi_store::campaigns::{CampaignDraft, TemplateDraft};

use crate::{CampaignError, Problem};

/// A campaign as its owner writes it. Dates are `YYYY-MM-DD` in Western
/// Indonesian time: the period runs from the start of `starts_on` to the
/// end of `ends_on`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct CampaignInput {
    /// The owner unit's code.
    pub owner: String,
    pub title: String,
    pub description: String,
    pub key_messages: Vec<String>,
    /// With or without `#`.
    pub hashtags: Vec<String>,
    /// The release tag that marks adoption; from the title when empty.
    pub tag: String,
    pub starts_on: String,
    pub ends_on: String,
    pub guidance: String,
    /// Media ids of the kit's images.
    pub image_ids: Vec<i64>,
    /// Scope: subtree roots (unit codes).
    pub subtrees: Vec<String>,
    /// Scope: levels (`national`, `province`, `regency`, `district`, `village`).
    pub levels: Vec<String>,
    /// Scope: individual units.
    pub units: Vec<String>,
    /// `province`, `regency`, `district` or `village`.
    pub depth: String,
    /// Percent of targeted sub-units that must adopt for "cascaded".
    pub cascade_share: i64,
    pub templates: Vec<TemplateInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct TemplateInput {
    pub title: String,
    pub lead: String,
    pub body: String,
}

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;
const MAX_LIST: usize = 20;

fn jakarta() -> TimeZone {
    TimeZone::get("Asia/Jakarta").unwrap_or(TimeZone::UTC)
}

/// The start of a `YYYY-MM-DD` day in Western Indonesian time.
pub fn day_start(s: &str) -> Option<i64> {
    let date: Date = s.trim().parse().ok()?;
    let z = date.to_zoned_datetime(jakarta()).ok()?;
    Some(z.timestamp().as_microsecond())
}

/// The last microsecond of a `YYYY-MM-DD` day in Western Indonesian time.
pub fn day_end(s: &str) -> Option<i64> {
    let date: Date = s.trim().parse().ok()?;
    let next = date.tomorrow().ok()?.to_zoned_datetime(jakarta()).ok()?;
    Some(next.timestamp().as_microsecond() - 1)
}

/// The Western Indonesian `YYYY-MM-DD` of a time.
pub fn date_of(at: i64) -> String {
    jiff::Timestamp::from_microsecond(at)
        .map(|t| t.to_zoned_datetime(jakarta()).date().to_string())
        .unwrap_or_default()
}

fn parse_codes(raw: &[String], field: &'static str, problems: &mut Vec<Problem>) -> Vec<UnitCode> {
    let mut out = Vec::new();
    for s in raw.iter().flat_map(|s| s.split([',', ' ', '\n'])) {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        match UnitCode::parse(s) {
            Ok(c) if !out.contains(&c) => out.push(c),
            Ok(_) => {}
            Err(_) => push(problems, field, "campaign-unit-unknown"),
        }
    }
    out
}

fn push(problems: &mut Vec<Problem>, field: &'static str, key: &'static str) {
    let p = Problem { field, key };
    if !problems.contains(&p) {
        problems.push(p);
    }
}

impl CampaignInput {
    /// Checks everything and returns the draft to store, or every problem
    /// found (nothing the person typed is lost: the caller keeps `self`).
    pub(crate) async fn validate(&self, store: &Store) -> Result<CampaignDraft, CampaignError> {
        let mut problems = Vec::new();
        let owner = match UnitCode::parse(self.owner.trim()) {
            Ok(c) if store.unit(&c).await.is_ok() => Some(c),
            _ => {
                push(&mut problems, "owner", "campaign-owner-unknown");
                None
            }
        };
        // No control characters that XML cannot carry, in any text field.
        let texts: [(&'static str, &[String]); 3] = [
            ("title", std::slice::from_ref(&self.title)),
            ("description", std::slice::from_ref(&self.description)),
            ("description", std::slice::from_ref(&self.guidance)),
        ];
        for (field, values) in texts
            .into_iter()
            .chain([("key_messages", &self.key_messages[..])])
        {
            if values.iter().any(|v| forbidden_char(v).is_some()) {
                push(&mut problems, field, FORBIDDEN_CHAR_KEY);
            }
        }
        if self.templates.iter().any(|t| {
            [&t.title, &t.lead, &t.body]
                .iter()
                .any(|v| forbidden_char(v).is_some())
        }) {
            push(&mut problems, "templates", FORBIDDEN_CHAR_KEY);
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            push(&mut problems, "title", "campaign-title-required");
        } else if title.chars().count() > MAX_TITLE {
            push(&mut problems, "title", "campaign-title-too-long");
        }
        if self.description.len() > MAX_TEXT || self.guidance.len() > MAX_TEXT {
            push(&mut problems, "description", "campaign-too-long");
        }
        let tag_source = if self.tag.trim().is_empty() {
            &self.title
        } else {
            &self.tag
        };
        let tag = normalise_tag(tag_source).filter(|t| t.chars().count() <= 40);
        if tag.is_none() && !title.is_empty() {
            push(&mut problems, "tag", "campaign-tag-invalid");
        }
        let mut hashtags = Vec::new();
        for h in self.hashtags.iter().flat_map(|h| h.split([',', ' ', '\n'])) {
            let h = h.trim().trim_start_matches('#');
            if h.is_empty() {
                continue;
            }
            if h.chars().all(|c| c.is_alphanumeric() || c == '_') && h.chars().count() <= 60 {
                if !hashtags.iter().any(|x: &String| x.eq_ignore_ascii_case(h)) {
                    hashtags.push(h.to_owned());
                }
            } else {
                push(&mut problems, "hashtags", "campaign-hashtag-invalid");
            }
        }
        let key_messages: Vec<String> = self
            .key_messages
            .iter()
            .flat_map(|m| m.lines())
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty())
            .collect();
        if key_messages.len() > MAX_LIST || hashtags.len() > MAX_LIST {
            push(&mut problems, "key_messages", "campaign-too-long");
        }
        let starts_at = day_start(&self.starts_on);
        if starts_at.is_none() {
            push(&mut problems, "starts_on", "campaign-date-invalid");
        }
        let ends_at = day_end(&self.ends_on);
        if ends_at.is_none() {
            push(&mut problems, "ends_on", "campaign-date-invalid");
        }
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && check_period(s, e).is_err()
        {
            push(&mut problems, "ends_on", "campaign-period-reversed");
        }
        let depth = self.depth.trim().parse::<Depth>().ok();
        if depth.is_none() {
            push(&mut problems, "depth", "campaign-depth-invalid");
        }
        if check_share(self.cascade_share).is_err() {
            push(&mut problems, "cascade_share", "campaign-share-invalid");
        }
        let mut levels = Vec::new();
        for l in &self.levels {
            match l.trim().parse::<Level>() {
                Ok(l) if !levels.contains(&l) => levels.push(l),
                Ok(_) => {}
                Err(_) => push(&mut problems, "levels", "campaign-level-invalid"),
            }
        }
        let subtrees = parse_codes(&self.subtrees, "subtrees", &mut problems);
        let units = parse_codes(&self.units, "units", &mut problems);
        for (field, list) in [("subtrees", &subtrees), ("units", &units)] {
            for c in list {
                if store.unit(c).await.is_err() {
                    push(&mut problems, field, "campaign-unit-unknown");
                }
            }
        }
        if let Some(d) = depth
            && units
                .iter()
                .any(|u| u.is_regional() && !d.reaches(u.level()))
        {
            push(&mut problems, "units", "campaign-target-beyond-depth");
        }
        let scope = TargetScope {
            subtrees,
            levels,
            units,
        };
        if let Some(owner) = &owner {
            match check_scope(owner, owner.level(), &scope) {
                Ok(()) => {}
                Err(CampaignFieldError::EmptyScope) => {
                    push(&mut problems, "scope", "campaign-scope-empty")
                }
                Err(_) => push(&mut problems, "units", "campaign-target-outside-owner"),
            }
        }
        for id in &self.image_ids {
            if !matches!(store.media(*id).await, Ok(Some(_))) {
                push(&mut problems, "image_ids", "campaign-image-unknown");
            }
        }
        let mut templates = Vec::new();
        for t in &self.templates {
            if t.title.trim().is_empty() && t.lead.trim().is_empty() && t.body.trim().is_empty() {
                continue;
            }
            if t.title.trim().is_empty() {
                push(
                    &mut problems,
                    "templates",
                    "campaign-template-title-required",
                );
            }
            if t.body.len() > MAX_TEXT {
                push(&mut problems, "templates", "campaign-too-long");
            }
            templates.push(TemplateDraft {
                title: t.title.trim().to_owned(),
                lead: t.lead.trim().to_owned(),
                body_md: t.body.clone(),
            });
        }
        if !problems.is_empty() {
            return Err(CampaignError::Invalid(problems));
        }
        match (owner, tag, starts_at, ends_at, depth) {
            (Some(owner_code), Some(tag), Some(starts_at), Some(ends_at), Some(depth)) => {
                Ok(CampaignDraft {
                    owner_code,
                    tag,
                    title,
                    description_md: self.description.clone(),
                    key_messages,
                    hashtags,
                    guidance_md: self.guidance.clone(),
                    image_ids: self.image_ids.clone(),
                    starts_at,
                    ends_at,
                    depth,
                    cascade_share: self.cascade_share,
                    scope,
                    templates,
                })
            }
            _ => Err(CampaignError::Invalid(vec![Problem {
                field: "title",
                key: "campaign-title-required",
            }])),
        }
    }
}

impl CampaignInput {
    /// The input that reproduces a stored campaign, for edit forms.
    pub fn from_record(
        c: &sinergi_store::campaigns::CampaignRecord,
        templates: &[sinergi_store::campaigns::TemplateRecord],
    ) -> CampaignInput {
        CampaignInput {
            owner: c.owner_code.to_string(),
            title: c.title.clone(),
            description: c.description_md.clone(),
            key_messages: c.key_messages.clone(),
            hashtags: c.hashtags.clone(),
            tag: c.tag.clone(),
            starts_on: date_of(c.starts_at),
            ends_on: date_of(c.ends_at),
            guidance: c.guidance_md.clone(),
            image_ids: c.image_ids.clone(),
            subtrees: c.scope.subtrees.iter().map(|u| u.to_string()).collect(),
            levels: c
                .scope
                .levels
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            units: c.scope.units.iter().map(|u| u.to_string()).collect(),
            depth: c.depth.as_str().to_owned(),
            cascade_share: c.cascade_share,
            templates: templates
                .iter()
                .map(|t| TemplateInput {
                    title: t.title.clone(),
                    lead: t.lead.clone(),
                    body: t.body_md.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_western_indonesian() {
        let s = day_start("2026-08-01").unwrap();
        let e = day_end("2026-08-01").unwrap();
        assert_eq!(date_of(s), "2026-08-01");
        assert_eq!(date_of(e), "2026-08-01");
        assert_eq!(date_of(e + 1), "2026-08-02");
        // 00:00 WIB is 17:00 UTC the day before.
        assert_eq!(
            s,
            "2026-07-31T17:00:00Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_microsecond()
        );
        assert!(day_start("1 Agustus").is_none());
    }
}
