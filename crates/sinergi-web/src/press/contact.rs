//! A unit's PR office contact details: the rule for what is valid (shared
//! by the form and the API), and the form at `/press/{code}/contact`.
//! Who may change them: whoever may change the unit's settings
//! (`Action::ManageSettings`: the unit's admins and admins above it).

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_domain::UnitCode;
use sinergi_domain::access::Action;
use sinergi_domain::plain_text::forbidden_char;
use sinergi_store::press::PressContact;

use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::newsroom::common::{
    FieldError, csrf_ok, csrf_rejected, error_for, render_page, see_other,
};
use crate::pages::PageError;
use crate::pages::view::PageCtx;
use crate::session::SignedIn;

/// One field that is not valid: its name and a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactProblem {
    pub field: &'static str,
    pub code: &'static str,
}

const MAX_OFFICE: usize = 120;
const MAX_ADDRESS: usize = 300;
const MAX_EMAIL: usize = 254;
const MAX_WEBSITE: usize = 200;

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// `name@domain.tld`, no spaces, one `@`, a dot in the domain.
pub fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\"\\".contains(c))
}

/// Digits with the usual separators, 6 to 15 digits (E.164's limit),
/// an optional leading `+`: "(0361) 222-387", "+62 361 222387".
pub fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let body = s.strip_prefix('+').unwrap_or(s);
    (6..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || " -().".contains(c))
}

/// An `http://` or `https://` address with a host that has a dot.
pub fn valid_website(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && s.chars().all(|c| !c.is_whitespace() && !c.is_control())
}

/// Trims every field and checks it; every problem is reported at once.
pub fn validate(raw: &PressContact) -> Result<PressContact, Vec<ContactProblem>> {
    let c = PressContact {
        office_name: raw.office_name.trim().to_owned(),
        email: raw.email.trim().to_owned(),
        phone: raw.phone.trim().to_owned(),
        address: raw.address.trim().to_owned(),
        website: raw.website.trim().to_owned(),
    };
    let mut problems = Vec::new();
    let mut fail = |field, code| problems.push(ContactProblem { field, code });
    if too_long(&c.office_name, MAX_OFFICE) {
        fail("office_name", "field-too-long");
    } else if forbidden_char(&c.office_name).is_some() {
        fail("office_name", "field-control-chars");
    }
    if too_long(&c.email, MAX_EMAIL) {
        fail("email", "field-too-long");
    } else if !c.email.is_empty() && !valid_email(&c.email) {
        fail("email", "email-invalid");
    }
    if !c.phone.is_empty() && !valid_phone(&c.phone) {
        fail("phone", "phone-invalid");
    }
    if too_long(&c.address, MAX_ADDRESS) {
        fail("address", "field-too-long");
    } else if forbidden_char(&c.address).is_some() {
        fail("address", "field-control-chars");
    }
    if too_long(&c.website, MAX_WEBSITE) {
        fail("website", "field-too-long");
    } else if !c.website.is_empty() && !valid_website(&c.website) {
        fail("website", "url-invalid");
    }
    if problems.is_empty() {
        Ok(c)
    } else {
        Err(problems)
    }
}

/// The API's words for a problem code.
pub fn problem_message(code: &str) -> &'static str {
    match code {
        "field-too-long" => "this field is too long",
        "field-control-chars" => {
            "this field holds a control character that cannot be shown; remove it"
        }
        "email-invalid" => "give an e-mail address such as humas@example.go.id",
        "phone-invalid" => "give a phone number of 6 to 15 digits, e.g. +62 361 222387",
        "url-invalid" => "give an http:// or https:// address",
        _ => "this value is not valid",
    }
}

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
) -> Result<(UnitCode, String), Response> {
    let not_found = || {
        PageError::NotFound {
            key: "unit-not-found",
            arg: ("code", code.to_owned()),
        }
        .in_lang(lang)
        .into_response()
    };
    let unit = UnitCode::parse(code).map_err(|_| not_found())?;
    let name = match state.store.unit(&unit).await {
        Ok(u) => u.name,
        Err(sinergi_store::StoreError::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(PageError::from_store(e).in_lang(lang).into_response()),
    };
    if !who.session.principal.can(Action::ManageSettings, &unit) {
        return Err(PageError::Forbidden.in_lang(lang).into_response());
    }
    Ok((unit, name))
}

pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(code): Path<String>,
) -> Response {
    let (unit, unit_name) = match editable_unit(&state, lang, &who, &code).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let current = match state.store.press_contact(&unit).await {
        Ok(c) => c.map(|c| c.contact).unwrap_or_default(),
        Err(e) => return PageError::from_store(e).in_lang(lang).into_response(),
    };
    let page = ContactPage {
        ctx: PageCtx::new(lang, format!("/press/{code}/contact")),
        csrf: who.session.csrf_token.clone(),
        code,
        unit_name,
        form: current,
        errors: Vec::new(),
    };
    render_page(StatusCode::OK, &page)
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<ContactForm>,
) -> Response {
    if !csrf_ok(&f.csrf, &who.session.csrf_token) {
        return csrf_rejected(lang);
    }
    let (unit, unit_name) = match editable_unit(&state, lang, &who, &code).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let tr = Tr::new(lang);
    match validate(&f.contact()) {
        Ok(contact) => {
            let now = state.newsroom.now();
            match state
                .store
                .set_press_contact(&unit, &contact, Some(who.session.user.id), now)
                .await
            {
                Ok(()) => see_other(&format!("/press/{code}")),
                Err(e) => PageError::from_store(e).in_lang(lang).into_response(),
            }
        }
        Err(problems) => {
            let errors = problems
                .iter()
                .map(|p| {
                    FieldError::new(
                        &format!("contact-{}", p.field.replace('_', "-")),
                        tr.t(&format!("press-error-{}", p.code)),
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
            render_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_phone_and_website_are_checked() {
        assert!(valid_email("humas@example.go.id"));
        assert!(!valid_email("humas@localhost"));
        assert!(!valid_email("humas example@x.id"));
        assert!(!valid_email("a@b@c.id"));
        assert!(valid_phone("(0361) 222-387"));
        assert!(valid_phone("+62 361 222387"));
        assert!(!valid_phone("12345"));
        assert!(!valid_phone("0361 ext. 5"));
        assert!(valid_website("https://humas.example.go.id/pers"));
        assert!(!valid_website("javascript:alert(1)"));
        assert!(!valid_website("https://nodot"));
        assert!(!valid_website("ftp://example.org"));
    }

    #[test]
    fn every_problem_is_reported_and_empty_fields_are_fine() {
        assert_eq!(
            validate(&PressContact::default()),
            Ok(PressContact::default())
        );
        let bad = PressContact {
            office_name: "x".repeat(121),
            email: "nope".into(),
            phone: "abc".into(),
            address: String::new(),
            website: "www.example.org".into(),
        };
        let fields: Vec<_> = validate(&bad)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["office_name", "email", "phone", "website"]);
    }
}
