//! The newsroom service end to end on a real database: roles, embargo to
//! the second, stale saves, uploads, the gap report and the weekly digest.

use std::sync::Arc;

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Accreditation, Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::{DAY_MICROS, ReleaseOp, ReleaseState, ReleaseStatus, Timing};
use sinergi_newsroom::{AccessLevel, ItemInput, Newsroom, NewsroomError, ReleaseInput};
use sinergi_store::newsroom::ReleaseQuery;
use sinergi_testkit::fixtures::{item, newsroom, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

const SECOND: i64 = 1_000_000;

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn member(id: i64, unit: &str, role: Role, reach: Reach) -> Principal {
    Principal {
        user_id: Some(id.into()),
        memberships: vec![Membership {
            unit: code(unit),
            role,
            reach,
        }],
        ..Default::default()
    }
}

struct World {
    _db: TestDb,
    _files: tempfile::TempDir,
    clock: Arc<FixedClock>,
    newsroom: Newsroom,
    contributor: Principal,
    province_editor: Principal,
}

async fn world() -> World {
    let db = TestDb::with_network(&["51.71", "51.03", "35.78"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let people = staff(
        &db.store,
        &[
            (
                "kontributor@denpasar.example.go.id",
                "51.71",
                Role::Contributor,
                Reach::Unit,
            ),
            (
                "editor@baliprov.example.go.id",
                "51",
                Role::Editor,
                Reach::Subtree,
            ),
        ],
    )
    .await;
    let (newsroom, files) = newsroom(&db.store, &clock);
    World {
        _db: db,
        _files: files,
        clock,
        newsroom,
        contributor: people[0].clone(),
        province_editor: people[1].clone(),
    }
}

fn achievement(title: &str) -> ItemInput {
    item("achievement", title).input
}

fn release(title: &str, items: Vec<sinergi_domain::ItemId>) -> ReleaseInput {
    ReleaseInput {
        title: title.into(),
        lead: "Pemkot Denpasar memangkas waktu layanan.".into(),
        body: "Isi **rilis** <script>alert(1)</script>".into(),
        tags: "Reformasi Birokrasi".into(),
        language: "id".into(),
        item_ids: items,
        media: vec![],
    }
}

async fn public_count(n: &Newsroom, p: &Principal) -> usize {
    let q = ReleaseQuery {
        unit: Some(code("51")),
        with_subtree: true,
        limit: 10,
        ..Default::default()
    };
    n.releases(p, q).await.unwrap().items.len()
}

#[tokio::test]
async fn an_embargoed_release_reaches_the_public_at_its_second_and_not_before() {
    let w = world().await;
    let n = &w.newsroom;
    let denpasar = code("51.71");
    let item = n
        .create_item(&w.contributor, &denpasar, &achievement("Izin 3 hari"))
        .await
        .unwrap();
    let id = n
        .create_release(
            &w.contributor,
            &denpasar,
            &release("Layanan izin 3 hari", vec![item]),
        )
        .await
        .unwrap();
    let view = n.release_view(&w.contributor, id).await.unwrap();
    assert!(
        !view.release.body_html.contains("<script"),
        "{}",
        view.release.body_html
    );
    assert_eq!(
        view.release.body_md, "Isi **rilis** <script>alert(1)</script>",
        "stored intact for the author"
    );
    assert_eq!(view.release.tags, ["reformasi-birokrasi"]);

    n.move_release(&w.contributor, id, 1, ReleaseOp::Submit, "")
        .await
        .unwrap();
    assert!(matches!(
        n.move_release(&w.contributor, id, 1, ReleaseOp::Approve, "")
            .await,
        Err(NewsroomError::NotAllowed)
    ));
    n.move_release(&w.province_editor, id, 1, ReleaseOp::Approve, "")
        .await
        .unwrap();
    let until = TEST_NOW + 3600 * SECOND;
    n.move_release(
        &w.province_editor,
        id,
        1,
        ReleaseOp::Release(Timing::Embargo { until }),
        "",
    )
    .await
    .unwrap();

    let public = Principal::public();
    let journalist = Principal {
        user_id: Some(sinergi_domain::UserId::new(99)),
        accreditations: vec![Accreditation {
            unit: code("51"),
            reach: Reach::Subtree,
        }],
        ..Default::default()
    };
    let outsider = member(50, "35.78", Role::Admin, Reach::Subtree);
    w.clock.set(until - SECOND);
    assert!(matches!(
        n.release_view(&public, id).await,
        Err(NewsroomError::NotFound(_))
    ));
    assert!(matches!(
        n.release_view(&outsider, id).await,
        Err(NewsroomError::NotFound(_))
    ));
    let early = n.release_view(&journalist, id).await.unwrap();
    assert_eq!(
        (early.access, early.status, early.public_now),
        (AccessLevel::Embargoed, ReleaseStatus::Embargoed, false)
    );
    assert_eq!(public_count(n, &public).await, 0);
    assert!(
        n.item_view(&public, item).await.is_err(),
        "the item is not public before its release"
    );

    w.clock.set(until);
    let view = n.release_view(&public, id).await.unwrap();
    assert_eq!(
        (view.access, view.status, view.public_now),
        (AccessLevel::Public, ReleaseStatus::Published, true)
    );
    assert!(
        view.comments.is_empty() && view.revisions.is_empty(),
        "internal history stays internal"
    );
    assert_eq!(public_count(n, &public).await, 1);
    let item_view = n.item_view(&public, item).await.unwrap();
    assert_eq!(item_view.published_after_days, Some(0));
    assert_eq!(item_view.releases.len(), 1);
}

#[tokio::test]
async fn a_stale_save_is_refused_and_the_current_text_survives() {
    let w = world().await;
    let n = &w.newsroom;
    let id = n
        .create_release(&w.contributor, &code("51.71"), &release("Satu", vec![]))
        .await
        .unwrap();
    n.save_release(&w.contributor, id, 1, &release("Dua", vec![]))
        .await
        .unwrap();
    let err = n
        .save_release(&w.province_editor, id, 1, &release("Tiga", vec![]))
        .await
        .unwrap_err();
    assert!(matches!(err, NewsroomError::Stale(_)), "{err}");
    assert_eq!(err.message_key(), "newsroom-stale");
    let view = n.release_view(&w.contributor, id).await.unwrap();
    assert_eq!(view.release.title, "Dua");
    let diff = n.compare_revisions(&w.contributor, id, 1, 2).await.unwrap();
    assert!(
        diff.iter()
            .any(|(f, parts)| *f == "title" && parts.len() == 2),
        "{diff:?}"
    );
}

#[tokio::test]
async fn bad_input_names_every_field_and_other_units_are_off_limits() {
    let w = world().await;
    let n = &w.newsroom;
    let mut bad = achievement("");
    bad.occurred_on = Some("2999-01-01".into());
    bad.category = Some("no-such".into());
    bad.evidence = "javascript:alert(1)".into();
    let err = n
        .create_item(&w.contributor, &code("51.71"), &bad)
        .await
        .unwrap_err();
    let fields: Vec<_> = err.problems().iter().map(|p| p.field).collect();
    assert_eq!(fields, ["title", "category", "occurred_on", "evidence"]);
    assert!(matches!(
        n.create_item(&w.contributor, &code("51.03"), &achievement("x"))
            .await,
        Err(NewsroomError::NotAllowed)
    ));
    // A release cannot report another unit's item.
    let other = n
        .create_item(&w.province_editor, &code("51.03"), &achievement("Gianyar"))
        .await
        .unwrap();
    let err = n
        .create_release(&w.contributor, &code("51.71"), &release("x", vec![other]))
        .await
        .unwrap_err();
    assert_eq!(err.problems()[0].field, "items");
}

#[tokio::test]
async fn disguised_uploads_are_refused_with_a_clear_message() {
    let w = world().await;
    let html = b"<html><script>alert(1)</script></html>";
    let err = w
        .newsroom
        .upload(
            &w.contributor,
            &code("51.71"),
            html,
            "foto.jpg",
            "image/jpeg",
        )
        .await
        .unwrap_err();
    let NewsroomError::Upload(e) = err else {
        panic!("{err}")
    };
    assert!(!e.message("id").is_empty() && e.message("id") != e.message("en"));
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let err = w
        .newsroom
        .upload(&w.contributor, &code("51.71"), pdf, "foto.png", "image/png")
        .await
        .unwrap_err();
    assert!(matches!(err, NewsroomError::Upload(_)));
    let ok = w
        .newsroom
        .upload(
            &w.contributor,
            &code("51.71"),
            pdf,
            "laporan.pdf",
            "application/pdf",
        )
        .await
        .unwrap();
    assert_eq!(ok.mime, "application/pdf");
    // Not attached to a public release: the public cannot fetch it.
    assert!(
        w.newsroom
            .media_file(&Principal::public(), ok.id, false)
            .await
            .is_err()
    );
    assert_eq!(
        w.newsroom
            .media_file(&w.contributor, ok.id, false)
            .await
            .unwrap()
            .bytes,
        pdf
    );
}

#[tokio::test]
async fn the_gap_report_is_for_supervisors_and_the_digest_goes_once_a_week() {
    let w = world().await;
    let n = &w.newsroom;
    n.create_item(&w.contributor, &code("51.71"), &achievement("Denpasar 1"))
        .await
        .unwrap();
    n.create_item(&w.contributor, &code("51.71"), &achievement("Denpasar 2"))
        .await
        .unwrap();
    n.create_item(
        &w.province_editor,
        &code("51.03"),
        &achievement("Gianyar 1"),
    )
    .await
    .unwrap();
    w.clock.advance(15 * DAY_MICROS);
    let (counts, items) = n
        .gap_report(&w.province_editor, Some(code("51")), true, 14, None)
        .await
        .unwrap();
    assert_eq!(counts.total, 3);
    assert_eq!(
        (counts.per_child[0].0.as_str(), counts.per_child[0].2),
        ("51.71", 2)
    );
    assert_eq!(items.items.len(), 3);
    assert!(matches!(
        n.gap_report(&w.contributor, Some(code("51")), true, 14, None)
            .await,
        Err(NewsroomError::NotAllowed)
    ));

    // TEST_NOW + 15 days is mid-week: this week's digest goes now, once.
    let first = n.send_weekly_digests().await.unwrap();
    assert_eq!(
        (first.recipients, first.enqueued),
        (1, 1),
        "only the editor gets one"
    );
    let again = n.send_weekly_digests().await.unwrap();
    assert_eq!(again.enqueued, 0);
    let mail = n.store().outbox_entries(10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].body_text.contains("3 capaian dan inovasi"),
        "{}",
        mail[0].body_text
    );
    assert!(
        mail[0]
            .body_text
            .contains("https://sinergi.example/workspace")
    );
    w.clock.advance(7 * DAY_MICROS);
    assert_eq!(
        n.send_weekly_digests().await.unwrap().enqueued,
        1,
        "next week, the next one"
    );
}

#[tokio::test]
async fn amplification_needs_a_public_original_and_shows_on_it() {
    let w = world().await;
    let n = &w.newsroom;
    let id = n
        .create_release(
            &w.contributor,
            &code("51.71"),
            &release("Kabar kota", vec![]),
        )
        .await
        .unwrap();
    assert!(
        n.amplify(&w.province_editor, id, &code("51"))
            .await
            .is_err(),
        "a draft cannot be amplified"
    );
    n.move_release(&w.contributor, id, 1, ReleaseOp::Submit, "")
        .await
        .unwrap();
    n.move_release(&w.province_editor, id, 1, ReleaseOp::Approve, "")
        .await
        .unwrap();
    n.move_release(
        &w.province_editor,
        id,
        1,
        ReleaseOp::Release(Timing::Now),
        "",
    )
    .await
    .unwrap();
    let amp = n
        .amplify(&w.province_editor, id, &code("51"))
        .await
        .unwrap();
    let view = n.release_view(&Principal::public(), id).await.unwrap();
    assert_eq!(view.amplifications.len(), 1);
    let amp_view = n.release_view(&Principal::public(), amp).await.unwrap();
    assert_eq!(amp_view.original.map(|o| o.id), Some(id));
    // Withdrawal leaves a notice for the public, with no text.
    n.move_release(
        &w.province_editor,
        id,
        1,
        ReleaseOp::Withdraw,
        "Data keliru",
    )
    .await
    .unwrap();
    let notice = n.release_view(&Principal::public(), id).await.unwrap();
    assert_eq!(
        (notice.access, notice.status, notice.public_now),
        (AccessLevel::Notice, ReleaseStatus::Withdrawn, false)
    );
    assert!(notice.release.body_html.is_empty());
    assert_eq!(notice.release.state, ReleaseState::Withdrawn);
}
