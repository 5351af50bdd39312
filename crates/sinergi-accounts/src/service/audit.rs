//! The audit log: reading it and recording into it.

use super::*;

impl Accounts {
    pub async fn audit_entries(
        &self,
        who: &Principal,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, AccountError> {
        let scope = who.scope(Action::ReadAudit);
        if scope.is_empty() {
            return Err(AccountError::NotAllowed);
        }
        Ok(self.store.audit_entries(&scope, filter).await?)
    }

    /// Records a sign-out or another event that changes no table.
    pub async fn record(
        &self,
        actor: &Actor,
        action: &str,
        target: String,
    ) -> Result<(), AccountError> {
        let event = AuditEvent {
            action,
            target,
            unit_code: None,
            before: None,
            after: Some(json!({})),
        };
        self.store.audit(actor, event, self.now()).await?;
        Ok(())
    }
}
