//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;
use crate::settings::{Overrides, Settings};

#[derive(Parser, Debug)]
#[command(
    name = "sinergi",
    version,
    about = "Sinergi: the platform of Indonesia's government PR network"
)]
pub struct Cli {
    /// Configuration file (default: ./sinergi.toml when present).
    #[arg(long, global = true, env = "SINERGI_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; accepted by every command that opens the database.
#[derive(Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Folder for the embedded database and local files [default: ./sinergi-data].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// postgres://USER@HOST/DB or sqlite://PATH [default: SQLite in the data folder].
    #[arg(long)]
    pub database: Option<String>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run Sinergi: apply migrations, then serve pages and the API.
    Serve(ServeArgs),
    /// Run Sinergi on the embedded SQLite with the whole real network of units.
    Demo {
        /// Folder for the demo database [default: ./sinergi-data].
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Address to listen on [default: 127.0.0.1:8080].
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Load data into the database.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Manage national units (ministries, agencies and their bureaus).
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Manage administrators.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Print the effective configuration (passwords hidden).
    Config(ServeArgs),
    /// Measure Sinergi on this machine.
    #[command(subcommand)]
    Bench(commands::bench::BenchCommand),
    /// Rebuild the search index from the database (run it while the server is stopped).
    Reindex(DbArgs),
    /// Kinerja: performance indicators per unit.
    #[command(subcommand)]
    Kinerja(commands::kinerja::KinerjaCommand),
    /// Show how the Indonesian analyzer stems and tokenizes text.
    #[command(subcommand)]
    Text(commands::text::TextCommand),
    /// Media monitoring: match news articles to the releases they report on.
    #[command(subcommand)]
    Monitor(commands::monitor::MonitorCommand),
    /// Copy the database and the media folder to a new folder, checked
    /// (online: the server may keep running).
    Backup {
        #[command(flatten)]
        db: DbArgs,
        /// The folder to write the backup to (new or empty).
        #[arg(long)]
        to: PathBuf,
    },
    /// Bring a backup back, then rebuild the search index (stop the server first).
    Restore {
        #[command(flatten)]
        db: DbArgs,
        /// A folder written by `sinergi backup`.
        #[arg(long)]
        from: PathBuf,
        /// Replace the database that is there.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Load or update every official administrative region (Kemendagri codes).
    Regions {
        #[command(flatten)]
        db: DbArgs,
        /// A folder with provinces.csv, regencies.csv, districts.csv and villages.csv
        /// (or .csv.gz) instead of the list bundled in the binary.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Retire however many regions the list no longer holds. Without it, an
        /// import that would retire more than 1% of the regions stops, since
        /// that usually means a cut-off file.
        #[arg(long)]
        allow_mass_retire: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create a national administrator (admin of the whole network).
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The national unit the administrator belongs to.
        #[arg(long, default_value = "kemenpanrb.hkip")]
        unit: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check every link of the audit log's hash chain.
    Verify(DbArgs),
}

#[derive(Subcommand, Debug)]
pub enum UnitCommand {
    /// Add a ministry, agency or bureau.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Lower-case code; a bureau's code starts with its parent's: kemenpanrb.hkip.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// ministry, agency or bureau.
        #[arg(long)]
        kind: String,
        /// Code of the parent unit, for a bureau.
        #[arg(long)]
        parent: Option<String>,
        /// Other names people search by, e.g. "BKN".
        #[arg(long)]
        aliases: Option<String>,
    },
}

impl DbArgs {
    pub fn overrides(&self, config: &Option<PathBuf>) -> Overrides {
        Overrides {
            config_file: config.clone(),
            data_dir: self.data_dir.clone(),
            database_url: self.database.clone(),
            listen: None,
        }
    }
}

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(dispatch(cli))
}

async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command {
        Command::Serve(args) => {
            let settings = Settings::load(&Overrides {
                listen: args.listen,
                ..args.db.overrides(&config)
            })?;
            commands::serve::run(settings).await
        }
        Command::Demo { data_dir, listen } => {
            let settings = Settings::load(&Overrides {
                config_file: config,
                data_dir,
                database_url: None,
                listen,
            })?;
            commands::demo::run(settings).await
        }
        Command::Migrate(db) => {
            commands::migrate::run(Settings::load(&db.overrides(&config))?).await
        }
        Command::Import(ImportCommand::Regions {
            db,
            from,
            allow_mass_retire,
        }) => {
            let options = sinergi_store::ImportOptions { allow_mass_retire };
            commands::import::run(Settings::load(&db.overrides(&config))?, from, options).await
        }
        Command::Unit(UnitCommand::Add {
            db,
            code,
            name,
            kind,
            parent,
            aliases,
        }) => {
            let settings = Settings::load(&db.overrides(&config))?;
            commands::unit_add::run(
                settings,
                commands::unit_add::Input {
                    code,
                    name,
                    kind,
                    parent,
                    aliases,
                },
            )
            .await
        }
        Command::Admin(AdminCommand::Create {
            db,
            email,
            name,
            unit,
            password_stdin,
        }) => {
            let settings = Settings::load(&db.overrides(&config))?;
            commands::admin::create(
                settings,
                commands::admin::CreateAdmin {
                    email,
                    name,
                    unit,
                    password_stdin,
                },
            )
            .await
        }
        Command::Audit(AuditCommand::Verify(db)) => {
            commands::admin::verify(Settings::load(&db.overrides(&config))?).await
        }
        Command::Config(args) => {
            let settings = Settings::load(&Overrides {
                listen: args.listen,
                ..args.db.overrides(&config)
            })?;
            commands::write_out(&settings.to_display_toml());
            Ok(())
        }
        Command::Reindex(db) => {
            commands::reindex::run(Settings::load(&db.overrides(&config))?).await
        }
        Command::Kinerja(k) => commands::kinerja::run(k, &config).await,
        Command::Bench(b) => commands::bench::run(b).await,
        Command::Text(t) => commands::text::run(t),
        Command::Monitor(commands::monitor::MonitorCommand::Eval(args)) => {
            commands::monitor::eval(args)
        }
        Command::Monitor(command) => commands::monitor_db::run(command, &config).await,
        Command::Backup { db, to } => {
            commands::backup::backup(Settings::load(&db.overrides(&config))?, to).await
        }
        Command::Restore { db, from, force } => {
            commands::backup::restore(Settings::load(&db.overrides(&config))?, from, force).await
        }
    }
}
