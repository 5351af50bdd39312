//! "Forum & acara" through the pages, in process, on a fresh database with
//! Bali's regions (SQLite, or PostgreSQL with SINERGI_TEST_DATABASE_URL):
//! the navigation leads there from the home page in both languages; a
//! province records a workshop with the form (a refused form keeps what
//! was typed); it shows in the press room; its commitment to replicate is
//! kept as Bali's regencies attend, by the list and by the code in the
//! room; the series page's tree and map say so; calendars download.

use sinergi_domain::access::{Reach, Role};
use sinergi_domain::{EventId, UnitCode};
use sinergi_forums::{CommitmentInput, EventInput, SeriesInput};
use sinergi_testkit::app::{InProcessApp, Setup};

const NATIONAL: &str = "hkip@menpan.go.id";
const BALI: &str = "admin@baliprov.go.id";
const DENPASAR: &str = "redaksi@denpasarkota.go.id";

async fn start() -> InProcessApp {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[
            (NATIONAL, "kemenpanrb", Role::Admin, Reach::Network),
            (BALI, "51", Role::Admin, Reach::Subtree),
            (DENPASAR, "51.71", Role::Editor, Reach::Unit),
        ])
        .await;
    setup.in_process()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_records_a_workshop_that_readers_reach_from_the_home_page() {
    let app = start().await;
    let home = app.get("/", None).await;
    assert!(
        home.body.contains("href=\"/forums\""),
        "the navigation links to it"
    );
    let en = app.get_with("/", &[("cookie", "lang=en")]).await;
    assert!(en.body.contains("Forums &#38; events"), "{}", en.body);

    let bali = app.sign_in(BALI).await;
    let form = app.get("/forums/new", Some(&bali)).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("type=\"datetime-local\""));

    // Refused: everything typed comes back, with the problems by their fields.
    let r = app
        .post_form(
            "/forums/new",
            &bali,
            &[
                ("organiser", "51"),
                ("kind", "workshop"),
                ("title", ""),
                ("starts", "4 Juni pukul 9"),
                ("address", "Gedung Jaya Sabha, Denpasar"),
                ("capacity", "seratus"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    for kept in ["Gedung Jaya Sabha, Denpasar", "seratus", "4 Juni pukul 9"] {
        assert!(r.body.contains(kept), "kept {kept:?}");
    }
    for message in [
        "Judul: wajib diisi.",
        "Mulai: tulis tanggal dan jam",
        "Kapasitas: tulis bilangan bulat",
    ] {
        assert!(r.body.contains(message), "{message:?} in {}", r.body);
    }
    assert!(r.body.contains("href=\"#ev-title\""));

    let r = app
        .post_form(
            "/forums/new",
            &bali,
            &[
                ("organiser", "51"),
                ("kind", "coordination_meeting"),
                ("title", "Rapat koordinasi humas se-Bali"),
                ("starts", "2026-06-10T09:00"),
                ("ends", "2026-06-10T12:00"),
                ("venue", "51.71"),
                ("address", "Gedung Jaya Sabha"),
                ("agenda", "1. **Pembukaan**"),
                ("visibility", "public"),
                ("invite_children", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let to = r.header("location");
    let id: i64 = to
        .trim_start_matches("/forums/")
        .trim_end_matches("?done=saved")
        .parse()
        .unwrap();
    let page = app.get(&to, None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("10 Juni 2026 09.00–12.00 WITA"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<strong>Pembukaan</strong>"));
    assert!(
        page.body.contains("0 dari 9 unit undangan hadir"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Kode kehadiran:"),
        "the code is for the organiser"
    );
    let own = app.get(&format!("/forums/{id}"), Some(&bali)).await;
    assert!(own.body.contains("Kode kehadiran"), "{}", own.body);

    let list = app.get("/forums", None).await;
    assert!(list.body.contains("Rapat koordinasi humas se-Bali"));
    assert!(list.body.contains("aria-current=\"page\""));
    let room = app.get("/press/51", None).await;
    assert!(
        room.body.contains(&format!("href=\"/forums/{id}\"")),
        "{}",
        room.body
    );
    assert!(room.body.contains("/units/51/events.ics"));
    let en = app
        .get_with(&format!("/forums/{id}"), &[("cookie", "lang=en")])
        .await;
    assert!(
        en.body.contains("10 June 2026 09:00–12:00 WITA"),
        "{}",
        en.body
    );
    assert!(en.body.contains("Coordination meeting"));

    let ics = app.get(&format!("/forums/{id}/calendar.ics"), None).await;
    assert_eq!(ics.status, 200);
    assert!(ics.header("content-type").starts_with("text/calendar"));
    assert!(
        ics.body
            .contains("DTSTART;TZID=Asia/Makassar:20260610T090000")
    );
    let feed = app.get("/units/51/events.ics", None).await;
    assert!(feed.body.contains("SUMMARY:Rapat koordinasi humas se-Bali"));

    // Someone who records for no unit is refused the form.
    assert_eq!(
        app.get("/forums/new", None).await.status,
        303,
        "sign in first"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_keeps_the_commitment_and_the_series_page_shows_how_far() {
    let app = start().await;
    let national = app.principal(NATIONAL).await;
    let forums = &app.state.forums;
    let series = forums
        .create_series(
            &national,
            &SeriesInput {
                owner: "kemenpanrb".into(),
                title: "Workshop sinergi kampanye".into(),
                description: "Surabaya, Batam, Denpasar.".into(),
            },
        )
        .await
        .unwrap();
    let workshop = |organiser: &str, starts: &str, invited: &str| EventInput {
        organiser: organiser.into(),
        series: series.id.to_string(),
        kind: "workshop".into(),
        title: format!("Workshop sinergi ({organiser})"),
        starts: starts.into(),
        venue: "51.71".into(),
        visibility: "public".into(),
        invited: vec![invited.into()],
        ..Default::default()
    };
    let denpasar = forums
        .create(&national, &workshop("kemenpanrb", "2026-05-04T09:00", "51"))
        .await
        .unwrap();
    forums
        .take_attendance(&national, denpasar.id, &[UnitCode::parse("51").unwrap()])
        .await
        .unwrap();
    forums
        .record_commitment(
            &national,
            denpasar.id,
            &CommitmentInput {
                unit: "51".into(),
                kind: "replicate".into(),
                what: "Workshop yang sama bagi kabupaten/kota se-Bali".into(),
                for_children: true,
                due_on: "2026-08-31".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Bali's own workshop today, for its regencies and city.
    let mut replica = workshop("51", "2026-06-04T09:00", "");
    replica.invite_children = true;
    let replica = forums
        .create(&app.principal(BALI).await, &replica)
        .await
        .unwrap();

    let bali = app.sign_in(BALI).await;
    let r = app
        .post_form(
            &format!("/forums/{}/attendance", replica.id),
            &bali,
            &[("present", "51.03"), ("present", "51.04")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Denpasar's editor enters the code shown in the room.
    let denpasar_editor = app.sign_in(DENPASAR).await;
    let r = app
        .post_form(
            "/forums/check-in",
            &denpasar_editor,
            &[("code", &replica.attendance_code.to_lowercase())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        format!("/forums/{}?done=checked-in#attendance", replica.id)
    );
    let wrong = app
        .post_form(
            "/forums/check-in",
            &denpasar_editor,
            &[("code", "XXXXXX"), ("event", &replica.id.to_string())],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("Kode ini tidak cocok"),
        "{}",
        wrong.body
    );

    let page = app
        .get(&format!("/forums/series/{}", series.id), None)
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("3 dari 9 kabupaten/kota hadir"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Sebagian"));
    assert!(
        page.body.contains("data-code=\"51\""),
        "the province on the map and in its table"
    );
    let tree = app
        .get(&format!("/forums/series/{}?unit=51", series.id), None)
        .await;
    assert!(tree.body.contains("data-code=\"51.71\""), "{}", tree.body);
    assert_eq!(
        tree.body
            .matches("<td data-label=\"Hadir\">Hadir</td>")
            .count(),
        3
    );
    let en = app
        .get_with(
            &format!("/forums/series/{}", series.id),
            &[("cookie", "lang=en")],
        )
        .await;
    assert!(
        en.body.contains("3 of 9 regencies and cities attended"),
        "{}",
        en.body
    );

    // The event page says the same.
    let event = app.get(&format!("/forums/{}", denpasar.id), None).await;
    assert!(event.body.contains("3 dari 9 kabupaten/kota hadir"));
    let ics = app
        .get(&format!("/forums/series/{}/calendar.ics", series.id), None)
        .await;
    assert_eq!(ics.body.matches("BEGIN:VEVENT").count(), 2);
    // An event that does not exist (or that the reader may not see) is not found.
    assert_eq!(
        app.get(&format!("/forums/{}", EventId::new(999)), None)
            .await
            .status,
        404
    );
}

/// The rows of the table with id `table` in `html`.
fn table_rows(html: &str, table: &str) -> usize {
    let start = html
        .find(&format!("id=\"{table}\""))
        .unwrap_or_else(|| panic!("no #{table} in {html}"));
    let rest = &html[start..];
    let body = &rest[rest.find("<tbody>").unwrap()..rest.find("</tbody>").unwrap()];
    body.matches("<tr").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_series_pages_its_lists_and_narrows_them_to_the_level_opened() {
    let app = start().await;
    let national = app.principal(NATIONAL).await;
    let forums = &app.state.forums;
    let series = forums
        .create_series(
            &national,
            &SeriesInput {
                owner: "kemenpanrb".into(),
                title: "Bimtek berseri".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let event = |organiser: &str, n: usize| EventInput {
        organiser: organiser.into(),
        series: series.id.to_string(),
        kind: "workshop".into(),
        title: format!("Bimtek {organiser} ke-{n}"),
        starts: format!("2026-07-{:02}T09:00", 1 + n % 28),
        venue: "51.71".into(),
        visibility: "public".into(),
        ..Default::default()
    };
    let mut organisers = vec![("kemenpanrb", 0), ("51.71", 0)];
    organisers.extend((1..=55).map(|n| ("51", n)));
    for (organiser, n) in organisers {
        forums
            .create(&national, &event(organiser, n))
            .await
            .unwrap();
    }
    let path = format!("/forums/series/{}", series.id);
    let first = app.get(&path, None).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(table_rows(&first.body, "events-table"), 50);
    assert!(
        first.body.contains("Menampilkan 1–50 dari 57."),
        "{}",
        first.body
    );
    let next = format!("{path}?ev=2#events");
    assert!(
        first.body.contains(&format!("href=\"{next}\"")),
        "{}",
        first.body
    );
    let second = app.get(&format!("{path}?ev=2"), None).await;
    assert_eq!(table_rows(&second.body, "events-table"), 7);
    assert!(second.body.contains("Menampilkan 51–57 dari 57."));
    assert!(second.body.contains(&format!("href=\"{path}#events\"")));
    // A page past the end shows the last one.
    let past = app.get(&format!("{path}?ev=9"), None).await;
    assert_eq!(table_rows(&past.body, "events-table"), 7);
    // Opened at Bali: Bali's and Denpasar's, not the ministry's.
    let bali = app.get(&format!("{path}?unit=51"), None).await;
    assert!(
        bali.body.contains("Menampilkan 1–50 dari 56."),
        "{}",
        bali.body
    );
    assert!(
        bali.body.contains("Di Bali dan di bawahnya."),
        "{}",
        bali.body
    );
    assert!(!bali.body.contains("Bimtek kemenpanrb"));
    // The next page keeps the level (the `&` comes escaped).
    let next = bali.body.split("rel=\"next\"").next().unwrap_or_default();
    assert!(next.ends_with("ev=2#events\" "), "{}", bali.body);
    assert!(
        next.contains(&format!("href=\"{path}?unit=51&")),
        "{}",
        bali.body
    );
    let denpasar = app.get(&format!("{path}?unit=51.71"), None).await;
    assert_eq!(table_rows(&denpasar.body, "events-table"), 1);
    assert!(denpasar.body.contains("Bimtek 51.71 ke-0"));
    assert!(
        !denpasar.body.contains("Menampilkan"),
        "one page needs no pager"
    );
}

/// The inline map (`class="choropleth"`) of `html`, parsed: its paths'
/// `(data-code, data-class)`, the class absent for a region without a figure.
fn map_paths(html: &str) -> Vec<(String, Option<String>)> {
    let at = html
        .find("class=\"choropleth\"")
        .unwrap_or_else(|| panic!("no map in {html}"));
    let start = html[..at].rfind("<svg").unwrap();
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    let doc = roxmltree::Document::parse(&html[start..end]).expect("the map is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| {
            (
                n.attribute("data-code").unwrap().to_owned(),
                n.attribute("data-class").map(str::to_owned),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opened_at_a_province_the_series_map_shows_its_regencies() {
    const JATIM: &str = "admin@jatimprov.go.id";
    let mut setup = Setup::for_router(&["35"]).await;
    setup
        .people(&[
            (NATIONAL, "kemenpanrb", Role::Admin, Reach::Network),
            (JATIM, "35", Role::Admin, Reach::Subtree),
        ])
        .await;
    let app = setup.in_process();
    let national = app.principal(NATIONAL).await;
    let jatim = app.principal(JATIM).await;
    let forums = &app.state.forums;
    let series = forums
        .create_series(
            &national,
            &SeriesInput {
                owner: "kemenpanrb".into(),
                title: "Workshop sinergi kampanye".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let workshop = |organiser: &str, starts: &str| EventInput {
        organiser: organiser.into(),
        series: series.id.to_string(),
        kind: "workshop".into(),
        title: format!("Workshop sinergi ({organiser})"),
        starts: starts.into(),
        venue: "35.78".into(),
        visibility: "public".into(),
        ..Default::default()
    };
    let surabaya = forums
        .create(
            &national,
            &EventInput {
                invited: vec!["35".into()],
                ..workshop("kemenpanrb", "2026-05-04T09:00")
            },
        )
        .await
        .unwrap();
    forums
        .take_attendance(&national, surabaya.id, &[UnitCode::parse("35").unwrap()])
        .await
        .unwrap();
    forums
        .record_commitment(
            &national,
            surabaya.id,
            &CommitmentInput {
                unit: "35".into(),
                kind: "replicate".into(),
                what: "Workshop yang sama bagi kabupaten/kota se-Jawa Timur".into(),
                for_children: true,
                due_on: "2026-08-31".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let replica = forums
        .create(
            &jatim,
            &EventInput {
                invite_children: true,
                ..workshop("35", "2026-06-03T09:00")
            },
        )
        .await
        .unwrap();
    let present = ["35.07", "35.78"].map(|c| UnitCode::parse(c).unwrap());
    forums
        .take_attendance(&jatim, replica.id, &present)
        .await
        .unwrap();

    let path = format!("/forums/series/{}", series.id);
    // The national map: East Java, 2 of its 38, links to its own map.
    let top = app.get(&path, None).await;
    assert_eq!(top.status, 200, "{}", top.body);
    let provinces = map_paths(&top.body);
    assert_eq!(provinces.len(), 38);
    assert!(
        provinces.contains(&("35".into(), Some("2".into()))),
        "{provinces:?}"
    );
    assert!(
        top.body.contains(&format!(
            "<a href=\"{path}?unit=35#map\" aria-label=\"Jawa Timur: 2 dari 38"
        )),
        "{}",
        top.body
    );

    // Opened at East Java: a path per regency and city, the two present in
    // the top class, the others hatched; the table says the same, row by row.
    let page = app.get(&format!("{path}?unit=35"), None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains("Peta sebaran per kabupaten/kota: Jawa Timur"),
        "{body}"
    );
    assert!(body.contains("id=\"series-regency-map-title\""));
    let regencies = map_paths(body);
    assert_eq!(regencies.len(), 38, "{regencies:?}");
    assert!(regencies.iter().all(|(code, _)| code.starts_with("35.")));
    assert_eq!(table_rows(body, "map-table"), 38);
    for (code, class) in &regencies {
        let class = class.as_deref().expect("every regency was promised");
        let expected = if present.iter().any(|p| p.as_str() == code) {
            "5"
        } else {
            "0"
        };
        assert_eq!(class, expected, "{code} on the map");
        assert!(
            body.contains(&format!("<tr data-code=\"{code}\" data-class=\"{class}\">")),
            "{code}: the table row agrees with the map"
        );
    }
    assert!(body.contains("<th scope=\"col\">Kabupaten/kota</th>"));
    assert!(body.contains(&format!("href=\"{path}?unit=35.78#tree\"")));
    assert!(
        body.contains(&format!(
            "<a href=\"{path}#map\">Lihat peta seluruh provinsi.</a>"
        )),
        "{body}"
    );
    // Below the province, its map still: Kota Surabaya's page shows East Java's.
    let city = app.get(&format!("{path}?unit=35.78"), None).await;
    assert_eq!(map_paths(&city.body).len(), 38);
    let en = app
        .get_with(&format!("{path}?unit=35"), &[("cookie", "lang=en")])
        .await;
    assert!(
        en.body.contains("Cascade by regency and city: Jawa Timur"),
        "{}",
        en.body
    );
    eprintln!("series page at ?unit=35: {} bytes of HTML", body.len());
    assert!(body.len() < 100_000, "{} bytes", body.len());
}

/// A multipart body: the text fields, then one file under `file_field`.
fn multipart(
    fields: &[(&str, &str)],
    file_field: &str,
    file: (&str, &str, &[u8]),
) -> (String, Vec<u8>) {
    let boundary = "----sinergi-forums-boundary-41";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    let (name, mime, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_materials_and_an_evidence_file_work_from_the_event_page() {
    use sinergi_testkit::app::request;
    let app = start().await;
    let forums = &app.state.forums;
    let bali_p = app.principal(BALI).await;
    let mut input = EventInput {
        organiser: "51".into(),
        kind: "coordination_meeting".into(),
        title: "Rapat koordinasi humas se-Bali".into(),
        starts: "2026-06-10T09:00".into(),
        venue: "51.71".into(),
        capacity: "1".into(),
        visibility: "public".into(),
        invited: vec!["51.71".into()],
        ..Default::default()
    };
    let e = forums.create(&bali_p, &input).await.unwrap();
    let bali = app.sign_in(BALI).await;
    let denpasar = app.sign_in(DENPASAR).await;

    // Anyone may read the registration block; a signed-in reader registers.
    let anon = app.get(&format!("/forums/{}", e.id), None).await;
    assert!(anon.body.contains("Masuk untuk mendaftar"), "{}", anon.body);
    let r = app
        .post_form(&format!("/forums/{}/register", e.id), &denpasar, &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mine = app.get(&format!("/forums/{}", e.id), Some(&denpasar)).await;
    assert!(mine.body.contains("Anda terdaftar"));
    assert!(mine.body.contains("1 terdaftar dari kapasitas 1 orang."));
    // Full: the organiser sees who came, and a second person is refused.
    let full = app
        .post_form(&format!("/forums/{}/register", e.id), &bali, &[])
        .await;
    assert_eq!(full.status, 422);
    assert!(
        full.body.contains("Kapasitas acara sudah penuh."),
        "{}",
        full.body
    );
    assert!(full.body.contains("redaksi@denpasarkota.go.id"));

    // Speakers and the record, with a refusal that keeps what was typed.
    let refused = app
        .post_form(
            &format!("/forums/{}/speakers", e.id),
            &bali,
            &[("speakers", "| tanpa nama\nDr. Sari | Deputi RB")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Dr. Sari | Deputi RB"));
    let r = app
        .post_form(
            &format!("/forums/{}/speakers", e.id),
            &bali,
            &[("speakers", "Dr. Sari | Deputi RB | Sinergi kampanye")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = app
        .post_form(
            &format!("/forums/{}/record", e.id),
            &bali,
            &[
                ("minutes", "Rapat **dibuka**."),
                ("outcomes", "1. Rilis bersama"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = app.get(&format!("/forums/{}", e.id), None).await;
    assert!(page.body.contains("Deputi RB"));
    assert!(page.body.contains("Rapat <strong>dibuka</strong>."));

    // A material: uploaded for Bali, listed, and served to the public.
    let (ct, body) = multipart(
        &[
            ("csrf", bali.csrf.as_str()),
            ("title", "Paparan kalender kampanye"),
        ],
        "file",
        (
            "kalender.csv",
            "text/csv",
            "bulan,tema\nJuli,Pelayanan\n".as_bytes(),
        ),
    );
    let up = request(
        &app.router,
        "POST",
        &format!("/forums/{}/materials", e.id),
        Some(bali.cookie.clone()),
        Some(ct),
        body,
    )
    .await;
    assert_eq!(up.status, 303, "{}", up.body);
    let page = app.get(&format!("/forums/{}", e.id), None).await;
    assert!(page.body.contains("Paparan kalender kampanye"));
    let media = page
        .body
        .split("href=\"/media/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let file = app.get(&format!("/media/{media}"), None).await;
    assert_eq!(file.status, 200);
    assert!(file.body.contains("Juli,Pelayanan"));
    // Made internal, the file is the invited's and the organiser's only.
    input.visibility = "internal".into();
    forums
        .update(&bali_p, e.id, e.version, &input)
        .await
        .unwrap();
    assert_eq!(app.get(&format!("/media/{media}"), None).await.status, 404);
    assert_eq!(
        app.get(&format!("/media/{media}"), Some(&denpasar))
            .await
            .status,
        200
    );

    // A commitment closed with a file as its evidence.
    let c = forums
        .record_commitment(
            &bali_p,
            e.id,
            &CommitmentInput {
                unit: "51.71".into(),
                kind: "other".into(),
                what: "Menerbitkan rilis bersama".into(),
                due_on: "2026-06-30".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (ct, body) = multipart(
        &[
            ("csrf", denpasar.csrf.as_str()),
            ("event", &e.id.to_string()),
            ("note", "Notulen ditandatangani"),
        ],
        "evidence_file",
        (
            "notulen.csv",
            "text/csv",
            "butir,status\nrilis,terbit\n".as_bytes(),
        ),
    );
    let closed = request(
        &app.router,
        "POST",
        &format!("/forums/commitments/{}/close", c.id),
        Some(denpasar.cookie.clone()),
        Some(ct),
        body,
    )
    .await;
    assert_eq!(closed.status, 303, "{}", closed.body);
    let page = app.get(&format!("/forums/{}", e.id), Some(&bali)).await;
    assert!(page.body.contains("Berkas bukti"), "{}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_that_reports_an_event_links_to_it() {
    let app = start().await;
    let bali_p = app.principal(BALI).await;
    let input = EventInput {
        organiser: "51".into(),
        kind: "workshop".into(),
        title: "Lokakarya humas se-Bali".into(),
        starts: "2026-06-10T09:00".into(),
        venue: "51.71".into(),
        visibility: "public".into(),
        invited: vec!["51.71".into()],
        ..Default::default()
    };
    let e = app.state.forums.create(&bali_p, &input).await.unwrap();
    let by = app.principal(DENPASAR).await;
    let release = sinergi_testkit::fixtures::release("51.71", "Denpasar menggelar lokakarya humas")
        .published(&app.state.newsroom, &by)
        .await;
    let link = format!("href=\"/forums/{}\"", e.id);
    // The release's own address carries its slug.
    let moved = app.get(&format!("/releases/{release}"), None).await;
    assert_eq!(moved.status, 308, "{}", moved.body);
    let href = moved.header("location");
    let before = app.get(&href, None).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(!before.body.contains(&link));

    // Its editor says, from the event page, that the release reports the event.
    let denpasar = app.sign_in(DENPASAR).await;
    let r = app
        .post_form(
            &format!("/forums/{}/releases", e.id),
            &denpasar,
            &[("release", &release.to_string())],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Every reader of the release now reaches the event from it.
    let page = app.get(&href, None).await;
    assert!(
        page.body.contains("Forum dan acara yang diberitakan"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&link), "{}", page.body);
    assert!(page.body.contains("Lokakarya humas se-Bali"));
    let en = app.get_with(&href, &[("cookie", "lang=en")]).await;
    assert!(
        en.body.contains("Forums and events reported"),
        "{}",
        en.body
    );
}
