//! Winnowed word k-gram fingerprints (Schleimer, Wilkerson and Aiken, 2003).
//!
//! Every run of `k` consecutive terms is hashed; of every window of `w` consecutive k-gram
//! hashes the smallest is kept (the rightmost one on ties, so a run of equal minima yields
//! one fingerprint). Guarantee: two texts that share a run of at least `w + k - 1` terms
//! share at least one fingerprint, whatever surrounds the run. A text keeps about
//! `2 / (w + 1)` of its k-grams.

use crate::terms::mix64;

/// One fingerprint: the k-gram hash and the position of its first term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the k-gram.
    pub hash: u64,
    /// Index of the k-gram's first term.
    pub position: u32,
}

/// The hash of the `k` terms starting at each position (`terms.len() - k + 1` of them).
/// A text shorter than `k` has one hash, of all its terms.
pub fn kgram_hashes(terms: &[u32], k: usize, out: &mut Vec<u64>) {
    out.clear();
    let k = k.max(1);
    if terms.is_empty() {
        return;
    }
    if terms.len() < k {
        out.push(kgram_hash(terms));
        return;
    }
    out.extend(terms.windows(k).map(kgram_hash));
}

/// The hash of one k-gram.
pub fn kgram_hash(terms: &[u32]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for t in terms {
        h = mix64(h ^ u64::from(*t)).wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    h
}

/// Winnowing with window `w` over precomputed k-gram hashes: one fingerprint per selected
/// position, in text order (a position selected by several windows is listed once).
pub fn winnow(hashes: &[u64], w: usize, out: &mut Vec<Fingerprint>) {
    out.clear();
    let w = w.max(1);
    if hashes.is_empty() {
        return;
    }
    if hashes.len() <= w {
        let (pos, hash) = rightmost_min(hashes);
        out.push(Fingerprint {
            hash,
            position: pos as u32,
        });
        return;
    }
    // The window's minimum is carried along as it slides; the window is scanned again only
    // when its minimum has left it and the new hash is larger.
    let mut pos = rightmost_min(&hashes[..w]).0;
    out.push(Fingerprint {
        hash: hashes[pos],
        position: pos as u32,
    });
    for start in 1..=hashes.len() - w {
        let end = start + w - 1;
        let before = pos;
        if hashes[end] <= hashes[pos] {
            pos = end;
        } else if pos < start {
            pos = start + rightmost_min(&hashes[start..=end]).0;
        }
        if pos != before {
            out.push(Fingerprint {
                hash: hashes[pos],
                position: pos as u32,
            });
        }
    }
}

fn rightmost_min(hashes: &[u64]) -> (usize, u64) {
    let mut best = (0, u64::MAX);
    for (i, h) in hashes.iter().enumerate() {
        if *h <= best.1 {
            best = (i, *h);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fingerprints(terms: &[u32], k: usize, w: usize) -> Vec<Fingerprint> {
        let mut hashes = Vec::new();
        let mut out = Vec::new();
        kgram_hashes(terms, k, &mut hashes);
        winnow(&hashes, w, &mut out);
        out
    }

    #[test]
    fn short_texts_have_one_fingerprint() {
        assert!(fingerprints(&[], 4, 4).is_empty());
        assert_eq!(fingerprints(&[1, 2], 4, 4).len(), 1);
        assert_eq!(fingerprints(&[1, 2, 3, 4, 5], 4, 4).len(), 1);
    }

    #[test]
    fn density_is_about_two_over_w_plus_one() {
        let terms: Vec<u32> = (0..10_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        let n = fingerprints(&terms, 4, 4).len() as f64 / terms.len() as f64;
        assert!((0.35..0.45).contains(&n), "density {n}");
    }

    /// Winnowing as the definition says: every window scanned on its own.
    fn winnow_by_definition(hashes: &[u64], w: usize) -> Vec<Fingerprint> {
        if hashes.len() <= w {
            let mut out = Vec::new();
            winnow(hashes, w, &mut out);
            return out;
        }
        let mut out: Vec<Fingerprint> = Vec::new();
        for start in 0..=hashes.len() - w {
            let (offset, hash) = rightmost_min(&hashes[start..start + w]);
            let position = (start + offset) as u32;
            if out.last().is_none_or(|f| f.position != position) {
                out.push(Fingerprint { hash, position });
            }
        }
        out
    }

    proptest! {
        /// The sliding minimum selects what scanning every window selects (small hashes,
        /// so that ties are frequent).
        #[test]
        fn sliding_winnow_is_the_definition(
            hashes in proptest::collection::vec(0u64..6, 0..60),
            w in 1usize..7,
        ) {
            let mut out = Vec::new();
            winnow(&hashes, w, &mut out);
            prop_assert_eq!(out, winnow_by_definition(&hashes, w));
        }

        /// The winnowing guarantee: a shared run of w + k - 1 terms gives a shared fingerprint.
        #[test]
        fn shared_run_shares_a_fingerprint(
            before in proptest::collection::vec(0u32..50, 0..30),
            run in proptest::collection::vec(any::<u32>(), 7..20),
            after_a in proptest::collection::vec(0u32..50, 0..30),
            after_b in proptest::collection::vec(50u32..100, 0..30),
        ) {
            let (k, w) = (4, 4);
            let a: Vec<u32> = before.iter().chain(&run).chain(&after_a).copied().collect();
            let b: Vec<u32> = run.iter().chain(&after_b).copied().collect();
            let fa: Vec<u64> = fingerprints(&a, k, w).iter().map(|f| f.hash).collect();
            let fb = fingerprints(&b, k, w);
            prop_assert!(fb.iter().any(|f| fa.contains(&f.hash)));
        }
    }
}
