//! Indonesian text analysis for Sinergi.
//!
//! - [`sastrawi`]: a faithful port of the Sastrawi stemmer (dictionary-based), with the
//!   bundled CC-BY-NC-SA root dictionary behind [`Dictionary::bundled`].
//! - [`snowball`]: the dictionary-free Snowball Indonesian stemmer, for installations that
//!   cannot accept the dictionary's licence.
//! - [`stem`]: the [`Stem`] trait and [`StemmerKind`] to choose between the two.
//! - [`tokenizer`], [`normalizer`], [`stopwords`]: search-oriented tokenisation.
//! - [`analyzer`]: text → search terms (tokenize → normalise → stop words → stem).
//! - [`compound`]: hyphenated and alphanumeric compounds (`e-KTP`, `Covid-19`, `4G`).
//! - [`bench`](mod@bench): a stemming throughput measurement for `sinergi bench stem`.
//!
//! ```
//! use sinergi_text::{Analyzer, Dictionary, Stemmer};
//!
//! let stemmer = Stemmer::new(Dictionary::bundled());
//! assert_eq!(stemmer.stem_word("perekonomian"), "ekonomi");
//! // No root found: the word comes back unchanged, as in Sastrawi.
//! assert_eq!(stemmer.stem_word("mempertanggungjawabkan"), "mempertanggungjawabkan");
//! assert_eq!(stemmer.stem("Anak-anak sedang bermain."), "anak sedang main");
//!
//! let analyzer = Analyzer::default(); // Sastrawi + the Sastrawi PHP stop words
//! assert_eq!(analyzer.terms("Pembangunan jalan dan jembatan"), ["bangun", "jalan", "jembatan"]);
//! ```

pub mod analyzer;
pub mod bench;
pub mod compound;
pub mod normalizer;
pub mod sastrawi;
pub mod snowball;
pub mod stem;
pub mod stopwords;
pub mod tokenizer;

pub use analyzer::{Analyzer, AnalyzerConfig, Term};
pub use sastrawi::{Dictionary, Stemmer};
pub use snowball::SnowballStemmer;
pub use stem::{AnyStemmer, Stem, StemmerKind};
pub use stopwords::StopWords;
pub use tokenizer::{Token, TokenKind, tokenize};
