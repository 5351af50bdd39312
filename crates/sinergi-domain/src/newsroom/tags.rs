//! Tags on releases and register items: short, lower-case, hyphenated, so
//! that "#Reformasi Birokrasi" and "reformasi-birokrasi" are one tag.

use unicode_normalization::UnicodeNormalization;

pub const MAX_TAGS: usize = 12;
pub const MAX_TAG_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("at most {MAX_TAGS} tags")]
    TooMany,
    #[error("tag `{0}` is longer than {MAX_TAG_CHARS} characters")]
    TooLong(String),
}

/// One tag in its canonical form, or `None` when nothing is left of it.
pub fn normalise_tag(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut gap = false;
    for c in raw.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Tags from a comma-separated list (or one per item), canonical, without
/// duplicates, in the order given.
pub fn normalise_tags<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, TagError> {
    let mut tags: Vec<String> = Vec::new();
    for piece in raw.iter().flat_map(|s| s.as_ref().split(',')) {
        if let Some(tag) = normalise_tag(piece) {
            if tag.chars().count() > MAX_TAG_CHARS {
                return Err(TagError::TooLong(tag));
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_tag_meet() {
        assert_eq!(
            normalise_tags(&["#Reformasi Birokrasi, reformasi-birokrasi", " ASN "]).unwrap(),
            vec!["reformasi-birokrasi", "asn"]
        );
        assert_eq!(normalise_tag("  ,, "), None);
        assert!(normalise_tags(&["a".repeat(41)]).is_err());
    }
}
