//! The organiser's forms: record and change an event, start a series.
//! Every field is kept as typed when the service refuses it, with the
//! message beside the field.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::EventId;
use sinergi_domain::access::may_record_event;
use sinergi_forums::{EventInput, EventKind, ForumError, SeriesInput};

use super::common::{event_href, field_errors, series_href};
use crate::AppState;
use crate::forms::{FieldError, Pairs, check_csrf, error_for, field, render_page, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

#[derive(Deserialize, Default)]
pub struct NewQuery {
    /// Pre-selects a series (from its page).
    series: Option<String>,
}

fn input_of(pairs: &Pairs) -> EventInput {
    EventInput {
        organiser: field(pairs, "organiser"),
        series: field(pairs, "series"),
        kind: field(pairs, "kind"),
        title: field(pairs, "title"),
        starts: field(pairs, "starts"),
        ends: field(pairs, "ends"),
        zone: field(pairs, "zone"),
        venue: field(pairs, "venue"),
        address: field(pairs, "address"),
        online_url: field(pairs, "online_url"),
        agenda: field(pairs, "agenda"),
        capacity: field(pairs, "capacity"),
        registration_closes: field(pairs, "registration_closes"),
        visibility: field(pairs, "visibility"),
        invited: vec![field(pairs, "invited")],
        invite_children: field(pairs, "invite_children") == "on",
        invited_contacts: field(pairs, "invited_contacts"),
    }
}

#[derive(Template)]
#[template(path = "forums/form.html")]
struct FormPage {
    ctx: PageCtx,
    csrf: String,
    heading: String,
    action: String,
    cancel_href: String,
    version: i64,
    form: EventInput,
    invited_text: String,
    organisers: Vec<(String, String)>,
    series: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    errors: Vec<FieldError>,
    stale: bool,
}

impl FormPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    edit: Option<(EventId, i64)>,
    form: EventInput,
    errors: Vec<FieldError>,
    stale: bool,
) -> PageResult<FormPage> {
    let (heading, action, cancel_href) = match edit {
        Some((id, _)) => ("ev-edit", format!("/forums/{id}/edit"), event_href(id)),
        None => ("ev-new", "/forums/new".to_owned(), "/forums".to_owned()),
    };
    let ctx = PageCtx::new(lang, action.clone()).without_scripts();
    let tr = ctx.tr;
    let p = &who.session.principal;
    let codes = who
        .session
        .memberships
        .iter()
        .filter(|(_, m)| may_record_event(p, &m.unit))
        .map(|(_, m)| m.unit.as_str());
    let names = state.store.unit_names(codes).await.or_page(lang)?;
    let mut organisers: Vec<(String, String)> = names.into_iter().collect();
    if !form.organiser.is_empty() && !organisers.iter().any(|(c, _)| *c == form.organiser) {
        organisers.push((form.organiser.clone(), form.organiser.clone()));
    }
    let mut series = vec![(String::new(), tr.t("ev-no-series-choice"))];
    series.extend(
        state
            .forums
            .series_list()
            .await
            .or_page(lang)?
            .into_iter()
            .map(|s| (s.id.to_string(), s.title)),
    );
    Ok(FormPage {
        csrf: who.session.csrf_token.clone(),
        heading: tr.t(heading),
        action,
        cancel_href,
        version: edit.map(|(_, v)| v).unwrap_or(0),
        invited_text: form.invited.join(" "),
        organisers,
        series,
        kinds: EventKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    tr.t(&format!("ev-kind-{}", k.as_str())),
                )
            })
            .collect(),
        form,
        errors,
        stale,
        ctx,
    })
}

fn first_organiser(who: &SignedIn) -> Option<String> {
    let p = &who.session.principal;
    who.session
        .memberships
        .iter()
        .find(|(_, m)| may_record_event(p, &m.unit))
        .map(|(_, m)| m.unit.to_string())
}

pub async fn new_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<NewQuery>,
) -> PageResult {
    let Some(organiser) = first_organiser(&who) else {
        return Err(PageError::Forbidden.in_lang(lang));
    };
    let form = EventInput {
        organiser,
        kind: EventKind::Workshop.as_str().to_owned(),
        visibility: "public".into(),
        series: q.series.unwrap_or_default(),
        ..Default::default()
    };
    let page = form_page(&state, lang, &who, None, form, Vec::new(), false).await?;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let input = input_of(&pairs);
    match state.forums.create(&who.session.principal, &input).await {
        Ok(e) => Ok(see_other(&format!("{}?done=saved", event_href(e.id)))),
        Err(e) => refused(&state, lang, &who, None, input, e).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
) -> PageResult {
    let e = state
        .forums
        .visible_record(&who.session.principal, id)
        .await
        .or_page(lang)?;
    if !may_record_event(&who.session.principal, &e.organiser_code) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let mut form = EventInput::from_record(&e);
    form.invited_contacts = state
        .forums
        .invited_contacts(&who.session.principal, id)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|c| c.email)
        .collect::<Vec<_>>()
        .join("\n");
    let page = form_page(
        &state,
        lang,
        &who,
        Some((id, e.version)),
        form,
        Vec::new(),
        false,
    )
    .await?;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<EventId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let input = input_of(&pairs);
    let version = field(&pairs, "version").parse().unwrap_or(0);
    match state
        .forums
        .update(&who.session.principal, id, version, &input)
        .await
    {
        Ok(_) => Ok(see_other(&format!("{}?done=saved", event_href(id)))),
        Err(e) => refused(&state, lang, &who, Some((id, version)), input, e).await,
    }
}

async fn refused(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    edit: Option<(EventId, i64)>,
    input: EventInput,
    e: ForumError,
) -> PageResult {
    let tr = Tr::new(lang);
    let (status, errors, stale) = match e {
        ForumError::Invalid(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_errors(&tr, "ev-", &problems),
            false,
        ),
        ForumError::Stale(_) => (StatusCode::CONFLICT, Vec::new(), true),
        other => return Err(PageError::from(other).in_lang(lang)),
    };
    let page = form_page(state, lang, who, edit, input, errors, stale).await?;
    Ok(render_page(status, &page))
}

#[derive(Template)]
#[template(path = "forums/series_form.html")]
struct SeriesFormPage {
    ctx: PageCtx,
    csrf: String,
    form: SeriesInput,
    owners: Vec<(String, String)>,
    errors: Vec<FieldError>,
}

impl SeriesFormPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

async fn series_page(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    form: SeriesInput,
    errors: Vec<FieldError>,
) -> PageResult<SeriesFormPage> {
    let p = &who.session.principal;
    let codes = who
        .session
        .memberships
        .iter()
        .filter(|(_, m)| may_record_event(p, &m.unit))
        .map(|(_, m)| m.unit.as_str());
    let owners = state
        .store
        .unit_names(codes)
        .await
        .or_page(lang)?
        .into_iter()
        .collect();
    Ok(SeriesFormPage {
        ctx: PageCtx::new(lang, "/forums/series/new".into()).without_scripts(),
        csrf: who.session.csrf_token.clone(),
        form,
        owners,
        errors,
    })
}

pub async fn new_series_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
) -> PageResult {
    let Some(owner) = first_organiser(&who) else {
        return Err(PageError::Forbidden.in_lang(lang));
    };
    let form = SeriesInput {
        owner,
        ..Default::default()
    };
    let page = series_page(&state, lang, &who, form, Vec::new()).await?;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn create_series(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let input = SeriesInput {
        owner: field(&pairs, "owner"),
        title: field(&pairs, "title"),
        description: field(&pairs, "description"),
    };
    match state
        .forums
        .create_series(&who.session.principal, &input)
        .await
    {
        Ok(s) => Ok(see_other(&series_href(s.id))),
        Err(ForumError::Invalid(problems)) => {
            let tr = Tr::new(lang);
            let errors = field_errors(&tr, "sr-", &problems);
            let page = series_page(&state, lang, &who, input, errors).await?;
            Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}
