//! Journalists: outlets, accounts and accreditations.

use super::*;

impl Accounts {
    /// A journalist's current accreditations.
    pub async fn accreditations_of(
        &self,
        user_id: UserId,
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
    ) -> Result<UserId, AccountError> {
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
        journalist: UserId,
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
}
