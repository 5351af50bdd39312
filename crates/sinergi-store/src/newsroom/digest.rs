//! Who receives the weekly publication-gap digest.

use sinergi_domain::UnitCode;
use sinergi_domain::access::Membership;
use sqlx::Row;

use crate::{Store, StoreError};

/// An active editor or admin, with the memberships that make them one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecipient {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub language: String,
    pub memberships: Vec<Membership>,
}

impl Store {
    pub async fn digest_recipients(&self) -> Result<Vec<DigestRecipient>, StoreError> {
        let rows = sqlx::query(
            "SELECT us.id, us.email, us.name, us.language, m.unit_code, m.role, m.reach \
             FROM users us JOIN memberships m ON m.user_id = us.id \
             WHERE us.active = 1 AND m.revoked_at IS NULL AND m.role IN ('admin', 'editor') \
             ORDER BY us.id, m.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<DigestRecipient> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get(0)?;
            let unit: String = r.try_get(4)?;
            let role: String = r.try_get(5)?;
            let reach: String = r.try_get(6)?;
            let m = Membership {
                unit: UnitCode::parse(&unit).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                role: role.parse().map_err(StoreError::Corrupt)?,
                reach: reach.parse().map_err(StoreError::Corrupt)?,
            };
            match out.last_mut() {
                Some(last) if last.user_id == id => last.memberships.push(m),
                _ => out.push(DigestRecipient {
                    user_id: id,
                    email: r.try_get(1)?,
                    name: r.try_get(2)?,
                    language: r.try_get(3)?,
                    memberships: vec![m],
                }),
            }
        }
        Ok(out)
    }
}
