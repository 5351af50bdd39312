//! API tokens: minted with rights their owner holds, listed, revoked, checked.

use super::*;

impl Accounts {
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
}
