//! `sinergi admin create`: the first national administrator, from the
//! command line. `sinergi audit verify`: check the audit log's hash chain.

use std::io::Read;
use std::sync::Arc;

use sinergi_accounts::{Accounts, random_token};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Reach, Role};
use sinergi_store::accounts::audit::ChainCheck;

use crate::commands::open_store;
use crate::settings::Settings;

pub struct CreateAdmin {
    pub email: String,
    pub name: String,
    pub unit: String,
    pub password_stdin: bool,
}

pub async fn create(settings: Settings, input: CreateAdmin) -> anyhow::Result<()> {
    let store = open_store(&settings).await?;
    crate::commands::serve::prepare(&store).await?;
    let (password, generated) = if input.password_stdin {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        (s.trim_end_matches(['\n', '\r']).to_owned(), false)
    } else {
        (random_token(), true)
    };
    let accounts = Accounts::new(
        store.clone(),
        Arc::new(sinergi_web::SystemClock),
        settings.accounts_config(),
    );
    let membership = Membership {
        unit: UnitCode::parse(&input.unit)?,
        role: Role::Admin,
        reach: Reach::Network,
    };
    let id = accounts
        .create_account(&input.email, &input.name, &password, &membership)
        .await?;
    say!(
        "Created national administrator {} (user {id}) in {}.",
        input.email,
        input.unit
    );
    if generated {
        say!(
            "Password (shown once; change it after signing in via \"forgotten password\"): {password}"
        );
    }
    Ok(())
}

pub async fn verify(settings: Settings) -> anyhow::Result<()> {
    let store = open_store(&settings).await?;
    match store.verify_audit_chain().await? {
        ChainCheck::Intact { entries } => {
            say!("The audit log is intact: {entries} entries, every hash matches.");
            Ok(())
        }
        ChainCheck::Broken { seq, reason } => {
            anyhow::bail!("the audit log was tampered with at entry {seq}: {reason}")
        }
    }
}
