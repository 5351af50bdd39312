//! What the examples share: reading the news corpus and the SQLite FTS5 baseline.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use anyhow::Context;
use sqlx::{Connection, Row, SqliteConnection};

/// One article of `../shared/data/news/*.jsonl`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Article {
    pub id: String,
    pub date: Option<String>,
    pub title: String,
    pub body: String,
}

/// Every article of the `*.jsonl` files in `dir`, sorted by id.
pub fn load_corpus(dir: &Path) -> anyhow::Result<Vec<Article>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the news folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut articles = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let article: Article = serde_json::from_str(line)
                .with_context(|| format!("{}:{}", file.display(), n + 1))?;
            articles.push(article);
        }
    }
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    anyhow::ensure!(!articles.is_empty(), "no articles in {}", dir.display());
    Ok(articles)
}

/// `YYYY-MM-DD` → microseconds since the epoch (midnight UTC).
pub fn date_micros(date: Option<&str>) -> Option<i64> {
    let date = date?;
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 * 1_000_000)
}

/// The command-line value after `flag`, if any.
pub fn arg(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The news folder: `--news DIR`, default `../shared/data/news` (from the workspace root).
pub fn news_dir() -> PathBuf {
    arg("--news").map(PathBuf::from).unwrap_or_else(|| {
        let from_cwd = PathBuf::from("../shared/data/news");
        if from_cwd.exists() {
            from_cwd
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news")
        }
    })
}

/// An FTS5 `MATCH` expression for what a person typed: every word quoted (so nothing is
/// read as FTS5 syntax), all required (`AND`), or any (`OR`).
pub fn fts5_match(text: &str, all: bool) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(words.join(if all { " AND " } else { " OR " }))
}

/// A fresh SQLite connection (in memory, or a file) with the FTS5 table.
pub async fn fts5_open(path: Option<&Path>) -> anyhow::Result<SqliteConnection> {
    let url = match path {
        Some(p) => format!("sqlite://{}?mode=rwc", p.display()),
        None => "sqlite::memory:".to_owned(),
    };
    let mut conn = SqliteConnection::connect(&url).await?;
    sqlx::query("PRAGMA journal_mode = OFF")
        .execute(&mut conn)
        .await?;
    sqlx::query("PRAGMA synchronous = OFF")
        .execute(&mut conn)
        .await?;
    sqlx::query(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
    )
    .execute(&mut conn)
    .await
    .context("FTS5 is not compiled into this SQLite")?;
    sqlx::query(
        "CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, kind INTEGER NOT NULL, \
         level INTEGER NOT NULL, province TEXT NOT NULL, unit_code TEXT NOT NULL, \
         published_at INTEGER, visibility INTEGER NOT NULL, embargo_until INTEGER)",
    )
    .execute(&mut conn)
    .await?;
    Ok(conn)
}

/// The ids of the best `limit` documents for `text` by FTS5's BM25 (title weighted 3× like
/// Sinergi), all words required, falling back to any word when none has them all (as
/// Sinergi does).
pub async fn fts5_search(
    conn: &mut SqliteConnection,
    text: &str,
    limit: i64,
) -> anyhow::Result<Vec<String>> {
    for all in [true, false] {
        let Some(expr) = fts5_match(text, all) else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(
            "SELECT meta.id FROM docs JOIN meta ON meta.rowid = docs.rowid \
             WHERE docs MATCH $1 ORDER BY bm25(docs, 3.0, 1.0) LIMIT $2",
        )
        .bind(&expr)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        if !rows.is_empty() || !all {
            return Ok(rows.iter().map(|r| r.get::<String, _>(0)).collect());
        }
    }
    Ok(Vec::new())
}
