//! Readable addresses: `/rilis/42-humas-pemerintah-harus-bikin-lompatan`.
//! The number finds the release; the words are for people and may change.

use unicode_normalization::UnicodeNormalization;

const MAX_SLUG_CHARS: usize = 80;

/// Lower-case ASCII words joined by hyphens, accents dropped.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.nfkd().filter(char::is_ascii) {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
        if out.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "rilis".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_readable_addresses() {
        assert_eq!(
            slugify("Humas Pemerintah Harus Bikin Lompatan"),
            "humas-pemerintah-harus-bikin-lompatan"
        );
        assert_eq!(slugify("Pérayaan HUT ke-80 RI!"), "perayaan-hut-ke-80-ri");
        assert_eq!(slugify("<script>"), "script");
        assert_eq!(slugify("!!!"), "rilis");
        assert!(slugify(&"kata ".repeat(100)).len() <= MAX_SLUG_CHARS + 5);
    }
}
