//! Signing in, sessions and signing out, throttled as `throttle.rs` describes.

use super::*;

impl Accounts {
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
}
