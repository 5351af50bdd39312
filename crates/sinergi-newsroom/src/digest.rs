//! The weekly digest: to every editor and admin, what their units leave
//! unpublished and what waits for them, once per ISO week through the
//! outbox (the idempotency key names the person and the week).

use jiff::Timestamp;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Principal, Reach};
use sinergi_domain::newsroom::{DAY_MICROS, DEFAULT_GAP_DAYS};
use sinergi_mail::MailTexts;
use sinergi_store::NewEmail;
use sinergi_store::newsroom::{DigestRecipient, GapQuery};

use crate::{Newsroom, NewsroomError};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestReport {
    pub recipients: usize,
    /// New messages in the outbox (0 when this week's were queued already).
    pub enqueued: usize,
    /// Recipients with nothing to report, who get no message.
    pub skipped: usize,
}

/// The digest goes out from Monday 07:00 in Western Indonesia.
fn week_key(now: i64) -> Option<String> {
    let zone = TimeZone::get("Asia/Jakarta").ok()?;
    let t = Timestamp::from_microsecond(now)
        .ok()?
        .to_zoned_datetime(zone);
    if t.weekday() == Weekday::Monday && t.hour() < 7 {
        return None;
    }
    let week = t.date().iso_week_date();
    Some(format!("{}-W{:02}", week.year(), week.week()))
}

impl Newsroom {
    /// Queues this week's digest for everyone who has not had it. Safe to
    /// run as often as wanted: each person gets one per week.
    pub async fn send_weekly_digests(&self) -> Result<DigestReport, NewsroomError> {
        let now = self.now();
        let mut report = DigestReport::default();
        let Some(week) = week_key(now) else {
            return Ok(report);
        };
        for r in self.store.digest_recipients().await? {
            report.recipients += 1;
            let Some(body) = self.digest_text(&r, now).await? else {
                report.skipped += 1;
                continue;
            };
            let email = NewEmail {
                idempotency_key: format!("digest:{}:{week}", r.user_id),
                recipient: r.email.clone(),
                subject: MailTexts::new(&r.language).get("digest-subject", &[("week", &week)]),
                body_text: body,
            };
            if self.store.enqueue_email(&email, now).await? {
                report.enqueued += 1;
            }
        }
        Ok(report)
    }

    async fn digest_text(
        &self,
        r: &DigestRecipient,
        now: i64,
    ) -> Result<Option<String>, NewsroomError> {
        let principal = Principal {
            user_id: Some(r.user_id),
            memberships: r.memberships.clone(),
            ..Default::default()
        };
        let scope = principal.scope(Action::ReadInternal);
        let cutoff = now - DEFAULT_GAP_DAYS * DAY_MICROS;
        let counts = self
            .store
            .work_counts(&scope, now, now + 2 * DAY_MICROS, cutoff)
            .await?;
        if counts.unpublished_items == 0
            && counts.in_review == 0
            && counts.lifting_soon == 0
            && counts.approved == 0
        {
            return Ok(None);
        }
        let texts = MailTexts::new(&r.language);
        let mut out = texts.get("digest-greeting", &[("name", &r.name)]) + "\n\n";
        let lines = [
            ("digest-unpublished-items", counts.unpublished_items),
            ("digest-in-review", counts.in_review),
            ("digest-approved", counts.approved),
            ("digest-lifting-soon", counts.lifting_soon),
        ];
        for (key, n) in lines {
            out.push_str(&format!(
                "- {}\n",
                texts.get(key, &[("count", &n.to_string())])
            ));
        }
        // Supervisors: which of their units leave the most unpublished.
        for m in principal
            .memberships
            .iter()
            .filter(|m| m.reach != Reach::Unit)
        {
            let root: Option<UnitCode> = (m.reach == Reach::Subtree).then(|| m.unit.clone());
            let q = GapQuery {
                root,
                with_subtree: true,
                now,
                min_days: DEFAULT_GAP_DAYS,
                limit: 1,
                cursor: None,
            };
            let gap = self.store.gap_counts(&q).await?;
            if gap.per_child.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{}\n", texts.get("digest-units-heading", &[])));
            for (code, name, n) in gap.per_child.iter().take(5) {
                out.push_str(&format!("- {name} ({code}): {n}\n"));
            }
        }
        let oldest = {
            let roots: Vec<(Option<UnitCode>, bool)> = if scope.everything {
                vec![(None, true)]
            } else {
                scope
                    .units
                    .iter()
                    .map(|u| (Some(u.clone()), false))
                    .chain(scope.subtrees.iter().map(|u| (Some(u.clone()), true)))
                    .collect()
            };
            let mut items = Vec::new();
            for (root, with_subtree) in roots {
                let q = GapQuery {
                    root,
                    with_subtree,
                    now,
                    min_days: DEFAULT_GAP_DAYS,
                    limit: 5,
                    cursor: None,
                };
                items.extend(self.store.gap_items(&q).await?.items);
            }
            items.sort_by_key(|i| (i.created_at, i.id));
            items.truncate(5);
            items
        };
        if !oldest.is_empty() {
            out.push_str(&format!("\n{}\n", texts.get("digest-oldest-heading", &[])));
            for i in &oldest {
                let days = sinergi_domain::newsroom::days_between(i.created_at, now);
                let item = texts.get(
                    "digest-oldest-item",
                    &[
                        ("title", &i.title),
                        ("unit", &i.unit_name),
                        ("days", &days.to_string()),
                        ("link", &format!("{}/items/{}", self.base_url, i.id)),
                    ],
                );
                out.push_str(&format!("- {item}\n"));
            }
        }
        let workspace = format!("{}/workspace", self.base_url);
        out.push_str(&format!(
            "\n{}\n",
            texts.get("digest-open-workspace", &[("link", &workspace)])
        ));
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_monday_morning_in_jakarta() {
        // 2026-06-01 is a Monday. 06:59 WIB = 23:59 UTC on Sunday.
        let at = |s: &str| s.parse::<Timestamp>().unwrap().as_microsecond();
        assert_eq!(week_key(at("2026-05-31T23:59:00Z")), None);
        assert_eq!(
            week_key(at("2026-06-01T00:00:00Z")).as_deref(),
            Some("2026-W23")
        );
        assert_eq!(
            week_key(at("2026-06-04T01:00:00Z")).as_deref(),
            Some("2026-W23")
        );
    }
}
