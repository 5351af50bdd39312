//! What the index holds: one generic document model for every kind of record.

use sinergi_domain::Level;

/// The kind of record a [`SearchDoc`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// A unit (Humas of a ministry, agency or region).
    Unit,
    /// A press release.
    Release,
    /// An achievement (capaian).
    Achievement,
    /// A public-service innovation.
    Innovation,
    /// A media article matched to releases (liputan).
    Coverage,
    /// A forum or workshop.
    Event,
    /// A campaign.
    Campaign,
}

impl DocKind {
    /// Every kind, in facet order.
    pub const ALL: [DocKind; 7] = [
        DocKind::Unit,
        DocKind::Release,
        DocKind::Achievement,
        DocKind::Innovation,
        DocKind::Coverage,
        DocKind::Event,
        DocKind::Campaign,
    ];

    /// The name used in URLs and ids (`"release"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Unit => "unit",
            DocKind::Release => "release",
            DocKind::Achievement => "achievement",
            DocKind::Innovation => "innovation",
            DocKind::Coverage => "coverage",
            DocKind::Event => "event",
            DocKind::Campaign => "campaign",
        }
    }

    /// The kind named `name` (as [`DocKind::as_str`] writes it).
    pub fn parse(name: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    pub(crate) fn ordinal(self) -> u64 {
        DocKind::ALL.iter().position(|k| *k == self).unwrap_or(0) as u64
    }

    pub(crate) fn from_ordinal(n: u64) -> Option<DocKind> {
        DocKind::ALL.get(usize::try_from(n).ok()?).copied()
    }
}

pub(crate) fn level_ordinal(level: Level) -> u64 {
    Level::ALL.iter().position(|l| *l == level).unwrap_or(0) as u64
}

pub(crate) fn level_from_ordinal(n: u64) -> Option<Level> {
    Level::ALL.get(usize::try_from(n).ok()?).copied()
}

/// Who may see a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Everyone.
    Public,
    /// Signed-in users whose scope covers the owning unit.
    Internal,
    /// Everyone, from `until` (microseconds since the epoch, UTC); before that, only
    /// viewers whose [`crate::Viewer::early`] coverage holds the owning unit (journalists
    /// accredited by it, its own people).
    Embargoed {
        /// When the embargo lifts.
        until: i64,
    },
    /// Everyone, from `at`; before that, only viewers whose
    /// [`crate::Viewer::internal`] coverage holds the owning unit (a
    /// scheduled release: no early access for the press).
    Scheduled {
        /// When it becomes public.
        at: i64,
    },
}

/// One record as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    /// Unique across kinds: `"unit:51.71"`, `"release:123"`. Upserts replace by id.
    pub id: String,
    /// What the record is.
    pub kind: DocKind,
    /// Title or name (boosted over the body).
    pub title: String,
    /// The text.
    pub body: String,
    /// Code of the owning unit (`"51.71"`, `"kemenpanrb.hkip"`); the index also stores all
    /// its ancestors' codes, so "within 51" is one term.
    pub unit_code: String,
    /// Level of the owning unit.
    pub level: Option<Level>,
    /// Province code (`"51"`), for regional units.
    pub province: Option<String>,
    /// Tags (compared case-insensitively).
    pub tags: Vec<String>,
    /// Ids of the campaigns the record belongs to.
    pub campaigns: Vec<String>,
    /// Publication time, microseconds since the epoch (UTC).
    pub published_at: Option<i64>,
    /// Who may see it.
    pub visibility: Visibility,
}

impl SearchDoc {
    /// A public document with only the required fields set.
    pub fn new(
        id: impl Into<String>,
        kind: DocKind,
        title: impl Into<String>,
        body: impl Into<String>,
        unit_code: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            kind,
            title: title.into(),
            body: body.into(),
            unit_code: unit_code.into(),
            level: None,
            province: None,
            tags: Vec::new(),
            campaigns: Vec::new(),
            published_at: None,
            visibility: Visibility::Public,
        }
    }
}

/// `code` and the codes of all its ancestors: `51.71.01` → `51`, `51.71`, `51.71.01`.
pub fn unit_path(code: &str) -> Vec<&str> {
    let code = code.trim_matches('.');
    if code.is_empty() {
        return Vec::new();
    }
    let mut path: Vec<&str> = code.match_indices('.').map(|(at, _)| &code[..at]).collect();
    path.push(code);
    path.retain(|c| !c.is_empty() && !c.ends_with('.'));
    path
}

/// The form tags are indexed and queried in (folded, trimmed).
pub fn normalize_tag(tag: &str) -> String {
    sinergi_text::normalizer::fold(tag.trim().trim_start_matches('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_paths() {
        assert_eq!(
            unit_path("51.71.01.1001"),
            ["51", "51.71", "51.71.01", "51.71.01.1001"]
        );
        assert_eq!(
            unit_path("kemenpanrb.hkip"),
            ["kemenpanrb", "kemenpanrb.hkip"]
        );
        assert_eq!(unit_path("51"), ["51"]);
        assert!(unit_path("").is_empty());
        assert_eq!(unit_path("a..b"), ["a", "a..b"]);
    }

    #[test]
    fn kinds_round_trip() {
        for kind in DocKind::ALL {
            assert_eq!(DocKind::parse(kind.as_str()), Some(kind));
            assert_eq!(DocKind::from_ordinal(kind.ordinal()), Some(kind));
        }
        for level in Level::ALL {
            assert_eq!(level_from_ordinal(level_ordinal(level)), Some(level));
        }
        assert_eq!(
            normalize_tag(" #Reformasi Birokrasi"),
            "reformasi birokrasi"
        );
    }
}
