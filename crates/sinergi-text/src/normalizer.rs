//! Search normalisation of tokens: case, diacritics and punctuation variants.
//!
//! News and government text mixes spellings that should find each other: "Ménteri" and
//! "Menteri", "Jum'at" typed with a straight or a curly apostrophe, fullwidth or ligature
//! forms pasted from PDFs. Folding is: lower-case (Unicode), compatibility decomposition
//! (NFKD) with all combining marks dropped (é → e, İ → i, ﬁ → fi), curly quotes and prime
//! signs to ASCII quotes, dash/hyphen variants to `-`, exotic spaces to a plain space, and
//! invisible characters (soft hyphen, zero-width space/joiners, BOM) removed.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::tokenizer::TokenKind;

/// Maps punctuation variants to their ASCII form; `None` drops the character.
fn map_punctuation(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{202A}'..='\u{202E}' => {
            return None;
        }
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// Folds `text` for search: see the module documentation.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let Some(c) = map_punctuation(c) else {
            continue;
        };
        for lower in c.to_lowercase() {
            decompose_compatible(lower, |d| {
                if !is_combining_mark(d) {
                    // NFKD can itself produce punctuation variants (e.g. U+2011 → U+2010).
                    if let Some(d) = map_punctuation(d) {
                        out.push(d);
                    }
                }
            });
        }
    }
    out
}

/// The normalised search form of a token of the given kind.
///
/// Words also lose their dots and apostrophes, so that the dotted abbreviation "S.Sos."
/// matches "SSos" and "Jum'at" matches the common spelling "Jumat"; hyphens stay (the
/// stemmer needs them for reduplication, `anak-anak`). Numbers, URLs, e-mail addresses,
/// hashtags and mentions are only folded.
pub fn normalize_token(text: &str, kind: TokenKind) -> String {
    let mut folded = fold(text);
    if kind == TokenKind::Word {
        folded.retain(|c| c != '.' && c != '\'');
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("Ménteri"), "menteri");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ﬁnal"), "final");
        assert_eq!(fold("Jum\u{2019}at"), "jum'at");
        assert_eq!(fold("anak\u{2011}anak"), "anak-anak");
        assert_eq!(fold("a\u{00A0}b"), "a b");
        assert_eq!(fold("pem\u{00AD}bangunan"), "pembangunan");
        assert_eq!(fold("\u{201C}kutip\u{201D}"), "\"kutip\"");
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn word_normalisation_drops_dots_and_apostrophes() {
        assert_eq!(normalize_token("S.Sos.", TokenKind::Word), "ssos");
        assert_eq!(normalize_token("Jum’at", TokenKind::Word), "jumat");
        assert_eq!(normalize_token("Anak-Anak", TokenKind::Word), "anak-anak");
        assert_eq!(normalize_token("1.234,5", TokenKind::Number), "1.234,5");
    }
}
