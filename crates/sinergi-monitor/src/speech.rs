//! Reported speech: which terms of a news text are an official's words rather than the
//! writer's narrative.
//!
//! Two outlets at one press conference quote the same official sentence by sentence, yet
//! neither carries the other's text; a release's pickup carries its narrative sentences
//! too. So each term is classed as [`Speech::Quoted`] (inside quotation marks, `“…”` or
//! `"…"`), [`Speech::Attributed`] (in a sentence attributed with `kata`, `ujar`,
//! `menurut`, `mengatakan`, `jelasnya`, …) or [`Speech::Narrative`] (the rest).
//!
//! The scan runs over the gaps between tokens as the [`crate::TermMaker`] walks a text, so
//! it costs one pass over the punctuation:
//!
//! - `“` opens a quote and `”` closes it. A straight `"` opens when it stands before a word
//!   after a space (or the start, or a bracket), closes when a space or punctuation follows
//!   it, and otherwise flips the state. A line break closes any open quote, so one stray
//!   mark cannot turn the rest of a text into speech.
//! - A sentence ends at `.`, `!` or `?` between tokens, or at a line break; a sentence with
//!   an attribution word anywhere in it is attributed (its quoted terms stay quoted).

/// What kind of text a term is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[repr(u8)]
pub enum Speech {
    /// The writer's own sentences.
    #[default]
    Narrative = 0,
    /// A sentence that reports what someone said (`kata`, `menurut`, `mengatakan`, …),
    /// outside quotation marks.
    Attributed = 1,
    /// Inside quotation marks.
    Quoted = 2,
}

/// Word forms (lower case) that attribute a sentence to a speaker.
const ATTRIBUTION: &[&str] = &[
    "kata",
    "katanya",
    "mengatakan",
    "dikatakan",
    "ujar",
    "ujarnya",
    "ucap",
    "ucapnya",
    "tutur",
    "tuturnya",
    "menuturkan",
    "jelasnya",
    "menjelaskan",
    "dijelaskan",
    "ungkap",
    "ungkapnya",
    "mengungkapkan",
    "sebut",
    "sebutnya",
    "menyebut",
    "menyebutkan",
    "disebutkan",
    "menurut",
    "menurutnya",
    "terang",
    "terangnya",
    "menerangkan",
    "tegas",
    "tegasnya",
    "menegaskan",
    "imbuh",
    "imbuhnya",
    "tambah",
    "tambahnya",
    "menambahkan",
    "lanjut",
    "lanjutnya",
    "papar",
    "paparnya",
    "memaparkan",
    "jelas",
];

/// Whether a token as written attributes its sentence to a speaker.
pub fn is_attribution(token: &str) -> bool {
    if token.len() > 13 {
        return false;
    }
    let mut buf = [0u8; 13];
    for (b, c) in buf.iter_mut().zip(token.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    let lower = &buf[..token.len()];
    ATTRIBUTION.iter().any(|w| w.as_bytes() == lower)
}

/// The scanner's state while a [`crate::TermMaker`] walks a text.
#[derive(Debug, Clone)]
pub(crate) struct SpeechScan {
    in_quote: bool,
    /// First term of the current sentence.
    sentence_start: usize,
    attributed: bool,
    /// Whether the next token opens a sentence or a quote.
    started: bool,
}

impl Default for SpeechScan {
    fn default() -> Self {
        Self {
            in_quote: false,
            sentence_start: 0,
            attributed: false,
            started: true,
        }
    }
}

impl SpeechScan {
    /// Reads the text between the previous token and the next one (`text[from..to]`),
    /// closing the sentence over `speech` when it ends there.
    pub(crate) fn gap(&mut self, text: &str, from: usize, to: usize, speech: &mut [Speech]) {
        let gap = &text[from..to];
        // Most gaps are a space or a comma: nothing to do.
        if !gap
            .bytes()
            .any(|b| matches!(b, b'"' | b'\n' | b'\r' | b'.' | b'!' | b'?' | 0xE2))
        {
            return;
        }
        for (off, ch) in gap.char_indices() {
            match ch {
                '“' => {
                    self.in_quote = true;
                    self.started = true;
                }
                '”' => self.in_quote = false,
                '"' => {
                    let at = from + off;
                    let before = text[..at].chars().next_back();
                    let after = text[at + 1..].chars().next();
                    let space_after = after.is_none_or(|c| c.is_whitespace() || is_closing(c));
                    let space_before =
                        before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—'));
                    if space_after {
                        self.in_quote = false;
                    } else if space_before {
                        self.in_quote = true;
                    } else {
                        self.in_quote = !self.in_quote;
                    }
                    self.started |= self.in_quote;
                }
                '\n' | '\r' => {
                    self.in_quote = false;
                    self.end_sentence(speech);
                }
                '.' | '!' | '?' => self.end_sentence(speech),
                _ => {}
            }
        }
    }

    /// Whether the next token opens a sentence or a quote (its capital says nothing).
    pub(crate) fn at_start(&self) -> bool {
        self.started
    }

    /// The class of the next term, and whether its token attributes the sentence.
    pub(crate) fn term(&mut self, attribution: bool) -> Speech {
        self.started = false;
        if attribution {
            self.attributed = true;
        }
        if self.in_quote {
            Speech::Quoted
        } else {
            Speech::Narrative
        }
    }

    /// Marks a token that is no term (a stop word) but may attribute the sentence.
    pub(crate) fn skipped(&mut self, attribution: bool) {
        self.started = false;
        if attribution {
            self.attributed = true;
        }
    }

    /// Closes the last sentence.
    pub(crate) fn finish(&mut self, speech: &mut [Speech]) {
        self.end_sentence(speech);
    }

    fn end_sentence(&mut self, speech: &mut [Speech]) {
        let start = self.sentence_start.min(speech.len());
        if self.attributed {
            for s in &mut speech[start..] {
                if *s == Speech::Narrative {
                    *s = Speech::Attributed;
                }
            }
        }
        self.attributed = false;
        self.started = true;
        self.sentence_start = speech.len();
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | ')' | ']' | '!' | '?' | '"' | '”')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Stemming, TermMaker};
    use proptest::prelude::*;

    /// Each term's text with its class, from a fresh term maker.
    fn classes(text: &str) -> Vec<(String, Speech)> {
        let terms = TermMaker::new(Stemming::None).terms(text);
        assert_eq!(terms.speech.len(), terms.len());
        terms
            .spans
            .iter()
            .zip(&terms.speech)
            .map(|((s, e), c)| (text[*s as usize..*e as usize].to_owned(), *c))
            .collect()
    }

    fn of(classes: &[(String, Speech)], word: &str) -> Speech {
        classes
            .iter()
            .find(|(w, _)| w == word)
            .unwrap_or_else(|| panic!("{word} is no term"))
            .1
    }

    #[test]
    fn curly_quotes_and_their_attribution() {
        let text = "Presiden menerima pengurus REI di Istana. “Dari percepatan pemenuhan \
                    kebutuhan rumah ini kita mengharapkan pertumbuhan ekonomi,” kata Presiden \
                    Jokowi di Jakarta, Selasa (17/9/2019). Program itu dimulai 2015.";
        let c = classes(text);
        assert_eq!(of(&c, "REI"), Speech::Narrative);
        assert_eq!(of(&c, "percepatan"), Speech::Quoted);
        assert_eq!(of(&c, "ekonomi"), Speech::Quoted);
        assert_eq!(of(&c, "Jokowi"), Speech::Attributed);
        assert_eq!(of(&c, "Selasa"), Speech::Attributed);
        assert_eq!(of(&c, "Program"), Speech::Narrative);
        assert_eq!(of(&c, "dimulai"), Speech::Narrative);
    }

    #[test]
    fn straight_quotes_open_before_a_word_and_close_before_a_space() {
        let text = "Perry menambahkan, BI masih membuka peluang penurunan bunga.\n\n\
                    \"Ke depan Bank Indonesia akan melanjutkan bauran akomodatif,\" ujar Perry \
                    di Gedung Bank Indonesia. Rupiah menguat tipis sore itu.";
        let c = classes(text);
        assert_eq!(of(&c, "peluang"), Speech::Attributed, "menambahkan");
        assert_eq!(of(&c, "melanjutkan"), Speech::Quoted);
        assert_eq!(of(&c, "akomodatif"), Speech::Quoted);
        assert_eq!(of(&c, "Gedung"), Speech::Attributed, "ujar");
        assert_eq!(of(&c, "Rupiah"), Speech::Narrative);
        assert_eq!(of(&c, "menguat"), Speech::Narrative);
    }

    #[test]
    fn a_stray_mark_ends_at_the_line() {
        // An opening mark never closed, then a closing mark at the head of the next line.
        let text = "\"Penjualan suku cadang tumbuh 23,5 persen pada Juli\n\n\" terang Direktur \
                    Komunikasi BI di Jakarta.\nIndeks ekspektasi harga turun pada Januari.";
        let c = classes(text);
        assert_eq!(of(&c, "Penjualan"), Speech::Quoted);
        assert_eq!(of(&c, "Direktur"), Speech::Attributed, "terang");
        assert_eq!(of(&c, "Indeks"), Speech::Narrative);
        assert_eq!(of(&c, "Januari"), Speech::Narrative);
    }

    #[test]
    fn menurut_and_stop_word_verbs_attribute() {
        // `menurut` and `kata` are stop words: no terms, yet they attribute the sentence.
        let c = classes(
            "Tahap berikutnya, menurut Jokowi, pemerintah fokus pada rumah prajurit. \
             Jembatan itu diresmikan kemarin.",
        );
        assert_eq!(of(&c, "pemerintah"), Speech::Attributed);
        assert_eq!(of(&c, "Jembatan"), Speech::Narrative);
        let c = classes("Harga cabai naik, katanya. Harga beras turun.");
        assert_eq!(of(&c, "cabai"), Speech::Attributed);
        assert_eq!(of(&c, "beras"), Speech::Narrative);
    }

    #[test]
    fn attribution_words_are_matched_whole_and_in_any_case() {
        for w in [
            "kata",
            "Ujarnya",
            "MENGATAKAN",
            "menurut",
            "jelasnya",
            "Ungkapnya",
        ] {
            assert!(is_attribution(w), "{w}");
        }
        for w in [
            "katalog",
            "ujaran",
            "kata-kata",
            "pemerintah",
            "",
            "menyebutkannyalah",
        ] {
            assert!(!is_attribution(w), "{w}");
        }
    }

    proptest! {
        /// Every term gets a class, whatever the punctuation; text with no quotation mark
        /// and no attribution word is all narrative.
        #[test]
        fn one_class_per_term(text in "[a-z \"“”.,\n]{0,200}") {
            let terms = TermMaker::new(Stemming::None).terms(&text);
            prop_assert_eq!(terms.speech.len(), terms.len());
            if !text.contains(['"', '“', '”']) && !text.split(|c: char| !c.is_alphanumeric()).any(is_attribution) {
                prop_assert!(terms.speech.iter().all(|s| *s == Speech::Narrative));
            }
        }

        /// Narrative sentences wrapped in a closed quote become quoted, and the sentence
        /// after the quote is narrative again.
        #[test]
        fn a_closed_quote_covers_exactly_its_words(
            words in proptest::collection::vec("zq[a-z]{3,8}", 1..12),
            curly in any::<bool>(),
        ) {
            let (open, close) = if curly { ('“', '”') } else { ('"', '"') };
            let quote = words.join(" ");
            let text = format!("Zqawal zqkalimat. {open}{quote},{close} zqsisip. Zqakhir zqkalimat.");
            let c = classes(&text);
            prop_assert_eq!(c.len(), words.len() + 5);
            prop_assert!(c[..2].iter().all(|(_, s)| *s == Speech::Narrative));
            prop_assert!(c[2..2 + words.len()].iter().all(|(_, s)| *s == Speech::Quoted));
            prop_assert!(c[2 + words.len()..].iter().all(|(_, s)| *s == Speech::Narrative));
        }
    }
}
