//! Indexing throughput and query latency of Sinergi's index against SQLite FTS5, on the
//! real news corpus repeated with variations and spread over the real districts.
//!
//! ```text
//! cargo run --release -p sinergi-search --example bench_index -- [--docs 200000]
//!     [--queries 1000] [--news ../shared/data/news] [--dir /tmp/sinergi-bench] [--keep]
//! ```
//!
//! Copy k of article i gets the name of a district in its title and lead, its paragraphs
//! rotated by k, a date k days later, an owning unit (province, regency or district of the
//! real region list), a kind, a tag, sometimes a campaign, and 5% internal and 5% embargoed
//! visibility. Both engines get the same documents; FTS5 keeps the same fields in a table
//! beside its full-text table. Queries: the judged queries, each with one of six filter
//! and sort combinations, half of them by a signed-in viewer; every query also counts the
//! matches per kind and level (facets) and makes a highlighted snippet for each hit.
#![expect(clippy::print_stdout, reason = "an example reports on standard output")]

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sinergi_domain::Level;
use sinergi_search::{DocKind, Query, SearchDoc, SearchIndex, Sort, Viewer, Visibility};
use sqlx::{Row, SqliteConnection};

use common::{Article, arg, date_micros, fts5_match, fts5_open, load_corpus, news_dir};

const DAY: i64 = 86_400 * 1_000_000;
const YEAR: i64 = 365 * DAY;
/// "Now" for every query: 2020-01-01 (after every article's date, before most embargoes).
const NOW: i64 = 1_577_836_800 * 1_000_000;
const TAGS: [&str; 6] = [
    "pelayanan publik",
    "reformasi birokrasi",
    "revolusi mental",
    "inovasi",
    "kesehatan",
    "infrastruktur",
];

struct District {
    code: String,
    name: String,
}

fn districts() -> anyhow::Result<Vec<District>> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/wilayah/districts.csv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_string(&mut text)?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.splitn(3, ',');
            let code = cols.next()?.to_owned();
            cols.next()?;
            Some(District {
                code,
                name: cols.next()?.trim_matches('"').to_owned(),
            })
        })
        .collect())
}

fn make_doc(j: usize, articles: &[Article], districts: &[District]) -> SearchDoc {
    let a = &articles[j % articles.len()];
    let copy = j / articles.len();
    let d = &districts[(j.wrapping_mul(7919)) % districts.len()];
    let (unit_code, level) = match j % 3 {
        0 => (d.code[..2].to_owned(), Level::Province),
        1 => (d.code[..5].to_owned(), Level::Regency),
        _ => (d.code.clone(), Level::District),
    };
    let (title, body) = if copy == 0 {
        (a.title.clone(), a.body.clone())
    } else {
        let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
        let shift = copy % paragraphs.len();
        let rotated: Vec<&str> = paragraphs[shift..]
            .iter()
            .chain(&paragraphs[..shift])
            .copied()
            .collect();
        (
            format!("{} di {}", a.title, d.name),
            format!(
                "Humas Kecamatan {} melaporkan.\n\n{}",
                d.name,
                rotated.join("\n\n")
            ),
        )
    };
    let kind = match j % 20 {
        0..=13 => DocKind::Release,
        14..=16 => DocKind::Achievement,
        17..=18 => DocKind::Innovation,
        _ => DocKind::Coverage,
    };
    let published =
        date_micros(a.date.as_deref()).unwrap_or(NOW - YEAR) + (copy as i64 % 365) * DAY;
    let mut doc = SearchDoc::new(
        format!("{}:{j}", kind.as_str()),
        kind,
        title,
        body,
        unit_code,
    );
    doc.level = Some(level);
    doc.province = Some(d.code[..2].to_owned());
    doc.tags = vec![TAGS[j % TAGS.len()].to_owned()];
    if j.is_multiple_of(10) {
        doc.campaigns = vec![format!("campaign:{}", j % 7)];
    }
    doc.published_at = Some(published);
    doc.visibility = match j % 20 {
        1 => Visibility::Internal,
        2 => Visibility::Embargoed {
            until: NOW - YEAR + (j as i64 % 730) * DAY,
        },
        _ => Visibility::Public,
    };
    doc
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let mean = times.iter().sum::<Duration>().as_secs_f64() * 1000.0 / times.len() as f64;
    println!(
        "{name:<12} {} queries: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99),
        percentile(&times, 1.0),
        mean
    );
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| {
                    let meta = e.metadata().ok();
                    match meta {
                        Some(m) if m.is_dir() => dir_size(&e.path()),
                        Some(m) => m.len(),
                        None => 0,
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// One benchmark query: the judged text with a filter/sort variant and a viewer.
fn make_query(i: usize, texts: &[String], provinces: &[String], regencies: &[String]) -> Query {
    let mut q = Query::text(texts[i % texts.len()].clone(), NOW);
    q.limit = 10;
    match (i / texts.len()) % 6 {
        0 => {}
        1 => q.kinds = vec![DocKind::Release],
        2 => q.province = Some(provinces[i % provinces.len()].clone()),
        3 => q.within = Some(regencies[(i * 31) % regencies.len()][..5].to_owned()),
        4 => {
            q.from = Some(NOW - 3 * YEAR);
            q.until = Some(NOW - 2 * YEAR);
        }
        _ => q.sort = Sort::Newest,
    }
    if i % 2 == 1 {
        q.viewer = Viewer::internal_subtrees([
            provinces[i % provinces.len()].clone(),
            provinces[(i + 7) % provinces.len()].clone(),
        ]);
    }
    q
}

/// The same query in SQL over FTS5: top 10 with snippets, then counts per kind and level.
async fn fts5_query(conn: &mut SqliteConnection, q: &Query) -> anyhow::Result<(usize, usize)> {
    for all in [true, false] {
        let Some(expr) = fts5_match(&q.text, all) else {
            return Ok((0, 0));
        };
        let mut filter = String::from(
            "docs MATCH $1 AND (meta.visibility = 0 OR (meta.visibility = 2 AND meta.embargo_until <= $2)",
        );
        let mut binds: Vec<String> = Vec::new();
        let mut next = 3;
        let mut bind = |binds: &mut Vec<String>, v: String| {
            binds.push(v);
            next += 1;
            format!("${}", next - 1)
        };
        if !q.viewer.internal.subtrees.is_empty() {
            let parts: Vec<String> = q
                .viewer
                .internal
                .subtrees
                .iter()
                .map(|c| {
                    let a = bind(&mut binds, c.clone());
                    let b = bind(&mut binds, format!("{c}."));
                    let e = bind(&mut binds, format!("{c}/"));
                    format!(
                        "meta.unit_code = {a} OR (meta.unit_code > {b} AND meta.unit_code < {e})"
                    )
                })
                .collect();
            filter.push_str(&format!(
                " OR (meta.visibility = 1 AND ({}))",
                parts.join(" OR ")
            ));
        }
        filter.push(')');
        if !q.kinds.is_empty() {
            filter.push_str(" AND meta.kind = 1");
        }
        if let Some(p) = &q.province {
            let a = bind(&mut binds, p.clone());
            filter.push_str(&format!(" AND meta.province = {a}"));
        }
        if let Some(w) = &q.within {
            let a = bind(&mut binds, w.clone());
            let b = bind(&mut binds, format!("{w}."));
            let e = bind(&mut binds, format!("{w}/"));
            filter.push_str(&format!(
                " AND (meta.unit_code = {a} OR (meta.unit_code > {b} AND meta.unit_code < {e}))"
            ));
        }
        if q.from.is_some() {
            filter.push_str(&format!(
                " AND meta.published_at >= {} AND meta.published_at < {}",
                q.from.unwrap_or_default(),
                q.until.unwrap_or(i64::MAX)
            ));
        }
        let order = match q.sort {
            Sort::Relevance => "bm25(docs, 3.0, 1.0)",
            Sort::Newest => "meta.published_at DESC",
        };
        let top_sql = format!(
            "SELECT meta.id, snippet(docs, 1, '<mark>', '</mark>', '…', 24) \
             FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE {filter} ORDER BY {order} LIMIT 10"
        );
        let facet_sql = format!(
            "SELECT meta.kind, meta.level, count(*) FROM docs JOIN meta ON meta.rowid = docs.rowid \
             WHERE {filter} GROUP BY meta.kind, meta.level"
        );
        let mut top = sqlx::query(sqlx::AssertSqlSafe(top_sql.as_str()))
            .bind(&expr)
            .bind(q.now);
        let mut facets = sqlx::query(sqlx::AssertSqlSafe(facet_sql.as_str()))
            .bind(&expr)
            .bind(q.now);
        for b in &binds {
            top = top.bind(b);
            facets = facets.bind(b);
        }
        let hits = top.fetch_all(&mut *conn).await?;
        let counts = facets.fetch_all(&mut *conn).await?;
        let total: i64 = counts.iter().map(|r| r.get::<i64, _>(2)).sum();
        if total > 0 || !all {
            return Ok((hits.len(), total as usize));
        }
    }
    Ok((0, 0))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let n: usize = arg("--docs").map_or(Ok(200_000), |s| s.parse())?;
    let runs: usize = arg("--queries").map_or(Ok(1000), |s| s.parse())?;
    let skip_fts = std::env::args().any(|a| a == "--no-fts5");
    let dir = arg("--dir").map(PathBuf::from).unwrap_or_else(|| {
        std::env::temp_dir().join(format!("sinergi-bench-{}", std::process::id()))
    });
    let articles = load_corpus(&news_dir())?;
    let districts = districts()?;
    let judged = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/search/judged-queries.tsv"),
    )?;
    let mut texts: Vec<String> = Vec::new();
    for line in judged.lines().filter(|l| !l.starts_with('#')) {
        let q = line.split('\t').next().unwrap_or_default().to_owned();
        if texts.last() != Some(&q) {
            texts.push(q);
        }
    }
    let mut provinces: Vec<String> = districts.iter().map(|d| d.code[..2].to_owned()).collect();
    provinces.dedup();
    let mut regencies: Vec<String> = districts.iter().map(|d| d.code[..5].to_owned()).collect();
    regencies.dedup();
    println!(
        "{n} documents from {} articles over {} districts; {} query texts; {} cores; folder {}",
        articles.len(),
        districts.len(),
        texts.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        dir.display()
    );
    std::fs::create_dir_all(&dir)?;

    // Sinergi: build.
    let index_dir = dir.join("sinergi");
    let _ = std::fs::remove_dir_all(&index_dir);
    let index = SearchIndex::open_or_create(&index_dir)?;
    let mut writer = index.writer_with(512_000_000, Some(2))?;
    let started = Instant::now();
    for j in 0..n {
        writer.add_new(&make_doc(j, &articles, &districts))?;
    }
    writer.commit(n as i64)?;
    let committed = started.elapsed();
    writer.finish()?;
    let merged = started.elapsed();
    println!(
        "sinergi      indexed {n} docs in {:.1} s = {:.0} docs/s (to the commit; {:.1} s with merges), {} MB on disk, {} docs visible",
        committed.as_secs_f64(),
        n as f64 / committed.as_secs_f64(),
        merged.as_secs_f64(),
        dir_size(&index_dir) / 1_000_000,
        index.num_docs()
    );
    let index = SearchIndex::open_or_create(&index_dir)?;

    // FTS5: build.
    let fts_path = dir.join("fts5.db");
    let mut conn = None;
    if !skip_fts {
        let _ = std::fs::remove_file(&fts_path);
        let mut c = fts5_open(Some(&fts_path)).await?;
        let started = Instant::now();
        let mut j = 0;
        while j < n {
            let mut tx = sqlx::Connection::begin(&mut c).await?;
            for k in j..(j + 10_000).min(n) {
                let d = make_doc(k, &articles, &districts);
                sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
                    .bind(k as i64)
                    .bind(&d.title)
                    .bind(&d.body)
                    .execute(&mut *tx)
                    .await?;
                let (visibility, until) = match d.visibility {
                    Visibility::Public => (0, None),
                    Visibility::Internal => (1, None),
                    Visibility::Embargoed { until } | Visibility::Scheduled { at: until } => {
                        (2, Some(until))
                    }
                };
                sqlx::query(
                    "INSERT INTO meta (rowid, id, kind, level, province, unit_code, published_at, visibility, embargo_until) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(k as i64)
                .bind(&d.id)
                .bind(if d.kind == DocKind::Release { 1 } else { 2 })
                .bind(d.level.map_or(0, |l| l.rank()))
                .bind(d.province.as_deref().unwrap_or_default())
                .bind(&d.unit_code)
                .bind(d.published_at)
                .bind(visibility)
                .bind(until)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            j += 10_000;
        }
        sqlx::query("CREATE INDEX meta_unit ON meta (unit_code)")
            .execute(&mut c)
            .await?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "sqlite-fts5  indexed {n} docs in {secs:.1} s = {:.0} docs/s, {} MB on disk",
            n as f64 / secs,
            std::fs::metadata(&fts_path).map_or(0, |m| m.len()) / 1_000_000
        );
        conn = Some(c);
    }

    // Queries: a warm-up round of every text, then `runs` measured queries, same order.
    let queries: Vec<Query> = (0..runs)
        .map(|i| make_query(i, &texts, &provinces, &regencies))
        .collect();
    for q in queries.iter().take(texts.len()) {
        index.search(q)?;
    }
    let mut times = Vec::with_capacity(runs);
    let mut hits = 0usize;
    for q in &queries {
        let t = Instant::now();
        let r = index.search(q)?;
        times.push(t.elapsed());
        hits += r.hits.len();
    }
    report("sinergi", times);
    println!("             ({hits} hits returned in all)");
    if let Some(mut c) = conn {
        for q in queries.iter().take(texts.len()) {
            fts5_query(&mut c, q).await?;
        }
        let mut times = Vec::with_capacity(runs);
        let mut hits = 0usize;
        for q in &queries {
            let t = Instant::now();
            hits += fts5_query(&mut c, q).await?.0;
            times.push(t.elapsed());
        }
        report("sqlite-fts5", times);
        println!("             ({hits} hits returned in all)");
    }
    if !std::env::args().any(|a| a == "--keep") {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
