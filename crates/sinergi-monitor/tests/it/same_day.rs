//! The hand-checked same-day set (`bench/pickup/hard_negatives_same_day.jsonl`, how it was
//! made and checked in `bench/pickup/HARD_NEGATIVES.md`): 73 pairs of real articles from
//! different outlets within a day of each other on one event. 52 are independent reports
//! (hard negatives: no pickup); 21 carry one statement at length in both (a press
//! statement, an official's quotes, a list of figures), which is what a pickup of that
//! statement looks like. Precision of the credited pairs: shared-statement pairs credited
//! over all pairs credited; the independent ones credited are false pickups.

use serde_json::Value;
use sinergi_monitor::{Decision, Matcher, MatcherConfig, ReleaseIndex};

const PAIRS: &str = include_str!("../../../../bench/pickup/hard_negatives_same_day.jsonl");

fn text(doc: &Value) -> String {
    format!(
        "{}\n{}",
        doc["title"].as_str().expect("title"),
        doc["text"].as_str().expect("text")
    )
}

#[derive(Default, Debug)]
struct Tally {
    credited: usize,
    review: usize,
    pairs: usize,
}

#[test]
fn independent_reports_of_one_day_credited_no_more_than_measured() {
    let pairs: Vec<Value> = PAIRS
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(pairs.len(), 73);
    let config = MatcherConfig::default();
    let mut matcher = Matcher::new(config.clone());
    let (mut independent, mut shared) = (Tally::default(), Tally::default());
    let mut false_pickups = Vec::new();
    for pair in &pairs {
        let mut index = ReleaseIndex::new(config.clone());
        index.add(matcher.terms(&text(&pair["release"])), None);
        index.refresh();
        let found = matcher.match_article(&index, &text(&pair["article"]));
        let is_shared = pair["label"] == "shared_statement";
        let tally = if is_shared {
            &mut shared
        } else {
            &mut independent
        };
        tally.pairs += 1;
        for m in &found.matches {
            match m.decision {
                Decision::Credited => {
                    tally.credited += 1;
                    if !is_shared {
                        false_pickups.push((pair["pair"].as_i64().unwrap_or(-1), m.score));
                    }
                }
                Decision::Review => tally.review += 1,
            }
        }
    }
    let credited = independent.credited + shared.credited;
    let precision = shared.credited as f64 / credited.max(1) as f64;
    eprintln!(
        "same-day set: independent {independent:?}, shared statement {shared:?}, \
         precision of credited pairs {precision:.3}, false pickups {false_pickups:?}"
    );
    // Measured (bench/pickup/README.md): 14 of 52 independent pairs credited (22
    // before names, figures and quotes both carry weighed less), every shared-statement
    // pair credited, precision 0.600 (0.488 before). These bounds keep it from getting
    // worse; what is left shares narrative sentences of one statement (pairs 17 and 71).
    assert_eq!(independent.pairs, 52);
    assert!(independent.credited <= 14, "{false_pickups:?}");
    assert!(shared.credited >= 21, "{shared:?}");
    assert!(precision >= 0.599, "precision {precision:.3}");
}
