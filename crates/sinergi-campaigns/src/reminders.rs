//! The reminder digest: once per week (from Monday 07:00 in Western
//! Indonesia) to the editors and admins of every target that has not
//! started a running campaign, with those of the unit above it in copy.
//! Through the outbox; the idempotency key names the campaign, the person
//! and the week, so a person gets one per campaign and week however often
//! this runs, and none once their units adopted or the campaign ended.

use jiff::Timestamp;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use serde::Serialize;
use sinergi_domain::CampaignId;
use sinergi_domain::access::Principal;
use sinergi_domain::campaign::may_manage;
use sinergi_mail::MailTexts;
use sinergi_store::NewEmail;
use sinergi_store::campaigns::{NotStartedFilter, ReminderRecipient};

use crate::input::date_of;
use crate::{CampaignError, Campaigns};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReminderReport {
    pub campaigns: usize,
    pub recipients: usize,
    /// New messages in the outbox.
    pub enqueued: usize,
}

/// How long after an owner's "remind now" the same unit is not reminded
/// again by it: three days, in microseconds.
pub const NUDGE_WINDOW: i64 = 3 * 86_400_000_000;

/// What an owner's "remind now" did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NudgeReport {
    /// The campaign is running (an ended or future one reminds no one).
    pub running: bool,
    /// Not-started units the filter selected.
    pub selected: usize,
    /// Of those, units already reminded within [`NUDGE_WINDOW`].
    pub recent: usize,
    /// Units reminded now (someone of theirs, or above them, was written to).
    pub reminded: usize,
    /// Units with no editor or admin, in them or above them, to write to.
    pub unreachable: usize,
    /// New messages in the outbox.
    pub enqueued: usize,
}

/// The reminder week, or `None` before Monday 07:00 WIB.
pub fn week_key(now: i64) -> Option<String> {
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

impl Campaigns {
    /// Queues this week's reminders for every running campaign.
    pub async fn send_reminders(&self) -> Result<ReminderReport, CampaignError> {
        let now = self.now();
        let mut report = ReminderReport::default();
        let Some(week) = week_key(now) else {
            return Ok(report);
        };
        for c in self.store.campaigns(None).await? {
            if !c.in_period(now) {
                continue;
            }
            report.campaigns += 1;
            for r in self.store.campaign_reminder_recipients(c.id).await? {
                report.recipients += 1;
                let email = NewEmail {
                    idempotency_key: format!("campaign-reminder:{}:{}:{week}", c.id, r.user_id),
                    recipient: r.email.clone(),
                    subject: MailTexts::new(&r.language)
                        .get("reminder-subject", &[("title", &c.title), ("week", &week)]),
                    body_text: self.reminder_text(&c, &r),
                };
                let units = (r.own.len() + r.supervised.len()) as i64;
                if self
                    .store
                    .queue_campaign_reminder(c.id, r.user_id, &week, units, &email, now)
                    .await?
                {
                    report.enqueued += 1;
                }
            }
        }
        Ok(report)
    }

    /// The owner's "remind now": the editors and admins of every
    /// not-started target that `filter` selects (and, in copy, those of the
    /// unit above it) get one message each, through the outbox, unless the
    /// unit was reminded this way within [`NUDGE_WINDOW`]. Only admins of
    /// the owner unit may send it.
    pub async fn remind_now(
        &self,
        p: &Principal,
        id: CampaignId,
        filter: &NotStartedFilter,
    ) -> Result<NudgeReport, CampaignError> {
        let c = self.record(id).await?;
        if !may_manage(p, &c.owner_code) {
            return Err(CampaignError::NotAllowed);
        }
        let now = self.now();
        let mut report = NudgeReport {
            running: c.in_period(now),
            ..NudgeReport::default()
        };
        if !report.running {
            return Ok(report);
        }
        let selected: std::collections::BTreeSet<String> = self
            .store
            .campaign_not_started_filtered(id, filter, 0, None)
            .await?
            .into_iter()
            .map(|u| u.unit_code.to_string())
            .collect();
        report.selected = selected.len();
        let recent: std::collections::BTreeSet<String> = self
            .store
            .campaign_units_reminded_since(id, now - NUDGE_WINDOW)
            .await?
            .into_iter()
            .collect();
        let due: std::collections::BTreeSet<&String> = selected.difference(&recent).collect();
        report.recent = selected.len() - due.len();
        let mut reached = std::collections::BTreeSet::new();
        let date = date_of(now);
        for mut r in self.store.campaign_reminder_recipients(id).await? {
            r.own.retain(|(code, _)| due.contains(code));
            r.supervised.retain(|(code, _)| due.contains(code));
            if r.own.is_empty() && r.supervised.is_empty() {
                continue;
            }
            let units: Vec<String> = r
                .own
                .iter()
                .chain(&r.supervised)
                .map(|(code, _)| code.clone())
                .collect();
            let email = NewEmail {
                idempotency_key: format!("campaign-nudge:{}:{}:{now}", c.id, r.user_id),
                recipient: r.email.clone(),
                subject: MailTexts::new(&r.language)
                    .get("reminder-subject", &[("title", &c.title), ("week", &date)]),
                body_text: self.reminder_text(&c, &r),
            };
            if self
                .store
                .queue_campaign_nudge(c.id, r.user_id, &units, &email, now)
                .await?
            {
                report.enqueued += 1;
            }
            reached.extend(units);
        }
        report.reminded = reached.len();
        report.unreachable = due.len() - reached.len();
        Ok(report)
    }

    fn reminder_text(
        &self,
        c: &sinergi_store::campaigns::CampaignRecord,
        r: &ReminderRecipient,
    ) -> String {
        let texts = MailTexts::new(&r.language);
        let mut out = texts.get("reminder-greeting", &[("name", &r.name)]) + "\n\n";
        let intro = texts.get(
            "reminder-intro",
            &[
                ("title", &c.title),
                ("owner", &c.owner_name),
                ("ends", &date_of(c.ends_at)),
                ("tag", &c.tag),
            ],
        );
        out.push_str(&format!("{intro}\n"));
        if !r.own.is_empty() {
            out.push_str(&format!("\n{}\n", texts.get("reminder-own-heading", &[])));
            for (code, name) in &r.own {
                out.push_str(&format!("- {name} ({code})\n"));
            }
        }
        if !r.supervised.is_empty() {
            let heading = texts.get("reminder-supervised-heading", &[]);
            out.push_str(&format!("\n{heading}\n"));
            for (code, name) in r.supervised.iter().take(50) {
                out.push_str(&format!("- {name} ({code})\n"));
            }
            if r.supervised.len() > 50 {
                let more = (r.supervised.len() - 50).to_string();
                let line = texts.get("reminder-more", &[("count", &more)]);
                out.push_str(&format!("- {line}\n"));
            }
        }
        let link = format!("{}/campaigns/{}", self.base_url, c.id);
        let open = texts.get("reminder-open", &[("link", &link)]);
        out.push_str(&format!("\n{open}\n"));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_monday_morning_in_jakarta() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap().as_microsecond();
        assert_eq!(week_key(at("2026-05-31T23:59:00Z")), None);
        assert_eq!(
            week_key(at("2026-06-01T00:00:00Z")).as_deref(),
            Some("2026-W23")
        );
    }
}
