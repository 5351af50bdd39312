//! The form at `/press/{code}/contact` for a unit's PR office contact
//! details. What is valid and who may change them is the newsroom
//! service's (`Newsroom::save_contact`); this page only translates.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::UnitCode;
use sinergi_newsroom::NewsroomError;
use sinergi_store::press::PressContact;

use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::newsroom::common::{OrRefusal, refused};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

#[derive(Deserialize, Default)]
pub struct ContactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    office_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    website: String,
}

impl ContactForm {
    fn contact(&self) -> PressContact {
        PressContact {
            office_name: self.office_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            website: self.website.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "press/contact.html")]
struct ContactPage {
    ctx: PageCtx,
    csrf: String,
    code: String,
    unit_name: String,
    form: PressContact,
    errors: Vec<FieldError>,
}

impl ContactPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

/// The unit when the signed-in person may change its contact details.
async fn editable_unit(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    code: &str,
) -> PageResult<(UnitCode, String)> {
    let not_found = || PageError::NotFound {
        key: "unit-not-found",
        arg: ("code", code.to_owned()),
    };
    let unit = UnitCode::parse(code)
        .map_err(|_| not_found())
        .or_page(lang)?;
    let name = match state.store.unit(&unit).await {
        Ok(u) => u.name,
        Err(sinergi_store::StoreError::NotFound(_)) => return Err(not_found().in_lang(lang)),
        Err(e) => return Err(PageError::from_store(e).in_lang(lang)),
    };
    if !state
        .newsroom
        .may_edit_contact(&who.session.principal, &unit)
    {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    Ok((unit, name))
}

pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(code): Path<String>,
) -> PageResult {
    let (unit, unit_name) = editable_unit(&state, lang, &who, &code).await?;
    let current = state
        .newsroom
        .contact(&unit)
        .await
        .or_refusal(lang, &format!("/press/{code}"))?
        .map(|c| c.contact)
        .unwrap_or_default();
    let page = ContactPage {
        ctx: PageCtx::new(lang, format!("/press/{code}/contact")),
        csrf: who.session.csrf_token.clone(),
        code,
        unit_name,
        form: current,
        errors: Vec::new(),
    };
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<ContactForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let (unit, unit_name) = editable_unit(&state, lang, &who, &code).await?;
    let tr = Tr::new(lang);
    match state
        .newsroom
        .save_contact(&who.session.principal, &unit, &f.contact())
        .await
    {
        Ok(_) => Ok(see_other(&format!("/press/{code}"))),
        Err(NewsroomError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| {
                    FieldError::new(
                        &format!("contact-{}", p.field.replace('_', "-")),
                        tr.t(&format!("press-error-{}", p.key)),
                    )
                })
                .collect();
            let page = ContactPage {
                ctx: PageCtx::new(lang, format!("/press/{code}/contact")),
                csrf: who.session.csrf_token.clone(),
                code,
                unit_name,
                form: f.contact(),
                errors,
            };
            Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(refused(lang, e, &format!("/press/{code}/contact"))),
    }
}
