//! Exact verification of a candidate pair: the common passages of an article and a release.
//!
//! Passages are found as in greedy string tiling (Wise, 1996): every maximal run of terms
//! the two texts share, at least `min_terms` long, seeded from an index of the article's
//! `min_terms`-grams; then the longest runs first, each term of either text used by at
//! most one passage (a sentence copied once is counted once, however often it repeats).
//! Release terms that are boilerplate (a unit's standard closing paragraph, lines many
//! releases share) may be matched but do not count.

use rustc_hash::FxHashMap;

use crate::fingerprint::kgram_hash;
use crate::speech::Speech;
use crate::terms::{Terms, fold};

/// One common passage: `len` terms from `article` in the article and from `release` in
/// the release (term indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// First term in the article.
    pub article: u32,
    /// First term in the release.
    pub release: u32,
    /// Number of terms.
    pub len: u32,
    /// Terms of the passage that are release boilerplate (not counted).
    pub boilerplate: u32,
}

/// What the comparison of one article with one release found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlap {
    /// Common passages, in article order.
    pub passages: Vec<Passage>,
    /// Terms in counted passages (boilerplate left out).
    pub matched: u32,
    /// Terms in counted passages of at least `long` terms (copied sentences rather than
    /// shared names and set phrases).
    pub long_matched: u32,
    /// Length of the longest passage, boilerplate left out.
    pub longest: u32,
    /// Share of the article's terms in counted passages (article boilerplate excluded).
    pub article_containment: f64,
    /// Share of the release's terms in counted passages (release boilerplate excluded).
    pub release_containment: f64,
    /// Terms in counted long passages, each weighed by what it is (see [`Weights`]);
    /// `long_matched` until [`Overlap::weigh`] is called.
    pub weighed_long: f64,
    /// The heaviest passage, weighed the same way; `longest` until weighed.
    pub weighed_longest: f64,
}

/// What a matched term weighs as evidence of a pickup. Two outlets reporting one event
/// independently share names, titles and figures, and quote the same official word for
/// word; a pickup of a release carries its sentences. So a term quoted in both texts, and
/// a name or figure, count for less than a narrative word (measured in
/// `bench/pickup/README.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// A term inside quotation marks in both the article and the release.
    pub quoted: f64,
    /// A name or figure ([`Terms::names`], as written in the article).
    pub name: f64,
}

impl Weights {
    /// Every term weighs 1.
    pub const NONE: Weights = Weights {
        quoted: 1.0,
        name: 1.0,
    };

    /// The weight of article term `i` matched with release term `j`.
    pub fn of(&self, article: &Terms, i: usize, release: &Terms, j: usize) -> f64 {
        let mut w = 1.0;
        if article.speech.get(i) == Some(&Speech::Quoted)
            && release.speech.get(j) == Some(&Speech::Quoted)
        {
            w *= self.quoted;
        }
        if article.names.get(i) == Some(&true) {
            w *= self.name;
        }
        w
    }
}

impl Overlap {
    /// Weighs the counted terms of the passages: `weighed_long` over passages of at least
    /// `long` counted terms, `weighed_longest` the heaviest passage. `boilerplate` marks
    /// release terms that do not count (empty: none).
    pub fn weigh(
        &mut self,
        article: &Terms,
        release: &Terms,
        boilerplate: &[bool],
        long: usize,
        weights: Weights,
    ) {
        let mut total = 0.0;
        let mut heaviest: f64 = 0.0;
        for p in &self.passages {
            let mut sum = 0.0;
            for x in 0..p.len as usize {
                let (i, j) = (p.article as usize + x, p.release as usize + x);
                if boilerplate.get(j) == Some(&true) {
                    continue;
                }
                sum += weights.of(article, i, release, j);
            }
            if (p.len - p.boilerplate) as usize >= long {
                total += sum;
            }
            heaviest = heaviest.max(sum);
        }
        self.weighed_long = total;
        self.weighed_longest = heaviest;
    }
}

/// The 32-bit keys of the `q`-grams of `terms`, one per position (none when the text is
/// shorter than `q`). A key only finds seeds: every seed is checked term by term, so two
/// q-grams sharing a key cost one comparison and change no result.
pub fn qgram_keys(terms: &[u32], q: usize, out: &mut Vec<u32>) {
    out.clear();
    out.extend(terms.windows(q.max(1)).map(|w| fold(kgram_hash(w))));
}

/// The q-gram keys of `terms` (q = `min_passage`), taking the k-gram hashes the
/// fingerprinting just made (`kgrams`) when `k == q` rather than hashing again.
pub(crate) fn keys_after_fingerprints(
    config: &crate::MatcherConfig,
    terms: &[u32],
    kgrams: &[u64],
    out: &mut Vec<u32>,
) {
    let q = config.min_passage.max(1);
    if config.k == q && terms.len() >= q {
        out.clear();
        out.extend(kgrams.iter().map(|h| fold(*h)));
    } else {
        qgram_keys(terms, q, out);
    }
}

/// The article side, indexed once and compared with each candidate release.
#[derive(Debug, Clone)]
pub struct ArticleSeeds<'a> {
    terms: &'a [u32],
    q: usize,
    /// `min_terms`-gram key → last position with it; earlier ones chained in `next`.
    head: FxHashMap<u32, u32>,
    next: Vec<u32>,
}

const NONE: u32 = u32::MAX;
/// At most this many article positions are tried per release seed (repetitive text).
const MAX_CHAIN: usize = 16;

impl<'a> ArticleSeeds<'a> {
    /// Indexes the article's `q`-grams (`q` = the shortest passage that counts).
    pub fn new(terms: &'a [u32], q: usize) -> Self {
        let mut keys = Vec::new();
        qgram_keys(terms, q, &mut keys);
        Self::from_keys(terms, q, &keys)
    }

    /// Indexes the article's `q`-grams from their keys ([`qgram_keys`], or the folded
    /// k-gram hashes of the fingerprinting when `k == q`).
    pub fn from_keys(terms: &'a [u32], q: usize, keys: &[u32]) -> Self {
        let q = q.max(1);
        let n = terms.len().saturating_sub(q - 1).min(keys.len());
        let mut head = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut next = vec![NONE; n];
        for (i, key) in keys.iter().take(n).enumerate() {
            if let Some(prev) = head.insert(*key, i as u32) {
                next[i] = prev;
            }
        }
        Self {
            terms,
            q,
            head,
            next,
        }
    }

    /// Compares with a release. `boilerplate[j]` marks release terms that do not count
    /// (empty: none); passages of `long` terms or more also count as long.
    pub fn compare(&self, release: &[u32], boilerplate: &[bool], long: usize) -> Overlap {
        let mut keys = Vec::new();
        qgram_keys(release, self.q, &mut keys);
        self.compare_keyed(release, &keys, boilerplate, long)
    }

    /// [`ArticleSeeds::compare`] with the release's q-gram keys computed ahead (the index
    /// keeps them, [`qgram_keys`]).
    pub fn compare_keyed(
        &self,
        release: &[u32],
        keys: &[u32],
        boilerplate: &[bool],
        long: usize,
    ) -> Overlap {
        let a = self.terms;
        let q = self.q;
        let mut runs: Vec<(u32, u32, u32)> = Vec::new();
        if a.len() >= q && release.len() >= q {
            for (j, key) in keys.iter().enumerate().take(release.len() + 1 - q) {
                let Some(&first) = self.head.get(key) else {
                    continue;
                };
                let mut i = first;
                let mut tried = 0;
                while i != NONE && tried < MAX_CHAIN {
                    tried += 1;
                    let iu = i as usize;
                    let left_maximal = iu == 0 || j == 0 || a[iu - 1] != release[j - 1];
                    if left_maximal && a[iu..iu + q] == release[j..j + q] {
                        let mut len = q;
                        while iu + len < a.len()
                            && j + len < release.len()
                            && a[iu + len] == release[j + len]
                        {
                            len += 1;
                        }
                        runs.push((i, j as u32, len as u32));
                    }
                    i = self.next[iu];
                }
            }
        }
        tile(a.len(), release.len(), q, long, runs, boilerplate)
    }
}

/// Greedy tiling of maximal runs `(article, release, len)`: longest first, each term used
/// once; a run that collides keeps its free stretches of at least `q` terms.
fn tile(
    a_len: usize,
    r_len: usize,
    q: usize,
    long: usize,
    mut runs: Vec<(u32, u32, u32)>,
    boilerplate: &[bool],
) -> Overlap {
    runs.sort_unstable_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let mut used_a = vec![false; a_len];
    let mut used_r = vec![false; r_len];
    let mut passages = Vec::new();
    for (i, j, len) in runs {
        let (i, j, len) = (i as usize, j as usize, len as usize);
        let mut t = 0;
        while t < len {
            while t < len && (used_a[i + t] || used_r[j + t]) {
                t += 1;
            }
            let start = t;
            while t < len && !used_a[i + t] && !used_r[j + t] {
                t += 1;
            }
            if t - start >= q {
                for x in start..t {
                    used_a[i + x] = true;
                    used_r[j + x] = true;
                }
                let boiler = if boilerplate.is_empty() {
                    0
                } else {
                    (j + start..j + t).filter(|&x| boilerplate[x]).count()
                };
                passages.push(Passage {
                    article: (i + start) as u32,
                    release: (j + start) as u32,
                    len: (t - start) as u32,
                    boilerplate: boiler as u32,
                });
            }
        }
    }
    passages.sort_unstable_by_key(|p| p.article);
    let matched: u32 = passages.iter().map(|p| p.len - p.boilerplate).sum();
    let long_matched: u32 = passages
        .iter()
        .map(|p| p.len - p.boilerplate)
        .filter(|n| *n as usize >= long)
        .sum();
    let longest = passages
        .iter()
        .map(|p| p.len - p.boilerplate)
        .max()
        .unwrap_or(0);
    let article_boiler: u32 = passages.iter().map(|p| p.boilerplate).sum();
    let release_boiler = boilerplate.iter().filter(|b| **b).count();
    let a_eff = (a_len as f64 - f64::from(article_boiler)).max(1.0);
    let r_eff = (r_len as f64 - release_boiler as f64).max(1.0);
    Overlap {
        passages,
        matched,
        long_matched,
        longest,
        article_containment: f64::from(matched) / a_eff,
        release_containment: f64::from(matched) / r_eff,
        weighed_long: f64::from(long_matched),
        weighed_longest: f64::from(longest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_runs_and_uses_each_term_once() {
        let release: Vec<u32> = (1..=20).collect();
        // Article: 5..=12 copied twice, then noise, then 15..=20.
        let mut article: Vec<u32> = (5..=12).collect();
        article.extend(5..=12);
        article.extend([100, 101]);
        article.extend(15..=20);
        let seeds = ArticleSeeds::new(&article, 4);
        let o = seeds.compare(&release, &[], 6);
        assert_eq!(o.matched, 8 + 6, "the repeated run counts once");
        assert_eq!(o.longest, 8);
        assert_eq!(o.long_matched, 14);
        assert_eq!(o.passages.len(), 2);
        assert_eq!((o.passages[1].article, o.passages[1].release), (18, 14));
        assert!((o.release_containment - 14.0 / 20.0).abs() < 1e-9);
        assert!((o.article_containment - 14.0 / 24.0).abs() < 1e-9);
    }

    #[test]
    fn quotes_both_carry_and_names_weigh_less() {
        let mut maker = crate::TermMaker::new(crate::Stemming::None);
        let release = maker.terms(
            "Pemerintah kota menambah armada bus listrik untuk rute sekolah. \"Kami ingin \
             anak sekolah berangkat tanpa asap knalpot setiap pagi,\" kata Wali Kota Surabaya.",
        );
        // The narrative sentence copied, the quote carried in quotation marks, and the
        // quote's words again outside quotation marks.
        let article = maker.terms(
            "Pemerintah kota menambah armada bus listrik untuk rute sekolah. \"Kami ingin \
             anak sekolah berangkat tanpa asap knalpot setiap pagi,\" ujar Eri Cahyadi.",
        );
        let mut o = ArticleSeeds::new(&article.hashes, 4).compare(&release.hashes, &[], 6);
        assert_eq!(
            o.weighed_long,
            f64::from(o.long_matched),
            "unweighed until weighed"
        );
        o.weigh(&article, &release, &[], 6, Weights::NONE);
        assert_eq!(o.weighed_long, f64::from(o.long_matched));
        let weights = Weights {
            quoted: 0.75,
            name: 0.5,
        };
        o.weigh(&article, &release, &[], 6, weights);
        // Narrative: pemerintah kota tambah armada bus listrik rute sekolah (8, the
        // opening capital is no name); the quote: anak sekolah berangkat asap knalpot
        // pagi (`kami`, `ingin`, `tanpa`, `setiap` are stop words) at 0.75.
        let narrative = 8.0;
        let quoted = 6.0 * 0.75;
        assert!(
            (o.weighed_long - (narrative + quoted)).abs() < 1e-9,
            "{o:?}"
        );
        assert!(
            (o.weighed_longest - o.weighed_long).abs() < 1e-9,
            "one passage"
        );

        let unquoted = maker.terms(
            "Pemerintah kota menambah armada bus listrik untuk rute sekolah. Kami ingin \
             anak sekolah berangkat tanpa asap knalpot setiap pagi.",
        );
        let mut o = ArticleSeeds::new(&unquoted.hashes, 4).compare(&release.hashes, &[], 6);
        o.weigh(&unquoted, &release, &[], 6, weights);
        assert!(
            (o.weighed_long - 14.0).abs() < 1e-9,
            "quoted in one text only: {o:?}"
        );

        let names = maker.terms("Gubernur Jawa Timur Khofifah Indar Parawansa hadir.");
        let again = maker.terms("Acara dihadiri Gubernur Jawa Timur Khofifah Indar Parawansa.");
        let mut o = ArticleSeeds::new(&again.hashes, 4).compare(&names.hashes, &[], 6);
        o.weigh(&again, &names, &[], 6, weights);
        assert_eq!(o.long_matched, 6);
        assert!((o.weighed_long - 3.0).abs() < 1e-9, "six names: {o:?}");
    }

    #[test]
    fn short_runs_do_not_count_and_boilerplate_is_left_out() {
        let release: Vec<u32> = (1..=12).collect();
        let article = vec![1, 2, 3, 50, 5, 6, 7, 8, 9, 10, 11, 12];
        let mut boiler = vec![false; 12];
        for b in boiler.iter_mut().skip(8) {
            *b = true;
        }
        let o = ArticleSeeds::new(&article, 4).compare(&release, &boiler, 6);
        assert_eq!(o.passages.len(), 1);
        assert_eq!(o.passages[0].len, 8);
        assert_eq!(o.passages[0].boilerplate, 4);
        assert_eq!(o.matched, 4);
        assert_eq!(o.long_matched, 0, "4 counted terms are no long passage");
        assert!((o.release_containment - 4.0 / 8.0).abs() < 1e-9);
    }
}
