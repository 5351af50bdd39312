//! Units (unit kerja / Humas): the organisations of the network.
//!
//! A unit's code is its materialised path. Regional units carry their
//! Kemendagri code (`51`, `51.71`, `51.71.01`, `51.71.01.1001`); national units
//! carry a lower-case dotted slug (`kemenpanrb`, `kemenpanrb.hkip`). Either
//! way a unit's descendants are exactly the codes that start with its code
//! followed by a dot, so "is X under Y" is a string comparison and "all units
//! under Y" is one index range scan on both database backends.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The tier of government a unit belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Province,
    Regency,
    District,
    Village,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::National,
        Level::Province,
        Level::Regency,
        Level::District,
        Level::Village,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::Regency => "regency",
            Level::District => "district",
            Level::Village => "village",
        }
    }

    /// Position from the top of the hierarchy; used for ordering results.
    pub fn rank(self) -> i64 {
        match self {
            Level::National => 0,
            Level::Province => 1,
            Level::Regency => 2,
            Level::District => 3,
            Level::Village => 4,
        }
    }

    /// The level directly below this one in the regional hierarchy.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::National => None,
            Level::Province => Some(Level::Regency),
            Level::Regency => Some(Level::District),
            Level::District => Some(Level::Village),
            Level::Village => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}`: expected national, province, regency, district or village")]
pub struct UnknownLevel(pub String);

/// A level from its [`Level::rank`] (as the store keeps it in `level_rank`).
impl TryFrom<i64> for Level {
    type Error = String;
    fn try_from(rank: i64) -> Result<Level, String> {
        Level::ALL
            .into_iter()
            .find(|l| l.rank() == rank)
            .ok_or_else(|| format!("no level has rank {rank}"))
    }
}

impl FromStr for Level {
    type Err = UnknownLevel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

/// What kind of organisation a unit is, finer than its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Ministry,
    Agency,
    Bureau,
    Province,
    Kabupaten,
    Kota,
    Kecamatan,
    Kelurahan,
    Desa,
    DesaAdat,
}

impl UnitKind {
    pub const ALL: [UnitKind; 10] = [
        UnitKind::Ministry,
        UnitKind::Agency,
        UnitKind::Bureau,
        UnitKind::Province,
        UnitKind::Kabupaten,
        UnitKind::Kota,
        UnitKind::Kecamatan,
        UnitKind::Kelurahan,
        UnitKind::Desa,
        UnitKind::DesaAdat,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Ministry => "ministry",
            UnitKind::Agency => "agency",
            UnitKind::Bureau => "bureau",
            UnitKind::Province => "province",
            UnitKind::Kabupaten => "kabupaten",
            UnitKind::Kota => "kota",
            UnitKind::Kecamatan => "kecamatan",
            UnitKind::Kelurahan => "kelurahan",
            UnitKind::Desa => "desa",
            UnitKind::DesaAdat => "desa_adat",
        }
    }

    pub fn level(self) -> Level {
        match self {
            UnitKind::Ministry | UnitKind::Agency | UnitKind::Bureau => Level::National,
            UnitKind::Province => Level::Province,
            UnitKind::Kabupaten | UnitKind::Kota => Level::Regency,
            UnitKind::Kecamatan => Level::District,
            UnitKind::Kelurahan | UnitKind::Desa | UnitKind::DesaAdat => Level::Village,
        }
    }

    /// The kind of a regional unit, read from its Kemendagri code and name:
    /// regencies are named "Kabupaten …" or "Kota …"; a village code's last
    /// segment starts with 1 (kelurahan), 2 (desa) or 3 (desa adat).
    pub fn of_region(code: &UnitCode, name: &str) -> UnitKind {
        match code.level() {
            Level::National => UnitKind::Agency,
            Level::Province => UnitKind::Province,
            Level::Regency if name.starts_with("Kota ") => UnitKind::Kota,
            Level::Regency => UnitKind::Kabupaten,
            Level::District => UnitKind::Kecamatan,
            Level::Village => match code.as_str().rsplit('.').next().map(|s| s.as_bytes()[0]) {
                Some(b'1') => UnitKind::Kelurahan,
                Some(b'3') => UnitKind::DesaAdat,
                _ => UnitKind::Desa,
            },
        }
    }
}

impl FromStr for UnitKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UnitKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown unit kind `{s}`"))
    }
}

/// A validated unit code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitCodeError {
    #[error("a unit code cannot be empty")]
    Empty,
    #[error(
        "`{0}` is not a unit code: regional codes look like 51, 51.71, 51.71.01 or 51.71.01.1001; national codes are lower-case words joined by dots, such as kemenpanrb.hkip"
    )]
    Malformed(String),
}

impl UnitCode {
    pub fn parse(s: &str) -> Result<UnitCode, UnitCodeError> {
        if s.is_empty() {
            return Err(UnitCodeError::Empty);
        }
        if is_regional_code(s) || is_national_code(s) {
            Ok(UnitCode(s.to_owned()))
        } else {
            Err(UnitCodeError::Malformed(s.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_regional(&self) -> bool {
        self.0.as_bytes()[0].is_ascii_digit()
    }

    /// The level implied by the code. Regional codes encode it in their
    /// number of segments; every national code is national.
    pub fn level(&self) -> Level {
        if !self.is_regional() {
            return Level::National;
        }
        match self.0.split('.').count() {
            1 => Level::Province,
            2 => Level::Regency,
            3 => Level::District,
            _ => Level::Village,
        }
    }

    /// The parent's code as implied by the path (`51.71` for `51.71.01`).
    pub fn parent(&self) -> Option<UnitCode> {
        self.0.rfind('.').map(|i| UnitCode(self.0[..i].to_owned()))
    }

    /// The province a regional code belongs to.
    pub fn province(&self) -> Option<UnitCode> {
        self.is_regional().then(|| UnitCode(self.0[..2].to_owned()))
    }

    /// True when `self` lies strictly below `ancestor`.
    pub fn is_descendant_of(&self, ancestor: &UnitCode) -> bool {
        self.0.len() > ancestor.0.len() + 1
            && self.0.starts_with(&ancestor.0)
            && self.0.as_bytes()[ancestor.0.len()] == b'.'
    }

    /// Lower and upper bound (exclusive) of the codes strictly below this
    /// one, in byte order: `51.` ≤ code < `51/` (`/` follows `.` in ASCII).
    pub fn descendant_range(&self) -> (String, String) {
        (format!("{}.", self.0), format!("{}/", self.0))
    }
}

fn is_regional_code(s: &str) -> bool {
    let segments: Vec<&str> = s.split('.').collect();
    let widths = [2, 2, 2, 4];
    segments.len() <= widths.len()
        && segments
            .iter()
            .zip(widths)
            .all(|(seg, w)| seg.len() == w && seg.bytes().all(|b| b.is_ascii_digit()))
}

fn is_national_code(s: &str) -> bool {
    s.len() <= 100
        && s.as_bytes()[0].is_ascii_lowercase()
        && s.split('.').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('-')
                && !seg.ends_with('-')
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UnitCode::parse(&s)
    }
}

impl From<UnitCode> for String {
    fn from(c: UnitCode) -> String {
        c.0
    }
}

impl FromStr for UnitCode {
    type Err = UnitCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UnitCode::parse(s)
    }
}

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub code: UnitCode,
    pub name: String,
    pub level: Level,
    pub kind: UnitKind,
    pub parent_code: Option<UnitCode>,
    /// Short name or acronym people search by ("KemenPANRB", "Kominfo").
    pub aliases: Option<String>,
    /// Set when the code disappeared from the official region list.
    /// Retired units are kept: later records keep pointing at them.
    pub retired_at: Option<i64>,
    pub updated_at: i64,
}

impl Unit {
    pub fn zone(&self) -> crate::Zone {
        crate::Zone::of_unit(&self.code)
    }
}

/// A national unit (ministry, agency or one of their bureaus) to be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: Option<UnitCode>,
    pub aliases: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewUnitError {
    #[error("the name must not be empty")]
    EmptyName,
    #[error("the name is longer than 200 characters")]
    NameTooLong,
    #[error(
        "only ministries, agencies and bureaus can be added; regions come from the official list"
    )]
    NotNational,
    #[error("the code {code} must start with its parent's code followed by a dot ({parent}.…)")]
    CodeOutsideParent { code: String, parent: String },
    #[error("a ministry or agency without a parent needs a code without dots")]
    TopLevelWithDots,
}

impl NewUnit {
    /// Checks the rules that need no database: a national kind, a national
    /// code, and a code that sits directly under its parent's code.
    pub fn validate(&self) -> Result<(), NewUnitError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(NewUnitError::EmptyName);
        }
        if name.chars().count() > 200 {
            return Err(NewUnitError::NameTooLong);
        }
        if self.kind.level() != Level::National || self.code.is_regional() {
            return Err(NewUnitError::NotNational);
        }
        match &self.parent_code {
            Some(parent) if self.code.parent().as_ref() != Some(parent) => {
                Err(NewUnitError::CodeOutsideParent {
                    code: self.code.to_string(),
                    parent: parent.to_string(),
                })
            }
            None if self.code.parent().is_some() => Err(NewUnitError::TopLevelWithDots),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    #[test]
    fn regional_codes_carry_their_level() {
        assert_eq!(code("51").level(), Level::Province);
        assert_eq!(code("51.71").level(), Level::Regency);
        assert_eq!(code("51.71.01").level(), Level::District);
        assert_eq!(code("51.71.01.1001").level(), Level::Village);
        assert_eq!(code("kemenpanrb.hkip").level(), Level::National);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "5",
            "511",
            "51.7",
            "51.71.1",
            "51.71.01.101",
            "51..71",
            "Kemen",
            "a_b",
            "a.",
            "-a",
            "51.71.01.1001.1",
        ] {
            assert!(UnitCode::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn descendants_are_code_prefixes() {
        assert!(code("51.71.01").is_descendant_of(&code("51")));
        assert!(!code("51").is_descendant_of(&code("51")));
        assert!(!code("52.71").is_descendant_of(&code("51")));
        assert!(code("kemenpanrb.hkip").is_descendant_of(&code("kemenpanrb")));
        assert!(!code("kemenpanrbx").is_descendant_of(&code("kemenpanrb")));
    }

    #[test]
    fn village_kind_comes_from_the_code() {
        assert_eq!(
            UnitKind::of_region(&code("51.71.01.1001"), "Sanur"),
            UnitKind::Kelurahan
        );
        assert_eq!(
            UnitKind::of_region(&code("51.71.01.2001"), "x"),
            UnitKind::Desa
        );
        assert_eq!(
            UnitKind::of_region(&code("91.03.01.3001"), "x"),
            UnitKind::DesaAdat
        );
        assert_eq!(
            UnitKind::of_region(&code("51.71"), "Kota Denpasar"),
            UnitKind::Kota
        );
        assert_eq!(
            UnitKind::of_region(&code("51.03"), "Kabupaten Badung"),
            UnitKind::Kabupaten
        );
    }

    #[test]
    fn new_units_must_sit_under_their_parent() {
        let mut u = NewUnit {
            code: code("kemenpanrb.hkip"),
            name: "Biro HKIP".into(),
            kind: UnitKind::Bureau,
            parent_code: Some(code("kemenpanrb")),
            aliases: None,
        };
        assert_eq!(u.validate(), Ok(()));
        u.parent_code = Some(code("kominfo"));
        assert!(matches!(
            u.validate(),
            Err(NewUnitError::CodeOutsideParent { .. })
        ));
        u.parent_code = None;
        assert_eq!(u.validate(), Err(NewUnitError::TopLevelWithDots));
        u.code = code("51.71");
        assert_eq!(u.validate(), Err(NewUnitError::NotNational));
    }

    proptest! {
        #[test]
        fn range_bounds_agree_with_is_descendant(a in "[0-9]{2}(\\.[0-9]{2}){0,2}", b in "[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?") {
            let (a, b) = (code(&a), code(&b));
            let (lo, hi) = a.descendant_range();
            let in_range = b.as_str() >= lo.as_str() && b.as_str() < hi.as_str();
            prop_assert_eq!(in_range, b.is_descendant_of(&a));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = UnitCode::parse(&s);
        }
    }
}
