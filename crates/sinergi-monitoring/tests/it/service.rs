//! Sources, articles, matching against what was public, and the review:
//! the service end to end on a real database.

use sinergi_domain::UnitCode;
use sinergi_domain::access::Principal;
use sinergi_monitoring::import::parse_line;
use sinergi_monitoring::{MatchState, MonitoringError, SourceInput};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::release;

use crate::world::*;

fn line(id: &str, outlet: &str, url: &str, at: i64, title: &str, text: &str) -> String {
    serde_json::json!({
        "id": id, "outlet": outlet, "url": url, "title": title, "text": text,
        "published_at": at / 1_000_000,
    })
    .to_string()
}

#[tokio::test]
async fn sources_are_added_by_officers_of_their_unit() {
    let w = world().await;
    let input = SourceInput {
        unit: "51".into(),
        outlet: "Kabar Dewata".into(),
        url: "https://kabardewata.example/rss".into(),
        kind: "feed".into(),
    };
    let id = w
        .monitoring
        .add_source(&w.bali_editor, &input)
        .await
        .unwrap();
    let again = w
        .monitoring
        .add_source(&w.bali_editor, &input)
        .await
        .unwrap_err();
    assert_eq!(again.problems()[0].key, "mon-url-taken");
    let other = SourceInput {
        url: "https://kabardewata.example/other".into(),
        ..input.clone()
    };
    assert!(matches!(
        w.monitoring.add_source(&w.denpasar_viewer, &other).await,
        Err(MonitoringError::NotAllowed)
    ));
    assert!(matches!(
        w.monitoring.add_source(&w.surabaya_editor, &other).await,
        Err(MonitoringError::NotAllowed)
    ));
    // Every officer reads the list with its health; the public does not.
    let list = w.monitoring.sources(&w.denpasar_viewer).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].next_poll_at, TEST_NOW);
    assert!(w.monitoring.sources(&Principal::public()).await.is_err());
    // Paused by its unit's officer only.
    assert!(
        w.monitoring
            .set_source_active(&w.surabaya_editor, id, false)
            .await
            .is_err()
    );
    w.monitoring
        .set_source_active(&w.bali_editor, id, false)
        .await
        .unwrap();
    assert!(
        w.db.store
            .due_sources(TEST_NOW + DAY, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn articles_match_only_what_the_public_could_read_and_people_decide_the_grey_zone() {
    let w = world().await;
    let by = &w.bali_editor;
    let bridge = release("51.71", "Jembatan gantung Tukad Badung diresmikan")
        .lead(BRIDGE_LEAD)
        .body(BRIDGE_BODY)
        .published(&w.newsroom, by)
        .await;
    let market = release("51.71", "Pasar Badung dibuka kembali")
        .lead(MARKET_LEAD)
        .body(MARKET_BODY)
        .published(&w.newsroom, by)
        .await;
    let vaccine = release("51.71", "Imunisasi campak rubela serentak")
        .lead(VACCINE_LEAD)
        .body(VACCINE_BODY)
        .embargoed(&w.newsroom, by, TEST_NOW + 2 * DAY)
        .await;

    let pickup = format!(
        "DENPASAR - {BRIDGE_LEAD} {}\nWarga menyambut gembira peresmian itu.",
        BRIDGE_BODY.replace("\n\n", " ")
    );
    let grey = "Pedagang mengeluhkan sepinya pembeli menjelang akhir tahun meski harga cabai turun. \
         Kini seribu tujuh ratus pedagang menempati los baru yang dilengkapi sistem \
         pembuangan. Mereka berharap pemerintah menggelar promosi.";
    let leak = format!("{VACCINE_LEAD} {}", VACCINE_BODY.replace("\n\n", " "));
    let lines = [
        line(
            "a1",
            "Kabar Dewata",
            "https://kabardewata.example/jembatan?utm_source=fb",
            TEST_NOW + HOUR,
            "Jembatan baru di Sesetan",
            &pickup,
        ),
        // The same story carried by another outlet: grouped with the first.
        line(
            "a2",
            "Warta Bali",
            "https://wartabali.example/2026/jembatan",
            TEST_NOW + 2 * HOUR,
            "Jembatan Tukad Badung",
            &pickup,
        ),
        line(
            "a3",
            "Kabar Dewata",
            "https://kabardewata.example/pasar",
            TEST_NOW + HOUR,
            "Pedagang pasar",
            grey,
        ),
        // The embargoed text, published by an outlet before its time: no match.
        line(
            "a4",
            "Warta Bali",
            "https://wartabali.example/imunisasi",
            TEST_NOW + HOUR,
            "Imunisasi",
            &leak,
        ),
        line(
            "a5",
            "Warta Bali",
            "https://wartabali.example/cuaca",
            TEST_NOW + HOUR,
            "Cuaca",
            "Hujan lebat diperkirakan turun di Bali selatan sepanjang pekan ini menurut BMKG.",
        ),
    ];
    let articles: Vec<_> = lines
        .iter()
        .map(|l| parse_line(l, TEST_NOW).unwrap())
        .collect();
    let added = w.monitoring.add_articles(&articles).await.unwrap();
    assert_eq!(added.len(), 5);
    // Importing again adds nothing: articles are known by canonical URL.
    assert!(
        w.monitoring
            .add_articles(&articles)
            .await
            .unwrap()
            .is_empty()
    );
    let a1 = w.db.store.article(added[0]).await.unwrap();
    let a2 = w.db.store.article(added[1]).await.unwrap();
    assert_eq!(a1.key, "https://kabardewata.example/jembatan");
    assert_eq!(a1.group_id, Some(a1.id.get()));
    assert_eq!(a2.group_id, Some(a1.id.get()));

    w.clock.set(TEST_NOW + 3 * HOUR);
    let report = w.monitoring.match_waiting(&|_| {}).await.unwrap();
    assert_eq!(report.articles, 5);
    let internal = w
        .monitoring
        .coverage(by, bridge, &UnitCode::parse("51.71").unwrap())
        .await
        .unwrap();
    assert_eq!(internal.pickups.len(), 2, "{internal:?}");
    assert_eq!(internal.outlets, 2);
    assert!(
        internal
            .pickups
            .iter()
            .all(|m| m.state == MatchState::Credited)
    );
    let first = &internal.pickups[0];
    assert!(!first.passages.is_empty());
    // The passages are byte ranges of the article's body and of the release's text.
    let (from, to) = first.passages[0].article;
    assert!(first.article_body[from..to].contains("jembatan"));
    let view = w
        .monitoring
        .view_match(&Principal::public(), first.id)
        .await
        .unwrap();
    let release_text = view.release_text.clone().unwrap();
    let (rf, rt) = first.passages[0].release;
    let words = |s: &str| {
        s.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        words(&release_text[rf..rt]),
        words(&first.article_body[from..to])
    );
    assert_eq!(view.copies.len(), 1, "the syndicated copy is shown");
    assert!(!view.can_decide);

    // The embargoed release matched nothing, for anyone.
    let unit = UnitCode::parse("51.71").unwrap();
    assert!(
        w.monitoring
            .coverage(by, vaccine, &unit)
            .await
            .unwrap()
            .pickups
            .is_empty()
    );
    assert!(
        w.monitoring
            .coverage(by, vaccine, &unit)
            .await
            .unwrap()
            .waiting
            .is_empty()
    );

    // The grey zone waits for Bali's officers; the public sees none of it.
    let market_cov = w.monitoring.coverage(by, market, &unit).await.unwrap();
    assert_eq!(market_cov.waiting.len(), 1, "{market_cov:?}");
    let waiting = market_cov.waiting[0].clone();
    assert_eq!(waiting.state, MatchState::Review);
    let public_cov = w
        .monitoring
        .coverage(&Principal::public(), market, &unit)
        .await
        .unwrap();
    assert!(public_cov.pickups.is_empty() && public_cov.waiting.is_empty());
    assert!(
        w.monitoring
            .view_match(&Principal::public(), waiting.id)
            .await
            .is_err()
    );
    let queue = w.monitoring.review_queue(by, 50).await.unwrap();
    assert_eq!(queue.iter().map(|m| m.id).collect::<Vec<_>>(), [waiting.id]);
    assert!(
        w.monitoring
            .review_queue(&w.surabaya_editor, 50)
            .await
            .unwrap()
            .is_empty()
    );

    // Who may decide: Bali's editor; not a viewer, not another province.
    assert!(matches!(
        w.monitoring
            .decide(
                &w.denpasar_viewer,
                &actor(&w.denpasar_viewer, "viewer"),
                waiting.id,
                true
            )
            .await,
        Err(MonitoringError::NotAllowed)
    ));
    assert!(matches!(
        w.monitoring
            .decide(
                &w.surabaya_editor,
                &actor(&w.surabaya_editor, "other"),
                waiting.id,
                true
            )
            .await,
        Err(MonitoringError::NotFound(_))
    ));
    let decided = w
        .monitoring
        .decide(
            by,
            &actor(by, "editor@baliprov.example.go.id"),
            waiting.id,
            true,
        )
        .await
        .unwrap();
    assert_eq!(decided.state, MatchState::Confirmed);
    assert_eq!(
        decided.reviewed_by.as_deref(),
        Some("editor@baliprov.example.go.id")
    );
    let entries =
        w.db.store
            .audit_entries(
                &by.scope(sinergi_domain::access::Action::ReadAudit),
                &sinergi_store::accounts::audit::AuditFilter {
                    action: Some("media_match.confirm".into()),
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].unit_code.as_deref(), Some("51.71"));
    // Now it is a public pickup.
    let public_cov = w
        .monitoring
        .coverage(&Principal::public(), market, &unit)
        .await
        .unwrap();
    assert_eq!(public_cov.pickups.len(), 1);

    // After the embargo, a new article carrying the text matches; the
    // article that came before its time still does not, even matched again.
    w.clock.set(TEST_NOW + 3 * DAY);
    let late = parse_line(
        &line(
            "a6",
            "Kabar Dewata",
            "https://kabardewata.example/imunisasi",
            TEST_NOW + 3 * DAY,
            "Imunisasi",
            &leak,
        ),
        TEST_NOW,
    )
    .unwrap();
    w.monitoring.add_articles(&[late]).await.unwrap();
    let again = w
        .monitoring
        .match_period(TEST_NOW - DAY, TEST_NOW + 4 * DAY, &|_| {})
        .await
        .unwrap();
    assert_eq!(again.articles, 6);
    let vaccine_cov = w.monitoring.coverage(by, vaccine, &unit).await.unwrap();
    assert_eq!(vaccine_cov.pickups.len(), 1);
    assert_eq!(
        vaccine_cov.pickups[0].article_url.as_deref(),
        Some("https://kabardewata.example/imunisasi")
    );
    // The decision survived matching again.
    let market_cov = w.monitoring.coverage(by, market, &unit).await.unwrap();
    assert_eq!(market_cov.pickups[0].state, MatchState::Confirmed);
    // And it is what tunes the threshold.
    let report = w.monitoring.threshold_report().await.unwrap();
    assert!(
        report
            .rows
            .iter()
            .any(|r| r.threshold > waiting.score && r.left_for_review == 1)
    );
    assert_eq!((report.confirmed, report.rejected), (1, 0));
    assert_eq!(report.suggested_credit, None, "one decision is no evidence");
}
