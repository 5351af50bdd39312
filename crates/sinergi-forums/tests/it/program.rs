//! Registration within the capacity and until it closes, for those who see
//! the event; speakers and the record (minutes and outcomes, Markdown made
//! safe) kept by the organiser's people only.

use sinergi_domain::access::Principal;
use sinergi_forums::{ForumError, Registered};
use sinergi_testkit::TEST_NOW;

use crate::world::{workshop, world};

const HOUR: i64 = 3_600_000_000;

fn keys(e: ForumError) -> Vec<&'static str> {
    match e {
        ForumError::Invalid(p) => p.iter().map(|p| p.key).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn registration_keeps_to_the_capacity_and_the_closing_time() {
    let w = world().await;
    let mut input = workshop("51", "2026-06-10T09:00", &["51.71", "51.03"]);
    input.capacity = "2".into();
    input.registration_closes = "2026-06-08T17:00".into();
    let e = w.forums.create(&w.bali_admin, &input).await.unwrap();

    assert!(matches!(
        w.forums.register(&Principal::public(), e.id).await,
        Err(ForumError::NotAllowed)
    ));
    assert_eq!(
        w.forums.register(&w.denpasar_editor, e.id).await.unwrap(),
        Registered::Now
    );
    assert_eq!(
        w.forums.register(&w.denpasar_editor, e.id).await.unwrap(),
        Registered::Already
    );
    assert_eq!(
        w.forums.register(&w.badung_editor, e.id).await.unwrap(),
        Registered::Now
    );
    // Full: the third is refused, and nothing is stored.
    let full = w
        .forums
        .register(&w.surabaya_admin, e.id)
        .await
        .unwrap_err();
    assert_eq!(keys(full), ["ev-full"]);
    let view = w.forums.event(&w.bali_admin, e.id).await.unwrap();
    assert_eq!(view.registered, 2);
    assert_eq!(view.registrations.len(), 2);
    // Only the organiser's people see who registered.
    let editor_view = w.forums.event(&w.denpasar_editor, e.id).await.unwrap();
    assert!(editor_view.registered_self);
    assert!(editor_view.registrations.is_empty());
    assert!(matches!(
        w.forums.registrations(&w.denpasar_editor, e.id).await,
        Err(ForumError::NotAllowed)
    ));
    // A seat given back is taken again.
    assert!(w.forums.unregister(&w.badung_editor, e.id).await.unwrap());
    assert_eq!(
        w.forums.register(&w.surabaya_admin, e.id).await.unwrap(),
        Registered::Now
    );
    // After registration closes (17:00 WITA on the 8th), nobody registers.
    w.clock.set(TEST_NOW + 4 * 24 * HOUR + 9 * HOUR);
    assert!(w.forums.unregister(&w.surabaya_admin, e.id).await.unwrap());
    let closed = w.forums.register(&w.badung_editor, e.id).await.unwrap_err();
    assert_eq!(keys(closed), ["ev-registration-closed-error"]);
}

#[tokio::test]
async fn an_internal_event_takes_registrations_only_from_those_who_see_it() {
    let w = world().await;
    let mut input = workshop("51", "2026-06-10T09:00", &["51.71"]);
    input.visibility = "internal".into();
    let e = w.forums.create(&w.bali_admin, &input).await.unwrap();
    assert!(matches!(
        w.forums.register(&w.surabaya_admin, e.id).await,
        Err(ForumError::NotFound(_))
    ));
    assert_eq!(
        w.forums.register(&w.denpasar_viewer, e.id).await.unwrap(),
        Registered::Now
    );
    w.forums.cancel(&w.bali_admin, e.id).await.unwrap();
    let cancelled = w
        .forums
        .register(&w.denpasar_editor, e.id)
        .await
        .unwrap_err();
    assert_eq!(keys(cancelled), ["ev-cancelled"]);
}

#[tokio::test]
async fn speakers_and_the_record_are_kept_by_the_organiser() {
    let w = world().await;
    let e = w
        .forums
        .create(
            &w.bali_admin,
            &workshop("51", "2026-06-10T09:00", &["51.71"]),
        )
        .await
        .unwrap();
    let speakers = "Dr. Sari | Deputi RB, Kementerian PANRB | Sinergi kampanye\nBudi | Humas Bali";
    assert!(matches!(
        w.forums
            .set_speakers(&w.denpasar_editor, e.id, speakers)
            .await,
        Err(ForumError::NotAllowed)
    ));
    w.forums
        .set_speakers(&w.bali_admin, e.id, speakers)
        .await
        .unwrap();
    let refused = w
        .forums
        .set_speakers(&w.bali_admin, e.id, "| tanpa nama")
        .await
        .unwrap_err();
    assert_eq!(keys(refused), ["ev-speaker-name-required"]);
    w.forums
        .set_record(
            &w.bali_admin,
            e.id,
            "## Diskusi\n\nPeserta sepakat <script>alert(1)</script> **bersinergi**.",
            "- Replikasi di kabupaten/kota\n- Laporan bulanan",
        )
        .await
        .unwrap();
    assert!(matches!(
        w.forums
            .set_record(&w.denpasar_editor, e.id, "x", "y")
            .await,
        Err(ForumError::NotAllowed)
    ));
    let view = w.forums.event(&Principal::public(), e.id).await.unwrap();
    assert_eq!(view.speakers.len(), 2);
    assert_eq!(view.speakers[0].role, "Deputi RB, Kementerian PANRB");
    assert!(view.minutes_html.contains("<strong>bersinergi</strong>"));
    assert!(!view.minutes_html.contains("<script"));
    assert!(view.outcomes_html.contains("<li>Laporan bulanan</li>"));
}

#[tokio::test]
async fn materials_are_the_organisers_files() {
    use sinergi_domain::newsroom::media::MediaKind;
    use sinergi_store::newsroom::NewMedia;
    let w = world().await;
    let e = w
        .forums
        .create(
            &w.bali_admin,
            &workshop("51", "2026-06-10T09:00", &["51.71"]),
        )
        .await
        .unwrap();
    let file = |unit: &str, name: &str| NewMedia {
        unit_code: unit.into(),
        sha256: format!("{:064}", name.len()),
        thumb_sha256: None,
        kind: MediaKind::Attachment,
        mime: "application/pdf".into(),
        extension: "pdf".into(),
        bytes: 2_048,
        width: None,
        height: None,
        original_name: name.into(),
    };
    let bali_file =
        w.db.store
            .insert_media(&file("51", "paparan-deputi.pdf"), None, TEST_NOW)
            .await
            .unwrap();
    let denpasar_file =
        w.db.store
            .insert_media(&file("51.71", "lain.pdf"), None, TEST_NOW)
            .await
            .unwrap();
    // Only the organiser's people add, and only the organiser's files.
    assert!(matches!(
        w.forums
            .add_material(&w.denpasar_editor, e.id, bali_file, "")
            .await,
        Err(ForumError::NotAllowed)
    ));
    assert!(matches!(
        w.forums
            .add_material(&w.bali_admin, e.id, denpasar_file, "")
            .await,
        Err(ForumError::NotAllowed)
    ));
    let listed = w
        .forums
        .add_material(&w.bali_admin, e.id, bali_file, "")
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].title, "paparan-deputi.pdf");
    assert_eq!(
        w.db.store.events_showing_media(bali_file).await.unwrap(),
        [e.id]
    );
    let view = w.forums.event(&Principal::public(), e.id).await.unwrap();
    assert_eq!(view.materials.len(), 1);
    assert!(
        w.forums
            .remove_material(&w.bali_admin, e.id, bali_file)
            .await
            .unwrap()
    );
    assert!(
        w.forums
            .event(&Principal::public(), e.id)
            .await
            .unwrap()
            .materials
            .is_empty()
    );
}

#[tokio::test]
async fn a_file_proves_a_commitment_kept_and_is_logged() {
    use sinergi_domain::newsroom::media::MediaKind;
    use sinergi_forums::{CloseInput, CommitmentInput};
    use sinergi_store::newsroom::NewMedia;
    let w = world().await;
    let e = w
        .forums
        .create(
            &w.bali_admin,
            &workshop("51", "2026-06-10T09:00", &["51.71"]),
        )
        .await
        .unwrap();
    let c = w
        .forums
        .record_commitment(
            &w.bali_admin,
            e.id,
            &CommitmentInput {
                unit: "51.71".into(),
                kind: "other".into(),
                what: "Menyusun notulen bersama".into(),
                due_on: "2026-06-30".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let file = |unit: &str| NewMedia {
        unit_code: unit.into(),
        sha256: format!("{:0>64}", unit.replace('.', "")),
        thumb_sha256: None,
        kind: MediaKind::Attachment,
        mime: "application/pdf".into(),
        extension: "pdf".into(),
        bytes: 4_096,
        width: None,
        height: None,
        original_name: "notulen.pdf".into(),
    };
    let surabaya_file =
        w.db.store
            .insert_media(&file("35.78"), None, TEST_NOW)
            .await
            .unwrap();
    let denpasar_file =
        w.db.store
            .insert_media(&file("51.71"), None, TEST_NOW)
            .await
            .unwrap();
    let refused = w
        .forums
        .close_commitment(
            &w.denpasar_editor,
            c.id,
            &CloseInput {
                evidence_media: Some(surabaya_file),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(keys(refused), ["ev-evidence-file-unknown"]);
    let closed = w
        .forums
        .close_commitment(
            &w.denpasar_editor,
            c.id,
            &CloseInput {
                evidence_media: Some(denpasar_file),
                note: "Notulen ditandatangani".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.evidence_media_id, Some(denpasar_file));
    let log = w.forums.commitment_log(&w.bali_admin, c.id).await.unwrap();
    assert_eq!(log.last().unwrap().op, "closed");
    assert_eq!(log.last().unwrap().evidence_media_id, Some(denpasar_file));
    // The file is seen by whoever sees the event.
    assert_eq!(
        w.db.store
            .events_showing_media(denpasar_file)
            .await
            .unwrap(),
        [e.id]
    );
}
