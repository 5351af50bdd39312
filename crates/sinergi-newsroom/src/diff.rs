//! Comparing two revisions word by word, for the revision view.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum DiffPart {
    Same(String),
    Added(String),
    Removed(String),
}

/// The words of `old` and `new`, marked as kept, added or removed; runs of
/// the same kind are joined.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = TextDiff::from_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (parts.last_mut(), change.tag()) {
            (Some(DiffPart::Same(s)), ChangeTag::Equal)
            | (Some(DiffPart::Added(s)), ChangeTag::Insert)
            | (Some(DiffPart::Removed(s)), ChangeTag::Delete) => s.push_str(text),
            (_, ChangeTag::Equal) => parts.push(DiffPart::Same(text.to_owned())),
            (_, ChangeTag::Insert) => parts.push(DiffPart::Added(text.to_owned())),
            (_, ChangeTag::Delete) => parts.push(DiffPart::Removed(text.to_owned())),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked() {
        let parts = word_diff(
            "Humas harus bikin lompatan",
            "Humas pemerintah harus bikin lompatan besar",
        );
        assert!(
            parts.contains(&DiffPart::Added("pemerintah ".into()))
                || parts
                    .iter()
                    .any(|p| matches!(p, DiffPart::Added(t) if t.contains("pemerintah")))
        );
        assert!(
            parts
                .iter()
                .any(|p| matches!(p, DiffPart::Added(t) if t.contains("besar")))
        );
        let old: String = parts
            .iter()
            .filter_map(|p| match p {
                DiffPart::Same(t) | DiffPart::Removed(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(old, "Humas harus bikin lompatan");
    }
}
