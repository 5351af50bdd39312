//! An event's mail through the outbox to a real SMTP server (aiosmtpd, the
//! sink of sinergi-mail's tests), each message read as a mail program and
//! a calendar app would (Python's `email` and `icalendar`): the invitation
//! to the invited units' officers and the invited contacts who consented,
//! an update with a raised SEQUENCE when the time changes, nothing again
//! for a change a calendar does not show, the invitation for a unit
//! invited later, and the cancellation with `STATUS:CANCELLED`; exactly
//! once per person and revision, however often the job runs.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use sinergi_domain::ContactId;
use sinergi_domain::clock::Clock;
use sinergi_domain::contacts::{Basis, Channel, Purpose};
use sinergi_mail::{Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker, WorkerConfig};
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{ContactDraft, NewConsent};
use std::process::Command;

use sinergi_testkit::smtp::Sink;

use crate::world::{World, workshop, world};

/// What a mail program and `icalendar` read in a raw message.
fn read_invitation(raw: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("message.eml");
    std::fs::write(&file, raw).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ical/read_invitation.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 runs (scripts/test installs icalendar)");
    assert!(
        out.status.success(),
        "the invitation does not read: {}\n{raw}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn contact(w: &World, name: &str, email: &str, consent: bool) -> ContactId {
    let system = Actor::system("test");
    let id =
        w.db.store
            .create_contact(
                &ContactDraft {
                    name: name.into(),
                    email: Some(email.into()),
                    phone: String::new(),
                    whatsapp: String::new(),
                    kind: None,
                    role_title: String::new(),
                    outlet_id: None,
                    organisation: String::new(),
                    beats: Vec::new(),
                    regions: Vec::new(),
                    languages: vec!["id".into()],
                    language: "en".into(),
                    time_zone: "WITA".into(),
                    user_id: None,
                },
                &system,
                w.clock.now(),
            )
            .await
            .unwrap();
    if consent {
        w.db.store
            .record_consent(
                id,
                &NewConsent {
                    purpose: Purpose::Distribution,
                    basis: Basis::Consent,
                    channel: Channel::Form,
                    evidence: "formulir".into(),
                    given_at: w.clock.now(),
                },
                &system,
                w.clock.now(),
            )
            .await
            .unwrap();
    }
    id
}

/// The outbox's event messages, sorted by key: (key, recipient).
async fn outbox(w: &World) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> =
        w.db.store
            .outbox_entries(1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.idempotency_key.starts_with("event-mail:"))
            .map(|e| (e.idempotency_key, e.recipient))
            .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn invitations_updates_and_the_cancellation_reach_each_person_once_per_revision() {
    let w = world().await;
    contact(&w, "Sari Wartawati", "sari@warta.example", true).await;
    contact(&w, "Budi Tanpa Izin", "budi@kabar.example", false).await;

    // An unknown address is refused and nothing is stored.
    let mut input = workshop("51", "2026-07-10T09:00", &["51.71", "51.03"]);
    input.invited_contacts = "sari@warta.example\nnobody@nowhere.example".into();
    let refused = w.forums.create(&w.bali_admin, &input).await.unwrap_err();
    assert!(format!("{refused:?}").contains("ev-contacts-unknown"));

    input.invited_contacts = "Sari@Warta.example budi@kabar.example".into();
    let e = w.forums.create(&w.bali_admin, &input).await.unwrap();
    let invited = w
        .forums
        .invited_contacts(&w.bali_admin, e.id)
        .await
        .unwrap();
    assert_eq!(invited.len(), 2);
    assert!(
        w.forums
            .invited_contacts(&w.denpasar_editor, e.id)
            .await
            .is_err()
    );

    // The invitation: Denpasar's and Badung's editors, and Sari (who
    // consented); not Denpasar's viewer, not Budi.
    let first = w.forums.mail_events().await.unwrap();
    assert_eq!((first.events, first.queued), (1, 3));
    let id = e.id;
    let sent = outbox(&w).await;
    let recipients: Vec<&str> = sent.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(
        {
            let mut r = recipients.clone();
            r.sort();
            r
        },
        [
            "editor@badungkab.example.go.id",
            "editor@denpasarkota.example.go.id",
            "sari@warta.example"
        ]
    );
    assert!(
        sent.iter()
            .all(|(k, _)| k.starts_with(&format!("event-mail:{id}:0:")))
    );
    // Running again queues nothing.
    assert_eq!(w.forums.mail_events().await.unwrap().queued, 0);

    // A new time: an update to the same three, SEQUENCE 1.
    let mut changed = input.clone();
    changed.starts = "2026-07-10T13:00".into();
    let e = w
        .forums
        .update(&w.bali_admin, id, e.version, &changed)
        .await
        .unwrap();
    assert_eq!(e.sequence, 1);
    assert_eq!(w.forums.mail_events().await.unwrap().queued, 3);
    // A change no calendar shows (the capacity): nothing new.
    changed.capacity = "40".into();
    let e = w
        .forums
        .update(&w.bali_admin, id, e.version, &changed)
        .await
        .unwrap();
    assert_eq!(e.sequence, 1);
    let quiet = w.forums.mail_events().await.unwrap();
    assert_eq!((quiet.events, quiet.queued), (1, 0));
    // Kota Surabaya invited too: its admin gets the current revision.
    changed.invited = vec!["51.71 51.03 35.78".into()];
    w.forums
        .update(&w.bali_admin, id, e.version, &changed)
        .await
        .unwrap();
    assert_eq!(w.forums.mail_events().await.unwrap().queued, 1);
    assert!(
        outbox(&w)
            .await
            .iter()
            .any(|(k, r)| k.starts_with(&format!("event-mail:{id}:1:"))
                && r == "admin@surabaya.example.go.id")
    );
    // The cancellation, to all four; SEQUENCE 2.
    let e = w.forums.cancel(&w.bali_admin, id).await.unwrap();
    assert_eq!(e.sequence, 2);
    assert_eq!(w.forums.mail_events().await.unwrap().queued, 4);
    assert_eq!(w.forums.mail_events().await.unwrap().queued, 0);
    assert_eq!(outbox(&w).await.len(), 3 + 3 + 1 + 4);

    // Out through SMTP, and read as a mail program and a calendar would.
    let sink = Sink::start();
    let smtp = SmtpSettings {
        url: sink.url(),
        timeout: Duration::from_secs(10),
        extra_roots: Vec::new(),
    };
    let settings = MessageSettings::new("Humas Sinergi <noreply@sinergi.example>").unwrap();
    let clock: Arc<dyn Clock> = w.clock.clone();
    let worker = Worker::new(
        w.db.store.clone(),
        Mailer::Smtp(SmtpMailer::new(&smtp, settings).unwrap()),
        clock,
        WorkerConfig::default(),
    );
    assert_eq!(worker.drain_once().await.unwrap().sent, 11);
    assert_eq!(worker.drain_once().await.unwrap().sent, 0);
    let received = sink.messages();
    assert_eq!(received.len(), 11);
    let read: Vec<(String, Value)> = received
        .iter()
        .map(|m| {
            (
                m["rcpt_tos"][0].as_str().unwrap().to_owned(),
                read_invitation(m["raw"].as_str().unwrap()),
            )
        })
        .collect();
    let of = |who: &str| -> Vec<&Value> {
        read.iter()
            .filter(|(to, _)| to == who)
            .map(|(_, v)| v)
            .collect()
    };
    let uid = e.uid.as_str();
    // Sari (English): invitation, update, cancellation.
    let sari = of("sari@warta.example");
    assert_eq!(sari.len(), 3);
    let (invite, update, cancel) = (sari[0], sari[1], sari[2]);
    assert_eq!(invite["method"], "REQUEST");
    assert_eq!(invite["method_param"], "REQUEST");
    assert_eq!(invite["filename"], "invite.ics");
    assert_eq!(invite["uid"], uid);
    assert_eq!(invite["sequence"], 0);
    assert_eq!(invite["status"], "CONFIRMED");
    assert_eq!(invite["start_utc"], "2026-07-10T01:00:00Z");
    assert_eq!(
        invite["attendees"],
        serde_json::json!(["mailto:sari@warta.example"])
    );
    assert!(
        invite["subject"]
            .as_str()
            .unwrap()
            .starts_with("Invitation: ")
    );
    assert!(
        invite["text"]
            .as_str()
            .unwrap()
            .contains("When: 2026-07-10 09:00 – 2026-07-10 11:00 WITA"),
        "{}",
        invite["text"]
    );
    assert_eq!(update["method"], "REQUEST");
    assert_eq!(update["uid"], uid);
    assert_eq!(update["sequence"], 1);
    assert_eq!(update["start_utc"], "2026-07-10T05:00:00Z");
    assert!(
        update["subject"]
            .as_str()
            .unwrap()
            .starts_with("Event changed: ")
    );
    assert_eq!(cancel["method"], "CANCEL");
    assert_eq!(cancel["method_param"], "CANCEL");
    assert_eq!(cancel["uid"], uid);
    assert_eq!(cancel["sequence"], 2);
    assert_eq!(cancel["status"], "CANCELLED");
    assert!(
        cancel["subject"]
            .as_str()
            .unwrap()
            .starts_with("Cancelled: ")
    );
    // Denpasar's editor (Indonesian): the same three, in Indonesian.
    let denpasar = of("editor@denpasarkota.example.go.id");
    assert_eq!(denpasar.len(), 3);
    assert!(
        denpasar[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Undangan: ")
    );
    assert!(
        denpasar[1]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Perubahan acara: ")
    );
    assert!(
        denpasar[2]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Dibatalkan: ")
    );
    // Surabaya's admin, invited later: the current revision as an
    // invitation, then the cancellation.
    let surabaya = of("admin@surabaya.example.go.id");
    assert_eq!(surabaya.len(), 2);
    assert_eq!(surabaya[0]["sequence"], 1);
    assert!(
        surabaya[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Undangan: ")
    );
    assert_eq!(surabaya[1]["status"], "CANCELLED");
    assert!(of("viewer@denpasarkota.example.go.id").is_empty());
    assert!(of("budi@kabar.example").is_empty());
}

#[tokio::test]
async fn events_over_or_cancelled_before_their_first_mail_send_nothing() {
    let w = world().await;
    let past = workshop("51", "2026-05-01T09:00", &["51.71"]);
    w.forums.create(&w.bali_admin, &past).await.unwrap();
    let soon = workshop("51", "2026-07-01T09:00", &["51.71"]);
    let e = w.forums.create(&w.bali_admin, &soon).await.unwrap();
    w.forums.cancel(&w.bali_admin, e.id).await.unwrap();
    let r = w.forums.mail_events().await.unwrap();
    assert_eq!((r.events, r.queued), (1, 0));
    assert!(outbox(&w).await.is_empty());
    assert_eq!(w.forums.mail_events().await.unwrap().events, 0);
}
