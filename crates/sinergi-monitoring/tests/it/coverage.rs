//! Phase 3 of monitoring on a real database: syndicated copies grouped
//! (same text, near-identical text, same canonical address) and counted
//! once with each outlet shown; mentions of a unit in articles that match
//! no release, internal to the unit; coverage on the unit's level; the
//! threshold report from decisions.

use sinergi_domain::UnitCode;
use sinergi_domain::access::Principal;
use sinergi_monitoring::NewArticle;
use sinergi_monitoring::import::parse_line;
use sinergi_monitoring::text::{simhash, text_hash};
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
async fn syndicated_copies_count_once_and_mentions_stay_apart() {
    let w = world().await;
    let by = &w.bali_editor;
    let bridge = release("51.71", "Jembatan gantung Tukad Badung diresmikan")
        .lead(BRIDGE_LEAD)
        .body(BRIDGE_BODY)
        .published(&w.newsroom, by)
        .await;
    let story = format!("{BRIDGE_LEAD} {}", BRIDGE_BODY.replace("\n\n", " "));
    // The agency's copy: a dateline, a credit line, one detail changed.
    let wire = format!(
        "DENPASAR (ANTARA) - {} (ANTARA/Redaksi)",
        story.replace("Rabu pagi", "Rabu (2/12) pagi")
    );
    let mention = "Pemerintah Kota Denpasar mengimbau warga membersihkan saluran air \
        menjelang musim hujan. Imbauan itu disampaikan lewat pengeras suara di setiap banjar \
        dan media sosial kelurahan, dengan ajakan kerja bakti setiap Minggu pagi.";
    let lines = [
        line(
            "k1",
            "Kabar Dewata",
            "https://kabardewata.example/jembatan",
            TEST_NOW + HOUR,
            "Jembatan baru",
            &story,
        ),
        line(
            "w1",
            "Antara Bali",
            "https://bali.antara.example/berita/1",
            TEST_NOW + 2 * HOUR,
            "Jembatan Tukad Badung",
            &wire,
        ),
        line(
            "m1",
            "Warta Bali",
            "https://wartabali.example/saluran",
            TEST_NOW + HOUR,
            "Saluran air",
            mention,
        ),
    ];
    let mut articles: Vec<NewArticle> = lines
        .iter()
        .map(|l| parse_line(l, TEST_NOW).unwrap())
        .collect();
    // A third outlet whose page names the agency's story canonical, with
    // a text of its own (a summary): grouped by the canonical address.
    let summary = "Jembatan gantung di Denpasar resmi dibuka untuk warga dua banjar.";
    articles.push(NewArticle {
        key: "https://suarabali.example/jembatan".into(),
        outlet: "Suara Bali".into(),
        url: Some("https://suarabali.example/jembatan".into()),
        canonical_url: Some("https://bali.antara.example/berita/1".into()),
        title: "Jembatan dibuka".into(),
        published_at: TEST_NOW + 3 * HOUR,
        body: summary.into(),
        text_hash: text_hash(summary),
        simhash: simhash(summary),
        text_from: "page".into(),
        ..Default::default()
    });
    let ids = w.monitoring.add_articles(&articles).await.unwrap();
    assert_eq!(ids.len(), 4);
    let rows = futures_rows(&w, &ids).await;
    assert!(
        (rows[0].simhash.unwrap() ^ rows[1].simhash.unwrap()).count_ones()
            <= sinergi_store::monitor::NEAR_BITS
    );
    assert_eq!(
        rows[1].group_id, rows[0].group_id,
        "the wire copy is grouped"
    );
    assert_eq!(
        rows[3].group_id, rows[0].group_id,
        "the canonical address groups the third outlet"
    );
    assert_ne!(rows[2].group_id, rows[0].group_id);
    assert_eq!(rows[3].text_from, "page");

    w.clock.set(TEST_NOW + 4 * HOUR);
    let report = w.monitoring.match_waiting(&|_| {}).await.unwrap();
    assert_eq!(report.articles, 4);
    assert!(report.mentions >= 1, "{report:?}");
    let unit = UnitCode::parse("51.71").unwrap();
    let coverage = w.monitoring.coverage(by, bridge, &unit).await.unwrap();
    assert_eq!(coverage.pickups.len(), 2, "{coverage:?}");
    assert_eq!(coverage.outlets, 2);
    assert_eq!(coverage.stories, 1, "one story, two outlets");

    // The unit's coverage: the same pickups (public), and the mention for
    // its own readers only.
    let public = w
        .monitoring
        .unit_coverage(&Principal::public(), &unit, false)
        .await
        .unwrap();
    assert_eq!(public.pickups.len(), 2);
    assert_eq!(public.stories, 1);
    assert!(public.mentions.is_empty(), "mentions are internal");
    let own = w
        .monitoring
        .unit_coverage(&w.denpasar_viewer, &unit, false)
        .await
        .unwrap();
    let names: Vec<_> = own.mentions.iter().map(|m| m.term.as_str()).collect();
    assert_eq!(names, ["Kota Denpasar"], "{:?}", own.mentions);
    assert_eq!(own.mentions[0].outlet, "Warta Bali");
    // The province's hub sees its subtree's coverage.
    let province = w
        .monitoring
        .unit_coverage(by, &UnitCode::parse("51").unwrap(), true)
        .await
        .unwrap();
    assert_eq!(province.pickups.len(), 2);
    assert_eq!(province.mentions.len(), 1);
    // Another province's officer sees none of Bali's mentions on the desk.
    assert!(
        w.monitoring
            .mentions(&w.surabaya_editor, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(w.monitoring.mentions(by, 10).await.unwrap().len(), 1);
    // A pickup is never also a mention.
    assert!(
        own.mentions
            .iter()
            .all(|m| m.article_id != rows[0].id.get())
    );
}

async fn futures_rows(
    w: &World,
    ids: &[sinergi_domain::ArticleId],
) -> Vec<sinergi_monitoring::ArticleRecord> {
    let mut out = Vec::new();
    for id in ids {
        out.push(w.db.store.article(*id).await.unwrap());
    }
    out
}
