//! The root-word dictionary that Sastrawi looks every intermediate form up in.
//!
//! Sastrawi is a dictionary-driven stemmer: an affix is only accepted as removed when the
//! remaining word is a known root. The lookup therefore sits on the hot path (a word can
//! take dozens of lookups), so the set uses a small FxHash-style hasher instead of SipHash:
//! the keys are not attacker-controlled in a way that matters (the set is built once from a
//! trusted file, and a collision only costs time, never correctness).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

/// The bundled Sastrawi root-word list (`data/sastrawi/kata-dasar.txt`, 29,932 words).
///
/// **Licence: CC-BY-NC-SA 3.0, not Apache-2.0 like our code.** The list is derived from Kateglo (see
/// `data/sastrawi/LICENSE-kata-dasar.md`); Kateglo notes that its Pusat Bahasa data is Pusat
/// Bahasa's copyright, used with permission. Installations that cannot accept a
/// non-commercial licence should use [`crate::StemmerKind::Snowball`] instead.
pub const BUNDLED_KATA_DASAR: &str = include_str!("../../../../data/sastrawi/kata-dasar.txt");

/// A set of root words (kata dasar).
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    words: HashSet<Box<str>, BuildHasherDefault<FxHasher>>,
}

impl Dictionary {
    /// Builds a dictionary from words. Like Sastrawi's `ArrayDictionary`, blank entries are
    /// skipped and the others are stored exactly as given (no trimming, no case folding).
    pub fn from_words<I>(words: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut dictionary = Self::default();
        for word in words {
            dictionary.add(word.as_ref());
        }
        dictionary
    }

    /// Parses a word list with one word per line (the `kata-dasar.txt` format). A trailing
    /// `\r` is dropped so that files with Windows line ends load the same words.
    pub fn parse(text: &str) -> Self {
        Self::from_words(
            text.split('\n')
                .map(|line| line.strip_suffix('\r').unwrap_or(line)),
        )
    }

    /// Reads and parses a word list file (see [`Dictionary::parse`]).
    pub fn load(path: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(Self::parse(&std::fs::read_to_string(path)?))
    }

    /// The bundled Sastrawi dictionary (29,932 root words).
    ///
    /// **This data is CC-BY-NC-SA 3.0** (derived from Kateglo), unlike the code of this crate
    /// (Apache-2.0); see [`BUNDLED_KATA_DASAR`].
    pub fn bundled() -> Self {
        Self::parse(BUNDLED_KATA_DASAR)
    }

    /// Adds one word; blank words (empty or whitespace only) are ignored, as in Sastrawi.
    pub fn add(&mut self, word: &str) {
        if word.trim().is_empty() {
            return;
        }
        if !self.words.contains(word) {
            self.words.insert(word.into());
        }
    }

    /// Whether `word` is a root word.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the dictionary holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A minimal FxHash (the rustc hasher): fast on short keys, which dictionary words are.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add_to_hash(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add_to_hash(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add_to_hash(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add_to_hash(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The product's low bits depend only on the input's low bits (a word's first
        // letters), and the table picks a bucket by the low bits: rotating the well-mixed
        // high bits down spreads words that share their first letters (as rustc-hash 2).
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_skips_blank_lines_and_keeps_words_verbatim() {
        let dictionary = Dictionary::parse("ajar\r\n\n  \nbaca\nOper ");
        assert!(dictionary.contains("ajar"));
        assert!(dictionary.contains("baca"));
        assert!(dictionary.contains("Oper "));
        assert!(!dictionary.contains(""));
        assert_eq!(dictionary.len(), 3);
    }

    #[test]
    fn bundled_dictionary_has_all_words() {
        let dictionary = Dictionary::bundled();
        assert_eq!(dictionary.len(), 29_932);
        assert!(dictionary.contains("ajar"));
        assert!(dictionary.contains("abal-abal"));
    }
}
