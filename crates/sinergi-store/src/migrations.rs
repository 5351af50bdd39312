//! The migrations of each backend, embedded in the binary.
//!
//! sqlx's `migrate!` macro would pull in the whole macro toolchain for one
//! directory listing; the list below is the same thing by hand. Add a new
//! migration to both folders, to both lists and to `migrations/SHIPPED`
//! (a test holds shipped migrations to their hashes: none is edited later).

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
    (
        20261207000019,
        "monitor",
        include_str!("../migrations/sqlite/20261207000019_monitor.sql"),
    ),
    (
        20261207000020,
        "forums",
        include_str!("../migrations/sqlite/20261207000020_forums.sql"),
    ),
    (
        20261207000022,
        "leases",
        include_str!("../migrations/sqlite/20261207000022_leases.sql"),
    ),
    (
        20261208000018,
        "contacts_more",
        include_str!("../migrations/sqlite/20261208000018_contacts_more.sql"),
    ),
    (
        20261208000019,
        "monitor_more",
        include_str!("../migrations/sqlite/20261208000019_monitor_more.sql"),
    ),
    (
        20261208000020,
        "forums_more",
        include_str!("../migrations/sqlite/20261208000020_forums_more.sql"),
    ),
    (
        20261208000021,
        "kinerja_weights",
        include_str!("../migrations/sqlite/20261208000021_kinerja_weights.sql"),
    ),
    (
        20261209000022,
        "digests",
        include_str!("../migrations/sqlite/20261209000022_digests.sql"),
    ),
    (
        20261210000023,
        "kinerja_day_versions",
        include_str!("../migrations/sqlite/20261210000023_kinerja_day_versions.sql"),
    ),
    (
        20261211000024,
        "outbox_pending",
        include_str!("../migrations/sqlite/20261211000024_outbox_pending.sql"),
    ),
    (
        20261212000025,
        "campaign_projection_checks",
        include_str!("../migrations/sqlite/20261212000025_campaign_projection_checks.sql"),
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
    (
        20261207000019,
        "monitor",
        include_str!("../migrations/postgres/20261207000019_monitor.sql"),
    ),
    (
        20261207000020,
        "forums",
        include_str!("../migrations/postgres/20261207000020_forums.sql"),
    ),
    (
        20261207000022,
        "leases",
        include_str!("../migrations/postgres/20261207000022_leases.sql"),
    ),
    (
        20261208000018,
        "contacts_more",
        include_str!("../migrations/postgres/20261208000018_contacts_more.sql"),
    ),
    (
        20261208000019,
        "monitor_more",
        include_str!("../migrations/postgres/20261208000019_monitor_more.sql"),
    ),
    (
        20261208000020,
        "forums_more",
        include_str!("../migrations/postgres/20261208000020_forums_more.sql"),
    ),
    (
        20261208000021,
        "kinerja_weights",
        include_str!("../migrations/postgres/20261208000021_kinerja_weights.sql"),
    ),
    (
        20261209000022,
        "digests",
        include_str!("../migrations/postgres/20261209000022_digests.sql"),
    ),
    (
        20261210000023,
        "kinerja_day_versions",
        include_str!("../migrations/postgres/20261210000023_kinerja_day_versions.sql"),
    ),
    (
        20261211000024,
        "outbox_pending",
        include_str!("../migrations/postgres/20261211000024_outbox_pending.sql"),
    ),
    (
        20261212000025,
        "campaign_projection_checks",
        include_str!("../migrations/postgres/20261212000025_campaign_projection_checks.sql"),
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

    /// A shipped migration is never edited (`migrations/SHIPPED`), and each
    /// one is listed there with its texts' hashes.
    #[test]
    fn shipped_migrations_are_unchanged() {
        use sha2::{Digest, Sha256};
        let hex = |text: &str| {
            Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let shipped: std::collections::BTreeMap<i64, (String, String)> =
            include_str!("../migrations/SHIPPED")
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    (f[0].parse().unwrap(), (f[1].to_owned(), f[2].to_owned()))
                })
                .collect();
        for ((version, name, sqlite), (_, _, postgres)) in SQLITE.iter().zip(POSTGRES) {
            let now = (hex(sqlite), hex(postgres));
            let line = format!("{version} {} {} {version}_{name}.sql", now.0, now.1);
            match shipped.get(version) {
                Some(listed) => assert_eq!(
                    listed, &now,
                    "migration {version}_{name} was edited after it shipped: put the change in a new \
                     migration and restore this one"
                ),
                None => panic!("add this line to migrations/SHIPPED:\n{line}"),
            }
        }
    }

    #[test]
    fn both_backends_have_the_same_versions() {
        let versions = |s: &[Source]| s.iter().map(|m| m.0).collect::<Vec<_>>();
        assert_eq!(versions(SQLITE), versions(POSTGRES));
    }
}
