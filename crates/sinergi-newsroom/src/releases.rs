//! Releases: drafting, the editorial workflow, embargo, corrections,
//! withdrawal, comments, revisions and amplification.

use serde::{Deserialize, Serialize};
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::{
    DAY_MICROS, ReleaseAccess, ReleaseFacts, ReleaseOp, ReleaseState, ReleaseStatus, Timing,
    is_public_now, next_state, normalise_tags, public_versions, release_access,
};
use sinergi_domain::{ItemId, ReleaseId, UnitCode};
use sinergi_store::Page;
use sinergi_store::newsroom::{
    Amplification, Comment, GapCounts, GapItem, GapQuery, ItemRecord, MediaRecord, ReleaseBrief,
    ReleaseContent, ReleaseEvent, ReleaseQuery, ReleaseRecord, Revision, Transition, WorkCounts,
};

use crate::diff::{DiffPart, word_diff};
use crate::slug::slugify;
use crate::validate::Checks;
use crate::{Newsroom, NewsroomError};

/// Languages a release may be written in.
pub const LANGUAGES: [&str; 2] = ["id", "en"];

/// What an author submits, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ReleaseInput {
    pub title: String,
    pub lead: String,
    pub body: String,
    /// Comma-separated.
    pub tags: String,
    pub language: String,
    pub item_ids: Vec<ItemId>,
    /// Media ids with their alternative text, in order.
    pub media: Vec<(i64, String)>,
}

/// A release as one reader may see it.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    pub release: ReleaseRecord,
    pub access: AccessLevel,
    /// What the release is called as of now.
    pub status: ReleaseStatus,
    /// Whether the public reads the whole release now: the domain's
    /// `is_public_now`, the question every public surface asks.
    pub public_now: bool,
    pub items: Vec<ItemRecord>,
    pub media: Vec<MediaRecord>,
    /// For an amplification: the original, when the reader may see it.
    pub original: Option<ReleaseBrief>,
    pub amplifications: Vec<Amplification>,
    /// Public correction notes, oldest first.
    pub corrections: Vec<ReleaseEvent>,
    /// Internal readers only.
    pub comments: Vec<Comment>,
    pub events: Vec<ReleaseEvent>,
    pub revisions: Vec<Revision>,
    /// Moves the reader may make now, by name (`submit`, `approve`, …).
    pub allowed: Vec<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    Notice,
    Embargoed,
    Public,
    Internal,
}

/// The "what needs doing" panel.
#[derive(Debug, Clone, Serialize)]
pub struct WorkPanel {
    pub counts: WorkCounts,
    pub review_queue: Vec<ReleaseBrief>,
    pub drafts: Vec<ReleaseBrief>,
    pub approved: Vec<ReleaseBrief>,
    pub lifting_soon: Vec<ReleaseBrief>,
    pub gap: Vec<GapItem>,
}

/// How far ahead "about to lift" looks.
const SOON: i64 = 2 * DAY_MICROS;

fn facts(r: &ReleaseRecord) -> ReleaseFacts<'_> {
    ReleaseFacts {
        unit: &r.unit_code,
        state: r.state,
        public_at: r.public_at,
        embargo: r.embargo,
        withdrawn_at: r.withdrawn_at,
    }
}

/// What the public calls the state at `now` (the domain's rule).
pub fn status_at(
    state: ReleaseState,
    public_at: Option<i64>,
    embargo: bool,
    corrections: i64,
    now: i64,
) -> ReleaseStatus {
    ReleaseStatus::at(state, public_at, embargo, corrections, now)
}

const ALL_OPS: [(&str, ReleaseOp); 8] = [
    ("submit", ReleaseOp::Submit),
    ("return", ReleaseOp::Return),
    ("approve", ReleaseOp::Approve),
    ("reopen", ReleaseOp::Reopen),
    ("release", ReleaseOp::Release(Timing::Now)),
    ("unschedule", ReleaseOp::Unschedule),
    ("correct", ReleaseOp::Correct),
    ("withdraw", ReleaseOp::Withdraw),
];

/// The name a move is recorded under.
pub fn op_name(op: ReleaseOp) -> &'static str {
    match op {
        ReleaseOp::Edit => "edit",
        ReleaseOp::Comment => "comment",
        ReleaseOp::Release(_) => "release",
        other => ALL_OPS
            .iter()
            .find(|(_, o)| *o == other)
            .map_or("edit", |(n, _)| *n),
    }
}

impl Newsroom {
    async fn content(
        &self,
        unit: &UnitCode,
        input: &ReleaseInput,
    ) -> Result<ReleaseContent, NewsroomError> {
        let mut checks = Checks::new();
        checks.text("title", &input.title, 200);
        checks.text("lead", &input.lead, 1_000);
        checks.text("body", &input.body, 100_000);
        let language = if input.language.trim().is_empty() {
            "id"
        } else {
            input.language.trim()
        };
        if !LANGUAGES.contains(&language) {
            checks.fail("language", "language-unknown");
        }
        let tags = normalise_tags(&[input.tags.as_str()]).unwrap_or_else(|_| {
            checks.fail("tags", "tags-invalid");
            Vec::new()
        });
        let mut item_ids = input.item_ids.clone();
        item_ids.sort_unstable();
        item_ids.dedup();
        for id in &item_ids {
            match self.store.item(*id).await? {
                Some(i)
                    if i.removed_at.is_none()
                        && (&i.unit_code == unit || i.unit_code.is_descendant_of(unit)) => {}
                _ => checks.fail("items", "item-not-linkable"),
            }
        }
        for (id, alt) in &input.media {
            match self.store.media(*id).await? {
                Some(m) if m.unit_code == unit.as_str() => {}
                _ => checks.fail("media", "media-not-linkable"),
            }
            checks.optional_text("media", Some(alt), 300);
        }
        checks.finish()?;
        Ok(ReleaseContent {
            title: input.title.trim().to_owned(),
            slug: slugify(&input.title),
            lead: input.lead.trim().to_owned(),
            body_md: input.body.clone(),
            body_html: sinergi_media::render_markdown(&input.body),
            tags,
            language: language.to_owned(),
            item_ids,
            media: input.media.clone(),
        })
    }

    /// A new draft of `unit`.
    pub async fn create_release(
        &self,
        principal: &Principal,
        unit: &UnitCode,
        input: &ReleaseInput,
    ) -> Result<ReleaseId, NewsroomError> {
        if !principal.can(Action::Draft, unit) {
            return Err(NewsroomError::NotAllowed);
        }
        self.store.unit(unit).await?;
        let content = self.content(unit, input).await?;
        let written = self
            .store
            .create_release(unit, &content, principal.user_id, self.now())
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// The release if the principal may know it exists at all.
    async fn readable(
        &self,
        principal: &Principal,
        id: ReleaseId,
    ) -> Result<(ReleaseRecord, ReleaseAccess), NewsroomError> {
        let not_found = || NewsroomError::NotFound(format!("release {id}"));
        let r = self.store.release(id).await?.ok_or_else(not_found)?;
        match release_access(principal, &facts(&r), self.now()) {
            ReleaseAccess::None => Err(not_found()),
            access => Ok((r, access)),
        }
    }

    /// Saves new content over `expected_version` (drafts and releases in
    /// review). A stale version is refused; the caller keeps the text.
    pub async fn save_release(
        &self,
        principal: &Principal,
        id: ReleaseId,
        expected_version: i64,
        input: &ReleaseInput,
    ) -> Result<i64, NewsroomError> {
        let (r, _) = self.readable(principal, id).await?;
        next_state(
            principal,
            &r.unit_code,
            r.state,
            r.public_at,
            ReleaseOp::Edit,
            self.now(),
        )?;
        let content = self.content(&r.unit_code, input).await?;
        let written = self
            .store
            .save_release(
                id,
                expected_version,
                &content,
                None,
                principal.user_id,
                self.now(),
            )
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// Changes a public release, with a public note saying what changed.
    /// The earlier text stays readable as a revision.
    pub async fn correct_release(
        &self,
        principal: &Principal,
        id: ReleaseId,
        expected_version: i64,
        input: &ReleaseInput,
        note: &str,
    ) -> Result<i64, NewsroomError> {
        let (r, _) = self.readable(principal, id).await?;
        next_state(
            principal,
            &r.unit_code,
            r.state,
            r.public_at,
            ReleaseOp::Correct,
            self.now(),
        )?;
        let mut checks = Checks::new();
        checks.text("note", note, 2_000);
        checks.finish()?;
        let content = self.content(&r.unit_code, input).await?;
        let written = self
            .store
            .save_release(
                id,
                expected_version,
                &content,
                Some(note.trim()),
                principal.user_id,
                self.now(),
            )
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// A workflow move (not edits or corrections, which carry content).
    pub async fn move_release(
        &self,
        principal: &Principal,
        id: ReleaseId,
        expected_version: i64,
        op: ReleaseOp,
        note: &str,
    ) -> Result<ReleaseState, NewsroomError> {
        if matches!(
            op,
            ReleaseOp::Edit | ReleaseOp::Correct | ReleaseOp::Comment
        ) {
            return Err(NewsroomError::Invalid(vec![crate::Problem {
                field: "op",
                key: "op-unknown",
            }]));
        }
        let (r, _) = self.readable(principal, id).await?;
        let now = self.now();
        let to = next_state(principal, &r.unit_code, r.state, r.public_at, op, now)?;
        let mut checks = Checks::new();
        checks.optional_text("note", Some(note), 2_000);
        if op == ReleaseOp::Withdraw {
            checks.text("note", note, 2_000);
        }
        checks.finish()?;
        let (public_at, embargo) = match op {
            ReleaseOp::Release(t) => (Some(t.public_at(now)), t.is_embargo()),
            _ => (None, false),
        };
        let t = Transition {
            op: op_name(op),
            from: r.state,
            to,
            expected_version,
            public_at,
            embargo,
            note: note.trim().to_owned(),
        };
        self.store
            .transition_release(id, &t, principal.user_id, now)
            .await?;
        self.notifier.notify();
        Ok(to)
    }

    pub async fn comment_on_release(
        &self,
        principal: &Principal,
        id: ReleaseId,
        body: &str,
    ) -> Result<i64, NewsroomError> {
        let (r, _) = self.readable(principal, id).await?;
        next_state(
            principal,
            &r.unit_code,
            r.state,
            r.public_at,
            ReleaseOp::Comment,
            self.now(),
        )?;
        let mut checks = Checks::new();
        checks.text("comment", body, 5_000);
        checks.finish()?;
        let written = self
            .store
            .comment_on_release(id, r.version, body.trim(), principal.user_id, self.now())
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// `unit` republishes another unit's public release, with attribution.
    pub async fn amplify(
        &self,
        principal: &Principal,
        id: ReleaseId,
        unit: &UnitCode,
    ) -> Result<ReleaseId, NewsroomError> {
        let (r, access) = self.readable(principal, id).await?;
        let now = self.now();
        if !principal.can(Action::Review, unit) {
            return Err(NewsroomError::NotAllowed);
        }
        let public = is_public_now(&facts(&r), now);
        let mut checks = Checks::new();
        if !public || access == ReleaseAccess::Notice {
            checks.fail("release", "amplify-not-public");
        }
        if &r.unit_code == unit {
            checks.fail("unit", "amplify-own");
        }
        if r.amplifies_id.is_some() {
            checks.fail("release", "amplify-amplification");
        }
        checks.finish()?;
        let written = self
            .store
            .amplify_release(&r, unit, principal.user_id, now)
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// Everything the principal may see of a release.
    pub async fn release_view(
        &self,
        principal: &Principal,
        id: ReleaseId,
    ) -> Result<ReleaseView, NewsroomError> {
        let (r, access) = self.readable(principal, id).await?;
        let now = self.now();
        let status = status_at(r.state, r.public_at, r.embargo, r.corrections, now);
        let public_now = is_public_now(&facts(&r), now);
        let access = match access {
            ReleaseAccess::Internal => AccessLevel::Internal,
            ReleaseAccess::Public => AccessLevel::Public,
            ReleaseAccess::Embargoed => AccessLevel::Embargoed,
            _ => AccessLevel::Notice,
        };
        let internal = access == AccessLevel::Internal;
        let events = self.store.release_events(id).await?;
        let public_texts = public_versions(events.iter().map(|e| (e.op.as_str(), e.version)));
        let corrections = events
            .iter()
            .filter(|e| e.op == "correct")
            .cloned()
            .collect();
        let mut items = Vec::new();
        if access != AccessLevel::Notice {
            // The items a release reports are part of what its reader sees.
            for item in self
                .store
                .items_by_ids(&self.store.release_item_ids(id).await?)
                .await?
            {
                if item.removed_at.is_none() {
                    items.push(item);
                }
            }
        }
        let original = match r.amplifies_id {
            Some(oid) => match self.readable(principal, oid).await {
                Ok((o, _)) => Some(brief_of(&o)),
                Err(_) => None,
            },
            None => None,
        };
        let allowed = ALL_OPS
            .iter()
            .filter(|(_, op)| {
                next_state(principal, &r.unit_code, r.state, r.public_at, *op, now).is_ok()
            })
            .map(|(name, _)| *name)
            .collect();
        let mut view = ReleaseView {
            status,
            public_now,
            access,
            items,
            media: if access == AccessLevel::Notice {
                Vec::new()
            } else {
                self.store.release_media(id).await?
            },
            original,
            amplifications: self.store.amplifications_of(id).await?,
            corrections,
            comments: Vec::new(),
            events: Vec::new(),
            revisions: Vec::new(),
            allowed,
            release: r,
        };
        if internal {
            view.comments = self.store.release_comments(id).await?;
            view.events = events;
            view.revisions = self.store.release_revisions(id).await?;
        } else if access == AccessLevel::Notice {
            // A withdrawn release keeps its title and the notice, not its text.
            view.release.body_md.clear();
            view.release.body_html.clear();
            view.release.lead.clear();
        }
        if access == AccessLevel::Public && view.release.corrections > 0 {
            // The public may compare a corrected release with what it said
            // first: the public texts only, never a draft before them.
            view.revisions = self.store.release_revisions(id).await?;
            view.revisions.retain(|v| public_texts.contains(&v.version));
        }
        Ok(view)
    }

    /// Word-level comparison of two revisions, per field.
    pub async fn compare_revisions(
        &self,
        principal: &Principal,
        id: ReleaseId,
        from: i64,
        to: i64,
    ) -> Result<Vec<(&'static str, Vec<DiffPart>)>, NewsroomError> {
        let view = self.release_view(principal, id).await?;
        let find = |v: i64| view.revisions.iter().find(|r| r.version == v);
        let (Some(a), Some(b)) = (find(from), find(to)) else {
            return Err(NewsroomError::NotFound(format!(
                "revision {from} or {to} of release {id}"
            )));
        };
        Ok(vec![
            ("title", word_diff(&a.title, &b.title)),
            ("lead", word_diff(&a.lead, &b.lead)),
            ("body", word_diff(&a.body_md, &b.body_md)),
            ("tags", word_diff(&a.tags.join(", "), &b.tags.join(", "))),
        ])
    }

    pub(crate) fn brief_visible(&self, principal: &Principal, b: &ReleaseBrief, now: i64) -> bool {
        let Ok(unit) = UnitCode::parse(&b.unit_code) else {
            return false;
        };
        let f = ReleaseFacts {
            unit: &unit,
            state: b.state,
            public_at: b.public_at,
            embargo: b.embargo,
            // Listings never show withdrawal notices.
            withdrawn_at: Some(i64::MIN),
        };
        matches!(
            release_access(principal, &f, now),
            ReleaseAccess::Public | ReleaseAccess::Internal | ReleaseAccess::Embargoed
        )
    }

    /// Releases of a unit (and subtree): the public listing, or for the
    /// unit's internal readers any states asked for.
    pub async fn releases(
        &self,
        principal: &Principal,
        mut query: ReleaseQuery,
    ) -> Result<Page<ReleaseBrief>, NewsroomError> {
        let internal = query.public_by.is_none()
            && query.unit.as_ref().is_some_and(|u| {
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
            query.public_by = Some(self.now());
            query.states.clear();
        }
        Ok(self.store.releases(&query).await?)
    }

    /// What waits for the principal across every unit they read.
    pub async fn work_panel(
        &self,
        principal: &Principal,
        gap_days: i64,
    ) -> Result<WorkPanel, NewsroomError> {
        let scope = principal.scope(Action::ReadInternal);
        let now = self.now();
        let cutoff = now - gap_days * DAY_MICROS;
        let counts = self
            .store
            .work_counts(&scope, now, now + SOON, cutoff)
            .await?;
        let mut panel = WorkPanel {
            counts,
            review_queue: Vec::new(),
            drafts: Vec::new(),
            approved: Vec::new(),
            lifting_soon: Vec::new(),
            gap: Vec::new(),
        };
        let roots: Vec<(Option<UnitCode>, bool)> = if scope.everything {
            vec![(None, true)]
        } else {
            scope
                .units
                .iter()
                .map(|u| (Some(u.clone()), false))
                .chain(scope.subtrees.iter().map(|u| (Some(u.clone()), true)))
                .collect()
        };
        for (root, with_subtree) in roots {
            for (state, list) in [
                (ReleaseState::InReview, &mut panel.review_queue),
                (ReleaseState::Draft, &mut panel.drafts),
                (ReleaseState::Approved, &mut panel.approved),
                (ReleaseState::Released, &mut panel.lifting_soon),
            ] {
                let q = ReleaseQuery {
                    unit: root.clone(),
                    with_subtree,
                    states: vec![state],
                    limit: 20,
                    ..Default::default()
                };
                let page = self.store.releases(&q).await?;
                list.extend(page.items.into_iter().filter(|b| {
                    state != ReleaseState::Released
                        || b.public_at.is_some_and(|t| t > now && t <= now + SOON)
                }));
            }
            let gap = self
                .store
                .gap_items(&GapQuery {
                    root: root.clone(),
                    with_subtree,
                    now,
                    min_days: gap_days,
                    limit: 10,
                    cursor: None,
                })
                .await?;
            panel.gap.extend(gap.items);
        }
        panel.gap.sort_by_key(|g| (g.created_at, g.id));
        panel.gap.truncate(10);
        Ok(panel)
    }

    /// The publication gap under `root` (the whole network for `None`),
    /// for people who read its internal work.
    pub async fn gap_report(
        &self,
        principal: &Principal,
        root: Option<UnitCode>,
        with_subtree: bool,
        min_days: i64,
        cursor: Option<String>,
    ) -> Result<(GapCounts, Page<GapItem>), NewsroomError> {
        let scope = principal.scope(Action::ReadInternal);
        let allowed = match &root {
            None => scope.everything,
            Some(u) if with_subtree => {
                scope.everything
                    || scope
                        .subtrees
                        .iter()
                        .any(|s| s == u || u.is_descendant_of(s))
            }
            Some(u) => scope.contains(u),
        };
        if !allowed {
            return Err(NewsroomError::NotAllowed);
        }
        let q = GapQuery {
            root,
            with_subtree,
            now: self.now(),
            min_days: min_days.clamp(0, 3650),
            limit: 50,
            cursor,
        };
        let counts = self.store.gap_counts(&q).await?;
        let items = self.store.gap_items(&q).await?;
        Ok((counts, items))
    }
}

fn brief_of(r: &ReleaseRecord) -> ReleaseBrief {
    ReleaseBrief {
        id: r.id,
        unit_code: r.unit_code.to_string(),
        unit_name: r.unit_name.clone(),
        slug: r.slug.clone(),
        title: r.title.clone(),
        lead: r.lead.clone(),
        state: r.state,
        public_at: r.public_at,
        embargo: r.embargo,
        updated_at: r.updated_at,
        amplifies_id: r.amplifies_id,
        corrections: r.corrections,
        version: r.version,
        tags: r.tags.clone(),
        press_number: r.press_number,
    }
}
