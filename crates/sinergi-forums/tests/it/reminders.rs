//! Reminders of commitments: in the week before the deadline and after a
//! miss, to the committed unit's editors and admins with the unit above in
//! copy, once per person, commitment and week; none once it is kept.

use sinergi_domain::UnitCode;
use sinergi_forums::{CloseInput, CommitmentInput, SeriesInput};
use sinergi_testkit::TEST_NOW;

use crate::world::{World, workshop, world};

const DAY: i64 = 86_400_000_000;

/// The reminders in the outbox: (key, recipient, subject), by key.
async fn reminders(w: &World) -> Vec<(String, String, String)> {
    let mut rows: Vec<_> =
        w.db.store
            .outbox_entries(1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.idempotency_key.starts_with("commitment-reminder:"))
            .map(|e| (e.idempotency_key, e.recipient, e.subject))
            .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn commitments_are_reminded_of_weekly_until_kept() {
    let w = world().await;
    let series = w
        .forums
        .create_series(
            &w.bali_admin,
            &SeriesInput {
                owner: "51".into(),
                title: "Bimtek humas".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let mut input = workshop("51", "2026-06-10T09:00", &["51.71"]);
    input.series = series.id.to_string();
    let e = w.forums.create(&w.bali_admin, &input).await.unwrap();
    let other = w
        .forums
        .record_commitment(
            &w.bali_admin,
            e.id,
            &CommitmentInput {
                unit: "51.71".into(),
                kind: "other".into(),
                what: "Menerbitkan siaran pers hasil bimtek".into(),
                due_on: "2026-06-15".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let replicate = w
        .forums
        .record_commitment(
            &w.bali_admin,
            e.id,
            &CommitmentInput {
                unit: "51.71".into(),
                kind: "replicate".into(),
                what: "Bimtek yang sama bagi humas kecamatan".into(),
                for_children: true,
                due_on: "2026-06-15".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    // More than a week before the deadline: nothing.
    let r = w.forums.send_commitment_reminders().await.unwrap();
    assert_eq!((r.commitments, r.queued), (0, 0));

    // In the week before: Denpasar's editor, and Bali's admin in copy, for
    // each; not Denpasar's viewer. Again the same week: nothing new.
    w.clock.set(TEST_NOW + 6 * DAY);
    let r = w.forums.send_commitment_reminders().await.unwrap();
    assert_eq!((r.commitments, r.queued), (2, 4));
    assert_eq!(
        w.forums.send_commitment_reminders().await.unwrap().queued,
        0
    );
    let sent = reminders(&w).await;
    let to: Vec<&str> = sent.iter().map(|(_, to, _)| to.as_str()).collect();
    assert_eq!(
        to.iter()
            .filter(|t| **t == "editor@denpasarkota.example.go.id")
            .count(),
        2
    );
    assert_eq!(
        to.iter()
            .filter(|t| **t == "admin@baliprov.example.go.id")
            .count(),
        2
    );
    let copy =
        w.db.store
            .outbox_entries(1_000)
            .await
            .unwrap()
            .into_iter()
            .find(|e| {
                e.recipient == "admin@baliprov.example.go.id"
                    && e.idempotency_key
                        .starts_with(&format!("commitment-reminder:{}:", replicate.id))
            })
            .unwrap();
    assert!(
        copy.subject
            .starts_with("Tenggat rencana tindak lanjut Kota Denpasar")
    );
    assert!(
        copy.body_text
            .contains("sebagai unit di atas Kota Denpasar")
    );
    assert!(copy.body_text.contains("Sejauh ini 0 dari 4 unit"));
    assert!(copy.body_text.contains(&format!(
        "https://sinergi.example/forums/{}#commitment-{}",
        e.id, replicate.id
    )));

    // Denpasar closes the other one with evidence; a week after the miss
    // only the commitment to replicate is reminded of, as overdue.
    w.forums
        .close_commitment(
            &w.denpasar_editor,
            other.id,
            &CloseInput {
                evidence_url: "https://denpasarkota.go.id/berita/bimtek".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    w.clock.set(TEST_NOW + 13 * DAY);
    let r = w.forums.send_commitment_reminders().await.unwrap();
    assert_eq!((r.commitments, r.queued), (1, 2));
    let overdue: Vec<_> = reminders(&w)
        .await
        .into_iter()
        .filter(|(_, _, s)| s.starts_with("Lewat tenggat"))
        .collect();
    assert_eq!(overdue.len(), 2);
    assert!(
        overdue
            .iter()
            .all(|(k, _, _)| k.starts_with(&format!("commitment-reminder:{}:", replicate.id)))
    );

    // Kota Denpasar holds the workshop for all its districts: kept, and
    // no more reminders.
    let districts: Vec<UnitCode> = replicate.for_units.clone();
    let mut own = workshop("51.71", "2026-06-18T09:00", &[]);
    own.series = series.id.to_string();
    own.invite_children = true;
    let held = w.forums.create(&w.denpasar_editor, &own).await.unwrap();
    w.forums
        .take_attendance(&w.denpasar_editor, held.id, &districts)
        .await
        .unwrap();
    w.clock.set(TEST_NOW + 20 * DAY);
    let r = w.forums.send_commitment_reminders().await.unwrap();
    assert_eq!((r.commitments, r.queued), (0, 0));
}
