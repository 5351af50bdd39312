//! A series' calendar feed subscribed over a real port by a second
//! calendar client, the way a calendar app does: Python's
//! `recurring-ical-events` on `icalendar` (`tests/calendar/subscribe.py`)
//! fetches the feed with no session and lists what happens in a period.
//! Polled again after the organiser moves one event and cancels another,
//! it sees the same UIDs with a higher SEQUENCE, the new time and
//! `STATUS:CANCELLED`; an internal event never appears.

use serde_json::Value;
use sinergi_forums::SeriesInput;
use sinergi_testkit::app::{BALI_AND_SURABAYA, Setup, TestApp};
use sinergi_testkit::fixtures::cast;
use sinergi_testkit::repo_file;

/// What the calendar client lists of the feed at `path` between two dates.
fn subscribe(app: &TestApp, path: &str, from: &str, to: &str) -> Vec<Value> {
    let script = repo_file("crates/sinergi/tests/calendar/subscribe.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(app.url(path))
        .arg(from)
        .arg(to)
        .output()
        .expect("python3 runs (scripts/test installs recurring-ical-events)");
    assert!(
        out.status.success(),
        "the calendar client refused the feed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

fn event(
    organiser: &str,
    series: &str,
    title: &str,
    starts: &str,
    visibility: &str,
) -> sinergi_forums::EventInput {
    sinergi_forums::EventInput {
        organiser: organiser.into(),
        series: series.into(),
        kind: "workshop".into(),
        title: title.into(),
        starts: starts.into(),
        ends: starts.replace("T09:00", "T12:00"),
        venue: organiser.into(),
        address: "Denpasar".into(),
        visibility: visibility.into(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_calendar_app_follows_the_series_feed() {
    let mut setup = Setup::new(BALI_AND_SURABAYA).await;
    setup.people(&[cast::HUMAS_BALI]).await;
    let bali = setup.principal("humas@baliprov.go.id").await;
    let app = setup.serve();
    let forums = &app.state.forums;
    let series = forums
        .create_series(
            &bali,
            &SeriesInput {
                owner: "51".into(),
                title: "Bimtek humas se-Bali".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let s = series.id.to_string();
    let first = forums
        .create(
            &bali,
            &event("51", &s, "Bimtek tahap 1", "2026-06-10T09:00", "public"),
        )
        .await
        .unwrap();
    let second = forums
        .create(
            &bali,
            &event(
                "51.71",
                &s,
                "Bimtek Kota Denpasar",
                "2026-06-17T09:00",
                "public",
            ),
        )
        .await
        .unwrap();
    forums
        .create(
            &bali,
            &event(
                "51",
                &s,
                "Rapat internal persiapan",
                "2026-06-12T09:00",
                "internal",
            ),
        )
        .await
        .unwrap();
    let path = format!("/forums/series/{}/calendar.ics", series.id);

    let seen = subscribe(&app, &path, "2026-06-01", "2026-07-01");
    assert_eq!(seen.len(), 2, "public events only: {seen:?}");
    assert_eq!(seen[0]["uid"], first.uid.as_str());
    assert_eq!(seen[0]["start"], "2026-06-10T01:00:00Z");
    assert_eq!(seen[0]["tzid"], "Asia/Makassar");
    assert_eq!(seen[0]["sequence"], 0);
    assert_eq!(seen[1]["summary"], "Bimtek Kota Denpasar");
    // A period without them lists nothing.
    assert!(subscribe(&app, &path, "2026-07-01", "2026-08-01").is_empty());

    // The organiser moves the first a week on and cancels the second.
    let mut moved = event("51", &s, "Bimtek tahap 1", "2026-06-24T09:00", "public");
    moved.ends = "2026-06-24T12:00".into();
    forums
        .update(&bali, first.id, first.version, &moved)
        .await
        .unwrap();
    forums.cancel(&bali, second.id).await.unwrap();
    let again = subscribe(&app, &path, "2026-06-01", "2026-07-01");
    assert_eq!(again.len(), 2);
    let cancelled = again
        .iter()
        .find(|e| e["uid"] == second.uid.as_str())
        .unwrap();
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(cancelled["sequence"], 1);
    let moved = again
        .iter()
        .find(|e| e["uid"] == first.uid.as_str())
        .unwrap();
    assert_eq!(moved["start"], "2026-06-24T01:00:00Z");
    assert_eq!(moved["sequence"], 1);
    assert_eq!(moved["status"], "CONFIRMED");
    // The week it left is empty now.
    assert!(
        subscribe(&app, &path, "2026-06-08", "2026-06-15")
            .iter()
            .all(|e| e["uid"] != first.uid.as_str())
    );
}
