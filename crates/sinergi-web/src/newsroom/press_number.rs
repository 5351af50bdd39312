//! The press number as people read it: "Siaran Pers No. 12/HKIP
//! KemenPANRB/2026" rather than "12/KEMENPANRB.HKIP/2026". The number and
//! the year are the store's ([`PressNumber`], given once at first
//! release); the middle part is the unit's shorthand, chosen here:
//!
//! - a regional unit: its name as places are written ("Kota Denpasar",
//!   "Kab. Badung", "Kec. Kuta", "Desa Kedonganan"; a province by its
//!   name), since its code ("51.71") tells a reader nothing;
//! - a national unit: the segments of its code, the unit's own first and
//!   then each unit above it ("kemenpanrb.hkip" → "HKIP KemenPANRB"),
//!   each written as an alias of the unit or of a unit above it spells it
//!   (the `aliases` field holds the acronyms people use), or in capitals
//!   when no alias does.
//!
//! No new column: the name, the code and the aliases already say it. The
//! API keeps the code form (`PressNumber::text`), stable for machines.

use std::collections::BTreeMap;

use sinergi_domain::UnitCode;
use sinergi_store::Store;
use sinergi_store::newsroom::PressNumber;

use crate::i18n::Tr;
use crate::pages::view::short_name;

/// A unit's shorthand (see the module comment). `aliases` holds the
/// aliases of the unit and of the units above it.
pub fn shorthand(code: &str, name: &str, aliases: &[&str]) -> String {
    let Ok(unit) = UnitCode::parse(code) else {
        return name.to_owned();
    };
    if unit.is_regional() {
        return short_name(&unit, name);
    }
    let words: Vec<&str> = aliases.iter().flat_map(|a| a.split_whitespace()).collect();
    unit.as_str()
        .rsplit('.')
        .map(|segment| {
            words
                .iter()
                .find(|w| w.eq_ignore_ascii_case(segment))
                .map(|w| (*w).to_owned())
                .unwrap_or_else(|| segment.to_ascii_uppercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The aliases a page needs to write the shorthands of `codes`: those of
/// each national unit and of the units above it, read in one query.
/// Regional units need none. A failed read leaves capitals, never an error.
#[derive(Default)]
pub struct Shorthands {
    aliases: BTreeMap<String, String>,
}

impl Shorthands {
    pub async fn load<'a>(store: &Store, codes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut wanted = Vec::new();
        for code in codes {
            let Ok(unit) = UnitCode::parse(code) else {
                continue;
            };
            if unit.is_regional() {
                continue;
            }
            let mut next = Some(unit);
            while let Some(u) = next {
                next = u.parent();
                wanted.push(u.as_str().to_owned());
            }
        }
        if wanted.is_empty() {
            return Self::default();
        }
        let aliases = store
            .unit_aliases(wanted.iter().map(String::as_str))
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "unit aliases for press numbers unavailable");
                BTreeMap::new()
            });
        Self { aliases }
    }

    /// The shorthand of the unit `code` named `name`.
    pub fn of(&self, code: &str, name: &str) -> String {
        let mut aliases = Vec::new();
        let mut next = UnitCode::parse(code).ok();
        while let Some(u) = next {
            if let Some(a) = self.aliases.get(u.as_str()) {
                aliases.push(a.as_str());
            }
            next = u.parent();
        }
        shorthand(code, name, &aliases)
    }

    /// "No. 12/HKIP KemenPANRB/2026".
    pub fn number(&self, tr: &Tr, code: &str, name: &str, n: PressNumber) -> String {
        tr.t1(
            "nr-press-number",
            "number",
            &n.with_shorthand(&self.of(code, name)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::shorthand;

    #[test]
    fn national_units_are_written_as_their_acronyms() {
        let hkip = "Biro HKIP Humas KemenPANRB";
        let ministry = "KemenPANRB Kemen PANRB MenPANRB";
        assert_eq!(
            shorthand(
                "kemenpanrb.hkip",
                "Biro Hukum, Komunikasi dan Informasi Publik",
                &[hkip, ministry]
            ),
            "HKIP KemenPANRB"
        );
        assert_eq!(
            shorthand("kemenpanrb", "Kementerian PANRB", &[ministry]),
            "KemenPANRB"
        );
        assert_eq!(
            shorthand(
                "komdigi",
                "Kementerian Komunikasi dan Digital",
                &["Komdigi Kominfo"]
            ),
            "Komdigi"
        );
        // No alias spells it: capitals, as the code says it.
        assert_eq!(
            shorthand("kemenkeu.djp", "Direktorat Jenderal Pajak", &[]),
            "DJP KEMENKEU"
        );
    }

    #[test]
    fn regional_units_are_written_by_name_as_places_are() {
        assert_eq!(shorthand("51.71", "Kota Denpasar", &[]), "Kota Denpasar");
        assert_eq!(shorthand("51.03", "Badung", &[]), "Kab. Badung");
        assert_eq!(shorthand("51", "Bali", &["Pemprov Bali"]), "Bali");
        assert_eq!(
            shorthand("51.71.01", "Denpasar Selatan", &[]),
            "Kec. Denpasar Selatan"
        );
    }
}
