//! What kind of file a release carries.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An upload's kind, as the store keeps it (`image`, `attachment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// Shown inline: PNG, JPEG or WebP, re-encoded.
    Image,
    /// Offered for download: PDF, text or CSV, unchanged.
    Attachment,
}

impl MediaKind {
    pub const ALL: [MediaKind; 2] = [MediaKind::Image, MediaKind::Attachment];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Attachment => "attachment",
        }
    }

    /// Shown inline, rather than offered for download.
    pub fn is_image(self) -> bool {
        self == MediaKind::Image
    }
}

impl FromStr for MediaKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let known = MediaKind::ALL.into_iter().find(|k| k.as_str() == s);
        known.ok_or_else(|| format!("unknown media kind `{s}`: expected image or attachment"))
    }
}

/// For reading the store's text column.
impl TryFrom<String> for MediaKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::MediaKind;

    #[test]
    fn each_kind_reads_back_from_its_name() {
        for k in MediaKind::ALL {
            assert_eq!(k.as_str().parse::<MediaKind>(), Ok(k));
        }
        assert!("video".parse::<MediaKind>().is_err());
    }
}
