//! The newsroom scenario `sinergi demo` seeds: the real KemenPANRB release
//! from the Denpasar workshop, published by Biro HKIP, and achievements and
//! innovations for the 13 eastern provinces whose Humas attended it and for
//! East Java, some published, some left in the publication gap, one waiting
//! for review and one under embargo. The register entries are examples
//! written for the demo, not records of real events.

use sinergi_domain::newsroom::{DAY_MICROS, InnovationStage, ItemKind, ReleaseState};
use sinergi_domain::{ItemId, ReleaseId, UnitCode};
use sinergi_newsroom::slugify;
use sinergi_store::Store;
use sinergi_store::newsroom::{ItemDraft, ReleaseContent, ReleaseQuery, Transition};

/// The release, one paragraph a line, as published.
const KEMENPANRB_RELEASE: &str =
    include_str!("../../../data/releases/menpanrb-humas-lompatan-kinerja.txt");

const HOUR: i64 = 3_600_000_000;

/// (unit, kind, title, description, category, days ago recorded, published
/// after this many days or never)
type Entry = (
    &'static str,
    ItemKind,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
);

const A: ItemKind = ItemKind::Achievement;
const I: ItemKind = ItemKind::Innovation;

const ENTRIES: &[Entry] = &[
    (
        "51",
        A,
        "Contoh: Indeks kepuasan layanan Samsat Bali naik",
        "Survei triwulan menunjukkan kenaikan kepuasan masyarakat atas layanan Samsat keliling dan Samsat daring.",
        "public-service",
        40,
        Some(3),
    ),
    (
        "51.71",
        I,
        "Contoh: Perizinan daring satu pintu Kota Denpasar",
        "Pemohon mengurus izin usaha mikro dari ponsel, tanpa datang ke kantor.",
        "public-service",
        30,
        None,
    ),
    (
        "51.71",
        A,
        "Contoh: Mal Pelayanan Publik Denpasar melayani 150 jenis layanan",
        "Layanan dari instansi pusat, provinsi dan kota dalam satu gedung.",
        "public-service",
        18,
        None,
    ),
    (
        "52",
        A,
        "Contoh: Penurunan angka stunting di Nusa Tenggara Barat",
        "Pendampingan keluarga berisiko stunting di desa-desa prioritas.",
        "health",
        55,
        None,
    ),
    (
        "53",
        I,
        "Contoh: Ambulans desa berbasis relawan di NTT",
        "Kendaraan warga siaga mengantar ibu hamil ke puskesmas.",
        "health",
        60,
        Some(10),
    ),
    (
        "71",
        A,
        "Contoh: Sulawesi Utara perluas jaringan internet desa",
        "Titik akses internet di kantor desa dan sekolah di daerah terpencil.",
        "digital",
        35,
        None,
    ),
    (
        "72",
        I,
        "Contoh: Sistem peringatan dini banjir di Sulawesi Tengah",
        "Sensor ketinggian air sungai mengirim pesan singkat ke warga bantaran.",
        "environment",
        45,
        None,
    ),
    (
        "73",
        A,
        "Contoh: Sulawesi Selatan percepat sertifikasi guru",
        "Pelatihan daring untuk guru di kabupaten kepulauan.",
        "education",
        28,
        Some(2),
    ),
    (
        "74",
        I,
        "Contoh: Pasar ikan higienis di Sulawesi Tenggara",
        "Pengelolaan pasar bersama koperasi nelayan.",
        "economy",
        50,
        None,
    ),
    (
        "75",
        A,
        "Contoh: Gorontalo raih opini WTP lima tahun berturut-turut",
        "Laporan keuangan daerah dinilai wajar tanpa pengecualian.",
        "governance",
        70,
        Some(5),
    ),
    (
        "76",
        I,
        "Contoh: Layanan adminduk jemput bola di Sulawesi Barat",
        "Petugas mendatangi desa untuk perekaman KTP elektronik dan akta kelahiran.",
        "public-service",
        33,
        None,
    ),
    (
        "81",
        A,
        "Contoh: Maluku tingkatkan produksi rumput laut",
        "Bantuan bibit dan pelatihan bagi kelompok pembudidaya.",
        "economy",
        64,
        None,
    ),
    (
        "82",
        I,
        "Contoh: Sekolah terapung di Maluku Utara",
        "Kapal kelas untuk anak-anak di pulau kecil tanpa sekolah menengah.",
        "education",
        42,
        None,
    ),
    (
        "91",
        A,
        "Contoh: Papua perluas layanan kesehatan bergerak",
        "Tim dokter keliling menjangkau kampung di pegunungan.",
        "health",
        80,
        Some(12),
    ),
    (
        "92",
        I,
        "Contoh: Pemetaan partisipatif tanah adat di Papua Barat",
        "Masyarakat adat memetakan wilayahnya bersama pemerintah daerah.",
        "governance",
        38,
        None,
    ),
    (
        "35",
        A,
        "Contoh: Jawa Timur gelar workshop humas kabupaten/kota",
        "Humas Pemprov Jatim meneruskan materi workshop sinergi kampanye kepada humas pemkab dan pemkot.",
        "governance",
        25,
        Some(1),
    ),
    (
        "35.78",
        I,
        "Contoh: Layanan kesehatan daring warga Surabaya",
        "Warga mendaftar puskesmas dan rumah sakit daerah dari aplikasi.",
        "health",
        48,
        Some(4),
    ),
    (
        "35.78",
        A,
        "Contoh: Surabaya kurangi sampah plastik pasar",
        "Pedagang pasar tradisional beralih ke kantong yang dapat dipakai ulang.",
        "environment",
        22,
        None,
    ),
    (
        "35.10",
        I,
        "Contoh: Desa digital Banyuwangi",
        "Layanan surat-menyurat desa daring di seluruh kecamatan.",
        "digital",
        90,
        Some(7),
    ),
];

fn code(s: &str) -> anyhow::Result<UnitCode> {
    Ok(UnitCode::parse(s)?)
}

fn step(
    op: &'static str,
    from: ReleaseState,
    to: ReleaseState,
    public_at: Option<i64>,
    embargo: bool,
) -> Transition {
    Transition {
        op,
        from,
        to,
        expected_version: 1,
        public_at,
        embargo,
        note: String::new(),
    }
}

/// Creates, reviews and releases a release as of `at`, public from `public_at`.
async fn publish(
    store: &Store,
    unit: &UnitCode,
    content: &ReleaseContent,
    at: i64,
    public_at: i64,
    embargo: bool,
) -> anyhow::Result<ReleaseId> {
    let id = store.create_release(unit, content, None, at).await?;
    store
        .transition_release(
            id,
            &step(
                "submit",
                ReleaseState::Draft,
                ReleaseState::InReview,
                None,
                false,
            ),
            None,
            at,
        )
        .await?;
    store
        .transition_release(
            id,
            &step(
                "approve",
                ReleaseState::InReview,
                ReleaseState::Approved,
                None,
                false,
            ),
            None,
            at,
        )
        .await?;
    store
        .transition_release(
            id,
            &step(
                "release",
                ReleaseState::Approved,
                ReleaseState::Released,
                Some(public_at),
                embargo,
            ),
            None,
            at,
        )
        .await?;
    Ok(id)
}

fn content(
    title: &str,
    lead: &str,
    body: &str,
    tags: &[&str],
    items: Vec<ItemId>,
) -> ReleaseContent {
    ReleaseContent {
        title: title.to_owned(),
        slug: slugify(title),
        lead: lead.to_owned(),
        body_md: body.to_owned(),
        body_html: sinergi_media::render_markdown(body),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        language: "id".to_owned(),
        item_ids: items,
        media: vec![],
    }
}

/// Seeds the scenario once; a second run finds the KemenPANRB release and
/// does nothing.
pub async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    let hkip = code("kemenpanrb.hkip")?;
    let existing = store
        .releases(&ReleaseQuery {
            unit: Some(hkip.clone()),
            limit: 1,
            ..Default::default()
        })
        .await?;
    if !existing.items.is_empty() {
        return Ok(());
    }
    // The workshop release, as published on 4 June (09.00 WITA), or a
    // week ago if the demo runs before then.
    let june_4 = 1_780_534_800_000_000;
    let published = if june_4 < now {
        june_4
    } else {
        now - 7 * DAY_MICROS
    };
    let paragraphs: Vec<&str> = KEMENPANRB_RELEASE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    // The first paragraph is the lead; the body goes on from the second
    // (the page prints the lead above the body, once).
    let lead = paragraphs.first().copied().unwrap_or_default();
    let body = format!(
        "{}\n\n*Sumber: Humas Kementerian PANRB (menpan.go.id), dikutip sebagai contoh.*",
        paragraphs.get(1..).unwrap_or_default().join("\n\n")
    );
    let release = content(
        "Humas Pemerintah Harus Bikin Lompatan",
        lead,
        &body,
        &["revolusi-mental", "reformasi-birokrasi", "humas-pemerintah"],
        vec![],
    );
    let hkip_release = publish(store, &hkip, &release, published - HOUR, published, false).await?;

    for (unit, kind, title, description, category, days_ago, published_after) in ENTRIES {
        let unit = code(unit)?;
        let recorded = now - days_ago * DAY_MICROS;
        let innovation = *kind == ItemKind::Innovation;
        let draft = ItemDraft {
            kind: *kind,
            title: (*title).to_owned(),
            description_md: (*description).to_owned(),
            category_key: Some((*category).to_owned()),
            occurred_on: None,
            problem_md: innovation.then(|| {
                "Warga harus menempuh jarak jauh dan antre lama untuk layanan ini.".to_owned()
            }),
            solution_md: innovation.then(|| (*description).to_owned()),
            impact_md: innovation
                .then(|| "Waktu layanan lebih singkat dan biaya warga berkurang.".to_owned()),
            stage: innovation.then_some(InnovationStage::Implemented),
            tags: vec!["contoh-demo".to_owned()],
            evidence: vec![],
        };
        let item = store.insert_item(&unit, &draft, None, recorded).await?;
        if let Some(after) = published_after {
            let at = recorded + after * DAY_MICROS;
            let title = title.trim_start_matches("Contoh: ");
            let body = format!("{description}\n\nRilis contoh untuk demo Sinergi.");
            let c = content(
                title,
                description,
                &body,
                &["reformasi-birokrasi"],
                vec![item],
            );
            publish(store, &unit, &c, at - HOUR, at, false).await?;
        }
    }

    // Bali picks up Denpasar's story; East Java amplifies the workshop release.
    if let Some(original) = store.release(hkip_release).await? {
        store
            .amplify_release(&original, &code("35")?, None, published + DAY_MICROS)
            .await?;
    }
    // Work waiting in Denpasar: a draft in review, and an embargoed release lifting tomorrow.
    let denpasar = code("51.71")?;
    let gap_items = store
        .items(&sinergi_store::newsroom::ItemQuery {
            unit: Some(denpasar.clone()),
            limit: 10,
            ..Default::default()
        })
        .await?;
    let waiting = content(
        "Perizinan daring satu pintu kini di ponsel warga Denpasar",
        "Pemohon izin usaha mikro tidak perlu lagi datang ke kantor.",
        "Pemerintah Kota Denpasar membuka layanan perizinan daring satu pintu.\n\n*Rilis contoh untuk demo Sinergi.*",
        &["pelayanan-publik"],
        gap_items
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Innovation)
            .map(|i| i.id)
            .collect(),
    );
    let id = store
        .create_release(&denpasar, &waiting, None, now - 2 * HOUR)
        .await?;
    store
        .transition_release(
            id,
            &step(
                "submit",
                ReleaseState::Draft,
                ReleaseState::InReview,
                None,
                false,
            ),
            None,
            now - HOUR,
        )
        .await?;
    let embargoed = content(
        "Mal Pelayanan Publik Denpasar genap melayani 150 jenis layanan",
        "Embargo hingga besok: wartawan terakreditasi dapat membacanya lebih dulu.",
        "Layanan dari instansi pusat, provinsi dan kota dalam satu gedung.\n\n*Rilis contoh untuk demo Sinergi.*",
        &["pelayanan-publik"],
        gap_items
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Achievement)
            .map(|i| i.id)
            .collect(),
    );
    publish(
        store,
        &denpasar,
        &embargoed,
        now - HOUR,
        now + DAY_MICROS,
        true,
    )
    .await?;
    Ok(())
}
