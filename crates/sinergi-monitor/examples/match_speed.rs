//! The matcher's speed alone, without JSON output, split into its two halves: analysis
//! (text → terms) and matching (terms → decisions). Each round matches every article once;
//! the first round (which also stems the forms no release had, as `sinergi monitor eval`
//! does) and the median round are reported, so that a profile (`perf record`) or an A/B comparison
//! (`bench/pickup/README.md`) sees the steady state rather than one short run.
//!
//!     cargo build --release -p sinergi-monitor --example match_speed
//!     taskset -c 1 target/release/examples/match_speed R.jsonl A.jsonl [ROUNDS]
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example reports on standard output and its usage on standard error"
)]

use std::time::Instant;

use serde_json::Value;
use sinergi_monitor::{Decision, Matcher, MatcherConfig, ReleaseIndex, Terms};

fn texts(path: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            let text = v["text"].as_str().unwrap_or_default();
            match v.get("title").and_then(Value::as_str) {
                Some(t) if !t.trim().is_empty() => format!("{t}\n{text}"),
                _ => text.to_owned(),
            }
        })
        .collect()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(r), Some(a)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: match_speed RELEASES.jsonl ARTICLES.jsonl [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let (releases, articles) = (texts(r), texts(a));
    let config = MatcherConfig::default();
    let mut matcher = Matcher::new(config.clone());
    let mut index = ReleaseIndex::new(config);
    let started = Instant::now();
    for text in &releases {
        let terms = matcher.terms(text);
        index.add(terms, None);
    }
    index.refresh();
    let index_s = started.elapsed().as_secs_f64();

    // MATCH_DUMP=FILE writes every match (article, release, score, decision), to check that
    // a faster build decides exactly as the one before.
    if let Ok(path) = std::env::var("MATCH_DUMP") {
        let mut out = String::new();
        for (a, text) in articles.iter().enumerate() {
            for m in matcher.match_article(&index, text).matches {
                out.push_str(&format!(
                    "{a} {} {:.6} {}\n",
                    m.release.0,
                    m.score,
                    m.decision.as_str()
                ));
            }
        }
        std::fs::write(&path, out).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    let (mut whole, mut analysis, mut matching) = (Vec::new(), Vec::new(), Vec::new());
    let mut credited = 0;
    for round in 0..rounds {
        let started = Instant::now();
        let mut c = 0;
        for text in &articles {
            let found = matcher.match_article(&index, text);
            c += found
                .matches
                .iter()
                .filter(|m| m.decision == Decision::Credited)
                .count();
        }
        whole.push(started.elapsed().as_secs_f64());
        if round == 0 {
            credited = c;
        }
        let started = Instant::now();
        let terms: Vec<Terms> = articles.iter().map(|t| matcher.terms(t)).collect();
        analysis.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        for t in &terms {
            std::hint::black_box(matcher.match_terms(&index, t));
        }
        matching.push(started.elapsed().as_secs_f64());
    }
    let n = articles.len() as f64;
    println!(
        "{} releases indexed in {:.3} s ({:.0}/s); {} articles, {credited} credited; first round {:.0} articles/s; \
         median of {rounds} rounds: {:.0} articles/s whole, analysis {:.0}/s, matching {:.0}/s",
        releases.len(),
        index_s,
        releases.len() as f64 / index_s,
        articles.len(),
        n / whole[0],
        n / median(whole),
        n / median(analysis),
        n / median(matching),
    );
}
