//! Pitches: merge fields checked and filled per recipient, only a public
//! release quoted, rights per unit, sent through the outbox once per
//! recipient and pitch with the officer as Reply-To, audited.

use sinergi_distribution::{DistributionError, PitchInput};
use sinergi_domain::ContactId;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::ContactDraft;
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::release;

use crate::world::{SECOND, World, actor};

fn input(release: Option<i64>, to: &[ContactId]) -> PitchInput {
    PitchInput {
        unit: "51.71".into(),
        release: release.map(|r| r.to_string()).unwrap_or_default(),
        subject: "Untuk {nama}: festival pesisir".into(),
        body: "Halo {nama} dari {media},\n\nKami mengundang liputan Anda.".into(),
        recipients: to.iter().map(|c| c.to_string()).collect(),
    }
}

#[tokio::test]
async fn a_pitch_is_previewed_per_recipient_and_sent_once_each() {
    let w = World::new().await;
    let ayu = w.subscriber("ayu@warta.example", false, false).await;
    let budi = w.subscriber("budi@kabar.example", false, false).await;
    // A contact with no consent on record is listed and skipped.
    let no_consent = w
        .store()
        .create_contact(
            &ContactDraft {
                name: "Citra".into(),
                email: Some("citra@warta.example".into()),
                language: "en".into(),
                time_zone: "WIB".into(),
                ..Default::default()
            },
            &Actor::system("test"),
            TEST_NOW,
        )
        .await
        .unwrap();
    let rel = release("51.71", "Festival Pesisir Sanur")
        .lead("Festival digelar tiga hari.")
        .published(&w.newsroom, &w.editor)
        .await;
    let a = actor(&w.officer);
    let id = w
        .dist
        .create_pitch(
            &w.officer,
            &a,
            &input(Some(rel.get()), &[ayu, budi, no_consent]),
        )
        .await
        .unwrap();
    let view = w.dist.pitch_view(&w.officer, id).await.unwrap();
    assert_eq!(view.previews.len(), 3);
    let of = |name: &str| view.previews.iter().find(|p| p.name == name).unwrap();
    assert_eq!(of("ayu").subject, "Untuk ayu: festival pesisir");
    assert!(
        of("budi").body.starts_with("Halo budi dari ,"),
        "{}",
        of("budi").body
    );
    assert!(of("ayu").body.contains("> Festival digelar tiga hari."));
    assert!(of("ayu").body.contains(&format!("/releases/{rel}-")));
    assert_eq!(of("Citra").skipped, Some("pitch-skip-no-consent"));
    // Another unit's officer does not see it, nor send it.
    assert!(matches!(
        w.dist.pitch_view(&w.outsider, id).await,
        Err(DistributionError::NotFound(_))
    ));
    let version = view.pitch.version;
    assert!(
        w.dist
            .send_pitch(&w.outsider, &actor(&w.outsider), id, version)
            .await
            .is_err()
    );
    // Two presses at once, then a third: two messages in all.
    let (x, y) = tokio::join!(
        w.dist.send_pitch(&w.officer, &a, id, version),
        w.dist.send_pitch(&w.officer, &a, id, version)
    );
    let queued = x.unwrap_or(0) + y.unwrap_or(0);
    assert_eq!(queued, 2);
    assert_eq!(
        w.dist
            .send_pitch(&w.officer, &a, id, version)
            .await
            .unwrap(),
        0
    );
    let officer_email = w
        .store()
        .user_by_id(w.officer.user_id.unwrap())
        .await
        .unwrap()
        .email;
    let mail = w.outbox().await;
    let pitches: Vec<_> = mail
        .iter()
        .filter(|m| m.idempotency_key.starts_with(&format!("pitch:{id}:")))
        .collect();
    assert_eq!(pitches.len(), 2);
    for m in &pitches {
        let headers = m.headers.as_deref().unwrap();
        assert!(headers.contains("Reply-To"), "{headers}");
        assert!(headers.contains(&officer_email), "{headers}");
        assert!(m.body_text.contains(&officer_email));
    }
    assert!(w.mail_to("citra@warta.example").await.is_empty());
    assert_eq!(w.audited("pitch.create").await, 1);
    assert_eq!(w.audited("pitch.send").await, 1);
    // Sent: it cannot be changed any more.
    assert!(
        w.dist
            .update_pitch(&w.officer, &a, id, version, &input(None, &[ayu]))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn unknown_merge_fields_embargoed_releases_and_no_recipients_are_refused() {
    let w = World::new().await;
    let ayu = w.subscriber("ayu@warta.example", false, false).await;
    let a = actor(&w.officer);
    let embargoed = release("51.71", "Rencana Rahasia")
        .embargoed(&w.newsroom, &w.editor, TEST_NOW + 3600 * SECOND)
        .await;
    let mut bad = input(Some(embargoed.get()), &[]);
    bad.body = "Halo {kota}".into();
    let err = w.dist.create_pitch(&w.officer, &a, &bad).await.unwrap_err();
    let keys: Vec<_> = err.problems().iter().map(|p| (p.field, p.key)).collect();
    assert!(
        keys.contains(&("message", "pitch-merge-unknown")),
        "{keys:?}"
    );
    assert!(
        keys.contains(&("release", "pitch-release-not-public")),
        "{keys:?}"
    );
    assert!(
        keys.contains(&("recipients", "pitch-recipients-required")),
        "{keys:?}"
    );
    // Another unit's name is not the officer's to send from.
    let mut elsewhere = input(None, &[ayu]);
    elsewhere.unit = "35.78".into();
    assert!(matches!(
        w.dist.create_pitch(&w.officer, &a, &elsewhere).await,
        Err(DistributionError::NotAllowed)
    ));
    assert_eq!(w.audited("pitch.create").await, 0);
}
