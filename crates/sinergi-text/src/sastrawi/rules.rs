//! Sastrawi's prefix disambiguation rules 1–42 (`DisambiguatorPrefixRule1a` … `42`).
//!
//! Each rule is individually callable through [`Rule::disambiguate`], as each PHP class has
//! its own `disambiguate($word)`, so the per-rule upstream test cases can be replayed. The
//! PHP/Python originals use one regular expression per rule; here every rule is a
//! hand-written byte match with exactly the same semantics (character classes, `er`
//! exceptions and recodings included, even where the code differs from the rule's comment,
//! e.g. rule 2 does not actually exclude `C = r`). No regex engine runs on the hot path and
//! a rule's output borrows from the input instead of allocating.
//!
//! Only ASCII bytes are ever matched before a slice point, so slicing never splits a UTF-8
//! character, whatever the input.

/// The output of one rule: the recoded root candidate is `head` followed by `tail`.
///
/// For example rule 15b (`men{V} -> me-t{V}`) on `menulis` gives head `t`, tail `ulis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleOutput<'a> {
    /// Letters put back in front (the recoding), possibly empty.
    pub head: &'a str,
    /// The remainder of the input word.
    pub tail: &'a str,
}

impl RuleOutput<'_> {
    /// Appends the candidate to `out` (used to build it in a reusable buffer).
    #[inline]
    pub fn write_to(&self, out: &mut String) {
        out.clear();
        out.push_str(self.head);
        out.push_str(self.tail);
    }
}

impl std::fmt::Display for RuleOutput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.head)?;
        f.write_str(self.tail)
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $doc:literal;)*) => {
        /// One disambiguation rule, named after its Sastrawi class (`R17b` is
        /// `DisambiguatorPrefixRule17b`). There are no rules 22 and 33 upstream.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $(#[doc = $doc] $variant,)*
        }

        impl Rule {
            /// Every rule, in upstream order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The upstream rule id, e.g. `"17b"`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The rule with the upstream id (`"1a"`, `"2"`, …), if any.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    R1a => "1a", "berV -> ber-V";
    R1b => "1b", "berV -> be-rV";
    R2 => "2", "berCAP -> ber-CAP where P != 'er'";
    R3 => "3", "berCAerV -> ber-CAerV where C != 'r'";
    R4 => "4", "belajar -> bel-ajar";
    R5 => "5", "beC1erC2 -> be-C1erC2 where C1 != 'r'";
    R6a => "6a", "terV -> ter-V";
    R6b => "6b", "terV -> te-rV";
    R7 => "7", "terCerV -> ter-CerV where C != 'r'";
    R8 => "8", "terCP -> ter-CP where C != 'r' and P != 'er'";
    R9 => "9", "teC1erC2 -> te-C1erC2 where C1 != 'r'";
    R10 => "10", "me{l|r|w|y}V -> me-{l|r|w|y}V";
    R11 => "11", "mem{b|f|v} -> mem-{b|f|v}";
    R12 => "12", "mempe -> mem-pe";
    R13a => "13a", "mem{rV|V} -> me-m{rV|V}";
    R13b => "13b", "mem{rV|V} -> me-p{rV|V}";
    R14 => "14", "men{c|d|j|s|t|z} -> men-{c|d|j|s|t|z}";
    R15a => "15a", "men{V} -> me-n{V}";
    R15b => "15b", "men{V} -> me-t{V}";
    R16 => "16", "meng{g|h|q|k} -> meng-{g|h|q|k}";
    R17a => "17a", "mengV -> meng-V";
    R17b => "17b", "mengV -> meng-kV";
    R17c => "17c", "mengV -> meng-V- where V = 'e'";
    R17d => "17d", "mengV -> me-ngV";
    R18a => "18a", "menyV -> me-nyV";
    R18b => "18b", "menyV -> meny-sV";
    R19 => "19", "mempA -> mem-pA where A != 'e' (and A != 'n')";
    R20 => "20", "pe{w|y}V -> pe-{w|y}V";
    R21a => "21a", "perV -> per-V";
    R21b => "21b", "perV -> pe-rV";
    R23 => "23", "perCAP -> per-CAP where P != 'er'";
    R24 => "24", "perCAerV -> per-CAerV where C != 'r'";
    R25 => "25", "pem{b|f|v} -> pem-{b|f|v}";
    R26a => "26a", "pem{rV|V} -> pe-m{rV|V}";
    R26b => "26b", "pem{rV|V} -> pe-p{rV|V}";
    R27 => "27", "pen{c|d|j|s|t|z} -> pen-{c|d|j|s|t|z}";
    R28a => "28a", "pen{V} -> pe-n{V}";
    R28b => "28b", "pen{V} -> pe-t{V}";
    R29 => "29", "pengC -> peng-C";
    R30a => "30a", "pengV -> peng-V";
    R30b => "30b", "pengV -> peng-kV";
    R30c => "30c", "pengV -> pengV- where V = 'e'";
    R31a => "31a", "penyV -> pe-nyV";
    R31b => "31b", "penyV -> peny-sV";
    R32 => "32", "pelV -> pe-lV except pelajar -> ajar";
    R34 => "34", "peCP -> pe-CP where P != 'er'";
    R35 => "35", "terC1erC2 -> ter-C1erC2 where C1 != {r|l|m|n|w|y}";
    R36 => "36", "peC1erC2 -> pe-C1erC2 where C1 != {r|w|y|l|m|n}";
    R37a => "37a", "CerV -> CerV (infix, kept)";
    R37b => "37b", "CerV -> CV (infix -er- removed)";
    R38a => "38a", "CelV -> CelV (infix, kept)";
    R38b => "38b", "CelV -> CV (infix -el- removed)";
    R39a => "39a", "CemV -> CemV (infix, kept)";
    R39b => "39b", "CemV -> CV (infix -em- removed)";
    R40a => "40a", "CinV -> CinV (infix, kept)";
    R40b => "40b", "CinV -> CV (infix -in- removed)";
    R41 => "41", "kuA -> ku-A";
    R42 => "42", "kauA -> kau-A";
}

/// `[aiueo]`
#[inline]
fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'i' | b'u' | b'e' | b'o')
}

/// `[bcdfghjklmnpqrstvwxyz]`
#[inline]
fn is_consonant(b: u8) -> bool {
    b.is_ascii_lowercase() && !is_vowel(b)
}

/// `[bcdfghjkpqstvxz]`: consonants other than r, l, m, n, w, y (rules 35 and 36).
#[inline]
fn is_rule35_consonant(b: u8) -> bool {
    is_consonant(b) && !matches!(b, b'r' | b'l' | b'm' | b'n' | b'w' | b'y')
}

impl Rule {
    /// Applies this rule alone to `word`: `None` when the rule does not apply (PHP `null`).
    pub fn disambiguate(self, word: &str) -> Option<String> {
        self.apply(word).map(|output| output.to_string())
    }

    /// Applies this rule alone to `word` without allocating.
    pub fn apply(self, word: &str) -> Option<RuleOutput<'_>> {
        let b = word.as_bytes();
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let has = |i: usize, s: &[u8]| b.get(i..).is_some_and(|rest| rest.starts_with(s));
        let out = |head: &'static str, from: usize| {
            Some(RuleOutput {
                head,
                tail: &word[from..],
            })
        };
        // `C er V` / `C el V` … at the start of the word (rules 37–40).
        let infix = |infix: &[u8]| is_consonant(at(0)) && has(1, infix) && is_vowel(at(3));
        let infix_removed = || {
            Some(RuleOutput {
                head: &word[..1],
                tail: &word[3..],
            })
        };
        let whole = || {
            Some(RuleOutput {
                head: "",
                tail: word,
            })
        };

        use Rule::*;
        match self {
            R1a | R1b if has(0, b"ber") && is_vowel(at(3)) => {
                out(if self == R1a { "" } else { "r" }, 3)
            }
            R2 if has(0, b"ber") && is_consonant(at(3)) && at(4).is_ascii_lowercase() => {
                if has(5, b"er") { None } else { out("", 3) }
            }
            R3 if has(0, b"ber")
                && is_consonant(at(3))
                && at(4).is_ascii_lowercase()
                && has(5, b"er")
                && is_vowel(at(7)) =>
            {
                if at(3) == b'r' {
                    None
                } else {
                    out("", 3)
                }
            }
            R4 if word == "belajar" => out("", 3),
            R5 if has(0, b"be")
                && is_consonant(at(2))
                && at(2) != b'r'
                && has(3, b"er")
                && is_consonant(at(5)) =>
            {
                out("", 2)
            }
            R6a | R6b if has(0, b"ter") && is_vowel(at(3)) => {
                out(if self == R6a { "" } else { "r" }, 3)
            }
            R7 if has(0, b"ter") && is_consonant(at(3)) && has(4, b"er") && is_vowel(at(6)) => {
                if at(3) == b'r' { None } else { out("", 3) }
            }
            R8 if has(0, b"ter") && is_consonant(at(3)) => {
                if at(3) == b'r' || has(4, b"er") {
                    None
                } else {
                    out("", 3)
                }
            }
            R9 if has(0, b"te") && is_consonant(at(2)) && has(3, b"er") && is_consonant(at(5)) => {
                if at(2) == b'r' {
                    None
                } else {
                    out("", 2)
                }
            }
            R10 if has(0, b"me")
                && matches!(at(2), b'l' | b'r' | b'w' | b'y')
                && is_vowel(at(3)) =>
            {
                out("", 2)
            }
            R11 if has(0, b"mem") && matches!(at(3), b'b' | b'f' | b'v') => out("", 3),
            R12 if has(0, b"mempe") => out("", 3),
            R13a | R13b if has(0, b"mem") && is_vowel(at(3)) => {
                out(if self == R13a { "m" } else { "p" }, 3)
            }
            R14 if has(0, b"men") && matches!(at(3), b'c' | b'd' | b'j' | b's' | b't' | b'z') => {
                out("", 3)
            }
            R15a | R15b if has(0, b"men") && is_vowel(at(3)) => {
                out(if self == R15a { "n" } else { "t" }, 3)
            }
            R16 if has(0, b"meng") && matches!(at(4), b'g' | b'h' | b'q' | b'k') => out("", 4),
            R17a | R17b | R17d if has(0, b"meng") && is_vowel(at(4)) => out(
                match self {
                    R17a => "",
                    R17b => "k",
                    _ => "ng",
                },
                4,
            ),
            R17c if has(0, b"menge") => out("", 5),
            R18a | R18b if has(0, b"meny") && is_vowel(at(4)) => {
                out(if self == R18a { "ny" } else { "s" }, 4)
            }
            R19 if has(0, b"memp")
                && at(4).is_ascii_lowercase()
                && !matches!(at(4), b'e' | b'n') =>
            {
                out("", 3)
            }
            R20 if has(0, b"pe") && matches!(at(2), b'w' | b'y') && is_vowel(at(3)) => out("", 2),
            R21a if has(0, b"per") && is_vowel(at(3)) => out("", 3),
            R21b if has(0, b"per") && is_vowel(at(3)) => out("", 2),
            R23 if has(0, b"per") && is_consonant(at(3)) && at(4).is_ascii_lowercase() => {
                if has(5, b"er") { None } else { out("", 3) }
            }
            R24 if has(0, b"per")
                && is_consonant(at(3))
                && at(4).is_ascii_lowercase()
                && has(5, b"er")
                && is_vowel(at(7)) =>
            {
                if at(3) == b'r' {
                    None
                } else {
                    out("", 3)
                }
            }
            R25 if has(0, b"pem") && matches!(at(3), b'b' | b'f' | b'v') => out("", 3),
            R26a | R26b if has(0, b"pem") && is_vowel(at(3)) => {
                out(if self == R26a { "m" } else { "p" }, 3)
            }
            R27 if has(0, b"pen") && matches!(at(3), b'c' | b'd' | b'j' | b's' | b't' | b'z') => {
                out("", 3)
            }
            R28a | R28b if has(0, b"pen") && is_vowel(at(3)) => {
                out(if self == R28a { "n" } else { "t" }, 3)
            }
            R29 if has(0, b"peng") && is_consonant(at(4)) => out("", 4),
            R30a | R30b if has(0, b"peng") && is_vowel(at(4)) => {
                out(if self == R30a { "" } else { "k" }, 4)
            }
            R30c if has(0, b"penge") => out("", 5),
            R31a | R31b if has(0, b"peny") && is_vowel(at(4)) => {
                out(if self == R31a { "ny" } else { "s" }, 4)
            }
            R32 if word == "pelajar" => out("", 3),
            R32 if has(0, b"pel") && is_vowel(at(3)) => out("", 2),
            R34 if has(0, b"pe") && is_consonant(at(2)) => {
                if has(3, b"er") {
                    None
                } else {
                    out("", 2)
                }
            }
            R35 if has(0, b"ter")
                && is_rule35_consonant(at(3))
                && has(4, b"er")
                && is_consonant(at(6)) =>
            {
                out("", 3)
            }
            R36 if has(0, b"pe")
                && is_rule35_consonant(at(2))
                && has(3, b"er")
                && is_consonant(at(5)) =>
            {
                out("", 2)
            }
            R37a if infix(b"er") => whole(),
            R37b if infix(b"er") => infix_removed(),
            R38a if infix(b"el") => whole(),
            R38b if infix(b"el") => infix_removed(),
            R39a if infix(b"em") => whole(),
            R39b if infix(b"em") => infix_removed(),
            R40a if infix(b"in") => whole(),
            R40b if infix(b"in") => infix_removed(),
            R41 if has(0, b"ku") => out("", 2),
            R42 if has(0, b"kau") => out("", 3),
            _ => None,
        }
    }
}

/// The prefix visitors after `RemovePlainPrefix`, in `VisitorProvider` order. Within a
/// group the first candidate found in the dictionary wins, otherwise the last rule's output
/// (which may be "no match") is taken, exactly as `AbstractDisambiguatePrefixRule::visit`.
pub(crate) const RULE_GROUPS: &[&[Rule]] = {
    use Rule::*;
    &[
        &[R1a, R1b],
        &[R2],
        &[R3],
        &[R4],
        &[R5],
        &[R6a, R6b],
        &[R7],
        &[R8],
        &[R9],
        &[R10],
        &[R11],
        &[R12],
        &[R13a, R13b],
        &[R14],
        &[R15a, R15b],
        &[R16],
        &[R17a, R17b, R17c, R17d],
        &[R18a, R18b],
        &[R19],
        &[R20],
        &[R21a, R21b],
        &[R23],
        &[R24],
        &[R25],
        &[R26a, R26b],
        &[R27],
        &[R28a, R28b],
        &[R29],
        &[R30a, R30b, R30c],
        &[R31a, R31b],
        &[R32],
        &[R34],
        &[R35],
        &[R36],
        &[R37a, R37b],
        &[R38a, R38b],
        &[R39a, R39b],
        &[R40a, R40b],
        &[R41],
        &[R42],
    ]
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_cover_58_rules() {
        assert_eq!(Rule::ALL.len(), 58);
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        assert_eq!(Rule::from_id("22"), None);
    }

    #[test]
    fn recodings() {
        assert_eq!(Rule::R15b.disambiguate("menulis").as_deref(), Some("tulis"));
        assert_eq!(
            Rule::R17d.disambiguate("mengantuk").as_deref(),
            Some("ngantuk")
        );
        assert_eq!(Rule::R37b.disambiguate("gerigi").as_deref(), Some("gigi"));
        assert_eq!(Rule::R4.disambiguate("belajar").as_deref(), Some("ajar"));
        assert_eq!(Rule::R2.disambiguate("berkaerja"), None);
        assert_eq!(
            Rule::R2.disambiguate("berterbangan").as_deref(),
            Some("terbangan")
        );
    }

    #[test]
    fn non_ascii_input_never_splits_a_character() {
        for rule in Rule::ALL {
            for word in ["bé", "berá", "meñyapu", "ké", "pe\u{301}", "é", "", "ber"] {
                let _ = rule.disambiguate(word);
            }
        }
    }

    #[test]
    fn groups_list_every_rule_once() {
        let mut seen: Vec<Rule> = RULE_GROUPS.iter().flat_map(|g| g.iter().copied()).collect();
        assert_eq!(seen.len(), Rule::ALL.len());
        seen.dedup();
        assert_eq!(seen.as_slice(), Rule::ALL);
    }
}
