//! When to poll a source next: `poll_every` after a success; after the
//! n-th error in a row, `poll_every · 2^(n-1)` up to `max`, spread by a
//! jitter of ±25 % so that sources failing together do not come back
//! together.

use std::time::Duration;

/// A number in `[0, 1)` from `seed` (splitmix64): jitter without a
/// random number generator, different for each source and moment.
fn unit_interval(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait before the next poll after `failures` errors in a row.
pub fn next_delay(failures: u32, poll_every: Duration, max: Duration, seed: u64) -> Duration {
    let base = poll_every.as_secs_f64();
    let wait = if failures == 0 {
        base
    } else {
        (base * 2f64.powi(failures.min(30) as i32 - 1)).min(max.as_secs_f64())
    };
    let jittered = wait * (0.75 + 0.5 * unit_interval(seed));
    Duration::from_secs_f64(jittered.min(max.as_secs_f64()).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn waits_grow_with_errors_within_the_jitter_and_the_cap(seed in any::<u64>(), n in 1u32..40) {
            let every = Duration::from_secs(900);
            let max = Duration::from_secs(24 * 3600);
            let d = next_delay(n, every, max, seed).as_secs_f64();
            let expected = (900.0 * 2f64.powi(n.min(30) as i32 - 1)).min(86_400.0);
            prop_assert!(d >= expected * 0.75 - 1e-6 && d <= (expected * 1.25).min(86_400.0) + 1e-6);
            let ok = next_delay(0, every, max, seed).as_secs_f64();
            prop_assert!((675.0..=1125.0).contains(&ok));
        }
    }

    #[test]
    fn the_jitter_spreads_sources() {
        let every = Duration::from_secs(900);
        let max = Duration::from_secs(86_400);
        let waits: std::collections::BTreeSet<u64> = (0..20)
            .map(|s| next_delay(3, every, max, s).as_secs())
            .collect();
        assert!(waits.len() > 10);
    }
}
