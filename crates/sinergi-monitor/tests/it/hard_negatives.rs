//! Hard negatives: two outlets writing independently about the same event share names,
//! titles, figures and sometimes an official's quote, but neither carries the other's
//! text. None of them is a pickup; the matcher credits a few (they share whole sentences of
//! an official's statement), and this test keeps that number from growing.
//!
//! `tests/data/hard_negatives.jsonl`: 61 pairs of real articles (CLICK-ID and IndoSum,
//! licences in `tests/data/PROVENANCE.md`) from different outlets, on the same topic
//! (TF-IDF cosine of the texts ≥ 0.40), chosen because they share few word 5-grams
//! (≤ 20 % of the shorter) and fewer than 15 word 6-grams; each pair's titles and shared
//! passages were read by hand to check that the two are separate reports.

use serde_json::Value;
use sinergi_monitor::{Decision, Matcher, MatcherConfig, ReleaseIndex};

const PAIRS: &str = include_str!("../data/hard_negatives.jsonl");

fn text(doc: &Value) -> String {
    format!(
        "{}\n{}",
        doc["title"].as_str().expect("title"),
        doc["text"].as_str().expect("text")
    )
}

#[test]
fn few_independent_reports_of_one_event_are_credited() {
    let pairs: Vec<Value> = PAIRS
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(pairs.len() >= 50);
    let config = MatcherConfig::default();
    let mut matcher = Matcher::new(config.clone());
    let mut credited = Vec::new();
    let mut review = 0;
    // Each pair alone: the release side indexed, the article side matched.
    for pair in &pairs {
        let mut index = ReleaseIndex::new(config.clone());
        index.add(matcher.terms(&text(&pair["release"])), None);
        index.refresh();
        let found = matcher.match_article(&index, &text(&pair["article"]));
        for m in &found.matches {
            match m.decision {
                Decision::Credited => credited.push((
                    pair["article"]["id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    m.score,
                )),
                Decision::Review => review += 1,
            }
        }
    }
    eprintln!(
        "hard negatives: {} of {} credited {credited:?}, {review} for review",
        credited.len(),
        pairs.len()
    );
    // Measured: 4 of 61 credited since names, figures and shared quotes weigh less (10
    // before; bench/pickup/README.md); lower is better.
    assert!(credited.len() <= 4, "credited: {credited:?}");
    // Measured: 16 of 61 wait for a person to reject them (17 before); not most of them.
    assert!(
        review * 3 <= pairs.len(),
        "{review} of {} for review",
        pairs.len()
    );
}
