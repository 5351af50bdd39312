//! The embargo matrix: accredited or not × subscribed or not × one second
//! before the embargo lifts, the second itself and one second after. No
//! byte of the embargoed release reaches an address that may not have it
//! yet, by e-mail or through a personal feed.

use sinergi_domain::ContactId;
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::{move_release, release};

use crate::world::{SECOND, World, actor};

/// In the title, the lead and the body: any leak carries it.
const MARK: &str = "Zonasi7731";

struct Reader {
    email: &'static str,
    accredited: bool,
    subscribed: bool,
    contact: ContactId,
    feed: String,
}

async fn readers(w: &World) -> Vec<Reader> {
    let mut out = Vec::new();
    for (email, accredited, subscribed) in [
        ("akr-langganan@warta.example", true, true),
        ("akr@warta.example", true, false),
        ("langganan@warta.example", false, true),
        ("lain@warta.example", false, false),
    ] {
        let contact = w.subscriber(email, accredited, subscribed).await;
        let feed = w
            .dist
            .new_feed_token(&w.officer, &actor(&w.officer), contact)
            .await
            .unwrap();
        out.push(Reader {
            email,
            accredited,
            subscribed,
            contact,
            feed,
        });
    }
    out
}

async fn leaked_by_mail(w: &World, email: &str) -> bool {
    w.mail_to(email).await.iter().any(|m| {
        m.subject.contains(MARK)
            || m.body_text.contains(MARK)
            || m.headers.as_deref().unwrap_or("").contains(MARK)
    })
}

async fn leaked_by_feed(w: &World, token: &str) -> bool {
    let (_, releases) = w.dist.personal_feed(token).await.unwrap().unwrap();
    releases
        .iter()
        .any(|r| r.title.contains(MARK) || r.lead.contains(MARK))
}

#[tokio::test]
async fn no_embargoed_byte_reaches_an_address_before_it_may_have_it() {
    let w = World::new().await;
    let readers = readers(&w).await;
    let lifts = TEST_NOW + 3600 * SECOND;
    release("51.71", &format!("Kebijakan {MARK} Diumumkan"))
        .lead(&format!("Ringkasan {MARK}."))
        .body(&format!("Isi {MARK} lengkap."))
        .embargoed(&w.newsroom, &w.editor, lifts)
        .await;
    let mut cells = 0;
    for (label, at) in [
        ("T-1s", lifts - SECOND),
        ("T", lifts),
        ("T+1s", lifts + SECOND),
    ] {
        w.clock.set(at);
        w.dist.run_due().await.unwrap();
        for r in &readers {
            let may_mail = r.subscribed && (r.accredited || at >= lifts);
            let may_feed = r.subscribed && at >= lifts;
            assert_eq!(
                leaked_by_mail(&w, r.email).await,
                may_mail,
                "mail, {label}, {}",
                r.email
            );
            assert_eq!(
                leaked_by_feed(&w, &r.feed).await,
                may_feed,
                "feed, {label}, {}",
                r.email
            );
            cells += 1;
        }
    }
    assert_eq!(cells, 12);
    // Each subscriber got exactly one message; the accredited one got it
    // with the embargo stated first, in their zone (WITA).
    for r in readers.iter().filter(|r| r.subscribed) {
        let mail = w.mail_to(r.email).await;
        assert_eq!(mail.len(), 1, "{}", r.email);
        let embargo_line = mail[0].body_text.lines().next().unwrap().to_owned();
        if r.accredited {
            assert!(
                mail[0].subject.contains("2026-06-04 10:00 WITA"),
                "{}",
                mail[0].subject
            );
            assert!(
                embargo_line.contains("2026-06-04 10:00 WITA"),
                "{embargo_line}"
            );
        } else {
            assert!(!mail[0].body_text.contains("EMBARGO"));
        }
        let _ = r.contact;
    }
}

#[tokio::test]
async fn an_embargo_taken_back_before_it_lifts_mails_no_one_else() {
    let w = World::new().await;
    let readers = readers(&w).await;
    let lifts = TEST_NOW + 3600 * SECOND;
    let id = release("51.71", &format!("Rencana {MARK}"))
        .embargoed(&w.newsroom, &w.editor, lifts)
        .await;
    move_release(&w.newsroom, &w.editor, id, ReleaseOp::Unschedule).await;
    w.clock.set(lifts + SECOND);
    let report = w.dist.run_due().await.unwrap();
    assert_eq!((report.runs, report.queued), (1, 0));
    for r in &readers {
        let expected = usize::from(r.accredited && r.subscribed);
        assert_eq!(w.mail_to(r.email).await.len(), expected, "{}", r.email);
    }
}

#[tokio::test]
async fn an_embargo_moved_to_another_time_is_announced_once_more() {
    let w = World::new().await;
    let readers = readers(&w).await;
    let first = TEST_NOW + 3600 * SECOND;
    let second = TEST_NOW + 7200 * SECOND;
    let id = release("51.71", &format!("Jadwal {MARK}"))
        .embargoed(&w.newsroom, &w.editor, first)
        .await;
    move_release(&w.newsroom, &w.editor, id, ReleaseOp::Unschedule).await;
    move_release(
        &w.newsroom,
        &w.editor,
        id,
        ReleaseOp::Release(Timing::Embargo { until: second }),
    )
    .await;
    // The accredited subscriber has both notices, the second with the new
    // time (11:00 WITA); nobody else has anything yet.
    let accredited = "akr-langganan@warta.example";
    let mail = w.mail_to(accredited).await;
    assert_eq!(mail.len(), 2);
    assert!(
        mail[0].subject.contains("2026-06-04 10:00 WITA"),
        "{}",
        mail[0].subject
    );
    assert!(
        mail[1].subject.contains("2026-06-04 11:00 WITA"),
        "{}",
        mail[1].subject
    );
    assert_ne!(mail[0].idempotency_key, mail[1].idempotency_key);
    // Taken back and set again for the same second: already told.
    move_release(&w.newsroom, &w.editor, id, ReleaseOp::Unschedule).await;
    move_release(
        &w.newsroom,
        &w.editor,
        id,
        ReleaseOp::Release(Timing::Embargo { until: second }),
    )
    .await;
    assert_eq!(w.mail_to(accredited).await.len(), 2);
    // The first time passes without mail; the second lifts it for the rest.
    w.clock.set(first + SECOND);
    w.dist.run_due().await.unwrap();
    assert_eq!(w.mail_to("langganan@warta.example").await.len(), 0);
    w.clock.set(second);
    w.dist.run_due().await.unwrap();
    for r in &readers {
        let expected = match (r.accredited, r.subscribed) {
            (true, true) => 2,
            (false, true) => 1,
            _ => 0,
        };
        assert_eq!(w.mail_to(r.email).await.len(), expected, "{}", r.email);
    }
}
