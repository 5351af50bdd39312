//! Mentions: an article that matched no release but names a unit (its
//! name or an alias) or carries a campaign's hashtag. They are not
//! pickups (nothing says the article used the unit's text) and are
//! listed and counted apart, as internal work of the unit.
//!
//! Which names are looked for: the units taking part in monitoring (a
//! release of their own or a source), so that a village's namesake in
//! another province is not credited to it. A name of one word (a
//! province, a district, a village) is looked for after its level's
//! word ("Provinsi Bali", "Kecamatan Kuta", "Desa Sesetan"); regencies and
//! cities already carry theirs ("Kabupaten Badung", "Kota Denpasar").
//! Aliases ("Kominfo") of at least four letters count as they are.
//! Hashtags count while their campaign runs, a month after included.

use std::collections::HashMap;

use sinergi_store::monitor::{MentionableCampaign, MentionableUnit, NewMention};

use crate::DAY;

/// A hashtag still counts this long after its campaign ends.
const AFTER_CAMPAIGN: i64 = 30 * DAY;

/// Lowercased words with their byte ranges in `text`.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), text[s..].to_lowercase()));
    }
    out
}

struct Term {
    words: Vec<String>,
    shown: String,
    unit: String,
    campaign: Option<(i64, i64, i64)>,
}

/// The names and hashtags looked for, built once per batch of articles.
pub struct MentionFinder {
    /// By first word.
    terms: HashMap<String, Vec<Term>>,
    /// Hashtag (lowercase, without `#`) → campaigns carrying it.
    tags: HashMap<String, Vec<Term>>,
}

fn level_word(level: &str) -> Option<&'static str> {
    match level {
        "province" => Some("Provinsi"),
        "district" => Some("Kecamatan"),
        "village" => Some("Desa"),
        _ => None,
    }
}

impl MentionFinder {
    pub fn new(units: &[MentionableUnit], campaigns: &[MentionableCampaign]) -> MentionFinder {
        let mut terms: HashMap<String, Vec<Term>> = HashMap::new();
        let mut add = |shown: String, unit: &str| {
            let w: Vec<String> = words(&shown).into_iter().map(|(_, _, w)| w).collect();
            if let Some(first) = w.first().cloned() {
                terms.entry(first).or_default().push(Term {
                    words: w,
                    shown,
                    unit: unit.to_owned(),
                    campaign: None,
                });
            }
        };
        for u in units {
            let name = u.name.trim();
            let count = words(name).len();
            if count >= 2 {
                add(name.to_owned(), &u.code);
            } else if count == 1
                && let Some(level) = level_word(&u.level)
            {
                add(format!("{level} {name}"), &u.code);
                if u.level == "village" {
                    add(format!("Kelurahan {name}"), &u.code);
                }
            }
            for alias in u.aliases.iter().flat_map(|a| a.split([',', ';'])) {
                let alias = alias.trim();
                if alias.chars().filter(|c| c.is_alphanumeric()).count() >= 4 {
                    add(alias.to_owned(), &u.code);
                }
            }
        }
        let mut tags: HashMap<String, Vec<Term>> = HashMap::new();
        for c in campaigns {
            let list: Vec<String> = serde_json::from_str(&c.hashtags).unwrap_or_default();
            for tag in list {
                // Found case-blind, shown as the campaign spells it.
                let spelled = tag.trim().trim_start_matches('#');
                let tag = spelled.to_lowercase();
                if tag.is_empty() {
                    continue;
                }
                tags.entry(tag).or_default().push(Term {
                    words: Vec::new(),
                    shown: format!("#{spelled}"),
                    unit: c.owner_code.clone(),
                    campaign: Some((c.id, c.starts_at, c.ends_at + AFTER_CAMPAIGN)),
                });
            }
        }
        MentionFinder { terms, tags }
    }

    /// The mentions in an article's title and body published at `at`;
    /// offsets are the body's (a mention in the title is at -1). One per
    /// unit and term.
    pub fn find(&self, title: &str, body: &str, at: i64) -> Vec<NewMention> {
        let mut found: Vec<NewMention> = Vec::new();
        let mut push = |m: NewMention| {
            if !found
                .iter()
                .any(|f| f.unit_code == m.unit_code && f.term == m.term)
            {
                found.push(m);
            }
        };
        for (text, in_body) in [(title, false), (body, true)] {
            let w = words(text);
            for (i, (start, _, word)) in w.iter().enumerate() {
                let offset = if in_body { *start as i64 } else { -1 };
                for term in self.terms.get(word).into_iter().flatten() {
                    let n = term.words.len();
                    if i + n <= w.len()
                        && w[i..i + n].iter().zip(&term.words).all(|(a, b)| a.2 == *b)
                    {
                        push(NewMention {
                            unit_code: term.unit.clone(),
                            campaign_id: None,
                            term: term.shown.clone(),
                            at: offset,
                        });
                    }
                }
                // A hashtag: the word right after a '#'.
                if *start > 0 && text.as_bytes()[start - 1] == b'#' {
                    for term in self.tags.get(word).into_iter().flatten() {
                        if let Some((id, from, to)) = term.campaign
                            && (from..=to).contains(&at)
                        {
                            push(NewMention {
                                unit_code: term.unit.clone(),
                                campaign_id: Some(id),
                                term: term.shown.clone(),
                                at: offset,
                            });
                        }
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str, level: &str, aliases: Option<&str>) -> MentionableUnit {
        MentionableUnit {
            code: code.into(),
            name: name.into(),
            level: level.into(),
            aliases: aliases.map(Into::into),
        }
    }

    #[test]
    fn names_aliases_and_hashtags_are_found_as_whole_words() {
        let units = [
            unit("51", "Bali", "province", None),
            unit("51.71", "Kota Denpasar", "regency", None),
            unit(
                "kominfo",
                "Kementerian Komunikasi dan Digital",
                "national",
                Some("Komdigi, KD"),
            ),
        ];
        let campaigns = [MentionableCampaign {
            id: 7,
            owner_code: "51".into(),
            hashtags: r##"["BaliBersih", "#SampahPlastik"]"##.into(),
            starts_at: 1_000,
            ends_at: 2_000,
        }];
        let f = MentionFinder::new(&units, &campaigns);
        let body = "Warga KOTA  Denpasar bergotong royong. Komdigi mendukung gerakan \
                    #balibersih di Provinsi Bali. Kotadenpasar bukan nama. KD juga bukan.";
        let found = f.find("Gerakan bersih pantai", body, 1_500);
        let terms: Vec<_> = found
            .iter()
            .map(|m| (m.unit_code.as_str(), m.term.as_str()))
            .collect();
        assert_eq!(
            terms,
            [
                ("51.71", "Kota Denpasar"),
                ("kominfo", "Komdigi"),
                ("51", "#BaliBersih"),
                ("51", "Provinsi Bali")
            ]
        );
        assert_eq!(found[2].campaign_id, Some(7));
        assert_eq!(&body[found[0].at as usize..][..4], "KOTA");
        // After the campaign and its month, the hashtag no longer counts.
        let late = f.find("", body, 2_000 + AFTER_CAMPAIGN + 1);
        assert!(late.iter().all(|m| m.campaign_id.is_none()));
        // "Bali" alone is not the province's unit.
        assert!(f.find("", "Liburan di Bali.", 1_500).is_empty());
    }
}
