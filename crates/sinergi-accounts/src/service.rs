//! The accounts service.

use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use serde_json::json;
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Accreditation, Action, Membership, Principal, Role};
use sinergi_domain::clock::Clock;
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

    // ---- signing in and out -------------------------------------------

    /// Signs in. Throttled per account and client address, per address,
    /// and slowed per account (see `throttle.rs`); the answer for an unknown
    /// address is the same as for a wrong password, and costs the same time.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        ip: Option<&str>,
    ) -> Result<NewSession, AccountError> {
        let now = self.now();
        let email = normalize_email(email);
        let buckets = SignInBuckets::new(&email, ip);
        let since = now - self.config.failure_window;
        // Counted as a failure until the password proves otherwise.
        let (attempt, counts) = throttle::reserve(&self.store, &buckets.all(), since, now).await?;
        match throttle::judge_sign_in(&self.config, &counts, now) {
            Verdict::Refused { free_at } => {
                self.store.forget_attempts(&attempt).await?;
                return Err(AccountError::Throttled {
                    minutes: throttle::minutes_until(free_at, now),
                });
            }
            Verdict::Allowed { delay } => {
                if delay > 0 {
                    tokio::time::sleep(Duration::from_micros(delay.unsigned_abs())).await;
                }
            }
        }
        let user = self.store.user_by_email(&email).await?;
        let ok = match user.as_ref().and_then(|u| u.password_hash.as_deref()) {
            Some(hash) => self.verify_password(password, hash),
            None => {
                // Spend the same effort as a real check, so timing tells nothing.
                let _ = self.hash_password(password);
                false
            }
        };
        let user = match user {
            Some(u) if ok && u.active => u,
            // The attempt stays counted as a failure.
            _ => return Err(AccountError::BadCredentials),
        };
        self.store.forget_attempts(&attempt).await?;
        self.store.clear_attempts(&buckets.pair).await?;
        let cookie_value = random_token();
        let csrf_token = random_token();
        self.store
            .create_session(
                &hash_token(&cookie_value),
                user.id,
                &csrf_token,
                now,
                now + self.config.session_absolute,
                ip,
            )
            .await?;
        let actor = Actor {
            user_id: Some(user.id),
            label: user.email.clone(),
            ip: ip.map(str::to_owned),
        };
        let event = AuditEvent {
            action: "session.sign_in",
            target: format!("user:{}", user.id),
            unit_code: None,
            before: None,
            after: None,
        };
        self.store.audit(&actor, event, now).await?;
        Ok(NewSession {
            cookie_value,
            csrf_token,
            user,
        })
    }

    /// The session behind a cookie, if it is live: not past its absolute
    /// end, not idle too long, its account active.
    pub async fn session(&self, cookie_value: &str) -> Result<Option<SessionInfo>, AccountError> {
        let now = self.now();
        let id_hash = hash_token(cookie_value);
        let Some(s) = self.store.session(&id_hash).await? else {
            return Ok(None);
        };
        if now >= s.expires_at || now >= s.last_seen_at + self.config.session_idle {
            self.store.delete_session(&id_hash).await?;
            return Ok(None);
        }
        let user = self.store.user_by_id(s.user_id).await?;
        if !user.active {
            return Ok(None);
        }
        // Record activity at most once a minute, to spare the database.
        if now - s.last_seen_at > 60_000_000 {
            self.store.touch_session(&id_hash, now).await?;
        }
        let memberships = self.store.memberships_of(user.id).await?;
        let principal = Principal {
            user_id: Some(user.id),
            memberships: memberships.iter().map(|(_, m)| m.clone()).collect(),
            token_rights: None,
            accreditations: self.accreditations_of(user.id).await?,
        };
        Ok(Some(SessionInfo {
            user,
            principal,
            csrf_token: s.csrf_token,
            memberships,
        }))
    }

    pub async fn sign_out(&self, cookie_value: &str) -> Result<(), AccountError> {
        self.store.delete_session(&hash_token(cookie_value)).await?;
        Ok(())
    }

    // ---- password reset -----------------------------------------------

    /// Sends a reset link when the address belongs to an active account;
    /// the link revokes any earlier one. Answers the same either way, so the
    /// form reveals nothing: requests are limited per e-mail address (known
    /// or not) and per client address alike, `Throttled` beyond.
    pub async fn request_password_reset(
        &self,
        email: &str,
        language: &str,
        ip: Option<&str>,
    ) -> Result<(), AccountError> {
        let now = self.now();
        let email = normalize_email(email);
        let buckets = throttle::reset_buckets(&email, ip);
        let since = now - self.config.reset_request_window;
        let (attempt, counts) = throttle::reserve(&self.store, &buckets, since, now).await?;
        if let Verdict::Refused { free_at } = throttle::judge_reset(&self.config, &counts, now) {
            self.store.forget_attempts(&attempt).await?;
            return Err(AccountError::Throttled {
                minutes: throttle::minutes_until(free_at, now),
            });
        }
        let Some(user) = self.store.user_by_email(&email).await? else {
            return Ok(());
        };
        if !user.active {
            return Ok(());
        }
        let token = random_token();
        let link = format!(
            "{}/reset/{token}",
            self.config.base_url.trim_end_matches('/')
        );
        let minutes = self.config.reset_link_lifetime / 60_000_000;
        let texts = MailTexts::new(language);
        let subject = texts.get("password-reset-subject", &[]);
        let body = texts.get(
            "password-reset-body",
            &[
                ("name", &user.name),
                ("minutes", &minutes.to_string()),
                ("link", &link),
            ],
        ) + "\n";
        let token_hash = hash_token(&token);
        let record = NewOneTimeToken {
            token_hash: token_hash.clone(),
            purpose: TokenPurpose::Reset,
            user_id: Some(user.id),
            email: user.email.clone(),
            unit_code: None,
            role: None,
            reach: None,
            created_by: None,
            expires_at: now + self.config.reset_link_lifetime,
        };
        let mail = NewEmail {
            idempotency_key: format!("password-reset-{}", &token_hash[..32]),
            recipient: user.email.clone(),
            subject,
            body_text: body,
        };
        self.store
            .request_password_reset(&record, &mail, now)
            .await?;
        self.notifier.notify();
        Ok(())
    }

    /// Whether a reset or invitation link can still be used (to show its form).
    pub async fn link_is_valid(
        &self,
        token: &str,
        purpose: TokenPurpose,
    ) -> Result<bool, AccountError> {
        Ok(self
            .store
            .one_time_token_is_valid(&hash_token(token), purpose, self.now())
            .await?)
    }

    /// Uses a reset link. Every session of the account ends, its API tokens
    /// are revoked and its other reset links stop working.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        ip: Option<&str>,
    ) -> Result<i64, AccountError> {
        let now = self.now();
        let token_hash = hash_token(token);
        let Some(peek) = self
            .store
            .peek_one_time_token(&token_hash, TokenPurpose::Reset, now)
            .await?
        else {
            return Err(AccountError::LinkInvalid);
        };
        self.config.policy.check(new_password, &peek.email)?;
        let hash = self.hash_password(new_password)?;
        self.store
            .reset_password(&token_hash, &hash, ip.map(str::to_owned), now)
            .await?
            .ok_or(AccountError::LinkInvalid)
    }

    // ---- people and memberships ---------------------------------------

    /// Creates an account with a membership from the command line (the first
    /// national administrator). Not reachable from the web.
    pub async fn create_account(
        &self,
        email: &str,
        name: &str,
        password: &str,
        membership: &Membership,
    ) -> Result<i64, AccountError> {
        self.config.policy.check(password, email)?;
        validate_email(email)?;
        self.store
            .unit(&membership.unit)
            .await
            .map_err(|_| AccountError::NotFound(format!("unit {}", membership.unit)))?;
        let hash = self.hash_password(password)?;
        let new = NewUser {
            email: email.to_owned(),
            name: name.to_owned(),
            kind: UserKind::Staff,
            outlet_id: None,
            password_hash: Some(hash),
        };
        Ok(self
            .store
            .create_user(&new, Some(membership), &Actor::system("cli"), self.now())
            .await?)
    }

    /// Invites someone to a unit with a role. The actor must be an admin
    /// who holds at least what they grant.
    pub async fn invite(
        &self,
        who: &Principal,
        actor: &Actor,
        email: &str,
        membership: &Membership,
        language: &str,
    ) -> Result<(), AccountError> {
        if !who.can_grant(membership) {
            return Err(AccountError::NotAllowed);
        }
        validate_email(email)?;
        let unit = self
            .store
            .unit(&membership.unit)
            .await
            .map_err(|_| AccountError::NotFound(format!("unit {}", membership.unit)))?;
        let now = self.now();
        let token = random_token();
        let token_hash = hash_token(&token);
        let link = format!(
            "{}/invitation/{token}",
            self.config.base_url.trim_end_matches('/')
        );
        let days = self.config.invitation_lifetime / (24 * 3600 * 1_000_000);
        let texts = MailTexts::new(language);
        let subject = texts.get("invitation-subject", &[("unit", &unit.name)]);
        let role = texts.get(&format!("mail-role-{}", membership.role.as_str()), &[]);
        let body = texts.get(
            "invitation-body",
            &[
                ("actor", &actor.label),
                ("unit", &unit.name),
                ("role", &role),
                ("days", &days.to_string()),
                ("link", &link),
            ],
        ) + "\n";
        let record = NewOneTimeToken {
            token_hash: token_hash.clone(),
            purpose: TokenPurpose::Invite,
            user_id: None,
            email: normalize_email(email),
            unit_code: Some(membership.unit.to_string()),
            role: Some(membership.role.as_str().to_owned()),
            reach: Some(membership.reach.as_str().to_owned()),
            created_by: actor.user_id,
            expires_at: now + self.config.invitation_lifetime,
        };
        let mail = NewEmail {
            idempotency_key: format!("invitation-{}", &token_hash[..32]),
            recipient: normalize_email(email),
            subject,
            body_text: body,
        };
        self.store.invite(&record, &mail, actor, now).await?;
        self.notifier.notify();
        Ok(())
    }

    /// Accepts an invitation: a new account with the chosen password, or
    /// the membership added to an existing account.
    pub async fn accept_invitation(
        &self,
        token: &str,
        name: &str,
        password: &str,
    ) -> Result<i64, AccountError> {
        let now = self.now();
        let token_hash = hash_token(token);
        let Some(peek) = self
            .store
            .peek_one_time_token(&token_hash, TokenPurpose::Invite, now)
            .await?
        else {
            return Err(AccountError::LinkInvalid);
        };
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(AccountError::Invalid("name".into()));
        }
        let existing = self.store.user_by_email(&peek.email).await?;
        let hash = match &existing {
            Some(u) => {
                // An existing account proves itself with its own password.
                if !u
                    .password_hash
                    .as_deref()
                    .is_some_and(|h| self.verify_password(password, h))
                {
                    return Err(AccountError::BadCredentials);
                }
                String::new()
            }
            None => {
                self.config.policy.check(password, &peek.email)?;
                self.hash_password(password)?
            }
        };
        let (user_id, _) = self
            .store
            .accept_invitation(&token_hash, name, &hash, now)
            .await?
            .ok_or(AccountError::LinkInvalid)?;
        Ok(user_id)
    }

    /// Members of the units `who` may see internal work of.
    pub async fn members(
        &self,
        who: &Principal,
        unit: Option<&UnitCode>,
    ) -> Result<Vec<MemberRow>, AccountError> {
        let scope = who.scope(Action::ReadInternal);
        if scope.is_empty() {
            return Err(AccountError::NotAllowed);
        }
        Ok(self.store.members_in_scope(&scope, unit).await?)
    }

    /// Changes a member's role; the actor must be able to grant the result.
    pub async fn change_role(
        &self,
        who: &Principal,
        actor: &Actor,
        membership_id: i64,
        role: Role,
    ) -> Result<(), AccountError> {
        let (_, _, current) = self
            .store
            .membership(membership_id)
            .await
            .map_err(not_found)?;
        let changed = Membership {
            role,
            ..current.clone()
        };
        if !who.can(Action::ManageMembers, &current.unit) || !who.can_grant(&changed) {
            return Err(AccountError::NotAllowed);
        }
        Ok(self
            .store
            .change_membership_role(membership_id, role, actor, self.now())
            .await?)
    }

    pub async fn revoke_membership(
        &self,
        who: &Principal,
        actor: &Actor,
        membership_id: i64,
    ) -> Result<(), AccountError> {
        let (_, _, current) = self
            .store
            .membership(membership_id)
            .await
            .map_err(not_found)?;
        if !who.can(Action::ManageMembers, &current.unit) || !who.can_grant(&current) {
            return Err(AccountError::NotAllowed);
        }
        Ok(self
            .store
            .revoke_membership(membership_id, actor, self.now())
            .await?)
    }

    /// Deactivates (or reactivates) an account. The actor must manage
    /// members of every unit the account belongs to, so a regency's admin
    /// cannot lock out a province's officer.
    pub async fn set_active(
        &self,
        who: &Principal,
        actor: &Actor,
        user_id: i64,
        active: bool,
    ) -> Result<(), AccountError> {
        let memberships = self.store.memberships_of(user_id).await?;
        if memberships.is_empty() || who.user_id == Some(user_id) {
            return Err(AccountError::NotAllowed);
        }
        if !memberships
            .iter()
            .all(|(_, m)| who.can(Action::ManageMembers, &m.unit) && who.can_grant(m))
        {
            return Err(AccountError::NotAllowed);
        }
        let unit = memberships.first().map(|(_, m)| m.unit.to_string());
        Ok(self
            .store
            .set_user_active(user_id, active, unit, actor, self.now())
            .await?)
    }

    // ---- API tokens ----------------------------------------------------

    /// Mints a token for the signed-in user, limited to `rights` (actions
    /// or their names). A token carries only rights its owner holds now, so
    /// that a later promotion does not wake rights nobody chose to give it;
    /// an unknown name is refused, not dropped. Every wrong field is
    /// reported at once (`Fields`). The plain token is returned once and
    /// never stored.
    pub async fn create_api_token(
        &self,
        session: &SessionInfo,
        actor: &Actor,
        name: &str,
        rights: &[impl AsRef<str>],
    ) -> Result<(i64, String), AccountError> {
        let name = name.trim();
        let mut problems = Vec::new();
        if name.is_empty() || name.chars().count() > 100 {
            problems.push(Problem {
                field: "name",
                key: "error-token-name",
            });
        }
        let mut chosen: Vec<Action> = Vec::new();
        let mut unknown = false;
        for right in rights {
            match right.as_ref().parse::<Action>() {
                Ok(a) if !chosen.contains(&a) => chosen.push(a),
                Ok(_) => {}
                Err(_) => unknown = true,
            }
        }
        if unknown {
            problems.push(Problem {
                field: "rights",
                key: "error-token-right-unknown",
            });
        }
        if chosen.iter().any(|a| !session.principal.holds(*a)) {
            problems.push(Problem {
                field: "rights",
                key: "error-token-right-not-held",
            });
        }
        if rights.is_empty() {
            problems.push(Problem {
                field: "rights",
                key: "error-token-rights",
            });
        }
        if !problems.is_empty() {
            return Err(AccountError::Fields(problems));
        }
        let token = format!("{API_TOKEN_PREFIX}{}", random_token());
        let rights: Vec<String> = chosen.iter().map(|r| r.as_str().to_owned()).collect();
        let id = self
            .store
            .create_api_token(
                session.user.id,
                name,
                &hash_token(&token),
                &token[..API_TOKEN_PREFIX.len() + 6],
                &rights,
                actor,
                self.now(),
            )
            .await?;
        Ok((id, token))
    }

    pub async fn api_tokens(
        &self,
        session: &SessionInfo,
    ) -> Result<Vec<ApiTokenInfo>, AccountError> {
        Ok(self.store.api_tokens_of(session.user.id).await?)
    }

    /// Only a token's owner revokes it.
    pub async fn revoke_api_token(
        &self,
        session: &SessionInfo,
        actor: &Actor,
        id: i64,
    ) -> Result<(), AccountError> {
        let token = self.store.api_token(id).await.map_err(not_found)?;
        if token.user_id != session.user.id {
            return Err(AccountError::NotAllowed);
        }
        Ok(self.store.revoke_api_token(id, actor, self.now()).await?)
    }

    /// The principal behind a bearer token: its owner's memberships,
    /// narrowed to the token's rights. `None` for an unknown or revoked
    /// token, or an inactive owner.
    pub async fn authenticate_token(
        &self,
        token: &str,
    ) -> Result<Option<(User, Principal)>, AccountError> {
        if !token.starts_with(API_TOKEN_PREFIX) {
            return Ok(None);
        }
        let Some(info) = self
            .store
            .use_api_token(&hash_token(token), self.now())
            .await?
        else {
            return Ok(None);
        };
        let user = self.store.user_by_id(info.user_id).await?;
        if !user.active {
            return Ok(None);
        }
        let memberships = self.store.memberships_of(user.id).await?;
        let rights = info
            .rights
            .iter()
            .filter_map(|r| r.parse::<Action>().ok())
            .collect();
        let principal = Principal {
            user_id: Some(user.id),
            memberships: memberships.into_iter().map(|(_, m)| m).collect(),
            token_rights: Some(rights),
            accreditations: self.accreditations_of(user.id).await?,
        };
        Ok(Some((user, principal)))
    }

    // ---- journalists ---------------------------------------------------

    /// A journalist's current accreditations.
    pub async fn accreditations_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<Accreditation>, AccountError> {
        Ok(self.store.accreditations_of(user_id).await?)
    }

    /// Adds a media outlet. Any editor or admin may, since they accredit
    /// its journalists.
    pub async fn create_outlet(
        &self,
        who: &Principal,
        actor: &Actor,
        name: &str,
        website: Option<&str>,
    ) -> Result<i64, AccountError> {
        if who.scope(Action::Accredit).is_empty() {
            return Err(AccountError::NotAllowed);
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(AccountError::Invalid("name".into()));
        }
        Ok(self
            .store
            .create_outlet(name, website, actor, self.now())
            .await?)
    }

    /// Registers a journalist of an outlet with a first accreditation; an
    /// e-mail carries the link to choose a password.
    pub async fn register_journalist(
        &self,
        who: &Principal,
        actor: &Actor,
        journalist: &NewJournalist,
        language: &str,
    ) -> Result<i64, AccountError> {
        let NewJournalist {
            email,
            name,
            outlet_id,
            first,
        } = journalist;
        let (email, outlet_id) = (email.as_str(), *outlet_id);
        if !who.can_accredit(first) {
            return Err(AccountError::NotAllowed);
        }
        validate_email(email)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(AccountError::Invalid("name".into()));
        }
        let outlet = self.store.outlet(outlet_id).await.map_err(not_found)?;
        let unit = self.store.unit(&first.unit).await.map_err(not_found)?;
        let now = self.now();
        let token = random_token();
        let token_hash = hash_token(&token);
        let link = format!(
            "{}/reset/{token}",
            self.config.base_url.trim_end_matches('/')
        );
        let texts = MailTexts::new(language);
        let subject = texts.get("journalist-subject", &[]);
        let body = texts.get(
            "journalist-body",
            &[
                ("name", name),
                ("unit", &unit.name),
                ("outlet", &outlet.name),
                ("link", &link),
            ],
        ) + "\n";
        let record = NewOneTimeToken {
            token_hash: token_hash.clone(),
            purpose: TokenPurpose::Reset,
            user_id: None,
            email: normalize_email(email),
            unit_code: None,
            role: None,
            reach: None,
            created_by: actor.user_id,
            expires_at: now + self.config.invitation_lifetime,
        };
        let mail = NewEmail {
            idempotency_key: format!("journalist-{}", &token_hash[..32]),
            recipient: normalize_email(email),
            subject,
            body_text: body,
        };
        let new = NewUser {
            email: email.to_owned(),
            name: name.to_owned(),
            kind: UserKind::Journalist,
            outlet_id: Some(outlet_id),
            password_hash: None,
        };
        let registered = self
            .store
            .register_journalist(&new, first, &record, &mail, actor, now)
            .await?;
        self.notifier.notify();
        Ok(registered)
    }

    pub async fn grant_accreditation(
        &self,
        who: &Principal,
        actor: &Actor,
        journalist: i64,
        a: &Accreditation,
    ) -> Result<i64, AccountError> {
        if !who.can_accredit(a) {
            return Err(AccountError::NotAllowed);
        }
        self.store
            .grant_accreditation(journalist, a, actor, self.now())
            .await
            .map_err(|e| match e {
                StoreError::Invalid(m) => AccountError::Invalid(m),
                other => not_found(other),
            })
    }

    pub async fn revoke_accreditation(
        &self,
        who: &Principal,
        actor: &Actor,
        id: i64,
    ) -> Result<(), AccountError> {
        let (_, current) = self.store.accreditation(id).await.map_err(not_found)?;
        if !who.can_accredit(&current) {
            return Err(AccountError::NotAllowed);
        }
        Ok(self
            .store
            .revoke_accreditation(id, actor, self.now())
            .await?)
    }

    /// Accreditations by the units where `who` may accredit.
    pub async fn accreditations(
        &self,
        who: &Principal,
    ) -> Result<Vec<AccreditationRow>, AccountError> {
        let scope = who.scope(Action::Accredit);
        if scope.is_empty() {
            return Err(AccountError::NotAllowed);
        }
        Ok(self.store.accreditations_in_scope(&scope).await?)
    }

    // ---- the audit log -------------------------------------------------

    pub async fn audit_entries(
        &self,
        who: &Principal,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, AccountError> {
        let scope = who.scope(Action::ReadAudit);
        if scope.is_empty() {
            return Err(AccountError::NotAllowed);
        }
        Ok(self.store.audit_entries(&scope, filter).await?)
    }

    /// Records a sign-out or another event that changes no table.
    pub async fn record(
        &self,
        actor: &Actor,
        action: &str,
        target: String,
    ) -> Result<(), AccountError> {
        let event = AuditEvent {
            action,
            target,
            unit_code: None,
            before: None,
            after: Some(json!({})),
        };
        self.store.audit(actor, event, self.now()).await?;
        Ok(())
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
