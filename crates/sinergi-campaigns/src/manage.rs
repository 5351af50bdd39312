//! Creating and changing campaigns: only the owner unit's admins, and
//! only within what the owner may target. Every change recomputes the
//! campaign's statuses at once (adoptions and history are kept).

use sinergi_domain::CampaignId;
use sinergi_domain::UnitCode;
use sinergi_domain::access::Principal;
use sinergi_domain::campaign::{may_manage, may_target};
use sinergi_store::StoreError;
use sinergi_store::campaigns::{CampaignDraft, CampaignRecord, Recomputed};

use crate::input::CampaignInput;
use crate::{CampaignError, Campaigns, Problem};

fn invalid(field: &'static str, key: &'static str) -> CampaignError {
    CampaignError::Invalid(vec![Problem { field, key }])
}

fn tag_taken(e: StoreError) -> CampaignError {
    match e {
        StoreError::Conflict(m) if m.contains("tag") => invalid("tag", "campaign-tag-taken"),
        other => other.into(),
    }
}

impl Campaigns {
    /// Creates a campaign owned by `input.owner`, then computes its
    /// targets' statuses from the releases already published.
    pub async fn create(
        &self,
        p: &Principal,
        input: &CampaignInput,
    ) -> Result<CampaignRecord, CampaignError> {
        if let Ok(owner) = UnitCode::parse(input.owner.trim())
            && !may_manage(p, &owner)
        {
            return Err(CampaignError::NotAllowed);
        }
        let draft = input.validate(&self.store).await?;
        if !may_manage(p, &draft.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        let now = self.now();
        let id = self
            .store
            .insert_campaign(&draft, p.user_id, now)
            .await
            .map_err(tag_taken)?;
        self.recompute_inner(id, true).await?;
        self.notifier.notify();
        self.record(id).await
    }

    /// Replaces a campaign's settings over `expected_version`. Scope,
    /// depth, period, tag and share changes recompute every status.
    pub async fn update(
        &self,
        p: &Principal,
        id: CampaignId,
        expected_version: i64,
        input: &CampaignInput,
    ) -> Result<CampaignRecord, CampaignError> {
        let current = self.record(id).await?;
        if !may_manage(p, &current.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        let draft = input.validate(&self.store).await?;
        if !may_manage(p, &draft.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        self.store
            .update_campaign(id, expected_version, &draft, self.now())
            .await
            .map_err(tag_taken)?;
        let rescan = draft.tag != current.tag
            || draft.starts_at != current.starts_at
            || draft.ends_at != current.ends_at;
        self.recompute_inner(id, rescan).await?;
        self.notifier.notify();
        self.record(id).await
    }

    /// Adds `unit` to the campaign's explicit list of targets (it must lie
    /// within the owner's reach and the depth).
    pub async fn add_target(
        &self,
        p: &Principal,
        id: CampaignId,
        unit: &str,
    ) -> Result<CampaignRecord, CampaignError> {
        let current = self.record(id).await?;
        if !may_manage(p, &current.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        let code =
            UnitCode::parse(unit.trim()).map_err(|_| invalid("unit", "campaign-unit-unknown"))?;
        if self.store.unit(&code).await.is_err() {
            return Err(invalid("unit", "campaign-unit-unknown"));
        }
        if !may_target(&current.owner_code, current.owner_code.level(), &code) {
            return Err(invalid("unit", "campaign-target-outside-owner"));
        }
        if code.is_regional() && !current.depth.reaches(code.level()) {
            return Err(invalid("unit", "campaign-target-beyond-depth"));
        }
        let mut draft = self.draft_of(&current).await?;
        if !draft.scope.units.contains(&code) {
            draft.scope.units.push(code);
        }
        self.store
            .update_campaign(id, current.version, &draft, self.now())
            .await?;
        self.recompute_inner(id, false).await?;
        self.notifier.notify();
        self.record(id).await
    }

    /// Removes `unit` from the campaign's explicit targets or subtrees.
    pub async fn remove_target(
        &self,
        p: &Principal,
        id: CampaignId,
        unit: &str,
    ) -> Result<CampaignRecord, CampaignError> {
        let current = self.record(id).await?;
        if !may_manage(p, &current.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        let code =
            UnitCode::parse(unit.trim()).map_err(|_| invalid("unit", "campaign-unit-unknown"))?;
        let mut draft = self.draft_of(&current).await?;
        let before = draft.scope.units.len() + draft.scope.subtrees.len();
        draft.scope.units.retain(|u| *u != code);
        draft.scope.subtrees.retain(|u| *u != code);
        if draft.scope.units.len() + draft.scope.subtrees.len() == before {
            return Err(invalid("unit", "campaign-target-not-listed"));
        }
        if draft.scope.is_empty() {
            return Err(invalid("unit", "campaign-scope-empty"));
        }
        self.store
            .update_campaign(id, current.version, &draft, self.now())
            .await?;
        self.recompute_inner(id, false).await?;
        self.notifier.notify();
        self.record(id).await
    }

    /// Recomputes a campaign from the releases (admins of the owner only).
    pub async fn recompute(
        &self,
        p: &Principal,
        id: CampaignId,
    ) -> Result<Recomputed, CampaignError> {
        let current = self.record(id).await?;
        if !may_manage(p, &current.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        self.recompute_inner(id, true).await
    }

    /// A full recompute without a rights check, for the projector, the
    /// benchmark and the demo.
    pub async fn recompute_inner(
        &self,
        id: CampaignId,
        rescan: bool,
    ) -> Result<Recomputed, CampaignError> {
        let _writer = self.projection.lock().await;
        let campaign = self.record(id).await?;
        Ok(self
            .store
            .recompute_campaign(&campaign, rescan, self.now())
            .await?)
    }

    pub(crate) async fn record(&self, id: CampaignId) -> Result<CampaignRecord, CampaignError> {
        self.store
            .campaign(id)
            .await?
            .ok_or_else(|| CampaignError::NotFound(format!("campaign {id}")))
    }

    async fn draft_of(&self, c: &CampaignRecord) -> Result<CampaignDraft, CampaignError> {
        let templates = self.store.campaign_templates(c.id).await?;
        Ok(CampaignDraft {
            owner_code: c.owner_code.clone(),
            tag: c.tag.clone(),
            title: c.title.clone(),
            description_md: c.description_md.clone(),
            key_messages: c.key_messages.clone(),
            hashtags: c.hashtags.clone(),
            guidance_md: c.guidance_md.clone(),
            image_ids: c.image_ids.clone(),
            starts_at: c.starts_at,
            ends_at: c.ends_at,
            depth: c.depth,
            cascade_share: c.cascade_share,
            scope: c.scope.clone(),
            templates: templates
                .into_iter()
                .map(|t| sinergi_store::campaigns::TemplateDraft {
                    title: t.title,
                    lead: t.lead,
                    body_md: t.body_md,
                })
                .collect(),
        })
    }
}
