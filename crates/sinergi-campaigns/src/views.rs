//! Reading campaigns: the campaign with its kit, the dashboard figures,
//! the drill-down tree, the not-started list, adopted releases, the
//! "what needs doing" panel and the public campaign page. All of it comes
//! from public releases, so all of it is public; `can_manage` tells the
//! pages whether to offer changes.

use serde::Serialize;
use sinergi_domain::CampaignId;
use sinergi_domain::access::Principal;
use sinergi_domain::campaign::may_manage;
use sinergi_domain::{Level, UnitCode};
use sinergi_store::campaigns::{
    AdoptedRelease, CampaignRecord, LevelFigures, NotStartedFilter, NotStartedUnit, TargetRow,
    TemplateRecord, UnitCampaign,
};

use crate::input::date_of;
use crate::{CampaignError, Campaigns};

/// Most rows a list returns at once.
pub const MAX_PAGE: i64 = 500;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub targets: i64,
    pub adopted: i64,
    pub cascaded: i64,
}

impl Totals {
    /// Adopted share in percent (0 when nothing is targeted).
    pub fn adopted_percent(&self) -> f64 {
        if self.targets == 0 {
            0.0
        } else {
            self.adopted as f64 * 100.0 / self.targets as f64
        }
    }
}

/// A campaign with its kit, for its page.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub campaign: CampaignRecord,
    pub templates: Vec<TemplateRecord>,
    pub totals: Totals,
    /// The period includes now.
    pub running: bool,
    pub can_manage: bool,
}

/// A campaign in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignSummary {
    pub campaign: CampaignRecord,
    pub totals: Totals,
    pub running: bool,
}

/// One day of the adoption chart: cumulative adopted targets per level
/// (in the order of `Dashboard::levels`) and in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyPoint {
    /// `YYYY-MM-DD`, Western Indonesian time.
    pub date: String,
    /// First adoptions that day.
    pub new: i64,
    pub cumulative: i64,
    pub cumulative_by_level: Vec<i64>,
}

/// The figures of the campaign dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub campaign: CampaignRecord,
    pub levels: Vec<LevelFigures>,
    pub totals: Totals,
    pub daily: Vec<DailyPoint>,
    pub can_manage: bool,
}

/// One step of the drill-down tree: a target (or the top of the tree for
/// `unit: None`) and the targets directly below it.
#[derive(Debug, Clone, Serialize)]
pub struct TreeView {
    pub campaign_id: CampaignId,
    pub unit: Option<TargetRow>,
    /// The targets above `unit`, from the top.
    pub path: Vec<TargetRow>,
    pub children: Vec<TargetRow>,
}

/// The public campaign page.
#[derive(Debug, Clone, Serialize)]
pub struct PublicCampaign {
    pub campaign: CampaignRecord,
    pub levels: Vec<LevelFigures>,
    pub totals: Totals,
    pub releases: Vec<AdoptedRelease>,
}

fn totals(levels: &[LevelFigures]) -> Totals {
    levels.iter().fold(Totals::default(), |t, l| Totals {
        targets: t.targets + l.targets,
        adopted: t.adopted + l.adopted,
        cascaded: t.cascaded + l.cascaded,
    })
}

impl Campaigns {
    /// A campaign with its kit and totals.
    pub async fn campaign(
        &self,
        p: &Principal,
        id: CampaignId,
    ) -> Result<CampaignView, CampaignError> {
        let campaign = self.record(id).await?;
        let templates = self.store.campaign_templates(id).await?;
        let levels = self.store.campaign_level_figures(id).await?;
        let now = self.now();
        Ok(CampaignView {
            running: campaign.in_period(now),
            can_manage: may_manage(p, &campaign.owner_code),
            campaign,
            templates,
            totals: totals(&levels),
        })
    }

    /// A campaign by its tag (for links from hashtags and tags).
    pub async fn campaign_by_tag(&self, tag: &str) -> Result<CampaignRecord, CampaignError> {
        let tag = sinergi_domain::newsroom::tags::normalise_tag(tag).unwrap_or_default();
        self.store
            .campaign_by_tag(&tag)
            .await?
            .ok_or_else(|| CampaignError::NotFound(format!("campaign #{tag}")))
    }

    /// Every campaign, newest first; with `owner`, those owned within its
    /// subtree.
    pub async fn list(
        &self,
        owner: Option<&UnitCode>,
    ) -> Result<Vec<CampaignSummary>, CampaignError> {
        let now = self.now();
        Ok(self
            .store
            .campaign_summaries(owner)
            .await?
            .into_iter()
            .map(|(campaign, t)| CampaignSummary {
                running: campaign.in_period(now),
                totals: Totals {
                    targets: t.targets,
                    adopted: t.adopted,
                    cascaded: t.cascaded,
                },
                campaign,
            })
            .collect())
    }

    /// The dashboard figures: share per level, and adoptions over time.
    pub async fn dashboard(
        &self,
        p: &Principal,
        id: CampaignId,
    ) -> Result<Dashboard, CampaignError> {
        let campaign = self.record(id).await?;
        let levels = self.store.campaign_level_figures(id).await?;
        let days = self.store.campaign_daily_adoptions(id).await?;
        let mut daily: Vec<DailyPoint> = Vec::new();
        let mut running = vec![0i64; levels.len()];
        let mut total = 0;
        const DAY: i64 = 86_400_000_000;
        const WIB: i64 = 7 * 3_600_000_000;
        for d in days {
            let idx = levels.iter().position(|l| l.level == d.level);
            if let Some(i) = idx {
                running[i] += d.adopted;
            }
            total += d.adopted;
            // The day number back to a date: noon of that day in WIB.
            let date = date_of(d.day * DAY - WIB + DAY / 2);
            match daily.last_mut() {
                Some(last) if last.date == date => {
                    last.new += d.adopted;
                    last.cumulative = total;
                    last.cumulative_by_level = running.clone();
                }
                _ => daily.push(DailyPoint {
                    date,
                    new: d.adopted,
                    cumulative: total,
                    cumulative_by_level: running.clone(),
                }),
            }
        }
        Ok(Dashboard {
            can_manage: may_manage(p, &campaign.owner_code),
            totals: totals(&levels),
            campaign,
            levels,
            daily,
        })
    }

    /// The targets directly below `unit` (the top of the tree for `None`).
    pub async fn tree(
        &self,
        id: CampaignId,
        unit: Option<&UnitCode>,
    ) -> Result<TreeView, CampaignError> {
        self.record(id).await?;
        let (me, path) = match unit {
            Some(u) => {
                let me = self
                    .store
                    .campaign_target(id, u)
                    .await?
                    .ok_or_else(|| CampaignError::NotFound(format!("target {u}")))?;
                let mut path = Vec::new();
                let mut next = me.parent_code.clone();
                while let Some(code) = next {
                    let Ok(code) = UnitCode::parse(&code) else {
                        break;
                    };
                    let Some(row) = self.store.campaign_target(id, &code).await? else {
                        break;
                    };
                    next = row.parent_code.clone();
                    path.push(row);
                }
                path.reverse();
                (Some(me), path)
            }
            None => (None, Vec::new()),
        };
        let children = self.store.campaign_children(id, unit).await?;
        Ok(TreeView {
            campaign_id: id,
            unit: me,
            path,
            children,
        })
    }

    /// One unit's status in the campaign; `None` when it is not a target.
    pub async fn unit_status(
        &self,
        id: CampaignId,
        unit: &UnitCode,
    ) -> Result<Option<TargetRow>, CampaignError> {
        self.record(id).await?;
        Ok(self.store.campaign_target(id, unit).await?)
    }

    /// Targets that have not started, with their supervisors, by level and
    /// code after the cursor. A province's supervisor is the owner.
    pub async fn not_started(
        &self,
        id: CampaignId,
        level: Option<Level>,
        after: Option<(Level, UnitCode)>,
        limit: i64,
    ) -> Result<Vec<NotStartedUnit>, CampaignError> {
        let c = self.record(id).await?;
        let mut rows = self
            .store
            .campaign_not_started(
                id,
                level,
                after.as_ref().map(|(l, u)| (*l, u)),
                limit.clamp(1, MAX_PAGE),
            )
            .await?;
        answer_to_owner(&mut rows, &c);
        Ok(rows)
    }

    /// The not-started targets `filter` selects, in its order, with their
    /// supervisors (a target without a targeted unit above it answers to
    /// the owner): `limit` rows from `offset`, or all of them for `None`.
    pub async fn not_started_filtered(
        &self,
        id: CampaignId,
        filter: &NotStartedFilter,
        offset: i64,
        limit: Option<i64>,
    ) -> Result<Vec<NotStartedUnit>, CampaignError> {
        let c = self.record(id).await?;
        let mut rows = self
            .store
            .campaign_not_started_filtered(id, filter, offset, limit.map(|l| l.clamp(1, MAX_PAGE)))
            .await?;
        answer_to_owner(&mut rows, &c);
        Ok(rows)
    }

    /// How many not-started targets `filter` selects.
    pub async fn not_started_count(
        &self,
        id: CampaignId,
        filter: &NotStartedFilter,
    ) -> Result<i64, CampaignError> {
        self.record(id).await?;
        Ok(self.store.campaign_not_started_count(id, filter).await?)
    }

    /// Public releases that adopted the campaign, newest first, before the
    /// `(public_at, release_id)` cursor.
    pub async fn adopted_releases(
        &self,
        id: CampaignId,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<AdoptedRelease>, CampaignError> {
        self.record(id).await?;
        Ok(self
            .store
            .campaign_adopted_releases(id, self.now(), before, limit.clamp(1, MAX_PAGE))
            .await?)
    }

    /// The adoption history (optionally of one unit), oldest first:
    /// `(at, op, unit, release, note)`.
    pub async fn history(
        &self,
        id: CampaignId,
        unit: Option<&UnitCode>,
    ) -> Result<Vec<(i64, String, Option<String>, Option<i64>, String)>, CampaignError> {
        self.record(id).await?;
        Ok(self.store.campaign_history(id, unit).await?)
    }

    /// For a unit's "what needs doing" panel: running campaigns that
    /// target `unit` and that it has not adopted yet. Only for people who
    /// may draft for the unit.
    pub async fn needs_doing(
        &self,
        p: &Principal,
        unit: &UnitCode,
    ) -> Result<Vec<UnitCampaign>, CampaignError> {
        if !p.can(sinergi_domain::access::Action::Draft, unit) {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .campaigns_targeting(unit, self.now())
            .await?
            .into_iter()
            .filter(|c| c.adopted_at.is_none())
            .collect())
    }

    /// The public campaign page: figures and the newest adopted releases
    /// (public ones only, at this moment).
    pub async fn public_campaign(
        &self,
        tag: &str,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<PublicCampaign, CampaignError> {
        let campaign = self.campaign_by_tag(tag).await?;
        let levels = self.store.campaign_level_figures(campaign.id).await?;
        let releases = self
            .store
            .campaign_adopted_releases(campaign.id, self.now(), before, limit.clamp(1, MAX_PAGE))
            .await?;
        Ok(PublicCampaign {
            totals: totals(&levels),
            campaign,
            levels,
            releases,
        })
    }
}

/// A not-started target with no targeted unit above it answers to the campaign's owner.
fn answer_to_owner(rows: &mut [NotStartedUnit], c: &CampaignRecord) {
    for r in rows {
        if r.supervisor_code.is_none() && r.unit_code != c.owner_code {
            r.supervisor_code = Some(c.owner_code.to_string());
            r.supervisor_name = Some(c.owner_name.clone());
        }
    }
}
