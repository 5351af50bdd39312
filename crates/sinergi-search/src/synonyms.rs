//! Synonyms for queries: abbreviations and their expansions (`pemprov` = *pemerintah
//! provinsi*, `kemendagri` = *kementerian dalam negeri*).
//!
//! A list ships with Sinergi ([`BUNDLED`], `data/synonyms-id.txt`); an administrator
//! extends it with [`FILE_NAME`] in the data folder, beside the `index` folder, in the same
//! format: one `left = right` pair a line, `#` comments. Each side is analysed like query
//! text (so `Pemprov`, `pemprov` and `PEMPROV` are one key, and `pemerintah provinsi` is
//! matched by its stems). A query holding either side, as consecutive words, also matches
//! the other side as a phrase, with a lower weight than the words typed. Synonyms apply to
//! queries only: changing them needs no reindex.

use std::collections::HashMap;
use std::path::Path;

use sinergi_text::Analyzer;

use crate::query::{QueryTerm, phrase_terms};

/// The list that ships with Sinergi.
pub const BUNDLED: &str = include_str!("../data/synonyms-id.txt");
/// The administrator's list, read from the data folder (the index folder's parent).
pub const FILE_NAME: &str = "search-synonyms.txt";

/// A line of a synonym list that is not a `left = right` pair.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("synonyms line {line}: expected `abbreviation = expansion`, found {text:?}")]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// The line as written.
    pub text: String,
}

/// Pairs of equivalent phrases, analysed, looked up by their first term.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    by_first: HashMap<String, Vec<Entry>>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The terms to find in the query, in order.
    terms: Vec<String>,
    /// What they may be replaced with.
    other: Vec<QueryTerm>,
}

/// A run of query terms that has another name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// How many query terms the run covers.
    pub len: usize,
    /// The other names (each a phrase: terms with positions).
    pub alternatives: Vec<Vec<QueryTerm>>,
}

impl Synonyms {
    /// No synonyms.
    pub fn none() -> Synonyms {
        Synonyms::default()
    }

    /// The bundled list.
    pub fn bundled(analyzer: &Analyzer) -> Synonyms {
        let mut synonyms = Synonyms::default();
        // The bundled list is tested to parse without errors.
        let _ = synonyms.add_list(analyzer, BUNDLED);
        synonyms
    }

    /// The bundled list and, when `data_dir` holds [`FILE_NAME`], that file's pairs.
    /// Returns the lines of the file that could not be read (they are skipped).
    pub fn load(analyzer: &Analyzer, data_dir: Option<&Path>) -> (Synonyms, Vec<String>) {
        let mut synonyms = Synonyms::bundled(analyzer);
        let mut problems = Vec::new();
        if let Some(path) = data_dir.map(|d| d.join(FILE_NAME)) {
            match std::fs::read_to_string(&path) {
                Ok(text) => problems.extend(
                    synonyms
                        .add_list(analyzer, &text)
                        .into_iter()
                        .map(|e| format!("{}: {e}", path.display())),
                ),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        (synonyms, problems)
    }

    /// Adds the pairs of `text` (the list format); returns the lines that are not pairs.
    pub fn add_list(&mut self, analyzer: &Analyzer, text: &str) -> Vec<BadLine> {
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('=') {
                Some((left, right)) if self.add(analyzer, left, right) => {}
                _ => bad.push(BadLine {
                    line: n + 1,
                    text: line.to_owned(),
                }),
            }
        }
        bad
    }

    /// Makes `left` and `right` synonyms; false when either has no search terms.
    pub fn add(&mut self, analyzer: &Analyzer, left: &str, right: &str) -> bool {
        let (left, right) = (phrase_terms(analyzer, left), phrase_terms(analyzer, right));
        if left.is_empty() || right.is_empty() {
            return false;
        }
        let same = |a: &[QueryTerm], b: &[QueryTerm]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.term == y.term)
        };
        if same(&left, &right) {
            return true;
        }
        for (from, to) in [(&left, &right), (&right, &left)] {
            let entries = self.by_first.entry(from[0].term.clone()).or_default();
            let terms: Vec<String> = from.iter().map(|t| t.term.clone()).collect();
            if !entries
                .iter()
                .any(|e| e.terms == terms && same(&e.other, to))
            {
                entries.push(Entry {
                    terms,
                    other: to.clone(),
                });
            }
        }
        true
    }

    /// The longest run of `terms` starting at the first that has other names.
    pub fn find(&self, terms: &[&str]) -> Option<Found> {
        let first = terms.first()?;
        let entries = self.by_first.get(*first)?;
        let len = entries
            .iter()
            .filter(|e| {
                e.terms.len() <= terms.len() && e.terms.iter().zip(terms).all(|(a, b)| a == b)
            })
            .map(|e| e.terms.len())
            .max()?;
        let alternatives = entries
            .iter()
            .filter(|e| e.terms.len() == len && e.terms.iter().zip(terms).all(|(a, b)| a == b))
            .map(|e| e.other.clone())
            .collect();
        Some(Found { len, alternatives })
    }

    /// Number of phrases with other names (each direction of a pair counts).
    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    /// Whether there are no synonyms.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &Found) -> Vec<String> {
        found
            .alternatives
            .iter()
            .map(|p| {
                p.iter()
                    .map(|t| t.term.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn bundled_list_parses_and_works_both_ways() {
        let analyzer = Analyzer::default();
        let mut synonyms = Synonyms::default();
        assert_eq!(synonyms.add_list(&analyzer, BUNDLED), []);
        let found = synonyms.find(&["pemprov", "dki"]).unwrap();
        assert_eq!(found.len, 1);
        assert_eq!(names(&found), ["perintah provinsi"]);
        // The expansion, as stems, finds the abbreviation.
        let found = synonyms.find(&["menteri", "dalam", "negeri"]);
        assert!(
            found.is_none(),
            "\"dalam\" is a stop word, so it never reaches find"
        );
        let found = synonyms.find(&["menteri", "negeri", "baru"]).unwrap();
        assert_eq!(found.len, 2);
        // Both abbreviations stand for it (kementerian and menteri share the stem).
        assert_eq!(names(&found), ["kemendagri", "mendagri"]);
        // Several expansions for one key; the compound key is matched in its joined form.
        let found = synonyms.find(&["ektp"]).unwrap();
        assert_eq!(
            names(&found),
            ["ktp elektronik", "kartu tanda duduk elektronik"]
        );
        assert!(synonyms.find(&["desa"]).is_none());
    }

    #[test]
    fn administrator_file_extends_and_reports_bad_lines() {
        let analyzer = Analyzer::default();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "# ours\nDiskominfo = Dinas Komunikasi dan Informatika\nno pair here\n",
        )
        .unwrap();
        let (synonyms, problems) = Synonyms::load(&analyzer, Some(dir.path()));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("line 3"), "{problems:?}");
        assert!(synonyms.find(&["diskominfo"]).is_some());
        assert!(
            synonyms.find(&["pemkab"]).is_some(),
            "the bundled list stays"
        );
        let (none, problems) = Synonyms::load(&analyzer, Some(&dir.path().join("missing")));
        assert!(problems.is_empty() && none.find(&["pemkab"]).is_some());
    }
}
