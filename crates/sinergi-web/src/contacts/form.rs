//! Adding and changing a contact. A refused form comes back with every
//! value kept and a message beside each wrong field; a possible duplicate
//! is shown with a link, and the officer may confirm it is someone else.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::{ContactInput, ContactRecord, DistributionError, Duplicate};
use sinergi_domain::ContactId;
use sinergi_domain::access::Principal;

use super::{field_errors, kind_options, options};
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

#[derive(Deserialize, Default)]
pub struct ContactForm {
    #[serde(default)]
    csrf: String,
    /// Text, not a number: flattened forms hand every value over as text.
    #[serde(default)]
    version: String,
    #[serde(default)]
    confirm: Option<String>,
    #[serde(flatten)]
    input: ContactInput,
}

pub struct DuplicateLink {
    pub href: String,
    pub name: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "contacts/form.html")]
struct FormPage {
    ctx: PageCtx,
    csrf: String,
    action: String,
    title: String,
    version: i64,
    v: ContactInput,
    kinds: Vec<(String, String)>,
    outlets: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    zones: Vec<(String, String)>,
    errors: Vec<FieldError>,
    duplicates: Vec<DuplicateLink>,
}

fn version_of(f: &ContactForm) -> i64 {
    f.version.trim().parse().unwrap_or(0)
}

impl FormPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, &format!("c-{field}"))
    }
}

fn input_of(c: &ContactRecord) -> ContactInput {
    ContactInput {
        name: c.name.clone(),
        email: c.email.clone().unwrap_or_default(),
        phone: c.phone.clone(),
        whatsapp: c.whatsapp.clone(),
        kind: c.kind.as_str().to_owned(),
        role_title: c.role_title.clone(),
        outlet_id: c.outlet_id.map(|o| o.to_string()).unwrap_or_default(),
        organisation: c.organisation.clone(),
        beats: c.beats.join(", "),
        regions: c.regions.join(", "),
        languages: c.languages.join(", "),
        language: c.language.clone(),
        time_zone: c.time_zone.clone(),
    }
}

#[expect(clippy::too_many_arguments, reason = "one per part of the page")]
async fn render(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    edit: Option<ContactId>,
    version: i64,
    v: ContactInput,
    errors: Vec<FieldError>,
    duplicates: Vec<Duplicate>,
) -> PageResult {
    let p: &Principal = &who.session.principal;
    let outlets = state.distribution.outlets(p).await.or_page(lang)?;
    let (here, action, title_key) = match edit {
        Some(id) => (
            format!("/contacts/{id}/edit"),
            format!("/contacts/{id}/edit"),
            "ct-edit",
        ),
        None => (
            "/contacts/new".to_owned(),
            "/contacts/new".to_owned(),
            "ct-new",
        ),
    };
    let ctx = PageCtx::new(lang, here);
    let tr = ctx.tr;
    let page = FormPage {
        csrf: who.session.csrf_token.clone(),
        action,
        title: tr.t(title_key),
        version,
        v,
        kinds: kind_options(&tr),
        outlets: outlets
            .iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect(),
        languages: options(&tr, "language", &["id", "en"]),
        zones: options(&tr, "zone", &["WIB", "WITA", "WIT"]),
        errors,
        duplicates: duplicates
            .into_iter()
            .map(|d| DuplicateLink {
                href: format!("/contacts/{}", d.id),
                name: d.name,
                reason: tr.t(&format!("ct-duplicate-{}", d.reason)),
            })
            .collect(),
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn new_form(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    if !state.distribution.may_manage(&who.session.principal) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let v = ContactInput {
        kind: "journalist".into(),
        language: "id".into(),
        time_zone: "WIB".into(),
        ..Default::default()
    };
    render(
        &state,
        lang,
        &who,
        StatusCode::OK,
        None,
        0,
        v,
        Vec::new(),
        Vec::new(),
    )
    .await
}

/// The same contact as typed, when the service refused it.
async fn refused(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    edit: Option<ContactId>,
    f: ContactForm,
    e: DistributionError,
) -> PageResult {
    let tr = crate::i18n::Tr::new(lang);
    match e {
        DistributionError::Invalid(problems) => {
            let duplicates = if problems.iter().any(|p| p.key == "contact-duplicate") {
                state
                    .distribution
                    .duplicates_of(&who.session.principal, &f.input)
                    .await
                    .or_page(lang)?
            } else {
                Vec::new()
            };
            let errors = field_errors(&tr, "c-", &problems);
            render(
                state,
                lang,
                who,
                StatusCode::UNPROCESSABLE_ENTITY,
                edit,
                version_of(&f),
                f.input,
                errors,
                duplicates,
            )
            .await
        }
        DistributionError::Stale(_) => {
            let errors = vec![FieldError::new("c-name", tr.t("ct-stale"))];
            render(
                state,
                lang,
                who,
                StatusCode::CONFLICT,
                edit,
                version_of(&f),
                f.input,
                errors,
                Vec::new(),
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
    Form(f): Form<ContactForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let confirmed = f.confirm.is_some();
    match state
        .distribution
        .create(&who.session.principal, &who.actor, &f.input, confirmed)
        .await
    {
        Ok(id) => Ok(see_other(&format!("/contacts/{id}?done=created"))),
        Err(e) => refused(&state, lang, &who, None, f, e).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
) -> PageResult {
    let view = state
        .distribution
        .view(&who.session.principal, id)
        .await
        .or_page(lang)?;
    let version = view.contact.version;
    let v = input_of(&view.contact);
    render(
        &state,
        lang,
        &who,
        StatusCode::OK,
        Some(id),
        version,
        v,
        Vec::new(),
        Vec::new(),
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<ContactForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .update(
            &who.session.principal,
            &who.actor,
            id,
            version_of(&f),
            &f.input,
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!("/contacts/{id}?done=saved"))),
        Err(e) => refused(&state, lang, &who, Some(id), f, e).await,
    }
}
