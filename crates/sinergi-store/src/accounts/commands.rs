//! Account changes that write several tables at once: each runs in one
//! transaction together with its audit entry and any e-mail it causes, so a
//! crash leaves either all of it or none. Permission checks happen before,
//! in the accounts service, with the rules of `sinergi_domain::access`.

use serde_json::json;
use sinergi_domain::UserId;
use sinergi_domain::access::{Membership, Role};

use super::audit::{self, Actor, AuditEvent};
use super::one_time_tokens::{self, NewOneTimeToken, TakenToken, TokenPurpose};
use super::users::{NewUser, insert_membership, insert_user};
use crate::outbox::{NewEmail, enqueue_email};
use crate::{Backend, Store, StoreError};

fn membership_json(m: &Membership) -> serde_json::Value {
    json!({"unit": m.unit, "role": m.role, "reach": m.reach})
}

impl Store {
    /// Creates a user, optionally with a first membership.
    pub async fn create_user(
        &self,
        new: &NewUser,
        membership: Option<&Membership>,
        actor: &Actor,
        now: i64,
    ) -> Result<UserId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_user(&mut tx, new, now).await?;
        let event = AuditEvent {
            action: "user.create",
            target: format!("user:{id}"),
            unit_code: membership.map(|m| m.unit.to_string()),
            before: None,
            after: Some(
                json!({"email": new.email, "name": new.name, "kind": new.kind.as_str(), "outlet_id": new.outlet_id}),
            ),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        if let Some(m) = membership {
            let mid =
                insert_membership(&mut tx, id, m, actor.user_id.map(UserId::get), now).await?;
            let event = AuditEvent {
                action: "membership.grant",
                target: format!("membership:{mid}"),
                unit_code: Some(m.unit.to_string()),
                before: None,
                after: Some(membership_json(m)),
            };
            audit::append(&mut tx, self.backend, actor, event, now).await?;
        }
        tx.commit().await?;
        Ok(UserId::new(id))
    }

    /// Records an invitation (a single-use token) and the e-mail that
    /// carries it.
    pub async fn invite(
        &self,
        token: &NewOneTimeToken,
        email: &NewEmail,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        one_time_tokens::insert(&mut tx, token, now).await?;
        enqueue_email(&mut tx, email, now).await?;
        let event = AuditEvent {
            action: "invitation.create",
            target: format!("invitation:{}", token.email),
            unit_code: token.unit_code.clone(),
            before: None,
            after: Some(
                json!({"email": token.email, "unit": token.unit_code, "role": token.role, "reach": token.reach}),
            ),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes an invitation: creates the account (or, for an existing
    /// account, adds the membership) in one transaction. `None` when the
    /// link is unknown, used or expired.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        name: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<Option<(UserId, TakenToken)>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(taken) =
            one_time_tokens::take(&mut tx, token_hash, TokenPurpose::Invite, now).await?
        else {
            return Ok(None);
        };
        let membership = Membership {
            unit: sinergi_domain::UnitCode::parse(taken.unit_code.as_deref().unwrap_or(""))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            role: taken
                .role
                .as_deref()
                .unwrap_or("")
                .parse()
                .map_err(StoreError::Corrupt)?,
            reach: taken
                .reach
                .as_deref()
                .unwrap_or("")
                .parse()
                .map_err(StoreError::Corrupt)?,
        };
        let existing = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
            .bind(taken.email.clone())
            .fetch_optional(&mut *tx)
            .await?;
        let actor_label = taken.email.clone();
        let user_id = match existing {
            Some(id) => id,
            None => {
                let new = NewUser {
                    email: taken.email.clone(),
                    name: name.to_owned(),
                    kind: super::users::UserKind::Staff,
                    outlet_id: None,
                    password_hash: Some(password_hash.to_owned()),
                };
                insert_user(&mut tx, &new, now).await?
            }
        };
        let actor = Actor {
            user_id: Some(UserId::new(user_id)),
            label: actor_label,
            ip: None,
        };
        let mid = insert_membership(&mut tx, user_id, &membership, taken.created_by, now).await?;
        let event = AuditEvent {
            action: "invitation.accept",
            target: format!("membership:{mid}"),
            unit_code: Some(membership.unit.to_string()),
            before: None,
            after: Some(membership_json(&membership)),
        };
        audit::append(&mut tx, self.backend, &actor, event, now).await?;
        tx.commit().await?;
        Ok(Some((UserId::new(user_id), taken)))
    }

    /// Records a reset link and the e-mail that carries it. The person's
    /// earlier reset links stop working: only the newest one does.
    pub async fn request_password_reset(
        &self,
        token: &NewOneTimeToken,
        email: &NewEmail,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(user_id) = token.user_id.map(UserId::get) else {
            return Err(StoreError::Invalid("a reset link names its account".into()));
        };
        let mut tx = self.begin_write().await?;
        lock_user(&mut tx, self.backend, user_id).await?;
        one_time_tokens::revoke_reset_links(&mut tx, user_id, now).await?;
        one_time_tokens::insert(&mut tx, token, now).await?;
        enqueue_email(&mut tx, email, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a reset link: sets the password, ends every session of the
    /// account, revokes its API tokens and its other reset links. `None`
    /// when the link is unknown, used, revoked or expired.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        ip: Option<String>,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        // Lock the account before taking the link, so that two of its links
        // used at once are taken one after the other (the second then finds
        // itself revoked) instead of each waiting for the other's row.
        let owner: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT user_id FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2",
        )
        .bind(token_hash)
        .bind(TokenPurpose::Reset.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(owner) = owner else {
            return Ok(None);
        };
        let Some(owner) = owner else {
            return Err(StoreError::Corrupt("a reset token without a user".into()));
        };
        lock_user(&mut tx, self.backend, owner).await?;
        let Some(taken) =
            one_time_tokens::take(&mut tx, token_hash, TokenPurpose::Reset, now).await?
        else {
            return Ok(None);
        };
        let user_id = owner;
        let revoked = set_password_in(&mut tx, user_id, password_hash, now).await?;
        let actor = Actor {
            user_id: Some(UserId::new(user_id)),
            label: taken.email.clone(),
            ip,
        };
        let event = AuditEvent {
            action: "password.reset",
            target: format!("user:{user_id}"),
            unit_code: None,
            before: None,
            after: Some(revoked.to_json()),
        };
        audit::append(&mut tx, self.backend, &actor, event, now).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    /// Sets a password directly (the command line's `admin create`).
    pub async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        lock_user(&mut tx, self.backend, user_id).await?;
        let revoked = set_password_in(&mut tx, user_id, password_hash, now).await?;
        let event = AuditEvent {
            action: "password.set",
            target: format!("user:{user_id}"),
            unit_code: None,
            before: None,
            after: Some(revoked.to_json()),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Grants another membership to an existing user.
    pub async fn grant_membership(
        &self,
        user_id: UserId,
        m: &Membership,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        let mid =
            insert_membership(&mut tx, user_id, m, actor.user_id.map(UserId::get), now).await?;
        let event = AuditEvent {
            action: "membership.grant",
            target: format!("membership:{mid}"),
            unit_code: Some(m.unit.to_string()),
            before: None,
            after: Some(membership_json(m)),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(mid)
    }

    pub async fn change_membership_role(
        &self,
        membership_id: i64,
        role: Role,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let (_, _, before) = self.membership(membership_id).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(membership_id)
            .execute(&mut *tx)
            .await?;
        let after = Membership {
            role,
            ..before.clone()
        };
        let event = AuditEvent {
            action: "membership.change_role",
            target: format!("membership:{membership_id}"),
            unit_code: Some(before.unit.to_string()),
            before: Some(membership_json(&before)),
            after: Some(membership_json(&after)),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn revoke_membership(
        &self,
        membership_id: i64,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let (_, _, before) = self.membership(membership_id).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE memberships SET revoked_at = $1 WHERE id = $2")
            .bind(now)
            .bind(membership_id)
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent {
            action: "membership.revoke",
            target: format!("membership:{membership_id}"),
            unit_code: Some(before.unit.to_string()),
            before: Some(membership_json(&before)),
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deactivates or reactivates an account; deactivation ends its sessions
    /// and API tokens stop working.
    pub async fn set_user_active(
        &self,
        user_id: UserId,
        active: bool,
        unit_code: Option<String>,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(active))
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let event = AuditEvent {
            action: if active {
                "user.activate"
            } else {
                "user.deactivate"
            },
            target: format!("user:{user_id}"),
            unit_code,
            before: Some(json!({"active": !active})),
            after: Some(json!({"active": active})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a new API token (its hash) for `actor`'s user.
    #[expect(clippy::too_many_arguments, reason = "each is one column of the token")]
    pub async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        prefix: &str,
        rights: &[String],
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let user_id = user_id.get();
        let mut tx = self.begin_write().await?;
        let id = Store::insert_api_token(&mut tx, user_id, name, token_hash, prefix, rights, now)
            .await?;
        let event = AuditEvent {
            action: "api_token.create",
            target: format!("api_token:{id}"),
            unit_code: None,
            before: None,
            after: Some(json!({"name": name, "prefix": prefix, "rights": rights})),
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn revoke_api_token(
        &self,
        id: i64,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent {
            action: "api_token.revoke",
            target: format!("api_token:{id}"),
            unit_code: None,
            before: None,
            after: None,
        };
        audit::append(&mut tx, self.backend, actor, event, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// What a new password ended besides the old one, for the audit log.
struct Revoked {
    api_tokens: u64,
    reset_links: u64,
}

impl Revoked {
    fn to_json(&self) -> serde_json::Value {
        json!({"sessions_ended": true, "api_tokens_revoked": self.api_tokens, "reset_links_revoked": self.reset_links})
    }
}

/// Sets a password. Whoever knew the old one may have left something
/// behind, so every session ends, every API token is revoked (the person
/// creates new ones) and every other reset link stops working.
async fn set_password_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
    password_hash: &str,
    now: i64,
) -> Result<Revoked, StoreError> {
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let api_tokens = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let reset_links = one_time_tokens::revoke_reset_links(tx, user_id, now).await?;
    Ok(Revoked {
        api_tokens,
        reset_links,
    })
}

/// Serialises changes to one account's password and reset links. SQLite's
/// write transactions (`BEGIN IMMEDIATE`) are already one at a time; on
/// PostgreSQL the account's row is locked until the transaction ends.
async fn lock_user(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    backend: Backend,
    user_id: i64,
) -> Result<(), StoreError> {
    match backend {
        Backend::Sqlite => {}
        Backend::Postgres => {
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(user_id)
                .fetch_optional(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
