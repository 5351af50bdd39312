//! The home page as the network's newsroom, the navigation's areas and a
//! unit page as a hub, through the real router on a real database
//! (SQLite, or PostgreSQL with SINERGI_TEST_DATABASE_URL).

use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_domain::{ReleaseId, UnitCode};
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::app::{InProcessApp, Resp, Session, Setup};

const SECOND: i64 = 1_000_000;

struct Fixture {
    app: InProcessApp,
    editor: Principal,
    session: Session,
}

async fn fixture() -> Fixture {
    let email = "humas@baliprov.go.id";
    let mut setup = Setup::for_router_at(&["51"], "https://sinergi.example").await;
    setup
        .people(&[(email, "51", Role::Admin, Reach::Subtree)])
        .await;
    let editor = setup.principal(email).await;
    let app = setup.in_process();
    let session = app.sign_in(email).await;
    Fixture {
        app,
        editor,
        session,
    }
}

impl Fixture {
    async fn get(&self, uri: &str) -> Resp {
        self.app.get(uri, None).await
    }

    /// A release of `unit` through the whole workflow, public now.
    async fn publish(&self, unit: &str, title: &str) -> ReleaseId {
        let input = ReleaseInput {
            title: title.into(),
            lead: format!("Ringkasan {title}"),
            body: "Isi siaran.".into(),
            tags: "banjir".into(),
            language: "id".into(),
            ..Default::default()
        };
        let newsroom = &self.app.state.newsroom;
        let id = newsroom
            .create_release(&self.editor, &UnitCode::parse(unit).unwrap(), &input)
            .await
            .unwrap();
        for op in [
            ReleaseOp::Submit,
            ReleaseOp::Approve,
            ReleaseOp::Release(Timing::Now),
        ] {
            let v = self
                .app
                .state
                .store
                .release(id)
                .await
                .unwrap()
                .unwrap()
                .version;
            newsroom
                .move_release(&self.editor, id, v, op, "")
                .await
                .unwrap();
        }
        id
    }
}

#[tokio::test]
async fn the_home_page_is_the_networks_newsroom_served_from_the_public_cache() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.app.clock.advance(SECOND);

    let first = f.get("/").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("x-cache"), "miss");
    assert!(first.body.contains("Banjir di Denpasar surut"));
    // The unit is named with its parent, not by its code.
    assert!(first.body.contains("Kota Denpasar, Bali"), "{}", first.body);
    let renders = f.app.state.public_cache.renders();
    let second = f.get("/").await;
    assert_eq!(second.header("x-cache"), "hit");
    assert_eq!(second.body, first.body);
    assert_eq!(f.app.state.public_cache.renders(), renders);

    // A publish reaches the home page on the next request.
    f.publish("51.71", "Pasar murah di Sanur").await;
    f.app.clock.advance(SECOND);
    let after = f.get("/").await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Pasar murah di Sanur"));

    // Signed in, the page is the person's own: never from the cache, and
    // it says who is signed in for which unit.
    let mine = f.app.get("/", Some(&f.session)).await;
    assert_eq!(mine.status, 200);
    assert_ne!(mine.header("x-cache"), "hit");
    assert!(
        mine.body.contains("humas@baliprov.go.id · Bali"),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("href=\"/workspace\""));
    assert!(!first.body.contains("humas@baliprov.go.id"));
    // Anonymous, "Masuk" comes back to the page it was pressed on.
    assert!(first.body.contains("href=\"/sign-in?next=/\""));
    let releases = f.get("/releases").await;
    assert!(releases.body.contains("href=\"/sign-in?next=/releases\""));
}

#[tokio::test]
async fn every_area_in_the_navigation_is_a_real_page() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.app.clock.advance(SECOND);
    let home = f.get("/").await;
    for area in [
        "/releases",
        "/campaigns/running",
        "/press",
        "/register",
        "/network",
    ] {
        assert!(
            home.body.contains(&format!("href=\"{area}\"")),
            "{area} is in the navigation"
        );
        let page = f.get(area).await;
        assert_eq!(page.status, 200, "{area}: {}", page.body);
    }
    let releases = f.get("/releases").await;
    assert!(releases.body.contains("Banjir di Denpasar surut"));
    assert!(releases.body.contains("aria-current=\"page\""));
    assert_eq!(f.get("/register?kind=poem").await.status, 400);
    let icon = f.get("/favicon.ico").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), "image/x-icon");
}

#[tokio::test]
async fn a_unit_page_is_a_hub_and_an_empty_one_says_what_to_do() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.app.clock.advance(SECOND);
    let province = f.get("/units/51").await;
    assert_eq!(province.status, 200);
    assert!(province.body.contains("Banjir di Denpasar surut"));
    assert!(province.body.contains("href=\"/feeds/subtree/51.rss\""));
    // The gap and the campaigns are internal.
    assert!(!province.body.contains("/gap?unit=51"));
    let inside = f.app.get("/units/51", Some(&f.session)).await;
    assert!(
        inside.body.contains("/gap?unit=51&#38;subtree=1")
            || inside.body.contains("/gap?unit=51&amp;subtree=1"),
        "{}",
        inside.body
    );

    let village = f.get("/units/51.71.01.1006").await;
    assert_eq!(village.status, 200);
    assert!(village.body.contains("Belum ada yang terbit"));
    assert!(!village.body.contains("tidak memiliki sub-unit"));
    assert!(village.body.contains("/sign-in?next=/units/51.71.01.1006"));
}

#[tokio::test]
async fn a_village_release_is_placed_by_its_district_and_regency() {
    let f = fixture().await;
    f.publish("51.71.01.1006", "Festival layang-layang Sanur")
        .await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.app.clock.advance(SECOND);
    let home = f.get("/").await;
    assert!(
        home.body
            .contains("Kel. Sanur, Kec. Denpasar Selatan, Kota Denpasar"),
        "{}",
        home.body
    );
    assert!(home.body.contains("Kota Denpasar, Bali"));
    let releases = f.get("/releases").await;
    assert!(
        releases
            .body
            .contains("Kel. Sanur, Kec. Denpasar Selatan, Kota Denpasar")
    );
}
