//! Replays the Sastrawi PHP test suite (data/sastrawi/sastrawi-cases.tsv, 207 active cases)
//! and the per-rule disambiguator tests (data/sastrawi/sastrawi-disambiguator-cases.tsv,
//! 143 cases). Every case is checked and all failures are reported together.

use sinergi_text::sastrawi::{Dictionary, Rule, Stemmer};

const CASES: &str = include_str!("../../../../data/sastrawi/sastrawi-cases.tsv");
const DISAMBIGUATOR_CASES: &str =
    include_str!("../../../../data/sastrawi/sastrawi-disambiguator-cases.tsv");
const FUNCTIONAL_DICTIONARY: &str =
    include_str!("../../../../data/sastrawi/sastrawi-functional-test-dictionary.txt");

/// Undoes the TSV's `\n` escape (used by the multi-sentence `text` cases).
fn unescape(field: &str) -> String {
    field.replace("\\n", "\n")
}

#[test]
fn sastrawi_suite_207_cases() {
    let functional = Stemmer::new(Dictionary::parse(FUNCTIONAL_DICTIONARY));
    let default = Stemmer::new(Dictionary::bundled());
    let mut header_seen = false;
    let (mut passed, mut failures) = (0, Vec::new());
    for line in CASES.lines() {
        if !header_seen {
            header_seen = true;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [suite, kind, dictionary, word, expected, status, source, ..] = fields[..] else {
            panic!("malformed row: {line:?}");
        };
        if status != "active" {
            continue;
        }
        let custom;
        let stemmer = match dictionary {
            "functional-test-dictionary" => &functional,
            "default" => &default,
            other => {
                let words = other
                    .strip_prefix("custom:")
                    .expect("known dictionary kind");
                custom = Stemmer::new(Dictionary::from_words(words.split(',')));
                &custom
            }
        };
        let input = unescape(word);
        // The PHP tests call `stem()` for single words (`kind` word) and texts alike.
        debug_assert!(kind == "word" || kind == "text");
        let got = stemmer.stem(&input);
        if got == unescape(expected) {
            passed += 1;
        } else {
            failures.push(format!(
                "{suite} {source}: {word:?} -> {got:?}, expected {expected:?}"
            ));
        }
    }
    println!("sastrawi cases: {passed} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
    assert_eq!(passed, 207);
}

#[test]
fn disambiguator_rules_143_cases() {
    let (mut passed, mut failures) = (0, Vec::new());
    for line in DISAMBIGUATOR_CASES.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [rule_id, word, expected, source, ..] = fields[..] else {
            panic!("malformed row: {line:?}");
        };
        let rule = Rule::from_id(rule_id).unwrap_or_else(|| panic!("unknown rule {rule_id}"));
        let got = rule.disambiguate(word);
        let expected = (expected != "NULL").then(|| expected.to_owned());
        if got == expected {
            passed += 1;
        } else {
            failures.push(format!(
                "rule {rule_id} ({source}): {word:?} -> {got:?}, expected {expected:?}"
            ));
        }
    }
    println!(
        "disambiguator cases: {passed} passed, {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
    assert_eq!(passed, 143);
}
