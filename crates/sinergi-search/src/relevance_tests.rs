//! One regression test per failure class of issue 17 (compounds, stems that merge
//! meanings, nearness of the words, abbreviations), each on a small fixture and each
//! showing that the failure comes back without the feature that fixes it.

use crate::synonyms::Synonyms;
use crate::{Coverage, DocKind, Query, Scoring, SearchDoc, SearchIndex, Viewer, Visibility};

fn index_of(docs: &[(&str, &str, &str)]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    for (id, title, body) in docs {
        w.upsert(&SearchDoc::new(*id, DocKind::Release, *title, *body, "51"))
            .unwrap();
    }
    w.commit(1).unwrap();
    index
}

fn ids(index: &SearchIndex, text: &str) -> Vec<String> {
    index
        .search(&Query::text(text, 0))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn compounds_match_however_they_are_written() {
    let index = index_of(&[
        (
            "a",
            "Blangko e-KTP habis",
            "Warga menunggu blangko e-KTP di Disdukcapil.",
        ),
        (
            "b",
            "Pengadaan e ktp diperiksa",
            "Judul dari alamat berita: huruf kecil.",
        ),
        (
            "c",
            "Rekam eKTP di kecamatan",
            "Perekaman eKTP dibuka hari Sabtu.",
        ),
        (
            "d",
            "KTP hilang",
            "Warga yang kehilangan KTP cukup membawa surat polisi.",
        ),
        ("e", "Kasus Covid-19 turun", "Angka Covid-19 di Bali turun."),
        ("f", "Vaksin covid 19", "Vaksin covid 19 tiba."),
    ]);
    assert_eq!(sorted(ids(&index, "e-KTP")), ["a", "b", "c"]);
    assert_eq!(sorted(ids(&index, "ektp")), ["a", "c"]);
    // The parts are indexed too.
    assert_eq!(sorted(ids(&index, "ktp")), ["a", "b", "d"]);
    assert_eq!(sorted(ids(&index, "covid-19")), ["e", "f"]);
    assert_eq!(sorted(ids(&index, "covid")), ["e", "f"]);
}

#[test]
fn the_exact_form_outweighs_a_stem_shared_by_another_meaning() {
    // "pembunuhan" (murder) and "bunuh diri" (suicide) share the stem "bunuh".
    let index = index_of(&[
        (
            "suicide",
            "Bunuh diri di jembatan",
            "Polisi menyelidiki kasus bunuh diri. Upaya bunuh diri dicegah warga.",
        ),
        (
            "murder",
            "Polisi menangkap tersangka pembunuhan pedagang di pasar",
            "Tersangka pembunuhan ditangkap di rumahnya setelah buron dua pekan lamanya \
             menurut keterangan kepolisian resor setempat kepada wartawan hari ini.",
        ),
    ]);
    assert_eq!(ids(&index, "pembunuhan")[0], "murder");
    let stem_only = index.clone().with_scoring(Scoring {
        exact: 0.0,
        ..Scoring::default()
    });
    assert_eq!(ids(&stem_only, "pembunuhan")[0], "suicide");
}

#[test]
fn words_standing_together_rank_first() {
    let index = index_of(&[
        (
            "apart",
            "Pedagang mengeluh",
            "Pedagang sayur dan pedagang ikan mengeluh. Lima hari hujan. Kaki bukit longsor.",
        ),
        (
            "together",
            "Penertiban di alun-alun",
            "Satpol PP menertibkan pedagang kaki lima di alun-alun kota pada pagi hari, \
             setelah warga melapor trotoar penuh lapak sejak pekan lalu.",
        ),
    ]);
    assert_eq!(ids(&index, "pedagang kaki lima")[0], "together");
    let no_proximity = index.clone().with_scoring(Scoring {
        proximity: 0.0,
        ..Scoring::default()
    });
    assert_eq!(ids(&no_proximity, "pedagang kaki lima")[0], "apart");
}

#[test]
fn abbreviations_and_expansions_find_each_other() {
    let index = index_of(&[
        (
            "long",
            "Pemerintah Provinsi Bali menggelar rapat",
            "Rapat anggaran.",
        ),
        ("short", "Pemprov NTB menggelar rapat", "Rapat anggaran."),
        ("other", "Rapat warga desa", "Rapat anggaran desa."),
    ]);
    assert_eq!(sorted(ids(&index, "pemprov rapat")), ["long", "short"]);
    assert_eq!(
        sorted(ids(&index, "pemerintah provinsi")),
        ["long", "short"]
    );
    // The words typed weigh more than a synonym.
    assert_eq!(ids(&index, "pemprov")[0], "short");
    assert_eq!(ids(&index, "pemerintah provinsi")[0], "long");
    let without = index.clone().with_synonyms(Synonyms::none());
    assert_eq!(ids(&without, "pemprov"), ["short"]);
}

#[test]
fn a_long_expansion_counts_as_the_one_word_it_replaces() {
    // A phrase scores the sum of its terms: unscaled, five words of the expansion in a
    // body outweighed the acronym in a title (set 4's "klhk", bench/search/README.md).
    let index = index_of(&[
        (
            "title",
            "KLHK resmikan wahana ozon di taman",
            "Wahana edukasi dibuka untuk pelajar pada hari Minggu.",
        ),
        (
            "body",
            "Lahan konsesi diambil alih pemerintah",
            "Kementerian Lingkungan Hidup dan Kehutanan mencabut izin. Menurut Kementerian \
             Lingkungan Hidup dan Kehutanan, lahan itu terbakar dua kali.",
        ),
    ]);
    assert_eq!(ids(&index, "klhk"), ["title", "body"]);
}

#[test]
fn synonyms_do_not_widen_the_scope() {
    let index = SearchIndex::in_memory().unwrap();
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    let mut internal = SearchDoc::new("internal", DocKind::Release, "Pemprov rapat", "", "52");
    internal.visibility = Visibility::Internal;
    let mut embargoed = SearchDoc::new("embargoed", DocKind::Release, "Pemprov rapat", "", "51");
    embargoed.visibility = Visibility::Embargoed { until: 100 };
    w.upsert(&internal).unwrap();
    w.upsert(&embargoed).unwrap();
    w.upsert(&SearchDoc::new(
        "public",
        DocKind::Release,
        "Pemerintah provinsi rapat",
        "",
        "51",
    ))
    .unwrap();
    w.commit(1).unwrap();
    let mut q = Query::text("pemerintah provinsi", 50);
    assert_eq!(ids_of(&index, &q), ["public"]);
    q.viewer = Viewer::internal_subtrees(["51"]);
    assert_eq!(ids_of(&index, &q), ["public"]);
    q.viewer = Viewer {
        internal: Coverage::subtrees(["52"]),
        early: Coverage::default(),
    };
    assert_eq!(sorted(ids_of(&index, &q)), ["internal", "public"]);
    q.viewer = Viewer::public();
    q.now = 100;
    assert_eq!(sorted(ids_of(&index, &q)), ["embargoed", "public"]);
}

fn ids_of(index: &SearchIndex, q: &Query) -> Vec<String> {
    index
        .search(q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn an_index_of_another_analysis_version_is_emptied_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    {
        let index = SearchIndex::open_or_create(&index_dir).unwrap();
        let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
        w.upsert(&SearchDoc::new("r:1", DocKind::Release, "Desa", "", "51"))
            .unwrap();
        w.commit(9).unwrap();
    }
    // Reopened at the same version: kept.
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    assert_eq!(
        (index.num_docs(), index.last_applied_seq().unwrap()),
        (1, Some(9))
    );
    drop(index);
    // Written by an older Sinergi (no version, as before version 2).
    {
        let raw = tantivy::Index::open_in_dir(&index_dir).unwrap();
        let mut writer: tantivy::IndexWriter = raw.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload("last_change_seq=9;stemmer=sastrawi");
        prepared.commit().unwrap();
    }
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    assert_eq!(index.num_docs(), 0);
    assert_eq!(index.last_applied_seq().unwrap(), None);
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    w.upsert(&SearchDoc::new("r:1", DocKind::Release, "Desa", "", "51"))
        .unwrap();
    w.commit(10).unwrap();
    drop(w);
    drop(index);
    let index = SearchIndex::open_or_create(&index_dir).unwrap();
    assert_eq!(
        (index.num_docs(), index.last_applied_seq().unwrap()),
        (1, Some(10))
    );
}

#[test]
fn the_administrators_synonyms_are_read_from_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(crate::synonyms::FILE_NAME),
        "diskominfo = dinas komunikasi dan informatika\nnot a pair\n",
    )
    .unwrap();
    let index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    assert_eq!(index.synonym_problems().len(), 1);
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    w.upsert(&SearchDoc::new(
        "r:1",
        DocKind::Release,
        "Dinas Komunikasi dan Informatika membuka layanan",
        "",
        "51",
    ))
    .unwrap();
    w.commit(1).unwrap();
    assert_eq!(ids(&index, "diskominfo"), ["r:1"]);
}
