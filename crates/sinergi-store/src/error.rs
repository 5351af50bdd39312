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
    Database(#[from] sqlx::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}
