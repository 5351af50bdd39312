//! Search keys for names: case- and accent-insensitive words.
//!
//! "Kota Denpasar" and "kota  DÉNPASAR" fold to the same words, so a prefix
//! of any word finds the unit. Apostrophes inside a word are dropped
//! ("Soka'an", "Soka’an" → "sokaan"); other punctuation separates words.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a text to lower-case ASCII-ish words separated by single spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd() {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            // Lower-casing can expand ("İ" → "i̇"): drop the marks it adds.
            out.extend(c.to_lowercase().filter(|l| !is_combining_mark(*l)));
        } else {
            pending_space = true;
        }
    }
    out
}

/// The distinct words of a text after folding, in order of appearance.
pub fn terms(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut seen: Vec<String> = Vec::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if !seen.iter().any(|s| s == w) {
            seen.push(w.to_owned());
        }
    }
    seen
}

/// The exclusive upper bound of all strings that start with `prefix`, for
/// an index range scan (`prefix <= term < upper`).
pub fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("Kota DÉNPASAR"), "kota denpasar");
        assert_eq!(fold("  Batu Jong - Jong "), "batu jong jong");
        assert_eq!(fold("Soka\"an"), "soka an");
        assert_eq!(fold("Soka'an"), "sokaan");
        assert_eq!(fold("Soka’an"), "sokaan");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Lubuk Pakam I,II"), "lubuk pakam i ii");
    }

    #[test]
    fn terms_are_distinct() {
        assert_eq!(terms("Batu Jong-Jong"), vec!["batu", "jong"]);
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn every_term_is_below_the_upper_bound_of_its_prefixes(s in "[a-zà-ÿ]{1,12}") {
            for t in terms(&s) {
                for end in t.char_indices().map(|(i, _)| i).skip(1) {
                    let p = &t[..end];
                    prop_assert!(t.as_str() >= p && t < prefix_upper_bound(p));
                }
            }
        }
    }
}
