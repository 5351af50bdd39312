//! Who receives the weekly publication-gap digest.

use sinergi_domain::UserId;
use sinergi_domain::access::Membership;

use crate::rows::MembershipRow;
use crate::{Store, StoreError};

/// An active editor or admin, with the memberships that make them one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecipient {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub language: String,
    pub memberships: Vec<Membership>,
}

/// A recipient with one of their memberships.
#[derive(sqlx::FromRow)]
struct RecipientRow {
    #[sqlx(try_from = "i64")]
    user_id: UserId,
    email: String,
    name: String,
    language: String,
    #[sqlx(flatten)]
    membership: MembershipRow,
}

impl Store {
    pub async fn digest_recipients(&self) -> Result<Vec<DigestRecipient>, StoreError> {
        let rows: Vec<RecipientRow> = sqlx::query_as(
            "SELECT us.id AS user_id, us.email AS email, us.name AS name, us.language AS language, \
                    m.unit_code AS unit_code, m.role AS role, m.reach AS reach \
             FROM users us JOIN memberships m ON m.user_id = us.id \
             WHERE us.active = 1 AND m.revoked_at IS NULL AND m.role IN ('admin', 'editor') \
             ORDER BY us.id, m.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<DigestRecipient> = Vec::new();
        for r in rows {
            let m = Membership::try_from(r.membership)?;
            match out.last_mut() {
                Some(last) if last.user_id == r.user_id => last.memberships.push(m),
                _ => out.push(DigestRecipient {
                    user_id: r.user_id,
                    email: r.email,
                    name: r.name,
                    language: r.language,
                    memberships: vec![m],
                }),
            }
        }
        Ok(out)
    }
}
