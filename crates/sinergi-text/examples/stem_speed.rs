//! Measures stemming speed on the news-corpus word list (the same 52,928 distinct words
//! that `tools/gen_reference_stems.py --bench` times pysastrawi on):
//!
//! ```text
//! cargo run --release -p sinergi-text --example stem_speed
//! ```
#![expect(clippy::print_stdout, reason = "an example reports on standard output")]

use std::io::Read;
use std::time::Duration;

use sinergi_text::bench::bench_stem;
use sinergi_text::{Dictionary, SnowballStemmer, Stemmer};

const REFERENCE: &[u8] = include_bytes!("../../../data/sastrawi/news-word-stems.tsv.gz");

fn main() {
    let mut tsv = String::new();
    flate2::read::GzDecoder::new(REFERENCE)
        .read_to_string(&mut tsv)
        .expect("reference list");
    let words: Vec<&str> = tsv
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, _)| w)
        .collect();

    let sastrawi = Stemmer::new(Dictionary::bundled());
    let report = bench_stem(&sastrawi, &words, Duration::from_secs(3));
    println!(
        "sastrawi (no cache), {} distinct words: {report}",
        words.len()
    );

    let snowball = SnowballStemmer::new();
    let report = bench_stem(&snowball, &words, Duration::from_secs(2));
    println!("snowball, {} distinct words: {report}", words.len());
}
