//! `sinergi monitor`: media monitoring from the command line.
//!
//! `sinergi monitor eval --releases R.jsonl --articles A.jsonl` runs the pickup matcher of
//! `sinergi-monitor` on two files, with no database: lines of R are `{"id", "text",
//! "title"?}`, lines of A `{"id", "text", "title"?, "url"?, "outlet"?, "published_at"?}`
//! (other fields ignored; ids are echoed exactly as written, string or number). One JSON
//! line per match on standard output, `{"article_id", "release_id", "score", "decision"}`,
//! and a summary on standard error: releases indexed/s, articles matched/s, peak memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::value::RawValue;
use sinergi_monitor::{Matcher, MatcherConfig, ReleaseIndex, Stemming};

#[derive(Subcommand, Debug)]
pub enum MonitorCommand {
    /// Match articles against releases from two JSON Lines files (no database) and print
    /// one JSON line per match.
    Eval(EvalArgs),
    /// Keep the articles of a JSON Lines file (as `eval` reads them) and match them.
    Import(crate::commands::monitor_db::ImportArgs),
    /// Match again the articles published in a period, keeping people's decisions.
    Match(crate::commands::monitor_db::MatchArgs),
    /// Poll the media sources that are due once, then match what they brought.
    Poll(crate::cli::DbArgs),
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Releases: one `{"id", "text", "title"?}` a line.
    #[arg(long)]
    pub releases: PathBuf,
    /// Articles: one `{"id", "text", "title"?, ...}` a line.
    #[arg(long)]
    pub articles: PathBuf,
    /// Score from which a match is credited [default: the matcher's].
    #[arg(long)]
    pub credit: Option<f64>,
    /// Score from which a match waits for review [default: the matcher's].
    #[arg(long)]
    pub review: Option<f64>,
    /// Stemming: snowball (default), sastrawi or none.
    #[arg(long, default_value = "snowball")]
    pub stemming: String,
    /// Terms per k-gram [default: the matcher's].
    #[arg(long)]
    pub k: Option<usize>,
    /// Winnowing window [default: the matcher's].
    #[arg(long)]
    pub window: Option<usize>,
    /// Shortest counted passage, in terms [default: the matcher's].
    #[arg(long)]
    pub min_passage: Option<usize>,
    /// Discount fingerprints found in this many releases [default: the matcher's].
    #[arg(long)]
    pub max_df: Option<usize>,
    /// Fingerprints a release must share to be verified [default: the matcher's].
    #[arg(long)]
    pub min_shared: Option<u32>,
    /// Add the evidence to each line (containment both ways, matched terms, passages).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    text: String,
    #[serde(default)]
    title: Option<String>,
}

struct Doc {
    id: Box<RawValue>,
    text: String,
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<Doc>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line<'_> = serde_json::from_str(line).with_context(|| {
            format!(
                "{}:{}: not a JSON object with id and text",
                path.display(),
                n + 1
            )
        })?;
        let text = match parsed.title {
            Some(title) if !title.trim().is_empty() => format!("{title}\n{}", parsed.text),
            _ => parsed.text,
        };
        docs.push(Doc {
            id: parsed.id.to_owned(),
            text,
        });
    }
    Ok(docs)
}

fn config(args: &EvalArgs) -> anyhow::Result<MatcherConfig> {
    let stemming = match args.stemming.as_str() {
        "sastrawi" => Stemming::Sastrawi,
        "snowball" => Stemming::Snowball,
        "none" => Stemming::None,
        other => anyhow::bail!("unknown stemming {other:?}: sastrawi, snowball or none"),
    };
    let mut config = MatcherConfig {
        stemming,
        ..MatcherConfig::default()
    };
    if let Some(v) = args.credit {
        config.credit_threshold = v;
    }
    if let Some(v) = args.review {
        config.review_threshold = v;
    }
    if let Some(v) = args.k {
        config.k = v;
    }
    if let Some(v) = args.window {
        config.window = v;
    }
    if let Some(v) = args.min_passage {
        config.min_passage = v;
    }
    if let Some(v) = args.min_shared {
        config.min_shared = v;
    }
    if let Some(v) = args.max_df {
        config.max_release_df = v;
    }
    Ok(config)
}

pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let config = config(&args)?;
    let started = Instant::now();
    let releases = read_lines(&args.releases)?;
    let articles = read_lines(&args.articles)?;
    let read_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut matcher = Matcher::new(config.clone());
    let mut index = ReleaseIndex::new(config);
    let setup_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    for release in &releases {
        let terms = matcher.terms(&release.text);
        index.add(terms, None);
    }
    index.refresh();
    let index_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut out = String::new();
    let mut credited = 0usize;
    let mut review = 0usize;
    for article in &articles {
        let found = matcher.match_article(&index, &article.text);
        for m in &found.matches {
            match m.decision {
                sinergi_monitor::Decision::Credited => credited += 1,
                sinergi_monitor::Decision::Review => review += 1,
            }
            let release_id = releases[m.release.0 as usize].id.get();
            out.push_str(&format!(
                "{{\"article_id\":{},\"release_id\":{},\"score\":{:.4},\"decision\":\"{}\"",
                article.id.get(),
                release_id,
                m.score,
                m.decision.as_str()
            ));
            if args.explain {
                let o = &m.overlap;
                out.push_str(&format!(
                    ",\"article_containment\":{:.4},\"release_containment\":{:.4},\"matched\":{},\"long_matched\":{},\"longest\":{},\"passages\":{},\"article_terms\":{},\"release_terms\":{},\"lengths\":{:?}",
                    o.article_containment,
                    o.release_containment,
                    o.matched,
                    o.long_matched,
                    o.longest,
                    o.passages.len(),
                    found.terms.len(),
                    index.terms(m.release).len(),
                    o.passages.iter().map(|p| p.len - p.boilerplate).collect::<Vec<_>>()
                ));
            }
            out.push_str("}\n");
        }
    }
    let match_s = started.elapsed().as_secs_f64();

    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(out.as_bytes())?;
    lock.flush()?;

    let peak = peak_memory_kib();
    let summary = format!(
        "monitor eval: {} releases indexed in {:.3} s ({:.0} releases/s, {} fingerprints), \
         {} articles matched in {:.3} s ({:.0} articles/s), {} credited and {} for review; \
         files read in {:.3} s, analyzer loaded in {:.3} s; peak memory {}\n",
        releases.len(),
        index_s,
        releases.len() as f64 / index_s.max(1e-9),
        index.fingerprint_count(),
        articles.len(),
        match_s,
        articles.len() as f64 / match_s.max(1e-9),
        credited,
        review,
        read_s,
        setup_s,
        match peak {
            Some(kib) => format!("{:.1} MiB (VmHWM)", kib as f64 / 1024.0),
            None => "unknown (no /proc/self/status)".to_owned(),
        }
    );
    let _ = std::io::stderr().lock().write_all(summary.as_bytes());
    Ok(())
}

/// Peak resident memory (VmHWM) in KiB, from /proc/self/status on Linux.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
