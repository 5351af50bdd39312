//! Suffix and plain-prefix removal, and the confix-stripping precedence test.
//!
//! Each function mirrors one Sastrawi regular expression (quoted in its doc) and returns
//! byte lengths instead of new strings, so the caller can truncate in place.

/// `RemoveInflectionalParticle`: `-*(lah|kah|tah|pun)$`. Returns the length that remains
/// (the particle and any hyphens right before it are removed).
#[inline]
pub(crate) fn particle_end(word: &str) -> usize {
    let b = word.as_bytes();
    if b.ends_with(b"lah") || b.ends_with(b"kah") || b.ends_with(b"tah") || b.ends_with(b"pun") {
        trim_hyphens(b, b.len() - 3)
    } else {
        b.len()
    }
}

/// `RemoveInflectionalPossessivePronoun`: `-*(ku|mu|nya)$`.
#[inline]
pub(crate) fn possessive_end(word: &str) -> usize {
    let b = word.as_bytes();
    if b.ends_with(b"nya") {
        trim_hyphens(b, b.len() - 3)
    } else if b.ends_with(b"ku") || b.ends_with(b"mu") {
        trim_hyphens(b, b.len() - 2)
    } else {
        b.len()
    }
}

/// `RemoveDerivationalSuffix`: `(is|isme|isasi|i|kan|an)$` replaced once. Python's
/// `re.sub` takes the leftmost match, so the longest suffix that ends the word wins.
#[inline]
pub(crate) fn derivational_end(word: &str) -> usize {
    let b = word.as_bytes();
    let n = b.len();
    if b.ends_with(b"isasi") {
        n - 5
    } else if b.ends_with(b"isme") {
        n - 4
    } else if b.ends_with(b"kan") {
        n - 3
    } else if b.ends_with(b"is") || b.ends_with(b"an") {
        n - 2
    } else if b.ends_with(b"i") {
        n - 1
    } else {
        n
    }
}

/// `-*` before a suffix: hyphens directly before `end` are removed with it.
#[inline]
fn trim_hyphens(b: &[u8], mut end: usize) -> usize {
    while end > 0 && b[end - 1] == b'-' {
        end -= 1;
    }
    end
}

/// `RemovePlainPrefix`: `^(di|ke|se)`. Returns the number of bytes to drop (0 or 2).
#[inline]
pub(crate) fn plain_prefix_len(word: &str) -> usize {
    let b = word.as_bytes();
    if b.starts_with(b"di") || b.starts_with(b"ke") || b.starts_with(b"se") {
        2
    } else {
        0
    }
}

/// `ConfixStripping\PrecedenceAdjustmentSpecification`: for these confixes the prefix is
/// removed before the suffix (`^be.*lah$`, `^be.*an$`, `^me.*i$`, `^di.*i$`, `^pe.*i$`,
/// `^ter.*i$`).
pub(crate) fn prefix_first(word: &str) -> bool {
    let b = word.as_bytes();
    let confix = |prefix: &[u8], suffix: &[u8]| {
        b.len() >= prefix.len() + suffix.len() && b.starts_with(prefix) && b.ends_with(suffix)
    };
    confix(b"be", b"lah")
        || confix(b"be", b"an")
        || confix(b"me", b"i")
        || confix(b"di", b"i")
        || confix(b"pe", b"i")
        || confix(b"ter", b"i")
}

/// `DontStemShortWord`: at most three characters (Python `len`, i.e. code points).
#[inline]
pub(crate) fn is_short_word(word: &str) -> bool {
    word.len() <= 3 || (!word.is_ascii() && word.chars().count() <= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(word: &str, end: fn(&str) -> usize) -> &str {
        &word[..end(word)]
    }

    #[test]
    fn suffixes() {
        assert_eq!(strip("hancurlah", particle_end), "hancur");
        assert_eq!(strip("siapa--pun", particle_end), "siapa");
        assert_eq!(strip("bajumu", possessive_end), "baju");
        assert_eq!(strip("nikmat-nya", possessive_end), "nikmat");
        assert_eq!(strip("modernisasi", derivational_end), "modern");
        assert_eq!(strip("komunisme", derivational_end), "komun");
        assert_eq!(strip("belikan", derivational_end), "beli");
        assert_eq!(strip("jualan", derivational_end), "jual");
        assert_eq!(strip("hantui", derivational_end), "hantu");
        assert_eq!(strip("idealis", derivational_end), "ideal");
        assert_eq!(strip("kan", derivational_end), "");
    }

    #[test]
    fn precedence() {
        assert!(prefix_first("bertaburan"));
        assert!(prefix_first("bean"));
        assert!(prefix_first("mei"));
        assert!(!prefix_first("bea"));
        assert!(!prefix_first("teri"[..3].as_ref()));
        assert!(prefix_first("teri"));
    }

    #[test]
    fn short_words_count_characters() {
        assert!(is_short_word("mei"));
        assert!(is_short_word("méi"));
        assert!(!is_short_word("mein"));
    }
}
