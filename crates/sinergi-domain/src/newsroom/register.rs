//! The register of achievements (capaian) and public-service innovations
//! (inovasi, as SINOVIK/KIPP record them).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Achievement,
    Innovation,
}

impl ItemKind {
    pub const ALL: [ItemKind; 2] = [ItemKind::Achievement, ItemKind::Innovation];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Achievement => "achievement",
            ItemKind::Innovation => "innovation",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ItemKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown item kind `{s}`: expected achievement or innovation"))
    }
}

/// How far an innovation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InnovationStage {
    /// Uji coba.
    Trial,
    /// Diterapkan.
    Implemented,
    /// Direplikasi: other units have taken it up.
    Replicated,
}

impl InnovationStage {
    pub const ALL: [InnovationStage; 3] = [
        InnovationStage::Trial,
        InnovationStage::Implemented,
        InnovationStage::Replicated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InnovationStage::Trial => "trial",
            InnovationStage::Implemented => "implemented",
            InnovationStage::Replicated => "replicated",
        }
    }
}

impl FromStr for InnovationStage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InnovationStage::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown stage `{s}`: expected trial, implemented or replicated")
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("`{0}` is not a category key: use 2–40 lower-case letters, digits and hyphens")]
    BadCategoryKey(String),
}

pub fn validate_category_key(key: &str) -> Result<(), RegisterError> {
    let ok = (2..=40).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !key.starts_with('-')
        && !key.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(RegisterError::BadCategoryKey(key.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_keys_are_slugs() {
        validate_category_key("public-service").unwrap();
        assert!(validate_category_key("Public Service").is_err());
        assert!(validate_category_key("-x").is_err());
    }
}
