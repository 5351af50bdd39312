//! The index's story: writing, the change-feed position, and every part of a query.

use std::sync::LazyLock;

use proptest::prelude::*;
use sinergi_domain::Level;
use sinergi_text::{AnalyzerConfig, StemmerKind};

use crate::{Coverage, DocKind, Error, Query, SearchDoc, SearchIndex, Sort, Viewer, Visibility};

const SECOND: i64 = 1_000_000;
/// 2026-01-01T00:00:00Z in microseconds.
const T0: i64 = 1_767_225_600 * SECOND;

fn doc(id: &str, kind: DocKind, title: &str, body: &str, unit: &str) -> SearchDoc {
    let mut d = SearchDoc::new(id, kind, title, body, unit);
    d.province = unit.split('.').next().map(str::to_owned);
    d.level = Some(match unit.split('.').count() {
        1 => Level::Province,
        2 => Level::Regency,
        3 => Level::District,
        _ => Level::Village,
    });
    d
}

/// A small index of releases, units and achievements in Bali (51) and NTB (52).
fn sample() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    let mut docs = vec![
        doc(
            "release:1",
            DocKind::Release,
            "Pembangunan jalan desa di Denpasar",
            "Pemerintah Kota Denpasar membangun jalan desa sepanjang 3 km.",
            "51.71",
        ),
        doc(
            "release:2",
            DocKind::Release,
            "Inovasi pelayanan publik",
            "Pelayanan yang cepat untuk warga Mataram berkat aplikasi baru.",
            "52.71",
        ),
        doc(
            "release:3",
            DocKind::Release,
            "Warga mengeluh",
            "Pelayanan cepat tidak terasa; pelayanan publik masih lambat, kata warga.",
            "52.71.01",
        ),
        doc(
            "unit:51.71",
            DocKind::Unit,
            "Kota Denpasar",
            "Humas Pemerintah Kota Denpasar",
            "51.71",
        ),
        doc(
            "achievement:9",
            DocKind::Achievement,
            "Desa wisata terbaik",
            "Desa Penglipuran meraih penghargaan desa wisata & kebersihan <terbaik>.",
            "51.06.01.2001",
        ),
    ];
    docs[0].published_at = Some(T0);
    docs[1].published_at = Some(T0 + 10 * SECOND);
    docs[1].tags = vec!["Reformasi Birokrasi".into()];
    docs[1].campaigns = vec!["campaign:7".into()];
    docs[2].published_at = Some(T0 + 20 * SECOND);
    docs[4].published_at = Some(T0 - 10 * SECOND);
    docs[4].tags = vec!["wisata".into()];
    for d in &docs {
        w.upsert(d).unwrap();
    }
    w.commit(42).unwrap();
    index
}

static SAMPLE: LazyLock<SearchIndex> = LazyLock::new(sample);

fn ids(index: &SearchIndex, query: &Query) -> Vec<String> {
    index
        .search(query)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn q(text: &str) -> Query {
    Query::text(text, T0)
}

#[test]
fn stemmed_terms_meet_inflected_forms() {
    assert_eq!(ids(&SAMPLE, &q("membangun")), ["release:1"]);
    assert_eq!(ids(&SAMPLE, &q("pembangunan")), ["release:1"]);
    assert_eq!(ids(&SAMPLE, &q("DIBANGUN")), ["release:1"]);
}

#[test]
fn title_counts_more_than_body() {
    // "inovasi pelayanan publik" (title) beats two mentions in the body of release:3.
    let got = ids(&SAMPLE, &q("pelayanan publik"));
    assert_eq!(got, ["release:2", "release:3"]);
    let got = ids(&SAMPLE, &q("denpasar"));
    assert_eq!(got[0], "unit:51.71");
    assert_eq!(got.len(), 2);
}

#[test]
fn phrases_keep_stop_word_positions() {
    assert_eq!(ids(&SAMPLE, &q("\"pelayanan yang cepat\"")), ["release:2"]);
    assert_eq!(ids(&SAMPLE, &q("\"pelayanan cepat\"")), ["release:3"]);
    assert_eq!(
        ids(&SAMPLE, &q("\"cepat pelayanan\"")),
        Vec::<String>::new()
    );
    // Unbalanced quote: a phrase to the end.
    assert_eq!(ids(&SAMPLE, &q("\"pelayanan cepat")), ["release:3"]);
}

#[test]
fn negation_and_relaxation() {
    assert_eq!(ids(&SAMPLE, &q("pelayanan -mataram")), ["release:3"]);
    assert_eq!(
        ids(&SAMPLE, &q("pelayanan -\"aplikasi baru\"")),
        ["release:3"]
    );
    let strict = SAMPLE.search(&q("pelayanan publik")).unwrap();
    assert!(!strict.relaxed);
    let relaxed = SAMPLE.search(&q("pembangunan zzyzx")).unwrap();
    assert!(relaxed.relaxed);
    assert_eq!(relaxed.hits[0].id, "release:1");
}

#[test]
fn prefix_search_for_names() {
    let mut query = q("kota denpa");
    assert!(ids(&SAMPLE, &query).is_empty() || SAMPLE.search(&query).unwrap().relaxed);
    query.complete = true;
    let got = ids(&SAMPLE, &query);
    assert_eq!(got[0], "unit:51.71");
    query.text = "penglip".into();
    assert!(ids(&SAMPLE, &query).is_empty(), "only titles complete");
    query.text = "desa wis".into();
    assert_eq!(ids(&SAMPLE, &query), ["achievement:9"]);
}

#[test]
fn filters() {
    let base = q("");
    let run = |f: &dyn Fn(&mut Query)| {
        let mut query = base.clone();
        f(&mut query);
        let mut got = ids(&SAMPLE, &query);
        got.sort();
        got
    };
    assert_eq!(run(&|_| {}).len(), 5);
    assert_eq!(
        run(&|q| q.kinds = vec![DocKind::Unit, DocKind::Achievement]),
        ["achievement:9", "unit:51.71"]
    );
    assert_eq!(run(&|q| q.levels = vec![Level::District]), ["release:3"]);
    assert_eq!(
        run(&|q| q.province = Some("52".into())),
        ["release:2", "release:3"]
    );
    assert_eq!(
        run(&|q| q.within = Some("52.71".into())),
        ["release:2", "release:3"]
    );
    assert_eq!(run(&|q| q.within = Some("52.71.01".into())), ["release:3"]);
    assert_eq!(
        run(&|q| q.within = Some("51".into())),
        ["achievement:9", "release:1", "unit:51.71"]
    );
    assert!(
        run(&|q| q.within = Some("5".into())).is_empty(),
        "a prefix of a code is not a parent"
    );
    assert_eq!(
        run(&|q| q.tags = vec!["reformasi birokrasi".into()]),
        ["release:2"]
    );
    assert_eq!(
        run(&|q| q.campaign = Some("campaign:7".into())),
        ["release:2"]
    );
    assert_eq!(
        run(&|q| {
            q.from = Some(T0);
            q.until = Some(T0 + 20 * SECOND);
        }),
        ["release:1", "release:2"]
    );
    assert_eq!(
        run(&|q| q.from = Some(T0 + SECOND)),
        ["release:2", "release:3"]
    );
}

#[test]
fn facets_count_all_matches() {
    let mut query = q("desa");
    query.limit = 1;
    let results = SAMPLE.search(&query).unwrap();
    assert_eq!(results.total, 2);
    assert_eq!(results.hits.len(), 1);
    assert_eq!(
        results.facets.kinds,
        [(DocKind::Release, 1), (DocKind::Achievement, 1)]
    );
    assert_eq!(
        results.facets.levels,
        [(Level::Regency, 1), (Level::Village, 1)]
    );
}

#[test]
fn newest_first_and_paging() {
    let mut query = q("");
    query.kinds = vec![DocKind::Release];
    query.sort = Sort::Newest;
    assert_eq!(
        ids(&SAMPLE, &query),
        ["release:3", "release:2", "release:1"]
    );
    query.limit = 1;
    query.offset = 1;
    assert_eq!(ids(&SAMPLE, &query), ["release:2"]);
    query.offset = usize::MAX;
    query.limit = usize::MAX;
    let results = SAMPLE.search(&query).unwrap();
    assert!(results.hits.is_empty());
    assert_eq!(results.total, 3);
}

#[test]
fn snippets_are_escaped_and_marked() {
    let results = SAMPLE.search(&q("penghargaan wisata")).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.id, "achievement:9");
    assert_eq!(hit.title_html, "Desa <mark>wisata</mark> terbaik");
    assert!(
        hit.snippet_html.contains(
            "<mark>penghargaan</mark> desa <mark>wisata</mark> &amp; kebersihan &lt;terbaik"
        ),
        "{}",
        hit.snippet_html
    );
    assert_eq!(hit.kind, DocKind::Achievement);
    assert_eq!(hit.level, Some(Level::Village));
    assert!(hit.score > 0.0);
    // Without text: the start of the body, escaped.
    let mut query = q("");
    query.kinds = vec![DocKind::Achievement];
    let hit = &SAMPLE.search(&query).unwrap().hits[0];
    assert!(
        hit.snippet_html.ends_with("&lt;terbaik&gt;."),
        "{}",
        hit.snippet_html
    );
}

fn scoped_index(visibility: Visibility) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    let mut d = doc(
        "release:5",
        DocKind::Release,
        "Rapat koordinasi humas",
        "Agenda rapat.",
        "51.71.01",
    );
    d.visibility = visibility;
    w.upsert(&d).unwrap();
    w.commit(1).unwrap();
    index
}

#[test]
fn internal_documents_only_within_scope() {
    let index = scoped_index(Visibility::Internal);
    let mut query = q("rapat");
    assert!(
        ids(&index, &query).is_empty(),
        "the public sees no internal work"
    );
    for (codes, seen) in [
        (vec!["51"], true),
        (vec!["51.71.01"], true),
        (vec!["52", "51.71"], true),
        (vec!["51.71.02"], false),
        (vec!["52"], false),
        (vec![""], false),
        (vec![], false),
    ] {
        query.viewer = Viewer::internal_subtrees(codes.iter().copied());
        assert_eq!(ids(&index, &query).len(), usize::from(seen), "{codes:?}");
    }
}

#[test]
fn nothing_embargoed_appears_early() {
    let until = T0 + 3600 * SECOND;
    let index = scoped_index(Visibility::Embargoed { until });
    for viewer in [Viewer::public(), Viewer::internal_subtrees(["51"])] {
        let mut query = Query::text("rapat", until - SECOND);
        query.viewer = viewer.clone();
        assert!(
            ids(&index, &query).is_empty(),
            "one second early, {viewer:?}"
        );
        let mut browse = query.clone();
        browse.text.clear();
        assert_eq!(index.search(&browse).unwrap().total, 0, "browsing early");
        query.now = until;
        assert_eq!(
            ids(&index, &query),
            ["release:5"],
            "at the embargo time, {viewer:?}"
        );
    }
}

#[test]
fn a_scheduled_document_is_internal_until_its_time_with_no_early_press_access() {
    let at = T0 + 3600 * SECOND;
    let index = scoped_index(Visibility::Scheduled { at });
    let press = Viewer {
        early: Coverage::subtrees(["51"]),
        ..Viewer::public()
    };
    let mut query = Query::text("rapat", at - SECOND);
    for (viewer, seen) in [
        (Viewer::public(), false),
        (press.clone(), false),
        (Viewer::internal_subtrees(["51"]), true),
        (Viewer::internal_subtrees(["52"]), false),
    ] {
        query.viewer = viewer.clone();
        assert_eq!(
            ids(&index, &query).len(),
            usize::from(seen),
            "early, {viewer:?}"
        );
    }
    query.now = at;
    for viewer in [Viewer::public(), press] {
        query.viewer = viewer;
        assert_eq!(ids(&index, &query), ["release:5"]);
    }
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let index = SearchIndex::in_memory().unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    let mut d = doc("release:1", DocKind::Release, "Judul lama", "isi", "51");
    w.upsert(&d).unwrap();
    w.upsert(&d).unwrap();
    w.commit(1).unwrap();
    assert_eq!(index.num_docs(), 1);
    d.title = "Judul baru".into();
    w.upsert(&d).unwrap();
    w.commit(2).unwrap();
    assert_eq!(index.num_docs(), 1);
    assert!(ids(&index, &q("lama")).is_empty());
    assert_eq!(ids(&index, &q("baru")), ["release:1"]);
    w.delete("release:1");
    w.upsert(&doc("release:2", DocKind::Release, "Lain", "isi", "51"))
        .unwrap();
    w.commit(3).unwrap();
    assert_eq!(ids(&index, &q("isi")), ["release:2"]);
    assert_eq!(index.last_applied_seq().unwrap(), Some(3));
    // Uncommitted changes are invisible and can be dropped.
    w.delete("release:2");
    w.rollback().unwrap();
    w.commit(4).unwrap();
    assert_eq!(ids(&index, &q("isi")), ["release:2"]);
}

#[test]
fn change_feed_position_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(index.last_applied_seq().unwrap(), None);
        let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
        w.upsert(&doc("unit:51", DocKind::Unit, "Provinsi Bali", "", "51"))
            .unwrap();
        w.commit(17).unwrap();
        // Written after the commit, never committed: lost, as after kill -9.
        w.upsert(&doc("unit:52", DocKind::Unit, "Provinsi NTB", "", "52"))
            .unwrap();
        drop(w);
    }
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(index.last_applied_seq().unwrap(), Some(17));
    assert_eq!(index.num_docs(), 1);
    assert_eq!(ids(&index, &q("bali")), ["unit:51"]);
    let other = SearchIndex::open_or_create_with(
        dir.path(),
        AnalyzerConfig {
            stemmer: StemmerKind::Snowball,
            remove_stop_words: true,
        },
    );
    assert!(matches!(other, Err(Error::StemmerMismatch { .. })));
}

#[test]
fn snowball_index_works_too() {
    let index = SearchIndex::in_memory_with(AnalyzerConfig {
        stemmer: StemmerKind::Snowball,
        remove_stop_words: true,
    })
    .unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    w.upsert(&doc(
        "r:1",
        DocKind::Release,
        "Pembangunan jembatan",
        "",
        "51",
    ))
    .unwrap();
    w.commit(1).unwrap();
    assert_eq!(ids(&index, &q("membangun")), ["r:1"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text_searches_without_error(text in "\\PC{0,60}", complete: bool) {
        let mut query = q(&text);
        query.complete = complete;
        prop_assert!(SAMPLE.search(&query).is_ok());
    }

    #[test]
    fn operator_soup_searches_without_error(text in "[\"+\\-*():^~ a-zA-Z0-9é&|!\\[\\]{}]{0,50}") {
        prop_assert!(SAMPLE.search(&q(&text)).is_ok());
    }
}

/// One document of each visibility in Denpasar Selatan (51.71.01), one internal in
/// Denpasar city itself (51.71), one in NTB (52.71).
fn visibility_index(until: i64) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    for (id, unit, visibility) in [
        ("release:public", "51.71.01", Visibility::Public),
        ("release:internal", "51.71.01", Visibility::Internal),
        (
            "release:embargoed",
            "51.71.01",
            Visibility::Embargoed { until },
        ),
        ("release:city", "51.71", Visibility::Internal),
        ("release:ntb", "52.71", Visibility::Internal),
        (
            "release:ntb-embargoed",
            "52.71",
            Visibility::Embargoed { until },
        ),
    ] {
        let mut d = doc(id, DocKind::Release, "Rapat koordinasi", "Agenda.", unit);
        d.visibility = visibility;
        w.upsert(&d).unwrap();
    }
    w.commit(1).unwrap();
    index
}

fn seen(index: &SearchIndex, viewer: &Viewer, now: i64) -> Vec<String> {
    let mut query = Query::text("rapat", now);
    query.viewer = viewer.clone();
    query.limit = 100;
    let mut found = ids(index, &query);
    found.sort();
    // Browsing without words sees exactly the same documents.
    let mut browse = query.clone();
    browse.text.clear();
    assert_eq!(
        index.search(&browse).unwrap().total,
        found.len(),
        "{viewer:?}"
    );
    found
}

#[test]
fn reaches_decide_which_internal_work_is_seen() {
    let until = T0 + 3600 * SECOND;
    let index = visibility_index(until);
    let before = until - SECOND;
    let unit_only = Viewer {
        internal: Coverage {
            units: vec!["51.71".into()],
            ..Coverage::default()
        },
        early: Coverage::default(),
    };
    assert_eq!(
        seen(&index, &unit_only, before),
        ["release:city", "release:public"],
        "a unit-only membership does not reach the units below"
    );
    assert_eq!(
        seen(&index, &Viewer::internal_subtrees(["51.71"]), before),
        ["release:city", "release:internal", "release:public"],
        "a subtree membership does"
    );
    let network = Viewer {
        internal: Coverage {
            everything: true,
            ..Coverage::default()
        },
        early: Coverage::default(),
    };
    assert_eq!(
        seen(&index, &network, before),
        [
            "release:city",
            "release:internal",
            "release:ntb",
            "release:public"
        ],
        "a network membership sees all internal work, but nothing embargoed early"
    );
    assert_eq!(seen(&index, &Viewer::public(), before), ["release:public"]);
    assert!(Viewer::public().is_public());
    assert!(
        Viewer {
            internal: Coverage {
                units: vec![" ".into()],
                subtrees: vec![String::new()],
                everything: false
            },
            early: Coverage::default()
        }
        .is_public(),
        "blank codes cover nothing"
    );
}

#[test]
fn accredited_journalists_see_embargoed_work_of_their_units_early() {
    let until = T0 + 3600 * SECOND;
    let index = visibility_index(until);
    let journalist = |coverage: Coverage| Viewer {
        internal: Coverage::default(),
        early: coverage,
    };
    let subtree = journalist(Coverage::subtrees(["51.71"]));
    let unit_only = journalist(Coverage {
        units: vec!["51.71".into()],
        ..Coverage::default()
    });
    for now in [T0 - 3600 * SECOND, until - 1] {
        assert_eq!(
            seen(&index, &subtree, now),
            ["release:embargoed", "release:public"],
            "early within the accreditation, never internal work"
        );
        assert_eq!(
            seen(&index, &unit_only, now),
            ["release:public"],
            "a unit accreditation does not reach the district below"
        );
        assert_eq!(seen(&index, &Viewer::public(), now), ["release:public"]);
    }
    // At the embargo time everyone sees both embargoed releases, and the journalist no
    // more than the public.
    let everyone = [
        "release:embargoed",
        "release:ntb-embargoed",
        "release:public",
    ];
    assert_eq!(seen(&index, &Viewer::public(), until), everyone);
    assert_eq!(seen(&index, &subtree, until), everyone);
    assert_eq!(seen(&index, &unit_only, until), everyone);
}

#[test]
fn ids_are_counted_and_listed() {
    let mut only = q("");
    only.unit = Some("51.71".into());
    let mut found = ids(&sample(), &only);
    found.sort();
    assert_eq!(
        found,
        ["release:1", "unit:51.71"],
        "exactly one unit, not below"
    );
    let index = sample();
    assert_eq!(index.count_id("release:1").unwrap(), 1);
    assert_eq!(index.count_id("release:404").unwrap(), 0);
    let mut all = index.all_ids().unwrap();
    all.sort();
    assert_eq!(
        all,
        [
            "achievement:9",
            "release:1",
            "release:2",
            "release:3",
            "unit:51.71"
        ]
    );
}
