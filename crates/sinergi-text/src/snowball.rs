//! The Snowball Indonesian stemmer (Tala 2003), via `snowball_stemmers_rs`.
//!
//! Offered as the fallback for installations that cannot accept the CC-BY-NC-SA licence of
//! Sastrawi's root dictionary: it needs no dictionary at all. It strips affixes by rule
//! only, so it over- and under-stems more than Sastrawi (it has no way to tell that
//! `makan` is a root and not `mak` + `-an`).

use std::borrow::Cow;

use snowball_stemmers_rs::{Algorithm, Stemmer as Snowball};

use crate::stem::Stem;

/// Snowball's Indonesian algorithm. Expects lower-case input.
pub struct SnowballStemmer {
    inner: Snowball,
}

impl SnowballStemmer {
    /// Creates the stemmer (cheap: no data to load).
    pub fn new() -> Self {
        Self {
            inner: Snowball::create(Algorithm::Indonesian),
        }
    }
}

impl Clone for SnowballStemmer {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl Default for SnowballStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for SnowballStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SnowballStemmer(Indonesian)")
    }
}

impl Stem for SnowballStemmer {
    fn stem_word<'a>(&self, word: &'a str) -> Cow<'a, str> {
        self.inner.stem(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_without_a_dictionary() {
        let s = SnowballStemmer::new();
        assert_eq!(s.stem_word("pembangunan"), "bangun");
        assert_eq!(s.stem_word("ménjadi"), s.stem_word("ménjadi"));
    }
}
