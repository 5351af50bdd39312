//! What a search asks for, and reading the text a person typed.
//!
//! [`parse_text`] never fails: quotes make phrases (an unbalanced quote runs to the end),
//! a leading `-` excludes a word or phrase, a leading `+` is ignored (every word is
//! required anyway), and anything else that is not a word (stray operators, brackets,
//! `AND`/`OR`/`NOT` in capitals, field syntax such as `title:`) is read as plain text.

use sinergi_domain::Level;
use sinergi_text::compound::joined;
use sinergi_text::normalizer::normalize_token;
use sinergi_text::{Analyzer, TokenKind};

use crate::doc::DocKind;
use crate::synonyms::Synonyms;

/// Order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (BM25, title 3× body).
    #[default]
    Relevance,
    /// Latest `published_at` first.
    Newest,
}

/// A part of the network: some units, some subtrees, or all of it (codes as in
/// [`crate::SearchDoc::unit_code`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Every unit.
    pub everything: bool,
    /// Exactly these units, not the units below them (a membership of reach `unit`).
    pub units: Vec<String>,
    /// These units and every unit below them (reach `subtree`).
    pub subtrees: Vec<String>,
}

impl Coverage {
    /// Whether the coverage holds no unit at all.
    pub fn is_empty(&self) -> bool {
        !self.everything
            && self.units.iter().all(|c| c.trim().is_empty())
            && self.subtrees.iter().all(|c| c.trim().is_empty())
    }

    /// These units with their subtrees.
    pub fn subtrees<S: Into<String>>(codes: impl IntoIterator<Item = S>) -> Coverage {
        Coverage {
            subtrees: codes.into_iter().map(Into::into).collect(),
            ..Coverage::default()
        }
    }
}

/// Who is searching: decides which documents exist for them. The default is the public:
/// public documents, and embargoed ones whose time has come.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Viewer {
    /// Where the viewer also sees [`crate::Visibility::Internal`] documents (the units
    /// whose internal work the viewer may read).
    pub internal: Coverage,
    /// Where the viewer sees [`crate::Visibility::Embargoed`] documents before the embargo
    /// lifts (an accredited journalist's units).
    pub early: Coverage,
}

impl Viewer {
    /// Not signed in.
    pub fn public() -> Viewer {
        Viewer::default()
    }

    /// Sees the internal documents of these units and their subtrees.
    pub fn internal_subtrees<S: Into<String>>(codes: impl IntoIterator<Item = S>) -> Viewer {
        Viewer {
            internal: Coverage::subtrees(codes),
            early: Coverage::default(),
        }
    }

    /// Sees only what the public sees.
    pub fn is_public(&self) -> bool {
        self.internal.is_empty() && self.early.is_empty()
    }
}

/// A search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// What the person typed (may be empty: then only the filters apply).
    pub text: String,
    /// Search-as-you-type: the last word also matches as the prefix of a title word.
    pub complete: bool,
    /// Only these kinds (none: all).
    pub kinds: Vec<DocKind>,
    /// Only these levels (none: all).
    pub levels: Vec<Level>,
    /// Only this province code.
    pub province: Option<String>,
    /// Only documents of this unit and its subtree.
    pub within: Option<String>,
    /// Only documents of exactly this unit.
    pub unit: Option<String>,
    /// Only documents carrying all these tags.
    pub tags: Vec<String>,
    /// Only documents of this campaign.
    pub campaign: Option<String>,
    /// Published at or after (microseconds since the epoch).
    pub from: Option<i64>,
    /// Published strictly before (microseconds since the epoch).
    pub until: Option<i64>,
    /// Order of the results.
    pub sort: Sort,
    /// Page size (0 is read as 10; capped at 1000).
    pub limit: usize,
    /// Results skipped (paging; capped at [`crate::index::MAX_OFFSET`]).
    pub offset: usize,
    /// Who is searching.
    pub viewer: Viewer,
    /// The current time (microseconds since the epoch), for embargoes.
    pub now: i64,
}

impl Query {
    /// A public relevance search for `text` at time `now`, 10 results.
    pub fn text(text: impl Into<String>, now: i64) -> Self {
        Self {
            text: text.into(),
            limit: 10,
            now,
            ..Self::default()
        }
    }
}

/// One analysed term of the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The index term (normalised, stemmed).
    pub term: String,
    /// Position in its phrase (stop words count), for phrase queries.
    pub position: u32,
}

/// Why a query word (or words) may be matched by other terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlternativeKind {
    /// Another spelling of the same word: the parts of a compound written apart
    /// (`e-KTP` as *e KTP*). Weighs as the word itself.
    Spelling,
    /// Another name from the synonym list (`pemprov` for *pemerintah provinsi*). Weighs
    /// less than the words typed.
    Synonym,
}

/// Other terms that may stand for a query word or a run of query words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// A phrase (one term or more, with positions).
    pub terms: Vec<QueryTerm>,
    /// Spelling or synonym.
    pub kind: AlternativeKind,
}

/// A part of the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// One word (one index term).
    Word {
        /// The term.
        term: String,
        /// The word as typed, for prefix matching.
        surface: String,
        /// `-word`.
        negated: bool,
        /// The word ends the text (search-as-you-type may complete it).
        at_end: bool,
        /// Other terms that may stand for the word (never for a negated word).
        alternatives: Vec<Alternative>,
    },
    /// Consecutive words that together have other names (`pemerintah provinsi`, also
    /// found as *pemprov*): the words all match, or one of the alternatives does.
    Group {
        /// The words ([`Clause::Word`]s, not negated).
        words: Vec<Clause>,
        /// Their other names.
        alternatives: Vec<Alternative>,
    },
    /// A quoted phrase, or a word the analyzer splits into several terms.
    Phrase {
        /// Its terms with positions.
        terms: Vec<QueryTerm>,
        /// `-"phrase"`.
        negated: bool,
    },
}

impl Clause {
    /// Whether the clause excludes documents.
    pub fn is_negated(&self) -> bool {
        match self {
            Clause::Word { negated, .. } | Clause::Phrase { negated, .. } => *negated,
            Clause::Group { .. } => false,
        }
    }
}

/// Reads the text a person typed into clauses, without synonyms; never fails, never panics.
pub fn parse_text(analyzer: &Analyzer, text: &str) -> Vec<Clause> {
    parse_text_with(analyzer, &Synonyms::none(), text)
}

/// Reads the text a person typed into clauses; unquoted words that have other names in
/// `synonyms` carry them as alternatives. Never fails, never panics.
pub fn parse_text_with(analyzer: &Analyzer, synonyms: &Synonyms, text: &str) -> Vec<Clause> {
    let mut clauses = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while !rest.is_empty() {
        match rest.find('"') {
            None => {
                words(analyzer, synonyms, text, offset, rest, &mut clauses);
                break;
            }
            Some(open) => {
                words(
                    analyzer,
                    synonyms,
                    text,
                    offset,
                    &rest[..open],
                    &mut clauses,
                );
                let negated = rest[..open].ends_with('-')
                    && rest[..open - 1]
                        .chars()
                        .next_back()
                        .is_none_or(char::is_whitespace);
                let after = &rest[open + 1..];
                let (inside, next) = match after.find('"') {
                    Some(close) => (&after[..close], &after[close + 1..]),
                    None => (after, ""),
                };
                let terms: Vec<QueryTerm> = analyzer
                    .analyze(inside)
                    .into_iter()
                    .map(|t| QueryTerm {
                        term: t.text,
                        position: t.position,
                    })
                    .collect();
                push_terms(&mut clauses, terms, negated);
                offset = text.len() - next.len();
                rest = next;
            }
        }
    }
    clauses
}

fn push_terms(clauses: &mut Vec<Clause>, terms: Vec<QueryTerm>, negated: bool) {
    match terms.len() {
        0 => {}
        1 => {
            let term = terms.into_iter().next().map(|t| t.term).unwrap_or_default();
            clauses.push(Clause::Word {
                surface: term.clone(),
                term,
                negated,
                at_end: false,
                alternatives: Vec::new(),
            });
        }
        _ => clauses.push(Clause::Phrase { terms, negated }),
    }
}

/// The terms of `text` as a phrase: positions counted from the first term.
pub fn phrase_terms(analyzer: &Analyzer, text: &str) -> Vec<QueryTerm> {
    let terms = analyzer.analyze(text);
    let first = terms.first().map_or(0, |t| t.position);
    terms
        .into_iter()
        .map(|t| QueryTerm {
            term: t.text,
            position: t.position - first,
        })
        .collect()
}

/// The unquoted words of `segment`, which starts at byte `offset` of `text`.
fn words(
    analyzer: &Analyzer,
    synonyms: &Synonyms,
    text: &str,
    offset: usize,
    segment: &str,
    out: &mut Vec<Clause>,
) {
    let mut found = Vec::new();
    // Split on white space first, so that `-` marks negation only at the start of a word.
    for chunk in segment.split(char::is_whitespace) {
        let stripped = chunk.trim_start_matches(['+', '-']);
        if stripped.is_empty() || matches!(stripped, "AND" | "OR" | "NOT" | "&&" | "||") {
            continue;
        }
        let negated = chunk.starts_with('-');
        let chunk_end =
            offset + (chunk.as_ptr() as usize - segment.as_ptr() as usize) + chunk.len();
        let terms = analyzer.analyze(stripped);
        let last = terms.len().saturating_sub(1);
        for (i, term) in terms.into_iter().enumerate() {
            let surface = &stripped[term.start..term.end];
            let mut alternatives = Vec::new();
            // A compound typed with hyphens also matches its parts written apart.
            let normalized = normalize_token(surface, TokenKind::Word);
            if !negated
                && term.kind == TokenKind::Word
                && normalized.contains('-')
                && joined(&normalized) == term.text
            {
                let parts = phrase_terms(analyzer, &normalized.replace('-', " "));
                if parts.len() > 1 {
                    alternatives.push(Alternative {
                        terms: parts,
                        kind: AlternativeKind::Spelling,
                    });
                }
            }
            found.push(Clause::Word {
                surface: surface.to_owned(),
                term: term.text,
                negated,
                at_end: i == last && chunk_end == text.len() && term.end == stripped.len(),
                alternatives,
            });
        }
    }
    out.extend(with_synonyms(found, synonyms));
}

/// Gives runs of words that have other names in `synonyms` those names: one word as its
/// alternatives, several as a [`Clause::Group`]. The longest run starting at a word wins.
fn with_synonyms(words: Vec<Clause>, synonyms: &Synonyms) -> Vec<Clause> {
    if synonyms.is_empty() {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let run: Vec<&str> = words[i..]
            .iter()
            .map_while(|c| match c {
                Clause::Word {
                    term,
                    negated: false,
                    ..
                } => Some(term.as_str()),
                _ => None,
            })
            .collect();
        let Some(found) = synonyms.find(&run) else {
            out.push(words[i].clone());
            i += 1;
            continue;
        };
        let named = found.alternatives.into_iter().map(|terms| Alternative {
            terms,
            kind: AlternativeKind::Synonym,
        });
        if found.len == 1 {
            let mut word = words[i].clone();
            if let Clause::Word { alternatives, .. } = &mut word {
                alternatives.extend(named);
            }
            out.push(word);
        } else {
            out.push(Clause::Group {
                words: words[i..i + found.len].to_vec(),
                alternatives: named.collect(),
            });
        }
        i += found.len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static ANALYZER: LazyLock<Analyzer> = LazyLock::new(Analyzer::default);
    static SYNONYMS: LazyLock<Synonyms> = LazyLock::new(|| Synonyms::bundled(&ANALYZER));

    fn word(term: &str, negated: bool) -> Clause {
        Clause::Word {
            term: term.to_owned(),
            surface: String::new(),
            negated,
            at_end: false,
            alternatives: Vec::new(),
        }
    }

    fn simplify(clauses: Vec<Clause>) -> Vec<Clause> {
        clauses
            .into_iter()
            .map(|c| match c {
                Clause::Word { term, negated, .. } => word(&term, negated),
                other => other,
            })
            .collect()
    }

    #[test]
    fn words_phrases_and_negation() {
        let analyzer = &*ANALYZER;
        let got = simplify(parse_text(
            analyzer,
            "Pembangunan \"pelayanan yang cepat\" -korupsi +desa AND",
        ));
        assert_eq!(
            got,
            [
                word("bangun", false),
                Clause::Phrase {
                    terms: vec![
                        QueryTerm {
                            term: "layan".into(),
                            position: 0
                        },
                        QueryTerm {
                            term: "cepat".into(),
                            position: 2
                        },
                    ],
                    negated: false
                },
                word("korupsi", true),
                word("desa", false),
            ]
        );
    }

    #[test]
    fn unbalanced_quotes_and_stray_operators() {
        let analyzer = &*ANALYZER;
        assert_eq!(
            simplify(parse_text(analyzer, "\"inovasi desa")),
            [Clause::Phrase {
                terms: vec![
                    QueryTerm {
                        term: "inovasi".into(),
                        position: 0
                    },
                    QueryTerm {
                        term: "desa".into(),
                        position: 1
                    }
                ],
                negated: false
            }]
        );
        assert_eq!(
            simplify(parse_text(analyzer, "-\"desa\" title:(jalan* ~ ^2")),
            [
                word("desa", true),
                word("title", false),
                word("jalan", false),
                word("2", false)
            ]
        );
        assert!(parse_text(analyzer, "\"\"\" - + -- yang dan").is_empty());
        assert!(parse_text(analyzer, "").is_empty());
    }

    #[test]
    fn last_word_is_marked_for_completion() {
        let analyzer = &*ANALYZER;
        let clauses = parse_text(analyzer, "kota Denpa");
        assert!(
            matches!(&clauses[1], Clause::Word { surface, at_end: true, .. } if surface == "Denpa")
        );
        assert!(matches!(&clauses[0], Clause::Word { at_end: false, .. }));
        let clauses = parse_text(analyzer, "kota Denpa ");
        assert!(matches!(&clauses[1], Clause::Word { at_end: false, .. }));
    }

    fn phrase(words: &[(&str, u32)]) -> Vec<QueryTerm> {
        words
            .iter()
            .map(|(t, p)| QueryTerm {
                term: (*t).to_owned(),
                position: *p,
            })
            .collect()
    }

    #[test]
    fn compounds_match_their_parts_written_apart() {
        let clauses = parse_text(&ANALYZER, "blangko e-KTP");
        let Clause::Word {
            term, alternatives, ..
        } = &clauses[1]
        else {
            panic!("{clauses:?}");
        };
        assert_eq!(term, "ektp");
        assert_eq!(
            alternatives,
            &[Alternative {
                terms: phrase(&[("e", 0), ("ktp", 1)]),
                kind: AlternativeKind::Spelling
            }]
        );
        // Negated compounds exclude only themselves.
        assert!(matches!(
            &parse_text(&ANALYZER, "-e-ktp")[0],
            Clause::Word { negated: true, alternatives, .. } if alternatives.is_empty()
        ));
    }

    #[test]
    fn synonyms_both_ways() {
        let synonyms = Synonyms::bundled(&ANALYZER);
        let clauses = parse_text_with(&ANALYZER, &synonyms, "Pemprov DKI");
        let Clause::Word { alternatives, .. } = &clauses[0] else {
            panic!("{clauses:?}");
        };
        assert_eq!(
            alternatives,
            &[Alternative {
                terms: phrase(&[("perintah", 0), ("provinsi", 1)]),
                kind: AlternativeKind::Synonym
            }]
        );
        let clauses = parse_text_with(&ANALYZER, &synonyms, "pemerintah provinsi jawa barat");
        let Clause::Group {
            words,
            alternatives,
        } = &clauses[0]
        else {
            panic!("{clauses:?}");
        };
        assert_eq!(words.len(), 2);
        assert_eq!(alternatives[0].terms, phrase(&[("pemprov", 0)]));
        // Negated words and quoted phrases take no synonyms.
        let clauses = parse_text_with(&ANALYZER, &synonyms, "-pemprov \"pemkab\"");
        assert!(
            clauses
                .iter()
                .all(|c| matches!(c, Clause::Word { alternatives, .. } if alternatives.is_empty()))
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = parse_text(&ANALYZER, &text);
            let _ = parse_text_with(&ANALYZER, &SYNONYMS, &text);
        }

        #[test]
        fn never_panics_on_operators(text in "[\"+\\-*():^~ a-zA-Zé&|!]{0,40}") {
            let _ = parse_text(&ANALYZER, &text);
        }
    }
}
