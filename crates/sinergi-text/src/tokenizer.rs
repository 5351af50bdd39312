//! A Unicode-aware tokenizer for Indonesian news and government text.
//!
//! It keeps together what a search user types as one unit, and leaves morphology to the
//! stemmer:
//!
//! - reduplication and hyphenated forms: `anak-anak`, `kupu-kupu`, `COVID-19`,
//!   `Kemenkes-nya` (hyphen variants U+2010/U+2011 count as hyphens);
//! - clitics stay on the token (`bukunya`, `kuambil`, `apakah`): the stemmer removes them;
//! - dotted abbreviations with their final dot: `S.Sos.`, `H.M.`, `a.n.` (a dot between
//!   letters joins only short segments, ≤ 4 letters each, so `Jakarta.Kemudian`, a missing
//!   space after a full stop, still splits);
//! - numbers in Indonesian style and dates: `1.234,5`, `18/8/2016`, `2019-09-18`, `08:30`;
//! - apostrophes inside words: `Jum'at`, `Ma’ruf`;
//! - URLs (`https://…`, `www.…`, bare domains such as `kominfo.go.id`), e-mail addresses,
//!   `#hashtags` and `@mentions` whole.
//!
//! Tokens borrow from the input and carry byte offsets, for highlighting.

use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens, dots, apostrophes).
    Word,
    /// Digits and separators only: `2016`, `1.234,5`, `18/8/2016`.
    Number,
    /// `https://…`, `www.…` or a bare domain with a known top-level domain.
    Url,
    /// `nama@instansi.go.id`.
    Email,
    /// `#hashtag` (the `#` is part of the token).
    Hashtag,
    /// `@mention` (the `@` is part of the token).
    Mention,
}

/// A token: a slice of the input with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token as written (`&input[start..end]`).
    pub text: &'a str,
    /// Byte offset of the first byte in the input.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// The kind of token.
    pub kind: TokenKind,
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    Tokens::new(text).collect()
}

/// An iterator over the tokens of a text.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// Tokens of `text`, from the start.
    pub fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    #[inline]
    fn token(&mut self, start: usize, end: usize, kind: TokenKind) -> Token<'a> {
        self.pos = end;
        Token {
            text: &self.text[start..end],
            start,
            end,
            kind,
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    #[inline]
    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.pos;
            let b = *bytes.get(start)?;
            // Most of news text is ASCII: spaces and punctuation are skipped byte by byte,
            // and a plain ASCII word is taken in one pass (`ascii_word`); anything else goes
            // through the general rules, which give the same tokens (a property test
            // compares the two).
            match ASCII_CLASS[usize::from(b)] {
                LETTER | DIGIT => {
                    if let Some(token) = self.ascii_word(start) {
                        return Some(token);
                    }
                }
                SKIP => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            if let Some(token) = self.general(start) {
                return Some(token);
            }
        }
    }
}

/// Byte classes for the ASCII shortcuts.
const SKIP: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
/// `#`, `@` and every non-ASCII byte: the general rules decide.
const GENERAL: u8 = 3;

static ASCII_CLASS: [u8; 256] = {
    let mut class = [GENERAL; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'#' | b'@' => GENERAL,
            _ => SKIP,
        };
        b += 1;
    }
    class
};

impl<'a> Tokens<'a> {
    /// A run of ASCII letters and digits starting at `start` that the general rules would
    /// take as it is: what follows cannot join it to a URL, an e-mail address, a domain,
    /// a hyphenated or dotted form, a number with separators or an apostrophe. `None`
    /// when it might.
    #[inline]
    fn ascii_word(&mut self, start: usize) -> Option<Token<'a>> {
        let bytes = self.text.as_bytes();
        let mut end = start;
        let mut seen = 0;
        while let Some(&b) = bytes.get(end) {
            let class = ASCII_CLASS[usize::from(b)];
            if class != LETTER && class != DIGIT {
                break;
            }
            seen |= class;
            end += 1;
        }
        if let Some(&next) = bytes.get(end) {
            let digit_before = bytes[end - 1].is_ascii_digit();
            // A full stop before a space, a line break, a closing quote or the end joins
            // nothing: no abbreviation, number, domain or address continues there.
            let full_stop = next == b'.'
                && bytes
                    .get(end + 1)
                    .is_none_or(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'"' | b')'));
            let may_join = !next.is_ascii()
                || (matches!(next, b'.' | b'@' | b'-' | b'_' | b'%' | b'+' | b':' | b'\'')
                    && !full_stop)
                || (digit_before && matches!(next, b',' | b'/'));
            if may_join {
                return None;
            }
        }
        let kind = if seen & LETTER != 0 {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        Some(self.token(start, end, kind))
    }

    /// The general rules, from the character at `start`: a token starting there, or
    /// `None` with the position moved past that character.
    #[inline(never)]
    fn general(&mut self, start: usize) -> Option<Token<'a>> {
        let text = self.text;
        let c = char_at(text, start)?;
        if c.is_alphanumeric() {
            if let Some(end) = scan_url(text, start) {
                return Some(self.token(start, end, TokenKind::Url));
            }
            if let Some(end) = scan_email(text, start) {
                return Some(self.token(start, end, TokenKind::Email));
            }
            if let Some(end) = scan_domain(text, start) {
                return Some(self.token(start, end, TokenKind::Url));
            }
            let end = scan_word(text, start);
            let kind = if text[start..end].chars().any(char::is_alphabetic) {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            return Some(self.token(start, end, kind));
        }
        if (c == '#' || c == '@') && !preceded_by_word_char(text, start) {
            let end = scan_tag(text, start + 1, c == '@');
            if end > start + 1 {
                let kind = if c == '#' {
                    TokenKind::Hashtag
                } else {
                    TokenKind::Mention
                };
                return Some(self.token(start, end, kind));
            }
        }
        self.pos += c.len_utf8();
        None
    }
}

#[inline]
fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

#[inline]
fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// Characters that continue a word: letters, digits, combining marks (decomposed
/// diacritics) and the soft hyphen.
#[inline]
fn is_word_continue(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{00AD}'
}

fn preceded_by_word_char(text: &str, pos: usize) -> bool {
    char_before(text, pos).is_some_and(is_word_continue)
}

/// Number of word characters from `pos` (letters/digits run length, in characters).
fn run_len(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .take_while(|&c| is_word_continue(c))
        .count()
}

/// End of a run of word characters starting at `pos`.
fn run_end(text: &str, pos: usize) -> usize {
    let run: usize = text[pos..]
        .chars()
        .take_while(|&c| is_word_continue(c))
        .map(char::len_utf8)
        .sum();
    pos + run
}

/// A word or number: runs of word characters joined by single connectors.
fn scan_word(text: &str, start: usize) -> usize {
    let mut segment_start = start;
    let mut end = run_end(text, start);
    let mut dotted_letters = false;
    while let (Some(connector), Some(prev)) = (char_at(text, end), char_before(text, end)) {
        let after = end + connector.len_utf8();
        let Some(next) = char_at(text, after) else {
            break;
        };
        let joins = match connector {
            '-' | '\u{2010}' | '\u{2011}' => next.is_alphanumeric(),
            '.' => {
                (prev.is_numeric() && next.is_numeric())
                    || (prev.is_alphabetic()
                        && next.is_alphabetic()
                        && run_len(text, segment_start) <= 4
                        && run_len(text, after) <= 4)
            }
            ',' | '/' | ':' => prev.is_numeric() && next.is_numeric(),
            '\'' | '\u{2019}' | '\u{02BC}' => prev.is_alphabetic() && next.is_alphabetic(),
            _ => false,
        };
        if !joins {
            break;
        }
        if connector == '.' && prev.is_alphabetic() {
            dotted_letters = true;
        }
        segment_start = after;
        end = run_end(text, after);
    }
    // "S.Sos." and "H.M.": a dotted abbreviation keeps its final dot.
    if dotted_letters && char_at(text, end) == Some('.') {
        end += 1;
    }
    end
}

fn starts_with_ignore_ascii_case(text: &str, pos: usize, prefix: &str) -> bool {
    text.as_bytes()
        .get(pos..pos + prefix.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Characters that may appear in a URL (anything but whitespace, quotes and brackets that
/// usually surround a URL in prose).
fn is_url_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '<' | '>'
                | '"'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{2018}'
                | '\u{2019}'
                | '['
                | ']'
                | '{'
                | '}'
                | '|'
        ))
}

/// Drops punctuation that ends the sentence rather than the URL; a closing parenthesis
/// stays only if the URL opened one.
fn trim_url_end(text: &str, start: usize, mut end: usize) -> usize {
    while let Some(c) = char_before(text, end) {
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' => true,
            ')' => !text[start..end].contains('('),
            _ => false,
        };
        if !strip || end <= start {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

fn scan_url(text: &str, start: usize) -> Option<usize> {
    let prefix = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| starts_with_ignore_ascii_case(text, start, p))?;
    let body: usize = text[start..]
        .chars()
        .take_while(|&c| is_url_char(c))
        .map(char::len_utf8)
        .sum();
    let end = trim_url_end(text, start, start + body);
    // Something must follow the scheme or "www.".
    (end > start + prefix.len()).then_some(end)
}

/// Top-level domains (and Indonesian second-level ones) that make `word.word` a URL.
const TLDS: &[&str] = &[
    "id", "com", "net", "org", "info", "gov", "edu", "io", "co", "biz", "asia", "tv", "news", "me",
];

/// `label(.label)+` ending in a known TLD, optionally followed by a path.
fn scan_domain(text: &str, start: usize) -> Option<usize> {
    let is_label_char = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut end = start;
    let mut labels = 0;
    let last_label = loop {
        let label_len: usize = text[end..]
            .chars()
            .take_while(|&c| is_label_char(c))
            .count();
        if label_len == 0 {
            return None;
        }
        let label = (end, end + label_len);
        end += label_len;
        labels += 1;
        let more = char_at(text, end) == Some('.')
            && char_at(text, end + 1).is_some_and(|c| c.is_ascii_alphanumeric());
        if !more {
            break label;
        }
        end += 1;
    };
    let tld = &text[last_label.0..last_label.1];
    if labels < 2 || !TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)) {
        return None;
    }
    // The next character must not continue a word (`kominfo.go.idx` is no domain).
    if char_at(text, end).is_some_and(is_word_continue) {
        return None;
    }
    if char_at(text, end) == Some('/') {
        let path: usize = text[end..]
            .chars()
            .take_while(|&c| is_url_char(c))
            .map(char::len_utf8)
            .sum();
        end = trim_url_end(text, start, end + path);
    }
    Some(end)
}

/// `local@domain.tld`, local part `[A-Za-z0-9._%+-]`, domain labels `[A-Za-z0-9-]`.
fn scan_email(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < bytes.len()
        && (bytes[at].is_ascii_alphanumeric()
            || matches!(bytes[at], b'.' | b'_' | b'%' | b'+' | b'-'))
    {
        at += 1;
    }
    if at == start || bytes.get(at) != Some(&b'@') || !bytes[at - 1].is_ascii_alphanumeric() {
        return None;
    }
    let mut end = at + 1;
    let mut labels = 0;
    let last_label_len = loop {
        let label_start = end;
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'-') {
            end += 1;
        }
        if end == label_start {
            return None;
        }
        labels += 1;
        if bytes.get(end) == Some(&b'.')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            end += 1;
        } else {
            break end - label_start;
        }
    };
    (labels >= 2 && last_label_len >= 2).then_some(end)
}

/// The name of a hashtag or mention: letters, digits, `_` (and, for mentions, inner dots).
fn scan_tag(text: &str, mut end: usize, mention: bool) -> usize {
    while let Some(c) = char_at(text, end) {
        let inner_dot = mention
            && c == '.'
            && char_at(text, end + 1).is_some_and(|n| n.is_alphanumeric() || n == '_');
        if is_word_continue(c) || c == '_' || inner_dot {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.text, t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn reduplication_and_clitics_stay_whole() {
        assert_eq!(
            words("Anak-anak melihat kupu-kupu, bukunya kuambil. Apakah benar?"),
            [
                "Anak-anak",
                "melihat",
                "kupu-kupu",
                "bukunya",
                "kuambil",
                "Apakah",
                "benar"
            ]
        );
        assert_eq!(
            words("COVID-19 di Kemenkes-nya"),
            ["COVID-19", "di", "Kemenkes-nya"]
        );
        assert_eq!(words("anak\u{2011}anak"), ["anak\u{2011}anak"]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            words("Drs. H.M. Prasetyo, S.Sos. dari Pemprov dan Kemen PANRB."),
            [
                "Drs", "H.M.", "Prasetyo", "S.Sos.", "dari", "Pemprov", "dan", "Kemen", "PANRB"
            ]
        );
        assert_eq!(words("di Jakarta.Kemudian"), ["di", "Jakarta", "Kemudian"]);
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(
            texts("Rp 1.234,5 juta pada 18/8/2016 pukul 08:30, 2015–2018."),
            [
                ("Rp", TokenKind::Word),
                ("1.234,5", TokenKind::Number),
                ("juta", TokenKind::Word),
                ("pada", TokenKind::Word),
                ("18/8/2016", TokenKind::Number),
                ("pukul", TokenKind::Word),
                ("08:30", TokenKind::Number),
                ("2015", TokenKind::Number),
                ("2018", TokenKind::Number),
            ]
        );
    }

    #[test]
    fn urls_emails_tags() {
        assert_eq!(
            texts(
                "Lihat https://www.kominfo.go.id/berita?id=1. atau (kominfo.go.id) kirim ke humas@kominfo.go.id #SinergiIndonesia @kemkominfo."
            ),
            [
                ("Lihat", TokenKind::Word),
                ("https://www.kominfo.go.id/berita?id=1", TokenKind::Url),
                ("atau", TokenKind::Word),
                ("kominfo.go.id", TokenKind::Url),
                ("kirim", TokenKind::Word),
                ("ke", TokenKind::Word),
                ("humas@kominfo.go.id", TokenKind::Email),
                ("#SinergiIndonesia", TokenKind::Hashtag),
                ("@kemkominfo", TokenKind::Mention),
            ]
        );
        assert_eq!(texts("www."), [("www", TokenKind::Word)]);
    }

    #[test]
    fn unicode_words_and_offsets() {
        let text = "“Ménteri” Jum’at\u{00A0}İstanbul 😀 cafe\u{301}";
        let tokens = tokenize(text);
        let got: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(got, ["Ménteri", "Jum’at", "İstanbul", "cafe\u{301}"]);
        for token in tokens {
            assert_eq!(&text[token.start..token.end], token.text);
        }
    }

    /// The general rules alone, without the ASCII shortcuts.
    fn general_only(text: &str) -> Vec<Token<'_>> {
        let mut tokens = Tokens::new(text);
        let mut out = Vec::new();
        while tokens.pos < text.len() {
            let start = tokens.pos;
            if let Some(token) = tokens.general(start) {
                out.push(token);
            }
        }
        out
    }

    proptest::proptest! {
        /// The ASCII shortcuts change no token: texts drawn from letters, digits and every
        /// character that can join or start a special token.
        #[test]
        fn shortcuts_give_the_general_tokens(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'B', 'w', 'h', 't', 'p', 's', 'i', 'd', 'o', 'c', 'm', 'g', 'v', '1', '9', '0',
                ' ', '.', ',', '-', '@', '#', '_', '%', '+', ':', '/', '\'', '’', '\u{2011}',
                'é', '\u{301}', '\u{ad}', '(', ')', '"', '\n', '\t', '!', '”',
            ]), 0..60),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(tokenize(&text), general_only(&text));
        }
    }

    #[test]
    fn shortcuts_agree_on_special_forms() {
        for text in [
            "http://x.id https://www.kominfo.go.id/a www.go.id humas@kominfo.go.id a_b@c.id",
            "1.234,5 18/8/2016 08:30 2015-2018 COVID-19 Jum'at S.Sos. kominfo.go.id/berita",
            "kata dia: ya, 10, 20/ 30 a+b 5% #tag @user.name x@ y#",
            "di Jakarta. Tahun 2019.\nwww. S.Sos. a.b. x.\"y\" (dia.) akhir.",
        ] {
            assert_eq!(tokenize(text), general_only(text), "{text}");
        }
    }

    #[test]
    fn empty_and_symbol_only_input() {
        assert!(tokenize("").is_empty());
        assert!(
            tokenize(" -- ... @ # &amp; ")
                .iter()
                .all(|t| t.text == "amp")
        );
    }
}
