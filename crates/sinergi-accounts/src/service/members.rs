//! People and their memberships: accounts, invitations, roles, deactivation.

use super::*;

impl Accounts {
    /// Creates an account with a membership from the command line (the first
    /// national administrator). Not reachable from the web.
    pub async fn create_account(
        &self,
        email: &str,
        name: &str,
        password: &str,
        membership: &Membership,
    ) -> Result<UserId, AccountError> {
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
    ) -> Result<UserId, AccountError> {
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
        user_id: UserId,
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
}
