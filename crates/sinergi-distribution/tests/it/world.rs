//! What every story starts from: a database with Bali, the newsroom and the
//! distribution service at a fixed clock, an editor of Kota Denpasar and a
//! way to add subscribers (accredited or not).

use std::sync::Arc;

use sinergi_distribution::Distribution;
use sinergi_domain::access::{Accreditation, Principal, Reach};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::contacts::{Basis, Channel, ContactKind, Purpose, SubscriptionTarget};
use sinergi_domain::{ContactId, UnitCode, UserId};
use sinergi_newsroom::Newsroom;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::accounts::users::{NewUser, UserKind};
use sinergi_store::contacts::{ContactDraft, NewConsent, NewSubscription};
use sinergi_store::{OutboxEntry, Store};
use sinergi_testkit::fixtures::cast::{HUMAS_JATIM, KONTRIBUTOR_DENPASAR, REDAKSI_DENPASAR};
use sinergi_testkit::fixtures::{SITE, newsroom, staff};
use sinergi_testkit::{TEST_NOW, TestDb};
use tempfile::TempDir;

pub const SECOND: i64 = 1_000_000;

pub struct World {
    pub db: TestDb,
    pub clock: Arc<FixedClock>,
    pub newsroom: Newsroom,
    pub dist: Distribution,
    /// An editor of Kota Denpasar (drafts, approves, releases).
    pub editor: Principal,
    /// A contributor of Kota Denpasar (keeps contacts).
    pub officer: Principal,
    /// Humas Jawa Timur (keeps contacts, elsewhere).
    pub outsider: Principal,
    _files: TempDir,
}

pub fn actor(p: &Principal) -> Actor {
    Actor {
        user_id: p.user_id,
        label: format!("user:{:?}", p.user_id),
        ip: None,
    }
}

impl World {
    pub async fn new() -> World {
        let db = TestDb::with_network(&["51", "35.78"]).await;
        let clock = Arc::new(FixedClock::at(TEST_NOW));
        let (newsroom, files) = newsroom(&db.store, &clock);
        let dist = Distribution::new(db.store.clone(), clock.clone(), SITE);
        dist.prepare().await.unwrap();
        let people = staff(
            &db.store,
            &[REDAKSI_DENPASAR, KONTRIBUTOR_DENPASAR, HUMAS_JATIM],
        )
        .await;
        World {
            clock,
            newsroom,
            dist,
            editor: people[0].clone(),
            officer: people[1].clone(),
            outsider: people[2].clone(),
            db,
            _files: files,
        }
    }

    pub fn store(&self) -> &Store {
        &self.db.store
    }

    /// A contact with an address, a standing consent, following Bali's
    /// subtree when `subscribed`; a journalist accredited by Kota Denpasar
    /// when `accredited`.
    pub async fn subscriber(&self, email: &str, accredited: bool, subscribed: bool) -> ContactId {
        let store = self.store();
        let system = Actor::system("test");
        let user_id = if accredited {
            let user = NewUser {
                email: email.into(),
                name: email.into(),
                kind: UserKind::Journalist,
                outlet_id: None,
                password_hash: None,
            };
            let id: UserId = store
                .create_user(&user, None, &system, TEST_NOW)
                .await
                .unwrap();
            let a = Accreditation {
                unit: UnitCode::parse("51.71").unwrap(),
                reach: Reach::Unit,
            };
            store
                .grant_accreditation(id, &a, &actor(&self.editor), TEST_NOW)
                .await
                .unwrap();
            Some(id)
        } else {
            None
        };
        let draft = ContactDraft {
            name: email.split('@').next().unwrap().to_owned(),
            email: Some(email.into()),
            kind: Some(ContactKind::Journalist),
            languages: vec!["id".into()],
            language: "id".into(),
            time_zone: "WITA".into(),
            user_id,
            ..Default::default()
        };
        let id = store
            .create_contact(&draft, &system, TEST_NOW)
            .await
            .unwrap();
        let consent = NewConsent {
            purpose: Purpose::Distribution,
            basis: Basis::Consent,
            channel: Channel::Form,
            evidence: "formulir".into(),
            given_at: TEST_NOW,
        };
        store
            .record_consent(id, &consent, &system, TEST_NOW)
            .await
            .unwrap();
        if subscribed {
            store
                .subscribe(
                    id,
                    &NewSubscription::unit(SubscriptionTarget::Subtree, "51"),
                    &system,
                    TEST_NOW,
                )
                .await
                .unwrap();
        }
        id
    }

    /// Every e-mail in the outbox, oldest first.
    pub async fn outbox(&self) -> Vec<OutboxEntry> {
        self.store().outbox_entries(10_000).await.unwrap()
    }

    /// The outbox rows addressed to `email`.
    pub async fn mail_to(&self, email: &str) -> Vec<OutboxEntry> {
        self.outbox()
            .await
            .into_iter()
            .filter(|m| m.recipient == email)
            .collect()
    }

    /// How many audit entries have `action`.
    pub async fn audited(&self, action: &str) -> usize {
        let scope = sinergi_domain::access::Scope {
            everything: true,
            ..Default::default()
        };
        let filter = sinergi_store::accounts::audit::AuditFilter {
            action: Some(action.to_owned()),
            limit: 10_000,
            ..Default::default()
        };
        self.store()
            .audit_entries(&scope, &filter)
            .await
            .unwrap()
            .len()
    }
}
