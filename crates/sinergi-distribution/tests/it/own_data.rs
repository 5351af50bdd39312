//! A contact's own data (UU PDP): a signed link by e-mail, the whole
//! record seen, exported, corrected and erased; after erasure no table of
//! the database (listed from its catalogue, on either engine) holds the
//! name, the address or the phone number, and no later export does.

use sinergi_distribution::{
    ConsentInput, ContactInput, ContactQuery, DistributionError, OwnCorrection, PitchInput,
    SubscriptionInput, export_csv, own_data_csv, own_data_json,
};
use sinergi_store::{Backend, Store};
use sinergi_testkit::fixtures::release;

use crate::world::{World, actor};

const NAME: &str = "Dewi Lestari";
const EMAIL: &str = "dewi.lestari@warta.example";
const PHONE: &str = "081234567891";

/// The link in the last own-data message to `email`.
async fn link_sent_to(w: &World, email: &str) -> Option<String> {
    let mail = w.mail_to(email).await;
    let m = mail
        .iter()
        .rev()
        .find(|m| m.idempotency_key.starts_with("own-data:"))?;
    let at = m.body_text.find("/my-data/")?;
    let token: String = m.body_text[at + "/my-data/".len()..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Some(token)
}

/// (table, column) pairs holding `needle` (case-insensitive), every table
/// of the database read from the catalogue.
pub(crate) async fn tables_holding(store: &Store, needle: &str) -> Vec<(String, String)> {
    let pool = store.raw_pool();
    let tables: Vec<String> = match store.backend() {
        Backend::Sqlite => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        Backend::Postgres => sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    assert!(tables.len() > 20, "{tables:?}");
    let mut found = Vec::new();
    for table in tables {
        let columns: Vec<String> = match store.backend() {
            Backend::Sqlite => sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_table_info('{}')",
                table.replace('\'', "''")
            )))
            .fetch_all(pool)
            .await
            .unwrap(),
            Backend::Postgres => sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(table.clone())
            .fetch_all(pool)
            .await
            .unwrap(),
        };
        for column in columns {
            let sql = format!(
                "SELECT COUNT(*) FROM \"{}\" WHERE LOWER(CAST(\"{}\" AS TEXT)) LIKE $1",
                table.replace('"', "\"\""),
                column.replace('"', "\"\"")
            );
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(format!("%{}%", needle.to_lowercase()))
                .fetch_one(pool)
                .await
                .unwrap();
            if n > 0 {
                found.push((table.clone(), column));
            }
        }
    }
    found
}

#[tokio::test]
async fn a_contact_sees_exports_corrects_and_erases_their_data_leaving_no_trace() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let input = ContactInput {
        name: NAME.into(),
        email: EMAIL.to_uppercase(),
        phone: PHONE.into(),
        whatsapp: PHONE.into(),
        kind: "journalist".into(),
        role_title: "Redaktur".into(),
        ..Default::default()
    };
    let id = w.dist.create(&w.officer, &a, &input, false).await.unwrap();
    let consent = ConsentInput {
        purpose: "distribution".into(),
        basis: "consent".into(),
        channel: "email".into(),
        evidence: format!("surel dari {EMAIL}, {NAME}"),
        given_on: "2026-06-01".into(),
    };
    w.dist
        .record_consent(&w.officer, &a, id, &consent)
        .await
        .unwrap();
    let follow = SubscriptionInput {
        target: "subtree".into(),
        unit: "51".into(),
        ..Default::default()
    };
    w.dist.subscribe(&w.officer, &a, id, &follow).await.unwrap();
    w.dist
        .add_note(
            &w.officer,
            &a,
            id,
            "51.71",
            &format!("{NAME} meliput pariwisata"),
        )
        .await
        .unwrap();
    w.dist.new_feed_token(&w.officer, &a, id).await.unwrap();
    let rel = release("51.71", "Pasar Rakyat Dibuka")
        .published(&w.newsroom, &w.editor)
        .await;
    let pitch = w
        .dist
        .create_pitch(
            &w.officer,
            &a,
            &PitchInput {
                unit: "51.71".into(),
                release: rel.to_string(),
                subject: "Untuk {nama}".into(),
                body: "Halo {nama}.".into(),
                recipients: vec![id.to_string()],
            },
        )
        .await
        .unwrap();
    w.dist.send_pitch(&w.officer, &a, pitch, 1).await.unwrap();
    // An officer searches by her name and exports: audited, without the text.
    let q = ContactQuery {
        q: NAME.into(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(w.dist.list(&w.officer, &a, &q).await.unwrap().1, 1);
    w.dist.export_rows(&w.officer, &a, &q).await.unwrap();

    // She asks for her link; an unknown address gets nothing, and the
    // answer is the same.
    w.dist
        .request_own_data_link(" Dewi.Lestari@WARTA.example")
        .await
        .unwrap();
    w.dist
        .request_own_data_link("nobody@warta.example")
        .await
        .unwrap();
    assert!(w.mail_to("nobody@warta.example").await.is_empty());
    assert!(matches!(
        w.dist.request_own_data_link("not an address").await,
        Err(DistributionError::Invalid(_))
    ));
    let token = link_sent_to(&w, EMAIL).await.expect("a link was sent");
    assert!(matches!(
        w.dist.own_data(&format!("{token}x")).await,
        Err(DistributionError::NotFound(_))
    ));
    let data = w.dist.own_data(&token).await.unwrap();
    assert_eq!(data.contact.name, NAME);
    assert_eq!(data.consents.len(), 1);
    assert_eq!(data.subscriptions.len(), 1);
    assert_eq!(data.notes.len(), 1);
    assert_eq!(data.deliveries.len(), 1);
    assert_eq!(data.pitches.len(), 1);
    assert_eq!(data.feed_tokens.len(), 1);
    assert!(
        data.history
            .iter()
            .any(|(_, action)| action == "consent.record")
    );
    let exported = w.dist.own_data_export(&token).await.unwrap();
    assert!(own_data_json(&exported).contains(EMAIL));
    assert!(own_data_csv(&exported).contains("meliput pariwisata"));
    assert_eq!(w.audited("contact.own_data").await, 1);
    assert_eq!(w.audited("contact.own_data.export").await, 1);

    // She corrects her title; a bad phone number is refused, nothing lost.
    let mut fix = OwnCorrection {
        name: NAME.into(),
        email: EMAIL.into(),
        phone: "call me".into(),
        whatsapp: PHONE.into(),
        role_title: "Pemimpin redaksi".into(),
        language: "id".into(),
        time_zone: "WITA".into(),
        ..Default::default()
    };
    let version = data.contact.version;
    let refused = w.dist.correct_own_data(&token, version, &fix).await;
    assert_eq!(refused.unwrap_err().problems()[0].field, "phone");
    fix.phone = PHONE.into();
    w.dist
        .correct_own_data(&token, version, &fix)
        .await
        .unwrap();
    let data = w.dist.own_data(&token).await.unwrap();
    assert_eq!(data.contact.role_title, "Pemimpin redaksi");
    assert_eq!(data.contact.time_zone, "WITA");

    // Before erasure the scan finds her (so it can find things).
    assert!(!tables_holding(w.store(), EMAIL).await.is_empty());
    w.dist.erase_own_data(&token).await.unwrap();
    for needle in [NAME, EMAIL, PHONE, "meliput pariwisata"] {
        let found = tables_holding(w.store(), needle).await;
        assert!(found.is_empty(), "{needle} is still in {found:?}");
    }
    // The link no longer opens anything; later lists and exports skip her.
    assert!(w.dist.own_data(&token).await.is_err());
    let all = ContactQuery {
        limit: 100,
        ..Default::default()
    };
    assert_eq!(w.dist.list(&w.officer, &a, &all).await.unwrap().1, 0);
    let rows = w.dist.export_rows(&w.officer, &a, &all).await.unwrap();
    assert!(!export_csv(&rows).contains(NAME));
    // History stays: the erasure itself is audited.
    assert_eq!(w.audited("contact.erase").await, 1);
    // A new publication does not reach the tombstone.
    let before = w.outbox().await.len();
    release("51.71", "Pasar Malam")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.outbox().await.len(), before);
}
