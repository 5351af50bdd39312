//! Adding and managing sources: an officer (the `Review` right) of the
//! unit the source belongs to; every officer reads the list with its
//! health (sources are shared by the whole network's matching).

use sinergi_domain::access::{Action, Principal};
use sinergi_domain::plain_text::{FORBIDDEN_CHAR_KEY, forbidden_char};
use sinergi_domain::{SourceId, UnitCode};
use sinergi_store::StoreError;
use sinergi_store::monitor::{NewSource, SourceRecord};

use crate::{Monitoring, MonitoringError, Problem};

/// A source as typed in the form.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    pub unit: String,
    pub outlet: String,
    pub url: String,
    pub kind: String,
}

const MAX_OUTLET: usize = 120;
const MAX_URL: usize = 2000;

impl SourceInput {
    /// Every problem with the input, or the source to add.
    pub fn validate(&self) -> Result<NewSource, MonitoringError> {
        let mut problems = Vec::new();
        let unit = UnitCode::parse(self.unit.trim()).ok();
        if unit.is_none() {
            problems.push(Problem {
                field: "unit",
                key: "mon-unit-invalid",
            });
        }
        let outlet = self.outlet.trim();
        if outlet.is_empty() {
            problems.push(Problem {
                field: "outlet",
                key: "mon-outlet-required",
            });
        } else if outlet.chars().count() > MAX_OUTLET {
            problems.push(Problem {
                field: "outlet",
                key: "mon-outlet-too-long",
            });
        } else if forbidden_char(outlet).is_some() {
            problems.push(Problem {
                field: "outlet",
                key: FORBIDDEN_CHAR_KEY,
            });
        }
        let url = url::Url::parse(self.url.trim()).ok().filter(|u| {
            matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && u.username().is_empty()
                && u.password().is_none()
                && u.as_str().len() <= MAX_URL
        });
        if url.is_none() {
            problems.push(Problem {
                field: "url",
                key: "mon-url-invalid",
            });
        }
        let kind = self.kind.trim();
        let kind = if kind.is_empty() { "feed" } else { kind };
        if !matches!(kind, "feed" | "sitemap") {
            problems.push(Problem {
                field: "kind",
                key: "mon-kind-invalid",
            });
        }
        match (unit, url) {
            (Some(unit_code), Some(url)) if problems.is_empty() => Ok(NewSource {
                unit_code,
                outlet: outlet.to_owned(),
                url: url.to_string(),
                kind: kind.to_owned(),
            }),
            _ => Err(MonitoringError::Invalid(problems)),
        }
    }
}

impl Monitoring {
    /// Adds a source for `input.unit`, polled from now on.
    pub async fn add_source(
        &self,
        p: &Principal,
        input: &SourceInput,
    ) -> Result<SourceId, MonitoringError> {
        if let Ok(unit) = UnitCode::parse(input.unit.trim())
            && !p.can(Action::Review, &unit)
        {
            return Err(MonitoringError::NotAllowed);
        }
        let source = input.validate()?;
        if !p.can(Action::Review, &source.unit_code) {
            return Err(MonitoringError::NotAllowed);
        }
        let id = self
            .store
            .insert_source(&source, p.user_id, self.now())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => MonitoringError::Invalid(vec![Problem {
                    field: "url",
                    key: "mon-url-taken",
                }]),
                other => other.into(),
            })?;
        self.notifier.notify();
        Ok(id)
    }

    /// Every source with its health, for officers.
    pub async fn sources(&self, p: &Principal) -> Result<Vec<SourceRecord>, MonitoringError> {
        if !p.holds(Action::ReadInternal) {
            return Err(MonitoringError::NotAllowed);
        }
        Ok(self.store.sources(self.now()).await?)
    }

    /// One source with its newest articles, for officers.
    pub async fn source(
        &self,
        p: &Principal,
        id: SourceId,
    ) -> Result<(SourceRecord, Vec<sinergi_store::monitor::ArticleRecord>), MonitoringError> {
        if !p.holds(Action::ReadInternal) {
            return Err(MonitoringError::NotFound(format!("source {id}")));
        }
        let source = self.store.source(id, self.now()).await?;
        let articles = self.store.source_articles(id, 20).await?;
        Ok((source, articles))
    }

    /// Pauses or resumes a source (an officer of its unit).
    pub async fn set_source_active(
        &self,
        p: &Principal,
        id: SourceId,
        active: bool,
    ) -> Result<(), MonitoringError> {
        let source = self.store.source(id, self.now()).await?;
        let unit = UnitCode::parse(&source.unit_code)
            .map_err(|_| MonitoringError::NotFound(format!("source {id}")))?;
        if !p.can(Action::Review, &unit) {
            return Err(MonitoringError::NotAllowed);
        }
        self.store.set_source_active(id, active, self.now()).await?;
        self.notifier.notify();
        Ok(())
    }

    /// Whether `p` may add sources somewhere (the form is offered).
    pub fn may_add_sources(p: &Principal) -> bool {
        p.holds(Action::Review)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_field_is_named() {
        let bad = SourceInput {
            unit: "nope!".into(),
            outlet: " ".into(),
            url: "javascript:alert(1)".into(),
            kind: "podcast".into(),
        };
        let e = bad.validate().unwrap_err();
        let fields: Vec<_> = e.problems().iter().map(|p| p.field).collect();
        assert_eq!(fields, ["unit", "outlet", "url", "kind"]);
        let good = SourceInput {
            unit: "51".into(),
            outlet: "Kabar Bali".into(),
            url: "https://kabarbali.example/rss".into(),
            kind: String::new(),
        };
        let s = good.validate().expect("valid");
        assert_eq!(s.kind, "feed");
        let sitemap = SourceInput {
            kind: "sitemap".into(),
            ..good.clone()
        };
        assert_eq!(sitemap.validate().expect("valid").kind, "sitemap");
        let creds = SourceInput {
            url: "https://u:p@kabarbali.example/rss".into(),
            ..good
        };
        assert_eq!(creds.validate().unwrap_err().problems()[0].field, "url");
    }
}
