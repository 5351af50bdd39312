//! Achievement categories: a seeded list that administrators extend.

use serde::Serialize;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Category {
    pub key: String,
    pub label_id: String,
    pub label_en: String,
}

impl Category {
    /// The label in `lang` ("id" or "en").
    pub fn label(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.label_en
        } else {
            &self.label_id
        }
    }
}

impl Store {
    pub async fn categories(&self) -> Result<Vec<Category>, StoreError> {
        Ok(
            sqlx::query_as("SELECT key, label_id, label_en FROM categories ORDER BY label_id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Adds a category; an existing key is a conflict.
    pub async fn add_category(&self, category: &Category, now: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query("SELECT 1 FROM categories WHERE key = $1")
            .bind(category.key.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!(
                "category `{}` exists already",
                category.key
            )));
        }
        sqlx::query(
            "INSERT INTO categories (key, label_id, label_en, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(category.key.clone())
        .bind(category.label_id.clone())
        .bind(category.label_en.clone())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::changes::append(
            &mut tx,
            now,
            "category",
            &category.key,
            "create",
            &serde_json::json!({"label_id": category.label_id, "label_en": category.label_en}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
