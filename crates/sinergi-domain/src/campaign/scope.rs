//! A campaign's scope and cascade depth, and the units they target.
//!
//! The scope names where the campaign *enters* the network: subtrees (a
//! province with everything below it), levels (all provinces), or an
//! explicit list of units ("the 13 provinces of eastern Indonesia"); the
//! parts combine as a union, except that levels narrow the subtrees they
//! come with ("the regencies of East Java" = subtree 35 + level regency).
//! From every entry unit the campaign cascades down to the depth: a unit
//! is a target when it is an entry unit or lies below one, and its level
//! is not deeper than the depth. National units are never below a depth
//! (they are level 0), so a national unit is a target only as an entry.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Level, UnitCode};

/// How far down a campaign should travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    /// Province only.
    Province,
    /// To regencies and cities.
    Regency,
    /// To districts.
    District,
    /// To villages.
    Village,
}

impl Depth {
    pub const ALL: [Depth; 4] = [
        Depth::Province,
        Depth::Regency,
        Depth::District,
        Depth::Village,
    ];

    pub fn as_str(self) -> &'static str {
        self.level().as_str()
    }

    /// The deepest level the campaign reaches.
    pub fn level(self) -> Level {
        match self {
            Depth::Province => Level::Province,
            Depth::Regency => Level::Regency,
            Depth::District => Level::District,
            Depth::Village => Level::Village,
        }
    }

    pub fn reaches(self, level: Level) -> bool {
        level.rank() <= self.level().rank()
    }
}

impl fmt::Display for Depth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Depth {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Depth::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| {
                format!("unknown depth `{s}`: expected province, regency, district or village")
            })
    }
}

/// Where a campaign enters the network. Empty means nothing is targeted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetScope {
    /// Units whose whole subtree (themselves included) is in scope.
    pub subtrees: Vec<UnitCode>,
    /// Levels at which the campaign enters, within `subtrees` when some are
    /// given, else network-wide. The highest of them is where the cascade
    /// starts; lower ones are reached by the cascade anyway.
    pub levels: Vec<Level>,
    /// Individual entry units.
    pub units: Vec<UnitCode>,
}

impl TargetScope {
    pub fn is_empty(&self) -> bool {
        self.subtrees.is_empty() && self.levels.is_empty() && self.units.is_empty()
    }

    /// Whether `unit` (of `level`) is a target of a campaign with this
    /// scope cascading to `depth`.
    pub fn targets(&self, unit: &UnitCode, level: Level, depth: Depth) -> bool {
        if !depth.reaches(level) {
            return false;
        }
        let under = |root: &UnitCode| unit == root || unit.is_descendant_of(root);
        if self.units.iter().any(under) {
            return true;
        }
        if self.subtrees.is_empty() && self.levels.is_empty() {
            return false;
        }
        let in_subtrees = self.subtrees.is_empty() || self.subtrees.iter().any(under);
        let from_level = match self.levels.iter().map(|l| l.rank()).min() {
            Some(top) => level.rank() >= top,
            None => true,
        };
        in_subtrees && from_level
    }

    /// The entry units the owner names itself (subtree roots and explicit
    /// units), for the check that they lie within the owner's reach.
    pub fn named_units(&self) -> impl Iterator<Item = &UnitCode> {
        self.subtrees.iter().chain(self.units.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn t(scope: &TargetScope, unit: &str, depth: Depth) -> bool {
        let c = code(unit);
        let level = c.level();
        scope.targets(&c, level, depth)
    }

    #[test]
    fn all_provinces_to_villages() {
        let s = TargetScope {
            levels: vec![Level::Province],
            ..Default::default()
        };
        assert!(t(&s, "35", Depth::Village));
        assert!(t(&s, "35.07.01.2001", Depth::Village));
        assert!(!t(&s, "kemenpanrb", Depth::Village));
        assert!(!t(&s, "35.07", Depth::Province));
        assert!(t(&s, "35.07", Depth::Regency));
        assert!(!t(&s, "35.07.01", Depth::Regency));
    }

    #[test]
    fn levels_narrow_subtrees_and_lists_add() {
        let s = TargetScope {
            subtrees: vec![code("35")],
            levels: vec![Level::Regency, Level::District],
            units: vec![code("51")],
        };
        assert!(!t(&s, "35", Depth::Village), "entry is at regency level");
        assert!(t(&s, "35.07", Depth::Village));
        assert!(t(&s, "35.07.01.2001", Depth::Village));
        assert!(!t(&s, "36.01", Depth::Village));
        assert!(t(&s, "51", Depth::Village), "explicit unit");
        assert!(t(&s, "51.71.01", Depth::District));
        assert!(!t(&s, "51.71.01.1001", Depth::District), "beyond the depth");
    }

    #[test]
    fn a_subtree_includes_its_root() {
        let s = TargetScope {
            subtrees: vec![code("35.07")],
            ..Default::default()
        };
        assert!(t(&s, "35.07", Depth::District));
        assert!(t(&s, "35.07.01", Depth::District));
        assert!(!t(&s, "35", Depth::District));
        assert!(!t(&s, "35.08", Depth::District));
        assert!(!TargetScope::default().targets(&code("35"), Level::Province, Depth::Village));
    }

    #[test]
    fn national_units_only_as_entries() {
        let s = TargetScope {
            subtrees: vec![code("kemenpanrb")],
            ..Default::default()
        };
        assert!(t(&s, "kemenpanrb", Depth::Province));
        assert!(t(&s, "kemenpanrb.hkip", Depth::Province));
        let national = TargetScope {
            levels: vec![Level::National],
            ..Default::default()
        };
        assert!(t(&national, "kemenpanrb", Depth::Village));
        assert!(t(&national, "35", Depth::Village));
    }
}
