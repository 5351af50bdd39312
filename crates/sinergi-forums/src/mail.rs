//! An event's mail: the invitation, each update a calendar must hear about,
//! and the cancellation, to the officers of the invited units and the
//! invited contacts, each with the event's `.ics` attached (iTIP:
//! `METHOD:REQUEST`, or `METHOD:CANCEL` with `STATUS:CANCELLED`).
//!
//! A job, not the request, writes these messages: [`Forums::mail_events`]
//! finds events whose version has not been mailed (the store's
//! `event_mailings` marker) and queues one event's messages with its
//! marker in one transaction. Each message's idempotency key is
//! `event-mail:{event}:{sequence}:{person}`, so a person gets one message
//! per calendar revision, however often the job runs or on how many
//! nodes: a change that raises no SEQUENCE (an invited unit added, the
//! capacity) mails only those who have not had the current revision.

use serde::Serialize;
use sinergi_mail::MailTexts;
use sinergi_store::forums::{EventMailRecipient, EventMessage, EventRecord};
use sinergi_store::{Attachment, NewEmail};

use crate::calendars::location_of;
use crate::ical::{Attendee, CalendarEvent, invitation, invitation_method};
use crate::input::local_input;
use crate::{ForumError, Forums};

/// Most events one run mails.
const BATCH: i64 = 200;
/// How often the background job looks for commitments to remind of.
const REMINDER_EVERY: i64 = 3_600_000_000;

/// What one run of the mail job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MailReport {
    /// Events whose mail was queued.
    pub events: usize,
    /// New messages in the outbox.
    pub queued: usize,
}

/// Which message a revision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Invitation,
    Update,
    Cancellation,
}

impl Kind {
    /// A revision after the one last mailed is an update; the same one
    /// again (for someone invited since) is their invitation.
    fn of(e: &EventRecord, mailed_sequence: Option<i64>) -> Kind {
        if e.cancelled() {
            Kind::Cancellation
        } else if mailed_sequence.is_some_and(|s| e.sequence > s) {
            Kind::Update
        } else {
            Kind::Invitation
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Invitation => "invite",
            Kind::Update => "update",
            Kind::Cancellation => "cancel",
        }
    }
}

impl Forums {
    /// Queues the mail of every event changed since it was last mailed and
    /// not yet over; wakes the mail worker when it queued anything.
    pub async fn mail_events(&self) -> Result<MailReport, ForumError> {
        let now = self.now();
        let mut report = MailReport::default();
        for due in self.store.events_to_mail(now, BATCH).await? {
            let e = self.record(due.event_id).await?;
            // A cancellation is news only to those who had the invitation.
            let messages = if e.cancelled() && due.mailed_sequence.is_none() {
                Vec::new()
            } else {
                self.event_messages(&e, Kind::of(&e, due.mailed_sequence))
                    .await?
            };
            let queued = self
                .store
                .queue_event_mail(e.id, due.version, e.sequence, &messages, now)
                .await?;
            report.events += 1;
            report.queued += queued;
        }
        if report.queued > 0 {
            self.notifier.notify();
        }
        Ok(report)
    }

    /// One round of the forums' background job (run under a lease by the
    /// binary, after every write and every minute): the events' mail, and
    /// the commitment reminders once an hour.
    pub async fn background_round(&self) {
        match self.mail_events().await {
            Ok(r) if r.queued > 0 => {
                tracing::info!(events = r.events, queued = r.queued, "event mail queued");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "event mail: trying again at the next round"),
        }
        let now = self.now();
        let last = self
            .reminders_ran
            .load(std::sync::atomic::Ordering::Relaxed);
        if now - last < REMINDER_EVERY {
            return;
        }
        match self.send_commitment_reminders().await {
            Ok(r) => {
                self.reminders_ran
                    .store(now, std::sync::atomic::Ordering::Relaxed);
                if r.queued > 0 {
                    tracing::info!(queued = r.queued, "commitment reminders queued");
                }
            }
            Err(e) => tracing::warn!(error = %e, "commitment reminders: trying again soon"),
        }
    }

    async fn event_messages(
        &self,
        e: &EventRecord,
        kind: Kind,
    ) -> Result<Vec<EventMessage>, ForumError> {
        let recipients = self.store.event_mail_recipients(e.id).await?;
        let location = location_of(e);
        let url = self.event_url(e.id);
        let cal = CalendarEvent {
            uid: &e.uid,
            sequence: e.sequence,
            stamp: e.updated_at,
            created: e.created_at,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            zone: e.zone,
            summary: &e.title,
            description: &e.agenda_md,
            location: &location,
            url: &url,
            organiser: &e.organiser_name,
            cancelled: e.cancelled(),
        };
        Ok(recipients
            .iter()
            .map(|r| EventMessage {
                email: NewEmail {
                    idempotency_key: format!("event-mail:{}:{}:{}", e.id, e.sequence, r.who),
                    recipient: r.email.clone(),
                    subject: MailTexts::new(&r.language).get(
                        &format!("event-{}-subject", kind.key()),
                        &[("title", e.title.as_str())],
                    ),
                    body_text: body(e, kind, r, &location, &url),
                },
                attachment: Attachment {
                    name: if kind == Kind::Cancellation {
                        "cancel.ics".to_owned()
                    } else {
                        "invite.ics".to_owned()
                    },
                    content_type: format!(
                        "text/calendar; charset=UTF-8; method={}",
                        invitation_method(&cal)
                    ),
                    body: invitation(
                        &cal,
                        Attendee {
                            name: &r.name,
                            email: &r.email,
                        },
                    ),
                },
            })
            .collect())
    }
}

/// The words of one message, in the recipient's language.
fn body(e: &EventRecord, kind: Kind, r: &EventMailRecipient, location: &str, url: &str) -> String {
    let texts = MailTexts::new(&r.language);
    let time = format!(
        "{} – {} {}",
        local_input(e.starts_at, e.zone).replace('T', " "),
        local_input(e.ends_at, e.zone).replace('T', " "),
        e.zone.abbreviation()
    );
    let mut out = texts.get("event-greeting", &[("name", &r.name)]) + "\n\n";
    out.push_str(&texts.get(
        &format!("event-{}-intro", kind.key()),
        &[("owner", &e.organiser_name), ("title", &e.title)],
    ));
    out.push_str("\n\n");
    out.push_str(&format!("{}\n", e.title));
    out.push_str(&texts.get("event-when", &[("time", &time)]));
    out.push('\n');
    if !location.is_empty() {
        out.push_str(&texts.get("event-where", &[("place", location)]));
        out.push('\n');
    }
    out.push('\n');
    if kind != Kind::Cancellation {
        out.push_str(&texts.get("event-calendar", &[]));
        out.push_str("\n\n");
    }
    out.push_str(&texts.get("event-open", &[("link", url)]));
    out.push('\n');
    out
}
