//! Compound words: hyphenated (`e-KTP`, `TNI-Polri`, `Covid-19`) and alphanumeric (`4G`,
//! `G20`, `Covid19`) forms that a reader types in several ways (`e-KTP`, `eKTP`, `e KTP`).
//!
//! The tokenizer keeps such a word as one token; the search index stores it in its
//! [`joined`] form (hyphens removed: `ektp`, so `e-KTP` and `eKTP` meet) and, beside it at
//! the same position, each of its [`parts`] (`ktp` finds `e-KTP`). Reduplication
//! (`anak-anak`) is not a compound: the stemmer reduces it to its root first.

use std::borrow::Cow;

/// Whether `word` (normalised) is a compound: it holds a hyphen between two word
/// characters, or both letters and digits.
pub fn is_compound(word: &str) -> bool {
    word.contains('-')
        || (word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(char::is_alphabetic))
}

/// `word` without its hyphens: the form under which a compound is indexed.
pub fn joined(word: &str) -> Cow<'_, str> {
    if word.contains('-') {
        Cow::Owned(word.replace('-', ""))
    } else {
        Cow::Borrowed(word)
    }
}

/// The parts of a compound, split at hyphens and where letters meet digits
/// (`covid-19` → `covid`, `19`; `4g` → `4`, `g`); empty when `word` is no compound.
pub fn parts(word: &str) -> Vec<&str> {
    if !is_compound(word) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for piece in word.split('-').filter(|p| !p.is_empty()) {
        let mut start = 0;
        let mut previous: Option<bool> = None;
        for (at, c) in piece.char_indices() {
            let digit = c.is_ascii_digit();
            if previous.is_some_and(|p| p != digit) {
                out.push(&piece[start..at]);
                start = at;
            }
            previous = Some(digit);
        }
        out.push(&piece[start..]);
    }
    if out.len() < 2 { Vec::new() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hyphenated_and_alphanumeric() {
        assert_eq!(parts("e-ktp"), ["e", "ktp"]);
        assert_eq!(parts("covid-19"), ["covid", "19"]);
        assert_eq!(parts("tni-polri"), ["tni", "polri"]);
        assert_eq!(parts("4g"), ["4", "g"]);
        assert_eq!(parts("g20"), ["g", "20"]);
        assert_eq!(parts("covid19"), ["covid", "19"]);
        assert!(parts("desa").is_empty());
        assert!(parts("2019").is_empty());
        assert_eq!(joined("e-ktp"), "ektp");
        assert_eq!(joined("4g"), "4g");
        assert!(is_compound("go-jek") && is_compound("b20") && !is_compound("gojek"));
    }

    proptest! {
        #[test]
        fn parts_rejoin_to_the_joined_word(word in "[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}") {
            let parts = parts(&word);
            if is_compound(&word) {
                prop_assert_eq!(parts.concat(), joined(&word).into_owned());
                prop_assert!(parts.len() >= 2);
            } else {
                prop_assert!(parts.is_empty());
            }
        }
    }
}
