//! Pickup detection: which releases a news article reports on, and by which passages.
//!
//! No I/O: texts in, matches out. The pipeline:
//!
//! 1. [`terms`]: the Indonesian analyzer's terms (normalised, stop words dropped, stemmed),
//!    each with its [`speech`] class (narrative, attributed or quoted) and whether it is a
//!    name or figure.
//! 2. [`fingerprint`]: winnowed word k-grams of the terms.
//! 3. [`index`]: an inverted index of release fingerprints; fingerprints frequent across
//!    releases or a unit's boilerplate are discounted.
//! 4. Candidates: the releases sharing the most undiscounted fingerprints with the article.
//! 5. [`verify`]: exact comparison of the terms, the common passages (term and byte spans,
//!    for highlighting) and containment both ways.
//! 6. A score ([`score`], over the passages' terms weighed by [`Weights`]: names, figures
//!    and quotes both texts carry count for less) and a [`Decision`]: credited above
//!    `credit_threshold`, review in the grey zone down to `review_threshold`, nothing below.
//!
//! ```
//! use sinergi_monitor::{Decision, Matcher, MatcherConfig, ReleaseIndex};
//!
//! let config = MatcherConfig::default();
//! let mut matcher = Matcher::new(config.clone());
//! let mut index = ReleaseIndex::new(config);
//! let release = "Pemerintah Provinsi Bali meresmikan jembatan gantung di Desa Sukawati yang \
//!     menghubungkan dua dusun. Jembatan sepanjang 120 meter itu dibangun dengan dana desa \
//!     dan gotong royong warga selama enam bulan.";
//! let no = index.add(matcher.terms(release), Some("51"));
//! index.refresh();
//! let article = "Warga Sukawati kini tidak lagi memutar jauh. Pemerintah Provinsi Bali \
//!     meresmikan jembatan gantung di Desa Sukawati yang menghubungkan dua dusun. Jembatan \
//!     sepanjang 120 meter itu dibangun dengan dana desa dan gotong royong warga.";
//! let found = matcher.match_article(&index, article);
//! assert_eq!(found.matches[0].release, no);
//! assert_eq!(found.matches[0].decision, Decision::Credited);
//! // The passages, as byte ranges of both texts, for highlighting.
//! let spans = found.spans(&index, &found.matches[0]);
//! assert!(article[spans[0].article.0..spans[0].article.1].starts_with("Pemerintah Provinsi Bali"));
//! ```

pub mod fingerprint;
pub mod index;
pub mod speech;
pub mod terms;
pub mod verify;

pub use index::{ReleaseIndex, ReleaseNo};
pub use speech::Speech;
pub use terms::{Stemming, TermMaker, Terms};
pub use verify::{Overlap, Passage, Weights};

use rustc_hash::FxHashMap;

use crate::fingerprint::Fingerprint;
use crate::index::fingerprints;
use crate::verify::ArticleSeeds;

/// How matching is done; the defaults are the measured ones (see `bench/pickup/README.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct MatcherConfig {
    /// Stemming of terms.
    pub stemming: Stemming,
    /// Terms per k-gram.
    pub k: usize,
    /// Winnowing window, in k-grams.
    pub window: usize,
    /// The shortest common passage that counts, in terms.
    pub min_passage: usize,
    /// The shortest passage that counts as copied text rather than shared names or set
    /// phrases, in terms.
    pub long_passage: usize,
    /// A fingerprint found in this many releases or more is discounted.
    pub max_release_df: usize,
    /// A fingerprint found in this many releases of one unit or more is its boilerplate.
    pub unit_boilerplate: usize,
    /// Releases verified per article at most (those sharing the most fingerprints).
    pub max_candidates: usize,
    /// Fingerprints a release must share with an article to be verified.
    pub min_shared: u32,
    /// Score from which a match is credited without review.
    pub credit_threshold: f64,
    /// Score from which a match waits for review.
    pub review_threshold: f64,
    /// What a term quoted in both texts, and a name or figure, weigh as evidence.
    pub weights: Weights,
}

impl Default for MatcherConfig {
    fn default() -> Self {
        Self {
            stemming: Stemming::Snowball,
            k: 4,
            window: 4,
            min_passage: 4,
            long_passage: 6,
            max_release_df: 3,
            unit_boilerplate: 3,
            max_candidates: 8,
            min_shared: 1,
            credit_threshold: 0.5,
            review_threshold: 0.3,
            weights: Weights {
                quoted: 0.75,
                name: 0.5,
            },
        }
    }
}

/// What happens to a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Counted as a pickup without review.
    Credited,
    /// Waits for an editor to confirm or reject it.
    Review,
}

impl Decision {
    /// `"credited"` or `"review"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Credited => "credited",
            Decision::Review => "review",
        }
    }
}

/// One release an article reports on.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The release.
    pub release: ReleaseNo,
    /// The score, in `[0, 1]`.
    pub score: f64,
    /// Credited or for review.
    pub decision: Decision,
    /// The common passages and containment both ways.
    pub overlap: Overlap,
}

/// The matches of one article, best first, with the article's terms (for byte spans).
#[derive(Debug, Clone, Default)]
pub struct ArticleMatches {
    /// The article's terms.
    pub terms: Terms,
    /// Matches above the review threshold, best first.
    pub matches: Vec<Match>,
}

/// A passage as byte ranges of the two texts, for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageSpan {
    /// Byte range in the article.
    pub article: (usize, usize),
    /// Byte range in the release.
    pub release: (usize, usize),
}

impl ArticleMatches {
    /// The byte ranges of a match's passages (release spans from the index).
    pub fn spans(&self, index: &ReleaseIndex, m: &Match) -> Vec<PassageSpan> {
        let release = index.terms(m.release);
        m.overlap
            .passages
            .iter()
            .filter_map(|p| {
                let (a, r, n) = (p.article as usize, p.release as usize, p.len as usize);
                Some(PassageSpan {
                    article: self.terms.byte_range(a, a + n)?,
                    release: release.byte_range(r, r + n)?,
                })
            })
            .collect()
    }
}

/// Matches articles against a [`ReleaseIndex`]; holds the term cache and scratch buffers,
/// so keep one per thread.
#[derive(Debug, Clone)]
pub struct Matcher {
    config: MatcherConfig,
    maker: TermMaker,
    hashes: Vec<u64>,
    /// The article's q-gram keys for verification, made beside its fingerprints.
    keys: Vec<u32>,
    fps: Vec<Fingerprint>,
    boiler: Vec<bool>,
    counts: FxHashMap<u32, u32>,
}

impl Matcher {
    /// A matcher with `config` (the index must be built with the same one).
    pub fn new(config: MatcherConfig) -> Self {
        Self {
            maker: TermMaker::new(config.stemming),
            config,
            hashes: Vec::new(),
            keys: Vec::new(),
            fps: Vec::new(),
            boiler: Vec::new(),
            counts: FxHashMap::default(),
        }
    }

    /// The terms of a text (for [`ReleaseIndex::add`]).
    pub fn terms(&mut self, text: &str) -> Terms {
        self.maker.terms(text)
    }

    /// The releases `text` reports on, best first.
    pub fn match_article(&mut self, index: &ReleaseIndex, text: &str) -> ArticleMatches {
        let terms = self.maker.terms(text);
        let matches = self.match_terms(index, &terms);
        ArticleMatches { terms, matches }
    }

    /// The releases an article's terms report on, best first.
    pub fn match_terms(&mut self, index: &ReleaseIndex, terms: &Terms) -> Vec<Match> {
        let candidates = self.candidates(index, &terms.hashes);
        if candidates.is_empty() {
            return Vec::new();
        }
        let seeds = ArticleSeeds::from_keys(&terms.hashes, self.config.min_passage, &self.keys);
        let mut found: Vec<Match> = Vec::new();
        for release in candidates {
            let indexed = index.release(release);
            let release_terms = &indexed.terms.hashes;
            index.boilerplate_mask(release, &mut self.boiler);
            let mut overlap = seeds.compare_keyed(
                release_terms,
                &indexed.keys,
                &self.boiler,
                self.config.long_passage,
            );
            overlap.weigh(
                terms,
                &indexed.terms,
                &self.boiler,
                self.config.long_passage,
                self.config.weights,
            );
            let score = score(&overlap, terms.len(), release_terms.len());
            if score >= self.config.review_threshold {
                found.push(Match {
                    release: ReleaseNo(release),
                    score,
                    decision: Decision::Review,
                    overlap,
                });
            }
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.release.cmp(&b.release)));
        decide(&mut found, terms.len(), self.config.credit_threshold);
        found
    }

    /// Releases sharing undiscounted fingerprints with the article, most shared first.
    fn candidates(&mut self, index: &ReleaseIndex, terms: &[u32]) -> Vec<u32> {
        fingerprints(&self.config, terms, &mut self.hashes, &mut self.fps);
        verify::keys_after_fingerprints(&self.config, terms, &self.hashes, &mut self.keys);
        // Most of an article's fingerprints are in no release: look them up first, and sort
        // out the repeats among the few found.
        self.hashes.clear();
        self.hashes.extend(
            self.fps
                .iter()
                .map(|f| f.hash)
                .filter(|h| !index.releases_with(*h).is_empty()),
        );
        self.hashes.sort_unstable();
        self.hashes.dedup();
        self.counts.clear();
        for hash in &self.hashes {
            if index.discounted(*hash) {
                continue;
            }
            for r in index.releases_with(*hash) {
                *self.counts.entry(*r).or_default() += 1;
            }
        }
        let min = self.config.min_shared;
        let mut ranked: Vec<(u32, u32)> = self
            .counts
            .iter()
            .filter(|(_, c)| **c >= min)
            .map(|(r, c)| (*r, *c))
            .collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(self.config.max_candidates);
        ranked.into_iter().map(|(r, _)| r).collect()
    }
}

/// The score of an overlap, in `[0, 1]`: the weakest of three pieces of evidence, each as a
/// share of what a clear pickup shows. Only long passages (copied sentences, at least
/// `long_passage` terms) count here: independent reports of one event share names, titles
/// and set phrases in many short passages, a pickup copies sentences. Terms are weighed
/// ([`Overlap::weigh`], [`Weights`]): a narrative word 1, a name or figure 0.5, a word
/// quoted in both texts 0.75 (a quoted name 0.375), since two reports of one press
/// conference share the names and the official's quotes but not the writers' sentences.
///
/// - weighed terms in long passages, against 21;
/// - their share of the shorter text, against 0.17 (a short article that is mostly the
///   release, or a short release carried whole in a long article);
/// - the heaviest passage, against 16.
///
/// At the default credit threshold 0.5 a pickup needs 10.5 weighed terms in long passages
/// (one copied sentence of 10 narrative words waits for review), 8.5 % of the shorter
/// text, and one passage weighing 8 (8 narrative words, or 11 words of a quote both
/// carry). Tuned on generated sets and real hard negatives: see `bench/pickup/README.md`.
pub fn score(overlap: &Overlap, article_terms: usize, release_terms: usize) -> f64 {
    let long = overlap.weighed_long;
    let shorter = article_terms.min(release_terms).max(1) as f64;
    let evidence = (long / 21.0)
        .min(long / shorter / 0.17)
        .min(overlap.weighed_longest / 16.0);
    evidence.clamp(0.0, 1.0)
}

/// Credits the best match above the threshold, and each further one whose passages are
/// mostly other parts of the article (an article can report on two releases); a match
/// whose passages are the same article text as a credited one waits for review.
fn decide(found: &mut [Match], article_len: usize, credit_threshold: f64) {
    let mut claimed = vec![false; article_len];
    for m in found.iter_mut() {
        if m.score < credit_threshold {
            continue;
        }
        let mut total = 0u32;
        let mut fresh = 0u32;
        for p in &m.overlap.passages {
            for t in p.article..p.article + p.len {
                total += 1;
                if !claimed[t as usize] {
                    fresh += 1;
                }
            }
        }
        if 2 * fresh > total {
            m.decision = Decision::Credited;
            for p in &m.overlap.passages {
                for t in p.article..p.article + p.len {
                    claimed[t as usize] = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A made-up word no stemmer reduces and no stop list holds: `zq` and base-26 letters.
    fn word(n: usize) -> String {
        let mut s = String::from("zq");
        let mut n = n;
        loop {
            s.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                break;
            }
        }
        s
    }

    /// Sentences of distinct words, numbered from `first`.
    fn sentences(lengths: &[usize], first: usize) -> Vec<String> {
        let mut next = first;
        lengths
            .iter()
            .map(|&len| {
                let words: Vec<String> = (next..next + len).map(word).collect();
                next += len;
                format!("{}.", words.join(" "))
            })
            .collect()
    }

    proptest! {
        /// Reordering sentences never lowers containment below the retained share: an
        /// article made of some of a release's sentences (each at least `min_passage` terms),
        /// in any order, with new sentences between them, contains at least the share of
        /// the release's terms that it kept.
        #[test]
        fn reordering_keeps_the_retained_share(
            lengths in proptest::collection::vec(4usize..25, 1..14),
            keep in proptest::collection::vec(any::<bool>(), 14),
            order in proptest::collection::vec(any::<u32>(), 14),
            new_lengths in proptest::collection::vec(1usize..20, 0..4),
        ) {
            let config = MatcherConfig::default();
            prop_assume!(lengths.iter().all(|l| *l >= config.min_passage));
            let release = sentences(&lengths, 0);
            let mut kept: Vec<(u32, &String, usize)> = release
                .iter()
                .zip(&lengths)
                .enumerate()
                .filter(|(i, _)| keep[*i])
                .map(|(i, (s, len))| (order[i], s, *len))
                .collect();
            kept.sort_by_key(|(o, _, _)| *o);
            let fresh = sentences(&new_lengths, 100_000);
            let mut article: Vec<&String> = Vec::new();
            for (i, (_, s, _)) in kept.iter().enumerate() {
                if let Some(f) = fresh.get(i) {
                    article.push(f);
                }
                article.push(s);
            }
            let kept_terms: usize = kept.iter().map(|(_, _, len)| len).sum();
            let total: usize = lengths.iter().sum();
            let article_terms = kept_terms + new_lengths.iter().take(kept.len()).sum::<usize>();

            let mut matcher = Matcher::new(config.clone());
            let release_terms = matcher.terms(&release.join(" "));
            let article_terms_seen = matcher.terms(&article.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "));
            prop_assert_eq!(release_terms.len(), total);
            prop_assert_eq!(article_terms_seen.len(), article_terms);

            let overlap = ArticleSeeds::new(&article_terms_seen.hashes, config.min_passage)
                .compare(&release_terms.hashes, &[], config.long_passage);
            let retained = kept_terms as f64 / total as f64;
            prop_assert!(overlap.release_containment + 1e-9 >= retained,
                "release containment {} < retained share {}", overlap.release_containment, retained);
            if article_terms > 0 {
                let share = kept_terms as f64 / article_terms as f64;
                prop_assert!(overlap.article_containment + 1e-9 >= share);
            }

            // And the candidate stage finds the release whenever a kept sentence is long
            // enough for the winnowing guarantee (w + k - 1 terms).
            let mut index = ReleaseIndex::new(config.clone());
            index.add(release_terms, None);
            index.refresh();
            let guaranteed = kept.iter().any(|(_, _, len)| *len >= config.window + config.k - 1);
            if guaranteed {
                prop_assert_eq!(matcher.candidates(&index, &article_terms_seen.hashes), vec![0]);
            }
        }
    }

    /// A release, a newsroom's pickup of its narrative, and another outlet's own report
    /// that quotes the same minister word for word and names the same people.
    const RELEASE: &str = "Kementerian Keuangan mencatat realisasi belanja negara hingga \
        akhir Agustus mencapai Rp1.388 triliun atau 56,6 persen dari pagu. Belanja \
        kementerian dan lembaga tumbuh karena penyaluran bantuan sosial dipercepat sejak \
        awal tahun. Pemerintah juga mempercepat pembayaran tunjangan guru honorer di daerah \
        terpencil. \"Kami menjaga belanja tetap produktif agar pertumbuhan ekonomi terjaga \
        di tengah perlambatan global,\" kata Menteri Keuangan Sri Mulyani Indrawati di \
        Jakarta, Selasa (24/9/2019).";
    const PICKUP: &str = "Serapan anggaran membaik. Realisasi belanja negara hingga akhir \
        Agustus mencapai Rp1.388 triliun, menurut Kementerian Keuangan. Belanja kementerian \
        dan lembaga tumbuh karena penyaluran bantuan sosial dipercepat sejak awal tahun. \
        Pemerintah juga mempercepat pembayaran tunjangan guru honorer di daerah terpencil.";
    const OWN_REPORT: &str = "Menteri Keuangan Sri Mulyani Indrawati menyampaikan laporan \
        kinerja anggaran di hadapan wartawan. Ia menyinggung defisit yang melebar akibat \
        penerimaan pajak yang melambat. \"Kami menjaga belanja tetap produktif agar \
        pertumbuhan ekonomi terjaga di tengah perlambatan global,\" ujar Sri Mulyani di \
        Jakarta, Selasa (24/9/2019). Ekonom menilai target pertumbuhan sulit dicapai.";

    fn decisions(config: MatcherConfig, article: &str) -> Vec<(Decision, f64)> {
        let mut matcher = Matcher::new(config.clone());
        let mut index = ReleaseIndex::new(config);
        index.add(matcher.terms(RELEASE), None);
        index.refresh();
        let found = matcher.match_article(&index, article);
        found
            .matches
            .iter()
            .map(|m| (m.decision, m.score))
            .collect()
    }

    #[test]
    fn a_shared_quote_is_no_pickup_and_carried_narrative_is() {
        let config = MatcherConfig::default();
        let pickup = decisions(config.clone(), PICKUP);
        assert_eq!(pickup.len(), 1);
        assert_eq!(pickup[0].0, Decision::Credited, "{pickup:?}");
        let own = decisions(config.clone(), OWN_REPORT);
        assert!(
            own.iter().all(|(d, _)| *d == Decision::Review),
            "the shared quote and names alone: {own:?}"
        );
        // Weighed alike, the quote and the names score more.
        let unweighed = decisions(
            MatcherConfig {
                weights: Weights::NONE,
                ..config
            },
            OWN_REPORT,
        );
        assert!(
            unweighed[0].1 > own.first().map_or(0.0, |m| m.1),
            "{unweighed:?}"
        );
    }

    #[test]
    fn boilerplate_of_a_unit_does_not_count() {
        let config = MatcherConfig::default();
        let mut matcher = Matcher::new(config.clone());
        let mut index = ReleaseIndex::new(config);
        let closing = "Biro Hubungan Masyarakat Kementerian Pertanian melayani informasi publik \
                       melalui laman resmi dan kanal media sosial kementerian setiap hari kerja.";
        let bodies = [
            "Petani Kabupaten Grobogan memanen jagung hibrida di lahan seluas seribu hektare \
             dengan hasil sembilan ton per hektare pada musim tanam kedua tahun ini.",
            "Kementerian menyalurkan bantuan benih padi tahan kekeringan kepada kelompok tani \
             di Nusa Tenggara Timur menjelang musim kemarau panjang yang diperkirakan BMKG.",
            "Ekspor kopi arabika Gayo meningkat dua kali lipat setelah sertifikasi indikasi \
             geografis diterima pembeli dari Eropa dan Amerika Serikat bulan lalu.",
        ];
        for body in bodies {
            index.add(
                matcher.terms(&format!("{body} {closing}")),
                Some("kementan"),
            );
        }
        index.refresh();
        // An unrelated article that carries only the closing paragraph is no pickup.
        let article = format!("Harga cabai rawit di pasar induk naik tajam pekan ini. {closing}");
        assert!(matcher.match_article(&index, &article).matches.is_empty());
        // The second release, carried whole, is one.
        let found = matcher.match_article(&index, &format!("{} {closing}", bodies[1]));
        assert_eq!(found.matches.len(), 1);
        assert_eq!(found.matches[0].release, ReleaseNo(1));
        assert_eq!(found.matches[0].decision, Decision::Credited);
        let spans = found.spans(&index, &found.matches[0]);
        assert!(!spans.is_empty());
    }
}
