//! Which characters typed text may hold. Every text a person enters can
//! end up in XML (feeds, sitemaps, the map), and XML 1.0 cannot carry most
//! control characters at all: one NUL in a title would make a unit's feed
//! unreadable for every reader. So services refuse them at the field, with
//! a clear message, and the XML writers drop them as a second line.

/// Whether XML 1.0 can carry `c` (`Char` in the XML 1.0 grammar).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether a person may type `c`: what XML carries, less DEL and the C1
/// controls, which no keyboard produces and which only arrive by copying
/// from broken documents.
pub fn is_allowed_char(c: char) -> bool {
    is_xml_char(c) && !('\u{7F}'..='\u{9F}').contains(&c)
}

/// The first character of `s` that may not be typed, if any.
pub fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|c| !is_allowed_char(*c))
}

/// The message key for a field holding a forbidden character.
pub const FORBIDDEN_CHAR_KEY: &str = "field-control-chars";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn controls_and_non_characters_are_refused() {
        for bad in [
            "a\u{0}b",
            "\u{b}",
            "\u{1b}[31m",
            "x\u{ffff}",
            "\u{fffe}",
            "\u{7f}",
            "\u{85}",
        ] {
            assert!(forbidden_char(bad).is_some(), "{bad:?}");
        }
        for good in [
            "Banjir & longsor",
            "baris\nbaru\r\n\tmenjorok",
            "Kab. Banyuwangi 🌊",
            "é ü 中",
        ] {
            assert_eq!(forbidden_char(good), None, "{good:?}");
        }
    }

    proptest! {
        /// Whatever passes the field check can be written as XML text.
        #[test]
        fn allowed_text_is_xml(s in any::<String>()) {
            if forbidden_char(&s).is_none() {
                prop_assert!(s.chars().all(is_xml_char));
            }
        }
    }
}
