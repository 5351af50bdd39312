//! The inverted index of release fingerprints, and which fingerprints are discounted.
//!
//! Most fingerprints belong to one release, so a posting is packed into the map's value: a
//! release number, or (high bit set) the index of a list of release numbers. A fingerprint
//! is **discounted** (no evidence of a pickup: not used to find candidates, and the release
//! terms under it do not count in verification) when it is frequent across releases
//! (in `max_release_df` releases or more: stock phrases, the boilerplate every release of
//! a ministry ends with) or is the boilerplate of one unit (in `unit_boilerplate` releases
//! or more of the same unit: its closing paragraph, its contact lines).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::MatcherConfig;
use crate::fingerprint::{Fingerprint, kgram_hashes, winnow};
use crate::terms::Terms;
use crate::verify;

const MANY: u32 = 1 << 31;

/// A release's number in the index, in the order they were added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReleaseNo(pub u32);

#[derive(Debug, Clone)]
pub(crate) struct IndexedRelease {
    pub(crate) terms: Terms,
    /// The terms' q-gram keys for verification ([`crate::verify::qgram_keys`]), kept so
    /// that each article compared with the release does not hash them again.
    pub(crate) keys: Vec<u32>,
    unit: Option<u32>,
    /// Term ranges under discounted fingerprints, as of the last refresh.
    boilerplate: Vec<(u32, u32)>,
}

/// Releases, their terms, and the inverted index of their fingerprints.
#[derive(Debug, Clone)]
pub struct ReleaseIndex {
    config: MatcherConfig,
    releases: Vec<IndexedRelease>,
    postings: FxHashMap<u64, u32>,
    shared: Vec<(u64, Vec<u32>)>,
    units: FxHashMap<String, u32>,
    unit_boilerplate: FxHashSet<u64>,
    fingerprints: u64,
    stale: bool,
}

impl ReleaseIndex {
    /// An empty index.
    pub fn new(config: MatcherConfig) -> Self {
        Self {
            config,
            releases: Vec::new(),
            postings: FxHashMap::default(),
            shared: Vec::new(),
            units: FxHashMap::default(),
            unit_boilerplate: FxHashSet::default(),
            fingerprints: 0,
            stale: false,
        }
    }

    /// The configuration the index was built with.
    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    /// Number of releases.
    pub fn len(&self) -> usize {
        self.releases.len()
    }

    /// Whether no release was added.
    pub fn is_empty(&self) -> bool {
        self.releases.is_empty()
    }

    /// Fingerprints indexed (postings, one per release and distinct fingerprint).
    pub fn fingerprint_count(&self) -> u64 {
        self.fingerprints
    }

    /// Adds a release's terms (from [`crate::Matcher::terms`]); `unit` groups the releases
    /// whose shared passages are boilerplate. Call [`ReleaseIndex::refresh`] before matching.
    pub fn add(&mut self, terms: Terms, unit: Option<&str>) -> ReleaseNo {
        let no = u32::try_from(self.releases.len()).expect("fewer than 2^31 releases");
        assert!(no < MANY, "fewer than 2^31 releases");
        let mut hashes = Vec::new();
        let mut fps = Vec::new();
        fingerprints(&self.config, &terms.hashes, &mut hashes, &mut fps);
        let mut keys = Vec::new();
        verify::keys_after_fingerprints(&self.config, &terms.hashes, &hashes, &mut keys);
        let mut distinct: Vec<u64> = fps.iter().map(|f| f.hash).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for hash in distinct {
            self.fingerprints += 1;
            match self.postings.get_mut(&hash) {
                None => {
                    self.postings.insert(hash, no);
                }
                Some(slot) if *slot & MANY == 0 => {
                    let first = *slot;
                    *slot = MANY | self.shared.len() as u32;
                    self.shared.push((hash, vec![first, no]));
                }
                Some(slot) => self.shared[(*slot & !MANY) as usize].1.push(no),
            }
        }
        let unit = unit.map(|u| {
            let next = self.units.len() as u32;
            *self.units.entry(u.to_owned()).or_insert(next)
        });
        self.releases.push(IndexedRelease {
            terms,
            keys,
            unit,
            boilerplate: Vec::new(),
        });
        self.stale = true;
        ReleaseNo(no)
    }

    /// Recomputes each unit's boilerplate after additions.
    pub fn refresh(&mut self) {
        if !self.stale {
            return;
        }
        self.unit_boilerplate.clear();
        let min = self.config.unit_boilerplate.max(2);
        let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
        for (hash, releases) in &self.shared {
            if releases.len() < min {
                continue;
            }
            counts.clear();
            for r in releases {
                if let Some(unit) = self.releases[*r as usize].unit {
                    *counts.entry(unit).or_default() += 1;
                }
            }
            if counts.values().any(|c| *c >= min) {
                self.unit_boilerplate.insert(*hash);
            }
        }
        // Only releases holding a discounted fingerprint have boilerplate.
        let mut touched: Vec<u32> = self
            .shared
            .iter()
            .filter(|(hash, _)| self.discounted(*hash))
            .flat_map(|(_, releases)| releases.iter().copied())
            .collect();
        touched.sort_unstable();
        touched.dedup();
        for release in &mut self.releases {
            release.boilerplate.clear();
        }
        let (mut hashes, mut fps, mut mask) = (Vec::new(), Vec::new(), Vec::new());
        for no in touched {
            let terms = std::mem::take(&mut self.releases[no as usize].terms);
            self.boilerplate_of(&terms.hashes, &mut hashes, &mut fps, &mut mask);
            let ranges = ranges_of(&mask);
            let release = &mut self.releases[no as usize];
            release.terms = terms;
            release.boilerplate = ranges;
        }
        self.stale = false;
    }

    /// The boilerplate of a release as a mask over its terms (all false: none).
    pub(crate) fn boilerplate_mask(&self, no: u32, out: &mut Vec<bool>) {
        let release = &self.releases[no as usize];
        out.clear();
        out.resize(release.terms.len(), false);
        for (from, to) in &release.boilerplate {
            for b in &mut out[*from as usize..*to as usize] {
                *b = true;
            }
        }
    }

    /// The boilerplate ranges of a release, in terms (for showing them apart).
    pub fn boilerplate(&self, no: ReleaseNo) -> &[(u32, u32)] {
        &self.releases[no.0 as usize].boilerplate
    }

    /// The releases carrying a fingerprint (empty when unknown).
    pub(crate) fn releases_with(&self, hash: u64) -> &[u32] {
        match self.postings.get(&hash) {
            None => &[],
            Some(slot) if *slot & MANY == 0 => std::slice::from_ref(slot),
            Some(slot) => &self.shared[(*slot & !MANY) as usize].1,
        }
    }

    /// Whether a fingerprint is no evidence (frequent or boilerplate).
    pub(crate) fn discounted(&self, hash: u64) -> bool {
        self.releases_with(hash).len() >= self.config.max_release_df
            || self.unit_boilerplate.contains(&hash)
    }

    pub(crate) fn release(&self, no: u32) -> &IndexedRelease {
        &self.releases[no as usize]
    }

    /// The release's terms.
    pub fn terms(&self, no: ReleaseNo) -> &Terms {
        &self.releases[no.0 as usize].terms
    }

    /// Marks the release terms under discounted fingerprints; `out` is resized.
    pub(crate) fn boilerplate_of(
        &self,
        terms: &[u32],
        hashes: &mut Vec<u64>,
        fps: &mut Vec<Fingerprint>,
        out: &mut Vec<bool>,
    ) {
        out.clear();
        out.resize(terms.len(), false);
        fingerprints(&self.config, terms, hashes, fps);
        let k = self.config.k;
        for f in fps.iter() {
            if self.discounted(f.hash) {
                let start = f.position as usize;
                for b in out.iter_mut().skip(start).take(k) {
                    *b = true;
                }
            }
        }
    }
}

/// The runs of `true` in a mask, as `(from, to)` ranges.
fn ranges_of(mask: &[bool]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in mask.iter().chain(std::iter::once(&false)).enumerate() {
        match (b, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                out.push((from as u32, i as u32));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The winnowed fingerprints of a term sequence under `config`.
pub(crate) fn fingerprints(
    config: &MatcherConfig,
    terms: &[u32],
    hashes: &mut Vec<u64>,
    out: &mut Vec<Fingerprint>,
) {
    kgram_hashes(terms, config.k, hashes);
    winnow(hashes, config.window, out);
}
