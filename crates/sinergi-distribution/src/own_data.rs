//! A contact's own data (UU PDP 27/2022): they ask by e-mail address for
//! a signed link (sent through the outbox, the same answer whether or not
//! the address is known), or open it from the portal when signed in as a
//! journalist; with it they see everything held on them, export it (JSON
//! and CSV), correct it and erase it. Every read and export is audited
//! with the contact's id only (no address, no IP).

use serde::{Deserialize, Serialize};
use sinergi_domain::ContactId;
use sinergi_domain::contacts::normalise_email;
use sinergi_mail::MailTexts;
use sinergi_store::NewEmail;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::accounts::users::User;
use sinergi_store::contacts::OwnData;

use crate::csv_io::neutralise;
use crate::input::{Checks, ContactInput};
use crate::tokens::{own_data_token, verify_own_data};
use crate::{Distribution, DistributionError, Problem};

/// How long a link works.
pub const LINK_LIFETIME: i64 = 24 * 3600 * 1_000_000;

/// Asking twice within this window sends one message.
const LINK_WINDOW: i64 = 15 * 60 * 1_000_000;

/// What a contact may correct themselves.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OwnCorrection {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub whatsapp: String,
    pub role_title: String,
    pub organisation: String,
    pub language: String,
    pub time_zone: String,
}

fn self_actor(id: ContactId) -> Actor {
    Actor {
        user_id: None,
        label: format!("contact:{id}"),
        ip: None,
    }
}

impl Distribution {
    async fn own_key(&self) -> Result<Vec<u8>, DistributionError> {
        Ok(self.keys.unsubscribe(&self.store, self.now()).await?)
    }

    /// Sends a link to their data to every contact with address `email`.
    /// Says nothing about whether there is one; a malformed address is
    /// refused.
    pub async fn request_own_data_link(&self, email: &str) -> Result<(), DistributionError> {
        let Some(email) = normalise_email(email) else {
            return Err(DistributionError::Invalid(vec![Problem::new(
                "email",
                "contact-email-invalid",
            )]));
        };
        let now = self.now();
        let key = self.own_key().await?;
        for id in self.store.contacts_with_email(&email).await? {
            let Some(contact) = self.store.contact(id).await? else {
                continue;
            };
            let token = own_data_token(&key, id, now + LINK_LIFETIME);
            let link = format!("{}/my-data/{token}", self.base_url);
            let t = MailTexts::new(&contact.language);
            let message = NewEmail {
                idempotency_key: format!("own-data:contact:{id}:{}", now / LINK_WINDOW),
                recipient: email.clone(),
                subject: t.get("own-data-subject", &[]),
                body_text: format!(
                    "{}\n\n{}\n",
                    t.get("own-data-body", &[("link", &link)]),
                    t.get("own-data-ignore", &[])
                ),
            };
            self.store
                .queue_own_data_link(id, &message, &self_actor(id), now)
                .await?;
        }
        self.notifier.notify();
        Ok(())
    }

    /// A fresh link to the signed-in journalist's own data, if they have a
    /// contact record.
    pub async fn own_data_link_for(&self, user: &User) -> Result<String, DistributionError> {
        let contact = self
            .store
            .contact_of_user(user.id)
            .await?
            .filter(|c| c.erased_at.is_none())
            .ok_or_else(|| DistributionError::NotFound("contact".into()))?;
        let key = self.own_key().await?;
        Ok(own_data_token(&key, contact.id, self.now() + LINK_LIFETIME))
    }

    async fn own_data_contact(&self, token: &str) -> Result<ContactId, DistributionError> {
        let key = self.own_key().await?;
        verify_own_data(&key, token, self.now())
            .ok_or_else(|| DistributionError::NotFound("link".into()))
    }

    /// Everything held on the link's contact; the read is audited.
    pub async fn own_data(&self, token: &str) -> Result<OwnData, DistributionError> {
        let id = self.own_data_contact(token).await?;
        self.store
            .own_data(id, "contact.own_data", &self_actor(id), self.now())
            .await?
            .ok_or_else(|| DistributionError::NotFound("link".into()))
    }

    /// The same, for an export (audited as `contact.own_data.export`).
    pub async fn own_data_export(&self, token: &str) -> Result<OwnData, DistributionError> {
        let id = self.own_data_contact(token).await?;
        self.store
            .own_data(id, "contact.own_data.export", &self_actor(id), self.now())
            .await?
            .ok_or_else(|| DistributionError::NotFound("link".into()))
    }

    /// Corrects the link's contact with the form's rules.
    pub async fn correct_own_data(
        &self,
        token: &str,
        version: i64,
        fix: &OwnCorrection,
    ) -> Result<(), DistributionError> {
        let id = self.own_data_contact(token).await?;
        let current = self.record(id).await?;
        let input = ContactInput {
            name: fix.name.clone(),
            email: fix.email.clone(),
            phone: fix.phone.clone(),
            whatsapp: fix.whatsapp.clone(),
            kind: current.kind.as_str().to_owned(),
            role_title: fix.role_title.clone(),
            outlet_id: current.outlet_id.map(|o| o.to_string()).unwrap_or_default(),
            organisation: fix.organisation.clone(),
            beats: current.beats.join(","),
            regions: current.regions.join(","),
            languages: current.languages.join(","),
            language: fix.language.clone(),
            time_zone: fix.time_zone.clone(),
        };
        let mut c = Checks::new(0);
        let mut draft = input.check(&mut c, |o| Some(o) == current.outlet_id);
        if !c.problems.is_empty() {
            return Err(DistributionError::Invalid(c.problems));
        }
        draft.user_id = current.user_id;
        self.store
            .update_contact(id, version, &draft, &self_actor(id), self.now())
            .await?;
        self.notifier.notify();
        Ok(())
    }

    /// Erases everything held on the link's contact (see
    /// `sinergi_store::contacts::own_data`).
    pub async fn erase_own_data(&self, token: &str) -> Result<(), DistributionError> {
        let id = self.own_data_contact(token).await?;
        self.record(id).await?;
        self.store
            .erase_contact(id, &self_actor(id), self.now())
            .await?;
        self.notifier.notify();
        Ok(())
    }

    /// An officer erases a contact at their request (by phone, by letter).
    pub async fn erase(
        &self,
        p: &sinergi_domain::access::Principal,
        actor: &Actor,
        id: ContactId,
    ) -> Result<(), DistributionError> {
        if !self.may_manage(p) {
            return Err(DistributionError::NotAllowed);
        }
        self.record(id).await?;
        self.store.erase_contact(id, actor, self.now()).await?;
        self.notifier.notify();
        Ok(())
    }
}

/// Everything held, as JSON.
pub fn own_data_json(d: &OwnData) -> String {
    serde_json::to_string_pretty(d).unwrap_or_default()
}

/// Everything held, as CSV: one `section,field,value` row per value
/// (cells a spreadsheet would run are neutralised), with a BOM.
pub fn own_data_csv(d: &OwnData) -> String {
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut put = |section: &str, field: &str, value: String| {
        rows.push([section.to_owned(), field.to_owned(), value]);
    };
    let c = &d.contact;
    put("contact", "id", c.id.to_string());
    put("contact", "name", c.name.clone());
    put("contact", "email", c.email.clone().unwrap_or_default());
    put("contact", "phone", c.phone.clone());
    put("contact", "whatsapp", c.whatsapp.clone());
    put("contact", "kind", c.kind.as_str().to_owned());
    put("contact", "role_title", c.role_title.clone());
    put(
        "contact",
        "outlet",
        c.outlet_name.clone().unwrap_or_default(),
    );
    put("contact", "organisation", c.organisation.clone());
    put("contact", "beats", c.beats.join(";"));
    put("contact", "regions", c.regions.join(";"));
    put("contact", "languages", c.languages.join(";"));
    put("contact", "language", c.language.clone());
    put("contact", "time_zone", c.time_zone.clone());
    put("contact", "created_at", c.created_at.to_string());
    for k in &d.consents {
        put(
            "consent",
            k.purpose.as_str(),
            format!(
                "basis={} channel={} given_at={} withdrawn_at={} evidence={}",
                k.basis.as_str(),
                k.channel.as_str(),
                k.given_at,
                k.withdrawn_at.map(|w| w.to_string()).unwrap_or_default(),
                k.evidence
            ),
        );
    }
    for s in &d.subscriptions {
        put(
            "subscription",
            s.target.as_str(),
            format!(
                "{} ({}{})",
                s.unit_code
                    .clone()
                    .or_else(|| s.campaign_title.clone())
                    .or_else(|| s.tag.clone())
                    .unwrap_or_default(),
                s.delivery.as_str(),
                s.digest_hour
                    .map(|h| format!(" {h:02}:00"))
                    .unwrap_or_default()
            ),
        );
    }
    for n in &d.notes {
        put("note", &n.unit_code, n.body.clone());
    }
    for m in &d.deliveries {
        put(
            "release_mail",
            &m.cause,
            format!("{} ({})", m.title, m.release_id),
        );
    }
    for p in &d.pitches {
        put("pitch", &p.unit_name, p.subject.clone().unwrap_or_default());
    }
    for (made, revoked) in &d.feed_tokens {
        put(
            "feed_token",
            &made.to_string(),
            revoked.map(|r| r.to_string()).unwrap_or_default(),
        );
    }
    for (at, action) in &d.history {
        put("history", &at.to_string(), action.clone());
    }
    for m in &d.merged {
        put(
            "merged_record",
            &m.id.to_string(),
            format!("{} <{}>", m.name, m.email.clone().unwrap_or_default()),
        );
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["section", "field", "value"]);
    for r in rows {
        let _ = writer.write_record(r.iter().map(|c| neutralise(c).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}
