//! The store: one SQLite file (WAL, `synchronous=FULL`), reached through a
//! single door, [`Db::interact`], that runs work on a dedicated thread.
//!
//! One writer thread means every write is serialised: "call next" is atomic
//! without locks in Rust, and the async threads never wait on the disk. Each
//! submodule owns one table or concern.

pub mod accounts;
pub mod counsellors;
pub mod footfall;
pub mod kiosks;
pub mod tickets;

use std::{panic::AssertUnwindSafe, path::Path, sync::mpsc, thread};

use anyhow::Context;
use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::error::{AppError, AppResult};

/// Numbered migrations, applied in order; `PRAGMA user_version` records how
/// many have run. Never edit one that has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_daily_footfall.sql"),
];

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle to the store thread. Cloning it is cheap.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
}

impl Db {
    /// Opens (creating if need be) and migrates the database, then starts the
    /// thread that owns the connection.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        let mut conn = open_connection(path)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new().name("store".into()).spawn(move || {
            for job in queue {
                // A panic inside one job must not take the store down with it:
                // its transaction rolls back when dropped, and the next job runs.
                let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut conn)));
            }
        })?;
        Ok(Db { jobs })
    }

    /// Runs `f` on the store thread and waits for its answer.
    pub async fn interact<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> AppResult<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |conn| {
                let _ = tx.send(f(conn));
            }))
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the store thread has stopped")))?;
        rx.await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("a store job panicked")))?
    }
}

/// Opens a connection with the settings every user of the file needs, and
/// brings the schema up to date. Command-line tools use it directly.
pub fn open_connection(path: &Path) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    // WAL lets the command-line tools and the server share the file;
    // synchronous=FULL makes a commit durable before a check-in is acknowledged.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&mut conn)
        .with_context(|| format!("cannot migrate the database {}", path.display()))?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if applied > MIGRATIONS.len() {
        anyhow::bail!(
            "the database was written by a newer Vägvisare (schema {applied}, this one knows {})",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {} failed", i + 1))?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// The current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_a_newer_schema_is_refused() {
        let dir = std::env::temp_dir().join(format!("vagvisare-migrate-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        drop(open_connection(&path).unwrap());
        let conn = open_connection(&path).unwrap();
        let v: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len());
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = open_connection(&path).unwrap_err();
        assert!(format!("{err:#}").contains("newer Vägvisare"), "{err:#}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
