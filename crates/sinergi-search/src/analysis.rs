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

use std::collections::HashMap;
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
///
/// It remembers the terms of each word it has seen (stemming is most of the cost of
/// indexing, and news repeats its words): tantivy clones the registered tokenizer for
/// each segment it writes, so each indexing thread has its own memory and needs no lock.
#[derive(Clone, Debug)]
pub struct IndonesianTokenizer {
    analyzer: Arc<Analyzer>,
    words: WordMemory,
}

impl IndonesianTokenizer {
    /// A tokenizer sharing `analyzer`.
    pub fn new(analyzer: Arc<Analyzer>) -> Self {
        Self {
            analyzer,
            words: WordMemory::default(),
        }
    }
}

/// Most words remembered by one tokenizer before it forgets them all (about 40 MB at
/// worst; a year of a province's news holds far fewer distinct words).
const MAX_REMEMBERED_WORDS: usize = 200_000;

/// The terms of words as written: `[]` for a stop word, else the term, then the exact
/// form and a compound's parts (see [`word_terms`]).
#[derive(Clone, Debug, Default)]
struct WordMemory(HashMap<Box<str>, Box<[Box<str>]>>);

impl WordMemory {
    fn terms(&mut self, analyzer: &Analyzer, raw: &str) -> &[Box<str>] {
        if !self.0.contains_key(raw) {
            if self.0.len() >= MAX_REMEMBERED_WORDS {
                self.0.clear();
            }
            self.0.insert(raw.into(), word_terms(analyzer, raw));
        }
        self.0.get(raw).map_or(&[], |terms| terms)
    }
}

/// The terms a word as written is indexed under, all at its position: its term (stem,
/// compound joined), then its exact form marked with [`EXACT_MARK`] when that differs,
/// then a compound's stemmed parts (`ktp` for `e-KTP`). Empty for a stop word.
fn word_terms(analyzer: &Analyzer, raw: &str) -> Box<[Box<str>]> {
    let Some((surface, stem)) = analyzer.token_term(raw, TokenKind::Word) else {
        return Box::default();
    };
    let mut terms: Vec<Box<str>> = Vec::with_capacity(2);
    let exact = exact_form(&surface, &stem);
    // A compound also yields its parts, at its position: `ktp` finds `e-KTP`.
    let parts = if compound::is_compound(&surface) && joined(&surface) == stem {
        analyzer.compound_parts(&surface)
    } else {
        Vec::new()
    };
    terms.push(stem.into());
    if let Some(exact) = exact {
        terms.push(format!("{EXACT_MARK}{exact}").into());
    }
    terms.extend(parts.into_iter().map(String::into_boxed_str));
    terms.into_boxed_slice()
}

/// The tokens of one text (already analysed). Their texts sit in one buffer, copied into
/// the current token's reused `String` as the stream advances: no allocation per token.
#[derive(Debug, Default)]
pub struct TermStream {
    texts: String,
    entries: Vec<Entry>,
    next: usize,
    token: Token,
}

#[derive(Debug)]
struct Entry {
    text: std::ops::Range<usize>,
    start: usize,
    end: usize,
    position: usize,
}

impl TermStream {
    fn push(&mut self, text: &str, start: usize, end: usize, position: usize) {
        let at = self.texts.len();
        self.texts.push_str(text);
        self.entries.push(Entry {
            text: at..self.texts.len(),
            start,
            end,
            position,
        });
    }
}

impl TokenStream for TermStream {
    fn advance(&mut self) -> bool {
        let Some(entry) = self.entries.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.texts[entry.text.clone()]);
        self.token.offset_from = entry.start;
        self.token.offset_to = entry.end;
        self.token.position = entry.position;
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
        let mut stream = TermStream::default();
        for (position, token) in Tokens::new(text).enumerate() {
            if token.kind == TokenKind::Word {
                for term in self.words.terms(&self.analyzer, token.text) {
                    stream.push(term, token.start, token.end, position);
                }
            } else if let Some((_, term)) = self.analyzer.token_term(token.text, token.kind) {
                stream.push(&term, token.start, token.end, position);
            }
        }
        stream
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
        let mut stream = TermStream::default();
        for (position, token) in Tokens::new(text).enumerate() {
            if token.kind != TokenKind::Word && token.kind != TokenKind::Number {
                continue;
            }
            let word = normalize_token(token.text, token.kind);
            for (chars, (at, c)) in word.char_indices().enumerate() {
                if chars >= MAX_PREFIX_CHARS {
                    break;
                }
                stream.push(&word[..at + c.len_utf8()], token.start, token.end, position);
            }
        }
        stream
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

    fn texts_of(mut stream: TermStream) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    #[test]
    fn indonesian_stems_and_keeps_positions() {
        let mut tokenizer = IndonesianTokenizer::new(Arc::new(Analyzer::default()));
        let got = texts_of(tokenizer.token_stream("Pelayanan yang cepat, pembangunan desa"));
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

    /// The terms as the analyzer alone gives them, word by word, with no memory: what the
    /// tokenizer must give, however often it has seen a word.
    fn reference(analyzer: &Analyzer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for term in analyzer.analyze(text) {
            let position = term.position as usize;
            if term.kind != TokenKind::Word {
                out.push((term.text, position));
                continue;
            }
            let surface = normalize_token(&text[term.start..term.end], TokenKind::Word);
            let exact = exact_form(&surface, &term.text);
            let parts = if compound::is_compound(&surface) && joined(&surface) == term.text {
                analyzer.compound_parts(&surface)
            } else {
                Vec::new()
            };
            out.push((term.text, position));
            out.extend(exact.map(|e| (format!("{EXACT_MARK}{e}"), position)));
            out.extend(parts.into_iter().map(|p| (p, position)));
        }
        out
    }

    #[test]
    fn remembered_words_give_the_same_terms() {
        let analyzer = Arc::new(Analyzer::default());
        let mut tokenizer = IndonesianTokenizer::new(analyzer.clone());
        let texts = [
            "Pemerintah Provinsi Jawa Timur meluncurkan e-KTP dan layanan Covid-19 di \
             pu.go.id #InfrastrukturKita pada 12.500 desa; anak-anak bersenang-senang.",
            "Pembangunan jalan tol oleh Pemprov: pembangunan, dibangun, membangun, yang, dan.",
            "S.Sos. Jum'at Ménteri TNI-Polri 4G e-KTP e-KTP pembangunan",
        ];
        // Cold, then warm (every word seen), then after forgetting.
        for round in 0..3 {
            if round == 2 {
                tokenizer.words.0.clear();
            }
            for text in texts {
                assert_eq!(
                    texts_of(tokenizer.token_stream(text)),
                    reference(&analyzer, text),
                    "round {round}: {text}"
                );
            }
        }
        assert!(tokenizer.words.0.contains_key("e-KTP"));
    }

    proptest::proptest! {
        #[test]
        fn remembering_never_changes_the_terms(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "pembangunan", "dibangun", "yang", "e-KTP", "Covid-19", "anak-anak",
                    "Pemprov", "S.Sos.", "4G", "12.500", "pu.go.id", "#Humas", "Ménteri",
                    "TNI-Polri", "kebakaran", "di", "ke-3", "x", "-", "—", "Jum'at",
                ]),
                0..40,
            ),
            seps in proptest::collection::vec(proptest::sample::select(vec![" ", ", ", ". ", "\n\n", "-"]), 40),
        ) {
            let analyzer = Arc::new(Analyzer::default());
            let mut tokenizer = IndonesianTokenizer::new(analyzer.clone());
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let want = reference(&analyzer, &text);
            proptest::prop_assert_eq!(texts_of(tokenizer.token_stream(&text)), want.clone());
            proptest::prop_assert_eq!(texts_of(tokenizer.token_stream(&text)), want);
        }
    }

    #[test]
    fn compounds_keep_the_whole_and_the_parts() {
        let mut tokenizer = IndonesianTokenizer::new(Arc::new(Analyzer::default()));
        let got = texts_of(tokenizer.token_stream("Blangko e-KTP, Covid-19 dan anak-anak"));
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
        let got = texts_of(PrefixTokenizer.token_stream("Kota Dénpasar"));
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
