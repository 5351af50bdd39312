//! What an officer (or a journalist, or a CSV row) submits, as typed, and
//! its checks. Every wrong field is reported, each with a message key.

use serde::{Deserialize, Serialize};
use sinergi_domain::UnitCode;
use sinergi_domain::contacts::{
    Basis, Channel, ContactKind, Delivery, OutletKind, Purpose, SubscriptionTarget,
    normalise_email, normalise_phone,
};
use sinergi_domain::plain_text::forbidden_char;
use sinergi_store::contacts::{ContactDraft, NewConsent, OutletDraft};

use crate::Problem;

const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 2_000;
const MAX_LIST: usize = 20;

/// A contact as typed. Lists are comma-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub whatsapp: String,
    pub kind: String,
    pub role_title: String,
    /// An outlet's id, or empty.
    pub outlet_id: String,
    pub organisation: String,
    pub beats: String,
    pub regions: String,
    pub languages: String,
    pub language: String,
    pub time_zone: String,
}

/// A consent as an officer records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct ConsentInput {
    pub purpose: String,
    pub basis: String,
    pub channel: String,
    pub evidence: String,
    /// `YYYY-MM-DD`; today when empty.
    pub given_on: String,
}

/// An outlet as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OutletInput {
    pub name: String,
    pub kind: String,
    pub region_code: String,
    pub website: String,
    pub feeds: String,
}

/// What to subscribe to: `unit`/`subtree` with a unit code, `campaign`
/// with a campaign id, or `tag` with a tag; and how: `delivery` `each`
/// (the default) or `digest` at `digest_hour` (0–23, the contact's zone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct SubscriptionInput {
    pub target: String,
    pub unit: String,
    pub campaign: String,
    pub tag: String,
    pub delivery: String,
    pub digest_hour: String,
}

/// Collects problems; the first row of an import is 1.
pub(crate) struct Checks {
    pub row: usize,
    pub problems: Vec<Problem>,
}

impl Checks {
    pub fn new(row: usize) -> Checks {
        Checks {
            row,
            problems: Vec::new(),
        }
    }

    pub fn fail(&mut self, field: &'static str, key: &'static str) {
        self.problems.push(Problem {
            row: self.row,
            field,
            key,
        });
    }

    fn text(&mut self, field: &'static str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.chars().count() > max {
            self.fail(field, "contact-too-long");
        } else if forbidden_char(v).is_some() {
            self.fail(field, "contact-bad-char");
        }
        v.to_owned()
    }

    fn list(&mut self, field: &'static str, value: &str) -> Vec<String> {
        let items: Vec<String> = value
            .split(',')
            .map(|s| self.text(field, s, 100))
            .filter(|s| !s.is_empty())
            .collect();
        if items.len() > MAX_LIST {
            self.fail(field, "contact-list-too-long");
        }
        items
    }
}

impl ContactInput {
    /// The draft, or every problem. `outlet_exists` says whether an outlet
    /// id names an outlet.
    pub(crate) fn check(
        &self,
        c: &mut Checks,
        outlet_exists: impl Fn(i64) -> bool,
    ) -> ContactDraft {
        let name = c.text("name", &self.name, MAX_NAME);
        if name.is_empty() {
            c.fail("name", "contact-name-required");
        }
        let email = if self.email.trim().is_empty() {
            None
        } else {
            let e = normalise_email(&self.email);
            if e.is_none() {
                c.fail("email", "contact-email-invalid");
            }
            e
        };
        let phone = normalise_phone(&self.phone).unwrap_or_else(|| {
            c.fail("phone", "contact-phone-invalid");
            String::new()
        });
        let whatsapp = normalise_phone(&self.whatsapp).unwrap_or_else(|| {
            c.fail("whatsapp", "contact-phone-invalid");
            String::new()
        });
        let kind = if self.kind.trim().is_empty() {
            Some(ContactKind::Journalist)
        } else {
            self.kind.parse::<ContactKind>().ok().or_else(|| {
                c.fail("kind", "contact-kind-unknown");
                None
            })
        };
        let outlet_id = match self.outlet_id.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(id) if outlet_exists(id) => Some(id),
                _ => {
                    c.fail("outlet_id", "contact-outlet-unknown");
                    None
                }
            },
        };
        let regions = c.list("regions", &self.regions);
        if regions.iter().any(|r| UnitCode::parse(r).is_err()) {
            c.fail("regions", "contact-region-invalid");
        }
        let mut languages = c.list("languages", &self.languages);
        if languages.is_empty() {
            languages.push("id".to_owned());
        }
        let language = match self.language.trim() {
            "" | "id" => "id",
            "en" => "en",
            _ => {
                c.fail("language", "contact-language-unknown");
                "id"
            }
        };
        let time_zone = match self.time_zone.trim().to_ascii_uppercase().as_str() {
            "" | "WIB" => "WIB",
            "WITA" => "WITA",
            "WIT" => "WIT",
            _ => {
                c.fail("time_zone", "contact-zone-unknown");
                "WIB"
            }
        };
        ContactDraft {
            name,
            email,
            phone,
            whatsapp,
            kind,
            role_title: c.text("role_title", &self.role_title, MAX_NAME),
            outlet_id,
            organisation: c.text("organisation", &self.organisation, MAX_NAME),
            beats: c
                .list("beats", &self.beats)
                .into_iter()
                .map(|b| b.to_lowercase())
                .collect(),
            regions,
            languages,
            language: language.to_owned(),
            time_zone: time_zone.to_owned(),
            user_id: None,
        }
    }
}

impl ConsentInput {
    pub(crate) fn check(&self, c: &mut Checks, today: i64) -> Option<NewConsent> {
        let before = c.problems.len();
        let purpose = if self.purpose.trim().is_empty() {
            Some(Purpose::Distribution)
        } else {
            self.purpose.parse::<Purpose>().ok()
        };
        if purpose.is_none() {
            c.fail("purpose", "consent-purpose-unknown");
        }
        let basis = self.basis.parse::<Basis>().ok();
        if basis.is_none() {
            c.fail("basis", "consent-basis-unknown");
        }
        let channel = self.channel.parse::<Channel>().ok();
        if channel.is_none() {
            c.fail("channel", "consent-channel-unknown");
        }
        let evidence = c.text("evidence", &self.evidence, MAX_TEXT);
        let given_at = match self.given_on.trim() {
            "" => Some(today),
            d => day_start(d),
        };
        if given_at.is_none_or(|g| g > today) {
            c.fail("given_on", "consent-date-invalid");
        }
        if c.problems.len() > before {
            return None;
        }
        Some(NewConsent {
            purpose: purpose?,
            basis: basis?,
            channel: channel?,
            evidence,
            given_at: given_at?,
        })
    }
}

impl OutletInput {
    pub(crate) fn check(&self, c: &mut Checks) -> OutletDraft {
        let name = c.text("name", &self.name, MAX_NAME);
        if name.is_empty() {
            c.fail("name", "outlet-name-required");
        }
        let kind = self.kind.parse::<OutletKind>().unwrap_or_else(|_| {
            c.fail("kind", "outlet-kind-unknown");
            OutletKind::Online
        });
        let region_code = match self.region_code.trim() {
            "" => None,
            code => {
                if UnitCode::parse(code).is_err() {
                    c.fail("region_code", "contact-region-invalid");
                }
                Some(code.to_owned())
            }
        };
        let website = match self.website.trim() {
            "" => None,
            w if w.starts_with("https://") || w.starts_with("http://") => {
                Some(c.text("website", w, 500))
            }
            _ => {
                c.fail("website", "outlet-website-invalid");
                None
            }
        };
        let feeds = self
            .feeds
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>();
        if feeds
            .iter()
            .any(|f| !(f.starts_with("https://") || f.starts_with("http://")))
        {
            c.fail("feeds", "outlet-website-invalid");
        }
        OutletDraft {
            name,
            kind,
            region_code,
            website,
            feeds: feeds.join("\n"),
        }
    }
}

impl SubscriptionInput {
    pub(crate) fn target(&self) -> Result<SubscriptionTarget, Problem> {
        self.target
            .parse()
            .map_err(|_| Problem::new("target", "subscription-target-unknown"))
    }

    /// The delivery and, for a digest, its hour (0–23).
    pub(crate) fn delivery(&self) -> Result<(Delivery, Option<i64>), Problem> {
        let delivery = match self.delivery.trim() {
            "" => Delivery::Each,
            d => d
                .parse()
                .map_err(|_| Problem::new("delivery", "subscription-delivery-unknown"))?,
        };
        match delivery {
            Delivery::Each => Ok((Delivery::Each, None)),
            Delivery::Digest => match self.digest_hour.trim().parse::<i64>() {
                Ok(h) if (0..=23).contains(&h) => Ok((Delivery::Digest, Some(h))),
                _ => Err(Problem::new("digest_hour", "subscription-hour-invalid")),
            },
        }
    }
}

/// The start of a `YYYY-MM-DD` day in Western Indonesian time.
pub(crate) fn day_start(s: &str) -> Option<i64> {
    let date: jiff::civil::Date = s.trim().parse().ok()?;
    let offset = jiff::tz::Offset::constant(7);
    let dt = date.to_datetime(jiff::civil::Time::midnight());
    let ts = offset.to_timestamp(dt).ok()?;
    Some(ts.as_microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_field_is_reported() {
        let input = ContactInput {
            name: " ".into(),
            email: "not-an-address".into(),
            phone: "call me".into(),
            kind: "spy".into(),
            outlet_id: "99".into(),
            regions: "51.71, xx!".into(),
            language: "fr".into(),
            time_zone: "CET".into(),
            ..Default::default()
        };
        let mut c = Checks::new(3);
        input.check(&mut c, |_| false);
        let keys: Vec<_> = c.problems.iter().map(|p| (p.row, p.field, p.key)).collect();
        assert_eq!(
            keys,
            vec![
                (3, "name", "contact-name-required"),
                (3, "email", "contact-email-invalid"),
                (3, "phone", "contact-phone-invalid"),
                (3, "kind", "contact-kind-unknown"),
                (3, "outlet_id", "contact-outlet-unknown"),
                (3, "regions", "contact-region-invalid"),
                (3, "language", "contact-language-unknown"),
                (3, "time_zone", "contact-zone-unknown"),
            ]
        );
    }

    #[test]
    fn a_good_contact_is_normalised() {
        let input = ContactInput {
            name: " Sari Dewi ".into(),
            email: "Sari@Warta.example".into(),
            whatsapp: "+62 812 3456 7890".into(),
            beats: "Pemerintahan, KESEHATAN".into(),
            regions: "51.71".into(),
            ..Default::default()
        };
        let mut c = Checks::new(0);
        let d = input.check(&mut c, |_| true);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(d.email.as_deref(), Some("sari@warta.example"));
        assert_eq!(d.whatsapp, "+6281234567890");
        assert_eq!(d.beats, ["pemerintahan", "kesehatan"]);
        assert_eq!(d.kind, Some(ContactKind::Journalist));
    }

    #[test]
    fn a_consent_names_basis_and_channel_and_is_not_in_the_future() {
        let today = day_start("2026-12-06").unwrap();
        let mut c = Checks::new(0);
        let ok = ConsentInput {
            basis: "consent".into(),
            channel: "form".into(),
            given_on: "2026-12-01".into(),
            ..Default::default()
        }
        .check(&mut c, today);
        assert!(ok.is_some() && c.problems.is_empty());
        let mut c = Checks::new(0);
        let bad = ConsentInput {
            basis: "because".into(),
            channel: "form".into(),
            given_on: "2027-01-01".into(),
            ..Default::default()
        }
        .check(&mut c, today);
        assert!(bad.is_none());
        assert_eq!(c.problems.len(), 2);
    }
}
