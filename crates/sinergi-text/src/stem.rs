//! Choosing a stemmer: Sastrawi (accurate, needs the CC-BY-NC-SA dictionary) or Snowball
//! (dictionary-free, more aggressive, no licence question).

use std::borrow::Cow;

use crate::sastrawi::{Dictionary, Stemmer};
use crate::snowball::SnowballStemmer;

/// Anything that maps one normalised word to its stem.
pub trait Stem: Send + Sync {
    /// The stem of `word` (a lower-case word; may be returned unchanged).
    fn stem_word<'a>(&self, word: &'a str) -> Cow<'a, str>;
}

impl Stem for Stemmer {
    fn stem_word<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let stem = Stemmer::stem_word(self, word);
        if stem == word {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(stem)
        }
    }
}

/// Which stemming algorithm an installation uses (a configuration value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StemmerKind {
    /// Sastrawi with the bundled Kateglo-based dictionary (CC-BY-NC-SA 3.0 data).
    #[default]
    Sastrawi,
    /// Snowball Indonesian: no dictionary, no data licence.
    Snowball,
}

impl StemmerKind {
    /// The configuration name (`"sastrawi"` or `"snowball"`).
    pub fn name(self) -> &'static str {
        match self {
            StemmerKind::Sastrawi => "sastrawi",
            StemmerKind::Snowball => "snowball",
        }
    }

    /// Builds the stemmer; Sastrawi uses the bundled dictionary.
    pub fn build(self) -> AnyStemmer {
        match self {
            StemmerKind::Sastrawi => AnyStemmer::Sastrawi(Stemmer::new(Dictionary::bundled())),
            StemmerKind::Snowball => AnyStemmer::Snowball(SnowballStemmer::new()),
        }
    }
}

impl std::str::FromStr for StemmerKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sastrawi" => Ok(StemmerKind::Sastrawi),
            "snowball" => Ok(StemmerKind::Snowball),
            other => Err(format!(
                "unknown stemmer {other:?} (expected sastrawi or snowball)"
            )),
        }
    }
}

impl std::fmt::Display for StemmerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A stemmer chosen at run time.
#[derive(Debug, Clone)]
pub enum AnyStemmer {
    /// See [`StemmerKind::Sastrawi`].
    Sastrawi(Stemmer),
    /// See [`StemmerKind::Snowball`].
    Snowball(SnowballStemmer),
}

impl AnyStemmer {
    /// Which algorithm this is.
    pub fn kind(&self) -> StemmerKind {
        match self {
            AnyStemmer::Sastrawi(_) => StemmerKind::Sastrawi,
            AnyStemmer::Snowball(_) => StemmerKind::Snowball,
        }
    }
}

impl Stem for AnyStemmer {
    fn stem_word<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self {
            AnyStemmer::Sastrawi(s) => Stem::stem_word(s, word),
            AnyStemmer::Snowball(s) => Stem::stem_word(s, word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_build() {
        assert_eq!("Snowball".parse::<StemmerKind>(), Ok(StemmerKind::Snowball));
        assert!("porter".parse::<StemmerKind>().is_err());
        let snowball = StemmerKind::Snowball.build();
        assert_eq!(snowball.kind(), StemmerKind::Snowball);
        assert_eq!(snowball.stem_word("pembangunan"), "bangun");
        let sastrawi = StemmerKind::Sastrawi.build();
        assert_eq!(sastrawi.stem_word("pembangunan"), "bangun");
    }
}
