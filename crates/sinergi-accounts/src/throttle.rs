//! Throttling of sign-ins and of reset-link requests.
//!
//! # Sign-in: slow the guesser, never lock the owner out
//!
//! A lock per account lets anyone lock anyone out: five wrong passwords
//! from anywhere used to shut an account for 15 minutes. Following OWASP's
//! guidance (Authentication and Credential Stuffing cheat sheets), failures
//! are counted in three buckets, each over a sliding window
//! (`failure_window`, 15 minutes):
//!
//! | bucket | counts failures of | limit (default) | beyond the limit |
//! | --- | --- | --- | --- |
//! | `pair:{email}\|{address}` | one account from one address | 5 | that pair is refused |
//! | `ip:{address}` | any account from one address | 20 | that address is refused |
//! | `email:{email}` | one account from every address | 50 | every attempt waits |
//!
//! - Someone guessing from one address gets five tries at an account and
//!   twenty in all (password spraying), then waits out the window.
//! - The owner, from any other address, is not affected by that: their
//!   right password gets in.
//! - Many addresses guessing at one account (a botnet) push the account's
//!   own count past its limit, which is ten times the pair's. From then on
//!   every attempt on that account, right or wrong and from any address, is
//!   answered only after a delay: `slow_down_step` (1 s) for each failure
//!   beyond the limit, at most `slow_down_max` (10 s). That slows a guesser
//!   working in sequence and costs each guess a held connection, while the
//!   owner with the right password from a fresh address still gets in, at
//!   worst ten seconds late. The account is never refused: a refusal there
//!   would be the lock-out this replaces. What bounds a botnet is the pair
//!   and address limits times its addresses, against a password policy of
//!   at least 12 characters that refuses common passwords.
//! - A right password forgets its pair's failures (that address knows the
//!   password), but not the address's (or one's own account would reset the
//!   counter of a sprayer) nor the account's (they age out).
//! - Addresses come from the connection (or `X-Forwarded-For` behind a
//!   trusted proxy, see `sinergi-web`'s `session.rs`); a request without
//!   one counts as the address `unknown`.
//! - A refused attempt is not counted, so a refusal ends when the window
//!   has passed since the oldest counted failure, however long the guesser
//!   keeps trying; the answer says how many minutes that is.
//!
//! # Reset links: a few per account, a few more per address
//!
//! Each request counts in `reset-email:{email}` (3 an hour) and
//! `reset-ip:{address}` (10 an hour), whether or not the address has an
//! account, so the answers (sent, then "too many requests") are the same
//! for both and reveal nothing; only an existing account gets mail, so at
//! most three a person an hour. Each new link revokes the earlier ones.
//!
//! # No race past a limit
//!
//! An attempt is recorded in its buckets (as a failure) *before* they are
//! counted, and each record is committed before its count. Of attempts
//! racing on a bucket each counts itself and every one before it, so a
//! burst of parallel requests gets no more through than a sequence would.
//! The record is taken back when the attempt is refused, or when it turns
//! out not to be a failure (a right password).

use sinergi_store::{Store, StoreError};

use crate::AccountsConfig;

/// What a bucket held within the window, this attempt included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Count {
    pub n: i64,
    pub oldest: Option<i64>,
}

/// What to do with an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Refused without looking at it, until `free_at`.
    Refused { free_at: i64 },
    /// Looked at after `delay` microseconds (usually none).
    Allowed { delay: i64 },
}

/// The longest an e-mail address can be; longer input cannot be an account
/// and is cut, so that a bucket's key stays short.
const MAX_EMAIL_CHARS: usize = 254;

fn address(ip: Option<&str>) -> &str {
    ip.filter(|ip| !ip.is_empty()).unwrap_or("unknown")
}

fn cut(email: &str) -> String {
    email.chars().take(MAX_EMAIL_CHARS).collect()
}

/// The buckets of a sign-in, by an already normalised address.
pub(crate) struct SignInBuckets {
    pub pair: String,
    pub address: String,
    pub account: String,
}

impl SignInBuckets {
    pub fn new(email: &str, ip: Option<&str>) -> SignInBuckets {
        let (email, ip) = (cut(email), address(ip));
        SignInBuckets {
            pair: format!("pair:{email}|{ip}"),
            address: format!("ip:{ip}"),
            account: format!("email:{email}"),
        }
    }

    /// In the order [`judge_sign_in`] takes their counts.
    pub fn all(&self) -> [String; 3] {
        [
            self.pair.clone(),
            self.address.clone(),
            self.account.clone(),
        ]
    }
}

/// The buckets of a reset request: the account's, then the address's.
pub(crate) fn reset_buckets(email: &str, ip: Option<&str>) -> [String; 2] {
    [
        format!("reset-email:{}", cut(email)),
        format!("reset-ip:{}", address(ip)),
    ]
}

/// Records an attempt in `buckets` at `now`, then counts each since
/// `since`. Returns the records (to take back) and the counts, in order.
pub(crate) async fn reserve(
    store: &Store,
    buckets: &[String],
    since: i64,
    now: i64,
) -> Result<(Vec<i64>, Vec<Count>), StoreError> {
    let ids = store.record_attempts(buckets, now).await?;
    let mut counts = Vec::with_capacity(buckets.len());
    for bucket in buckets {
        let (n, oldest) = store.attempts_since(bucket, since).await?;
        counts.push(Count { n, oldest });
    }
    Ok((ids, counts))
}

/// Refused when a bucket holds more than its limit (this attempt included),
/// until the oldest attempt of each such bucket has left the window.
fn refuse_over(limits: &[(Count, i64)], window: i64, now: i64) -> Option<Verdict> {
    limits
        .iter()
        .filter(|(count, max)| count.n > *max)
        .map(|(count, _)| count.oldest.unwrap_or(now) + window)
        .max()
        .map(|free_at| Verdict::Refused { free_at })
}

/// A sign-in, from the counts of its pair, address and account buckets.
pub(crate) fn judge_sign_in(c: &AccountsConfig, counts: &[Count], now: i64) -> Verdict {
    let [pair, address, account] = [0, 1, 2].map(|i| counts.get(i).copied().unwrap_or_default());
    let limits = [
        (pair, c.max_failures_per_pair),
        (address, c.max_failures_per_address),
    ];
    if let Some(refused) = refuse_over(&limits, c.failure_window, now) {
        return refused;
    }
    let beyond = account.n - c.slow_down_after_failures_per_account;
    let delay = if beyond > 0 {
        c.slow_down_step.saturating_mul(beyond).min(c.slow_down_max)
    } else {
        0
    };
    Verdict::Allowed { delay }
}

/// A reset request, from the counts of its account and address buckets.
pub(crate) fn judge_reset(c: &AccountsConfig, counts: &[Count], now: i64) -> Verdict {
    let [account, address] = [0, 1].map(|i| counts.get(i).copied().unwrap_or_default());
    let limits = [
        (account, c.max_reset_requests_per_account),
        (address, c.max_reset_requests_per_address),
    ];
    refuse_over(&limits, c.reset_request_window, now).unwrap_or(Verdict::Allowed { delay: 0 })
}

/// Whole minutes until `free_at`, rounded up, at least one.
pub(crate) fn minutes_until(free_at: i64, now: i64) -> i64 {
    const MINUTE: i64 = 60_000_000;
    ((free_at - now + MINUTE - 1) / MINUTE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000_000;
    const SECOND: i64 = 1_000_000;

    fn count(n: i64, oldest: i64) -> Count {
        Count {
            n,
            oldest: Some(oldest),
        }
    }

    #[test]
    fn a_pair_or_an_address_over_its_limit_is_refused_until_its_oldest_failure_ages_out() {
        let c = AccountsConfig::default();
        let now = 100 * MINUTE;
        let at_limit = [count(5, now), count(20, now), count(5, now)];
        assert_eq!(
            judge_sign_in(&c, &at_limit, now),
            Verdict::Allowed { delay: 0 }
        );
        let pair_over = [count(6, now - 4 * MINUTE), count(6, now), count(6, now)];
        assert_eq!(
            judge_sign_in(&c, &pair_over, now),
            Verdict::Refused {
                free_at: now + 11 * MINUTE
            }
        );
        let address_over = [count(1, now), count(21, now - 14 * MINUTE), count(1, now)];
        assert_eq!(
            judge_sign_in(&c, &address_over, now),
            Verdict::Refused {
                free_at: now + MINUTE
            }
        );
        assert_eq!(minutes_until(now + 11 * MINUTE, now), 11);
        assert_eq!(minutes_until(now + 1, now), 1);
        assert_eq!(minutes_until(now, now), 1);
    }

    #[test]
    fn an_account_under_attack_is_slowed_step_by_step_and_never_refused() {
        let c = AccountsConfig::default();
        let now = 100 * MINUTE;
        let fresh = |account: i64| [count(1, now), count(1, now), count(account, now)];
        assert_eq!(
            judge_sign_in(&c, &fresh(50), now),
            Verdict::Allowed { delay: 0 }
        );
        assert_eq!(
            judge_sign_in(&c, &fresh(51), now),
            Verdict::Allowed { delay: SECOND }
        );
        assert_eq!(
            judge_sign_in(&c, &fresh(53), now),
            Verdict::Allowed { delay: 3 * SECOND }
        );
        for failures in [60, 1_000, i64::MAX] {
            assert_eq!(
                judge_sign_in(&c, &fresh(failures), now),
                Verdict::Allowed { delay: 10 * SECOND },
                "{failures}"
            );
        }
    }

    #[test]
    fn reset_requests_are_limited_per_account_and_per_address() {
        let c = AccountsConfig::default();
        let now = 100 * MINUTE;
        assert_eq!(
            judge_reset(&c, &[count(3, now), count(10, now)], now),
            Verdict::Allowed { delay: 0 }
        );
        assert_eq!(
            judge_reset(&c, &[count(4, now - 20 * MINUTE), count(4, now)], now),
            Verdict::Refused {
                free_at: now + 40 * MINUTE
            }
        );
        assert_eq!(
            judge_reset(&c, &[count(1, now), count(11, now - 30 * MINUTE)], now),
            Verdict::Refused {
                free_at: now + 30 * MINUTE
            }
        );
    }

    #[test]
    fn buckets_name_the_account_and_the_address_and_stay_short() {
        let b = SignInBuckets::new("humas@baliprov.go.id", Some("10.0.0.9"));
        assert_eq!(b.pair, "pair:humas@baliprov.go.id|10.0.0.9");
        assert_eq!(b.address, "ip:10.0.0.9");
        assert_eq!(b.account, "email:humas@baliprov.go.id");
        assert_eq!(SignInBuckets::new("a@b.id", None).address, "ip:unknown");
        let long = "x".repeat(10_000);
        assert!(SignInBuckets::new(&long, Some("1.2.3.4")).pair.len() < 300);
        assert_eq!(
            reset_buckets("a@b.id", Some("1.2.3.4")),
            ["reset-email:a@b.id", "reset-ip:1.2.3.4"]
        );
    }
}
