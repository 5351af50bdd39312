use thiserror::Error;

/// What can go wrong in the store, phrased for the person who will read it.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot reach the database at {url}: {source}")]
    Unreachable {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error(
        "the database address `{0}` is not understood: use sqlite://PATH or postgres://USER@HOST/DB"
    )]
    BadUrl(String),
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} was not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the cursor is not valid; start again from the first page")]
    BadCursor,
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// From a bulk path's own SQLite connection (`sqlite_direct.rs`).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl From<sqlx::Error> for StoreError {
    /// A column that does not decode into its row struct's field (a code,
    /// a state or a kind that does not parse) is corrupt stored data, as
    /// when the store parsed it by hand.
    fn from(e: sqlx::Error) -> StoreError {
        match e {
            sqlx::Error::ColumnDecode { index, source } => {
                let why = source.to_string();
                // sqlx 0.9.0 loses the message of a `#[sqlx(try_from)]`
                // conversion (its `__spec_error!` never specialises), so
                // that case names only the column.
                if why.starts_with("unprintable error") {
                    StoreError::Corrupt(format!("column {index} holds a value that does not parse"))
                } else {
                    StoreError::Corrupt(format!("column {index}: {why}"))
                }
            }
            other => StoreError::Database(other),
        }
    }
}
