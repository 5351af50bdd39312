//! The kit: a template filled for one unit, to start a release from.

use serde::Serialize;
use sinergi_domain::CampaignId;
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::campaign::{Placeholders, render};

use crate::{CampaignError, Campaigns};

/// A release started from a kit template: the fields of the release
/// form, filled, with the campaign's tag so publishing it is adoption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderedTemplate {
    pub campaign_id: CampaignId,
    pub template_id: i64,
    pub unit: UnitCode,
    pub title: String,
    pub lead: String,
    pub body: String,
    /// Comma-separated, as the release form takes them.
    pub tags: String,
}

impl Campaigns {
    /// What `{unit}`, `{region}`, `{province}`, … stand for at `unit`.
    pub async fn placeholders(
        &self,
        campaign_id: CampaignId,
        unit: &UnitCode,
    ) -> Result<Placeholders, CampaignError> {
        let c = self.record(campaign_id).await?;
        let me = self.store.unit(unit).await?;
        let chain = self.store.parent_chain(unit).await?;
        let regional: Vec<&str> = chain
            .iter()
            .rev()
            .filter(|u| u.code.is_regional())
            .map(|u| u.name.as_str())
            .collect();
        let mut region = vec![me.name.as_str()];
        region.extend(regional);
        let province = if unit.level() == sinergi_domain::Level::Province {
            me.name.clone()
        } else {
            chain
                .iter()
                .find(|u| u.level == sinergi_domain::Level::Province)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        };
        Ok(Placeholders {
            unit: me.name.clone(),
            region: if unit.is_regional() {
                region.join(", ")
            } else {
                "Indonesia".to_owned()
            },
            province,
            campaign: c.title.clone(),
            hashtags: c
                .hashtags
                .iter()
                .map(|h| format!("#{h}"))
                .collect::<Vec<_>>()
                .join(" "),
        })
    }

    /// Template `template_id` of the campaign filled for `unit`, for a
    /// person who may draft for that unit.
    pub async fn render_template(
        &self,
        p: &Principal,
        campaign_id: CampaignId,
        template_id: i64,
        unit: &UnitCode,
    ) -> Result<RenderedTemplate, CampaignError> {
        if !p.can(Action::Draft, unit) {
            return Err(CampaignError::NotAllowed);
        }
        let c = self.record(campaign_id).await?;
        let t = self
            .store
            .campaign_templates(campaign_id)
            .await?
            .into_iter()
            .find(|t| t.id == template_id)
            .ok_or_else(|| CampaignError::NotFound(format!("template {template_id}")))?;
        let values = self.placeholders(campaign_id, unit).await?;
        Ok(RenderedTemplate {
            campaign_id,
            template_id,
            unit: unit.clone(),
            title: render(&t.title, &values),
            lead: render(&t.lead, &values),
            body: render(&t.body_md, &values),
            tags: c.tag,
        })
    }
}
