//! The contact base: rights, duplicates, consent, notes, audited reads,
//! import all-or-nothing and export.

use sinergi_distribution::{
    ConsentInput, ContactInput, ContactQuery, DistributionError, SubscriptionInput, export_csv,
};
use sinergi_domain::access::Principal;

use crate::world::{World, actor};

fn sari() -> ContactInput {
    ContactInput {
        name: "Ni Luh Sari".into(),
        email: "Sari@Warta.example".into(),
        kind: "journalist".into(),
        beats: "pemerintahan, pariwisata".into(),
        regions: "51.71".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn only_people_who_keep_contacts_read_or_write_the_base() {
    let w = World::new().await;
    let public = Principal::public();
    let q = ContactQuery {
        limit: 10,
        ..Default::default()
    };
    assert!(matches!(
        w.dist.list(&public, &actor(&public), &q).await,
        Err(DistributionError::NotAllowed)
    ));
    assert!(matches!(
        w.dist
            .create(&public, &actor(&public), &sari(), false)
            .await,
        Err(DistributionError::NotAllowed)
    ));
    let id = w
        .dist
        .create(&w.officer, &actor(&w.officer), &sari(), false)
        .await
        .unwrap();
    // Shared across the network: an officer elsewhere reads it too.
    let view = w.dist.view(&w.outsider, id).await.unwrap();
    assert_eq!(view.contact.email.as_deref(), Some("sari@warta.example"));
}

#[tokio::test]
async fn duplicates_on_e_mail_and_on_name_and_outlet_are_caught_unless_confirmed() {
    let w = World::new().await;
    let a = actor(&w.officer);
    w.dist.create(&w.officer, &a, &sari(), false).await.unwrap();
    let same_email = ContactInput {
        name: "Sari Dewi".into(),
        email: " sari@warta.EXAMPLE ".into(),
        ..Default::default()
    };
    let refused = w.dist.create(&w.officer, &a, &same_email, false).await;
    assert_eq!(refused.unwrap_err().problems()[0].key, "contact-duplicate");
    let same_name = ContactInput {
        name: "ni luh  SARI".into(),
        ..Default::default()
    };
    let refused = w.dist.create(&w.officer, &a, &same_name, false).await;
    assert_eq!(refused.unwrap_err().problems()[0].key, "contact-duplicate");
    let found = w.dist.duplicates_of(&w.officer, &same_name).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, "name_outlet");
    w.dist
        .create(&w.officer, &a, &same_name, true)
        .await
        .unwrap();
}

#[tokio::test]
async fn every_list_read_and_export_is_in_the_audit_log() {
    let w = World::new().await;
    let a = actor(&w.officer);
    w.dist.create(&w.officer, &a, &sari(), false).await.unwrap();
    let q = ContactQuery {
        q: "sari".into(),
        limit: 10,
        ..Default::default()
    };
    let (rows, total) = w.dist.list(&w.officer, &a, &q).await.unwrap();
    assert_eq!((rows.len(), total), (1, 1));
    w.dist.list(&w.officer, &a, &q).await.unwrap();
    assert_eq!(w.audited("contacts.list").await, 2);
    let rows = w.dist.export_rows(&w.officer, &a, &q).await.unwrap();
    assert_eq!(w.audited("contacts.export").await, 1);
    assert!(export_csv(&rows).contains("sari@warta.example"));
}

#[tokio::test]
async fn consent_is_recorded_with_its_proof_and_withdrawal_ends_mail_at_once() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let id = w.dist.create(&w.officer, &a, &sari(), false).await.unwrap();
    let follow = SubscriptionInput {
        target: "subtree".into(),
        unit: "51".into(),
        ..Default::default()
    };
    let refused = w.dist.subscribe(&w.officer, &a, id, &follow).await;
    assert_eq!(
        refused.unwrap_err().problems()[0].key,
        "subscription-needs-consent",
        "no subscription without consent"
    );
    let consent = ConsentInput {
        basis: "consent".into(),
        channel: "form".into(),
        evidence: "Formulir 3 Desember".into(),
        ..Default::default()
    };
    w.dist
        .record_consent(&w.officer, &a, id, &consent)
        .await
        .unwrap();
    w.dist.subscribe(&w.officer, &a, id, &follow).await.unwrap();
    let view = w.dist.view(&w.officer, id).await.unwrap();
    let record = &view.consents[0];
    assert_eq!(
        (
            record.purpose.as_str(),
            record.basis.as_str(),
            record.channel.as_str()
        ),
        ("distribution", "consent", "form")
    );
    assert_eq!(record.given_at, w.dist.now());
    assert!(record.recorded_by.is_some());
    assert_eq!(view.subscriptions.len(), 1);

    w.dist
        .withdraw_consent(&w.officer, &a, id, "distribution", "phone")
        .await
        .unwrap();
    let view = w.dist.view(&w.officer, id).await.unwrap();
    assert!(!view.contact.distribution_consent);
    assert!(view.subscriptions.is_empty());
    assert_eq!(view.consents[0].withdrawn_via.as_deref(), Some("phone"));
}

#[tokio::test]
async fn a_units_notes_are_read_by_that_unit_only() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let id = w.dist.create(&w.officer, &a, &sari(), false).await.unwrap();
    w.dist
        .add_note(&w.officer, &a, id, "51.71", "Suka wawancara pagi.")
        .await
        .unwrap();
    assert!(matches!(
        w.dist
            .add_note(&w.officer, &a, id, "35", "bukan unit saya")
            .await,
        Err(DistributionError::NotAllowed)
    ));
    assert_eq!(w.dist.view(&w.officer, id).await.unwrap().notes.len(), 1);
    assert!(w.dist.view(&w.outsider, id).await.unwrap().notes.is_empty());
}

#[tokio::test]
async fn an_import_with_a_broken_row_writes_nothing_and_a_good_one_writes_all() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let broken = "name,email,outlet,consent_basis,subscribe\n\
                  Sari,sari@warta.example,Warta Bali,consent,51\n\
                  ,bukan-alamat,Warta Bali,,\n";
    let refused = w.dist.import(&w.officer, &a, broken.as_bytes()).await;
    let problems = refused.unwrap_err().problems().to_vec();
    assert!(problems.iter().all(|p| p.row == 2), "{problems:?}");
    let q = ContactQuery {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(w.dist.list(&w.officer, &a, &q).await.unwrap().1, 0);
    assert!(
        w.store()
            .outlet_by_name("Warta Bali")
            .await
            .unwrap()
            .is_none()
    );

    let good = "name,email,outlet,consent_basis,subscribe\n\
                Sari,sari@warta.example,Warta Bali,consent,51\n\
                Made,made@warta.example,Warta Bali,,\n";
    let ids = w
        .dist
        .import(&w.officer, &a, good.as_bytes())
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    let sari = w.dist.view(&w.officer, ids[0]).await.unwrap();
    assert!(sari.contact.distribution_consent);
    assert_eq!(sari.consents[0].channel.as_str(), "import");
    assert_eq!(sari.subscriptions.len(), 1);
    let made = w.dist.view(&w.officer, ids[1]).await.unwrap();
    assert_eq!(
        made.contact.outlet_id, sari.contact.outlet_id,
        "one outlet made"
    );
    assert_eq!(w.audited("contacts.import").await, 1);
}
