use sinergi_domain::password_policy::PasswordPolicy;

const SECOND: i64 = 1_000_000;
const MINUTE: i64 = 60 * SECOND;

/// How hard password hashing works. Tests use the cheap setting so a suite
/// of hundreds of sign-ins stays fast; everything else uses the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashCost {
    /// Argon2id with the OWASP parameters (19 MiB, 2 passes).
    Default,
    /// Argon2id at its minimum cost. Only for tests.
    Test,
}

#[derive(Debug, Clone)]
pub struct AccountsConfig {
    pub policy: PasswordPolicy,
    /// Where links in e-mails point, e.g. `https://sinergi.example.go.id`.
    pub base_url: String,
    /// A session ends after this long without a request.
    pub session_idle: i64,
    /// A session ends this long after sign-in, whatever happens.
    pub session_absolute: i64,
    pub reset_link_lifetime: i64,
    pub invitation_lifetime: i64,
    /// Failed sign-ins of one account from one client address in the
    /// window; beyond, that pair is refused (see `throttle.rs`).
    pub max_failures_per_pair: i64,
    /// Failed sign-ins from one client address, whatever the account, in
    /// the window; beyond, that address is refused.
    pub max_failures_per_address: i64,
    /// Failed sign-ins of one account from every address in the window;
    /// beyond, each attempt on it waits `slow_down_step` per failure over
    /// this, at most `slow_down_max`. Never a refusal.
    pub slow_down_after_failures_per_account: i64,
    pub slow_down_step: i64,
    pub slow_down_max: i64,
    pub failure_window: i64,
    /// Reset links asked for per e-mail address (account or not) and per
    /// client address in `reset_request_window`; beyond, refused.
    pub max_reset_requests_per_account: i64,
    pub max_reset_requests_per_address: i64,
    pub reset_request_window: i64,
    pub hash_cost: HashCost,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        AccountsConfig {
            policy: PasswordPolicy::default(),
            base_url: "http://127.0.0.1:8080".to_owned(),
            session_idle: 120 * MINUTE,
            session_absolute: 12 * 60 * MINUTE,
            reset_link_lifetime: 60 * MINUTE,
            invitation_lifetime: 7 * 24 * 60 * MINUTE,
            max_failures_per_pair: 5,
            max_failures_per_address: 20,
            slow_down_after_failures_per_account: 50,
            slow_down_step: SECOND,
            slow_down_max: 10 * SECOND,
            failure_window: 15 * MINUTE,
            max_reset_requests_per_account: 3,
            max_reset_requests_per_address: 10,
            reset_request_window: 60 * MINUTE,
            hash_cost: HashCost::Default,
        }
    }
}
