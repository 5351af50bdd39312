//! The stemming of one (singular) word: Sastrawi's `Context` and its visitors.
//!
//! The control flow is a line-by-line port of `Sastrawi\Stemmer\Context\Context` (PHP
//! 1.2.0; pysastrawi 1.2.1 is identical): dictionary lookup, short-word guard, confix
//! precedence adjustment, suffix removal, up to three prefix-removal rounds, and the ECS
//! "loop pengembalian akhiran" (re-attaching removed suffixes one by one). Removals keep
//! their subject in a per-word arena instead of one `String` each, and lookups whose answer
//! is already known (the word did not change) are skipped; neither changes the result.

use super::affixes::{
    derivational_end, is_short_word, particle_end, plain_prefix_len, possessive_end, prefix_first,
};
use super::dictionary::Dictionary;
use super::rules::RULE_GROUPS;

/// Sastrawi's affix types: `P` (particle), `PP` (possessive pronoun), `DS` (derivational
/// suffix), `DP` (derivational prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AffixType {
    Particle,
    PossessivePronoun,
    DerivationalSuffix,
    DerivationalPrefix,
}

/// One accepted affix removal (`Removal` upstream).
#[derive(Debug, Clone, Copy)]
struct Removal {
    affix: AffixType,
    /// The word before the removal, as a range of `Context::arena`.
    subject_start: usize,
    subject_end: usize,
    /// The removed part was exactly `kan` (the only removed part the ECS loop looks at).
    removed_kan: bool,
}

/// A suffix visitor: the length of the word that remains after removing its suffix.
type SuffixEnd = fn(&str) -> usize;

pub(crate) struct Context<'a> {
    dictionary: &'a Dictionary,
    original: &'a str,
    current: String,
    /// Reusable buffer for candidate roots produced by disambiguation rules.
    candidate: String,
    /// Storage for the subjects of all removals.
    arena: String,
    removals: Vec<Removal>,
    process_is_stopped: bool,
}

impl<'a> Context<'a> {
    pub(crate) fn new(original: &'a str, dictionary: &'a Dictionary) -> Self {
        Self {
            dictionary,
            original,
            current: String::with_capacity(original.len() + 8),
            candidate: String::with_capacity(original.len() + 8),
            arena: String::new(),
            removals: Vec::new(),
            process_is_stopped: false,
        }
    }

    /// `Context::execute`: the root if one was found, otherwise the original word.
    pub(crate) fn execute(mut self) -> String {
        self.current.push_str(self.original);
        self.start_stemming_process();
        if self.in_dictionary() {
            self.current
        } else {
            self.original.to_owned()
        }
    }

    #[inline]
    fn in_dictionary(&self) -> bool {
        self.dictionary.contains(&self.current)
    }

    fn start_stemming_process(&mut self) {
        // step 1
        if self.in_dictionary() {
            return;
        }
        // The only general visitor is DontStemShortWord. Note that upstream does not return
        // here: a short word still goes through the removals below, with each visitor list
        // cut short after its first visitor.
        if is_short_word(&self.current) {
            self.process_is_stopped = true;
        }

        // Confix stripping: try prefix before suffix if the specification is met.
        if prefix_first(self.original) {
            self.remove_prefixes();
            if self.in_dictionary() {
                return;
            }
            self.remove_suffixes();
            if self.in_dictionary() {
                return;
            }
            // Restore the original word and continue with the normal precedence.
            self.current.clear();
            self.current.push_str(self.original);
            self.removals.clear();
        }

        // steps 2, 3
        self.remove_suffixes();
        if self.in_dictionary() {
            return;
        }
        // steps 4, 5
        self.remove_prefixes();
        if self.in_dictionary() {
            return;
        }
        self.loop_pengembalian_akhiran();
    }

    /// Up to three rounds of prefix removal, stopping at a dictionary word.
    fn remove_prefixes(&mut self) {
        for _ in 0..3 {
            if !self.accept_prefix_visitors() {
                // Nothing was removed: further rounds would see the same word.
                return;
            }
            if self.in_dictionary() {
                return;
            }
        }
    }

    /// One round: the prefix visitors in order until one removes something. Returns whether
    /// a removal was recorded.
    ///
    /// Upstream looks the word up after every visitor. A visitor that removes nothing leaves
    /// the word as it was, so one lookup after the first visitor answers for all of them; it
    /// is needed because the ECS loop enters here with a form that was never looked up
    /// (`pelukan` → `peluk`, a root, must not go on to `luk`).
    fn accept_prefix_visitors(&mut self) -> bool {
        if self.visit_plain_prefix() {
            return true;
        }
        if self.in_dictionary() || self.process_is_stopped {
            return false;
        }
        RULE_GROUPS
            .iter()
            .any(|group| self.visit_disambiguator(group))
    }

    /// The suffix visitors (particle, possessive pronoun, derivational suffix), stopping at a
    /// dictionary word or, for short words, after the first visitor.
    fn remove_suffixes(&mut self) {
        let steps: [(AffixType, SuffixEnd); 3] = [
            (AffixType::Particle, particle_end),
            (AffixType::PossessivePronoun, possessive_end),
            (AffixType::DerivationalSuffix, derivational_end),
        ];
        for (affix, end) in steps {
            let new_len = end(&self.current);
            if new_len != self.current.len() {
                let removed_kan = &self.current[new_len..] == "kan";
                self.add_removal(affix, removed_kan);
                self.current.truncate(new_len);
                if self.in_dictionary() {
                    return;
                }
            }
            if self.process_is_stopped {
                return;
            }
        }
    }

    /// `RemovePlainPrefix` (di-, ke-, se-).
    fn visit_plain_prefix(&mut self) -> bool {
        let len = plain_prefix_len(&self.current);
        if len == 0 {
            return false;
        }
        self.add_removal(AffixType::DerivationalPrefix, false);
        self.current.drain(..len);
        true
    }

    /// `AbstractDisambiguatePrefixRule::visit` for one group of alternative rules.
    fn visit_disambiguator(&mut self, group: &[super::rules::Rule]) -> bool {
        let mut matched = false;
        for rule in group {
            match rule.apply(&self.current) {
                Some(output) => {
                    output.write_to(&mut self.candidate);
                    matched = true;
                    if self.dictionary.contains(&self.candidate) {
                        break;
                    }
                }
                // The last rule's result counts, even when an earlier rule matched.
                None => matched = false,
            }
        }
        if !matched {
            return false;
        }
        self.add_removal(AffixType::DerivationalPrefix, false);
        std::mem::swap(&mut self.current, &mut self.candidate);
        true
    }

    fn add_removal(&mut self, affix: AffixType, removed_kan: bool) {
        let subject_start = self.arena.len();
        self.arena.push_str(&self.current);
        self.removals.push(Removal {
            affix,
            subject_start,
            subject_end: self.arena.len(),
            removed_kan,
        });
    }

    fn set_current_from_arena(&mut self, start: usize, end: usize) {
        self.current.clear();
        self.current.push_str(&self.arena[start..end]);
    }

    /// ECS "loop pengembalian akhiran": put the removed suffixes back one at a time (last
    /// removed first) and retry the prefix removal on each form; for `-kan` first try the
    /// form that keeps its `k` (the `k` may belong to the root: root + `-an`).
    fn loop_pengembalian_akhiran(&mut self) {
        // restore_prefix: back to the word before the first removal (pysastrawi takes the
        // first removal of any type; PHP the first prefix removal: neither form is a
        // dictionary word at this point, so the outcome is the same), then forget the
        // prefix removals.
        if let Some(first) = self.removals.first().copied() {
            self.set_current_from_arena(first.subject_start, first.subject_end);
        }
        self.removals
            .retain(|removal| removal.affix != AffixType::DerivationalPrefix);
        let suffix_removals = self.removals.len();
        let restored = self.current.clone();

        for index in (0..suffix_removals).rev() {
            let removal = self.removals[index];
            if removal.removed_kan {
                // result + "k": the subject without its final "an".
                self.set_current_from_arena(removal.subject_start, removal.subject_end - 2);
                self.remove_prefixes();
                if self.in_dictionary() {
                    return;
                }
            }
            // The subject (for -kan: result + "kan", the same string).
            self.set_current_from_arena(removal.subject_start, removal.subject_end);
            self.remove_prefixes();
            if self.in_dictionary() {
                return;
            }
            self.removals.truncate(suffix_removals);
            self.current.clear();
            self.current.push_str(&restored);
        }
    }
}
