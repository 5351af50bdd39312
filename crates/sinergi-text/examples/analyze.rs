//! Prints the tokens and search terms of a text read from stdin (a debugging aid):
//!
//! ```text
//! echo "Anak-anak bersenang-senang" | cargo run -p sinergi-text --example analyze
//! ```
#![expect(clippy::print_stdout, reason = "an example reports on standard output")]

use std::io::Read;

use sinergi_text::{Analyzer, tokenize};

fn main() {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("UTF-8 text on stdin");
    for token in tokenize(&text) {
        println!(
            "{:?}\t{}..{}\t{}",
            token.kind, token.start, token.end, token.text
        );
    }
    let analyzer = Analyzer::default();
    println!("{}", analyzer.terms(&text).join(" "));
}
