//! What the accounts stories share: the service on a fresh database with
//! Bali and Kota Surabaya, and the units an actor in Kota Denpasar is
//! tested against.

use std::sync::Arc;

use sinergi_accounts::{Accounts, AccountsConfig, HashCost};
use sinergi_domain::UnitCode;
use sinergi_domain::clock::FixedClock;
use sinergi_testkit::{TEST_NOW, TestDb};

/// Units related to Kota Denpasar (51.71) in every way that matters to
/// reach: the relation's name and the unit's code.
pub const TARGETS: [(&str, &str); 7] = [
    ("same unit", "51.71"),
    ("its parent", "51"),
    ("its child", "51.71.01"),
    ("deeper descendant", "51.71.01.1006"),
    ("sibling", "51.03"),
    ("unrelated", "35.78"),
    ("national", "kemenpanrb"),
];

pub fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

/// The accounts service (test hashing, the clock at [`TEST_NOW`]) on a
/// fresh database holding Bali and Kota Surabaya.
pub async fn setup() -> (TestDb, Accounts) {
    let db = TestDb::with_network(&["51", "35.78"]).await;
    let config = AccountsConfig {
        hash_cost: HashCost::Test,
        ..Default::default()
    };
    let accounts = Accounts::new(db.store.clone(), Arc::new(FixedClock::at(TEST_NOW)), config);
    (db, accounts)
}
