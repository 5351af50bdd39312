//! The words of a release e-mail, in the reader's language and zone.
//!
//! Plain text: the embargo line first (when it applies), the title, the
//! unit, the lead and the body as written (Markdown reads as text), the
//! link to the release, and a footer saying why the reader gets it with a
//! one-click unsubscribe link, also given in `List-Unsubscribe` with
//! `List-Unsubscribe-Post` (RFC 8058). No tracking of any kind.

use sinergi_domain::Zone;
use sinergi_mail::MailTexts;
use sinergi_store::contacts::{Cause, ComposedEmail, Composer, DigestItem, Recipient, ReleaseMail};

use crate::tokens::unsubscribe_token;

/// Words release messages; installed in the store by `Distribution::prepare`.
pub struct ReleaseComposer {
    base_url: String,
    key: Vec<u8>,
}

impl ReleaseComposer {
    pub fn new(base_url: &str, key: Vec<u8>) -> ReleaseComposer {
        ReleaseComposer {
            base_url: base_url.trim_end_matches('/').to_owned(),
            key,
        }
    }
}

/// `WIB`, `WITA` or `WIT` as a zone; WIB for anything else.
pub fn zone_named(name: &str) -> Zone {
    match name.trim().to_ascii_uppercase().as_str() {
        "WITA" => Zone::Wita,
        "WIT" => Zone::Wit,
        _ => Zone::Wib,
    }
}

/// "2026-06-04 09:00 WITA": unambiguous in both languages.
pub fn local_time(micros: i64, zone: Zone) -> String {
    let Ok(ts) = jiff::Timestamp::from_microsecond(micros) else {
        return String::new();
    };
    let dt = jiff::tz::Offset::constant(zone.utc_offset_hours()).to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        zone.abbreviation()
    )
}

/// `List-Unsubscribe` with one-click (RFC 8058).
fn unsubscribe_headers(link: &str) -> Vec<(String, String)> {
    vec![
        ("List-Unsubscribe".to_owned(), format!("<{link}>")),
        (
            "List-Unsubscribe-Post".to_owned(),
            "List-Unsubscribe=One-Click".to_owned(),
        ),
    ]
}

impl Composer for ReleaseComposer {
    fn compose_digest(&self, items: &[DigestItem], to: &Recipient, day: &str) -> ComposedEmail {
        let t = MailTexts::new(&to.language);
        let zone = zone_named(&to.time_zone);
        let unsubscribe = format!(
            "{}/unsubscribe/{}",
            self.base_url,
            unsubscribe_token(&self.key, to.contact_id)
        );
        let subject = t.get(
            "daily-digest-subject",
            &[("time", day), ("count", &items.len().to_string())],
        );
        let mut body = t.get("daily-digest-intro", &[]);
        body.push_str("\n\n");
        for item in items {
            body.push_str(&format!(
                "* {}\n  {} · {}\n  {}/releases/{}-{}\n\n",
                item.title,
                item.unit_name,
                local_time(item.public_at, zone),
                self.base_url,
                item.id,
                item.slug
            ));
        }
        body.push_str("-- \n");
        body.push_str(&t.get("daily-digest-footer", &[("link", &unsubscribe)]));
        body.push('\n');
        ComposedEmail {
            subject,
            body_text: body,
            headers: unsubscribe_headers(&unsubscribe),
        }
    }

    fn compose(&self, r: &ReleaseMail, to: &Recipient) -> ComposedEmail {
        let t = MailTexts::new(&to.language);
        let zone = zone_named(&to.time_zone);
        let time = local_time(r.public_at, zone);
        let link = format!("{}/releases/{}-{}", self.base_url, r.id, r.slug);
        let unsubscribe = format!(
            "{}/unsubscribe/{}",
            self.base_url,
            unsubscribe_token(&self.key, to.contact_id)
        );
        let title = r.title.as_str();
        let subject = match (r.cause, to.embargoed) {
            (Cause::Withdraw, _) => t.get("release-withdraw-subject", &[("title", title)]),
            (Cause::Correct, _) => t.get("release-correct-subject", &[("title", title)]),
            (Cause::Publish, true) => t.get(
                "release-embargo-subject",
                &[("title", title), ("time", &time)],
            ),
            (Cause::Publish, false) => t.get("release-subject", &[("title", title)]),
        };
        let mut body = String::new();
        if to.embargoed {
            body.push_str(&t.get("release-embargo-line", &[("time", &time)]));
            body.push_str("\n\n");
        }
        match r.cause {
            Cause::Withdraw => {
                body.push_str(&t.get(
                    "release-withdraw-body",
                    &[("unit", &r.unit_name), ("title", title), ("note", &r.note)],
                ));
                body.push_str("\n\n");
            }
            Cause::Correct => {
                body.push_str(&t.get("release-correct-line", &[("note", &r.note)]));
                body.push_str("\n\n");
            }
            Cause::Publish => {}
        }
        if r.cause != Cause::Withdraw {
            body.push_str(&format!("{title}\n{}\n\n", r.unit_name));
            if !r.lead.trim().is_empty() {
                body.push_str(r.lead.trim());
                body.push_str("\n\n");
            }
            body.push_str(r.body_md.trim());
            body.push_str("\n\n");
            body.push_str(&t.get("release-read-online", &[("link", &link)]));
            body.push_str("\n\n");
        }
        body.push_str("-- \n");
        body.push_str(&t.get(
            "release-footer",
            &[("unit", &r.unit_name), ("link", &unsubscribe)],
        ));
        body.push('\n');
        ComposedEmail {
            subject,
            body_text: body,
            headers: unsubscribe_headers(&unsubscribe),
        }
    }
}

#[cfg(test)]
mod tests {
    use sinergi_domain::{ContactId, ReleaseId, UnitCode};

    use super::*;

    fn release(cause: Cause) -> ReleaseMail {
        ReleaseMail {
            id: ReleaseId::new(9),
            unit_code: UnitCode::parse("51.71").unwrap(),
            unit_name: "Kota Denpasar".into(),
            slug: "pasar-rakyat".into(),
            title: "Pasar Rakyat Dibuka".into(),
            lead: "Pasar dibuka Senin.".into(),
            body_md: "Isi siaran.".into(),
            version: 3,
            // 2026-06-04 01:00 UTC = 09:00 WITA = 10:00 WIT.
            public_at: 1_780_534_800_000_000,
            cause,
            note: "Tanggal salah".into(),
        }
    }

    fn to(language: &str, zone: &str, embargoed: bool) -> Recipient {
        Recipient {
            contact_id: ContactId::new(5),
            name: "Sari".into(),
            email: "sari@warta.example".into(),
            language: language.into(),
            time_zone: zone.into(),
            embargoed,
        }
    }

    #[test]
    fn an_embargo_is_stated_in_the_subject_and_first_line_in_the_readers_zone() {
        let c = ReleaseComposer::new("https://s.example/", b"k".to_vec());
        let m = c.compose(&release(Cause::Publish), &to("id", "WIT", true));
        assert!(m.subject.contains("2026-06-04 10:00 WIT"), "{}", m.subject);
        let first = m.body_text.lines().next().unwrap();
        assert!(first.contains("2026-06-04 10:00 WIT"), "{first}");
        let en = c.compose(&release(Cause::Publish), &to("en", "WITA", true));
        assert!(
            en.subject.contains("2026-06-04 09:00 WITA"),
            "{}",
            en.subject
        );
        assert!(en.subject.starts_with("[EMBARGO"), "{}", en.subject);
    }

    #[test]
    fn every_message_carries_one_click_unsubscribe() {
        let c = ReleaseComposer::new("https://s.example", b"k".to_vec());
        let m = c.compose(&release(Cause::Publish), &to("en", "WIB", false));
        assert!(!m.body_text.contains("EMBARGO"));
        assert!(
            m.body_text
                .contains("https://s.example/releases/9-pasar-rakyat")
        );
        let (name, value) = &m.headers[0];
        assert_eq!(name, "List-Unsubscribe");
        assert!(
            value.starts_with("<https://s.example/unsubscribe/5."),
            "{value}"
        );
        assert_eq!(m.headers[1].1, "List-Unsubscribe=One-Click");
        let w = c.compose(&release(Cause::Withdraw), &to("id", "WIB", false));
        assert!(
            !w.body_text.contains("Isi siaran"),
            "a withdrawal carries no text"
        );
        assert!(w.body_text.contains("Tanggal salah"));
    }
}
