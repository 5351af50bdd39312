//! Indonesian stop words.
//!
//! **Choice: the 126-entry list of Sastrawi's PHP `StopWordRemoverFactory`** (123 distinct
//! words; `data/sastrawi/stopwords-sastrawi-php.txt`; from `sastrawi/sastrawi`, MIT License,
//! Copyright (c) 2015 Andy Librian). Sastrawi ports disagree (126, 787 and 809 words); the
//! long lists (pysastrawi's 809, Tala's 758-based ones) also hold content words that matter
//! for a government news search, e.g. `bapak`, `ibu`, `hari`, `bulan`, `kerja`, `masalah`,
//! `kasus`, `jelas`, `besar`, `lima`, and even single letters. Dropping those at index time
//! cannot be undone by a query, so we take the conservative list: function words only
//! (conjunctions, prepositions, particles, pronouns), safe for ranking. Stop-word removal is
//! optional in the [`crate::Analyzer`] configuration.

use std::collections::HashSet;

/// The bundled list (one word per line).
pub const SASTRAWI_PHP_STOP_WORDS: &str =
    include_str!("../../../data/sastrawi/stopwords-sastrawi-php.txt");

/// A set of stop words (compared with the normalised, unstemmed word).
#[derive(Debug, Clone, Default)]
pub struct StopWords {
    words: HashSet<Box<str>>,
}

impl StopWords {
    /// The Sastrawi PHP list (see the module documentation for why).
    pub fn sastrawi() -> Self {
        Self::from_words(SASTRAWI_PHP_STOP_WORDS.lines())
    }

    /// No stop words.
    pub fn none() -> Self {
        Self::default()
    }

    /// A custom list; words are trimmed and blank entries skipped.
    pub fn from_words<I>(words: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let words = words
            .into_iter()
            .map(|w| w.as_ref().trim().to_owned())
            .filter(|w| !w.is_empty())
            .map(String::into_boxed_str)
            .collect();
        Self { words }
    }

    /// Whether `word` (already normalised) is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Number of distinct stop words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sastrawi_list() {
        let stop = StopWords::sastrawi();
        assert_eq!(stop.len(), 123);
        assert!(stop.contains("yang"));
        assert!(stop.contains("bagaimanapun"));
        assert!(!stop.contains("bapak"));
        assert!(StopWords::none().is_empty());
    }
}
