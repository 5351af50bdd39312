//! Pitches: the list of a unit's pitches, the form (unit, release,
//! subject, message with merge fields, recipients found by search and
//! ticked), the preview of each recipient's message and the send button.
//! A refused form comes back with what was typed and the message beside
//! the field. Every rule is the service's.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use sinergi_distribution::{ContactQuery, DistributionError, PitchInput, PitchView};
use sinergi_domain::Zone;

use super::field_errors;
use crate::AppState;
use crate::forms::{
    FieldError, Pairs, error_for, field, fields, render_page, require_csrf, see_other,
};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct PitchRow {
    pub href: String,
    pub subject: String,
    pub unit: String,
    pub recipients: i64,
    pub sent: String,
}

#[derive(Template)]
#[template(path = "contacts/pitches.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<PitchRow>,
}

pub struct Choice {
    pub id: i64,
    pub name: String,
    pub detail: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "contacts/pitch_form.html")]
struct FormPage {
    ctx: PageCtx,
    csrf: String,
    /// 0 for a new pitch.
    id: i64,
    version: i64,
    action: String,
    units: Vec<(String, String)>,
    releases: Vec<(String, String)>,
    unit: String,
    release: String,
    subject: String,
    body: String,
    q: String,
    choices: Vec<Choice>,
    errors: Vec<FieldError>,
}

impl FormPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

pub struct PreviewRow {
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub skipped: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "contacts/pitch.html")]
struct PitchPage {
    ctx: PageCtx,
    csrf: String,
    id: i64,
    version: i64,
    subject: String,
    unit: String,
    release: String,
    reply_to: String,
    sent: String,
    sendable: usize,
    send_count: String,
    previews: Vec<PreviewRow>,
    notice: String,
    errors: Vec<FieldError>,
}

fn when(tr: &Tr, micros: i64) -> String {
    tr.date_time(micros, Zone::Wib)
}

pub async fn list(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    let pitches = state
        .distribution
        .pitches(&who.session.principal)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, "/contacts/pitches".into());
    let tr = ctx.tr;
    let rows = pitches
        .iter()
        .map(|p| PitchRow {
            href: format!("/contacts/pitches/{}", p.id),
            subject: p.subject.clone(),
            unit: p.unit_name.clone(),
            recipients: p.recipients,
            sent: p
                .sent_at
                .map(|s| tr.tn("pitch-sent-at", &[("time", when(&tr, s))]))
                .unwrap_or_else(|| tr.t("pitch-draft")),
        })
        .collect();
    Ok(render_page(StatusCode::OK, &ListPage { ctx, rows }))
}

/// What the form holds: from the query (new), the pitch (edit) or what
/// was posted (refused).
struct Typed {
    input: PitchInput,
    q: String,
}

fn typed_from(pairs: &Pairs) -> Typed {
    let mut recipients: Vec<String> = Vec::new();
    for v in fields(pairs, "recipients").chain(fields(pairs, "c")) {
        let v = v.trim().to_owned();
        if !v.is_empty() && !recipients.contains(&v) {
            recipients.push(v);
        }
    }
    Typed {
        input: PitchInput {
            unit: field(pairs, "unit"),
            release: field(pairs, "release"),
            subject: field(pairs, "subject"),
            body: field(pairs, "body"),
            recipients,
        },
        q: field(pairs, "q"),
    }
}

#[expect(clippy::too_many_arguments, reason = "one per part of the form")]
async fn render_form(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: i64,
    version: i64,
    typed: Typed,
    status: StatusCode,
    errors: Vec<FieldError>,
) -> PageResult {
    let p = &who.session.principal;
    let dist = &state.distribution;
    let units = dist.pitch_units(p).await.or_page(lang)?;
    if units.is_empty() {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let releases = dist.pitch_releases(p).await.or_page(lang)?;
    // Ticked ones first, then those the search finds (an audited read).
    let mut choices = Vec::new();
    for r in &typed.input.recipients {
        if let Ok(cid) = r.parse::<i64>()
            && let Ok(v) = dist.view(p, sinergi_domain::ContactId::new(cid)).await
        {
            choices.push(Choice {
                id: cid,
                name: v.contact.name.clone(),
                detail: contact_detail(&v.contact),
                checked: true,
            });
        }
    }
    if !typed.q.trim().is_empty() {
        let q = ContactQuery {
            q: typed.q.clone(),
            limit: 50,
            ..Default::default()
        };
        let (found, _) = dist.list(p, &who.actor, &q).await.or_page(lang)?;
        for c in found {
            if !choices.iter().any(|x| x.id == c.id.get()) {
                choices.push(Choice {
                    id: c.id.get(),
                    name: c.name.clone(),
                    detail: contact_detail(&c),
                    checked: false,
                });
            }
        }
    }
    let (here, action) = if id == 0 {
        (
            "/contacts/pitches/new".to_owned(),
            "/contacts/pitches".to_owned(),
        )
    } else {
        (
            format!("/contacts/pitches/{id}/edit"),
            format!("/contacts/pitches/{id}/edit"),
        )
    };
    let ctx = PageCtx::new(lang, here);
    let unit = if typed.input.unit.is_empty() {
        units[0].0.clone()
    } else {
        typed.input.unit.clone()
    };
    let page = FormPage {
        csrf: who.session.csrf_token.clone(),
        id,
        version,
        action,
        units,
        releases,
        unit,
        release: typed.input.release.trim_start_matches('#').to_owned(),
        subject: typed.input.subject,
        body: typed.input.body,
        q: typed.q,
        choices,
        errors,
        ctx,
    };
    Ok(render_page(status, &page))
}

fn contact_detail(c: &sinergi_distribution::ContactRecord) -> String {
    let outlet = c
        .outlet_name
        .clone()
        .unwrap_or_else(|| c.organisation.clone());
    match (&c.email, outlet.is_empty()) {
        (Some(e), true) => e.clone(),
        (Some(e), false) => format!("{outlet} · {e}"),
        (None, _) => outlet,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(pairs): Query<Pairs>,
) -> PageResult {
    let typed = typed_from(&pairs);
    render_form(&state, lang, &who, 0, 0, typed, StatusCode::OK, Vec::new()).await
}

async fn refused(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: i64,
    version: i64,
    typed: Typed,
    e: DistributionError,
) -> PageResult {
    match e {
        DistributionError::Invalid(problems) => {
            let errors = field_errors(&Tr::new(lang), "p-", &problems);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_form(state, lang, who, id, version, typed, status, errors).await
        }
        DistributionError::Stale(_) => {
            let tr = Tr::new(lang);
            let errors = vec![FieldError::new("p-subject", tr.t("pitch-stale"))];
            render_form(
                state,
                lang,
                who,
                id,
                version,
                typed,
                StatusCode::CONFLICT,
                errors,
            )
            .await
        }
        other => Err(PageError::from(other).in_lang(lang)),
    }
}

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_csrf(lang, &field(&pairs, "csrf"), &who.session.csrf_token)?;
    let typed = typed_from(&pairs);
    match state
        .distribution
        .create_pitch(&who.session.principal, &who.actor, &typed.input)
        .await
    {
        Ok(id) => Ok(see_other(&format!("/contacts/pitches/{id}"))),
        Err(e) => refused(&state, lang, &who, 0, 0, typed, e).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Query(pairs): Query<Pairs>,
) -> PageResult {
    let view = state
        .distribution
        .pitch_view(&who.session.principal, id)
        .await
        .or_page(lang)?;
    if view.pitch.sent_at.is_some() {
        return Ok(see_other(&format!("/contacts/pitches/{id}")));
    }
    let mut recipients: Vec<String> = view
        .previews
        .iter()
        .map(|p| p.contact_id.to_string())
        .collect();
    for c in fields(&pairs, "c") {
        if !recipients.iter().any(|r| r == c) {
            recipients.push(c.to_owned());
        }
    }
    let typed = Typed {
        input: PitchInput {
            unit: view.pitch.unit_code.clone(),
            release: view
                .pitch
                .release_id
                .map(|r| r.to_string())
                .unwrap_or_default(),
            subject: view.pitch.subject.clone(),
            body: view.pitch.body.clone(),
            recipients,
        },
        q: field(&pairs, "q"),
    };
    let version = view.pitch.version;
    render_form(
        &state,
        lang,
        &who,
        id,
        version,
        typed,
        StatusCode::OK,
        Vec::new(),
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_csrf(lang, &field(&pairs, "csrf"), &who.session.csrf_token)?;
    let version: i64 = field(&pairs, "version").trim().parse().unwrap_or(0);
    let typed = typed_from(&pairs);
    match state
        .distribution
        .update_pitch(
            &who.session.principal,
            &who.actor,
            id,
            version,
            &typed.input,
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!("/contacts/pitches/{id}?done=saved"))),
        Err(e) => refused(&state, lang, &who, id, version, typed, e).await,
    }
}

fn page_of(
    tr: &Tr,
    view: PitchView,
    csrf: String,
    notice: String,
    errors: Vec<FieldError>,
) -> PitchPage {
    let previews: Vec<PreviewRow> = view
        .previews
        .iter()
        .map(|p| PreviewRow {
            name: p.name.clone(),
            email: p.email.clone(),
            subject: p.subject.clone(),
            body: p.body.clone(),
            skipped: p.skipped.map(|k| tr.t(k)).unwrap_or_default(),
            state: match (p.sent_at, &p.last_error) {
                (Some(s), _) => tr.tn("dl-sent", &[("time", when(tr, s))]),
                (None, Some(e)) => tr.tn("dl-retrying", &[("error", e.clone())]),
                (None, None) if view.pitch.sent_at.is_some() && p.skipped.is_none() => {
                    tr.t("dl-queued")
                }
                _ => String::new(),
            },
        })
        .collect();
    let sendable = view.previews.iter().filter(|p| p.skipped.is_none()).count();
    PitchPage {
        csrf,
        id: view.pitch.id,
        version: view.pitch.version,
        subject: view.pitch.subject.clone(),
        unit: view.pitch.unit_name.clone(),
        release: view.release_title.clone().unwrap_or_default(),
        reply_to: view.pitch.reply_to.clone(),
        sent: view
            .pitch
            .sent_at
            .map(|s| tr.tn("pitch-sent-at", &[("time", when(tr, s))]))
            .unwrap_or_default(),
        sendable,
        send_count: tr.tn("pitch-send-count", &[("count", sendable.to_string())]),
        previews,
        notice,
        errors,
        ctx: PageCtx::new(tr.lang, format!("/contacts/pitches/{}", view.pitch.id)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let view = state
        .distribution
        .pitch_view(&who.session.principal, id)
        .await
        .or_page(lang)?;
    let tr = Tr::new(lang);
    let notice = q
        .done
        .as_deref()
        .and_then(|d| tr.try_t(&format!("pitch-done-{d}")))
        .unwrap_or_default();
    let page = page_of(
        &tr,
        view,
        who.session.csrf_token.clone(),
        notice,
        Vec::new(),
    );
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn send(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_csrf(lang, &field(&pairs, "csrf"), &who.session.csrf_token)?;
    let version: i64 = field(&pairs, "version").trim().parse().unwrap_or(0);
    let p = &who.session.principal;
    match state
        .distribution
        .send_pitch(p, &who.actor, id, version)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/contacts/pitches/{id}?done=sent"))),
        Err(e @ (DistributionError::Invalid(_) | DistributionError::Stale(_))) => {
            let tr = Tr::new(lang);
            let errors = match &e {
                DistributionError::Invalid(problems) => field_errors(&tr, "p-", problems),
                _ => vec![FieldError::new("p-send", tr.t("pitch-stale"))],
            };
            let view = state.distribution.pitch_view(p, id).await.or_page(lang)?;
            let page = page_of(
                &tr,
                view,
                who.session.csrf_token.clone(),
                String::new(),
                errors,
            );
            Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(PageError::from(other).in_lang(lang)),
    }
}
