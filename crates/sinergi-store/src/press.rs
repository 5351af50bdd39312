//! A unit's PR office contact details, shown in its press room. Who may
//! change them is decided by the caller (`ManageSettings` on the unit);
//! the store only keeps them and announces each change on the feed, so
//! cached press rooms can follow.

use serde::Serialize;
use sinergi_domain::UnitCode;
use sinergi_domain::UserId;

use crate::{Store, StoreError};

/// What a unit publishes about how to reach its PR office. Empty fields
/// were not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PressContact {
    pub office_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub website: String,
}

impl PressContact {
    pub fn is_empty(&self) -> bool {
        [
            &self.office_name,
            &self.email,
            &self.phone,
            &self.address,
            &self.website,
        ]
        .iter()
        .all(|f| f.is_empty())
    }
}

/// The stored contact with when and by whom it last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StoredPressContact {
    pub unit_code: String,
    #[sqlx(flatten)]
    pub contact: PressContact,
    pub updated_at: i64,
    pub updated_by: Option<i64>,
}

impl Store {
    /// The unit's contact details, when it has given any.
    pub async fn press_contact(
        &self,
        unit: &UnitCode,
    ) -> Result<Option<StoredPressContact>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT unit_code, office_name, email, phone, address, website, updated_at, updated_by \
             FROM press_contacts WHERE unit_code = $1",
        )
        .bind(unit.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Replaces the unit's contact details (validated by the caller).
    pub async fn set_press_contact(
        &self,
        unit: &UnitCode,
        contact: &PressContact,
        by: Option<UserId>,
        now: i64,
    ) -> Result<(), StoreError> {
        let by = by.map(UserId::get);
        let mut tx = self.begin_write().await?;
        let known = sqlx::query("SELECT 1 FROM units WHERE code = $1")
            .bind(unit.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!("unit {unit}")));
        }
        sqlx::query(
            "INSERT INTO press_contacts \
               (unit_code, office_name, email, phone, address, website, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (unit_code) DO UPDATE SET office_name = excluded.office_name, \
               email = excluded.email, phone = excluded.phone, address = excluded.address, \
               website = excluded.website, updated_at = excluded.updated_at, \
               updated_by = excluded.updated_by",
        )
        .bind(unit.to_string())
        .bind(contact.office_name.clone())
        .bind(contact.email.clone())
        .bind(contact.phone.clone())
        .bind(contact.address.clone())
        .bind(contact.website.clone())
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        crate::changes::append(
            &mut tx,
            now,
            "press_contact",
            &unit.to_string(),
            "update",
            &serde_json::to_value(contact).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
