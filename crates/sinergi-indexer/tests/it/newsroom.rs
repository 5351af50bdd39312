//! Releases and register items in the index as they move through the
//! workflow: internal drafts, embargo to the second, withdrawal.

use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::{ItemKind, ReleaseState};
use sinergi_indexer::{Projector, ProjectorConfig, SearchIndex};
use sinergi_search::{DocKind, Query, Viewer};
use sinergi_store::newsroom::{ItemDraft, ReleaseContent, Transition};
use sinergi_testkit::{TEST_NOW, TestDb};

const SECOND: i64 = 1_000_000;

fn hits(index: &SearchIndex, text: &str, now: i64, viewer: Viewer) -> Vec<String> {
    let mut q = Query::text(text, now);
    q.kinds = vec![DocKind::Release, DocKind::Achievement];
    q.viewer = viewer;
    index
        .search(&q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn step(
    op: &'static str,
    from: ReleaseState,
    to: ReleaseState,
    public_at: Option<i64>,
) -> Transition {
    Transition {
        op,
        from,
        to,
        expected_version: 1,
        public_at,
        embargo: true,
        note: "Data keliru".into(),
    }
}

#[tokio::test]
async fn the_index_follows_a_release_from_draft_through_embargo_to_withdrawal() {
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let mut projector =
        Projector::new(s.clone(), index.clone(), ProjectorConfig::default()).unwrap();
    projector.catch_up().await.unwrap();

    let unit = UnitCode::parse("51.71").unwrap();
    let item = s
        .insert_item(
            &unit,
            &ItemDraft {
                kind: ItemKind::Achievement,
                title: "Pelayanan perizinan tiga hari".into(),
                description_md: "Perizinan usaha dipangkas.".into(),
                category_key: None,
                occurred_on: None,
                problem_md: None,
                solution_md: None,
                impact_md: None,
                stage: None,
                tags: vec![],
                evidence: vec![],
            },
            None,
            TEST_NOW,
        )
        .await
        .unwrap();
    let content = ReleaseContent {
        title: "Denpasar memangkas waktu perizinan".into(),
        slug: "x".into(),
        lead: "Pelayanan lebih cepat.".into(),
        body_md: "Perizinan **usaha** kini selesai dalam tiga hari.".into(),
        body_html: String::new(),
        tags: vec![],
        language: "id".into(),
        item_ids: vec![item],
        media: vec![],
    };
    let id = s
        .create_release(&unit, &content, None, TEST_NOW)
        .await
        .unwrap();
    projector.catch_up().await.unwrap();
    let internal = Viewer::internal_subtrees(["51"]);
    assert!(
        hits(&index, "perizinan", TEST_NOW, Viewer::public()).is_empty(),
        "drafts are internal"
    );
    assert_eq!(
        hits(&index, "perizinan", TEST_NOW, internal.clone()).len(),
        2
    );

    let until = TEST_NOW + 3600 * SECOND;
    for (op, from, to, at) in [
        ("submit", ReleaseState::Draft, ReleaseState::InReview, None),
        (
            "approve",
            ReleaseState::InReview,
            ReleaseState::Approved,
            None,
        ),
        (
            "release",
            ReleaseState::Approved,
            ReleaseState::Released,
            Some(until),
        ),
    ] {
        s.transition_release(id, &step(op, from, to, at), None, TEST_NOW)
            .await
            .unwrap();
    }
    projector.catch_up().await.unwrap();
    assert!(
        hits(&index, "perizinan", until - SECOND, Viewer::public()).is_empty(),
        "one second early"
    );
    let mut found = hits(&index, "perizinan", until, Viewer::public());
    found.sort();
    assert_eq!(
        found,
        [format!("item:{item}"), format!("release:{id}")],
        "the item is published with it"
    );

    s.transition_release(
        id,
        &step(
            "withdraw",
            ReleaseState::Released,
            ReleaseState::Withdrawn,
            None,
        ),
        None,
        until + SECOND,
    )
    .await
    .unwrap();
    projector.catch_up().await.unwrap();
    assert!(
        hits(&index, "perizinan", until + 2 * SECOND, Viewer::public()).is_empty(),
        "withdrawn: out of the index, the item back to internal"
    );
    assert_eq!(index.count_id(&format!("release:{id}")).unwrap(), 0);
    assert_eq!(index.count_id(&format!("item:{item}")).unwrap(), 1);
}

/// An innovation is found by the word for what it is ("inovasi"), even when
/// its own text never says it; an achievement by "capaian".
#[tokio::test]
async fn an_item_is_found_by_the_name_of_its_kind() {
    let db = TestDb::with_network(&["51.71"]).await;
    let s = &db.store;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let mut projector =
        Projector::new(s.clone(), index.clone(), ProjectorConfig::default()).unwrap();
    let unit = UnitCode::parse("51.71").unwrap();
    let mut ids = Vec::new();
    for (kind, title) in [
        (ItemKind::Innovation, "Antre daring di puskesmas"),
        (ItemKind::Achievement, "Juara lomba kebersihan pasar"),
    ] {
        let draft = ItemDraft {
            kind,
            title: title.into(),
            description_md: "Warga tidak perlu menunggu lama.".into(),
            category_key: None,
            occurred_on: None,
            problem_md: None,
            solution_md: None,
            impact_md: None,
            stage: None,
            tags: vec![],
            evidence: vec![],
        };
        ids.push(s.insert_item(&unit, &draft, None, TEST_NOW).await.unwrap());
    }
    projector.catch_up().await.unwrap();
    let found = |text: &str| {
        let mut q = Query::text(text, TEST_NOW);
        q.viewer = Viewer::internal_subtrees(["51"]);
        index
            .search(&q)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(found("inovasi"), vec![format!("item:{}", ids[0])]);
    assert_eq!(found("capaian"), vec![format!("item:{}", ids[1])]);
    assert_eq!(found("innovation"), vec![format!("item:{}", ids[0])]);
}
