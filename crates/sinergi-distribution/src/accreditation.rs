//! Accreditation requests: a journalist asks a unit from the portal; the
//! editors who may accredit for that unit (`Principal::can_accredit`) see
//! the request on a page and grant or refuse it; the journalist is told by
//! e-mail (queued with the decision, keyed by the request).

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Accreditation, Action, Principal, Reach, UserKind};
use sinergi_mail::MailTexts;
use sinergi_store::NewEmail;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::accounts::users::User;
use sinergi_store::contacts::AccreditationRequest;

use crate::{Distribution, DistributionError, Problem};

const MAX_MESSAGE: usize = 1_000;

fn invalid(field: &'static str, key: &'static str) -> DistributionError {
    DistributionError::Invalid(vec![Problem::new(field, key)])
}

impl Distribution {
    /// `user` (a journalist) asks `unit` for accreditation.
    pub async fn request_accreditation(
        &self,
        user: &User,
        actor: &Actor,
        unit: &str,
        message: &str,
    ) -> Result<i64, DistributionError> {
        if user.kind != UserKind::Journalist {
            return Err(DistributionError::NotAllowed);
        }
        let Ok(code) = UnitCode::parse(unit.trim()) else {
            return Err(invalid("unit", "accreditation-unit-unknown"));
        };
        if self.store.unit(&code).await.is_err() {
            return Err(invalid("unit", "accreditation-unit-unknown"));
        }
        let held = self.store.accreditations_of(user.id).await?;
        if held.iter().any(|a| a.unit == code) {
            return Err(invalid("unit", "accreditation-already"));
        }
        let message = message.trim();
        if message.chars().count() > MAX_MESSAGE {
            return Err(invalid("message", "contact-too-long"));
        }
        let id = self
            .store
            .request_accreditation(user.id, code.as_str(), message, actor, self.now())
            .await
            .map_err(|e| match e {
                sinergi_store::StoreError::Conflict(_) => {
                    invalid("unit", "accreditation-request-open")
                }
                other => DistributionError::from(other),
            })?;
        self.notifier.notify();
        Ok(id)
    }

    /// A journalist's own requests.
    pub async fn my_accreditation_requests(
        &self,
        user: &User,
    ) -> Result<Vec<AccreditationRequest>, DistributionError> {
        if user.kind != UserKind::Journalist {
            return Err(DistributionError::NotAllowed);
        }
        Ok(self.store.accreditation_requests_of(user.id).await?)
    }

    /// Whether `p` may decide requests anywhere (for the navigation).
    pub fn may_accredit(&self, p: &Principal) -> bool {
        p.holds(Action::Accredit)
    }

    /// Requests to the units where `p` may accredit, open ones first.
    pub async fn accreditation_requests(
        &self,
        p: &Principal,
    ) -> Result<Vec<AccreditationRequest>, DistributionError> {
        if !self.may_accredit(p) {
            return Err(DistributionError::NotAllowed);
        }
        let scope = p.scope(Action::Accredit);
        Ok(self.store.accreditation_requests_in(&scope).await?)
    }

    /// Grants (accreditation for the unit itself) or refuses request `id`,
    /// with a note for the journalist; tells them by e-mail.
    pub async fn decide_accreditation(
        &self,
        p: &Principal,
        actor: &Actor,
        id: i64,
        grant: bool,
        note: &str,
    ) -> Result<(), DistributionError> {
        let request = self
            .store
            .accreditation_request(id)
            .await?
            .ok_or_else(|| DistributionError::NotFound(format!("request {id}")))?;
        let unit = UnitCode::parse(&request.unit_code)
            .map_err(|_| DistributionError::NotFound(format!("request {id}")))?;
        let accreditation = Accreditation {
            unit,
            reach: Reach::Unit,
        };
        if !p.can_accredit(&accreditation) {
            return Err(DistributionError::NotFound(format!("request {id}")));
        }
        let note = note.trim();
        if note.chars().count() > MAX_MESSAGE {
            return Err(invalid("note", "contact-too-long"));
        }
        if !grant && note.is_empty() {
            return Err(invalid("note", "accreditation-note-required"));
        }
        let language = match self
            .store
            .contact_of_user(sinergi_domain::UserId::new(request.user_id))
            .await?
        {
            Some(c) => c.language,
            None => "id".to_owned(),
        };
        let t = MailTexts::new(&language);
        let unit_name = request.unit_name.as_str();
        let (subject, body) = if grant {
            let link = format!("{}/portal", self.base_url);
            (
                t.get("accreditation-granted-subject", &[("unit", unit_name)]),
                t.get(
                    "accreditation-granted-body",
                    &[("unit", unit_name), ("link", &link)],
                ),
            )
        } else {
            (
                t.get("accreditation-refused-subject", &[("unit", unit_name)]),
                t.get(
                    "accreditation-refused-body",
                    &[("unit", unit_name), ("note", note)],
                ),
            )
        };
        let email = NewEmail {
            idempotency_key: format!("accreditation-request:{id}:decision"),
            recipient: request.email.clone(),
            subject,
            body_text: format!("{body}\n"),
        };
        self.store
            .decide_accreditation_request(
                id,
                grant.then_some(&accreditation),
                note,
                &email,
                actor,
                self.now(),
            )
            .await
            .map_err(|e| match e {
                sinergi_store::StoreError::Conflict(m) => DistributionError::Stale(m),
                other => DistributionError::from(other),
            })?;
        self.notifier.notify();
        Ok(())
    }
}
