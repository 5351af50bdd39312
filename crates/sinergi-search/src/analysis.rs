//! The Indonesian analyzer as tantivy tokenizers.
//!
//! - [`IndonesianTokenizer`] (registered as [`INDONESIAN`]) runs [`sinergi_text::Analyzer`]:
//!   tokenize, normalise, drop stop words, stem with Sastrawi (or Snowball). Dropped stop
//!   words keep their positions, so the phrase "pelayanan yang cepat" matches exactly that
//!   text and not "pelayanan cepat".
//!   Each word whose unstemmed form differs from its stem also yields that form, marked
//!   with [`EXACT_MARK`], at the same position: queries give exact forms a bonus.
//!   A compound (`e-KTP`, `Covid-19`) is indexed joined (`ektp`, `covid19`) and, at the
//!   same position, by its parts (`ktp`; `covid`, `19`).
//! - [`PrefixTokenizer`] (registered as [`PREFIX`]) emits the edge n-grams of each folded,
//!   unstemmed word, for search-as-you-type on names: "denpa" finds "Kota Denpasar".

use std::sync::Arc;

use sinergi_text::compound::{self, joined};
use sinergi_text::normalizer::normalize_token;
use sinergi_text::tokenizer::Tokens;
use sinergi_text::{Analyzer, TokenKind};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name of the Indonesian tokenizer in the index's tokenizer manager.
pub const INDONESIAN: &str = "sinergi_id";
/// Name of the edge n-gram tokenizer for names.
pub const PREFIX: &str = "sinergi_prefix";
/// Longest prefix indexed (in characters); longer query words are cut to this length.
pub const MAX_PREFIX_CHARS: usize = 20;

/// tantivy tokenizer running the Indonesian [`Analyzer`].
#[derive(Clone, Debug)]
pub struct IndonesianTokenizer {
    analyzer: Arc<Analyzer>,
}

impl IndonesianTokenizer {
    /// A tokenizer sharing `analyzer`.
    pub fn new(analyzer: Arc<Analyzer>) -> Self {
        Self { analyzer }
    }
}

/// The tokens of one text (already analysed).
#[derive(Debug)]
pub struct TermStream {
    terms: std::vec::IntoIter<sinergi_text::Term>,
    token: Token,
}

impl TermStream {
    fn new(terms: Vec<sinergi_text::Term>) -> Self {
        Self {
            terms: terms.into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for TermStream {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.next() else {
            return false;
        };
        self.token.text = term.text;
        self.token.offset_from = term.start;
        self.token.offset_to = term.end;
        self.token.position = term.position as usize;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for IndonesianTokenizer {
    type TokenStream<'a> = TermStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream {
        let stems = self.analyzer.analyze(text);
        let mut terms = Vec::with_capacity(stems.len() * 2);
        for stem in stems {
            if stem.kind != TokenKind::Word {
                terms.push(stem);
                continue;
            }
            let surface = normalize_token(&text[stem.start..stem.end], TokenKind::Word);
            let exact = exact_form(&surface, &stem.text);
            // A compound also yields its parts, at its position: `ktp` finds `e-KTP`.
            let parts = if compound::is_compound(&surface) && joined(&surface) == stem.text {
                self.analyzer.compound_parts(&surface)
            } else {
                Vec::new()
            };
            let at = stem.clone();
            terms.push(stem);
            if let Some(exact) = exact {
                terms.push(sinergi_text::Term {
                    text: format!("{EXACT_MARK}{exact}"),
                    ..at.clone()
                });
            }
            for part in parts {
                terms.push(sinergi_text::Term {
                    text: part,
                    ..at.clone()
                });
            }
        }
        TermStream::new(terms)
    }
}

/// The exact form of a word as indexed (normalised, unstemmed, compounds joined), when it
/// differs from the stem.
fn exact_form(surface: &str, stem: &str) -> Option<String> {
    let form = joined(surface);
    (form != stem && !form.is_empty()).then(|| form.into_owned())
}

/// Marks the unstemmed form of a word, indexed beside its stem at the same position.
pub const EXACT_MARK: char = '=';

/// The exact-form term of a query word, when it differs from its stem: matching it adds
/// to the score, so "selatan" ranks articles saying *selatan* above those saying *selat*,
/// and "pembangunan" ranks *pembangunan* above *dibangun*.
pub fn exact_term(surface: &str, stem: &str) -> Option<String> {
    exact_form(&normalize_token(surface, TokenKind::Word), stem).map(|f| format!("{EXACT_MARK}{f}"))
}

/// Edge n-grams (1 to [`MAX_PREFIX_CHARS`] characters) of every normalised word.
#[derive(Clone, Debug, Default)]
pub struct PrefixTokenizer;

impl Tokenizer for PrefixTokenizer {
    type TokenStream<'a> = TermStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream {
        let mut terms = Vec::new();
        for (position, token) in Tokens::new(text).enumerate() {
            if token.kind != TokenKind::Word && token.kind != TokenKind::Number {
                continue;
            }
            let word = normalize_token(token.text, token.kind);
            for (chars, (at, c)) in word.char_indices().enumerate() {
                if chars >= MAX_PREFIX_CHARS {
                    break;
                }
                terms.push(sinergi_text::Term {
                    text: word[..at + c.len_utf8()].to_owned(),
                    start: token.start,
                    end: token.end,
                    position: u32::try_from(position).unwrap_or(u32::MAX),
                    kind: token.kind,
                });
            }
        }
        TermStream::new(terms)
    }
}

/// The prefix term a query word looks up in the [`PREFIX`] field.
pub fn prefix_term(word: &str) -> String {
    let word = normalize_token(word, TokenKind::Word);
    match word.char_indices().nth(MAX_PREFIX_CHARS) {
        Some((at, _)) => word[..at].to_owned(),
        None => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(mut stream: TermStream) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    #[test]
    fn indonesian_stems_and_keeps_positions() {
        let mut tokenizer = IndonesianTokenizer::new(Arc::new(Analyzer::default()));
        let got = texts(tokenizer.token_stream("Pelayanan yang cepat, pembangunan desa"));
        assert_eq!(
            got,
            [
                ("layan".to_owned(), 0),
                ("=pelayanan".to_owned(), 0),
                ("cepat".to_owned(), 2),
                ("bangun".to_owned(), 3),
                ("=pembangunan".to_owned(), 3),
                ("desa".to_owned(), 4)
            ]
        );
        assert_eq!(
            exact_term("Pembangunan", "bangun").as_deref(),
            Some("=pembangunan")
        );
        assert_eq!(exact_term("desa", "desa"), None);
    }

    #[test]
    fn compounds_keep_the_whole_and_the_parts() {
        let mut tokenizer = IndonesianTokenizer::new(Arc::new(Analyzer::default()));
        let got = texts(tokenizer.token_stream("Blangko e-KTP, Covid-19 dan anak-anak"));
        assert_eq!(
            got,
            [
                ("blangko".to_owned(), 0),
                ("ektp".to_owned(), 1),
                ("ktp".to_owned(), 1),
                ("covid19".to_owned(), 2),
                ("covid".to_owned(), 2),
                ("19".to_owned(), 2),
                ("anak".to_owned(), 4),
                ("=anakanak".to_owned(), 4),
            ]
        );
        assert_eq!(exact_term("e-KTP", "ektp"), None);
    }

    #[test]
    fn prefixes_are_edge_ngrams_of_folded_words() {
        let got = texts(PrefixTokenizer.token_stream("Kota Dénpasar"));
        let words: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            words,
            [
                "k", "ko", "kot", "kota", "d", "de", "den", "denp", "denpa", "denpas", "denpasa",
                "denpasar"
            ]
        );
        assert_eq!(prefix_term("DENPA"), "denpa");
        assert_eq!(prefix_term(&"a".repeat(30)).len(), MAX_PREFIX_CHARS);
    }
}
