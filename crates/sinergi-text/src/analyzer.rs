//! Text → search terms: tokenize → normalise → drop stop words → stem.
//!
//! The index and the query side must run the same analyzer, so that `Pembangunan`,
//! `membangun` and `dibangunnya` all meet at the term `bangun`.

use crate::compound;
use crate::normalizer::normalize_token;
use crate::stem::{AnyStemmer, Stem, StemmerKind};
use crate::stopwords::StopWords;
use crate::tokenizer::{TokenKind, Tokens};

/// How an [`Analyzer`] is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzerConfig {
    /// The stemming algorithm.
    pub stemmer: StemmerKind,
    /// Drop the Sastrawi stop words (see [`crate::stopwords`]).
    pub remove_stop_words: bool,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        Self {
            stemmer: StemmerKind::Sastrawi,
            remove_stop_words: true,
        }
    }
}

/// One search term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term: normalised and, for words, stemmed.
    pub text: String,
    /// Byte offset of the source token in the analysed text.
    pub start: usize,
    /// Byte offset just past the source token.
    pub end: usize,
    /// Index of the source token among all tokens (stop words included), for phrase and
    /// proximity queries.
    pub position: u32,
    /// The kind of the source token.
    pub kind: TokenKind,
}

/// Turns texts into search terms.
#[derive(Debug, Clone)]
pub struct Analyzer {
    stemmer: AnyStemmer,
    stop_words: StopWords,
}

impl Analyzer {
    /// Builds the analyzer described by `config` (loads the bundled dictionary for Sastrawi).
    pub fn new(config: AnalyzerConfig) -> Self {
        let stop_words = if config.remove_stop_words {
            StopWords::sastrawi()
        } else {
            StopWords::none()
        };
        Self::with_parts(config.stemmer.build(), stop_words)
    }

    /// An analyzer from an existing stemmer and stop-word list (e.g. a custom dictionary).
    pub fn with_parts(stemmer: AnyStemmer, stop_words: StopWords) -> Self {
        Self {
            stemmer,
            stop_words,
        }
    }

    /// Which stemmer is in use.
    pub fn stemmer_kind(&self) -> StemmerKind {
        self.stemmer.kind()
    }

    /// The search terms of `text`, in text order.
    pub fn analyze(&self, text: &str) -> Vec<Term> {
        let mut terms = Vec::new();
        for (position, token) in Tokens::new(text).enumerate() {
            let Some((_, term)) = self.token_term(token.text, token.kind) else {
                continue;
            };
            terms.push(Term {
                text: term,
                start: token.start,
                end: token.end,
                position: u32::try_from(position).unwrap_or(u32::MAX),
                kind: token.kind,
            });
        }
        terms
    }

    /// The term one token (as written) is indexed under, with its normalised form:
    /// `None` for a stop word or a token that normalises to nothing. A word is stemmed and
    /// a compound joined (`e-KTP` → `ektp`); other kinds are only normalised.
    pub fn token_term(&self, raw: &str, kind: TokenKind) -> Option<(String, String)> {
        let normalized = normalize_token(raw, kind);
        if normalized.is_empty() {
            return None;
        }
        if kind != TokenKind::Word {
            return Some((normalized.clone(), normalized));
        }
        if self.stop_words.contains(&normalized) {
            return None;
        }
        let stem = self.stemmer.stem_word(&normalized).into_owned();
        // A compound the stemmer kept (`e-ktp`, not `anak-anak`) is one term without its
        // hyphens, so that `e-KTP` and `eKTP` meet.
        let term = match compound::joined(&stem) {
            std::borrow::Cow::Owned(joined) if !joined.is_empty() => joined,
            _ => stem,
        };
        Some((normalized, term))
    }

    /// The stemmed parts of a compound word (normalised, as written: `e-ktp`, `covid-19`,
    /// `4g`), without stop words and one-letter parts: indexed beside the compound so that
    /// `ktp` finds `e-KTP`. Empty for other words.
    pub fn compound_parts(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for part in compound::parts(word) {
            if part.chars().count() < 2 || self.stop_words.contains(part) {
                continue;
            }
            let stem = self.stemmer.stem_word(part).into_owned();
            if !out.contains(&stem) {
                out.push(stem);
            }
        }
        out
    }

    /// Only the term strings of `text` (convenient for queries).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyze(text)
            .into_iter()
            .map(|term| term.text)
            .collect()
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new(AnalyzerConfig::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sentence_sastrawi() {
        // okezone.com, 2019-09-18 (CLICK-ID corpus, clickid-00144268d333d1cf).
        let text = "Menko Polhukam Wiranto mengatakan kebakaran hutan dan lahan (karhutla) di \
                    Provinsi Riau tak separah apa yang diberitakan.";
        let analyzer = Analyzer::default();
        assert_eq!(
            analyzer.terms(text),
            [
                "menko", "polhukam", "wiranto", "kata", "bakar", "hutan", "lahan", "karhutla",
                "provinsi", "riau", "tak", "parah", "apa", "berita"
            ]
        );
        let terms = analyzer.analyze(text);
        assert_eq!(&text[terms[3].start..terms[3].end], "mengatakan");
        assert_eq!(terms[3].position, 3);
        // "dan" (position 6) was dropped, positions keep the gap.
        assert_eq!(terms[6].position, 7);
    }

    #[test]
    fn keeps_special_tokens_unstemmed() {
        let analyzer = Analyzer::default();
        let terms = analyzer
            .analyze("Pembangunan jalan tol 1.234,5 km, info di pu.go.id #InfrastrukturKita");
        let got: Vec<(&str, TokenKind)> = terms.iter().map(|t| (t.text.as_str(), t.kind)).collect();
        assert_eq!(
            got,
            [
                ("bangun", TokenKind::Word),
                ("jalan", TokenKind::Word),
                ("tol", TokenKind::Word),
                ("1.234,5", TokenKind::Number),
                ("km", TokenKind::Word),
                ("info", TokenKind::Word),
                ("pu.go.id", TokenKind::Url),
                ("#infrastrukturkita", TokenKind::Hashtag),
            ]
        );
    }

    #[test]
    fn reduplication_and_diacritics() {
        let analyzer = Analyzer::default();
        assert_eq!(
            analyzer.terms("Anak-anak bersenang-senang, Ménteri berkata"),
            ["anak", "senang", "menteri", "kata"]
        );
    }

    #[test]
    fn compounds_are_joined_and_split() {
        let analyzer = Analyzer::default();
        assert_eq!(
            analyzer.terms("e-KTP, eKTP, Covid-19, TNI-Polri dan 4G"),
            ["ektp", "ektp", "covid19", "tnipolri", "4g"]
        );
        // Reduplication is no compound: the stemmer reduces it.
        assert_eq!(analyzer.terms("anak-anak"), ["anak"]);
        assert_eq!(analyzer.compound_parts("e-ktp"), ["ktp"]);
        assert_eq!(analyzer.compound_parts("covid-19"), ["covid", "19"]);
        assert_eq!(analyzer.compound_parts("tni-polri"), ["tni", "polri"]);
        assert_eq!(
            analyzer.compound_parts("pemkab-pemkot"),
            ["pemkab", "pemkot"]
        );
        assert!(
            analyzer.compound_parts("4g").is_empty(),
            "one-letter parts are left out"
        );
        assert!(analyzer.compound_parts("desa").is_empty());
    }

    #[test]
    fn snowball_and_no_stop_words() {
        let analyzer = Analyzer::new(AnalyzerConfig {
            stemmer: StemmerKind::Snowball,
            remove_stop_words: false,
        });
        assert_eq!(analyzer.stemmer_kind(), StemmerKind::Snowball);
        // Snowball is cruder than Sastrawi: it stops at "kelanjut" (Sastrawi: "lanjut").
        assert_eq!(
            analyzer.terms("pembangunan yang berkelanjutan"),
            ["bangun", "yang", "kelanjut"]
        );
    }
}
