//! `sinergi text`: look at what the Indonesian analyzer does, to understand why search
//! finds what it finds.
//!
//! - `sinergi text stem` reads words, one a line, and prints `word<TAB>stem`;
//! - `sinergi text tokens` prints every token of a text with its term (or why it has none).

use std::io::{BufRead, Write};

use anyhow::Context;
use clap::Subcommand;
use sinergi_text::normalizer::normalize_token;
use sinergi_text::{Analyzer, AnalyzerConfig, Stem, StemmerKind, TokenKind, tokenize};

#[derive(Subcommand, Debug)]
pub enum TextCommand {
    /// Read words, one a line, on standard input; print `word<TAB>stem` lines.
    Stem {
        /// sastrawi (the default, with the bundled dictionary) or snowball (no dictionary).
        #[arg(long, default_value = "sastrawi")]
        stemmer: StemmerKind,
    },
    /// Print the analyzer's tokens of a text: position, byte range, kind, text, term.
    Tokens {
        /// The text; read from standard input when absent.
        text: Option<String>,
        /// sastrawi (the default) or snowball.
        #[arg(long, default_value = "sastrawi")]
        stemmer: StemmerKind,
    },
}

pub fn run(cmd: TextCommand) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cmd {
        TextCommand::Stem { stemmer } => stem(std::io::stdin().lock(), &mut out, stemmer)?,
        TextCommand::Tokens { text, stemmer } => {
            let text = match text {
                Some(text) => text,
                None => {
                    let mut buf = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf)
                        .context("cannot read the text on standard input")?;
                    buf
                }
            };
            tokens(&text, &mut out, stemmer)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One `word<TAB>stem` line for each non-blank input line. The word is normalised as the
/// search index does it (case, diacritics, dots and apostrophes) before stemming, so the
/// stem shown is the term search uses.
pub fn stem(input: impl BufRead, out: &mut impl Write, kind: StemmerKind) -> anyhow::Result<()> {
    let stemmer = kind.build();
    for line in input.lines() {
        let line = line.context("cannot read standard input (is it UTF-8?)")?;
        let word = line.trim();
        if word.is_empty() {
            continue;
        }
        let normalized = normalize_token(word, TokenKind::Word);
        writeln!(out, "{word}\t{}", stemmer.stem_word(&normalized))?;
    }
    Ok(())
}

/// One line per token: `position<TAB>start..end<TAB>kind<TAB>text<TAB>term`, where the term
/// is `(stop word)` for a dropped stop word.
pub fn tokens(text: &str, out: &mut impl Write, kind: StemmerKind) -> anyhow::Result<()> {
    let analyzer = Analyzer::new(AnalyzerConfig {
        stemmer: kind,
        remove_stop_words: true,
    });
    let mut terms = analyzer.analyze(text).into_iter().peekable();
    writeln!(out, "# position\tbytes\tkind\ttext\tterm")?;
    for (position, token) in tokenize(text).into_iter().enumerate() {
        let term = match terms.peek() {
            Some(term) if term.position as usize == position => terms.next().map(|t| t.text),
            _ => None,
        };
        let term = term.unwrap_or_else(|| {
            if token.kind == TokenKind::Word && !normalize_token(token.text, token.kind).is_empty()
            {
                "(stop word)".to_owned()
            } else {
                "(empty)".to_owned()
            }
        });
        writeln!(
            out,
            "{position}\t{}..{}\t{}\t{}\t{term}",
            token.start,
            token.end,
            kind_name(token.kind),
            token.text.replace(['\t', '\n', '\r'], " "),
        )?;
    }
    Ok(())
}

fn kind_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Word => "word",
        TokenKind::Number => "number",
        TokenKind::Url => "url",
        TokenKind::Email => "email",
        TokenKind::Hashtag => "hashtag",
        TokenKind::Mention => "mention",
    }
}
