//! Recording, changing and cancelling events, reading them, attendance by
//! list and by the code shown in the room, and the releases that report
//! an event.

use serde::Serialize;
use sinergi_domain::access::{
    Action, Principal, may_check_in, may_record_event, sees_internal_event,
};
use sinergi_domain::forum::Visibility;
use sinergi_domain::newsroom::visibility::{ReleaseFacts, is_public_now};
use sinergi_domain::{EventId, ReleaseId, SeriesId, UnitCode};
use sinergi_store::forums::{
    AttendanceRecord, EventDraft, EventFilter, EventRecord, EventRelease, InvitedContact, Material,
    RegistrationRecord, SeriesRecord, Speaker,
};
use sinergi_store::monitor::MatchState;

use crate::codes::{attendance_code, event_uid, normalise_code};
use crate::commitments::CommitmentView;
use crate::input::{EventInput, SeriesInput};
use crate::{ForumError, Forums, MAX_LIST};

/// How far from its start and end an event takes the code shown in its
/// room: the day of the event, give or take.
const CHECK_IN_SLACK: i64 = 6 * 3_600_000_000;

/// An event's page.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub event: EventRecord,
    pub agenda_html: String,
    /// May change, cancel, take attendance and record commitments.
    pub can_manage: bool,
    pub attendance: Vec<AttendanceRecord>,
    pub commitments: Vec<CommitmentView>,
    pub releases: Vec<EventRelease>,
    /// Registration has not closed (and the event is neither over nor cancelled).
    pub registration_open: bool,
    /// The reader's own units that are invited and not yet present: they
    /// may enter the code.
    pub check_in_units: Vec<UnitCode>,
    /// The contacts invited, for the organiser's people only.
    pub invited_contacts: Vec<InvitedContact>,
    pub speakers: Vec<Speaker>,
    pub minutes_md: String,
    pub outcomes_md: String,
    pub minutes_html: String,
    pub outcomes_html: String,
    /// How many registered.
    pub registered: i64,
    /// The reader is registered.
    pub registered_self: bool,
    /// Who registered, for the organiser's people only.
    pub registrations: Vec<RegistrationRecord>,
    /// Files of the event (served at `/media/{id}` to whoever sees it).
    pub materials: Vec<Material>,
    /// The media that picked up the releases reporting the event (credited
    /// by the monitor or confirmed by an officer), per release.
    pub pickups: Vec<EventPickup>,
}

/// An article that picked up a release reporting the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventPickup {
    pub release_id: ReleaseId,
    pub outlet: String,
    pub title: String,
    pub url: Option<String>,
    pub published_at: i64,
}

/// A check-in by code: where and for which unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckIn {
    pub event_id: EventId,
    pub event_title: String,
    pub unit: UnitCode,
    /// `false` when the unit was already recorded.
    pub recorded: bool,
}

/// Whether `p` sees `e` at all.
pub(crate) fn visible(p: &Principal, e: &EventRecord) -> bool {
    e.visibility == Visibility::Public || sees_internal_event(p, &e.organiser_code, &e.invited)
}

/// What a calendar shows changed: its SEQUENCE goes up.
fn calendar_changed(old: &EventRecord, new: &EventDraft) -> bool {
    old.title != new.title
        || old.starts_at != new.starts_at
        || old.ends_at != new.ends_at
        || old.zone != new.zone
        || old.venue_code != new.venue_code
        || old.address != new.address
        || old.online_url != new.online_url
        || old.agenda_md != new.agenda_md
        || old.kind != new.kind
}

impl Forums {
    /// Creates a series owned by `input.owner` (whoever records its events).
    pub async fn create_series(
        &self,
        p: &Principal,
        input: &SeriesInput,
    ) -> Result<SeriesRecord, ForumError> {
        if let Ok(owner) = UnitCode::parse(input.owner.trim())
            && !may_record_event(p, &owner)
        {
            return Err(ForumError::NotAllowed);
        }
        let draft = input.validate(&self.store).await?;
        if !may_record_event(p, &draft.owner_code) {
            return Err(ForumError::NotAllowed);
        }
        let id = self
            .store
            .insert_series(&draft, p.user_id, self.now())
            .await?;
        self.notifier.notify();
        self.series_record(id).await
    }

    pub(crate) async fn series_record(&self, id: SeriesId) -> Result<SeriesRecord, ForumError> {
        self.store
            .series(id)
            .await?
            .ok_or_else(|| ForumError::NotFound(format!("series {id}")))
    }

    /// Every series, newest first.
    pub async fn series_list(&self) -> Result<Vec<SeriesRecord>, ForumError> {
        Ok(self.store.series_list().await?)
    }

    /// Records an event for `input.organiser`.
    pub async fn create(
        &self,
        p: &Principal,
        input: &EventInput,
    ) -> Result<EventRecord, ForumError> {
        if let Ok(o) = UnitCode::parse(input.organiser.trim())
            && !may_record_event(p, &o)
        {
            return Err(ForumError::NotAllowed);
        }
        let draft = input.validate(&self.store).await?;
        if !may_record_event(p, &draft.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let id = self
            .store
            .insert_event(
                &draft,
                &event_uid(&self.base_url),
                &attendance_code(),
                p.user_id,
                self.now(),
            )
            .await?;
        self.notifier.notify();
        self.record(id).await
    }

    /// Changes an event over `expected_version`. A change a calendar shows
    /// (title, time, place, agenda) raises its SEQUENCE.
    pub async fn update(
        &self,
        p: &Principal,
        id: EventId,
        expected_version: i64,
        input: &EventInput,
    ) -> Result<EventRecord, ForumError> {
        let current = self.visible_record(p, id).await?;
        if !may_record_event(p, &current.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let draft = input.validate(&self.store).await?;
        if !may_record_event(p, &draft.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        let raise = calendar_changed(&current, &draft);
        self.store
            .update_event(id, expected_version, &draft, raise, self.now())
            .await?;
        self.notifier.notify();
        self.record(id).await
    }

    /// Cancels an event: it stays, marked cancelled (calendars get
    /// `STATUS:CANCELLED` with a raised SEQUENCE).
    pub async fn cancel(&self, p: &Principal, id: EventId) -> Result<EventRecord, ForumError> {
        let current = self.visible_record(p, id).await?;
        if !may_record_event(p, &current.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        if self.store.cancel_event(id, self.now()).await? {
            self.notifier.notify();
        }
        self.record(id).await
    }

    pub(crate) async fn record(&self, id: EventId) -> Result<EventRecord, ForumError> {
        self.store
            .event(id)
            .await?
            .ok_or_else(|| ForumError::NotFound(format!("event {id}")))
    }

    /// The event, when `p` may see it (an internal event is "not found"
    /// for everyone else).
    pub async fn visible_record(
        &self,
        p: &Principal,
        id: EventId,
    ) -> Result<EventRecord, ForumError> {
        let e = self.record(id).await?;
        if visible(p, &e) {
            Ok(e)
        } else {
            Err(ForumError::NotFound(format!("event {id}")))
        }
    }

    /// An event's page: details, attendance, commitments with their
    /// fulfilment, and the releases that report it.
    pub async fn event(&self, p: &Principal, id: EventId) -> Result<EventView, ForumError> {
        let event = self.visible_record(p, id).await?;
        let now = self.now();
        let attendance = self.store.attendance(id).await?;
        let commitments = self.commitment_views(p, &event).await?;
        let releases = self.store.event_releases(id, now).await?;
        let mut pickups = Vec::new();
        for r in &releases {
            for m in self
                .store
                .release_matches(r.release_id, &[MatchState::Credited, MatchState::Confirmed])
                .await?
            {
                pickups.push(EventPickup {
                    release_id: r.release_id,
                    outlet: m.outlet,
                    title: m.article_title,
                    url: m.article_url,
                    published_at: m.article_published_at,
                });
            }
        }
        let check_in_units = p
            .memberships
            .iter()
            .map(|m| m.unit.clone())
            .filter(|u| {
                event.invited.contains(u)
                    && may_check_in(p, u)
                    && !attendance.iter().any(|a| a.unit_code == *u)
            })
            .collect();
        let can_manage = may_record_event(p, &event.organiser_code);
        let (invited_contacts, registrations) = if can_manage {
            (
                self.store.event_invited_contacts(id).await?,
                self.store.event_registrations(id).await?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let (registered, registered_self) = self.store.registration_of(id, p.user_id).await?;
        let (minutes_md, outcomes_md) = self.store.event_record_text(id).await?;
        Ok(EventView {
            agenda_html: sinergi_media::render_markdown(&event.agenda_md),
            can_manage,
            invited_contacts,
            speakers: self.store.event_speakers(id).await?,
            minutes_html: sinergi_media::render_markdown(&minutes_md),
            outcomes_html: sinergi_media::render_markdown(&outcomes_md),
            minutes_md,
            outcomes_md,
            registered,
            registered_self,
            registrations,
            pickups,
            materials: self.store.event_materials(id).await?,
            registration_open: !event.cancelled()
                && now < event.ends_at
                && event.registration_closes_at.is_none_or(|r| now < r),
            attendance,
            commitments,
            releases,
            check_in_units,
            event,
        })
    }

    /// The contacts an event invites, for its organiser's people only
    /// (their addresses are personal data).
    pub async fn invited_contacts(
        &self,
        p: &Principal,
        id: EventId,
    ) -> Result<Vec<InvitedContact>, ForumError> {
        let event = self.visible_record(p, id).await?;
        if !may_record_event(p, &event.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        Ok(self.store.event_invited_contacts(id).await?)
    }

    /// Events `p` sees, as `filter` selects them.
    pub async fn list(
        &self,
        p: &Principal,
        filter: &EventFilter,
    ) -> Result<Vec<EventRecord>, ForumError> {
        let mut f = filter.clone();
        f.limit = f.limit.clamp(1, MAX_LIST);
        Ok(self
            .store
            .events(&p.scope(Action::ReadInternal), &f)
            .await?)
    }

    /// Public events only (feeds, press rooms, calendars to subscribe to).
    pub async fn public_list(&self, filter: &EventFilter) -> Result<Vec<EventRecord>, ForumError> {
        self.list(&Principal::public(), filter).await
    }

    /// Sets who attended, as the organiser ticks the list: `present` of
    /// the invited units are recorded, the other invited units withdrawn.
    /// Returns (recorded, withdrawn).
    pub async fn take_attendance(
        &self,
        p: &Principal,
        id: EventId,
        present: &[UnitCode],
    ) -> Result<(usize, usize), ForumError> {
        let event = self.visible_record(p, id).await?;
        if !may_record_event(p, &event.organiser_code) {
            return Err(ForumError::NotAllowed);
        }
        if event.cancelled() {
            return Err(ForumError::invalid("attendance", "ev-cancelled"));
        }
        if present.iter().any(|u| !event.invited.contains(u)) {
            return Err(ForumError::invalid("attendance", "ev-not-invited"));
        }
        let now = self.now();
        let (mut recorded, mut withdrawn) = (0, 0);
        for unit in &event.invited {
            if present.contains(unit) {
                if self
                    .store
                    .record_attendance(id, unit, "list", p.user_id, now)
                    .await?
                {
                    recorded += 1;
                }
            } else if self.store.withdraw_attendance(id, unit, now).await? {
                withdrawn += 1;
            }
        }
        if recorded + withdrawn > 0 {
            self.notifier.notify();
        }
        Ok((recorded, withdrawn))
    }

    /// A signed-in officer enters the code shown in the room: their unit
    /// that the event invites is recorded present. `event` narrows the
    /// search to one event (the event's own page).
    pub async fn check_in(
        &self,
        p: &Principal,
        typed: &str,
        event: Option<EventId>,
    ) -> Result<CheckIn, ForumError> {
        let code = normalise_code(typed);
        if code.is_empty() {
            return Err(ForumError::invalid("code", "ev-code-required"));
        }
        let now = self.now();
        let mut candidates = self
            .store
            .event_by_code(&code, now - CHECK_IN_SLACK, now + CHECK_IN_SLACK)
            .await?;
        if let Some(only) = event {
            candidates.retain(|id| *id == only);
        }
        let mut matched = false;
        for id in candidates {
            let e = self.record(id).await?;
            matched = true;
            let unit = p
                .memberships
                .iter()
                .map(|m| &m.unit)
                .find(|u| e.invited.contains(u) && may_check_in(p, u));
            if let Some(unit) = unit {
                let recorded = self
                    .store
                    .record_attendance(id, unit, "code", p.user_id, now)
                    .await?;
                if recorded {
                    self.notifier.notify();
                }
                return Ok(CheckIn {
                    event_id: id,
                    event_title: e.title,
                    unit: unit.clone(),
                    recorded,
                });
            }
        }
        Err(ForumError::invalid(
            "code",
            if matched {
                "ev-code-not-invited"
            } else {
                "ev-code-unknown"
            },
        ))
    }

    /// Records that `release` reports `event`: by someone who drafts for
    /// the release's unit, about an event they see.
    pub async fn link_release(
        &self,
        p: &Principal,
        event: EventId,
        release: ReleaseId,
    ) -> Result<(), ForumError> {
        self.visible_record(p, event).await?;
        let r = self
            .store
            .release(release)
            .await?
            .ok_or_else(|| ForumError::NotFound(format!("release {release}")))?;
        if !p.can(Action::Draft, &r.unit_code) {
            return Err(ForumError::NotAllowed);
        }
        if self
            .store
            .link_event_release(event, release, self.now())
            .await?
        {
            self.notifier.notify();
        }
        Ok(())
    }

    /// The events a release reports that `p` sees (for the release page).
    pub async fn events_of_release(
        &self,
        p: &Principal,
        release: ReleaseId,
    ) -> Result<Vec<EventRecord>, ForumError> {
        let mut out = Vec::new();
        for id in self.store.events_reported_by(release).await? {
            if let Ok(e) = self.visible_record(p, id).await {
                out.push(e);
            }
        }
        Ok(out)
    }
}

/// Whether a release is public now (used for evidence).
pub(crate) fn release_is_public(r: &sinergi_store::newsroom::ReleaseRecord, now: i64) -> bool {
    is_public_now(
        &ReleaseFacts {
            unit: &r.unit_code,
            state: r.state,
            public_at: r.public_at,
            embargo: r.embargo,
            withdrawn_at: r.withdrawn_at,
        },
        now,
    )
}
