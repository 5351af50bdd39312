//! A faithful port of the Sastrawi Indonesian stemmer (PHP `sastrawi/sastrawi` 1.2.0; its
//! Python port pysastrawi 1.2.1 behaves identically and is what the differential test
//! compares against).
//!
//! Sastrawi implements Nazief & Adriani's algorithm with the Confix Stripping (CS), Enhanced
//! CS (ECS) and Sastrawi's own improvements: a root is only accepted when it is in the
//! dictionary, otherwise the word is returned unchanged.

mod affixes;
mod context;
pub mod dictionary;
pub mod normalize;
pub mod rules;

use context::Context;
pub use dictionary::{BUNDLED_KATA_DASAR, Dictionary};
pub use normalize::normalize_text;
pub use rules::{Rule, RuleOutput};

/// Particles and possessive pronouns that may follow a hyphen (`nikmat-Ku`, `buku-buku-nya`).
const HYPHEN_SUFFIXES: [&str; 7] = ["ku", "mu", "nya", "lah", "kah", "tah", "pun"];

/// The Sastrawi stemmer (`Sastrawi\Stemmer\Stemmer`), without a result cache.
///
/// It is immutable and `Sync`: share one instance between threads.
#[derive(Debug, Clone)]
pub struct Stemmer {
    dictionary: Dictionary,
}

impl Stemmer {
    /// A stemmer that accepts the roots in `dictionary`.
    pub fn new(dictionary: Dictionary) -> Self {
        Self { dictionary }
    }

    /// The root dictionary.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Stems a whole text as Sastrawi's `stem($text)` does: normalise (see
    /// [`normalize_text`]), split on spaces, stem each word, join with single spaces.
    pub fn stem(&self, text: &str) -> String {
        let normalized = normalize_text(text);
        let mut out = String::with_capacity(normalized.len());
        for (i, word) in normalized.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&self.stem_word(word));
        }
        out
    }

    /// Stems one word. The word is expected to be normalised already (lower-case ASCII
    /// letters, digits and hyphens); any other input is handled without panicking, but
    /// its letters outside `a`–`z` never match an affix rule.
    pub fn stem_word(&self, word: &str) -> String {
        if is_plural(word) {
            self.stem_plural_word(word)
        } else {
            self.stem_singular_word(word)
        }
    }

    /// Reduplication (Asian 2007, pp. 76–77): both halves must stem to the same root
    /// (`anak-anak` → `anak`, `berbalas-balasan` → `balas`), otherwise the word is kept.
    fn stem_plural_word(&self, plural: &str) -> String {
        let Some(dash) = plural.rfind('-') else {
            return plural.to_owned();
        };
        let mut first = &plural[..dash];
        let suffix = &plural[dash + 1..];
        // malaikat-malaikat-nya -> malaikat, malaikat-nya
        let second_owned;
        let mut second = suffix;
        if HYPHEN_SUFFIXES.contains(&suffix)
            && let Some(inner) = first.rfind('-')
        {
            second_owned = format!("{}-{}", &first[inner + 1..], suffix);
            second = &second_owned;
            first = &first[..inner];
        }

        let root1 = self.stem_singular_word(first);
        let mut root2 = self.stem_singular_word(second);
        // meniru-nirukan -> tiru
        if !self.dictionary.contains(second) && root2 == second {
            root2 = self.stem_singular_word(&format!("me{second}"));
        }
        if root1 == root2 {
            root1
        } else {
            plural.to_owned()
        }
    }

    fn stem_singular_word(&self, word: &str) -> String {
        // Fast path for roots (step 1 of the context, without setting one up).
        if self.dictionary.contains(word) {
            return word.to_owned();
        }
        Context::new(word, &self.dictionary).execute()
    }
}

/// `Stemmer::isPlural`: a hyphen, not counting one that only attaches a particle or a
/// possessive pronoun (`nikmat-ku` is singular, `buku-buku-nya` plural).
fn is_plural(word: &str) -> bool {
    match word.rfind('-') {
        Some(dash) if HYPHEN_SUFFIXES.contains(&&word[dash + 1..]) => word[..dash].contains('-'),
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmer(words: &[&str]) -> Stemmer {
        Stemmer::new(Dictionary::from_words(words))
    }

    #[test]
    fn plural_detection() {
        assert!(is_plural("anak-anak"));
        assert!(!is_plural("nikmat-ku"));
        assert!(is_plural("buku-buku-nya"));
        assert!(!is_plural("buku"));
    }

    #[test]
    fn basic_stemming() {
        let s = stemmer(&["ajar", "anak", "tiru", "balas", "buku"]);
        assert_eq!(s.stem_word("mengajarkan"), "ajar");
        assert_eq!(s.stem_word("anak-anak"), "anak");
        assert_eq!(s.stem_word("meniru-nirukan"), "tiru");
        assert_eq!(s.stem_word("berbalas-balasan"), "balas");
        assert_eq!(s.stem_word("buku-bukunya"), "buku");
        assert_eq!(s.stem_word("tidakada"), "tidakada");
        assert_eq!(s.stem("Anak-anak   MENGAJARKAN!"), "anak ajar");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let s = Stemmer::new(Dictionary::bundled());
        for word in [
            "",
            "-",
            "--",
            "-nya",
            "ménjadi",
            "İstanbul",
            "&amp;",
            "😀",
            "ber-",
            "k-ku-",
        ] {
            let _ = s.stem_word(word);
            let _ = s.stem(word);
        }
        assert_eq!(s.stem(""), "");
    }
}
