//! Configuration, layered: defaults → `sinergi.toml` (or `--config FILE`) →
//! `SINERGI_…` environment variables → command-line flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// Secrets (`database_url`, `smtp_url`: both may carry a password) are
/// `SecretString`s: `{:?}` shows `[REDACTED]` and serialising shows the URL
/// with its password as `***`. Only the code that connects calls
/// `expose_secret()`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Where the embedded database and other local files live.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; empty means SQLite in `data_dir`.
    #[serde(default = "no_secret", serialize_with = "serialize_redacted")]
    pub database_url: SecretString,
    pub listen: SocketAddr,
    pub max_connections: u32,
    /// `text` for people, `json` for log collectors.
    pub log_format: String,
    /// The address people reach Sinergi at; links in e-mails point here, and
    /// cookies are marked Secure when it is https.
    pub base_url: String,
    /// `smtp://[user[:password]@]host[:port]` (plain), with `?tls=starttls`
    /// (STARTTLS required), or `smtps://…` (TLS); empty: e-mail goes to
    /// the log.
    #[serde(default = "no_secret", serialize_with = "serialize_redacted")]
    pub smtp_url: SecretString,
    pub mail_from: String,
    /// More trusted roots for the SMTP server's certificate (a PEM file),
    /// beside the system's; empty for none.
    #[serde(default)]
    pub smtp_ca_file: String,
    /// DKIM: every message is signed as `dkim_selector._domainkey.dkim_domain`
    /// with the RSA key in `dkim_key_file` (PKCS#1 PEM) when all three are set.
    #[serde(default)]
    pub dkim_selector: String,
    #[serde(default)]
    pub dkim_domain: String,
    #[serde(default)]
    pub dkim_key_file: String,
    /// At most this many messages a minute to one recipient domain (per
    /// node); 0: no limit.
    #[serde(default)]
    pub mail_per_domain_per_minute: u32,
    /// E-mails a node sends at once, each over its own SMTP connection.
    #[serde(default = "default_mail_concurrency")]
    pub mail_concurrency: usize,
    /// Take the client address from X-Forwarded-For (only behind a proxy).
    pub trust_forwarded_for: bool,
    pub min_password_chars: usize,
    /// The search index folder; empty means `<data_dir>/index`.
    #[serde(default)]
    pub index_dir: String,
    /// Memory for decoding and re-encoding uploaded images, all uploads
    /// together, in MiB; uploads beyond it wait their turn.
    pub upload_memory_mb: u32,
    /// The most one image may need of it, in MiB; a larger one is refused.
    pub upload_image_memory_mb: u32,
    /// Images processed at once; 0 means half the cores.
    pub upload_jobs: u32,
    /// How often the public cache reads the change feed for writes made
    /// by other processes (sharing the database), in milliseconds: the
    /// most such a write is served stale. Writes in this process reach
    /// the cache at once.
    #[serde(default = "default_public_cache_poll_ms")]
    pub public_cache_poll_ms: u64,
    /// Poll the media sources in the background of `serve`.
    #[serde(default = "default_true")]
    pub monitor_poll: bool,
    /// Releases published this many days before an article are matched to it.
    #[serde(default = "default_monitor_window_days")]
    pub monitor_window_days: i64,
    /// Hosts the poller fetches even at non-public addresses (an intranet's
    /// outlets; tests). Everything else must resolve to public addresses.
    #[serde(default)]
    pub monitor_allowed_hosts: Vec<String>,
    /// How long a node's hold on a background job (the campaign and kinerja
    /// projections) lasts without renewal, in seconds: another node takes a
    /// dead node's job over within this time.
    #[serde(default = "default_lease_ttl_secs")]
    pub lease_ttl_secs: u64,
    /// How long a node holds an e-mail it is sending, in seconds: if the node
    /// dies mid-send, another sends the message again (same `Message-ID`)
    /// after this. Keep it well above the SMTP server's slowest answer.
    #[serde(default = "default_outbox_lease_secs")]
    pub outbox_lease_secs: u64,
}

fn default_mail_concurrency() -> usize {
    4
}

fn default_outbox_lease_secs() -> u64 {
    120
}

fn default_lease_ttl_secs() -> u64 {
    sinergi_store::leases::LEASE_TTL.as_secs()
}

fn default_true() -> bool {
    true
}

fn default_monitor_window_days() -> i64 {
    30
}

fn default_public_cache_poll_ms() -> u64 {
    500
}

/// Values given on the command line; `None` leaves the layer below.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub listen: Option<SocketAddr>,
}

pub const DEFAULT_CONFIG_FILE: &str = "sinergi.toml";

fn no_secret() -> SecretString {
    SecretString::from("")
}

/// A URL secret is written with its password as `***`, never in clear.
fn serialize_redacted<S: serde::Serializer>(
    url: &SecretString,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&sinergi_store::connect::redact(url.expose_secret()))
}

impl Settings {
    pub fn load(overrides: &Overrides) -> anyhow::Result<Settings> {
        let mut builder = config::Config::builder()
            .set_default("data_dir", "./sinergi-data")?
            .set_default("database_url", "")?
            .set_default("listen", "127.0.0.1:8080")?
            .set_default("max_connections", 16)?
            .set_default("log_format", "text")?
            .set_default("base_url", "http://127.0.0.1:8080")?
            .set_default("smtp_url", "")?
            .set_default("mail_from", "Sinergi <noreply@sinergi.invalid>")?
            .set_default("trust_forwarded_for", false)?
            .set_default("min_password_chars", 12)?
            .set_default("index_dir", "")?
            .set_default("upload_memory_mb", sinergi_media::DEFAULT_BUDGET_MIB)?
            .set_default(
                "upload_image_memory_mb",
                sinergi_media::DEFAULT_IMAGE_MEMORY_MIB,
            )?
            .set_default("upload_jobs", 0)?
            .set_default("public_cache_poll_ms", default_public_cache_poll_ms())?;
        builder = match &overrides.config_file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "the configuration file {} does not exist",
                    path.display()
                );
                builder.add_source(config::File::from(path.as_path()))
            }
            None => builder
                .add_source(config::File::from(Path::new(DEFAULT_CONFIG_FILE)).required(false)),
        };
        builder =
            builder.add_source(config::Environment::with_prefix("SINERGI").prefix_separator("_"));
        if let Some(d) = &overrides.data_dir {
            builder = builder.set_override("data_dir", d.display().to_string())?;
        }
        if let Some(u) = &overrides.database_url {
            builder = builder.set_override("database_url", u.as_str())?;
        }
        if let Some(l) = &overrides.listen {
            builder = builder.set_override("listen", l.to_string())?;
        }
        let settings: Settings = builder
            .build()
            .and_then(|c| c.try_deserialize())
            .context("the configuration is not valid")?;
        anyhow::ensure!(
            matches!(settings.log_format.as_str(), "text" | "json"),
            "log_format must be `text` or `json`, not `{}`",
            settings.log_format
        );
        anyhow::ensure!(
            settings.lease_ttl_secs >= 1 && settings.outbox_lease_secs >= 1,
            "lease_ttl_secs and outbox_lease_secs must be at least 1"
        );
        anyhow::ensure!(
            settings.upload_image_memory_mb >= 16
                && settings.upload_image_memory_mb <= settings.upload_memory_mb,
            "upload_image_memory_mb ({}) must be at least 16 and at most upload_memory_mb ({})",
            settings.upload_image_memory_mb,
            settings.upload_memory_mb
        );
        Ok(settings)
    }

    /// The database to use: the configured URL, or SQLite in the data folder.
    pub fn database_url(&self) -> SecretString {
        if self.database_url.expose_secret().is_empty() {
            SecretString::from(self.sqlite_url())
        } else {
            self.database_url.clone()
        }
    }

    pub fn accounts_config(&self) -> sinergi_accounts::AccountsConfig {
        sinergi_accounts::AccountsConfig {
            base_url: self.base_url.clone(),
            policy: sinergi_domain::password_policy::PasswordPolicy {
                min_chars: self.min_password_chars.max(8),
            },
            ..Default::default()
        }
    }

    /// Upload limits and the image memory budget for the whole process.
    pub fn uploads(&self) -> sinergi_media::Uploads {
        let jobs = match self.upload_jobs {
            0 => sinergi_media::default_jobs(),
            n => n,
        };
        sinergi_media::Uploads::new(
            sinergi_media::UploadLimits {
                max_image_memory: u64::from(self.upload_image_memory_mb) << 20,
                ..Default::default()
            },
            sinergi_media::ImageBudget::new(self.upload_memory_mb, jobs),
        )
    }

    /// Where the search index lives: `index_dir`, or `index` in the data folder.
    pub fn index_dir(&self) -> PathBuf {
        if self.index_dir.is_empty() {
            self.data_dir.join("index")
        } else {
            PathBuf::from(&self.index_dir)
        }
    }

    /// The monitoring service's settings.
    pub fn monitoring_config(&self) -> sinergi_monitoring::MonitoringConfig {
        sinergi_monitoring::MonitoringConfig {
            window_days: self.monitor_window_days.clamp(1, 366),
            ..Default::default()
        }
    }

    /// The poller's settings: a User-Agent naming this site, the allowed hosts.
    pub fn poller_config(&self) -> sinergi_monitoring::poller::PollerConfig {
        let mut config = sinergi_monitoring::poller::PollerConfig::for_site(&self.base_url);
        config.allowed_hosts = self.monitor_allowed_hosts.clone();
        config
    }

    pub fn sqlite_url(&self) -> String {
        format!("sqlite://{}", self.data_dir.join("sinergi.db").display())
    }

    /// The effective configuration as TOML, with any password hidden (by
    /// `serialize_redacted`).
    pub fn to_display_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database_url = self.database_url();
        toml::to_string_pretty(&shown).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://u:pw@db/sinergi\"\n",
        )
        .unwrap();
        let s = Settings::load(&Overrides {
            config_file: Some(file.clone()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.listen.to_string(), "0.0.0.0:9000");
        assert!(s.to_display_toml().contains("postgres://u:***@db/sinergi"));
        assert!(!s.to_display_toml().contains("pw"));
        let s = Settings::load(&Overrides {
            config_file: Some(file),
            listen: Some("127.0.0.1:1234".parse().unwrap()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:1234");
    }

    #[test]
    fn upload_memory_is_configurable_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.toml");
        std::fs::write(
            &file,
            "upload_memory_mb = 512\nupload_image_memory_mb = 200\nupload_jobs = 3\n",
        )
        .unwrap();
        let s = Settings::load(&Overrides {
            config_file: Some(file.clone()),
            ..Default::default()
        })
        .unwrap();
        let uploads = s.uploads();
        assert_eq!(uploads.budget.total_mib(), 512);
        assert_eq!(uploads.budget.max_jobs(), 3);
        assert_eq!(uploads.limits.max_image_memory, 200 << 20);
        std::fs::write(&file, "upload_memory_mb = 100\n").unwrap();
        let e = Settings::load(&Overrides {
            config_file: Some(file),
            ..Default::default()
        })
        .unwrap_err();
        assert!(format!("{e:#}").contains("upload_image_memory_mb"), "{e:#}");
    }

    #[test]
    fn passwords_never_show_in_debug_or_display() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.toml");
        std::fs::write(
            &file,
            "database_url = \"postgres://sinergi:db-Secret-1@db.example/sinergi\"\n\
             smtp_url = \"smtp://mailer:smtp-Secret-2@mx.example:587\"\n",
        )
        .unwrap();
        let s = Settings::load(&Overrides {
            config_file: Some(file),
            ..Default::default()
        })
        .unwrap();
        for shown in [format!("{s:?}"), format!("{s:#?}"), s.to_display_toml()] {
            assert!(!shown.contains("db-Secret-1"), "{shown}");
            assert!(!shown.contains("smtp-Secret-2"), "{shown}");
        }
        assert!(format!("{s:?}").contains("REDACTED"));
        let toml = s.to_display_toml();
        assert!(
            toml.contains("postgres://sinergi:***@db.example/sinergi"),
            "{toml}"
        );
        assert!(toml.contains("smtp://mailer:***@mx.example:587"), "{toml}");
        // The places that connect still get the real thing.
        assert_eq!(
            s.database_url().expose_secret(),
            "postgres://sinergi:db-Secret-1@db.example/sinergi"
        );
        assert_eq!(
            s.smtp_url.expose_secret(),
            "smtp://mailer:smtp-Secret-2@mx.example:587"
        );
    }

    #[tokio::test]
    async fn a_database_that_cannot_be_opened_is_reported_without_its_password() {
        // What `serve` logs when it cannot connect is the store's error.
        for url in [
            "mysql://sinergi:db-Secret-1@db.example/sinergi",
            "postgres://sinergi:db-Secret-1@[not a host/sinergi",
        ] {
            let e = sinergi_store::Store::connect(url, 1).await.unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("db-Secret-1"), "{shown}");
            assert!(shown.contains("sinergi:***@"), "{shown}");
        }
    }

    #[test]
    fn sqlite_in_the_data_dir_by_default() {
        let s = Settings::load(&Overrides {
            data_dir: Some("/tmp/x".into()),
            ..Default::default()
        })
        .unwrap();
        if std::env::var("SINERGI_DATABASE_URL").is_err() {
            assert_eq!(
                s.database_url().expose_secret(),
                "sqlite:///tmp/x/sinergi.db"
            );
        }
    }
}
