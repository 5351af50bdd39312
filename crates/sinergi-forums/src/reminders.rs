//! Reminders of commitments, through the outbox: in the week before the
//! deadline, and after a miss (for up to eight weeks), to the editors and
//! admins of the committed unit with those of the unit above it in copy.
//! A commitment that is kept (closed with evidence, or a commitment to
//! replicate whose units all attended) is not reminded of. The key of each
//! message names the commitment, the person and the ISO week (in WIB), so
//! a person hears of a commitment at most once a week however often this
//! runs, on however many nodes.

use serde::Serialize;
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::forum::{CommitmentKind, FulfilmentState};
use sinergi_domain::{SeriesId, Zone};
use sinergi_mail::MailTexts;
use sinergi_store::NewEmail;
use sinergi_store::forums::{CommitmentRecord, CommitmentReminderRecipient};

use crate::commitments::CommitmentView;
use crate::input::local_input;
use crate::{ForumError, Forums};

const DAY: i64 = 86_400_000_000;
/// How long before its deadline a commitment is reminded of.
pub const BEFORE: i64 = 7 * DAY;
/// How long after a miss it still is.
pub const AFTER: i64 = 56 * DAY;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReminderReport {
    /// Open commitments near or past their deadline and not kept.
    pub commitments: usize,
    /// New messages in the outbox.
    pub queued: usize,
}

/// The ISO week of `now` in Western Indonesia: `2026-W23`.
pub fn week_of(now: i64) -> String {
    let ts = jiff::Timestamp::from_microsecond(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let week = jiff::tz::Offset::constant(7)
        .to_datetime(ts)
        .date()
        .iso_week_date();
    format!("{}-W{:02}", week.year(), week.week())
}

impl Forums {
    /// Queues this week's reminders.
    pub async fn send_commitment_reminders(&self) -> Result<ReminderReport, ForumError> {
        let now = self.now();
        let week = week_of(now);
        let mut report = ReminderReport::default();
        for id in self
            .store
            .open_commitments_due(now - AFTER, now + BEFORE)
            .await?
        {
            let c = self.commitment_record(id).await?;
            if self.kept(&c).await? {
                continue;
            }
            report.commitments += 1;
            let overdue = c.due_at < now;
            for r in self
                .store
                .commitment_reminder_recipients(&c.unit_code)
                .await?
            {
                let texts = MailTexts::new(&r.language);
                let subject_key = if overdue {
                    "commitment-overdue-subject"
                } else {
                    "commitment-soon-subject"
                };
                let email = NewEmail {
                    idempotency_key: format!("commitment-reminder:{}:{}:{week}", c.id, r.user_id),
                    recipient: r.email.clone(),
                    subject: texts.get(
                        subject_key,
                        &[("unit", c.unit_name.as_str()), ("week", week.as_str())],
                    ),
                    body_text: self.reminder_body(&c, &r, overdue).await?,
                };
                if self.store.enqueue_email(&email, now).await? {
                    report.queued += 1;
                }
            }
        }
        if report.queued > 0 {
            self.notifier.notify();
        }
        Ok(report)
    }

    /// Kept, as the committed unit's own people see it.
    async fn kept(&self, c: &CommitmentRecord) -> Result<bool, ForumError> {
        if c.closed_at.is_some() {
            return Ok(true);
        }
        match (c.kind, c.series_id) {
            (CommitmentKind::Replicate, Some(series)) => {
                let view = self.commitment_as_unit(c, series).await?;
                Ok(view.state == FulfilmentState::Fulfilled)
            }
            _ => Ok(false),
        }
    }

    async fn commitment_as_unit(
        &self,
        c: &CommitmentRecord,
        series: SeriesId,
    ) -> Result<CommitmentView, ForumError> {
        let unit_people = unit_reader(c);
        let derived = self.derive_series(&unit_people, series).await?;
        let e = self.record(c.event_id).await?;
        Ok(CommitmentView::of(
            &unit_people,
            c.clone(),
            derived.fulfilment_of(c.id),
            &e.organiser_code,
            self.now(),
        ))
    }

    async fn reminder_body(
        &self,
        c: &CommitmentRecord,
        r: &CommitmentReminderRecipient,
        overdue: bool,
    ) -> Result<String, ForumError> {
        let texts = MailTexts::new(&r.language);
        let due = local_input(c.due_at, Zone::of_unit(&c.unit_code)).replace('T', " ");
        let mut out = texts.get("commitment-greeting", &[("name", &r.name)]) + "\n\n";
        let intro = if overdue {
            "commitment-overdue-intro"
        } else {
            "commitment-soon-intro"
        };
        out.push_str(&texts.get(
            intro,
            &[
                ("unit", c.unit_name.as_str()),
                ("title", c.event_title.as_str()),
                ("ends", due.as_str()),
            ],
        ));
        out.push_str("\n\n");
        out.push_str(&texts.get("commitment-what", &[("note", c.what.as_str())]));
        out.push('\n');
        if let (CommitmentKind::Replicate, Some(series)) = (c.kind, c.series_id) {
            let view = self.commitment_as_unit(c, series).await?;
            if let Some(f) = view.fulfilment {
                out.push_str(&texts.get(
                    "commitment-reach",
                    &[
                        ("count", f.reached.len().to_string().as_str()),
                        ("total", f.total.to_string().as_str()),
                    ],
                ));
                out.push('\n');
            }
        }
        if r.copy {
            out.push('\n');
            out.push_str(&texts.get("commitment-copy", &[("unit", c.unit_name.as_str())]));
            out.push('\n');
        }
        out.push('\n');
        let link = format!("{}#commitment-{}", self.event_url(c.event_id), c.id);
        out.push_str(&texts.get("commitment-open", &[("link", link.as_str())]));
        out.push('\n');
        Ok(out)
    }
}

/// The committed unit's people as a reader: what they see decides what
/// counts towards their commitment.
fn unit_reader(c: &CommitmentRecord) -> Principal {
    Principal {
        user_id: None,
        memberships: vec![Membership {
            unit: c.unit_code.clone(),
            role: Role::Viewer,
            reach: Reach::Subtree,
        }],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_turn_on_monday_in_western_indonesia() {
        // Sunday 2026-06-07 16:59:59 UTC is 23:59:59 WIB: still week 23.
        let sunday = 1_780_851_599_000_000;
        assert_eq!(week_of(sunday), "2026-W23");
        assert_eq!(week_of(sunday + 1_000_000), "2026-W24");
    }
}
