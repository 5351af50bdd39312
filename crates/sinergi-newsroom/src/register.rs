//! Achievements and innovations: recording them, reading them with their
//! publication status, and replication.

use serde::Serialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::{InnovationStage, ItemKind, days_between, normalise_tags};
use sinergi_domain::{ItemId, UnitCode};
use sinergi_store::Page;
use sinergi_store::newsroom::{
    Evidence, ItemDraft, ItemQuery, ItemRecord, ReleaseBrief, Replication,
};

use crate::validate::{Checks, today};
use crate::{Newsroom, NewsroomError};

/// What a person submits for an item, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ItemInput {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub occurred_on: Option<String>,
    pub problem: Option<String>,
    pub solution: Option<String>,
    pub impact: Option<String>,
    pub stage: Option<String>,
    /// Comma-separated.
    pub tags: String,
    /// One a line: `label | https://…` or just the address.
    pub evidence: String,
}

/// An item with what its reader may know of its publication.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub item: ItemRecord,
    pub evidence: Vec<Evidence>,
    /// Releases reporting it that the reader may see.
    pub releases: Vec<ReleaseBrief>,
    pub replications: Vec<Replication>,
    /// Published by then: days from recording to publication.
    pub published_after_days: Option<i64>,
    /// Not yet published: days since it was recorded.
    pub unpublished_days: Option<i64>,
    pub can_edit: bool,
}

fn blank_to_none(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn parse_evidence(raw: &str, checks: &mut Checks) -> Vec<Evidence> {
    let mut out = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (label, url) = match line.rsplit_once('|') {
            Some((l, u)) => (l.trim().to_owned(), u.trim().to_owned()),
            None => (line.to_owned(), line.to_owned()),
        };
        checks.url("evidence", &url);
        checks.optional_text("evidence", Some(&label), 300);
        out.push(Evidence {
            label: if label.is_empty() { url.clone() } else { label },
            url: Some(url),
            media_id: None,
        });
    }
    if out.len() > 20 {
        checks.fail("evidence", "field-too-long");
    }
    out
}

impl Newsroom {
    async fn item_draft(&self, input: &ItemInput) -> Result<ItemDraft, NewsroomError> {
        let mut checks = Checks::new();
        let kind = input.kind.parse::<ItemKind>().ok();
        if kind.is_none() {
            checks.fail("kind", "field-required");
        }
        checks.text("title", &input.title, 200);
        checks.text("description", &input.description, 20_000);
        let category = blank_to_none(&input.category);
        if let Some(c) = &category {
            let known = self.store.categories().await?;
            if !known.iter().any(|k| &k.key == c) {
                checks.fail("category", "category-unknown");
            }
        }
        let occurred_on = blank_to_none(&input.occurred_on);
        checks.date("occurred_on", occurred_on.as_deref(), today(self.now()));
        let problem = blank_to_none(&input.problem);
        let solution = blank_to_none(&input.solution);
        let impact = blank_to_none(&input.impact);
        for (field, v) in [
            ("problem", &problem),
            ("solution", &solution),
            ("impact", &impact),
        ] {
            checks.optional_text(field, v.as_deref(), 20_000);
        }
        let stage = match blank_to_none(&input.stage) {
            Some(s) => match s.parse::<InnovationStage>() {
                Ok(st) => Some(st),
                Err(_) => {
                    checks.fail("stage", "stage-unknown");
                    None
                }
            },
            None => None,
        };
        if kind == Some(ItemKind::Innovation) && stage.is_none() {
            checks.fail("stage", "field-required");
        }
        let tags = match normalise_tags(&[input.tags.as_str()]) {
            Ok(t) => t,
            Err(_) => {
                checks.fail("tags", "tags-invalid");
                Vec::new()
            }
        };
        let evidence = parse_evidence(&input.evidence, &mut checks);
        checks.finish()?;
        let kind = kind.unwrap_or(ItemKind::Achievement);
        let innovation = kind == ItemKind::Innovation;
        Ok(ItemDraft {
            kind,
            title: input.title.trim().to_owned(),
            description_md: input.description.trim().to_owned(),
            category_key: category,
            occurred_on,
            problem_md: problem.filter(|_| innovation),
            solution_md: solution.filter(|_| innovation),
            impact_md: impact.filter(|_| innovation),
            stage: stage.filter(|_| innovation),
            tags,
            evidence,
        })
    }

    /// Records an achievement or innovation of `unit`.
    pub async fn create_item(
        &self,
        principal: &Principal,
        unit: &UnitCode,
        input: &ItemInput,
    ) -> Result<ItemId, NewsroomError> {
        if !principal.can(Action::Draft, unit) {
            return Err(NewsroomError::NotAllowed);
        }
        self.store.unit(unit).await?;
        let draft = self.item_draft(input).await?;
        let written = self
            .store
            .insert_item(unit, &draft, principal.user_id, self.now())
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// Saves an item over the version the person edited.
    pub async fn update_item(
        &self,
        principal: &Principal,
        id: ItemId,
        expected_version: i64,
        input: &ItemInput,
    ) -> Result<i64, NewsroomError> {
        let item = self.visible_item(principal, id).await?;
        if !principal.can(Action::Draft, &item.unit_code) {
            return Err(NewsroomError::NotAllowed);
        }
        let mut draft = self.item_draft(input).await?;
        draft.kind = item.kind;
        let written = self
            .store
            .update_item(id, expected_version, &draft, self.now())
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    pub async fn remove_item(
        &self,
        principal: &Principal,
        id: ItemId,
    ) -> Result<(), NewsroomError> {
        let item = self.visible_item(principal, id).await?;
        if !principal.can(Action::Review, &item.unit_code) {
            return Err(NewsroomError::NotAllowed);
        }
        self.store.remove_item(id, self.now()).await?;
        self.notifier.notify();
        Ok(())
    }

    /// The item if the principal may see it: internal readers of its unit
    /// always, everyone else once a public release has reported it.
    async fn visible_item(
        &self,
        principal: &Principal,
        id: ItemId,
    ) -> Result<ItemRecord, NewsroomError> {
        let not_found = || NewsroomError::NotFound(format!("item {id}"));
        let item = self.store.item(id).await?.ok_or_else(not_found)?;
        let internal = principal.can(Action::ReadInternal, &item.unit_code);
        if item.removed_at.is_some() || !(internal || item.is_published_at(self.now())) {
            return Err(not_found());
        }
        Ok(item)
    }

    pub async fn item_view(
        &self,
        principal: &Principal,
        id: ItemId,
    ) -> Result<ItemView, NewsroomError> {
        let item = self.visible_item(principal, id).await?;
        let now = self.now();
        let mut releases = Vec::new();
        for r in self.store.releases_reporting(id).await? {
            if self.brief_visible(principal, &r, now) {
                releases.push(r);
            }
        }
        let published_after_days = item
            .first_public_at
            .filter(|t| *t <= now)
            .map(|t| days_between(item.created_at, t));
        let unpublished_days = published_after_days
            .is_none()
            .then(|| days_between(item.created_at, now));
        Ok(ItemView {
            evidence: self.store.item_evidence(id).await?,
            replications: self.store.replications_of(id).await?,
            can_edit: principal.can(Action::Draft, &item.unit_code),
            releases,
            published_after_days,
            unpublished_days,
            item,
        })
    }

    /// Items of a unit (and its subtree): all of them for its internal
    /// readers, the published ones for everyone else.
    pub async fn items(
        &self,
        principal: &Principal,
        mut query: ItemQuery,
    ) -> Result<Page<ItemRecord>, NewsroomError> {
        let internal = query.unit.as_ref().is_some_and(|u| {
            let scope = principal.scope(Action::ReadInternal);
            if query.with_subtree {
                scope.everything
                    || scope
                        .subtrees
                        .iter()
                        .any(|s| s == u || u.is_descendant_of(s))
            } else {
                scope.contains(u)
            }
        });
        if !internal {
            query.published_by = Some(self.now());
        }
        Ok(self.store.items(&query).await?)
    }

    /// Records that `unit` replicated another unit's innovation, which the
    /// person must be able to see.
    pub async fn replicate(
        &self,
        principal: &Principal,
        innovation_id: ItemId,
        unit: &UnitCode,
        replicated_on: Option<&str>,
        note: &str,
    ) -> Result<i64, NewsroomError> {
        let item = self.visible_item(principal, innovation_id).await?;
        if !principal.can(Action::Draft, unit) {
            return Err(NewsroomError::NotAllowed);
        }
        let mut checks = Checks::new();
        if item.kind != ItemKind::Innovation {
            checks.fail("innovation", "not-an-innovation");
        }
        if &item.unit_code == unit {
            checks.fail("unit", "replicate-own");
        }
        let on = replicated_on.map(str::trim).filter(|s| !s.is_empty());
        checks.date("replicated_on", on, today(self.now()));
        checks.optional_text("note", Some(note), 2_000);
        checks.finish()?;
        let written = self
            .store
            .add_replication(
                innovation_id,
                unit,
                on,
                note.trim(),
                principal.user_id,
                self.now(),
            )
            .await?;
        self.notifier.notify();
        Ok(written)
    }
}

impl Newsroom {
    /// Adds an achievement category. Categories are shared by the whole
    /// network, so only network-wide administrators extend the list.
    pub async fn add_category(
        &self,
        principal: &Principal,
        key: &str,
        label_id: &str,
        label_en: &str,
    ) -> Result<(), NewsroomError> {
        if !principal.scope(Action::ManageSettings).everything {
            return Err(NewsroomError::NotAllowed);
        }
        let mut checks = Checks::new();
        if sinergi_domain::newsroom::validate_category_key(key).is_err() {
            checks.fail("key", "category-key-invalid");
        }
        checks.text("label_id", label_id, 80);
        checks.text("label_en", label_en, 80);
        checks.finish()?;
        let category = sinergi_store::newsroom::Category {
            key: key.to_owned(),
            label_id: label_id.trim().to_owned(),
            label_en: label_en.trim().to_owned(),
        };
        self.store.add_category(&category, self.now()).await?;
        self.notifier.notify();
        Ok(())
    }
}
