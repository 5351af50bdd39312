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
