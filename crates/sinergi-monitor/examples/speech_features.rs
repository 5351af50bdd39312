//! The evidence behind each score, for tuning the weights (`bench/pickup/README.md`, "How
//! it was tuned"): every verified candidate (review threshold near zero), one JSON line
//! each, with its passages and, for each counted term of a passage, a code: the speech
//! class in the article times 3 plus the one in the release (0 narrative, 1 attributed,
//! 2 quoted), plus 9 when it is a name or figure.
//!
//!     # eval-style files (articles may carry "release_id", echoed as "true_release")
//!     cargo run --release -p sinergi-monitor --example speech_features -- R.jsonl A.jsonl
//!     # a pairs file (the same-day set, the hard negatives): each pair alone
//!     cargo run --release -p sinergi-monitor --example speech_features -- pairs P.jsonl
#![expect(clippy::print_stdout, reason = "an example reports on standard output")]

use serde_json::{Value, json};
use sinergi_monitor::{Matcher, MatcherConfig, ReleaseIndex};

/// `(id, title + text, label)`.
type Doc = (Value, String, Value);

fn text_of(v: &Value) -> String {
    let text = v["text"].as_str().unwrap_or_default();
    match v.get("title").and_then(Value::as_str) {
        Some(t) if !t.trim().is_empty() => format!("{t}\n{text}"),
        _ => text.to_owned(),
    }
}

fn lines(path: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("pairs"), Some(path)) => {
            for p in lines(path) {
                let label = json!({"pair": p["pair"], "label": p["label"]});
                run(
                    &[(
                        p["release"]["id"].clone(),
                        text_of(&p["release"]),
                        Value::Null,
                    )],
                    &[(p["article"]["id"].clone(), text_of(&p["article"]), label)],
                );
            }
        }
        (Some(releases), Some(articles)) => {
            let docs = |path: &str| -> Vec<Doc> {
                lines(path)
                    .iter()
                    .map(|v| (v["id"].clone(), text_of(v), v["release_id"].clone()))
                    .collect()
            };
            run(&docs(releases), &docs(articles));
        }
        _ => panic!("usage: speech_features R.jsonl A.jsonl | speech_features pairs P.jsonl"),
    }
}

fn run(releases: &[Doc], articles: &[Doc]) {
    let config = MatcherConfig {
        review_threshold: 1e-9,
        ..MatcherConfig::default()
    };
    let mut matcher = Matcher::new(config.clone());
    let mut index = ReleaseIndex::new(config);
    for (_, text, _) in releases {
        let terms = matcher.terms(text);
        index.add(terms, None);
    }
    index.refresh();
    for (id, text, label) in articles {
        let found = matcher.match_article(&index, text);
        let a = &found.terms;
        for m in &found.matches {
            let r = index.terms(m.release);
            let mut boiler = vec![false; r.len()];
            for (from, to) in index.boilerplate(m.release) {
                for b in &mut boiler[*from as usize..*to as usize] {
                    *b = true;
                }
            }
            let passages: Vec<Value> = m
                .overlap
                .passages
                .iter()
                .map(|p| {
                    let codes: Vec<usize> = (0..p.len as usize)
                        .map(|x| (p.article as usize + x, p.release as usize + x))
                        .filter(|(_, j)| !boiler[*j])
                        .map(|(i, j)| {
                            a.speech[i] as usize * 3
                                + r.speech[j] as usize
                                + if a.names[i] { 9 } else { 0 }
                        })
                        .collect();
                    let passage = a
                        .byte_range(p.article as usize, (p.article + p.len) as usize)
                        .map(|(s, e)| &text[s..e])
                        .unwrap_or_default();
                    json!({"a": p.article, "r": p.release, "len": p.len, "b": p.boilerplate,
                           "k": codes, "t": passage})
                })
                .collect();
            println!(
                "{}",
                json!({
                    "article_id": id, "release_id": releases[m.release.0 as usize].0,
                    "true_release": label, "score": m.score,
                    "at": a.len(), "rt": r.len(), "p": passages,
                })
            );
        }
    }
}
