//! The kinerja pages through the real router on a real database (SQLite,
//! or PostgreSQL with SINERGI_TEST_DATABASE_URL): reached from the
//! navigation and from a unit's hub, the dashboard's figures as the
//! projector counts them (public ones for everyone, internal ones for the
//! unit's staff), the leap page, the JSON figures and the open data.

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Reach, Role};
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_kinerja::Kinerja;
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::app::Setup;

#[tokio::test]
async fn a_units_kinerja_is_one_link_away_and_counts_what_it_published() {
    let email = "humas@baliprov.go.id";
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[(email, "51", Role::Admin, Reach::Subtree)])
        .await;
    let editor = setup.principal(email).await;
    let app = setup.in_process();
    let newsroom = &app.state.newsroom;
    let input = ReleaseInput {
        title: "Banjir di Denpasar surut".into(),
        lead: "Ringkasan banjir".into(),
        body: "Isi siaran.".into(),
        language: "id".into(),
        ..Default::default()
    };
    let id = newsroom
        .create_release(&editor, &UnitCode::parse("51.71").unwrap(), &input)
        .await
        .unwrap();
    for op in [
        ReleaseOp::Submit,
        ReleaseOp::Approve,
        ReleaseOp::Release(Timing::Now),
    ] {
        let v = app.state.store.release(id).await.unwrap().unwrap().version;
        newsroom.move_release(&editor, id, v, op, "").await.unwrap();
    }
    Kinerja::new(app.state.store.clone())
        .catch_up()
        .await
        .unwrap();
    // Figures count closed days: on the day of the release it is not
    // counted yet, so no count can tell of a release before it is public.
    let releases_published = |body: &str| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == "releases_published")
            .unwrap()["value"]
            .clone()
    };
    let same_day = app.get("/api/v1/kinerja/51", None).await;
    assert_eq!(releases_published(&same_day.body), 0.0);
    app.clock.set(sinergi_testkit::TEST_NOW + 86_400_000_000);
    // A session a day old has lapsed: sign in again.
    let session = app.sign_in(email).await;

    // From the home page's navigation and from the unit's hub.
    let home = app.get("/", None).await;
    assert!(home.body.contains("href=\"/kinerja\""));
    let hub = app.get("/units/51", None).await;
    assert!(hub.body.contains("href=\"/kinerja/51\""), "{}", hub.body);

    let public = app.get("/kinerja/51", None).await;
    assert_eq!(public.status, 200, "{}", public.body);
    assert!(public.body.contains("Siaran pers terbit"));
    assert!(public.body.contains("Kota Denpasar"));
    assert!(public.body.contains("belum diukur"));
    assert!(public.body.contains("class=\"line-chart\""));
    // The register is internal: only the unit's staff see its indicators.
    assert!(!public.body.contains("Capaian dicatat"));
    let staff = app.get("/kinerja/51", Some(&session)).await;
    assert!(staff.body.contains("Capaian dicatat"));
    assert!(staff.body.contains("Cakupan publikasi"));
    assert_eq!(
        app.get("/kinerja/51?period=2026-13", None).await.status,
        400
    );
    assert_eq!(app.get("/kinerja/99", None).await.status, 404);

    let leap = app.get("/kinerja", None).await;
    assert_eq!(leap.status, 200, "{}", leap.body);
    assert!(leap.body.contains("Lompatan kinerja"));
    assert!(leap.body.contains("href=\"/kinerja/51?period="));
    assert!(leap.body.contains("class=\"choropleth\""));

    let json = app.get("/api/v1/kinerja/51", None).await;
    assert_eq!(json.status, 200, "{}", json.body);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let releases = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "releases_published")
        .unwrap();
    assert_eq!(releases["value"], 1.0);
    assert_eq!(v["rank_national"], 1);
    let media = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "media_pickups")
        .unwrap();
    assert_eq!(media["status"], "not_measured");
    assert!(media["value"].is_null());

    let csv = app.get("/open-data/kinerja.csv", None).await;
    assert_eq!(csv.status, 200);
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "period,unit_code,unit_name,level,indicator,status,value,part,whole,amec_stage,pikp_dimension,rank,leap_index"
    );
    assert!(
        csv.body
            .lines()
            .any(|l| l.contains(",51,Bali,province,releases_published,count,1,"))
    );
    let open = app.get("/open-data", None).await;
    assert!(open.body.contains("/open-data/kinerja.csv"));
}

/// Runs `python3 -c script args…` and returns what it printed.
fn python(script: &str, args: &[&std::path::Path]) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (scripts/test installs openpyxl)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_period_report_downloads_as_xlsx_and_pdf_in_both_languages() {
    let email = "humas@baliprov.go.id";
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[(email, "51", Role::Admin, Reach::Subtree)])
        .await;
    let editor = setup.principal(email).await;
    let app = setup.in_process();
    let input = ReleaseInput {
        title: "Festival Bali Jani dibuka".into(),
        lead: "Festival seni".into(),
        body: "Isi siaran.".into(),
        language: "id".into(),
        ..Default::default()
    };
    let id = app
        .state
        .newsroom
        .create_release(&editor, &UnitCode::parse("51.71").unwrap(), &input)
        .await
        .unwrap();
    for op in [
        ReleaseOp::Submit,
        ReleaseOp::Approve,
        ReleaseOp::Release(Timing::Now),
    ] {
        let v = app.state.store.release(id).await.unwrap().unwrap().version;
        app.state
            .newsroom
            .move_release(&editor, id, v, op, "")
            .await
            .unwrap();
    }
    Kinerja::new(app.state.store.clone())
        .catch_up()
        .await
        .unwrap();
    app.clock.set(sinergi_testkit::TEST_NOW + 86_400_000_000);

    // Linked from the dashboard.
    let page = app.get("/kinerja/51", None).await;
    assert!(
        page.body.contains("/kinerja/51/report.xlsx?period=2026-06"),
        "{}",
        page.body
    );
    assert!(page.body.contains("/kinerja/51/report.pdf?period=2026-06"));

    let tmp = std::env::temp_dir().join(format!("kinerja-report-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let xlsx = app
        .get("/kinerja/51/report.xlsx?period=2026-06", None)
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.header("content-disposition")
            .contains("kinerja-51-2026-06.xlsx")
    );
    let path = tmp.join("r.xlsx");
    std::fs::write(&path, &xlsx.bytes).unwrap();
    // Read back: the sheets, and the figures as numbers, not text.
    let read = python(
        r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ind = wb[wb.sheetnames[1]]
rows = {r[1]: [r[2], r[3]] for r in ind.iter_rows(min_row=2, values_only=True)}
summary = {r[0]: r[1] for r in wb[wb.sheetnames[0]].iter_rows(min_row=3, values_only=True)}
children = [list(r[:4]) for r in wb[wb.sheetnames[3]].iter_rows(min_row=2, values_only=True)]
print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "summary": summary, "children": children, "charts": len(wb[wb.sheetnames[2]]._charts)}))
"#,
        &[&path],
    );
    let v: serde_json::Value = serde_json::from_str(&read).unwrap();
    assert_eq!(
        v["sheets"],
        serde_json::json!(["Ringkasan", "Indikator", "Tren", "Unit di bawah", "Bobot"])
    );
    assert_eq!(
        v["rows"]["releases_published"],
        serde_json::json!([1, "count"])
    );
    assert_eq!(v["rows"]["continuity"][1], "share");
    assert!(v["rows"]["continuity"][0].is_number());
    assert_eq!(
        v["rows"]["media_pickups"],
        serde_json::json!([null, "not_measured"])
    );
    // Internal indicators only for the unit's staff.
    assert!(v["rows"].get("achievements_recorded").is_none());
    assert_eq!(v["summary"]["Unit"], "Bali");
    assert!(v["summary"]["Indeks kinerja"].is_number());
    assert!(
        v["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c[2] == "Kota Denpasar" && c[0] == 1 && c[3].is_number()),
        "{}",
        v["children"]
    );
    assert_eq!(v["charts"], 1);

    let session = app.sign_in(email).await;
    let staff = app
        .get("/kinerja/51/report.xlsx?period=2026-06", Some(&session))
        .await;
    std::fs::write(&path, &staff.bytes).unwrap();
    let read = python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(",".join(str(r[1]) for r in wb[wb.sheetnames[1]].iter_rows(min_row=2, values_only=True)))
"#,
        &[&path],
    );
    assert!(read.contains("achievements_recorded"), "{read}");

    for (lang, words) in [
        (
            "id",
            [
                "Laporan kinerja",
                "Siaran pers terbit",
                "Kota Denpasar",
                "belum diukur",
            ],
        ),
        (
            "en",
            [
                "Performance report",
                "Releases published",
                "Kota Denpasar",
                "not measured yet",
            ],
        ),
    ] {
        let pdf = app
            .get_with(
                "/kinerja/51/report.pdf?period=2026-06",
                &[("cookie", &format!("lang={lang}"))],
            )
            .await;
        assert_eq!(pdf.status, 200, "{}", pdf.body);
        assert!(pdf.bytes.starts_with(b"%PDF"));
        let path = tmp.join(format!("r-{lang}.pdf"));
        std::fs::write(&path, &pdf.bytes).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs (scripts/test installs poppler-utils)");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for w in words {
            assert!(text.contains(w), "{lang}: {w} not in {text}");
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[tokio::test]
async fn a_network_administrator_sets_the_weights_and_every_period_follows() {
    let admin = "hkip@menpan.example.go.id";
    let province = "humas@baliprov.go.id";
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[
            (admin, "kemenpanrb", Role::Admin, Reach::Network),
            (province, "51", Role::Admin, Reach::Subtree),
        ])
        .await;
    let app = setup.in_process();
    let page = app.get("/kinerja/weights", None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Bobot indeks kinerja"));
    assert!(
        !page.body.contains("action=\"/kinerja/weights\""),
        "the public reads, never sets"
    );
    let leap = app.get("/kinerja", None).await;
    assert!(leap.body.contains("href=\"/kinerja/weights\""));

    // A province administrator may not set them.
    let theirs = app.sign_in(province).await;
    assert!(
        !app.get("/kinerja/weights", Some(&theirs))
            .await
            .body
            .contains("action=\"/kinerja/weights\"")
    );
    let fields = |coverage: &'static str| {
        vec![
            ("coverage", coverage),
            ("continuity", "20"),
            ("campaign_adoption", "10"),
            ("timeliness", "10"),
            ("synergy", "10"),
            ("media_pickups", "10"),
            ("events", "5"),
            ("commitments", "5"),
            ("reason", "Cakupan publikasi diutamakan tahun ini."),
        ]
    };
    let refused = app
        .post_form("/kinerja/weights", &theirs, &fields("30"))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    let session = app.sign_in(admin).await;
    let form = app.get("/kinerja/weights", Some(&session)).await;
    assert!(form.body.contains("action=\"/kinerja/weights\""));
    // Not adding up to 100: refused with the reason, nothing lost.
    let bad = app
        .post_form("/kinerja/weights", &session, &fields("31"))
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("Jumlah bobot 101"), "{}", bad.body);
    assert!(bad.body.contains("value=\"31\""));
    assert!(bad.body.contains("Cakupan publikasi diutamakan tahun ini."));
    let ok = app
        .post_form("/kinerja/weights", &session, &fields("30"))
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let after = app.get("/kinerja/weights", None).await;
    assert!(
        after
            .body
            .contains("Cakupan publikasi diutamakan tahun ini.")
    );
    assert!(
        !after.body.contains(admin),
        "who set them is for administrators"
    );
    assert!(
        app.get("/kinerja/weights", Some(&session))
            .await
            .body
            .contains(admin)
    );
    // In force through the API, with the history; and audited.
    let (status, v) = app.get_json("/api/v1/kinerja/weights").await;
    assert_eq!(status, 200);
    assert_eq!(v["weights"]["coverage"], 30);
    assert_eq!(v["default"]["coverage"], 25);
    assert_eq!(v["history"].as_array().unwrap().len(), 1);
    assert!(v["history"][0]["set_by"].is_null());
    let audit = app.get("/audit", Some(&session)).await;
    assert!(audit.body.contains("kinerja.weights"), "{}", audit.body);
    assert_eq!(
        app.state.kinerja.weights().await.unwrap().0,
        [30, 20, 10, 10, 10, 10, 5, 5]
    );
}
