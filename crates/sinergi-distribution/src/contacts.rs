//! The officer's side: the contact base, consent, notes, subscriptions,
//! import and export. Rights first, then input, then the store.

use serde::Serialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::contacts::{Channel, Purpose, SubscriptionTarget};
use sinergi_domain::newsroom::tags::{MAX_TAG_CHARS, normalise_tag};
use sinergi_domain::{CampaignId, ContactId, ReleaseId, SubscriptionId, UnitCode};
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{
    ConsentRecord, ContactNote, ContactQuery, ContactRecord, DeliveryRow, Duplicate, ImportRow,
    MergedRecord, NewSubscription, OutletRecord, SubscriptionRecord, Suppression,
};

use crate::csv_io::parse_csv;
use crate::input::{Checks, ConsentInput, ContactInput, OutletInput, SubscriptionInput};
use crate::tokens::{hash_token, random_token};
use crate::{Distribution, DistributionError, Problem};

fn invalid(field: &'static str, key: &'static str) -> DistributionError {
    DistributionError::Invalid(vec![Problem::new(field, key)])
}

/// Everything an officer sees of one contact.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub contact: ContactRecord,
    pub consents: Vec<ConsentRecord>,
    pub subscriptions: Vec<SubscriptionRecord>,
    /// The notes of the units the reader keeps contacts for.
    pub notes: Vec<ContactNote>,
    /// Other contacts that may be the same person.
    pub duplicates: Vec<Duplicate>,
    /// Units where the reader may write a note.
    pub note_units: Vec<String>,
    /// The address bounced hard and is left out.
    pub suppression: Option<Suppression>,
    /// Records of the same person merged into this one.
    pub merged: Vec<MergedRecord>,
}

/// One row of an import as the preview shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRowView {
    pub row: usize,
    pub name: String,
    pub email: String,
    pub outlet: String,
    pub consent: bool,
    pub subscribe: Vec<String>,
    /// Contacts already in the base that may be this one.
    pub duplicates: Vec<Duplicate>,
}

/// An import checked and not written: the rows, and every problem.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    pub rows: Vec<ImportRowView>,
    pub problems: Vec<Problem>,
}

impl Distribution {
    /// Whether `p` keeps contacts anywhere (the base is shared).
    pub fn may_manage(&self, p: &Principal) -> bool {
        p.holds(Action::ManageContacts)
    }

    fn require(&self, p: &Principal) -> Result<(), DistributionError> {
        if self.may_manage(p) {
            Ok(())
        } else {
            Err(DistributionError::NotAllowed)
        }
    }

    pub(crate) async fn record(&self, id: ContactId) -> Result<ContactRecord, DistributionError> {
        match self.store.contact(id).await? {
            Some(c) if c.merged_into.is_none() && c.erased_at.is_none() => Ok(c),
            _ => Err(DistributionError::NotFound(format!("contact {id}"))),
        }
    }

    async fn outlet_ids(&self) -> Result<Vec<i64>, DistributionError> {
        Ok(self
            .store
            .outlet_records()
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect())
    }

    /// A page of the base; the read is audited.
    pub async fn list(
        &self,
        p: &Principal,
        actor: &Actor,
        q: &ContactQuery,
    ) -> Result<(Vec<ContactRecord>, i64), DistributionError> {
        self.require(p)?;
        Ok(self
            .store
            .list_contacts(q, "contacts.list", actor, self.now())
            .await?)
    }

    pub async fn outlets(&self, p: &Principal) -> Result<Vec<OutletRecord>, DistributionError> {
        self.require(p)?;
        Ok(self.store.outlet_records().await?)
    }

    pub async fn create_outlet(
        &self,
        p: &Principal,
        actor: &Actor,
        input: &OutletInput,
    ) -> Result<i64, DistributionError> {
        self.require(p)?;
        let mut c = Checks::new(0);
        let draft = input.check(&mut c);
        if !c.problems.is_empty() {
            return Err(DistributionError::Invalid(c.problems));
        }
        let id = self
            .store
            .create_outlet_record(&draft, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(id)
    }

    /// Adds a contact. Possible duplicates (same e-mail, or same name at
    /// the same outlet) are refused unless `confirmed`.
    pub async fn create(
        &self,
        p: &Principal,
        actor: &Actor,
        input: &ContactInput,
        confirmed: bool,
    ) -> Result<ContactId, DistributionError> {
        self.require(p)?;
        let outlets = self.outlet_ids().await?;
        let mut c = Checks::new(0);
        let draft = input.check(&mut c, |id| outlets.contains(&id));
        if !c.problems.is_empty() {
            return Err(DistributionError::Invalid(c.problems));
        }
        if !confirmed
            && !self
                .store
                .contact_duplicates(&draft, None)
                .await?
                .is_empty()
        {
            return Err(invalid("name", "contact-duplicate"));
        }
        let id = self.store.create_contact(&draft, actor, self.now()).await?;
        self.notifier.notify();
        Ok(id)
    }

    /// Contacts that may be the same person as `input` describes.
    pub async fn duplicates_of(
        &self,
        p: &Principal,
        input: &ContactInput,
    ) -> Result<Vec<Duplicate>, DistributionError> {
        self.require(p)?;
        let mut c = Checks::new(0);
        let draft = input.check(&mut c, |_| true);
        Ok(self.store.contact_duplicates(&draft, None).await?)
    }

    pub async fn update(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
        expected_version: i64,
        input: &ContactInput,
    ) -> Result<(), DistributionError> {
        self.require(p)?;
        let current = self.record(id).await?;
        let outlets = self.outlet_ids().await?;
        let mut c = Checks::new(0);
        let mut draft = input.check(&mut c, |id| outlets.contains(&id));
        if !c.problems.is_empty() {
            return Err(DistributionError::Invalid(c.problems));
        }
        draft.user_id = current.user_id;
        self.store
            .update_contact(id, expected_version, &draft, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(())
    }

    /// One contact with its consent, subscriptions, the reader's units'
    /// notes and possible duplicates.
    pub async fn view(
        &self,
        p: &Principal,
        id: ContactId,
    ) -> Result<ContactView, DistributionError> {
        self.require(p)?;
        let contact = self.record(id).await?;
        let scope = p.scope(Action::ManageContacts);
        let draft = sinergi_store::contacts::ContactDraft {
            name: contact.name.clone(),
            email: contact.email.clone(),
            outlet_id: contact.outlet_id,
            ..Default::default()
        };
        let note_units = p
            .memberships
            .iter()
            .filter(|m| p.can(Action::ManageContacts, &m.unit))
            .map(|m| m.unit.to_string())
            .collect();
        let suppression = match &contact.email {
            Some(e) => self.store.suppression(e).await?,
            None => None,
        };
        Ok(ContactView {
            suppression,
            consents: self.store.consents(id).await?,
            subscriptions: self.store.subscriptions_of(id).await?,
            notes: self.store.contact_notes(id, &scope).await?,
            duplicates: self.store.contact_duplicates(&draft, Some(id)).await?,
            merged: self.store.merged_records(id).await?,
            note_units,
            contact,
        })
    }

    /// Campaigns a contact may follow: (id, title).
    pub async fn campaign_choices(
        &self,
        p: &Principal,
    ) -> Result<Vec<(i64, String)>, DistributionError> {
        self.require(p)?;
        Ok(self.store.campaign_choices(self.now()).await?)
    }

    /// Lifts a hard bounce on a contact's address (audited).
    pub async fn lift_suppression(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
    ) -> Result<(), DistributionError> {
        self.require(p)?;
        self.record(id).await?;
        self.store.lift_suppression(id, actor, self.now()).await?;
        self.notifier.notify();
        Ok(())
    }

    /// A private note of `unit` on a contact.
    pub async fn add_note(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
        unit: &str,
        body: &str,
    ) -> Result<i64, DistributionError> {
        let code =
            UnitCode::parse(unit.trim()).map_err(|_| invalid("unit", "contact-region-invalid"))?;
        if !p.can(Action::ManageContacts, &code) {
            return Err(DistributionError::NotAllowed);
        }
        self.record(id).await?;
        let body = body.trim();
        if body.is_empty() {
            return Err(invalid("body", "note-required"));
        }
        if body.chars().count() > 5_000 {
            return Err(invalid("body", "contact-too-long"));
        }
        let note = self
            .store
            .add_contact_note(id, code.as_str(), body, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(note)
    }

    pub async fn record_consent(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
        input: &ConsentInput,
    ) -> Result<i64, DistributionError> {
        self.require(p)?;
        self.record(id).await?;
        let mut c = Checks::new(0);
        let Some(consent) = input.check(&mut c, self.now()) else {
            return Err(DistributionError::Invalid(c.problems));
        };
        let written = self
            .store
            .record_consent(id, &consent, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(written)
    }

    /// Withdraws consent for `purpose` at once; withdrawing consent to
    /// distribution also ends every subscription.
    pub async fn withdraw_consent(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
        purpose: &str,
        via: &str,
    ) -> Result<u64, DistributionError> {
        self.require(p)?;
        self.record(id).await?;
        let purpose: Purpose = purpose
            .parse()
            .map_err(|_| invalid("purpose", "consent-purpose-unknown"))?;
        let via: Channel = via
            .parse()
            .map_err(|_| invalid("channel", "consent-channel-unknown"))?;
        let now = self.now();
        let n = self
            .store
            .withdraw_consent(id, purpose, via, actor, now)
            .await?;
        if purpose == Purpose::Distribution {
            self.store.unsubscribe(id, None, via, actor, now).await?;
        }
        self.notifier.notify();
        Ok(n)
    }

    /// Subscribes a contact. Mail needs a standing consent to
    /// distribution, so a contact without one is refused.
    pub async fn subscribe(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
        input: &SubscriptionInput,
    ) -> Result<SubscriptionId, DistributionError> {
        self.require(p)?;
        let contact = self.record(id).await?;
        if !contact.distribution_consent {
            return Err(invalid("target", "subscription-needs-consent"));
        }
        self.subscribe_checked(actor, id, input).await
    }

    /// What `input` asks for, checked: the unit, campaign or tag exists
    /// (a tag in its canonical form), the delivery and hour are valid.
    pub(crate) async fn resolve_subscription(
        &self,
        input: &SubscriptionInput,
    ) -> Result<NewSubscription, DistributionError> {
        let target = input
            .target()
            .map_err(|p| DistributionError::Invalid(vec![p]))?;
        let (delivery, digest_hour) = input
            .delivery()
            .map_err(|p| DistributionError::Invalid(vec![p]))?;
        let mut new = NewSubscription {
            target,
            unit_code: None,
            campaign: None,
            tag: None,
            delivery,
            digest_hour,
        };
        match target {
            SubscriptionTarget::Unit | SubscriptionTarget::Subtree => {
                let code = UnitCode::parse(input.unit.trim())
                    .map_err(|_| invalid("unit", "subscription-unit-unknown"))?;
                if self.store.unit(&code).await.is_err() {
                    return Err(invalid("unit", "subscription-unit-unknown"));
                }
                new.unit_code = Some(code.to_string());
            }
            SubscriptionTarget::Campaign => {
                let cid: CampaignId = input
                    .campaign
                    .trim()
                    .parse()
                    .map_err(|_| invalid("campaign", "subscription-campaign-unknown"))?;
                if self.store.campaign(cid).await?.is_none() {
                    return Err(invalid("campaign", "subscription-campaign-unknown"));
                }
                new.campaign = Some(cid);
            }
            SubscriptionTarget::Tag => {
                let tag = normalise_tag(&input.tag)
                    .filter(|t| t.chars().count() <= MAX_TAG_CHARS)
                    .ok_or_else(|| invalid("tag", "subscription-tag-invalid"))?;
                new.tag = Some(tag);
            }
        }
        Ok(new)
    }

    pub(crate) async fn subscribe_checked(
        &self,
        actor: &Actor,
        id: ContactId,
        input: &SubscriptionInput,
    ) -> Result<SubscriptionId, DistributionError> {
        let new = self.resolve_subscription(input).await?;
        self.subscribe_resolved(actor, id, &new).await
    }

    pub(crate) async fn subscribe_resolved(
        &self,
        actor: &Actor,
        id: ContactId,
        new: &NewSubscription,
    ) -> Result<SubscriptionId, DistributionError> {
        let sub = self.store.subscribe(id, new, actor, self.now()).await?;
        self.notifier.notify();
        Ok(sub)
    }

    /// What a journalist's follow form offers: the campaigns running now
    /// and the tags in use (both public facts).
    pub async fn subscription_choices(
        &self,
    ) -> Result<(Vec<(i64, String)>, Vec<String>), DistributionError> {
        Ok((
            self.store.campaign_choices(self.now()).await?,
            self.store.tags_in_use().await?,
        ))
    }

    /// Tags on released releases, most used first: what the subscription
    /// forms offer.
    pub async fn tags_in_use(&self) -> Result<Vec<String>, DistributionError> {
        Ok(self.store.tags_in_use().await?)
    }

    pub async fn end_subscription(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
        subscription: SubscriptionId,
    ) -> Result<u64, DistributionError> {
        self.require(p)?;
        let n = self
            .store
            .unsubscribe(id, Some(subscription), Channel::Form, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(n)
    }

    /// A new personal feed address for the contact (the old one stops
    /// working). Returns the token, shown once.
    pub async fn new_feed_token(
        &self,
        p: &Principal,
        actor: &Actor,
        id: ContactId,
    ) -> Result<String, DistributionError> {
        self.require(p)?;
        self.record(id).await?;
        self.replace_feed_token(actor, id).await
    }

    pub(crate) async fn replace_feed_token(
        &self,
        actor: &Actor,
        id: ContactId,
    ) -> Result<String, DistributionError> {
        let token = random_token();
        self.store
            .replace_feed_token(id, &hash_token(&token), actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(token)
    }

    /// One-click unsubscribe (RFC 8058): the signed token names the
    /// contact, whose subscriptions all end at once. Returns the contact,
    /// or `None` for a token that does not hold.
    pub async fn unsubscribe_by_token(
        &self,
        token: &str,
    ) -> Result<Option<ContactId>, DistributionError> {
        let key = self.keys.unsubscribe(&self.store, self.now()).await?;
        let Some(contact) = crate::tokens::verify_unsubscribe(&key, token) else {
            return Ok(None);
        };
        if self.store.contact(contact).await?.is_none() {
            return Ok(None);
        }
        let actor = Actor::system("unsubscribe link");
        self.store
            .unsubscribe(contact, None, Channel::Unsubscribe, &actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(Some(contact))
    }

    /// Whether an unsubscribe token holds (for the confirmation page).
    pub async fn check_unsubscribe_token(&self, token: &str) -> Result<bool, DistributionError> {
        let key = self.keys.unsubscribe(&self.store, self.now()).await?;
        Ok(crate::tokens::verify_unsubscribe(&key, token).is_some())
    }

    /// Each subscriber's message for a release and where it stands, for
    /// those who may review the release's unit, with when the rest are due.
    pub async fn deliveries(
        &self,
        p: &Principal,
        release: ReleaseId,
    ) -> Result<(Vec<DeliveryRow>, Option<i64>), DistributionError> {
        let r = self
            .store
            .release(release)
            .await?
            .ok_or_else(|| DistributionError::NotFound(format!("release {release}")))?;
        if !p.can(Action::Review, &r.unit_code) {
            return Err(DistributionError::NotAllowed);
        }
        Ok((
            self.store.deliveries_of(release).await?,
            self.store.pending_distribution(release).await?,
        ))
    }

    /// Reads a CSV file (see [`crate::CSV_COLUMNS`]) and checks every row;
    /// nothing is written. Duplicates are shown, not refused.
    pub async fn preview_import(
        &self,
        p: &Principal,
        bytes: &[u8],
    ) -> Result<(ImportPreview, Vec<ImportRow>), DistributionError> {
        self.require(p)?;
        let outlets = self.store.outlet_records().await?;
        let (rows, mut problems) = parse_csv(bytes, &outlets, self.now());
        let mut views = Vec::with_capacity(rows.len());
        for (n, row) in rows.iter().enumerate() {
            for unit in &row.subscribe {
                let known = match UnitCode::parse(unit) {
                    Ok(code) => self.store.unit(&code).await.is_ok(),
                    Err(_) => false,
                };
                if !known {
                    problems.push(Problem {
                        row: n + 1,
                        field: "subscribe",
                        key: "subscription-unit-unknown",
                    });
                }
            }
            if !row.subscribe.is_empty() && row.consent.is_none() {
                problems.push(Problem {
                    row: n + 1,
                    field: "subscribe",
                    key: "subscription-needs-consent",
                });
            }
            views.push(ImportRowView {
                row: n + 1,
                name: row.contact.name.clone(),
                email: row.contact.email.clone().unwrap_or_default(),
                outlet: row.new_outlet.clone().unwrap_or_else(|| {
                    row.contact
                        .outlet_id
                        .and_then(|id| outlets.iter().find(|o| o.id == id))
                        .map(|o| o.name.clone())
                        .unwrap_or_default()
                }),
                consent: row.consent.is_some(),
                subscribe: row.subscribe.clone(),
                duplicates: self.store.contact_duplicates(&row.contact, None).await?,
            });
        }
        problems.sort_by_key(|p| p.row);
        Ok((
            ImportPreview {
                rows: views,
                problems,
            },
            rows,
        ))
    }

    /// Imports a CSV file: every row, or none when any row is refused.
    pub async fn import(
        &self,
        p: &Principal,
        actor: &Actor,
        bytes: &[u8],
    ) -> Result<Vec<ContactId>, DistributionError> {
        let (preview, rows) = self.preview_import(p, bytes).await?;
        if !preview.problems.is_empty() {
            return Err(DistributionError::Invalid(preview.problems));
        }
        if rows.is_empty() {
            return Err(invalid("file", "import-empty"));
        }
        let ids = self.store.import_contacts(&rows, actor, self.now()).await?;
        self.notifier.notify();
        Ok(ids)
    }

    /// Every contact matching `q`, for an export; the read is audited as
    /// `contacts.export` with the format.
    pub async fn export_rows(
        &self,
        p: &Principal,
        actor: &Actor,
        q: &ContactQuery,
    ) -> Result<Vec<ContactRecord>, DistributionError> {
        self.require(p)?;
        let q = ContactQuery {
            limit: 10_000,
            offset: 0,
            ..q.clone()
        };
        Ok(self
            .store
            .list_contacts(&q, "contacts.export", actor, self.now())
            .await?
            .0)
    }
}
