//! The migrations of each backend, embedded in the binary.
//!
//! sqlx's `migrate!` macro would pull in the whole macro toolchain for one
//! directory listing; the list below is the same thing by hand. Add a new
//! migration to both folders and to both lists.

use std::borrow::Cow;
use std::sync::LazyLock;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

type Source = (i64, &'static str, &'static str);

const SQLITE: &[Source] = &[
    (
        20261129000001,
        "units",
        include_str!("../migrations/sqlite/20261129000001_units.sql"),
    ),
    (
        20261129000002,
        "accounts",
        include_str!("../migrations/sqlite/20261129000002_accounts.sql"),
    ),
    (
        20261129000003,
        "newsroom",
        include_str!("../migrations/sqlite/20261129000003_newsroom.sql"),
    ),
    (
        20261129000004,
        "campaigns",
        include_str!("../migrations/sqlite/20261129000004_campaigns.sql"),
    ),
    (
        20261129000005,
        "press_contacts",
        include_str!("../migrations/sqlite/20261129000005_press_contacts.sql"),
    ),
    (
        20261206000015,
        "release_numbers",
        include_str!("../migrations/sqlite/20261206000015_release_numbers.sql"),
    ),
    (
        20261206000021,
        "kinerja",
        include_str!("../migrations/sqlite/20261206000021_kinerja.sql"),
    ),
    (
        20261207000018,
        "contacts",
        include_str!("../migrations/sqlite/20261207000018_contacts.sql"),
    ),
];

const POSTGRES: &[Source] = &[
    (
        20261129000001,
        "units",
        include_str!("../migrations/postgres/20261129000001_units.sql"),
    ),
    (
        20261129000002,
        "accounts",
        include_str!("../migrations/postgres/20261129000002_accounts.sql"),
    ),
    (
        20261129000003,
        "newsroom",
        include_str!("../migrations/postgres/20261129000003_newsroom.sql"),
    ),
    (
        20261129000004,
        "campaigns",
        include_str!("../migrations/postgres/20261129000004_campaigns.sql"),
    ),
    (
        20261129000005,
        "press_contacts",
        include_str!("../migrations/postgres/20261129000005_press_contacts.sql"),
    ),
    (
        20261206000015,
        "release_numbers",
        include_str!("../migrations/postgres/20261206000015_release_numbers.sql"),
    ),
    (
        20261206000021,
        "kinerja",
        include_str!("../migrations/postgres/20261206000021_kinerja.sql"),
    ),
    (
        20261207000018,
        "contacts",
        include_str!("../migrations/postgres/20261207000018_contacts.sql"),
    ),
];

fn migrator(sources: &[Source]) -> Migrator {
    Migrator::with_migrations(
        sources
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

pub(crate) static SQLITE_MIGRATIONS: LazyLock<Migrator> = LazyLock::new(|| migrator(SQLITE));
pub(crate) static POSTGRES_MIGRATIONS: LazyLock<Migrator> = LazyLock::new(|| migrator(POSTGRES));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_versions() {
        let versions = |s: &[Source]| s.iter().map(|m| m.0).collect::<Vec<_>>();
        assert_eq!(versions(SQLITE), versions(POSTGRES));
    }
}
