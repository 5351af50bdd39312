//! Adding national units (ministries, agencies and their bureaus).

use serde_json::json;
use sinergi_domain::search_key::{fold, terms};
use sinergi_domain::{NewUnit, Unit};
use sqlx::{Any, Transaction};

use crate::{Store, StoreError, changes};

impl Store {
    /// Adds a ministry, agency or bureau. Refuses a taken code or a missing
    /// parent with a message that says which.
    pub async fn add_national_unit(&self, new: &NewUnit, now: i64) -> Result<Unit, StoreError> {
        new.validate()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        if let Some(parent) = &new.parent_code {
            self.unit(parent).await.map_err(|_| {
                StoreError::Invalid(format!("the parent unit {parent} does not exist"))
            })?;
        }
        if self.unit(&new.code).await.is_ok() {
            return Err(StoreError::Conflict(format!(
                "a unit with code {} already exists",
                new.code
            )));
        }
        let mut tx = self.begin_write().await?;
        insert_national(&mut tx, new, now).await?;
        if let Some(parent) = &new.parent_code {
            sqlx::query("UPDATE units SET child_count = child_count + 1 WHERE code = $1")
                .bind(parent.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.units_changed();
        self.unit(&new.code).await
    }

    /// Adds the national units that every installation starts with, if
    /// they are missing. Returns how many were added.
    pub async fn ensure_national_units(
        &self,
        units: &[NewUnit],
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut added = 0;
        for u in units {
            if self.unit(&u.code).await.is_err() {
                self.add_national_unit(u, now).await?;
                added += 1;
            }
        }
        Ok(added)
    }
}

async fn insert_national(
    tx: &mut Transaction<'_, Any>,
    new: &NewUnit,
    now: i64,
) -> Result<(), StoreError> {
    let name = new.name.trim();
    let level = new.kind.level();
    sqlx::query(
        "INSERT INTO units (code, parent_code, level, level_rank, kind, name, search_name, aliases, \
         source, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'manual', $9, $9)",
    )
    .bind(new.code.as_str())
    .bind(new.parent_code.as_ref().map(|p| p.to_string()))
    .bind(level.as_str())
    .bind(level.rank())
    .bind(new.kind.as_str())
    .bind(name)
    .bind(fold(name))
    .bind(new.aliases.clone())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let searchable = format!("{name} {}", new.aliases.as_deref().unwrap_or(""));
    for term in terms(&searchable) {
        sqlx::query("INSERT INTO unit_terms (term, code) VALUES ($1, $2)")
            .bind(term)
            .bind(new.code.as_str())
            .execute(&mut **tx)
            .await?;
    }
    changes::append(
        tx,
        now,
        "unit",
        new.code.as_str(),
        "add",
        &json!({"name": name, "kind": new.kind.as_str(), "parent": new.parent_code}),
    )
    .await
}
