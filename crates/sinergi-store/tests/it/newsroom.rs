//! The register and newsroom records on both engines (SQLite by default,
//! PostgreSQL when SINERGI_TEST_DATABASE_URL names one).

use sinergi_domain::UnitCode;
use sinergi_domain::access::Scope;
use sinergi_domain::newsroom::{DAY_MICROS, InnovationStage, ItemKind, ReleaseState};
use sinergi_store::StoreError;
use sinergi_store::newsroom::{
    GapQuery, ItemDraft, ItemQuery, ReleaseContent, ReleaseQuery, Transition,
};
use sinergi_testkit::{TEST_NOW, TestDb};

const NOW: i64 = TEST_NOW;
const DAY: i64 = DAY_MICROS;

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn achievement(title: &str) -> ItemDraft {
    ItemDraft {
        kind: ItemKind::Achievement,
        title: title.to_owned(),
        description_md: "Waktu layanan turun dari 14 hari menjadi 3 hari.".to_owned(),
        category_key: Some("public-service".to_owned()),
        occurred_on: Some("2026-05-20".to_owned()),
        problem_md: None,
        solution_md: None,
        impact_md: None,
        stage: None,
        tags: vec!["pelayanan-publik".to_owned()],
        evidence: vec![],
    }
}

fn content(title: &str, items: Vec<sinergi_domain::ItemId>) -> ReleaseContent {
    ReleaseContent {
        title: title.to_owned(),
        slug: "humas-pemerintah".to_owned(),
        lead: "Lead".to_owned(),
        body_md: "Isi **siaran**.".to_owned(),
        body_html: "<p>Isi <strong>siaran</strong>.</p>".to_owned(),
        tags: vec!["reformasi-birokrasi".to_owned()],
        language: "id".to_owned(),
        item_ids: items,
        media: vec![],
    }
}

fn step(op: &'static str, from: ReleaseState, to: ReleaseState, version: i64) -> Transition {
    Transition {
        op,
        from,
        to,
        expected_version: version,
        public_at: None,
        embargo: false,
        note: String::new(),
    }
}

fn gap(root: &str, now: i64) -> GapQuery {
    GapQuery {
        root: Some(code(root)),
        with_subtree: true,
        now,
        min_days: 14,
        limit: 50,
        cursor: None,
    }
}

#[tokio::test]
async fn an_item_leaves_the_gap_when_its_release_becomes_public_and_not_before() {
    let db = TestDb::with_network(&["51.71", "51.03"]).await;
    let s = &db.store;
    let denpasar = code("51.71");
    let item = s
        .insert_item(&denpasar, &achievement("Mal Pelayanan Publik"), None, NOW)
        .await
        .unwrap();
    let other = s
        .insert_item(&code("51.03"), &achievement("Desa wisata"), None, NOW + 1)
        .await
        .unwrap();
    let later = NOW + 20 * DAY;
    let counts = s.gap_counts(&gap("51", later)).await.unwrap();
    assert_eq!(counts.total, 2);
    assert_eq!(counts.per_child.len(), 2);
    assert_eq!(
        s.gap_counts(&gap("51", NOW + 13 * DAY))
            .await
            .unwrap()
            .total,
        0,
        "14 days not yet passed"
    );

    let id = s
        .create_release(
            &denpasar,
            &content("Mal Pelayanan Publik Denpasar", vec![item]),
            None,
            NOW,
        )
        .await
        .unwrap();
    s.transition_release(
        id,
        &step("submit", ReleaseState::Draft, ReleaseState::InReview, 1),
        None,
        NOW,
    )
    .await
    .unwrap();
    s.transition_release(
        id,
        &step("approve", ReleaseState::InReview, ReleaseState::Approved, 1),
        None,
        NOW,
    )
    .await
    .unwrap();
    let embargo_until = later + 3600 * 1_000_000;
    let mut release = step("release", ReleaseState::Approved, ReleaseState::Released, 1);
    release.public_at = Some(embargo_until);
    release.embargo = true;
    s.transition_release(id, &release, None, later)
        .await
        .unwrap();

    // Before the embargo lifts the item is still in the gap; at its time it is out.
    let before = s.gap_items(&gap("51", embargo_until - 1)).await.unwrap();
    assert_eq!(
        before.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![item, other]
    );
    assert_eq!(before.items[0].first_public_at, Some(embargo_until));
    let after = s.gap_items(&gap("51", embargo_until)).await.unwrap();
    assert_eq!(
        after.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![other]
    );
    let public = |now| ReleaseQuery {
        unit: Some(code("51")),
        with_subtree: true,
        public_by: Some(now),
        limit: 10,
        ..Default::default()
    };
    assert!(
        s.releases(&public(embargo_until - 1))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        s.releases(&public(embargo_until)).await.unwrap().items[0].id,
        id
    );

    // Withdrawn: back in the gap.
    let mut withdraw = step(
        "withdraw",
        ReleaseState::Released,
        ReleaseState::Withdrawn,
        1,
    );
    withdraw.note = "Data keliru".into();
    s.transition_release(id, &withdraw, None, embargo_until + 10)
        .await
        .unwrap();
    assert_eq!(
        s.gap_counts(&gap("51", embargo_until + 20))
            .await
            .unwrap()
            .total,
        2
    );
    let r = s.release(id).await.unwrap().unwrap();
    assert_eq!(
        (r.state, r.withdrawal_note.as_deref()),
        (ReleaseState::Withdrawn, Some("Data keliru"))
    );
    let events = s.release_events(id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.op.as_str()).collect::<Vec<_>>(),
        ["create", "submit", "approve", "release", "withdraw"]
    );
}

#[tokio::test]
async fn a_stale_save_is_refused_and_loses_nothing() {
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let id = s
        .create_release(&code("51.71"), &content("Versi satu", vec![]), None, NOW)
        .await
        .unwrap();
    assert_eq!(
        s.save_release(id, 1, &content("Versi dua", vec![]), None, None, NOW + 1)
            .await
            .unwrap(),
        2
    );
    let err = s
        .save_release(
            id,
            1,
            &content("Versi dua dari orang lain", vec![]),
            None,
            None,
            NOW + 2,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let r = s.release(id).await.unwrap().unwrap();
    assert_eq!((r.title.as_str(), r.version), ("Versi dua", 2));
    let revisions = s.release_revisions(id).await.unwrap();
    assert_eq!(
        revisions
            .iter()
            .map(|v| v.title.as_str())
            .collect::<Vec<_>>(),
        ["Versi satu", "Versi dua"]
    );
    // A move on a stale version is refused as well.
    let err = s
        .transition_release(
            id,
            &step("submit", ReleaseState::Draft, ReleaseState::InReview, 1),
            None,
            NOW,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)));
    assert_eq!(
        s.release(id).await.unwrap().unwrap().state,
        ReleaseState::Draft
    );
}

#[tokio::test]
async fn items_list_by_unit_and_subtree_and_innovations_record_replications() {
    let db = TestDb::with_network(&["51.71", "35.78"]).await;
    let s = &db.store;
    let mut innovation = achievement("Si Cantik");
    innovation.kind = ItemKind::Innovation;
    innovation.problem_md = Some("Antrean panjang".into());
    innovation.stage = Some(InnovationStage::Implemented);
    let inno = s
        .insert_item(&code("51.71"), &innovation, None, NOW)
        .await
        .unwrap();
    s.insert_item(&code("51"), &achievement("Provinsi"), None, NOW + 1)
        .await
        .unwrap();
    s.add_replication(
        inno,
        &code("35.78"),
        Some("2026-05-01"),
        "Diadopsi",
        None,
        NOW,
    )
    .await
    .unwrap();
    assert!(matches!(
        s.add_replication(inno, &code("35.78"), None, "", None, NOW)
            .await,
        Err(StoreError::Conflict(_))
    ));
    let reps = s.replications_of(inno).await.unwrap();
    assert_eq!(reps.len(), 1);
    assert_eq!(reps[0].unit_code, "35.78");
    let q = |unit: &str, with_subtree| ItemQuery {
        unit: Some(code(unit)),
        with_subtree,
        limit: 1,
        ..Default::default()
    };
    let page = s.items(&q("51", true)).await.unwrap();
    assert_eq!(page.items[0].title, "Provinsi");
    let mut next = q("51", true);
    next.cursor = page.next_cursor;
    let page2 = s.items(&next).await.unwrap();
    assert_eq!(page2.items[0].stage, Some(InnovationStage::Implemented));
    assert!(page2.next_cursor.is_none());
    assert_eq!(s.items(&q("51", false)).await.unwrap().items.len(), 1);
    // Stale item saves are refused.
    assert_eq!(
        s.update_item(inno, 1, &innovation, NOW + 5).await.unwrap(),
        2
    );
    assert!(matches!(
        s.update_item(inno, 1, &innovation, NOW + 6).await,
        Err(StoreError::Conflict(_))
    ));
}

#[tokio::test]
async fn amplification_points_back_and_work_counts_follow_scope() {
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let id = s
        .create_release(
            &code("51.71"),
            &content("Kabar Denpasar", vec![]),
            None,
            NOW,
        )
        .await
        .unwrap();
    for (op, from, to) in [
        ("submit", ReleaseState::Draft, ReleaseState::InReview),
        ("approve", ReleaseState::InReview, ReleaseState::Approved),
    ] {
        s.transition_release(id, &step(op, from, to, 1), None, NOW)
            .await
            .unwrap();
    }
    let mut release = step("release", ReleaseState::Approved, ReleaseState::Released, 1);
    release.public_at = Some(NOW);
    s.transition_release(id, &release, None, NOW).await.unwrap();
    let original = s.release(id).await.unwrap().unwrap();
    let amp = s
        .amplify_release(&original, &code("51"), None, NOW + 5)
        .await
        .unwrap();
    assert!(matches!(
        s.amplify_release(&original, &code("51"), None, NOW + 6)
            .await,
        Err(StoreError::Conflict(_))
    ));
    let amps = s.amplifications_of(id).await.unwrap();
    assert_eq!(
        (amps.len(), amps[0].id, amps[0].unit_code.as_str()),
        (1, amp, "51")
    );
    assert_eq!(
        s.release(amp).await.unwrap().unwrap().amplifies_id,
        Some(id)
    );

    let draft = s
        .create_release(&code("51.71"), &content("Draf", vec![]), None, NOW)
        .await
        .unwrap();
    s.transition_release(
        draft,
        &step("submit", ReleaseState::Draft, ReleaseState::InReview, 1),
        None,
        NOW,
    )
    .await
    .unwrap();
    let province = Scope {
        subtrees: vec![code("51")],
        ..Default::default()
    };
    let counts = s.work_counts(&province, NOW, NOW + DAY, NOW).await.unwrap();
    assert_eq!(counts.in_review, 1);
    let elsewhere = Scope {
        subtrees: vec![code("35")],
        ..Default::default()
    };
    assert_eq!(
        s.work_counts(&elsewhere, NOW, NOW + DAY, NOW)
            .await
            .unwrap()
            .in_review,
        0
    );
    // Every write reached the change feed.
    let changes = s.changes_since(0, 10_000).await.unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c.entity == "release" && c.entity_key == amp.to_string() && c.op == "amplify")
    );
    assert!(
        changes.iter().any(|c| c.entity == "release"
            && c.entity_key == id.to_string()
            && c.op == "amplified")
    );
}

/// The database folds the gap into children and levels: the network-wide
/// view groups a village under its province and a bureau under its
/// ministry, and counts each level once.
#[tokio::test]
async fn gap_counts_fold_units_into_children_and_levels() {
    use sinergi_domain::Level;
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let village: String = sqlx::query_scalar(
        "SELECT code FROM units WHERE code LIKE '51.71.__.%' ORDER BY code LIMIT 1",
    )
    .fetch_one(s.raw_pool())
    .await
    .unwrap();
    let district = village[..8].to_owned();
    for (unit, title) in [
        ("51.71", "Kota"),
        (district.as_str(), "Kecamatan"),
        (village.as_str(), "Desa 1"),
        (village.as_str(), "Desa 2"),
        ("kemenpanrb.hkip", "Biro"),
    ] {
        s.insert_item(&code(unit), &achievement(title), None, NOW)
            .await
            .unwrap();
    }
    let later = NOW + 20 * DAY;
    let national = s
        .gap_counts(&GapQuery {
            root: None,
            with_subtree: true,
            now: later,
            min_days: 14,
            limit: 50,
            cursor: None,
        })
        .await
        .unwrap();
    assert_eq!(national.total, 5);
    let children: Vec<(&str, i64)> = national
        .per_child
        .iter()
        .map(|(c, _, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(children, vec![("51", 4), ("kemenpanrb", 1)]);
    assert_eq!(
        national.per_level,
        vec![
            (Level::National, 1),
            (Level::Regency, 1),
            (Level::District, 1),
            (Level::Village, 2)
        ]
    );
    assert_eq!(national.per_child[0].1, "Bali");

    let city = s.gap_counts(&gap("51.71", later)).await.unwrap();
    let children: Vec<(&str, i64)> = city
        .per_child
        .iter()
        .map(|(c, _, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(children, vec![(district.as_str(), 3), ("51.71", 1)]);

    let own = s
        .gap_counts(&GapQuery {
            with_subtree: false,
            ..gap("51.71", later)
        })
        .await
        .unwrap();
    assert_eq!(own.total, 1);
    assert_eq!(
        own.per_child,
        vec![("51.71".to_owned(), city.per_child[1].1.clone(), 1)]
    );
}

/// A stored name that no longer parses is corrupt data, whether the row
/// struct parses it (`try_from`) or the conversion after it does; it never
/// reads as some default.
#[tokio::test]
async fn a_state_or_code_that_does_not_parse_is_corrupt() {
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let id = s
        .create_release(&code("51.71"), &content("Rusak", vec![]), None, NOW)
        .await
        .unwrap();
    assert_eq!(
        s.release(id).await.unwrap().map(|r| r.state),
        Some(ReleaseState::Draft)
    );
    sqlx::query("UPDATE releases SET state = 'lost' WHERE id = $1")
        .bind(id.get())
        .execute(s.raw_pool())
        .await
        .unwrap();
    assert!(
        matches!(s.release(id).await, Err(StoreError::Corrupt(ref m)) if m.contains("state")),
        "{:?}",
        s.release(id).await
    );
    sqlx::query("UPDATE units SET level = 'galaxy' WHERE code = '51.71'")
        .execute(s.raw_pool())
        .await
        .unwrap();
    assert!(matches!(
        s.unit(&code("51.71")).await,
        Err(StoreError::Corrupt(_))
    ));
}

/// The bulk load writes PostgreSQL's rows as array literals: text with
/// the literal's own syntax (quotes, backslashes, commas, braces, the word
/// NULL) and missing values must come back exactly as they went in.
#[tokio::test]
async fn a_bulk_load_keeps_awkward_text_and_missing_values_exactly() {
    use sinergi_store::newsroom::{BulkEvent, BulkRelease};
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let awkward = "Kata \"kutip\", {kurung} \\ garis; NULL, 'tunggal'\nbaris baru — é";
    let event = |op, from, to| BulkEvent {
        at: NOW - DAY,
        actor_id: None,
        op,
        from,
        to,
        note: awkward.to_owned(),
    };
    let release = BulkRelease {
        unit_code: code("51.71"),
        slug: "kata-kutip".to_owned(),
        language: "id".to_owned(),
        state: ReleaseState::Released,
        title: awkward.to_owned(),
        lead: "NULL".to_owned(),
        body_md: String::new(),
        body_html: "<p>{}</p>".to_owned(),
        tags: vec!["reformasi-birokrasi".to_owned()],
        public_at: Some(NOW - DAY),
        embargo: false,
        created_by: None,
        created_at: NOW - 2 * DAY,
        updated_at: NOW - DAY,
        approved_by: None,
        approved_at: None,
        withdrawn_at: None,
        withdrawal_note: None,
        items: vec![],
        history: vec![
            event("create", ReleaseState::Draft, ReleaseState::Draft),
            event("release", ReleaseState::Draft, ReleaseState::Released),
        ],
    };
    let loaded = s.bulk_load_newsroom(&[], &[release]).await.unwrap();
    let id = sinergi_domain::ReleaseId::new(loaded.release_ids[0]);
    let back = s.release(id).await.unwrap().unwrap();
    assert_eq!(back.title, awkward);
    assert_eq!(back.lead, "NULL");
    assert_eq!(back.body_md, "");
    assert_eq!(back.body_html, "<p>{}</p>");
    assert_eq!(back.withdrawal_note, None);
    assert_eq!(back.public_at, Some(NOW - DAY));
}
