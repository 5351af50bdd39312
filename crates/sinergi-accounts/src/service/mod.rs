//! The accounts service: one `Accounts` with its methods grouped by what
//! they are about, one file each (sessions, reset, members, tokens,
//! journalists, audit). This file holds the type, its construction and
//! password hashing.

mod audit;
mod journalists;
mod members;
mod reset;
mod sessions;
mod tokens;

use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use serde_json::json;
use sinergi_domain::access::{Accreditation, Action, Membership, Principal, Role};
use sinergi_domain::clock::Clock;
use sinergi_domain::{UnitCode, UserId};
use sinergi_mail::MailTexts;
use sinergi_store::accounts::api_tokens::ApiTokenInfo;
use sinergi_store::accounts::audit::{Actor, AuditEntry, AuditEvent, AuditFilter};
use sinergi_store::accounts::journalists::AccreditationRow;
use sinergi_store::accounts::one_time_tokens::{NewOneTimeToken, TokenPurpose};
use sinergi_store::accounts::users::{MemberRow, NewUser, User, UserKind, normalize_email};
use sinergi_store::{NewEmail, Notifier, Store, StoreError};

use crate::secrets::{hash_token, random_token};
use crate::throttle::{self, SignInBuckets, Verdict};
use crate::{AccountError, AccountsConfig, HashCost, Problem};

/// A session just started: the cookie value (shown once) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub cookie_value: String,
    pub csrf_token: String,
    pub user: User,
}

/// Who a session belongs to, and what they may do.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: User,
    pub principal: Principal,
    pub csrf_token: String,
    pub memberships: Vec<(i64, Membership)>,
}

/// A journalist to register: who, at which outlet, with which first accreditation.
#[derive(Debug, Clone)]
pub struct NewJournalist {
    pub email: String,
    pub name: String,
    pub outlet_id: i64,
    pub first: Accreditation,
}

/// The prefix of every API token, so that a leaked one is recognisable.
pub const API_TOKEN_PREFIX: &str = "snrg_";

#[derive(Clone)]
pub struct Accounts {
    store: Store,
    clock: Arc<dyn Clock>,
    config: AccountsConfig,
    /// Woken after each write that queues an e-mail (see
    /// `sinergi_store::Notifier`); account data is not on the change feed.
    notifier: Notifier,
}

impl Accounts {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: AccountsConfig) -> Accounts {
        Accounts {
            store,
            clock,
            config,
            notifier: Notifier::default(),
        }
    }

    /// Tells `notifier`'s followers after each write that queues an e-mail.
    pub fn with_notifier(mut self, notifier: Notifier) -> Accounts {
        self.notifier = notifier;
        self
    }

    pub fn config(&self) -> &AccountsConfig {
        &self.config
    }

    fn now(&self) -> i64 {
        self.clock.now()
    }

    fn argon2(&self) -> Argon2<'static> {
        match self.config.hash_cost {
            HashCost::Default => Argon2::default(),
            HashCost::Test => Argon2::new(
                Algorithm::Argon2id,
                Version::V0x13,
                Params::new(Params::MIN_M_COST.max(8), 1, 1, None)
                    .expect("valid minimum parameters"),
            ),
        }
    }

    /// An argon2id PHC string for a password that passed the policy.
    pub fn hash_password(&self, password: &str) -> Result<String, AccountError> {
        self.argon2()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AccountError::Invalid(format!("cannot hash the password: {e}")))
    }

    fn verify_password(&self, password: &str, hash: &str) -> bool {
        self.argon2()
            .verify_password(password.as_bytes(), hash)
            .is_ok()
    }
}

fn not_found(e: StoreError) -> AccountError {
    match e {
        StoreError::NotFound(what) => AccountError::NotFound(what),
        other => AccountError::Store(other),
    }
}

/// A plausible address: something@domain.tld, no spaces, not too long.
pub fn validate_email(email: &str) -> Result<(), AccountError> {
    let e = email.trim();
    let ok = e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(())
    } else {
        Err(AccountError::Invalid("email".into()))
    }
}
