//! Relevance of Sinergi's search against SQLite FTS5 (unicode61, no stemming) on the real
//! news corpus, with the judged queries of `bench/search/judged-queries.tsv`.
//!
//! ```text
//! cargo run --release -p sinergi-search --example relevance -- [--news ../shared/data/news]
//!     [--judged bench/search/judged-queries.tsv] [--verbose]
//! ```
//!
//! Both engines index the same articles (title, body), weight the title 3× the body, and
//! answer every query with all its words required, falling back to any of them when no
//! article has them all. Reported: MRR@10 and nDCG@10 (gain 2^grade − 1), mean over queries.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use sinergi_search::{DocKind, Query, SearchDoc, SearchIndex};

use common::{arg, date_micros, fts5_open, fts5_search, load_corpus, news_dir};

type Judgements = Vec<(String, HashMap<String, u8>)>;

fn read_judgements(path: &std::path::Path) -> anyhow::Result<Judgements> {
    let text = std::fs::read_to_string(path)?;
    let mut queries: Judgements = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(query), Some(id), Some(grade)) = (cols.next(), cols.next(), cols.next()) else {
            anyhow::bail!("bad line: {line}");
        };
        let grade: u8 = grade.trim().parse()?;
        match queries.last_mut() {
            Some((q, grades)) if q == query => {
                grades.insert(id.to_owned(), grade);
            }
            _ => queries.push((query.to_owned(), HashMap::from([(id.to_owned(), grade)]))),
        }
    }
    Ok(queries)
}

/// Reciprocal rank of the first relevant result in the top 10 (0 if none).
fn reciprocal_rank(ranked: &[String], grades: &HashMap<String, u8>) -> f64 {
    ranked
        .iter()
        .take(10)
        .position(|id| grades.get(id).copied().unwrap_or(0) > 0)
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

/// nDCG@10 with gain 2^grade − 1.
fn ndcg10(ranked: &[String], grades: &HashMap<String, u8>) -> f64 {
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, id)| gain(grades.get(id).copied().unwrap_or(0)) / (i as f64 + 2.0).log2())
        .sum();
    let mut ideal: Vec<u8> = grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(*g) / (i as f64 + 2.0).log2())
        .sum();
    if idcg == 0.0 { 0.0 } else { dcg / idcg }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let news = news_dir();
    let judged = arg("--judged").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/search/judged-queries.tsv")
    });
    let verbose = std::env::args().any(|a| a == "--verbose");
    let show = arg("--show");
    let articles = load_corpus(&news)?;
    let judgements = read_judgements(&judged)?;
    println!(
        "{} articles from {}, {} judged queries from {}",
        articles.len(),
        news.display(),
        judgements.len(),
        judged.display()
    );

    let titles: HashMap<&str, &str> = articles
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();

    // Sinergi.
    let index = SearchIndex::in_memory()?;
    let mut writer = index.writer_with(200_000_000, Some(2))?;
    for a in &articles {
        let mut doc = SearchDoc::new(&a.id, DocKind::Release, &a.title, &a.body, "nasional");
        doc.published_at = date_micros(a.date.as_deref());
        writer.add_new(&doc)?;
    }
    writer.commit(0)?;

    // SQLite FTS5.
    let mut conn = fts5_open(None).await?;
    let mut tx = sqlx::Connection::begin(&mut conn).await?;
    for (rowid, a) in articles.iter().enumerate() {
        sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
            .bind(rowid as i64)
            .bind(&a.title)
            .bind(&a.body)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO meta (rowid, id, kind, level, province, unit_code, visibility) \
             VALUES ($1, $2, 1, 0, '', 'nasional', 0)",
        )
        .bind(rowid as i64)
        .bind(&a.id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    let (mut s_rr, mut s_ndcg, mut f_rr, mut f_ndcg) = (0.0, 0.0, 0.0, 0.0);
    let (mut wins, mut losses) = (0, 0);
    println!(
        "\n{:<34} {:>6} {:>7} {:>7} {:>7} {:>7}",
        "query", "judged", "S-RR", "S-nDCG", "F-RR", "F-nDCG"
    );
    for (query, grades) in &judgements {
        let mut q = Query::text(query.as_str(), i64::MAX);
        q.limit = 10;
        let sinergi: Vec<String> = index.search(&q)?.hits.into_iter().map(|h| h.id).collect();
        let fts = fts5_search(&mut conn, query, 10).await?;
        let (srr, snd) = (reciprocal_rank(&sinergi, grades), ndcg10(&sinergi, grades));
        let (frr, fnd) = (reciprocal_rank(&fts, grades), ndcg10(&fts, grades));
        s_rr += srr;
        s_ndcg += snd;
        f_rr += frr;
        f_ndcg += fnd;
        if snd > fnd + 1e-9 {
            wins += 1;
        } else if fnd > snd + 1e-9 {
            losses += 1;
        }
        println!(
            "{:<34} {:>6} {:>7.3} {:>7.3} {:>7.3} {:>7.3}",
            query,
            grades.len(),
            srr,
            snd,
            frr,
            fnd
        );
        if show.as_deref() == Some(query.as_str()) {
            for (name, ranked) in [("sinergi", &sinergi), ("fts5", &fts)] {
                println!("  {name}:");
                for id in ranked {
                    let title = titles.get(id.as_str()).copied().unwrap_or_default();
                    let grade = grades.get(id).copied().unwrap_or(0);
                    println!("    {grade} {:.50} {title:.90}", id);
                }
            }
        }
        if verbose {
            for (name, ranked) in [("sinergi", &sinergi), ("fts5", &fts)] {
                let marks: Vec<String> = ranked
                    .iter()
                    .map(|id| grades.get(id).copied().unwrap_or(0).to_string())
                    .collect();
                println!("    {name:<8} grades of top 10: {}", marks.join(" "));
            }
        }
    }
    let n = judgements.len() as f64;
    println!(
        "\n{:<34} {:>14} {:>14}\n{:<34} {:>14.3} {:>14.3}\n{:<34} {:>14.3} {:>14.3}",
        "mean over queries",
        "Sinergi",
        "SQLite FTS5",
        "MRR@10",
        s_rr / n,
        f_rr / n,
        "nDCG@10",
        s_ndcg / n,
        f_ndcg / n
    );
    println!(
        "nDCG@10 per query: Sinergi better on {wins}, FTS5 better on {losses}, tied on the rest"
    );
    Ok(())
}
