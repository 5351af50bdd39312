//! Publishing mails each eligible subscriber once, in the publication's
//! transaction; a correction mails those who got the original; one-click
//! unsubscribe stops the next one; editors see each delivery.

use sinergi_domain::access::Principal;
use sinergi_domain::newsroom::ReleaseOp;
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::fixtures::release;

use crate::world::{SECOND, World, actor};

/// The List-Unsubscribe URL of an outbox row.
fn unsubscribe_url(headers: Option<&str>) -> String {
    let pairs: Vec<(String, String)> = serde_json::from_str(headers.unwrap()).unwrap();
    let value = &pairs
        .iter()
        .find(|(n, _)| n == "List-Unsubscribe")
        .unwrap()
        .1;
    assert_eq!(
        pairs
            .iter()
            .find(|(n, _)| n == "List-Unsubscribe-Post")
            .unwrap()
            .1,
        "List-Unsubscribe=One-Click"
    );
    value.trim_matches(['<', '>']).to_owned()
}

#[tokio::test]
async fn a_publication_mails_each_subscriber_once_and_no_one_else() {
    let w = World::new().await;
    w.subscriber("a@warta.example", false, true).await;
    w.subscriber("b@warta.example", true, true).await;
    w.subscriber("c@warta.example", false, false).await;
    let withdrawn = w.subscriber("d@warta.example", false, true).await;
    w.store()
        .withdraw_consent(
            withdrawn,
            sinergi_domain::contacts::Purpose::Distribution,
            sinergi_domain::contacts::Channel::Phone,
            &actor(&w.officer),
            w.dist.now(),
        )
        .await
        .unwrap();
    let id = release("51.71", "Pasar Rakyat Sanur Dibuka")
        .published(&w.newsroom, &w.editor)
        .await;
    let mail = w.outbox().await;
    let mut to: Vec<&str> = mail.iter().map(|m| m.recipient.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["a@warta.example", "b@warta.example"]);
    for m in &mail {
        assert!(
            m.subject.contains("Pasar Rakyat Sanur Dibuka"),
            "{}",
            m.subject
        );
        assert!(!m.body_text.contains("EMBARGO"));
        assert!(
            m.idempotency_key
                .starts_with(&format!("release:{id}:publish-at-"))
        );
    }
    // Nothing later adds a second copy.
    w.clock.advance(3600 * SECOND);
    w.dist.run_due().await.unwrap();
    assert_eq!(w.outbox().await.len(), 2);
    let (deliveries, due) = w.dist.deliveries(&w.editor, id).await.unwrap();
    assert_eq!(deliveries.len(), 2);
    assert_eq!(due, None);
    assert!(
        w.dist.deliveries(&w.outsider, id).await.is_err(),
        "editors of the unit only"
    );
    assert!(w.dist.deliveries(&Principal::public(), id).await.is_err());
}

#[tokio::test]
async fn a_correction_mails_those_who_got_the_original() {
    let w = World::new().await;
    w.subscriber("a@warta.example", false, true).await;
    let id = release("51.71", "Jadwal Vaksinasi")
        .published(&w.newsroom, &w.editor)
        .await;
    // Subscribed after publication: gets neither the original nor the correction.
    w.subscriber("late@warta.example", false, true).await;
    let view = w.newsroom.release_view(&w.editor, id).await.unwrap();
    let input = ReleaseInput {
        title: "Jadwal Vaksinasi".into(),
        lead: "Jadwal yang benar.".into(),
        body: "Isi yang dikoreksi.".into(),
        language: "id".into(),
        ..Default::default()
    };
    w.clock.advance(60 * SECOND);
    w.newsroom
        .correct_release(&w.editor, id, view.release.version, &input, "Tanggal salah")
        .await
        .unwrap();
    let mail = w.mail_to("a@warta.example").await;
    assert_eq!(mail.len(), 2);
    assert!(
        mail[1].subject.starts_with("[Koreksi]"),
        "{}",
        mail[1].subject
    );
    assert!(mail[1].body_text.contains("Tanggal salah"));
    assert!(w.mail_to("late@warta.example").await.is_empty());
    // A withdrawal tells them too, without the text.
    let version = w
        .newsroom
        .release_view(&w.editor, id)
        .await
        .unwrap()
        .release
        .version;
    w.newsroom
        .move_release(&w.editor, id, version, ReleaseOp::Withdraw, "Data keliru")
        .await
        .unwrap();
    let mail = w.mail_to("a@warta.example").await;
    assert_eq!(mail.len(), 3);
    assert!(
        mail[2].subject.starts_with("[Ditarik]"),
        "{}",
        mail[2].subject
    );
    assert!(mail[2].body_text.contains("Data keliru"));
    assert!(!mail[2].body_text.contains("Isi yang dikoreksi"));
}

#[tokio::test]
async fn one_click_unsubscribe_stops_the_next_release() {
    let w = World::new().await;
    let sari = w.subscriber("a@warta.example", false, true).await;
    release("51.71", "Satu")
        .published(&w.newsroom, &w.editor)
        .await;
    let first = &w.mail_to("a@warta.example").await[0];
    let url = unsubscribe_url(first.headers.as_deref());
    let token = url.rsplit('/').next().unwrap();
    assert!(url.starts_with("https://sinergi.example/unsubscribe/"));
    assert!(
        first.body_text.contains(&url),
        "the link is in the text too"
    );
    assert!(!w.dist.check_unsubscribe_token("1.forged").await.unwrap());
    assert_eq!(
        w.dist.unsubscribe_by_token(token).await.unwrap(),
        Some(sari)
    );
    release("51.71", "Dua")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.mail_to("a@warta.example").await.len(), 1);
}

#[tokio::test]
async fn an_address_that_bounced_is_left_out_until_an_officer_lifts_it() {
    let w = World::new().await;
    w.subscriber("a@warta.example", false, true).await;
    let bounced = w.subscriber("b@warta.example", false, true).await;
    w.store()
        .suppress_address("B@warta.example", "550", w.dist.now())
        .await
        .unwrap();
    let view = w.dist.view(&w.officer, bounced).await.unwrap();
    assert_eq!(view.suppression.map(|s| s.reason), Some("550".to_owned()));
    release("51.71", "Jalan Baru")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.mail_to("a@warta.example").await.len(), 1);
    assert!(w.mail_to("b@warta.example").await.is_empty());
    w.dist
        .lift_suppression(&w.officer, &actor(&w.officer), bounced)
        .await
        .unwrap();
    assert_eq!(w.audited("suppression.lift").await, 1);
    release("51.71", "Jembatan Baru")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.mail_to("b@warta.example").await.len(), 1);
}
