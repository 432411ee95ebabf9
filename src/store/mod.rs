//! SQLite storage, one file per table. Short transactions; work is claimed with
//! conditional `UPDATE … WHERE status = … RETURNING`, so a race has one winner.

pub mod alerts;
pub mod answers;
pub mod assignments;
pub mod counts;
pub mod deliveries;
pub mod jobs;
pub mod offers;
pub mod outreaches;
pub mod requests;
pub mod retention;
pub mod roster;
pub mod surges;
pub mod trail;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqlitePool, Transaction};

pub type Tx<'a> = Transaction<'a, sqlx::Sqlite>;

/// What a store function fails with. Callers name this, not the database library.
pub type Error = sqlx::Error;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database.url {url:?} is not a SQLite URL like sqlite://peer-support.db")]
    BadUrl { url: String },
    #[error("could not create the database file {path}: {source}")]
    Create { path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "the database {path} was written by a newer peer-support (schema {found}; this binary knows up to {known}). \
         Nothing was changed. Run the newer binary, or restore the backup taken before the upgrade."
    )]
    NewerSchema { path: String, found: i64, known: i64 },
}

/// The bot's database: a pool for reads and one connection for writes. SQLite takes one
/// writer at a time; queueing writers here, in order, beats letting each connection wait
/// for the lock in SQLite's sleeping busy handler.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl Store {
    /// Opens (creating with owner-only permissions if missing) and migrates the database.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url).map_err(|_| StoreError::BadUrl { url: url.to_string() })?;
        let path = options.get_filename().to_path_buf();
        create_private_file(&path)?;
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true)
            // Deleted rows are overwritten, so a purge leaves no trace in the file.
            .pragma("secure_delete", "ON")
            // 1 MiB of page cache per connection (SQLite's default is 2 MiB): the working
            // set is small, and five connections at the default cost 10 MiB.
            .pragma("cache_size", "-1024");
        let writer =
            SqlitePoolOptions::new().max_connections(1).min_connections(1).connect_with(options.clone()).await?;
        let migrator = sqlx::migrate!("./migrations");
        // A file from a newer release is refused before anything is written to it.
        let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let found = applied_schema(&writer).await?;
        if found > known {
            writer.close().await;
            return Err(StoreError::NewerSchema { path: path.display().to_string(), found, known });
        }
        migrator.run(&writer).await?;
        let pool = SqlitePoolOptions::new().max_connections(3).min_connections(1).connect_with(options).await?;
        Ok(Self { pool, writer })
    }

    /// For reads.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// For writes outside a transaction.
    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// A write transaction that takes SQLite's write lock at once, so two writers queue
    /// instead of failing when one upgrades from reading.
    pub async fn begin_write(&self) -> Result<Tx<'static>, sqlx::Error> {
        self.writer.begin_with("BEGIN IMMEDIATE").await
    }

    /// True when the database answers a query.
    pub async fn is_healthy(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Moves the WAL into the main file and truncates it, so deleted rows leave no copy.
    /// A reader holding an old snapshot makes the checkpoint report busy: it is tried
    /// again until it completes (or, after a few seconds, the error says so).
    pub async fn checkpoint(&self) -> Result<(), sqlx::Error> {
        for attempt in 0..50 {
            let (busy, _, _): (i64, i64, i64) =
                sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.writer).await?;
            if busy == 0 {
                return Ok(());
            }
            tracing::debug!(attempt, "checkpoint busy; trying again");
            tokio::time::sleep(Duration::from_millis(20 + 10 * attempt)).await;
        }
        Err(sqlx::Error::Protocol("the WAL checkpoint stayed busy".into()))
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// Creates the database file owner-only, or makes an existing one (and its journals)
/// owner-only again: a looser mode is fixed at every start, and logged.
/// The newest migration applied to the file (0 for a new one).
async fn applied_schema(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    let has_table: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_optional(pool)
            .await?;
    if has_table.is_none() {
        return Ok(0);
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(pool).await?;
    Ok(newest.unwrap_or(0))
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if path.as_os_str().is_empty() || path.to_str() == Some(":memory:") {
        return Ok(());
    }
    if path.exists() {
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            let Ok(meta) = std::fs::metadata(&file) else { continue };
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|source| StoreError::Create { path: file.display().to_string(), source })?;
                tracing::warn!(mode = format!("{mode:o}"), suffix, "database file was open to others; made owner-only");
            }
        }
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|source| StoreError::Create { path: path.display().to_string(), source })?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
        .map_err(|source| StoreError::Create { path: path.display().to_string(), source })
}

#[cfg(not(unix))]
fn create_private_file(_path: &Path) -> Result<(), StoreError> {
    Ok(())
}
