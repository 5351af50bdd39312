//! Which revisions of a release the public may read. Drafts, reviewed
//! texts and versions replaced before the release went out may hold
//! what was never meant to be published (a phone number, a rejected
//! paragraph); only the text that went public and its corrections may be
//! shown or compared outside the unit.

/// The versions that were the public text, oldest first, from a release's
/// history as `(op, version)` pairs in the order they happened. Only
/// meaningful for a release that is (or was) public: the text that went
/// out is the version of its last `release` (or, for an amplification,
/// `amplify`) move, since a release that reached the public can no longer
/// be unscheduled; every `correct` after it made a new public version.
pub fn public_versions<'a>(history: impl IntoIterator<Item = (&'a str, i64)>) -> Vec<i64> {
    let mut versions = Vec::new();
    for (op, version) in history {
        match op {
            // An earlier release that was unscheduled never reached the
            // public: start again from the last one.
            "release" | "amplify" => versions = vec![version],
            "correct" if !versions.is_empty() => versions.push(version),
            _ => {}
        }
    }
    versions
}

#[cfg(test)]
mod tests {
    use super::public_versions;

    #[test]
    fn only_the_released_text_and_its_corrections_are_public() {
        let history = [
            ("create", 1),
            ("edit", 2),
            ("submit", 2),
            ("approve", 2),
            ("release", 2),
            ("unschedule", 2),
            ("reopen", 2),
            ("edit", 3),
            ("approve", 3),
            ("release", 3),
            ("correct", 4),
            ("comment", 4),
            ("correct", 5),
        ];
        assert_eq!(public_versions(history), vec![3, 4, 5]);
    }

    #[test]
    fn nothing_is_public_before_a_release() {
        assert!(public_versions([("create", 1), ("edit", 2), ("correct", 3)]).is_empty());
    }

    #[test]
    fn an_amplification_starts_public() {
        assert_eq!(public_versions([("amplify", 1)]), vec![1]);
    }
}
