//! `/forums/{id}`: an event. When and where (in the venue's zone and the
//! reader's), the agenda, who is invited and who came, the commitments
//! made there and how far each is kept, and the releases that report it.
//! The organiser's people take attendance (a list of checkboxes), see the
//! code to show in the room, record commitments and cancel; an officer of
//! an invited unit enters the code; an editor closes a commitment that is
//! not derived, with evidence. Every form posts back here and works
//! without script; a refused form comes back with what was typed.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::{CommitmentId, EventId, UnitCode};
use sinergi_forums::{
    CloseInput, CommitmentInput, CommitmentKind, CommitmentView, EventView, ForumError, Visibility,
    location_of,
};

use super::common::{
    common_level, event_href, field_errors, kind_label, principal_of, reach_text, reader_zone,
    series_href, state_tag, units_text, when_text,
};
use super::materials::{AttachError, attach_file};
use crate::AppState;
use crate::forms::{
    FieldError, Pairs, check_csrf, error_for, field, fields, render_page, see_other,
};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::{MaybeSession, SignedIn};

#[derive(Deserialize, Default)]
pub struct EventQuery {
    /// What just happened, after a redirect.
    done: Option<String>,
}

pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub present: bool,
    pub how: String,
}

pub struct ReleaseRow {
    pub title: String,
    pub href: String,
    pub unit: String,
    /// (outlet, article title, link or empty, date).
    pub pickups: Vec<(String, String, String, String)>,
}

pub struct CommitmentRow {
    pub id: i64,
    pub unit: String,
    pub unit_href: String,
    pub what: String,
    pub kind: String,
    pub for_count: String,
    pub due: String,
    pub status_class: String,
    pub status_label: String,
    pub reach: String,
    pub evidence_href: String,
    pub evidence_label: String,
    pub example: bool,
    pub can_close: bool,
}

/// The commitment form, as typed.
#[derive(Default)]
pub struct CommitmentForm {
    pub unit: String,
    pub kind: String,
    pub what: String,
    pub for_units: String,
    pub for_children: bool,
    pub due_on: String,
}

#[derive(Template)]
#[template(path = "forums/event.html")]
struct EventPage {
    ctx: PageCtx,
    csrf: String,
    id: EventId,
    title: String,
    kind: String,
    organiser: String,
    organiser_href: String,
    series: String,
    series_href: String,
    when: String,
    place: String,
    online_url: String,
    capacity: String,
    registration: String,
    internal: bool,
    cancelled: bool,
    agenda_html: String,
    can_manage: bool,
    attendance_code: String,
    notice: String,
    invited: Vec<UnitRow>,
    attendance_summary: String,
    check_in_units: Vec<(String, String)>,
    /// (name, address, consented), for the organiser's people.
    invited_contacts: Vec<(String, String, bool)>,
    commitments: Vec<CommitmentRow>,
    /// Who may promise: (code, name) of the organiser and the invited units.
    committers: Vec<(String, String)>,
    commitment_form: CommitmentForm,
    commitment_errors: Vec<FieldError>,
    close_id: i64,
    close_form: CloseInput,
    close_errors: Vec<FieldError>,
    check_in_errors: Vec<FieldError>,
    /// (title, link, unit, pickups: (outlet, article title, link, date)).
    releases: Vec<ReleaseRow>,
    in_series: bool,
    /// May say that a release of theirs reports this event.
    can_link: bool,
    link_errors: Vec<FieldError>,
    signed_in: bool,
    registration_open: bool,
    registration_summary: String,
    registered_self: bool,
    full: bool,
    /// (name, e-mail) of those registered, for the organiser's people.
    registrations: Vec<(String, String)>,
    /// (name, role, topic).
    speakers: Vec<(String, String, String)>,
    minutes_html: String,
    outcomes_html: String,
    speakers_text: String,
    minutes_md: String,
    outcomes_md: String,
    /// Refusals of the registration, speakers, record and material forms.
    program_errors: Vec<FieldError>,
    /// (media id, title, file name, size).
    materials: Vec<(i64, String, String, String)>,
}

impl EventPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.commitment_errors, field)
    }

    fn close_err(&self, field: &str) -> String {
        error_for(&self.close_errors, field)
    }

    fn link_err(&self) -> String {
        error_for(&self.link_errors, "ev-link-release")
    }

    fn check_in_err(&self) -> String {
        error_for(&self.check_in_errors, "ev-code-here")
    }

    fn program_err(&self, field: &str) -> String {
        error_for(&self.program_errors, field)
    }
}

/// The forms' state when the page is shown again after a refusal.
#[derive(Default)]
struct Echo {
    commitment_form: Option<CommitmentForm>,
    commitment_errors: Vec<FieldError>,
    close: Option<(i64, CloseInput, Vec<FieldError>)>,
    check_in_errors: Vec<FieldError>,
    link_errors: Vec<FieldError>,
    program_errors: Vec<FieldError>,
    /// The speakers, or the minutes and outcomes, as typed.
    speakers_typed: Option<String>,
    record_typed: Option<(String, String)>,
}

/// A file's size, as people read it.
fn size_text(tr: &Tr, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", tr.num((bytes + 512 * 1024) / (1024 * 1024)))
    } else {
        format!("{} KB", tr.num((bytes + 1023) / 1024))
    }
}

fn commitment_row(tr: &Tr, c: &CommitmentView) -> CommitmentRow {
    let r = &c.record;
    let (status_class, status_label) = state_tag(tr, c.state, c.overdue);
    let level = common_level(&r.for_units);
    let reach = match &c.fulfilment {
        Some(f) => reach_text(tr, f.reached.len() as i64, f.total as i64, level),
        None => String::new(),
    };
    let (evidence_href, evidence_label) =
        match (&r.evidence_url, r.evidence_release_id, r.evidence_media_id) {
            (_, Some(release), _) => (format!("/releases/{release}"), tr.t("ev-evidence-release")),
            (_, None, Some(media)) => (format!("/media/{media}"), tr.t("ev-evidence-file")),
            (Some(url), None, None) => (crate::press::safe_href(url), tr.t("ev-evidence-link")),
            _ => (String::new(), String::new()),
        };
    CommitmentRow {
        id: r.id.get(),
        unit: r.unit_name.clone(),
        unit_href: format!("/units/{}", r.unit_code),
        what: r.what.clone(),
        kind: tr.t(&format!("ev-commitment-{}", r.kind.as_str())),
        for_count: if r.for_units.is_empty() {
            String::new()
        } else {
            units_text(tr, r.for_units.len() as i64, level)
        },
        due: tr.date(r.due_at, sinergi_domain::Zone::of_unit(&r.unit_code)),
        status_class,
        status_label,
        reach,
        evidence_href,
        evidence_label,
        example: r.example,
        can_close: c.can_close,
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    maybe: &MaybeSession,
    id: EventId,
    notice_key: Option<&str>,
    echo: Echo,
    status: StatusCode,
) -> PageResult {
    let p = principal_of(maybe);
    let view: EventView = state.forums.event(&p, id).await.or_page(lang)?;
    let ctx = PageCtx::new(lang, event_href(id)).without_scripts();
    let tr = ctx.tr;
    let e = &view.event;
    let mut names = state
        .store
        .unit_names(e.invited.iter().map(UnitCode::as_str))
        .await
        .or_page(lang)?;
    names.insert(e.organiser_code.to_string(), e.organiser_name.clone());
    let name_of = |c: &UnitCode| {
        names
            .get(c.as_str())
            .cloned()
            .unwrap_or_else(|| c.to_string())
    };
    let mut invited: Vec<UnitRow> = e
        .invited
        .iter()
        .map(|c| {
            let a = view.attendance.iter().find(|a| a.unit_code == *c);
            UnitRow {
                code: c.to_string(),
                name: name_of(c),
                present: a.is_some(),
                how: a
                    .map(|a| tr.t(&format!("ev-how-{}", a.how)))
                    .unwrap_or_default(),
            }
        })
        .collect();
    invited.sort_by(|a, b| b.present.cmp(&a.present).then(a.code.cmp(&b.code)));
    let present = view.attendance.len() as i64;
    let mut committers = vec![(e.organiser_code.to_string(), e.organiser_name.clone())];
    committers.extend(e.invited.iter().map(|c| (c.to_string(), name_of(c))));
    let reader = reader_zone(maybe);
    let (close_id, close_form, close_errors) = echo.close.unwrap_or_default();
    let commitment_form = echo.commitment_form.unwrap_or_else(|| CommitmentForm {
        unit: e.invited.first().map(|c| c.to_string()).unwrap_or_default(),
        kind: if e.series_id.is_some() {
            CommitmentKind::Replicate.as_str().to_owned()
        } else {
            CommitmentKind::Other.as_str().to_owned()
        },
        for_children: e.series_id.is_some(),
        ..Default::default()
    });
    let page = EventPage {
        csrf: maybe
            .session
            .as_ref()
            .map(|s| s.csrf_token.clone())
            .unwrap_or_default(),
        id,
        title: e.title.clone(),
        kind: kind_label(&tr, e.kind),
        organiser: e.organiser_name.clone(),
        organiser_href: format!("/units/{}", e.organiser_code),
        series: e.series_title.clone().unwrap_or_default(),
        series_href: e.series_id.map(series_href).unwrap_or_default(),
        when: when_text(&tr, e, reader),
        place: location_of(e)
            .replace(&e.online_url, "")
            .trim_end_matches([',', ' '])
            .to_owned(),
        online_url: crate::press::safe_href(&e.online_url),
        capacity: e.capacity.map(|c| tr.num(c)).unwrap_or_default(),
        registration: match (e.registration_closes_at, view.registration_open) {
            (Some(at), true) => tr.t1("ev-registration-until", "time", &tr.date_time(at, e.zone)),
            (Some(_), false) => tr.t("ev-registration-closed"),
            (None, _) => String::new(),
        },
        internal: e.visibility == Visibility::Internal,
        cancelled: e.cancelled(),
        agenda_html: view.agenda_html.clone(),
        can_manage: view.can_manage,
        attendance_code: if view.can_manage && !e.cancelled() {
            e.attendance_code.clone()
        } else {
            String::new()
        },
        notice: notice_key
            .map(|k| tr.t(&format!("ev-done-{k}")))
            .unwrap_or_default(),
        attendance_summary: tr.tn(
            "ev-attendance-summary",
            &[
                ("present", tr.num(present)),
                ("invited", tr.num(e.invited.len() as i64)),
            ],
        ),
        invited,
        check_in_units: view
            .check_in_units
            .iter()
            .map(|c| (c.to_string(), name_of(c)))
            .collect(),
        invited_contacts: view
            .invited_contacts
            .iter()
            .map(|c| (c.name.clone(), c.email.clone(), c.consented))
            .collect(),
        commitments: view
            .commitments
            .iter()
            .map(|c| commitment_row(&tr, c))
            .collect(),
        committers,
        commitment_form,
        commitment_errors: echo.commitment_errors,
        close_id,
        close_form,
        close_errors,
        check_in_errors: echo.check_in_errors,
        releases: view
            .releases
            .iter()
            .map(|r| ReleaseRow {
                title: r.title.clone(),
                href: format!("/releases/{}-{}", r.release_id, r.slug),
                unit: r.unit_name.clone(),
                pickups: view
                    .pickups
                    .iter()
                    .filter(|p| p.release_id == r.release_id)
                    .map(|p| {
                        (
                            p.outlet.clone(),
                            p.title.clone(),
                            p.url
                                .as_deref()
                                .map(crate::press::safe_href)
                                .unwrap_or_default(),
                            tr.date(p.published_at, e.zone),
                        )
                    })
                    .collect(),
            })
            .collect(),
        in_series: e.series_id.is_some(),
        can_link: p.holds(sinergi_domain::access::Action::Draft),
        link_errors: echo.link_errors,
        signed_in: maybe.session.is_some(),
        registration_open: view.registration_open,
        registration_summary: match e.capacity {
            Some(c) => tr.tn(
                "ev-registered-of",
                &[("count", tr.num(view.registered)), ("capacity", tr.num(c))],
            ),
            None => tr.tn("ev-registered-count", &[("count", tr.num(view.registered))]),
        },
        registered_self: view.registered_self,
        full: e.capacity.is_some_and(|c| view.registered >= c),
        registrations: view
            .registrations
            .iter()
            .map(|r| (r.name.clone(), r.email.clone()))
            .collect(),
        speakers: view
            .speakers
            .iter()
            .map(|s| (s.name.clone(), s.role.clone(), s.topic.clone()))
            .collect(),
        minutes_html: view.minutes_html.clone(),
        outcomes_html: view.outcomes_html.clone(),
        speakers_text: echo
            .speakers_typed
            .unwrap_or_else(|| sinergi_forums::speakers_text(&view.speakers)),
        minutes_md: echo
            .record_typed
            .as_ref()
            .map(|r| r.0.clone())
            .unwrap_or_else(|| view.minutes_md.clone()),
        outcomes_md: echo
            .record_typed
            .map(|r| r.1)
            .unwrap_or_else(|| view.outcomes_md.clone()),
        program_errors: echo.program_errors,
        materials: view
            .materials
            .iter()
            .map(|m| {
                (
                    m.media_id,
                    m.title.clone(),
                    format!(
                        "{}.{}",
                        m.original_name
                            .rsplit_once('.')
                            .map_or(m.original_name.as_str(), |(b, _)| b),
                        m.extension
                    ),
                    size_text(&tr, m.bytes),
                )
            })
            .collect(),
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<EventId>,
    Query(q): Query<EventQuery>,
) -> PageResult {
    let done = q.done.as_deref().filter(|d| {
        [
            "saved",
            "attendance",
            "checked-in",
            "commitment",
            "closed",
            "cancelled",
            "linked",
            "registered",
            "unregistered",
            "speakers",
            "record",
            "material",
            "material-removed",
        ]
        .contains(d)
    });
    render(
        &state,
        lang,
        &maybe,
        id,
        done,
        Echo::default(),
        StatusCode::OK,
    )
    .await
}

fn signed_in_maybe(who: &SignedIn) -> MaybeSession {
    MaybeSession {
        session: Some(who.session.clone()),
        ip: who.actor.ip.clone(),
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    state
        .forums
        .cancel(&who.session.principal, id)
        .await
        .or_page(lang)?;
    back_to(id, "cancelled")
}

pub async fn attendance(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let present: Vec<UnitCode> = fields(&pairs, "present")
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    match state
        .forums
        .take_attendance(&who.session.principal, id, &present)
        .await
    {
        Ok(_) => back_to(id, "attendance#attendance"),
        Err(ForumError::Invalid(problems)) => {
            let tr = Tr::new(lang);
            let echo = Echo {
                check_in_errors: field_errors(&tr, "ev-", &problems),
                ..Default::default()
            };
            again(&state, lang, &who, id, echo).await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

/// The code entered on `/forums` or on the event's page.
pub async fn check_in(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let event = field(&pairs, "event").parse::<EventId>().ok();
    match state
        .forums
        .check_in(&who.session.principal, &field(&pairs, "code"), event)
        .await
    {
        Ok(done) => Ok(see_other(&format!(
            "{}?done=checked-in#attendance",
            event_href(done.event_id)
        ))),
        Err(ForumError::Invalid(problems)) => {
            let tr = Tr::new(lang);
            let errors: Vec<FieldError> = problems
                .iter()
                .map(|p| FieldError::new("ev-code-here", tr.t(p.key)))
                .collect();
            match event {
                Some(id) => {
                    let echo = Echo {
                        check_in_errors: errors,
                        ..Default::default()
                    };
                    again(&state, lang, &who, id, echo).await
                }
                None => Err(PageError::BadRequest {
                    key: "ev-check-in-refused",
                    arg: (
                        "why",
                        errors
                            .first()
                            .map(|e| e.message.clone())
                            .unwrap_or_default(),
                    ),
                }
                .in_lang(lang)),
            }
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

pub async fn add_commitment(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let form = CommitmentForm {
        unit: field(&pairs, "unit"),
        kind: field(&pairs, "kind"),
        what: field(&pairs, "what"),
        for_units: field(&pairs, "for_units"),
        for_children: field(&pairs, "for_children") == "on",
        due_on: field(&pairs, "due_on"),
    };
    let input = CommitmentInput {
        unit: form.unit.clone(),
        kind: form.kind.clone(),
        what: form.what.clone(),
        for_units: vec![form.for_units.clone()],
        for_children: form.for_children,
        due_on: form.due_on.clone(),
    };
    match state
        .forums
        .record_commitment(&who.session.principal, id, &input)
        .await
    {
        Ok(_) => back_to(id, "commitment#commitments"),
        Err(ForumError::Invalid(problems)) => {
            let tr = Tr::new(lang);
            let echo = Echo {
                commitment_errors: field_errors(&tr, "cm-", &problems),
                commitment_form: Some(form),
                ..Default::default()
            };
            again(&state, lang, &who, id, echo).await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

/// Closing with evidence: the form is sent as multipart, so a file can be
/// the evidence (stored through the newsroom's checked uploads, for the
/// promising unit when the person drafts for it, else for the organiser).
pub async fn close_commitment(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CommitmentId>,
    mut multipart: Multipart,
) -> PageResult {
    let broken = |e: axum::extract::multipart::MultipartError| {
        PageError::BadRequest {
            key: "ev-upload-broken",
            arg: ("why", e.body_text()),
        }
        .in_lang(lang)
    };
    let mut pairs: Pairs = Vec::new();
    let mut file: Option<(Vec<u8>, String, String)> = None;
    while let Some(part) = multipart.next_field().await.map_err(broken)? {
        let name = part.name().unwrap_or_default().to_owned();
        if name == "evidence_file" {
            let filename = part.file_name().unwrap_or_default().to_owned();
            let declared = part.content_type().unwrap_or_default().to_owned();
            let bytes = part.bytes().await.map_err(broken)?;
            if !filename.is_empty() || !bytes.is_empty() {
                file = Some((bytes.to_vec(), filename, declared));
            }
        } else {
            let value = part.text().await.map_err(broken)?;
            pairs.push((name, value));
        }
    }
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let tr = Tr::new(lang);
    let mut input = CloseInput {
        evidence_url: field(&pairs, "evidence_url"),
        evidence_release: field(&pairs, "evidence_release"),
        evidence_media: None,
        note: field(&pairs, "note"),
    };
    let event = field(&pairs, "event").parse::<EventId>().ok();
    let refused = |input: CloseInput, errors: Vec<FieldError>| Echo {
        close: Some((id.get(), input, errors)),
        ..Default::default()
    };
    if let Some((bytes, filename, declared)) = file {
        let c = state
            .forums
            .commitment(&who.session.principal, id)
            .await
            .or_page(lang)?;
        let owner = if who
            .session
            .principal
            .can(sinergi_domain::access::Action::Draft, &c.record.unit_code)
        {
            c.record.unit_code.clone()
        } else {
            c.organiser.clone()
        };
        match state
            .newsroom
            .upload(&who.session.principal, &owner, &bytes, &filename, &declared)
            .await
        {
            Ok(m) => input.evidence_media = Some(m.id),
            Err(sinergi_newsroom::NewsroomError::Upload(u)) => {
                let errors = vec![FieldError::new(
                    &format!("close-{id}-evidence_file"),
                    u.message(lang.code()),
                )];
                return render(
                    &state,
                    lang,
                    &signed_in_maybe(&who),
                    c.record.event_id,
                    None,
                    refused(input, errors),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            Err(_) => return Err(PageError::Forbidden.in_lang(lang)),
        }
    }
    match state
        .forums
        .close_commitment(&who.session.principal, id, &input)
        .await
    {
        Ok(c) => Ok(see_other(&format!(
            "{}?done=closed#commitments",
            event_href(c.event_id)
        ))),
        Err(ForumError::Invalid(problems)) if event.is_some() => {
            let errors = field_errors(&tr, &format!("close-{id}-"), &problems);
            let event = event.unwrap_or(EventId::new(0));
            render(
                &state,
                lang,
                &signed_in_maybe(&who),
                event,
                None,
                refused(input, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

/// "This release reports the event": the release's number, by someone who
/// drafts for its unit.
pub async fn link_release(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let tr = Tr::new(lang);
    let refused = |key: &str| Echo {
        link_errors: vec![FieldError::new(
            "ev-link-release",
            crate::forms::labelled_message(&tr, "ev-field-evidence_release", key),
        )],
        ..Default::default()
    };
    let Ok(release) = field(&pairs, "release")
        .trim()
        .parse::<sinergi_domain::ReleaseId>()
    else {
        let echo = refused("ev-release-unknown");
        return again(&state, lang, &who, id, echo).await;
    };
    match state
        .forums
        .link_release(&who.session.principal, id, release)
        .await
    {
        Ok(()) => back_to(id, "linked#releases"),
        Err(ForumError::NotFound(what)) if what.starts_with("release") => {
            let echo = refused("ev-release-unknown");
            again(&state, lang, &who, id, echo).await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

/// Back to the event's page after one of its forms: `done` names the
/// notice and the part of the page, as in `attendance#attendance`.
fn back_to(id: EventId, done: &str) -> PageResult {
    Ok(see_other(&format!("{}?done={done}", event_href(id))))
}

/// The event's page again, holding what a refused form had and why.
async fn again(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: EventId,
    echo: Echo,
) -> PageResult {
    render(
        state,
        lang,
        &signed_in_maybe(who),
        id,
        None,
        echo,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Shows the page again with the refusal of a programme form.
async fn program_refused(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: EventId,
    prefix: &str,
    error: ForumError,
    mut echo: Echo,
) -> PageResult {
    match error {
        ForumError::Invalid(problems) => {
            let tr = Tr::new(lang);
            echo.program_errors = field_errors(&tr, prefix, &problems);
            again(state, lang, who, id, echo).await
        }
        e => Err(PageError::from(e).in_lang(lang)),
    }
}

/// "Register": the signed-in reader takes a seat.
pub async fn register(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    match state.forums.register(&who.session.principal, id).await {
        Ok(_) => back_to(id, "registered#registration"),
        Err(e) => program_refused(&state, lang, &who, id, "ev-", e, Echo::default()).await,
    }
}

pub async fn unregister(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    state
        .forums
        .unregister(&who.session.principal, id)
        .await
        .or_page(lang)?;
    back_to(id, "unregistered#registration")
}

pub async fn speakers(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let typed = field(&pairs, "speakers");
    match state
        .forums
        .set_speakers(&who.session.principal, id, &typed)
        .await
    {
        Ok(_) => back_to(id, "speakers#speakers"),
        Err(e) => {
            let echo = Echo {
                speakers_typed: Some(typed),
                ..Default::default()
            };
            program_refused(&state, lang, &who, id, "ev-", e, echo).await
        }
    }
}

pub async fn record(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let (minutes, outcomes) = (field(&pairs, "minutes"), field(&pairs, "outcomes"));
    match state
        .forums
        .set_record(&who.session.principal, id, &minutes, &outcomes)
        .await
    {
        Ok(()) => back_to(id, "record#minutes"),
        Err(e) => {
            let echo = Echo {
                record_typed: Some((minutes, outcomes)),
                ..Default::default()
            };
            program_refused(&state, lang, &who, id, "ev-", e, echo).await
        }
    }
}

/// "Add a file": the form sent as multipart; the file goes through the
/// newsroom's checked uploads for the organiser, then into the materials.
pub async fn add_material(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    mut multipart: Multipart,
) -> PageResult {
    let tr = Tr::new(lang);
    let mut csrf = String::new();
    let mut title = String::new();
    let mut file: Option<(Vec<u8>, String, String)> = None;
    let broken = |e: axum::extract::multipart::MultipartError| {
        PageError::BadRequest {
            key: "ev-upload-broken",
            arg: ("why", e.body_text()),
        }
        .in_lang(lang)
    };
    while let Some(part) = multipart.next_field().await.map_err(broken)? {
        match part.name().unwrap_or_default() {
            "file" => {
                let filename = part.file_name().unwrap_or_default().to_owned();
                let declared = part.content_type().unwrap_or_default().to_owned();
                let bytes = part.bytes().await.map_err(broken)?;
                if !filename.is_empty() || !bytes.is_empty() {
                    file = Some((bytes.to_vec(), filename, declared));
                }
            }
            "csrf" => csrf = part.text().await.map_err(broken)?,
            "title" => title = part.text().await.map_err(broken)?,
            _ => {}
        }
    }
    check_csrf(Some(&csrf), &who.session.csrf_token).or_page(lang)?;
    let refuse = |message: String| Echo {
        program_errors: vec![FieldError::new("ev-material-file", message)],
        ..Default::default()
    };
    let Some((bytes, filename, declared)) = file else {
        let echo = refuse(tr.t("ev-material-choose"));
        return again(&state, lang, &who, id, echo).await;
    };
    match attach_file(
        &state,
        &who.session.principal,
        id,
        (&bytes, &filename, &declared),
        &title,
    )
    .await
    {
        Ok(_) => back_to(id, "material#materials"),
        Err(AttachError::Upload(sinergi_newsroom::NewsroomError::Upload(u))) => {
            let echo = refuse(u.message(lang.code()));
            again(&state, lang, &who, id, echo).await
        }
        Err(AttachError::Upload(_)) => Err(PageError::Forbidden.in_lang(lang)),
        Err(AttachError::Forum(e)) => {
            program_refused(&state, lang, &who, id, "ev-", e, Echo::default()).await
        }
    }
}

pub async fn remove_material(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path((id, media)): Path<(EventId, i64)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    state
        .forums
        .remove_material(&who.session.principal, id, media)
        .await
        .or_page(lang)?;
    back_to(id, "material-removed#materials")
}
