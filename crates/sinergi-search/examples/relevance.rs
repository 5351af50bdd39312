//! Relevance of Sinergi's search against SQLite FTS5 (unicode61, no stemming) on the real
//! news corpus, with the judged queries of `bench/search/judged-queries.tsv`.
//!
//! ```text
//! cargo run --release -p sinergi-search --example relevance -- [--news ../shared/data/news]
//!     [--judged bench/search/judged-queries.tsv] [--verbose] [--show QUERY]
//!     [--queries bench/search/queries-2.tsv --split test|tune|all]
//!     [--pool FILE] [--before FILE]
//!     [--exact W] [--proximity W] [--slop N] [--synonym W]
//! ```
//!
//! `--before FILE` scores a stored run of an earlier Sinergi (as `--pool` writes it) as a
//! third system; the weights options replace Sinergi's defaults (for tuning, on the
//! tuning split only).
//!
//! With `--queries` (a file of `query<TAB>class<TAB>split`), only the queries of the chosen
//! split are scored, and the means are also given per query class. `--pool FILE` writes the
//! top 20 of both engines for every query of `--queries` to FILE (`system<TAB>query<TAB>
//! rank<TAB>id`), the engines' part of the judging pool, and scores nothing.
//!
//! Both engines index the same articles (title, body), weight the title 3× the body, and
//! answer every query with all its words required, falling back to any of them when no
//! article has them all. Reported: MRR@10 and nDCG@10 (gain 2^grade − 1), mean over queries.
#![expect(clippy::print_stdout, reason = "an example reports on standard output")]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use sinergi_search::{DocKind, Query, Scoring, SearchDoc, SearchIndex};

use common::{arg, date_micros, fts5_open, fts5_search, load_corpus, news_dir};

type Judgements = Vec<(String, HashMap<String, u8>)>;

/// `query<TAB>class<TAB>split` lines (`#` comments).
fn read_queries(path: &std::path::Path) -> anyhow::Result<Vec<(String, String, String)>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [query, class, split] = cols[..] else {
            anyhow::bail!("bad line: {line}");
        };
        out.push((query.to_owned(), class.to_owned(), split.to_owned()));
    }
    Ok(out)
}

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

    // Sinergi, with the default weights or those given (for tuning on the tuning split).
    let mut scoring = Scoring::default();
    for (flag, value) in [
        ("--exact", &mut scoring.exact),
        ("--proximity", &mut scoring.proximity),
        ("--synonym", &mut scoring.synonym),
    ] {
        if let Some(v) = arg(flag) {
            *value = v.parse()?;
        }
    }
    if let Some(v) = arg("--slop") {
        scoring.proximity_slop = v.parse()?;
    }
    println!("weights: {scoring:?}");
    let index = SearchIndex::in_memory()?;
    let mut writer = index.writer_with(200_000_000, Some(2))?;
    for a in &articles {
        let mut doc = SearchDoc::new(&a.id, DocKind::Release, &a.title, &a.body, "nasional");
        doc.published_at = date_micros(a.date.as_deref());
        writer.add_new(&doc)?;
    }
    writer.commit(0)?;
    let index = index.with_scoring(scoring);

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

    if let Some(pool) = arg("--pool") {
        // The engines' part of the judging pool: their top 20 for every query.
        let queries = read_queries(&PathBuf::from(
            arg("--queries").ok_or_else(|| anyhow::anyhow!("--pool needs --queries"))?,
        ))?;
        let mut out = String::from("# system\tquery\trank\tid (top 20 of each engine)\n");
        for (query, _, _) in &queries {
            let mut q = Query::text(query.as_str(), i64::MAX);
            q.limit = 20;
            let sinergi: Vec<String> = index.search(&q)?.hits.into_iter().map(|h| h.id).collect();
            let fts = fts5_search(&mut conn, query, 20).await?;
            for (name, ranked) in [("sinergi", &sinergi), ("fts5", &fts)] {
                for (rank, id) in ranked.iter().enumerate() {
                    out.push_str(&format!("{name}\t{query}\t{}\t{id}\n", rank + 1));
                }
            }
        }
        std::fs::write(&pool, out)?;
        println!("pool of {} queries written to {pool}", queries.len());
        return Ok(());
    }

    // Which queries count, and their classes.
    let split = arg("--split").unwrap_or_else(|| "all".to_owned());
    let classes: HashMap<String, String> = match arg("--queries") {
        Some(path) => read_queries(&PathBuf::from(path))?
            .into_iter()
            .filter(|(_, _, s)| split == "all" || *s == split)
            .map(|(q, c, _)| (q, c))
            .collect(),
        None => judgements
            .iter()
            .map(|(q, _)| (q.clone(), "all".to_owned()))
            .collect(),
    };
    let judgements: Judgements = judgements
        .into_iter()
        .filter(|(q, _)| classes.contains_key(q))
        .collect();
    // A stored run of an earlier Sinergi (`system<TAB>query<TAB>rank<TAB>id`, as `--pool`
    // writes), scored as a third system.
    let before: Option<HashMap<String, Vec<String>>> = match arg("--before") {
        Some(path) => {
            let mut runs: HashMap<String, Vec<(usize, String)>> = HashMap::new();
            for line in std::fs::read_to_string(path)?.lines() {
                let cols: Vec<&str> = line.split('\t').collect();
                if let [system, query, rank, id] = cols[..]
                    && system == "sinergi"
                {
                    runs.entry(query.to_owned())
                        .or_default()
                        .push((rank.parse()?, id.to_owned()));
                }
            }
            Some(
                runs.into_iter()
                    .map(|(q, mut r)| {
                        r.sort();
                        (q, r.into_iter().map(|(_, id)| id).collect())
                    })
                    .collect(),
            )
        }
        None => None,
    };
    println!("{} queries scored (split: {split})", judgements.len());

    // Per class: (queries, [rr, ndcg] per system: Sinergi, FTS5, before).
    let mut sums: BTreeMap<String, (f64, [[f64; 2]; 3])> = BTreeMap::new();
    let (mut wins, mut losses) = (0, 0);
    println!(
        "\n{:<34} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "query", "judged", "S-RR", "S-nDCG", "F-RR", "F-nDCG", "B-nDCG"
    );
    for (query, grades) in &judgements {
        let class = classes.get(query).cloned().unwrap_or_default();
        let mut q = Query::text(query.as_str(), i64::MAX);
        q.limit = 10;
        let sinergi: Vec<String> = index.search(&q)?.hits.into_iter().map(|h| h.id).collect();
        let fts = fts5_search(&mut conn, query, 10).await?;
        let earlier: Vec<String> = before
            .as_ref()
            .and_then(|b| b.get(query))
            .cloned()
            .unwrap_or_default();
        let scores = [&sinergi, &fts, &earlier]
            .map(|ranked| [reciprocal_rank(ranked, grades), ndcg10(ranked, grades)]);
        for key in [class.clone(), "(all)".to_owned()] {
            let entry = sums.entry(key).or_default();
            entry.0 += 1.0;
            for (sum, score) in entry.1.iter_mut().zip(scores) {
                sum[0] += score[0];
                sum[1] += score[1];
            }
        }
        let (snd, fnd) = (scores[0][1], scores[1][1]);
        if snd > fnd + 1e-9 {
            wins += 1;
        } else if fnd > snd + 1e-9 {
            losses += 1;
        }
        println!(
            "{:<34} {:>6} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3}",
            query,
            grades.len(),
            scores[0][0],
            snd,
            scores[1][0],
            fnd,
            scores[2][1]
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
    println!(
        "\nmean over queries   {:>3}  {:>17} {:>17} {:>17}\n{:<24} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "n",
        "Sinergi",
        "SQLite FTS5",
        "Sinergi before",
        "class",
        "MRR@10",
        "nDCG@10",
        "MRR@10",
        "nDCG@10",
        "MRR@10",
        "nDCG@10"
    );
    for (class, (n, s)) in &sums {
        print!("{class:<20} {n:>3}");
        for [rr, nd] in s {
            print!(" {:>8.3} {:>8.3}", rr / n, nd / n);
        }
        println!();
    }
    if before.is_none() {
        println!("(no --before run: its columns are 0)");
    }
    println!(
        "nDCG@10 per query: Sinergi better on {wins}, FTS5 better on {losses}, tied on the rest"
    );
    Ok(())
}
