//! The journalist's portal: what they follow, releases of the units that
//! accredited them (embargoed ones with the time they lift), and their
//! subscriptions and personal feed. A journalist's contact record is made
//! the first time they follow something; following is their own consent
//! to distribution, recorded as such (channel `portal`).

use serde::Serialize;
use sinergi_domain::access::{Principal, Reach, UserKind};
use sinergi_domain::contacts::{Basis, Channel, ContactKind, Purpose};
use sinergi_domain::newsroom::{ReleaseAccess, ReleaseFacts, ReleaseState, release_access};
use sinergi_domain::{ContactId, SubscriptionId, UnitCode};
use sinergi_store::accounts::audit::Actor;
use sinergi_store::accounts::users::User;
use sinergi_store::contacts::{
    ContactDraft, ContactRecord, NewConsent, PortalRelease, SubscriptionRecord,
};

use crate::input::SubscriptionInput;
use crate::tokens::hash_token;
use crate::{Distribution, DistributionError};

/// A release in the portal.
#[derive(Debug, Clone, Serialize)]
pub struct PortalItem {
    pub release: PortalRelease,
    /// Still under embargo: shown with a banner and the lifting time.
    pub embargoed: bool,
}

/// What the portal shows a journalist.
#[derive(Debug, Clone, Serialize)]
pub struct Portal {
    pub contact: Option<ContactRecord>,
    pub subscriptions: Vec<SubscriptionRecord>,
    pub has_feed: bool,
    /// Releases of the units that accredited them, embargoed ones included.
    pub accredited: Vec<PortalItem>,
    /// Public releases of what they follow.
    pub followed: Vec<PortalItem>,
}

fn journalist(user: &User) -> Result<(), DistributionError> {
    if user.kind == UserKind::Journalist {
        Ok(())
    } else {
        Err(DistributionError::NotAllowed)
    }
}

impl Distribution {
    /// The portal of the signed-in journalist `user`.
    pub async fn portal(&self, p: &Principal, user: &User) -> Result<Portal, DistributionError> {
        journalist(user)?;
        let now = self.now();
        let contact = self.store.contact_of_user(user.id).await?;
        let (subscriptions, has_feed, followed) = match &contact {
            Some(c) => (
                self.store.subscriptions_of(c.id).await?,
                self.store.has_feed_token(c.id).await?,
                self.store
                    .subscribed_releases(c.id, now, 30)
                    .await?
                    .into_iter()
                    .map(|release| PortalItem {
                        release,
                        embargoed: false,
                    })
                    .collect(),
            ),
            None => (Vec::new(), false, Vec::new()),
        };
        let units: Vec<String> = p
            .accreditations
            .iter()
            .filter(|a| a.reach == Reach::Unit)
            .map(|a| a.unit.to_string())
            .collect();
        let subtrees: Vec<String> = p
            .accreditations
            .iter()
            .filter(|a| a.reach == Reach::Subtree)
            .map(|a| a.unit.to_string())
            .collect();
        let mut accredited = Vec::new();
        for release in self.store.releases_of_units(&units, &subtrees, 50).await? {
            let Ok(code) = UnitCode::parse(&release.unit_code) else {
                continue;
            };
            let facts = ReleaseFacts {
                unit: &code,
                state: ReleaseState::Released,
                public_at: Some(release.public_at),
                embargo: release.embargo != 0,
                withdrawn_at: None,
            };
            // The site's one rule: what this reader may open now.
            let embargoed = match release_access(p, &facts, now) {
                ReleaseAccess::Embargoed => true,
                ReleaseAccess::Public | ReleaseAccess::Internal => false,
                _ => continue,
            };
            accredited.push(PortalItem { release, embargoed });
        }
        Ok(Portal {
            contact,
            subscriptions,
            has_feed,
            accredited,
            followed,
        })
    }

    /// The journalist's contact, made from their account the first time.
    async fn own_contact(
        &self,
        user: &User,
        actor: &Actor,
    ) -> Result<ContactId, DistributionError> {
        if let Some(c) = self.store.contact_of_user(user.id).await? {
            return Ok(c.id);
        }
        let draft = ContactDraft {
            name: user.name.clone(),
            email: Some(user.email.clone()),
            kind: Some(ContactKind::Journalist),
            outlet_id: user.outlet_id,
            languages: vec![user.language.clone()],
            language: if user.language == "en" { "en" } else { "id" }.to_owned(),
            time_zone: "WIB".to_owned(),
            user_id: Some(user.id),
            ..Default::default()
        };
        Ok(self.store.create_contact(&draft, actor, self.now()).await?)
    }

    /// The journalist follows a unit, a subtree, a campaign or a tag
    /// (`input`, as an officer's form would give it), each release or in
    /// a daily digest; their own consent to distribution is recorded
    /// (channel `portal`) if they had none.
    pub async fn follow(
        &self,
        user: &User,
        actor: &Actor,
        input: &SubscriptionInput,
    ) -> Result<SubscriptionId, DistributionError> {
        journalist(user)?;
        // Checked before anything is written, so a refused input records nothing.
        let new = self.resolve_subscription(input).await?;
        let contact = self.own_contact(user, actor).await?;
        let record = self
            .store
            .contact(contact)
            .await?
            .ok_or_else(|| DistributionError::NotFound(format!("contact {contact}")))?;
        if !record.distribution_consent {
            let what = new
                .unit_code
                .clone()
                .or_else(|| new.tag.clone())
                .or_else(|| new.campaign.map(|c| format!("campaign {c}")))
                .unwrap_or_default();
            let consent = NewConsent {
                purpose: Purpose::Distribution,
                basis: Basis::Consent,
                channel: Channel::Portal,
                evidence: format!("portal: follow {what}"),
                given_at: self.now(),
            };
            self.store
                .record_consent(contact, &consent, actor, self.now())
                .await?;
        }
        self.subscribe_resolved(actor, contact, &new).await
    }

    /// Ends one of the journalist's own subscriptions.
    pub async fn unfollow(
        &self,
        user: &User,
        actor: &Actor,
        subscription: SubscriptionId,
    ) -> Result<(), DistributionError> {
        journalist(user)?;
        let Some(c) = self.store.contact_of_user(user.id).await? else {
            return Err(DistributionError::NotFound(format!(
                "subscription {subscription}"
            )));
        };
        let n = self
            .store
            .unsubscribe(c.id, Some(subscription), Channel::Portal, actor, self.now())
            .await?;
        if n == 0 {
            return Err(DistributionError::NotFound(format!(
                "subscription {subscription}"
            )));
        }
        self.notifier.notify();
        Ok(())
    }

    /// A new personal feed address for the journalist (shown once).
    pub async fn own_feed_token(
        &self,
        user: &User,
        actor: &Actor,
    ) -> Result<String, DistributionError> {
        journalist(user)?;
        let contact = self.own_contact(user, actor).await?;
        self.replace_feed_token(actor, contact).await
    }

    /// Turns the journalist's personal feed off.
    pub async fn revoke_own_feed(
        &self,
        user: &User,
        actor: &Actor,
    ) -> Result<(), DistributionError> {
        journalist(user)?;
        if let Some(c) = self.store.contact_of_user(user.id).await? {
            self.store
                .revoke_feed_tokens(c.id, actor, self.now())
                .await?;
            self.notifier.notify();
        }
        Ok(())
    }

    /// A personal feed: the owner's name and the public releases of what
    /// they follow, as of now. Never an embargoed one: a feed address can
    /// travel further than its owner.
    pub async fn personal_feed(
        &self,
        token: &str,
    ) -> Result<Option<(String, Vec<PortalRelease>)>, DistributionError> {
        let Some(owner) = self.store.feed_owner(&hash_token(token)).await? else {
            return Ok(None);
        };
        let releases = self
            .store
            .subscribed_releases(owner.contact_id, self.now(), 50)
            .await?;
        Ok(Some((owner.name, releases)))
    }
}
