//! Property tests: no input makes the stemmers, the tokenizer or the analyzer panic, and
//! token offsets always point at the token's text.

use std::sync::OnceLock;

use proptest::prelude::*;
use sinergi_text::normalizer::fold;
use sinergi_text::sastrawi::normalize_text;
use sinergi_text::{Analyzer, Dictionary, Stem, Stemmer, StemmerKind, tokenize};

fn sastrawi() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::new(Dictionary::bundled()))
}

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(Analyzer::default)
}

/// Indonesian-looking words: affix fragments, hyphens and some non-ASCII.
fn wordish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("me"),
            Just("meng"),
            Just("meny"),
            Just("pe"),
            Just("peng"),
            Just("ber"),
            Just("ter"),
            Just("di"),
            Just("ke"),
            Just("se"),
            Just("ku"),
            Just("kau"),
            Just("kan"),
            Just("an"),
            Just("i"),
            Just("nya"),
            Just("lah"),
            Just("pun"),
            Just("-"),
            Just("er"),
            Just("el"),
            Just("em"),
            Just("in"),
            Just("a"),
            Just("k"),
            Just("é"),
            Just("İ"),
            Just("😀"),
            Just("ajar"),
            Just("anak"),
            Just("\u{301}"),
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn stemmer_never_panics(text in any::<String>(), word in wordish()) {
        let stemmer = sastrawi();
        let _ = stemmer.stem(&text);
        let _ = stemmer.stem_word(&text);
        let _ = stemmer.stem_word(&word);
        let _ = stemmer.stem(&word);
        // stem() output is normalised text: lower-case ASCII, single spaces.
        let stemmed = stemmer.stem(&text);
        prop_assert!(stemmed.is_ascii());
        prop_assert!(!stemmed.contains("  "));
        let _ = normalize_text(&text);
    }

    #[test]
    fn snowball_never_panics(text in any::<String>(), word in wordish()) {
        let snowball = StemmerKind::Snowball.build();
        let _ = snowball.stem_word(&fold(&text));
        let _ = snowball.stem_word(&word);
    }

    #[test]
    fn tokenizer_offsets_are_exact(text in any::<String>()) {
        for token in tokenize(&text) {
            prop_assert!(token.start < token.end);
            prop_assert_eq!(&text[token.start..token.end], token.text);
        }
    }

    #[test]
    fn tokenizer_offsets_on_texty_input(
        text in "[a-zA-Z0-9 .,:/@#'’\\-–—“”éİ😀\u{00A0}\u{00AD}\u{2011}]{0,60}"
    ) {
        let mut last_end = 0;
        for token in tokenize(&text) {
            prop_assert!(token.start >= last_end);
            prop_assert_eq!(&text[token.start..token.end], token.text);
            last_end = token.end;
        }
    }

    #[test]
    fn analyzer_never_panics(text in any::<String>()) {
        for term in analyzer().analyze(&text) {
            prop_assert!(!term.text.is_empty());
            prop_assert!(text.is_char_boundary(term.start) && text.is_char_boundary(term.end));
        }
    }
}
