//! Password reset links: asked for, checked, used.

use super::*;

impl Accounts {
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
}
