//! Writing a release: the new-release form, the edit form (which becomes
//! the correction form once the release is public), the Markdown preview,
//! and uploads. The upload button submits the whole form (multipart, to
//! `/units/{code}/media`), so text typed before uploading is never lost.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::ReleaseState;
use sinergi_domain::{ItemId, ReleaseId, UnitCode};
use sinergi_newsroom::{LANGUAGES, NewsroomError, ReleaseInput, ReleaseView};
use sinergi_store::newsroom::ItemQuery;

use super::common::{field_errors, parse_unit, refused, release_href};
use super::release_page::size_text;
use crate::AppState;
use crate::forms::{
    FieldError, Pairs, error_for, field, fields, form_error, render_page, require_csrf, see_other,
};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{PageError, PageResult};
use crate::session::SignedIn;

/// Which form this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    New,
    Edit,
    /// The release is public: saving needs a public correction note.
    Correct,
    /// Approved, scheduled or withdrawn: not editable now.
    Locked,
}

/// What the release form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct ReleaseFormData {
    pub csrf: String,
    pub unit: String,
    pub release_id: Option<ReleaseId>,
    pub version: i64,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub tags: String,
    pub language: String,
    pub items: Vec<ItemId>,
    /// Files the form knows of (attached or not), in order.
    pub known_media: Vec<i64>,
    /// Attached files with their alternative text.
    pub media: Vec<(i64, String)>,
    pub note: String,
    pub intent: String,
}

impl ReleaseFormData {
    pub fn from_pairs(pairs: &Pairs) -> ReleaseFormData {
        let ids = |name| {
            let mut out: Vec<i64> = Vec::new();
            for v in fields(pairs, name) {
                if let Ok(id) = v.trim().parse::<i64>()
                    && !out.contains(&id)
                {
                    out.push(id);
                }
            }
            out
        };
        let attached = ids("media");
        let mut known = ids("media_known");
        for id in &attached {
            if !known.contains(id) {
                known.push(*id);
            }
        }
        ReleaseFormData {
            csrf: field(pairs, "csrf"),
            unit: field(pairs, "unit"),
            release_id: field(pairs, "release_id").trim().parse().ok(),
            version: field(pairs, "version").trim().parse().unwrap_or(0),
            title: field(pairs, "title"),
            lead: field(pairs, "lead"),
            body: field(pairs, "body"),
            tags: field(pairs, "tags"),
            language: field(pairs, "language"),
            items: ids("items").into_iter().map(ItemId::new).collect(),
            media: attached
                .iter()
                .map(|id| (*id, field(pairs, &format!("alt_{id}"))))
                .collect(),
            known_media: known,
            note: field(pairs, "note"),
            intent: field(pairs, "intent"),
        }
    }

    fn from_view(v: &ReleaseView) -> ReleaseFormData {
        let r = &v.release;
        ReleaseFormData {
            unit: r.unit_code.to_string(),
            release_id: Some(r.id),
            version: r.version,
            title: r.title.clone(),
            lead: r.lead.clone(),
            body: r.body_md.clone(),
            tags: r.tags.join(", "),
            language: r.language.clone(),
            items: v.items.iter().map(|i| i.id).collect(),
            known_media: v.media.iter().map(|m| m.id).collect(),
            media: v.media.iter().map(|m| (m.id, m.alt.clone())).collect(),
            ..Default::default()
        }
    }

    fn input(&self) -> ReleaseInput {
        ReleaseInput {
            title: self.title.clone(),
            lead: self.lead.clone(),
            body: self.body.clone(),
            tags: self.tags.clone(),
            language: self.language.clone(),
            item_ids: self.items.clone(),
            media: self.media.clone(),
        }
    }
}

pub struct ItemChoice {
    pub id: ItemId,
    pub title: String,
    pub kind: String,
    pub checked: bool,
}

pub struct MediaChoice {
    pub id: i64,
    pub image: bool,
    pub name: String,
    pub size: String,
    pub alt: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "newsroom/release_form.html")]
struct ReleaseFormPage {
    ctx: PageCtx,
    csrf: String,
    mode: Mode,
    heading: String,
    action: String,
    upload_action: String,
    unit_name: String,
    form: ReleaseFormData,
    languages: Vec<(String, String)>,
    items: Vec<ItemChoice>,
    media: Vec<MediaChoice>,
    errors: Vec<FieldError>,
    notice: String,
    stale_href: String,
    preview_html: String,
    cancel_href: String,
}

impl ReleaseFormPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }

    fn is(&self, mode: &str) -> bool {
        matches!(
            (self.mode, mode),
            (Mode::New, "new")
                | (Mode::Edit, "edit")
                | (Mode::Correct, "correct")
                | (Mode::Locked, "locked")
        )
    }
}

/// The page's state besides the form's fields.
#[derive(Default)]
struct Extras {
    errors: Vec<FieldError>,
    notice: String,
    stale_href: String,
    preview_html: String,
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    principal: &Principal,
    csrf: &str,
    mode: Mode,
    form: ReleaseFormData,
    extras: Extras,
) -> ReleaseFormPage {
    let tr = Tr::new(lang);
    let (heading, action, cancel_href) = match (mode, form.release_id) {
        (Mode::New, _) | (_, None) => (
            tr.t("nr-new-release"),
            "/releases/new".to_owned(),
            format!("/units/{}/releases", form.unit),
        ),
        (Mode::Correct, Some(id)) => (
            tr.t("nr-correct-release"),
            format!("/releases/{id}/edit"),
            format!("/releases/{id}"),
        ),
        (_, Some(id)) => (
            tr.t("nr-edit-release"),
            format!("/releases/{id}/edit"),
            format!("/releases/{id}"),
        ),
    };
    let ctx = PageCtx::new(lang, action.clone());
    let unit = UnitCode::parse(&form.unit).ok();
    let unit_name = match &unit {
        Some(u) => state
            .store
            .unit(u)
            .await
            .map(|u| u.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    // The unit's register, to link what the release reports.
    let mut items = Vec::new();
    if let Some(u) = &unit {
        let q = ItemQuery {
            unit: Some(u.clone()),
            limit: 200,
            ..Default::default()
        };
        if let Ok(page) = state.newsroom.items(principal, q).await {
            items = page
                .items
                .into_iter()
                .map(|i| ItemChoice {
                    checked: form.items.contains(&i.id),
                    kind: tr.t(&format!("nr-kind-{}", i.kind.as_str())),
                    id: i.id,
                    title: i.title,
                })
                .collect();
        }
        let missing: Vec<ItemId> = form
            .items
            .iter()
            .copied()
            .filter(|id| !items.iter().any(|c| c.id == *id))
            .collect();
        if !missing.is_empty()
            && let Ok(found) = state.store.items_by_ids(&missing).await
        {
            for i in found {
                if principal.can(Action::ReadInternal, &i.unit_code) {
                    items.push(ItemChoice {
                        checked: true,
                        kind: tr.t(&format!("nr-kind-{}", i.kind.as_str())),
                        id: i.id,
                        title: i.title,
                    });
                }
            }
        }
    }
    let mut media = Vec::new();
    for id in &form.known_media {
        if let Ok(Some(m)) = state.store.media(*id).await
            && Some(m.unit_code.as_str()) == unit.as_ref().map(|u| u.as_str())
        {
            let attached = form.media.iter().find(|(mid, _)| mid == id);
            media.push(MediaChoice {
                id: m.id,
                image: m.kind.is_image(),
                name: m.original_name.clone(),
                size: size_text(&tr, m.bytes),
                alt: attached.map(|(_, a)| a.clone()).unwrap_or_default(),
                checked: attached.is_some(),
            });
        }
    }
    ReleaseFormPage {
        csrf: csrf.to_owned(),
        mode,
        heading,
        action,
        upload_action: format!("/units/{}/media", form.unit),
        unit_name,
        languages: LANGUAGES
            .iter()
            .map(|l| ((*l).to_owned(), tr.t(&format!("nr-language-{l}"))))
            .collect(),
        items,
        media,
        errors: extras.errors,
        notice: extras.notice,
        stale_href: extras.stale_href,
        preview_html: extras.preview_html,
        cancel_href,
        form,
        ctx,
    }
}

fn mode_of(view: &ReleaseView, principal: &Principal) -> Mode {
    let r = &view.release;
    if view.allowed.contains(&"correct") {
        Mode::Correct
    } else if matches!(r.state, ReleaseState::Draft | ReleaseState::InReview)
        && principal.can(Action::Draft, &r.unit_code)
    {
        Mode::Edit
    } else {
        Mode::Locked
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    unit: Option<String>,
    /// Start from a campaign: its tag is set, and with `template` the
    /// kit template filled for the unit gives title, lead and body.
    campaign: Option<i64>,
    template: Option<i64>,
}

pub async fn new_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<NewQuery>,
) -> PageResult {
    let code = q.unit.unwrap_or_default();
    let unit = parse_unit(lang, &code)?;
    let principal = &who.session.principal;
    if !principal.can(Action::Draft, &unit) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let mut form = ReleaseFormData {
        unit: code,
        language: lang.code().to_owned(),
        ..Default::default()
    };
    let mut extras = Extras::default();
    if let Some(campaign_id) = q.campaign {
        match from_campaign(&state, principal, campaign_id, q.template, &unit, &mut form).await {
            Ok(title) => extras.notice = Tr::new(lang).t1("cp-rf-from-kit", "title", &title),
            Err(e) => return Err(PageError::from(e).in_lang(lang)),
        }
    }
    let page = form_page(
        &state,
        lang,
        principal,
        &who.session.csrf_token,
        Mode::New,
        form,
        extras,
    )
    .await;
    Ok(render_page(StatusCode::OK, &page))
}

/// Fills the new release from a campaign: the tag always, and title, lead
/// and body from kit template `template` filled for `unit`. Returns the
/// campaign's title.
async fn from_campaign(
    state: &AppState,
    principal: &Principal,
    campaign_id: i64,
    template: Option<i64>,
    unit: &UnitCode,
    form: &mut ReleaseFormData,
) -> Result<String, sinergi_campaigns::CampaignError> {
    let view = state.campaigns.campaign(principal, campaign_id).await?;
    form.tags = view.campaign.tag.clone();
    if let Some(template_id) = template {
        let t = state
            .campaigns
            .render_template(principal, campaign_id, template_id, unit)
            .await?;
        form.title = t.title;
        form.lead = t.lead;
        form.body = t.body;
        form.tags = t.tags;
    }
    Ok(view.campaign.title)
}

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let form = ReleaseFormData::from_pairs(&pairs);
    require_csrf(lang, &form.csrf, &who.session.csrf_token)?;
    submit_new(&state, lang, &who, form, Extras::default()).await
}

async fn submit_new(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    form: ReleaseFormData,
    mut extras: Extras,
) -> PageResult {
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let unit = parse_unit(lang, &form.unit)?;
    let status = if form.intent == "preview" {
        extras.preview_html = sinergi_media::render_markdown(&form.body);
        StatusCode::OK
    } else {
        match state
            .newsroom
            .create_release(principal, &unit, &form.input())
            .await
        {
            Ok(id) => {
                return Ok(see_other(&format!("/releases/{id}?done=create")));
            }
            Err(NewsroomError::Invalid(p)) => {
                extras.errors = field_errors(&tr, &p, "release-");
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(e) => return Err(refused(lang, e, &format!("/units/{}/releases", form.unit))),
        }
    };
    let page = form_page(
        state,
        lang,
        principal,
        &who.session.csrf_token,
        Mode::New,
        form,
        extras,
    )
    .await;
    Ok(render_page(status, &page))
}

pub async fn edit_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ReleaseId>,
) -> PageResult {
    let principal = &who.session.principal;
    let view = match state.newsroom.release_view(principal, id).await {
        Ok(v) if v.access == sinergi_newsroom::AccessLevel::Internal => v,
        Ok(_) => return Err(PageError::Forbidden.in_lang(lang)),
        Err(e) => return Err(refused(lang, e, "/workspace")),
    };
    let mode = mode_of(&view, principal);
    let page = form_page(
        &state,
        lang,
        principal,
        &who.session.csrf_token,
        mode,
        ReleaseFormData::from_view(&view),
        Extras::default(),
    )
    .await;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ReleaseId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let mut form = ReleaseFormData::from_pairs(&pairs);
    require_csrf(lang, &form.csrf, &who.session.csrf_token)?;
    form.release_id = Some(id);
    submit_edit(&state, lang, &who, id, form, Extras::default()).await
}

async fn submit_edit(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: ReleaseId,
    mut form: ReleaseFormData,
    mut extras: Extras,
) -> PageResult {
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let view = match state.newsroom.release_view(principal, id).await {
        Ok(v) if v.access == sinergi_newsroom::AccessLevel::Internal => v,
        Ok(_) => return Err(PageError::Forbidden.in_lang(lang)),
        Err(e) => return Err(refused(lang, e, "/workspace")),
    };
    // The unit is the release's, whatever the form says.
    form.unit = view.release.unit_code.to_string();
    let mode = mode_of(&view, principal);
    let status = if form.intent == "preview" || form.intent == "upload" {
        if form.intent == "preview" {
            extras.preview_html = sinergi_media::render_markdown(&form.body);
        }
        StatusCode::OK
    } else {
        let result = match mode {
            Mode::Correct => {
                state
                    .newsroom
                    .correct_release(principal, id, form.version, &form.input(), &form.note)
                    .await
            }
            Mode::Edit => {
                state
                    .newsroom
                    .save_release(principal, id, form.version, &form.input())
                    .await
            }
            _ => Err(NewsroomError::Workflow(
                sinergi_domain::newsroom::WorkflowError::Illegal {
                    state: view.release.state,
                    op: "edited",
                },
            )),
        };
        match result {
            Ok(_) => {
                let done = if mode == Mode::Correct {
                    "correct"
                } else {
                    "edit"
                };
                let slug = state
                    .store
                    .release(id)
                    .await
                    .ok()
                    .flatten()
                    .map(|r| r.slug)
                    .unwrap_or_default();
                return Ok(see_other(&format!(
                    "{}?done={done}",
                    release_href(id, &slug)
                )));
            }
            Err(NewsroomError::Invalid(p)) => {
                extras.errors = field_errors(&tr, &p, "release-");
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(NewsroomError::Stale(_)) => {
                // Keep every word the person typed; the next save goes over
                // the version they have now been shown a link to.
                form.version = view.release.version;
                extras.stale_href = release_href(id, &view.release.slug);
                extras.errors = vec![form_error("release-title", tr.t("newsroom-stale"))];
                StatusCode::CONFLICT
            }
            Err(e @ NewsroomError::Workflow(_)) => {
                extras.errors = vec![form_error("release-title", tr.t(e.message_key()))];
                StatusCode::CONFLICT
            }
            Err(e) => return Err(refused(lang, e, &format!("/releases/{id}"))),
        }
    };
    let page = form_page(
        state,
        lang,
        principal,
        &who.session.csrf_token,
        mode,
        form,
        extras,
    )
    .await;
    Ok(render_page(status, &page))
}

// ---- preview ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "newsroom/_preview.html")]
struct PreviewPart {
    ctx: PageCtx,
    html: String,
}

/// The body as it will read: sanitised HTML, for htmx to show beside the
/// editor. (Without JavaScript, the form's own Preview button re-renders
/// the whole form with the preview.)
pub async fn preview(lang: Lang, who: SignedIn, Form(pairs): Form<Pairs>) -> PageResult {
    require_csrf(lang, &field(&pairs, "csrf"), &who.session.csrf_token)?;
    let part = PreviewPart {
        ctx: PageCtx::new(lang, "/releases/preview".into()),
        html: sinergi_media::render_markdown(&field(&pairs, "body")),
    };
    Ok(render_page(StatusCode::OK, &part))
}

// ---- uploads ---------------------------------------------------------------

/// The release form, sent as multipart with a file: stores the file, then
/// shows the form again with the file attached and every field as typed.
pub async fn upload(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(code): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let tr = Tr::new(lang);
    let mut pairs: Pairs = Vec::new();
    let mut file: Option<(Vec<u8>, String, String)> = None;
    loop {
        let next = match multipart.next_field().await {
            Ok(n) => n,
            Err(e) => {
                return Ok((
                    StatusCode::BAD_REQUEST,
                    format!("{}: {}", tr.t("nr-upload-broken"), e.body_text()),
                )
                    .into_response());
            }
        };
        let Some(part) = next else { break };
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" {
            let filename = part.file_name().unwrap_or_default().to_owned();
            let declared = part.content_type().unwrap_or_default().to_owned();
            match part.bytes().await {
                Ok(b) if !filename.is_empty() || !b.is_empty() => {
                    file = Some((b.to_vec(), filename, declared));
                }
                Ok(_) => {}
                Err(e) => {
                    return Ok((
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("{}: {}", tr.t("nr-upload-broken"), e.body_text()),
                    )
                        .into_response());
                }
            }
        } else {
            let value = part.text().await.unwrap_or_default();
            pairs.push((name, value));
        }
    }
    let mut form = ReleaseFormData::from_pairs(&pairs);
    require_csrf(lang, &form.csrf, &who.session.csrf_token)?;
    let unit = parse_unit(lang, &code)?;
    form.unit = code.clone();
    form.intent = "upload".into();
    let mut extras = Extras::default();
    let mut status = StatusCode::OK;
    match file {
        None => {
            extras.errors = vec![form_error("release-file", tr.t("nr-upload-choose"))];
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Some((bytes, filename, declared)) => {
            match state
                .newsroom
                .upload(&who.session.principal, &unit, &bytes, &filename, &declared)
                .await
            {
                Ok(m) => {
                    form.known_media.push(m.id);
                    form.media.push((m.id, String::new()));
                    extras.notice = tr.t1("nr-uploaded", "name", &m.original_name);
                }
                Err(NewsroomError::Upload(e)) => {
                    extras.errors = vec![form_error("release-file", e.message(lang.code()))];
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                }
                Err(e) => return Err(refused(lang, e, "/workspace")),
            }
        }
    }
    let page = match form.release_id {
        Some(id) => {
            let response = submit_edit(&state, lang, &who, id, form, extras)
                .await
                .into_response();
            if status == StatusCode::OK {
                return Ok(response);
            }
            let (mut parts, body) = response.into_parts();
            parts.status = status;
            return Ok(Response::from_parts(parts, body));
        }
        None => {
            form_page(
                &state,
                lang,
                &who.session.principal,
                &who.session.csrf_token,
                Mode::New,
                form,
                extras,
            )
            .await
        }
    };
    Ok(render_page(status, &page))
}
