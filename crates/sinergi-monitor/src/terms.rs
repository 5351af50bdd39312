//! Text → the sequence of matching terms, with the byte span of each.
//!
//! A term is what the Indonesian analyzer of `sinergi-text` makes of a token: normalised
//! (case, diacritics, dots and apostrophes), stop words dropped, and (by default) stemmed
//! with Snowball, so that `membangun` in a release meets `dibangun` in a newsroom rewrite.
//! Each term is kept as a stable 32-bit hash: matching only ever compares terms.
//!
//! Snowball rather than Sastrawi (which search uses): both texts of a pair go through the
//! same stemmer, so agreement matters more than finding the dictionary root, and the two
//! decide alike on every measured set (`bench/pickup/README.md`) while Snowball stems a
//! form about six times faster, which is most of the cost of an article's new words.
//! It needs no root dictionary either (Sastrawi's is CC-BY-NC-SA).
//!
//! Stemming is the expensive step, and news repeats its words: [`TermMaker`] caches the
//! term of every token form it has seen (bounded; emptied when full), keyed by a 64-bit
//! hash of the form as written (two forms sharing a hash, about one chance in 10^10 for a
//! cache of 200,000 forms, would share a term).

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};
use sinergi_text::normalizer::normalize_token;
use sinergi_text::tokenizer::Tokens;
use sinergi_text::{Analyzer, AnalyzerConfig, StemmerKind, StopWords};

use crate::speech::{Speech, SpeechScan, is_attribution};

/// The terms of one text: `hashes[i]` is the i-th term, `spans[i]` its byte range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// Stable hash of each term, in text order.
    pub hashes: Vec<u32>,
    /// Byte range `(start, end)` of the token each term comes from.
    pub spans: Vec<(u32, u32)>,
    /// Whether each term is narrative, attributed or quoted speech ([`crate::speech`]).
    pub speech: Vec<Speech>,
    /// Whether each term is a name or a figure: a capitalised word that does not open a
    /// sentence or a quote (`Jokowi`, `Kementerian`, `KPK`), or a token starting with a
    /// digit (`2019`, `5,25%`).
    pub names: Vec<bool>,
}

impl Terms {
    /// Number of terms.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether there is no term at all.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The byte range covered by terms `from..to` (end exclusive), `None` when empty.
    pub fn byte_range(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        if from >= to || to > self.spans.len() {
            return None;
        }
        Some((self.spans[from].0 as usize, self.spans[to - 1].1 as usize))
    }
}

/// Whether terms are stemmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    /// Sastrawi with the bundled dictionary.
    Sastrawi,
    /// Snowball Indonesian (no dictionary; the default).
    Snowball,
    /// Normalised forms only (stop words still dropped).
    None,
}

/// Above this many cached token forms the cache is emptied (about 10 MB).
const CACHE_LIMIT: usize = 200_000;
/// Forms the cache has room for at first (about 1 MB).
const CACHE_START: usize = 50_000;

/// Turns texts into [`Terms`]; keeps a cache, so one per thread.
#[derive(Debug, Clone)]
pub struct TermMaker {
    analyzer: Option<Analyzer>,
    stop_words: StopWords,
    /// Token form → its [`Cached`] term and flags, packed in 64 bits so that an entry
    /// stays 16 bytes (the lookup is the hottest step of matching).
    cache: FxHashMap<u64, u64>,
}

impl TermMaker {
    /// A term maker with the given stemming.
    pub fn new(stemming: Stemming) -> Self {
        let analyzer = match stemming {
            Stemming::Sastrawi => Some(StemmerKind::Sastrawi),
            Stemming::Snowball => Some(StemmerKind::Snowball),
            Stemming::None => None,
        }
        .map(|stemmer| {
            Analyzer::new(AnalyzerConfig {
                stemmer,
                remove_stop_words: true,
            })
        });
        Self {
            analyzer,
            stop_words: StopWords::sastrawi(),
            // Room for the forms of a few thousand texts from the start, so that the table
            // is not copied as it grows while the first articles are read.
            cache: FxHashMap::with_capacity_and_hasher(CACHE_START, Default::default()),
        }
    }

    /// The terms of `text`.
    pub fn terms(&mut self, text: &str) -> Terms {
        let mut out = Terms::default();
        self.terms_into(text, &mut out);
        out
    }

    /// The terms of `text`, written into `out` (cleared first), to reuse its buffers.
    pub fn terms_into(&mut self, text: &str, out: &mut Terms) {
        out.hashes.clear();
        out.spans.clear();
        out.speech.clear();
        out.names.clear();
        // About one term per 8 bytes of news text: one allocation per buffer, mostly.
        let expected = text.len() / 8;
        out.hashes.reserve(expected);
        out.spans.reserve(expected);
        out.speech.reserve(expected);
        out.names.reserve(expected);
        let mut scan = SpeechScan::default();
        let mut prev_end = 0;
        for token in Tokens::new(text) {
            // One space between words, the usual gap, changes nothing.
            if token.start != prev_end + 1 || text.as_bytes()[prev_end] != b' ' {
                scan.gap(text, prev_end, token.start, &mut out.speech);
            }
            prev_end = token.end;
            let key = FxBuildHasher.hash_one(token.text);
            let entry = match self.cache.get(&key) {
                Some(entry) => *entry,
                None => {
                    let entry = pack(
                        self.term_of(token.text, token.kind),
                        is_attribution(token.text),
                    );
                    if self.cache.len() >= CACHE_LIMIT {
                        self.cache.clear();
                    }
                    self.cache.insert(key, entry);
                    entry
                }
            };
            let (hash, attribution) = unpack(entry);
            match hash {
                Some(hash) => {
                    let name = match token.text.chars().next() {
                        Some(c) if c.is_ascii_digit() => true,
                        Some(c) if c.is_uppercase() => !scan.at_start(),
                        _ => false,
                    };
                    out.hashes.push(hash);
                    out.spans.push((offset(token.start), offset(token.end)));
                    out.speech.push(scan.term(attribution));
                    out.names.push(name);
                }
                None => scan.skipped(attribution),
            }
        }
        scan.gap(text, prev_end, text.len(), &mut out.speech);
        scan.finish(&mut out.speech);
    }

    fn term_of(&self, raw: &str, kind: sinergi_text::TokenKind) -> Option<u32> {
        let term = match &self.analyzer {
            Some(analyzer) => analyzer.token_term(raw, kind)?.1,
            None => {
                let normalized = normalize_token(raw, kind);
                if normalized.is_empty() || self.stop_words.contains(&normalized) {
                    return None;
                }
                normalized
            }
        };
        Some(term_hash(&term))
    }
}

/// A cache entry: the term in the low 32 bits, then whether there is one (bit 32) and
/// whether the token attributes speech (bit 33).
fn pack(term: Option<u32>, attribution: bool) -> u64 {
    let mut entry = u64::from(attribution) << 33;
    if let Some(term) = term {
        entry |= 1 << 32 | u64::from(term);
    }
    entry
}

fn unpack(entry: u64) -> (Option<u32>, bool) {
    let term = (entry >> 32 & 1 == 1).then_some(entry as u32);
    (term, entry >> 33 & 1 == 1)
}

fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

/// A stable 32-bit hash of a term (FNV-1a, then a 64-bit finaliser, folded): the same in
/// every process and version, so fingerprints could be stored.
pub fn term_hash(term: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fold(mix64(h))
}

/// A 64-bit hash folded to 32 bits (a term, a q-gram key of verification).
#[inline]
pub fn fold(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// The splitmix64 finaliser: spreads every input bit over the whole word.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemmed_forms_meet_and_stop_words_go() {
        let mut maker = TermMaker::new(Stemming::Sastrawi);
        let a = maker.terms("Pemerintah membangun jembatan di desa itu.");
        let b = maker.terms("jembatan dibangun pemerintah");
        assert_eq!(a.len(), 4, "di and itu are stop words");
        assert_eq!(a.hashes[1], maker.terms("dibangun").hashes[0]);
        assert_eq!(b.hashes[0], a.hashes[2]);
        let text = "Pemerintah membangun jembatan";
        let t = maker.terms(text);
        assert_eq!(t.byte_range(1, 3), Some((11, text.len())));
        assert_eq!(
            &text[t.spans[1].0 as usize..t.spans[1].1 as usize],
            "membangun"
        );
    }

    #[test]
    fn names_and_figures_are_marked_but_not_a_capital_that_opens_a_sentence() {
        let mut maker = TermMaker::new(Stemming::None);
        let text = "Presiden Joko Widodo meresmikan bendungan senilai Rp2,1 triliun pada \
                    2019. \"Bendungan ini untuk petani,\" kata Jokowi.";
        let t = maker.terms(text);
        let names: Vec<(&str, bool)> = t
            .spans
            .iter()
            .zip(&t.names)
            .map(|((s, e), n)| (&text[*s as usize..*e as usize], *n))
            .collect();
        let name = |w: &str| names.iter().find(|(x, _)| *x == w).map(|(_, n)| *n);
        assert_eq!(name("Presiden"), Some(false), "opens the text");
        assert_eq!(name("Joko"), Some(true));
        assert_eq!(name("Widodo"), Some(true));
        assert_eq!(name("meresmikan"), Some(false));
        assert_eq!(name("2019"), Some(true));
        assert_eq!(name("Bendungan"), Some(false), "opens a quote");
        assert_eq!(name("petani"), Some(false));
        assert_eq!(name("Jokowi"), Some(true));
        assert_eq!(t.names.len(), t.len());
    }

    #[test]
    fn cache_entries_pack_and_unpack() {
        for term in [None, Some(0), Some(7), Some(u32::MAX)] {
            for attribution in [false, true] {
                assert_eq!(unpack(pack(term, attribution)), (term, attribution));
            }
        }
    }

    #[test]
    fn without_stemming_forms_differ() {
        let mut maker = TermMaker::new(Stemming::None);
        let a = maker.terms("membangun");
        let b = maker.terms("dibangun");
        assert_ne!(a.hashes, b.hashes);
        assert!(maker.terms("dan yang di").is_empty());
    }

    #[test]
    fn cached_and_uncached_agree() {
        let mut maker = TermMaker::new(Stemming::Sastrawi);
        let first = maker.terms("Kementerian Kesehatan menyalurkan vaksin, vaksin disalurkan");
        let second = maker.terms("Kementerian Kesehatan menyalurkan vaksin, vaksin disalurkan");
        assert_eq!(first, second);
        assert_eq!(
            first.hashes[2], first.hashes[5],
            "menyalurkan and disalurkan: salur"
        );
        assert_eq!(term_hash("salur"), term_hash("salur"));
        assert_ne!(term_hash("salur"), term_hash("salut"));
    }
}
