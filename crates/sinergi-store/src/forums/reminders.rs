//! Which commitments to remind of, and whom: the editors and admins of the
//! committed unit, and in copy those of the unit above it. The messages
//! go through the outbox keyed by commitment, person and week, so each
//! person hears of a commitment at most once a week.

use sinergi_domain::{CommitmentId, UnitCode};

use crate::{Store, StoreError};

/// Someone to remind of a unit's commitment.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommitmentReminderRecipient {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub language: String,
    /// Of the unit above the committed one: in copy.
    pub copy: bool,
}

#[derive(sqlx::FromRow)]
struct RecipientRow {
    user_id: i64,
    email: String,
    name: String,
    language: String,
    in_copy: i64,
}

impl Store {
    /// Open commitments (not closed, not examples) due between `from` and
    /// `until`, soonest first.
    pub async fn open_commitments_due(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<CommitmentId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM commitments WHERE closed_at IS NULL AND example = 0 \
             AND due_at >= $1 AND due_at < $2 ORDER BY due_at, id",
        )
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(CommitmentId::new).collect())
    }

    /// The active editors and admins of `unit`, then those of its parent
    /// (in copy); a person in both is reminded once, as the unit's own.
    pub async fn commitment_reminder_recipients(
        &self,
        unit: &UnitCode,
    ) -> Result<Vec<CommitmentReminderRecipient>, StoreError> {
        let rows: Vec<RecipientRow> = sqlx::query_as(
            "SELECT us.id AS user_id, us.email AS email, us.name AS name, \
                    us.language AS language, 0 AS in_copy \
             FROM memberships m JOIN users us ON us.id = m.user_id \
             WHERE m.unit_code = $1 AND m.revoked_at IS NULL AND us.active = 1 \
               AND m.role IN ('admin', 'editor') \
             UNION ALL \
             SELECT us.id, us.email, us.name, us.language, 1 \
             FROM units un JOIN memberships m ON m.unit_code = un.parent_code \
             JOIN users us ON us.id = m.user_id \
             WHERE un.code = $1 AND m.revoked_at IS NULL AND us.active = 1 \
               AND m.role IN ('admin', 'editor') \
             ORDER BY 5, 1",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|r| seen.insert(r.user_id))
            .map(|r| CommitmentReminderRecipient {
                user_id: r.user_id,
                email: r.email,
                name: r.name,
                language: r.language,
                copy: r.in_copy == 1,
            })
            .collect())
    }
}
