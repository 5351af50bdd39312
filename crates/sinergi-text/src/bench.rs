//! Stemming throughput, for a later `sinergi bench stem` command.
//!
//! Measures the stemmer alone (no cache, no tokenisation): the word list is stemmed over
//! and over until `min_duration` has passed, and the rate is words per second on one core.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::sastrawi::normalize_text;
use crate::stem::Stem;

/// The result of [`bench_stem`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchReport {
    /// Words stemmed in total (all passes).
    pub words: u64,
    /// Passes over the word list.
    pub passes: u64,
    /// Time spent stemming.
    pub elapsed: Duration,
}

impl BenchReport {
    /// Words per second.
    pub fn words_per_second(&self) -> f64 {
        self.words as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} words ({} passes) in {:.3} s = {:.0} words/s",
            self.words,
            self.passes,
            self.elapsed.as_secs_f64(),
            self.words_per_second()
        )
    }
}

/// Stems `words` repeatedly (at least once) until `min_duration` has elapsed.
pub fn bench_stem<S: Stem + ?Sized>(
    stemmer: &S,
    words: &[&str],
    min_duration: Duration,
) -> BenchReport {
    let start = Instant::now();
    let mut passes = 0u64;
    loop {
        for word in words {
            black_box(stemmer.stem_word(black_box(word)));
        }
        passes += 1;
        if start.elapsed() >= min_duration || words.is_empty() {
            break;
        }
    }
    BenchReport {
        words: passes * words.len() as u64,
        passes,
        elapsed: start.elapsed(),
    }
}

/// The distinct words of `texts` as Sastrawi splits them (normalise, split on spaces),
/// sorted: a realistic word list for [`bench_stem`].
pub fn distinct_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    for text in texts {
        for word in normalize_text(text).split(' ') {
            if !word.is_empty() && !words.contains(word) {
                words.insert(word.to_owned());
            }
        }
    }
    words.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snowball::SnowballStemmer;

    #[test]
    fn bench_runs_and_counts() {
        let words = distinct_words(["Pembangunan jalan, pembangunan jembatan."]);
        assert_eq!(words, ["jalan", "jembatan", "pembangunan"]);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let report = bench_stem(&SnowballStemmer::new(), &refs, Duration::ZERO);
        assert_eq!(report.words, 3);
        assert!(report.words_per_second() > 0.0);
    }
}
