//! Sastrawi's `TextNormalizer`, as the PHP original does it.
//!
//! PHP: `strtolower`, then `preg_replace('/[^a-z0-9 -]/im', ' ', …)`, collapse runs of
//! spaces, `trim`. `strtolower` only folds ASCII and the regex works on bytes, so every byte
//! of a non-ASCII character becomes a space ("ménjadi" → "m njadi"), and the output is
//! always ASCII.
//!
//! pysastrawi differs only on a handful of characters, because Python's `str.lower()` is
//! Unicode-aware and its case-insensitive `[a-z]` also matches `ı` and `ſ`: "İ" becomes
//! "i" + a combining dot (so "İstanbul" → "i stanbul" in Python, "stanbul" in PHP), the
//! Kelvin sign "K" becomes "k", and "ı"/"ſ" are kept. We follow the PHP original.

/// Normalises a text the way Sastrawi does before splitting it on spaces.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for &byte in text.as_bytes() {
        let kept = match byte {
            b'A'..=b'Z' => byte.to_ascii_lowercase(),
            b'a'..=b'z' | b'0'..=b'9' | b'-' => byte,
            _ => {
                pending_space = true;
                continue;
            }
        };
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(char::from(kept));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize_text;

    #[test]
    fn like_php() {
        assert_eq!(normalize_text("  Hello, World! "), "hello world");
        assert_eq!(normalize_text("ménjadi"), "m njadi");
        assert_eq!(normalize_text("İstanbul"), "stanbul");
        assert_eq!(normalize_text("anak-anak\n\tku"), "anak-anak ku");
        assert_eq!(normalize_text("&amp;"), "amp");
        assert_eq!(normalize_text(""), "");
        assert_eq!(normalize_text("😀"), "");
    }
}
