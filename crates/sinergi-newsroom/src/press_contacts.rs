//! A unit's PR office contact details: what is valid, and who may change
//! them (whoever may change the unit's settings, `Action::ManageSettings`:
//! the unit's admins and admins above it). The form at
//! `/press/{code}/contact` and `PUT /api/v1/units/{code}/contact` both
//! save through `Newsroom::save_contact`.

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Principal};
use sinergi_store::press::{PressContact, StoredPressContact};

use crate::validate::Checks;
use crate::{Newsroom, NewsroomError, Problem};

impl Newsroom {
    /// The unit's contact details, when it has given any. Anyone reads them.
    pub async fn contact(
        &self,
        unit: &UnitCode,
    ) -> Result<Option<StoredPressContact>, NewsroomError> {
        Ok(self.store.press_contact(unit).await?)
    }

    /// Whether `principal` may change the unit's contact details.
    pub fn may_edit_contact(&self, principal: &Principal, unit: &UnitCode) -> bool {
        principal.can(Action::ManageSettings, unit)
    }

    /// Checks the rights and every field (trimmed), then replaces the
    /// unit's contact details; the saved details come back.
    pub async fn save_contact(
        &self,
        principal: &Principal,
        unit: &UnitCode,
        input: &PressContact,
    ) -> Result<PressContact, NewsroomError> {
        if !self.may_edit_contact(principal, unit) {
            return Err(NewsroomError::NotAllowed);
        }
        let contact = validate(input).map_err(NewsroomError::Invalid)?;
        self.store
            .set_press_contact(unit, &contact, principal.user_id, self.now())
            .await?;
        self.notifier.notify();
        Ok(contact)
    }
}

const MAX_OFFICE: usize = 120;
const MAX_ADDRESS: usize = 300;
const MAX_EMAIL: usize = 254;
const MAX_WEBSITE: usize = 200;

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// `name@domain.tld`, no spaces, one `@`, a dot in the domain.
fn valid_email(s: &str) -> bool {
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
fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let body = s.strip_prefix('+').unwrap_or(s);
    (6..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || " -().".contains(c))
}

/// An `http://` or `https://` address with a host that has a dot.
fn valid_website(s: &str) -> bool {
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
fn validate(raw: &PressContact) -> Result<PressContact, Vec<Problem>> {
    let c = PressContact {
        office_name: raw.office_name.trim().to_owned(),
        email: raw.email.trim().to_owned(),
        phone: raw.phone.trim().to_owned(),
        address: raw.address.trim().to_owned(),
        website: raw.website.trim().to_owned(),
    };
    let mut checks = Checks::new();
    // Length and characters XML cannot carry, as every text field.
    checks.optional_text("office_name", Some(&c.office_name), MAX_OFFICE);
    if too_long(&c.email, MAX_EMAIL) {
        checks.fail("email", "field-too-long");
    } else if !c.email.is_empty() && !valid_email(&c.email) {
        checks.fail("email", "email-invalid");
    }
    if !c.phone.is_empty() && !valid_phone(&c.phone) {
        checks.fail("phone", "phone-invalid");
    }
    checks.optional_text("address", Some(&c.address), MAX_ADDRESS);
    if too_long(&c.website, MAX_WEBSITE) {
        checks.fail("website", "field-too-long");
    } else if !c.website.is_empty() && !valid_website(&c.website) {
        checks.fail("website", "url-invalid");
    }
    if checks.0.is_empty() {
        Ok(c)
    } else {
        Err(checks.0)
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
