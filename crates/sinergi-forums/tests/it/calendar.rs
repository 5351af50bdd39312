//! iCalendar read by a real parser, Python's `icalendar` (installed by
//! `scripts/test`, pinned): the venue's time zone with its VTIMEZONE, a
//! UID that survives edits, SEQUENCE raised by a change a calendar shows
//! (and only then), STATUS:CANCELLED, and feeds that hold public events only.

use serde_json::Value;
use sinergi_domain::access::Principal;
use sinergi_forums::{EventInput, SeriesInput};

use crate::world::{workshop, world};

/// What Python's `icalendar` reads in `ics`.
fn parse(ics: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("event.ics");
    std::fs::write(&file, ics).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ical/read_ics.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 runs (scripts/test installs icalendar)");
    assert!(
        out.status.success(),
        "icalendar refused the file: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn an_event_reads_in_its_zone_and_an_update_raises_its_sequence() {
    let w = world().await;
    let mut input = workshop("51", "2026-06-04T09:00", &["51.71"]);
    input.title = "Workshop sinergi, kampanye; revolusi mental ASN dan reformasi birokrasi bagi Humas Pemda dan Jurnalis".into();
    let e = w.forums.create(&w.bali_admin, &input).await.unwrap();
    let public = Principal::public();
    let first = parse(&w.forums.event_ics(&public, e.id).await.unwrap());
    let ev = &first["events"][0];
    assert_eq!(
        ev["summary"],
        input.title.as_str(),
        "escaped and folded, read back whole"
    );
    assert_eq!(ev["sequence"], 0);
    assert_eq!(ev["status"], "CONFIRMED");
    assert_eq!(ev["start"]["tzid"], "Asia/Makassar");
    assert_eq!(ev["start"]["local"], "2026-06-04T09:00:00");
    assert_eq!(ev["start"]["utc"], "2026-06-04T01:00:00Z");
    assert_eq!(ev["start"]["utcoffset_hours"], 8.0);
    assert_eq!(ev["end"]["local"], "2026-06-04T11:00:00");
    assert_eq!(
        ev["url"],
        format!("https://sinergi.example/forums/{}", e.id)
    );
    assert_eq!(
        first["timezones"],
        serde_json::json!([{ "tzid": "Asia/Makassar", "offset_hours": 8.0 }])
    );
    let uid = ev["uid"].as_str().unwrap().to_owned();

    // A change no calendar shows keeps the sequence.
    let mut same = EventInput::from_record(&e);
    same.capacity = "120".into();
    let e = w
        .forums
        .update(&w.bali_admin, e.id, e.version, &same)
        .await
        .unwrap();
    assert_eq!((e.version, e.sequence), (2, 0));
    // A new time raises it, and the calendar reads the new time under the same UID.
    let mut moved = EventInput::from_record(&e);
    moved.starts = "2026-06-05T13:30".into();
    moved.ends = "2026-06-05T15:00".into();
    let e = w
        .forums
        .update(&w.bali_admin, e.id, e.version, &moved)
        .await
        .unwrap();
    let second = parse(&w.forums.event_ics(&public, e.id).await.unwrap());
    let ev = &second["events"][0];
    assert_eq!(ev["uid"], uid.as_str());
    assert_eq!(ev["sequence"], 1);
    assert_eq!(ev["start"]["utc"], "2026-06-05T05:30:00Z");
    // Cancelled: same UID, a higher sequence, STATUS:CANCELLED.
    w.forums.cancel(&w.bali_admin, e.id).await.unwrap();
    let third = parse(&w.forums.event_ics(&public, e.id).await.unwrap());
    let ev = &third["events"][0];
    assert_eq!(
        (ev["uid"].as_str(), ev["sequence"].as_i64()),
        (Some(uid.as_str()), Some(2))
    );
    assert_eq!(ev["status"], "CANCELLED");
}

#[tokio::test]
async fn feeds_hold_the_public_events_of_a_unit_and_a_series_in_their_zones() {
    let w = world().await;
    let s = w
        .forums
        .create_series(
            &w.network,
            &SeriesInput {
                owner: "kemenpanrb".into(),
                title: "Workshop sinergi".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let mut surabaya = workshop("kemenpanrb", "2026-03-12T09:00", &[]);
    surabaya.venue = "35.78".into();
    surabaya.series = s.id.to_string();
    let mut denpasar = workshop("kemenpanrb", "2026-06-04T09:00", &[]);
    denpasar.series = s.id.to_string();
    let mut internal = workshop("kemenpanrb", "2026-06-05T09:00", &["51"]);
    internal.series = s.id.to_string();
    internal.visibility = "internal".into();
    internal.title = "Rapat internal".into();
    for e in [&surabaya, &denpasar, &internal] {
        w.forums.create(&w.network, e).await.unwrap();
    }
    let feed = parse(&w.forums.series_ics(s.id).await.unwrap());
    assert_eq!(feed["name"], "Workshop sinergi");
    let starts: Vec<(String, String)> = feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["start"]["tzid"].as_str().unwrap().to_owned(),
                e["start"]["local"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        starts,
        [
            ("Asia/Jakarta".to_owned(), "2026-03-12T09:00:00".to_owned()),
            ("Asia/Makassar".to_owned(), "2026-06-04T09:00:00".to_owned()),
        ],
        "the internal meeting stays out"
    );
    assert_eq!(feed["timezones"].as_array().unwrap().len(), 2);
    let unit = parse(
        &w.forums
            .unit_ics(&sinergi_domain::UnitCode::parse("kemenpanrb").unwrap())
            .await
            .unwrap(),
    );
    assert_eq!(unit["events"].as_array().unwrap().len(), 2);
}
