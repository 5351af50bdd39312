//! The accounts `sinergi demo` creates, so a visitor can try every role.
//! Demo only: `serve` never creates accounts with a known password.

use sinergi_accounts::{AccountError, Accounts};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Reach, Role};
use sinergi_store::{Store, StoreError};
use std::sync::Arc;

use crate::settings::Settings;

pub const PASSWORD: &str = "sinergi-demo-2026";

/// (e-mail, name, unit, role, reach)
pub const ACCOUNTS: [(&str, &str, &str, Role, Reach); 5] = [
    (
        "admin@sinergi.demo",
        "Koordinator Nasional (Biro HKIP)",
        "kemenpanrb.hkip",
        Role::Admin,
        Reach::Network,
    ),
    (
        "humas@baliprov.demo",
        "Humas Pemprov Bali",
        "51",
        Role::Admin,
        Reach::Subtree,
    ),
    (
        "redaksi@denpasarkota.demo",
        "Redaksi Humas Kota Denpasar",
        "51.71",
        Role::Editor,
        Reach::Unit,
    ),
    (
        "kontributor@denpasarkota.demo",
        "Kontributor Humas Kota Denpasar",
        "51.71",
        Role::Contributor,
        Reach::Unit,
    ),
    (
        "humas@jatimprov.demo",
        "Humas Pemprov Jawa Timur",
        "35",
        Role::Admin,
        Reach::Subtree,
    ),
];

pub const SUMMARY: &str = "Demo accounts (password: sinergi-demo-2026):
  admin@sinergi.demo             national coordinator, whole network (admin)
  humas@baliprov.demo            Humas Provinsi Bali, Bali and below (admin)
  redaksi@denpasarkota.demo      Humas Kota Denpasar (editor)
  kontributor@denpasarkota.demo  Humas Kota Denpasar (contributor)
  humas@jatimprov.demo           Humas Provinsi Jawa Timur, East Java and below (admin)";

pub async fn seed(store: &Store, settings: &Settings) -> anyhow::Result<()> {
    let accounts = Accounts::new(
        store.clone(),
        Arc::new(sinergi_web::SystemClock),
        settings.accounts_config(),
    );
    for (email, name, unit, role, reach) in ACCOUNTS {
        if store.user_by_email(email).await?.is_some() {
            continue;
        }
        let m = Membership {
            unit: UnitCode::parse(unit)?,
            role,
            reach,
        };
        match accounts.create_account(email, name, PASSWORD, &m).await {
            Ok(_) | Err(AccountError::Store(StoreError::Conflict(_))) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
