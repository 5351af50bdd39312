//! The forums service end to end on a real database: rights along the
//! tree, a commitment to replicate kept by attendance (and lost again when
//! it is withdrawn or the event cancelled), the code in the room, and
//! commitments closed by hand with evidence.

use sinergi_domain::access::Principal;
use sinergi_domain::{SeriesId, UnitCode};
use sinergi_forums::{
    CloseInput, CommitmentInput, EventFilter, EventInput, ForumError, FulfilmentState, SeriesInput,
};
use sinergi_testkit::TEST_NOW;

use crate::world::{World, workshop, world};

const DAY: i64 = 86_400_000_000;

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn keys(e: ForumError) -> Vec<&'static str> {
    match e {
        ForumError::Invalid(p) => p.iter().map(|p| p.key).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn who_records_and_who_sees_follow_the_tree() {
    let w = world().await;
    let mut internal = workshop("kemenpanrb", "2026-06-10T09:00", &["51"]);
    internal.visibility = "internal".into();
    let national = w.forums.create(&w.network, &internal).await.unwrap();
    // Denpasar's editor records for Denpasar, not for the province.
    assert!(matches!(
        w.forums
            .create(&w.denpasar_editor, &workshop("51", "2026-06-10T09:00", &[]))
            .await,
        Err(ForumError::NotAllowed)
    ));
    let own = w
        .forums
        .create(
            &w.denpasar_editor,
            &workshop("51.71", "2026-06-10T09:00", &[]),
        )
        .await
        .unwrap();
    assert!(matches!(
        w.forums
            .create(
                &Principal::public(),
                &workshop("51.71", "2026-06-10T09:00", &[])
            )
            .await,
        Err(ForumError::NotAllowed)
    ));
    // The internal event: seen by the organiser's people and those of the
    // invited unit (Bali), not by Surabaya, Denpasar (not invited) or the public.
    for (who, sees) in [
        (&w.network, true),
        (&w.bali_admin, true),
        (&w.surabaya_admin, false),
        (&w.denpasar_viewer, false),
        (&Principal::public(), false),
    ] {
        let got = w.forums.visible_record(who, national.id).await;
        assert_eq!(got.is_ok(), sees, "{:?}", who.memberships);
        let listed = w
            .forums
            .list(
                who,
                &EventFilter {
                    limit: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(listed.iter().any(|e| e.id == national.id), sees);
        assert!(
            listed.iter().any(|e| e.id == own.id),
            "public events for all"
        );
    }
    // Nor may anyone else change it.
    let again = EventInput::from_record(&national);
    assert!(matches!(
        w.forums
            .update(&w.bali_admin, national.id, national.version, &again)
            .await,
        Err(ForumError::NotAllowed)
    ));
}

async fn series(w: &World) -> SeriesId {
    w.forums
        .create_series(
            &w.network,
            &SeriesInput {
                owner: "kemenpanrb.hkip".into(),
                title: "Workshop sinergi kampanye".into(),
                description: "Surabaya, Batam, Denpasar.".into(),
            },
        )
        .await
        .unwrap()
        .id
}

/// (state, reached, total) of the series' only commitment, as `p` sees it.
async fn kept(w: &World, p: &Principal, s: SeriesId) -> (FulfilmentState, usize, usize) {
    let v = w.forums.series(p, s).await.unwrap();
    let c = &v.commitments[0];
    let f = c.fulfilment.as_ref().unwrap();
    (c.state, f.reached.len(), f.total)
}

#[tokio::test]
async fn a_commitment_to_replicate_is_kept_by_attendance_and_never_by_hand() {
    let w = world().await;
    let s = series(&w).await;
    let mut national = workshop("kemenpanrb", "2026-06-04T09:00", &["51"]);
    national.series = s.to_string();
    let national = w.forums.create(&w.network, &national).await.unwrap();
    w.forums
        .take_attendance(&w.network, national.id, &[code("51")])
        .await
        .unwrap();
    let commitment = w
        .forums
        .record_commitment(
            &w.network,
            national.id,
            &CommitmentInput {
                unit: "51".into(),
                kind: "replicate".into(),
                what: "Workshop yang sama bagi humas kabupaten/kota se-Bali".into(),
                for_children: true,
                due_on: "2026-08-31".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(commitment.for_units.len(), 9, "Bali's regencies and city");
    let public = Principal::public();
    assert_eq!(kept(&w, &public, s).await, (FulfilmentState::Pending, 0, 9));

    // Bali holds the workshop for its regencies in the same series.
    let mut replica = workshop("51", "2026-07-16T09:00", &[]);
    replica.series = s.to_string();
    replica.invite_children = true;
    let replica = w.forums.create(&w.bali_admin, &replica).await.unwrap();
    assert_eq!(replica.invited.len(), 9);
    w.clock.set(TEST_NOW + 43 * DAY);
    w.forums
        .take_attendance(&w.bali_admin, replica.id, &[code("51.71"), code("51.03")])
        .await
        .unwrap();
    assert_eq!(kept(&w, &public, s).await, (FulfilmentState::Partial, 2, 9));
    let v = w.forums.series(&public, s).await.unwrap();
    let tree = v.tree(Some(&code("51")));
    assert_eq!(tree.len(), 9);
    assert_eq!(tree.iter().filter(|n| n.attended == Some(true)).count(), 2);
    assert_eq!(v.tree(None).len(), 1, "Bali at the top");
    let provinces = v.provinces();
    assert_eq!(
        (
            provinces[0].0.as_str(),
            provinces[0].2.reached,
            provinces[0].2.total
        ),
        ("51", 2, 9)
    );

    let all_but_one: Vec<UnitCode> = replica.invited.iter().skip(1).cloned().collect();
    w.forums
        .take_attendance(&w.bali_admin, replica.id, &all_but_one)
        .await
        .unwrap();
    let before = w.forums.series(&public, s).await.unwrap().commitments[0]
        .fulfilment
        .clone();
    w.forums
        .take_attendance(&w.bali_admin, replica.id, &replica.invited)
        .await
        .unwrap();
    let v = w.forums.series(&public, s).await.unwrap();
    assert_eq!(v.commitments[0].state, FulfilmentState::Fulfilled);
    assert!(!v.commitments[0].overdue);
    assert_eq!(v.totals.fulfilled, 1);
    // Withdrawing the last attendance gives back exactly the earlier answer.
    w.forums
        .take_attendance(&w.bali_admin, replica.id, &all_but_one)
        .await
        .unwrap();
    let after = w.forums.series(&public, s).await.unwrap().commitments[0]
        .fulfilment
        .clone();
    assert_eq!(after, before);
    // A replicate commitment cannot be closed by hand.
    assert_eq!(
        keys(
            w.forums
                .close_commitment(
                    &w.network,
                    commitment.id,
                    &CloseInput {
                        evidence_url: "https://baliprov.go.id/workshop".into(),
                        ..Default::default()
                    }
                )
                .await
                .unwrap_err()
        ),
        ["ev-derived-not-closed"]
    );
    // A cancelled workshop fulfils nothing; past the due date it is overdue.
    w.forums.cancel(&w.bali_admin, replica.id).await.unwrap();
    w.clock.set(TEST_NOW + 120 * DAY);
    let v = w.forums.series(&public, s).await.unwrap();
    assert_eq!(v.commitments[0].state, FulfilmentState::Pending);
    assert!(v.commitments[0].overdue);
}

#[tokio::test]
async fn officers_of_invited_units_check_in_with_the_code_in_the_room() {
    let w = world().await;
    let e = w
        .forums
        .create(
            &w.bali_admin,
            &workshop("51", "2026-06-04T09:00", &["51.71", "51.03"]),
        )
        .await
        .unwrap();
    assert_eq!(e.attendance_code.len(), 6);
    let typed = format!(" {} ", e.attendance_code.to_lowercase());
    let done = w
        .forums
        .check_in(&w.denpasar_viewer, &typed, None)
        .await
        .unwrap();
    assert_eq!(
        (done.event_id, done.unit.as_str(), done.recorded),
        (e.id, "51.71", true)
    );
    let again = w
        .forums
        .check_in(&w.denpasar_editor, &e.attendance_code, None)
        .await
        .unwrap();
    assert!(!again.recorded, "once per unit");
    assert_eq!(
        keys(
            w.forums
                .check_in(&w.surabaya_admin, &e.attendance_code, None)
                .await
                .unwrap_err()
        ),
        ["ev-code-not-invited"]
    );
    // The province's admin attends for the province, not for a regency.
    assert_eq!(
        keys(
            w.forums
                .check_in(&w.bali_admin, &e.attendance_code, None)
                .await
                .unwrap_err()
        ),
        ["ev-code-not-invited"]
    );
    assert_eq!(
        keys(
            w.forums
                .check_in(&w.badung_editor, "ZZZZZZ", None)
                .await
                .unwrap_err()
        ),
        ["ev-code-unknown"]
    );
    // Two days later the code is no longer taken.
    w.clock.set(TEST_NOW + 2 * DAY);
    assert_eq!(
        keys(
            w.forums
                .check_in(&w.badung_editor, &e.attendance_code, None)
                .await
                .unwrap_err()
        ),
        ["ev-code-unknown"]
    );
    let view = w.forums.event(&Principal::public(), e.id).await.unwrap();
    let present: Vec<(&str, &str)> = view
        .attendance
        .iter()
        .map(|a| (a.unit_code.as_str(), a.how.as_str()))
        .collect();
    assert_eq!(present, [("51.71", "code")]);
}

#[tokio::test]
async fn other_commitments_close_with_evidence_and_the_closure_is_logged() {
    let w = world().await;
    let e = w
        .forums
        .create(
            &w.bali_admin,
            &workshop("51", "2026-06-04T09:00", &["51.71"]),
        )
        .await
        .unwrap();
    let c = w
        .forums
        .record_commitment(
            &w.denpasar_editor,
            e.id,
            &CommitmentInput {
                unit: "51.71".into(),
                kind: "other".into(),
                what: "Menerbitkan siaran pers hasil workshop".into(),
                due_on: "2026-06-30".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        w.forums
            .close_commitment(&w.denpasar_viewer, c.id, &CloseInput::default())
            .await,
        Err(ForumError::NotAllowed)
    ));
    assert_eq!(
        keys(
            w.forums
                .close_commitment(&w.denpasar_editor, c.id, &CloseInput::default())
                .await
                .unwrap_err()
        ),
        ["ev-evidence-required"]
    );
    assert_eq!(
        keys(
            w.forums
                .close_commitment(
                    &w.denpasar_editor,
                    c.id,
                    &CloseInput {
                        evidence_url: "javascript:alert(1)".into(),
                        evidence_release: "999".into(),
                        ..Default::default()
                    }
                )
                .await
                .unwrap_err()
        ),
        ["ev-url-invalid", "ev-release-unknown"]
    );
    let closed = w
        .forums
        .close_commitment(
            &w.denpasar_editor,
            c.id,
            &CloseInput {
                evidence_url: "https://denpasarkota.go.id/berita/workshop".into(),
                note: "Rilis terbit".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.closed_at, Some(TEST_NOW));
    let view = w.forums.event(&Principal::public(), e.id).await.unwrap();
    assert_eq!(view.commitments[0].state, FulfilmentState::Fulfilled);
    let log = w
        .forums
        .commitment_log(&Principal::public(), c.id)
        .await
        .unwrap();
    let ops: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|l| (l.op.as_str(), l.by_name.as_deref()))
        .collect();
    assert_eq!(
        ops,
        [
            ("created", Some("editor@denpasarkota.example.go.id")),
            ("closed", Some("editor@denpasarkota.example.go.id"))
        ]
    );
    assert_eq!(
        keys(
            w.forums
                .close_commitment(
                    &w.bali_admin,
                    c.id,
                    &CloseInput {
                        evidence_url: "https://baliprov.go.id".into(),
                        ..Default::default()
                    }
                )
                .await
                .unwrap_err()
        ),
        ["ev-already-closed"]
    );
    // Every write is in the change feed.
    let feed = w.db.store.changes_since(0, 1_000).await.unwrap();
    let kinds: Vec<(&str, &str)> = feed
        .iter()
        .filter(|c| c.entity.starts_with("event") || c.entity == "commitment")
        .map(|c| (c.entity.as_str(), c.op.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("event", "create"),
            ("commitment", "create"),
            ("commitment", "close")
        ]
    );
}

#[tokio::test]
async fn input_problems_are_all_reported_and_nothing_is_stored() {
    let w = world().await;
    let bad = EventInput {
        organiser: "51".into(),
        kind: "seminar".into(),
        title: " ".into(),
        starts: "4 Juni".into(),
        zone: "CET".into(),
        venue: "99.99".into(),
        online_url: "ftp://x".into(),
        capacity: "nol".into(),
        visibility: "secret".into(),
        invited: vec!["51.71 bukan-kode!".into()],
        ..Default::default()
    };
    let got = keys(w.forums.create(&w.bali_admin, &bad).await.unwrap_err());
    for key in [
        "ev-kind-invalid",
        "ev-title-required",
        "ev-venue-unknown",
        "ev-zone-invalid",
        "ev-time-invalid",
        "ev-url-invalid",
        "ev-capacity-invalid",
        "ev-visibility-invalid",
        "ev-invited-unknown",
    ] {
        assert!(got.contains(&key), "{key} missing from {got:?}");
    }
    let mut reversed = workshop("51", "2026-06-04T09:00", &[]);
    reversed.ends = "2026-06-04T08:00".into();
    assert_eq!(
        keys(w.forums.create(&w.bali_admin, &reversed).await.unwrap_err()),
        ["ev-time-reversed"]
    );
    let mut nowhere = workshop("51", "2026-06-04T09:00", &[]);
    nowhere.venue.clear();
    nowhere.address.clear();
    assert_eq!(
        keys(w.forums.create(&w.bali_admin, &nowhere).await.unwrap_err()),
        ["ev-place-required"]
    );
    assert!(
        w.forums
            .list(
                &w.network,
                &EventFilter {
                    limit: 10,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    // A replicate commitment needs a series and units.
    let e = w
        .forums
        .create(&w.bali_admin, &workshop("51", "2026-06-04T09:00", &[]))
        .await
        .unwrap();
    let got = keys(
        w.forums
            .record_commitment(
                &w.bali_admin,
                e.id,
                &CommitmentInput {
                    unit: "51".into(),
                    kind: "replicate".into(),
                    what: "Replikasi".into(),
                    due_on: "2026-01-01".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        got,
        [
            "ev-replicate-needs-series",
            "ev-for-required",
            "ev-due-before-event"
        ]
    );
}
