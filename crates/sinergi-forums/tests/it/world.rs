//! The people and places of the stories: KemenPANRB's national
//! coordinator, Bali's province admin, Denpasar's editor and viewer,
//! Badung's editor and Surabaya's admin, with the whole of Bali and Kota
//! Surabaya in the network.

use std::sync::Arc;

use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_forums::{EventInput, Forums};
use sinergi_testkit::fixtures::{SITE, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

pub struct World {
    pub db: TestDb,
    pub clock: Arc<FixedClock>,
    pub forums: Forums,
    pub network: Principal,
    pub bali_admin: Principal,
    pub denpasar_editor: Principal,
    pub denpasar_viewer: Principal,
    pub badung_editor: Principal,
    pub surabaya_admin: Principal,
}

pub async fn world() -> World {
    let db = TestDb::with_network(&["51", "35.78"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let people = staff(
        &db.store,
        &[
            (
                "hkip@menpan.example.go.id",
                "kemenpanrb",
                Role::Admin,
                Reach::Network,
            ),
            (
                "admin@baliprov.example.go.id",
                "51",
                Role::Admin,
                Reach::Subtree,
            ),
            (
                "editor@denpasarkota.example.go.id",
                "51.71",
                Role::Editor,
                Reach::Unit,
            ),
            (
                "viewer@denpasarkota.example.go.id",
                "51.71",
                Role::Viewer,
                Reach::Unit,
            ),
            (
                "editor@badungkab.example.go.id",
                "51.03",
                Role::Editor,
                Reach::Unit,
            ),
            (
                "admin@surabaya.example.go.id",
                "35.78",
                Role::Admin,
                Reach::Subtree,
            ),
        ],
    )
    .await;
    let forums = Forums::new(db.store.clone(), clock.clone(), SITE);
    let mut p = people.into_iter();
    World {
        db,
        clock,
        forums,
        network: p.next().unwrap(),
        bali_admin: p.next().unwrap(),
        denpasar_editor: p.next().unwrap(),
        denpasar_viewer: p.next().unwrap(),
        badung_editor: p.next().unwrap(),
        surabaya_admin: p.next().unwrap(),
    }
}

/// A workshop of `organiser` at `starts` (local time at the venue),
/// inviting `invited`.
pub fn workshop(organiser: &str, starts: &str, invited: &[&str]) -> EventInput {
    EventInput {
        organiser: organiser.into(),
        kind: "workshop".into(),
        title: format!("Workshop sinergi kampanye ({organiser})"),
        starts: starts.into(),
        venue: "51.71".into(),
        address: "Jl. Surapati No. 7, Denpasar".into(),
        agenda: "1. Pembukaan\n2. Diskusi".into(),
        visibility: "public".into(),
        invited: vec![invited.join(" ")],
        ..Default::default()
    }
}
