//! `sinergi bench newsroom`: a generated newsroom over the real units,
//! bulk-loaded, then the figures issue 5's closing note asks for: a unit's
//! release list, the gap report for a province and for the nation, and
//! the time from "publish" to the public page. See `bench/newsroom/`.

use crate::rng::Rng;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::national::seed_units;
use sinergi_domain::newsroom::{
    DAY_MICROS, InnovationStage, ItemKind, ReleaseOp, ReleaseState, Timing,
};
use sinergi_domain::{Level, UnitCode};
use sinergi_newsroom::{AccessLevel, Newsroom, ReleaseInput, slugify};
use sinergi_store::Store;
use sinergi_store::newsroom::{BulkEvent, BulkItem, BulkLink, BulkRelease, GapQuery, ReleaseQuery};

use super::bench::{finish, fresh_store, import_tree, tempfile_dir};
use crate::commands::now;
use crate::region_files;

pub(super) struct Options {
    pub database: String,
    pub releases: usize,
    pub items: usize,
    pub keep: bool,
    pub seed: u64,
}

const MINUTE: i64 = 60_000_000;
const HOUR: i64 = 60 * MINUTE;
const YEAR: i64 = 365 * DAY_MICROS;
/// The gap report's default (the API's `days`).
const GAP_DAYS: i64 = 14;
/// Releases per load (one transaction each).
const CHUNK: usize = 50_000;

/// Share of the releases (and of the items) per level; the units of a
/// level share its part equally. Provinces and regencies/cities publish
/// most; the 80,000-odd villages little each.
const SHARES: [(Level, f64); 5] = [
    (Level::National, 0.03),
    (Level::Province, 0.22),
    (Level::Regency, 0.45),
    (Level::District, 0.15),
    (Level::Village, 0.15),
];

/// The real units, by level, with their names.
struct Units {
    levels: Vec<(Level, f64, Vec<UnitCode>)>,
    names: HashMap<UnitCode, String>,
}

impl Units {
    fn new(all: Vec<(UnitCode, String)>) -> Units {
        let mut levels: Vec<(Level, f64, Vec<UnitCode>)> =
            SHARES.iter().map(|(l, s)| (*l, *s, Vec::new())).collect();
        for (code, _) in &all {
            if let Some(l) = levels.iter_mut().find(|l| l.0 == code.level()) {
                l.2.push(code.clone());
            }
        }
        levels.retain(|l| !l.2.is_empty());
        Units {
            levels,
            names: all.into_iter().collect(),
        }
    }

    /// A unit, weighted like the data.
    fn sample(&self, rng: &mut Rng) -> &UnitCode {
        let total: f64 = self.levels.iter().map(|l| l.1).sum();
        let mut x = rng.unit() * total;
        for (_, share, codes) in &self.levels {
            if x < *share {
                return rng.pick(codes);
            }
            x -= share;
        }
        rng.pick(&self.levels[self.levels.len() - 1].2)
    }

    fn of_level(&self, level: Level) -> &[UnitCode] {
        self.levels
            .iter()
            .find(|l| l.0 == level)
            .map_or(&[], |l| &l.2)
    }

    fn name<'a>(&'a self, code: &'a UnitCode) -> &'a str {
        self.names.get(code).map_or(code.as_str(), String::as_str)
    }
}

const VERBS: [&str; 10] = [
    "Luncurkan",
    "Resmikan",
    "Gelar",
    "Raih",
    "Tingkatkan",
    "Perkuat",
    "Sosialisasikan",
    "Evaluasi",
    "Percepat",
    "Dukung",
];
const TOPICS: [&str; 16] = [
    "Layanan Kependudukan Keliling",
    "Inovasi Pelayanan Publik Terpadu",
    "Penghargaan Keterbukaan Informasi Publik",
    "Percepatan Penurunan Stunting",
    "Digitalisasi Pasar Rakyat",
    "Festival Budaya Daerah",
    "Vaksinasi Massal Anak Sekolah",
    "Pembangunan Jalan Desa",
    "Mal Pelayanan Publik",
    "Reformasi Birokrasi Tematik",
    "Penanganan Banjir dan Longsor",
    "Pelatihan UMKM Digital",
    "Sistem Pemerintahan Berbasis Elektronik",
    "Program Beasiswa Daerah",
    "Penguatan Ketahanan Pangan",
    "Zona Integritas Wilayah Bebas Korupsi",
];
const TAGS: [&str; 24] = [
    "reformasi-birokrasi",
    "pelayanan-publik",
    "stunting",
    "umkm",
    "digitalisasi",
    "spbe",
    "kesehatan",
    "pendidikan",
    "infrastruktur",
    "pariwisata",
    "budaya",
    "bencana",
    "pangan",
    "asn",
    "zona-integritas",
    "inovasi",
    "penghargaan",
    "lingkungan",
    "investasi",
    "desa",
    "transportasi",
    "air-bersih",
    "sosial",
    "keterbukaan-informasi",
];
const CATEGORIES: [&str; 10] = [
    "public-service",
    "development",
    "governance",
    "economy",
    "health",
    "education",
    "environment",
    "social",
    "culture-tourism",
    "digital",
];

fn tags(rng: &mut Rng) -> Vec<String> {
    let n = 1 + rng.below(3);
    let mut out: Vec<String> = Vec::with_capacity(n);
    while out.len() < n {
        let t = rng.pick(&TAGS);
        if !out.iter().any(|o| o == t) {
            out.push((*t).to_owned());
        }
    }
    out
}

/// Release bodies, Markdown and HTML rendered once each.
fn bodies(rng: &mut Rng) -> Vec<(String, String)> {
    (0..64)
        .map(|k| {
            let topic = TOPICS[k % TOPICS.len()];
            let md = format!(
                "Pemerintah daerah hari ini menyampaikan perkembangan **{topic}** kepada \
                 masyarakat. Kegiatan ini melibatkan {} perangkat daerah dan diikuti oleh \
                 warga dari berbagai kelurahan.\n\n\
                 Kepala dinas menjelaskan bahwa program ini merupakan bagian dari rencana \
                 kerja tahun berjalan dan akan dievaluasi setiap triwulan. \"Kami ingin \
                 layanan yang lebih cepat, mudah dan terjangkau,\" ujarnya.\n\n\
                 - Jumlah penerima manfaat: {} orang\n- Anggaran: Rp{} juta\n\n\
                 Informasi lebih lanjut dapat diperoleh melalui [laman resmi](https://example.go.id/info/{k}).",
                3 + rng.below(20),
                100 + rng.below(10_000),
                50 + rng.below(5_000),
            );
            let html = sinergi_media::render_markdown(&md);
            (md, html)
        })
        .collect()
}

fn day_of(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn gen_item(rng: &mut Rng, units: &Units, now: i64) -> BulkItem {
    let unit = units.sample(rng).clone();
    let created_at = now - rng.between(MINUTE, YEAR);
    let topic = rng.pick(&TOPICS);
    let innovation = rng.chance(0.3);
    let (kind, title) = if innovation {
        (ItemKind::Innovation, format!("Inovasi {topic}"))
    } else {
        (ItemKind::Achievement, format!("Capaian {topic}"))
    };
    let md = |s: &str| Some(format!("{s} {}.", units.name(&unit)));
    BulkItem {
        kind,
        title,
        description_md: format!(
            "{topic} di {} mencapai target tahunan dengan dukungan masyarakat dan \
             perangkat daerah. Hasilnya dicatat untuk dilaporkan kepada publik.",
            units.name(&unit)
        ),
        category_key: Some((*rng.pick(&CATEGORIES)).to_owned()),
        occurred_on: Some(day_of(created_at - rng.between(0, 60 * DAY_MICROS))),
        problem_md: if innovation {
            md("Antrean panjang dan layanan yang lambat di")
        } else {
            None
        },
        solution_md: if innovation {
            md("Layanan daring terpadu dengan jemput bola di")
        } else {
            None
        },
        impact_md: if innovation {
            md("Waktu layanan turun dari tiga hari menjadi satu jam di")
        } else {
            None
        },
        stage: innovation.then(|| {
            *rng.pick(&[
                InnovationStage::Trial,
                InnovationStage::Implemented,
                InnovationStage::Replicated,
            ])
        }),
        tags: tags(rng),
        created_by: None,
        created_at,
        updated_at: created_at,
        unit_code: unit,
    }
}

struct Gen<'a> {
    rng: Rng,
    units: &'a Units,
    bodies: Vec<(String, String)>,
    now: i64,
}

impl Gen<'_> {
    /// A release of `unit` created no earlier than `earliest`, in a state
    /// drawn from a newsroom's usual mix, with its history.
    fn release(
        &mut self,
        unit: &UnitCode,
        earliest: Option<i64>,
        items: Vec<BulkLink>,
    ) -> BulkRelease {
        use ReleaseState::*;
        let now = self.now;
        let rng = &mut self.rng;
        let x = rng.unit();
        // draft 6%, in review 3%, approved 2%, scheduled 1.5%, embargoed
        // 1%, withdrawn 2%, released and public 84.5%.
        let (state, future) = match x {
            x if x < 0.06 => (Draft, None),
            x if x < 0.09 => (InReview, None),
            x if x < 0.11 => (Approved, None),
            x if x < 0.125 => (Released, Some(false)),
            x if x < 0.135 => (Released, Some(true)),
            x if x < 0.155 => (Withdrawn, None),
            _ => (Released, None),
        };
        let latest = now - MINUTE;
        let created_at = match (earliest, future) {
            (Some(e), _) => (e + rng.between(0, 30 * DAY_MICROS)).min(latest),
            (None, Some(_)) => now - rng.between(HOUR, 30 * DAY_MICROS),
            (None, None) => now - rng.between(HOUR, YEAR),
        };
        // A later moment, never after `latest` (unless `t` already is).
        let step =
            |rng: &mut Rng, t: i64, lo: i64, hi: i64| (t + rng.between(lo, hi)).min(latest).max(t);
        let ev = |at: i64, op: &'static str, from, to, note: &str| BulkEvent {
            at,
            actor_id: None,
            op,
            from,
            to,
            note: note.to_owned(),
        };
        let mut history = vec![ev(created_at, "create", Draft, Draft, "")];
        let (mut public_at, mut approved_at, mut withdrawn_at, mut note) = (None, None, None, None);
        let mut t = created_at;
        if state != Draft {
            t = step(rng, t, 10 * MINUTE, 2 * DAY_MICROS);
            history.push(ev(t, "submit", Draft, InReview, ""));
        }
        if matches!(state, Approved | Released | Withdrawn) {
            t = step(rng, t, 10 * MINUTE, DAY_MICROS);
            approved_at = Some(t);
            history.push(ev(t, "approve", InReview, Approved, ""));
        }
        let mut embargo = false;
        if matches!(state, Released | Withdrawn) {
            t = step(rng, t, 0, 6 * HOUR);
            history.push(ev(t, "release", Approved, Released, ""));
            public_at = Some(match future {
                Some(e) => {
                    embargo = e;
                    now + rng.between(HOUR, 14 * DAY_MICROS)
                }
                // Mostly at once; some scheduled a little later, now past.
                None if rng.chance(0.9) => t,
                None => step(rng, t, HOUR, 2 * DAY_MICROS),
            });
        }
        if state == Withdrawn {
            let p = public_at.unwrap_or(t).max(t);
            t = step(rng, p, HOUR, 30 * DAY_MICROS);
            withdrawn_at = Some(t);
            let why = "Ditarik karena data anggaran keliru.";
            note = Some(why.to_owned());
            history.push(ev(t, "withdraw", Released, Withdrawn, why));
        }
        let rng = &mut self.rng;
        let title = format!(
            "{} {} {} {}",
            if unit.is_regional() { "Pemerintah" } else { "" },
            self.units.name(unit),
            rng.pick(&VERBS),
            rng.pick(&TOPICS)
        )
        .trim()
        .to_owned();
        let (body_md, body_html) = rng.pick(&self.bodies).clone();
        BulkRelease {
            unit_code: unit.clone(),
            slug: slugify(&title),
            language: if rng.chance(0.05) { "en" } else { "id" }.to_owned(),
            state,
            lead: format!(
                "{title}. Kegiatan ini menjadi bagian dari upaya meningkatkan kualitas \
                 layanan kepada masyarakat."
            ),
            title,
            body_md,
            body_html,
            tags: tags(rng),
            public_at,
            embargo,
            created_by: None,
            created_at,
            updated_at: t,
            approved_by: None,
            approved_at,
            withdrawn_at,
            withdrawal_note: note,
            items,
            history,
        }
    }

    /// One load: `n_items` items, and `n_releases` releases of which some
    /// report about half of the items (each at the item's unit or its
    /// parent; a fifth of them again by the province or ministry).
    fn chunk(&mut self, n_items: usize, n_releases: usize) -> (Vec<BulkItem>, Vec<BulkRelease>) {
        let items: Vec<BulkItem> = (0..n_items)
            .map(|_| gen_item(&mut self.rng, self.units, self.now))
            .collect();
        let mut releases = Vec::with_capacity(n_releases);
        for (i, item) in items.iter().enumerate() {
            if releases.len() >= n_releases || !self.rng.chance(0.5) {
                continue;
            }
            let unit = match item.unit_code.parent() {
                Some(p) if self.rng.chance(0.3) && self.units.names.contains_key(&p) => p,
                _ => item.unit_code.clone(),
            };
            let r = self.release(&unit, Some(item.created_at), vec![BulkLink::Loaded(i)]);
            releases.push(r);
            if releases.len() < n_releases && self.rng.chance(0.2) {
                let top = item
                    .unit_code
                    .province()
                    .unwrap_or_else(|| top_of(&item.unit_code));
                let r = self.release(&top, Some(item.created_at), vec![BulkLink::Loaded(i)]);
                releases.push(r);
            }
        }
        while releases.len() < n_releases {
            let unit = self.units.sample(&mut self.rng).clone();
            let r = self.release(&unit, None, Vec::new());
            releases.push(r);
        }
        (items, releases)
    }
}

/// The top-level unit of a national code (`kemenpanrb` for `kemenpanrb.hkip`).
fn top_of(code: &UnitCode) -> UnitCode {
    let top = code.as_str().split('.').next().unwrap_or(code.as_str());
    UnitCode::parse(top).unwrap_or_else(|_| code.clone())
}

/// Milliseconds at a percentile (nearest rank).
fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1e3
}

fn report(name: &str, mut times: Vec<Duration>, extra: &str) {
    times.sort();
    say!(
        "{name:<46} n={:<5} p50 {:>8.2}  p95 {:>8.2}  p99 {:>8.2}  max {:>8.2} ms  {extra}",
        times.len(),
        pct(&times, 50.0),
        pct(&times, 95.0),
        pct(&times, 99.0),
        pct(&times, 100.0),
    );
}

async fn timed<T, F: std::future::Future<Output = T>>(times: &mut Vec<Duration>, f: F) -> T {
    let started = Instant::now();
    let out = f.await;
    times.push(started.elapsed());
    out
}

pub(super) async fn run(opts: Options) -> anyhow::Result<()> {
    let (records, label) = region_files::read_bundled()?;
    let dir = tempfile_dir()?;
    let (store, schema) = fresh_store(&opts.database, &dir, 1).await?;
    let outcome = bench(&store, &dir, &opts, records, &label).await;
    finish(store, schema, &dir, opts.keep).await?;
    outcome
}

async fn bench(
    store: &Store,
    dir: &std::path::Path,
    opts: &Options,
    records: Vec<sinergi_domain::region_data::RegionRecord>,
    label: &str,
) -> anyhow::Result<()> {
    let backend = store.backend().name();
    say!(
        "sinergi bench newsroom on {backend}: {} releases, {} items, seed {}",
        opts.releases,
        opts.items,
        opts.seed
    );
    let started = Instant::now();
    import_tree(store, &records, label).await?;
    say!(
        "units: {} regions + {} national units imported in {:.1} s",
        records.len(),
        seed_units().len(),
        started.elapsed().as_secs_f64()
    );
    let mut all: Vec<(UnitCode, String)> = records.into_iter().map(|r| (r.code, r.name)).collect();
    all.extend(seed_units().into_iter().map(|u| (u.code, u.name)));
    let units = Units::new(all);

    // Generate and load, one transaction per chunk.
    let now = now();
    let mut rng = Rng(opts.seed);
    let bodies = bodies(&mut rng);
    let mut g = Gen {
        rng,
        units: &units,
        bodies,
        now,
    };
    let chunks = opts.releases.div_ceil(CHUNK).max(1);
    let (mut gen_time, mut load_time) = (Duration::ZERO, Duration::ZERO);
    let load_started = Instant::now();
    for c in 0..chunks {
        let part = |total: usize| total * (c + 1) / chunks - total * c / chunks;
        let t = Instant::now();
        let (items, releases) = g.chunk(part(opts.items), part(opts.releases));
        gen_time += t.elapsed();
        let t = Instant::now();
        store
            .bulk_load_newsroom(&items, &releases)
            .await
            .with_context(|| format!("loading chunk {c}"))?;
        load_time += t.elapsed();
        if c % 5 == 4 || c + 1 == chunks {
            say!(
                "  loaded {}/{chunks} chunks, {:.0} s",
                c + 1,
                load_started.elapsed().as_secs_f64()
            );
        }
    }
    let t = Instant::now();
    store.execute_admin("ANALYZE").await?;
    let analyze = t.elapsed();
    if store.backend() == sinergi_store::Backend::Sqlite {
        store
            .execute_admin("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    say!(
        "generation {:.1} s (data {:.1} s, inserts {:.1} s), ANALYZE {:.1} s: {:.0} releases/s",
        load_started.elapsed().as_secs_f64(),
        gen_time.as_secs_f64(),
        load_time.as_secs_f64(),
        analyze.as_secs_f64(),
        opts.releases as f64 / (gen_time + load_time).as_secs_f64()
    );
    let size = store.newsroom_size().await?;
    say!(
        "data: releases by state {:?}; {} items, {} linked by {} links; {:.0} MB on disk",
        size.releases_by_state,
        size.items,
        size.linked_items,
        size.links,
        size.bytes as f64 / 1e6
    );

    let newsroom = Newsroom::new(
        store.clone(),
        Arc::new(sinergi_web::SystemClock),
        sinergi_media::BlobStore::open(dir.join("blobs"))?,
        "http://localhost:8080",
    );
    let admin = Principal {
        memberships: vec![Membership {
            unit: UnitCode::parse("kemenpanrb")?,
            role: Role::Admin,
            reach: Reach::Network,
        }],
        ..Default::default()
    };
    let public = Principal::public();
    let mut rng = Rng(opts.seed ^ 0x5eed);
    say!("\nmeasurements (ms):");

    // (a) A unit's release list, first page of 20.
    let samples: Vec<UnitCode> = (0..2_000).map(|_| units.sample(&mut rng).clone()).collect();
    let (mut times, mut rows, mut full) = (Vec::new(), 0, 0);
    for u in &samples {
        let q = ReleaseQuery {
            unit: Some(u.clone()),
            limit: 20,
            ..Default::default()
        };
        let page = timed(&mut times, newsroom.releases(&public, q)).await?;
        rows += page.items.len();
        full += usize::from(page.items.len() == 20);
    }
    report(
        "unit public list, page 1 (20)",
        times,
        &format!("{:.1} rows/page, {full} full pages", rows as f64 / 2_000.0),
    );
    let states = [
        ReleaseState::InReview,
        ReleaseState::Draft,
        ReleaseState::Approved,
        ReleaseState::Released,
    ];
    let (mut times, mut rows) = (Vec::new(), 0);
    for (n, u) in samples.iter().enumerate() {
        let q = ReleaseQuery {
            unit: Some(u.clone()),
            states: vec![states[n % states.len()]],
            limit: 20,
            ..Default::default()
        };
        rows += timed(&mut times, newsroom.releases(&admin, q))
            .await?
            .items
            .len();
    }
    report(
        "unit internal list by state, page 1 (20)",
        times,
        &format!("{:.1} rows/page", rows as f64 / 2_000.0),
    );
    let provinces = units.of_level(Level::Province).to_vec();
    let (mut times, mut rows) = (Vec::new(), 0);
    for _ in 0..6 {
        for p in &provinces {
            let q = ReleaseQuery {
                unit: Some(p.clone()),
                with_subtree: true,
                limit: 20,
                ..Default::default()
            };
            rows += timed(&mut times, newsroom.releases(&public, q))
                .await?
                .items
                .len();
        }
    }
    let n = times.len();
    report(
        "province subtree public list, page 1 (20)",
        times,
        &format!("{:.1} rows/page", rows as f64 / n as f64),
    );

    // (b) The gap report of a province with its subtree.
    let (mut times, mut counts_t, mut items_t, mut totals) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..6 {
        for p in &provinces {
            let (counts, page) = timed(
                &mut times,
                newsroom.gap_report(&admin, Some(p.clone()), true, GAP_DAYS, None),
            )
            .await?;
            totals.push(counts.total);
            anyhow::ensure!(page.items.len() as i64 == counts.total.min(50));
            let q = gap_query(Some(p.clone()), newsroom.now());
            timed(&mut counts_t, store.gap_counts(&q)).await?;
            timed(&mut items_t, store.gap_items(&q)).await?;
        }
    }
    totals.sort_unstable();
    report(
        "province gap report (subtree, 14 days)",
        times,
        &format!(
            "items in the gap per province: min {} median {} max {}",
            totals[0],
            totals[totals.len() / 2],
            totals[totals.len() - 1]
        ),
    );
    report("  of which gap_counts", counts_t, "");
    report("  of which gap_items (first 50)", items_t, "");

    // (c) The gap report of the whole network.
    let (mut times, mut counts_t, mut items_t, mut total) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for _ in 0..25 {
        let (counts, _) = timed(
            &mut times,
            newsroom.gap_report(&admin, None, true, GAP_DAYS, None),
        )
        .await?;
        total = counts.total;
        let q = gap_query(None, newsroom.now());
        timed(&mut counts_t, store.gap_counts(&q)).await?;
        timed(&mut items_t, store.gap_items(&q)).await?;
    }
    report(
        "national gap report (14 days)",
        times,
        &format!("{total} items in the gap"),
    );
    report("  of which gap_counts", counts_t, "");
    report("  of which gap_items (first 50)", items_t, "");

    // (d) From "publish" to the public page.
    let (mut create_t, mut submit_t, mut approve_t, mut release_t) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut visible_t, mut view_t, mut listed_t) = (Vec::new(), Vec::new(), Vec::new());
    let (mut attempts, mut listed_attempts) = (0, 0);
    let targets: Vec<UnitCode> = provinces
        .iter()
        .chain(units.of_level(Level::Regency))
        .cloned()
        .collect();
    for n in 0..60 {
        let unit = rng.pick(&targets).clone();
        let mut q = gap_query(Some(unit.clone()), newsroom.now());
        q.with_subtree = false;
        q.min_days = 0;
        q.limit = 1;
        let item_ids = store
            .gap_items(&q)
            .await?
            .items
            .iter()
            .map(|i| i.id)
            .collect();
        let input = ReleaseInput {
            title: format!("{} Umumkan Hasil Pengukuran {n}", units.name(&unit)),
            lead: "Hasil pengukuran kinerja pelayanan publik diumumkan hari ini.".to_owned(),
            body: "Pemerintah mengumumkan **hasil pengukuran** kinerja.".to_owned(),
            tags: "pelayanan-publik, benchmark".to_owned(),
            language: "id".to_owned(),
            item_ids,
            media: Vec::new(),
        };
        let id = timed(
            &mut create_t,
            newsroom.create_release(&admin, &unit, &input),
        )
        .await?;
        for (op, times) in [
            (ReleaseOp::Submit, &mut submit_t),
            (ReleaseOp::Approve, &mut approve_t),
            (ReleaseOp::Release(Timing::Now), &mut release_t),
        ] {
            timed(times, newsroom.move_release(&admin, id, 1, op, "")).await?;
        }
        // The release call has returned: it is committed.
        let committed = Instant::now();
        loop {
            attempts += 1;
            let t = Instant::now();
            let view = newsroom.release_view(&public, id).await;
            if matches!(&view, Ok(v) if v.access == AccessLevel::Public) {
                view_t.push(t.elapsed());
                visible_t.push(committed.elapsed());
                break;
            }
            anyhow::ensure!(
                committed.elapsed() < Duration::from_secs(10),
                "release {id} not public 10 s after its release"
            );
        }
        loop {
            listed_attempts += 1;
            let q = ReleaseQuery {
                unit: Some(unit.clone()),
                limit: 20,
                ..Default::default()
            };
            if newsroom
                .releases(&public, q)
                .await?
                .items
                .iter()
                .any(|b| b.id == id)
            {
                listed_t.push(committed.elapsed());
                break;
            }
            anyhow::ensure!(
                committed.elapsed() < Duration::from_secs(10),
                "release {id} not listed 10 s after its release"
            );
        }
    }
    report("publish: create_release (draft)", create_t, "");
    report("publish: submit", submit_t, "");
    report("publish: approve", approve_t, "");
    report("publish: release now (the publish call)", release_t, "");
    report(
        "publish: commit -> public page served",
        visible_t,
        &format!("{attempts} reads for 60 releases"),
    );
    report("  of which the public release_view", view_t, "");
    report(
        "publish: commit -> first in the unit's list",
        listed_t,
        &format!("{listed_attempts} reads for 60 releases"),
    );
    Ok(())
}

fn gap_query(root: Option<UnitCode>, now: i64) -> GapQuery {
    GapQuery {
        root,
        with_subtree: true,
        now,
        min_days: GAP_DAYS,
        limit: 50,
        cursor: None,
    }
}
