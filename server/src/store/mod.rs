//! The store: one SQLite file (WAL, `synchronous=FULL`), reached through a
//! single door, [`Db::interact`], that runs work on a dedicated thread.
//!
//! One writer thread means every write is serialised: "call next" is atomic
//! without locks in Rust, and the async threads never wait on the disk.
//!
//! Group commit: the thread takes every job that is waiting, runs each in a
//! savepoint of one transaction, commits once, and only then answers them
//! all. A durable commit costs a disk flush; sharing one among many
//! check-ins is what lets the server take thousands a second while still
//! acknowledging each only once it is on disk. A job that fails rolls back
//! alone; a commit that fails fails every job of its batch.
//!
//! Each submodule owns one table or concern; `queue` is the in-memory view of
//! today's waiting tickets.

pub mod accounts;
pub mod alerts;
pub mod appointments;
pub mod counsellors;
pub mod footfall;
pub mod kiosks;
pub mod queue;
pub mod tickets;

use std::{
    ops::{Deref, DerefMut},
    panic::AssertUnwindSafe,
    path::Path,
    sync::mpsc,
    thread,
    time::Duration,
};

use anyhow::Context;
use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use crate::error::{AppError, AppResult};

/// Numbered migrations, applied in order; `PRAGMA user_version` records how
/// many have run. Never edit one that has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_daily_footfall.sql"),
    include_str!("../../migrations/0003_kept_day_figures.sql"),
    include_str!("../../migrations/0004_trail_without_index.sql"),
    include_str!("../../migrations/0005_private_tokens_and_calls.sql"),
    include_str!("../../migrations/0006_alerts.sql"),
    include_str!("../../migrations/0007_call_seq.sql"),
    include_str!("../../migrations/0008_appointments.sql"),
    include_str!("../../migrations/0009_call_reason.sql"),
];

/// At most this many jobs share one commit, so that one batch never keeps
/// the first of them waiting long.
const MAX_BATCH: usize = 256;

/// What the store thread owns: the connection and today's queues. It derefs
/// to the connection, so jobs that only need SQL read as before.
pub struct Store {
    pub conn: Connection,
    pub queues: queue::Queues,
}

impl Deref for Store {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Store {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// A job's outcome, held back until its batch has committed: whether it
/// succeeded (else its savepoint is rolled back), and how to answer it.
struct Held {
    ok: bool,
    answer: Answer,
}

/// Sends a job its result, or the error of the commit that failed under it.
type Answer = Box<dyn FnOnce(Option<&rusqlite::Error>) + Send>;

type Job = Box<dyn FnOnce(&mut Store) -> Held + Send>;

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// A handle to the store thread. Cloning it is cheap.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
    /// Dropped with the last handle, which ends the checkpoint thread.
    _alive: mpsc::Sender<()>,
}

impl Db {
    /// Opens (creating if need be) and migrates the database, then starts the
    /// thread that owns the connection.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        let mut store = Store {
            conn: open_connection(path)?,
            queues: queue::Queues::default(),
        };
        // Checkpoints run on a thread of their own (below), so that copying
        // the WAL into the database file never holds up a check-in.
        store.pragma_update(None, "wal_autocheckpoint", 0)?;
        let checkpointer = open_connection(path)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new().name("store".into()).spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut batch = vec![first];
                batch.extend(queue.try_iter().take(MAX_BATCH - 1));
                run_batch(&mut store, batch);
            }
        })?;
        let (alive, stopped) = mpsc::channel::<()>();
        thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || loop {
                let last = matches!(
                    stopped.recv_timeout(CHECKPOINT_EVERY),
                    Err(mpsc::RecvTimeoutError::Disconnected)
                );
                // PASSIVE copies what it can without waiting for anyone.
                if let Err(e) =
                    checkpointer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                {
                    tracing::warn!(error = %e, "checkpoint failed; the next one tries again");
                }
                if last {
                    return;
                }
            })?;
        Ok(Db {
            jobs,
            _alive: alive,
        })
    }

    /// Runs `f` on the store thread and waits for its answer, which comes
    /// once what `f` wrote is durable.
    pub async fn interact<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> AppResult<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |store| {
                let result = f(store);
                Held {
                    ok: result.is_ok(),
                    answer: Box::new(move |failed_commit| {
                        let _ = tx.send(match failed_commit {
                            Some(e) => Err(commit_error(e)),
                            None => result,
                        });
                    }),
                }
            }))
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the store thread has stopped")))?;
        rx.await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("a store job panicked")))?
    }
}

/// Runs a batch of jobs in one transaction and answers them after its commit.
fn run_batch(store: &mut Store, batch: Vec<Job>) {
    // Without a transaction (the file is busy or read-only) each job runs on
    // its own, its savepoint committing by itself, as if batches were one.
    let batched = run(store, "BEGIN IMMEDIATE").is_ok();
    let unchanged = store.total_changes();
    let mut held = Vec::with_capacity(batch.len());
    for job in batch {
        store.queues.begin_job();
        let savepoint = run(store, "SAVEPOINT job").is_ok();
        // A panic inside one job must not take the store down with it: its
        // answer is dropped (the caller hears "panicked"), its work undone.
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| job(store)));
        let ok = matches!(&outcome, Ok(h) if h.ok);
        let ended = match (savepoint, ok) {
            (false, _) => Ok(()),
            (true, true) => run(store, "RELEASE job"),
            (true, false) => run(store, "ROLLBACK TO job").and_then(|()| run(store, "RELEASE job")),
        };
        if let Err(e) = &ended {
            tracing::error!(error = %e, "cannot end a job's savepoint");
            store.queues.forget();
        }
        if !ok {
            store.queues.job_rolled_back();
        }
        match outcome {
            Err(_) => store.queues.forget(),
            // Nothing written in this batch yet: the job saw only what is
            // already durable (a kiosk's token, a session), so it need not
            // wait for the commit.
            Ok(h) if batched && store.total_changes() == unchanged => (h.answer)(None),
            Ok(h) if batched => held.push(h),
            // On its own, releasing the savepoint was the job's commit.
            Ok(h) => {
                let failed = ended.as_ref().err().filter(|_| h.ok);
                (h.answer)(failed)
            }
        }
    }
    if !batched {
        return;
    }
    let committing = std::time::Instant::now();
    let committed = run(store, "COMMIT");
    if !held.is_empty() {
        crate::metrics::committed(held.len(), committing.elapsed());
    }
    match committed {
        Ok(()) => held.into_iter().for_each(|h| (h.answer)(None)),
        Err(e) => {
            let _ = run(store, "ROLLBACK");
            store.queues.forget();
            // Jobs that failed anyway keep their own error.
            for h in held {
                (h.answer)(h.ok.then_some(&e));
            }
        }
    }
}

/// Runs one statement of the batch machinery, prepared once.
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

/// The error every job of a batch gets when the batch cannot commit.
fn commit_error(e: &rusqlite::Error) -> AppError {
    match e.sqlite_error() {
        Some(code) => rusqlite::Error::SqliteFailure(*code, Some(e.to_string())).into(),
        None => AppError::Internal(anyhow::anyhow!("commit failed: {e}")),
    }
}

/// Opens a connection with the settings every user of the file needs, and
/// brings the schema up to date. Command-line tools use it directly.
/// Writes a consistent copy of the database at `db` to `to` (which must not
/// exist), while the server may be writing: `VACUUM INTO` reads one snapshot
/// of the WAL database, so the copy holds every transaction committed before
/// it began and nothing half done. The copy is checked before this returns;
/// its size in bytes.
pub fn backup(db: &Path, to: &Path) -> anyhow::Result<u64> {
    if to.exists() {
        anyhow::bail!("{} exists already; a backup never overwrites", to.display());
    }
    if !db.exists() {
        anyhow::bail!("there is no database at {}", db.display());
    }
    let conn = open_connection(db)?;
    let target = to
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", to.display()))?;
    conn.execute("VACUUM INTO ?1", [target])
        .with_context(|| format!("cannot write the backup {}", to.display()))?;
    let copy = Connection::open_with_flags(to, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        anyhow::bail!(
            "the backup {} failed its integrity check: {check}",
            to.display()
        );
    }
    Ok(std::fs::metadata(to)?.len())
}

pub fn open_connection(path: &Path) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    // WAL lets the command-line tools and the server share the file;
    // synchronous=FULL makes a commit durable before a check-in is acknowledged.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Room for every statement the store runs: re-preparing is costly.
    conn.set_prepared_statement_cache_capacity(64);
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

/// Runs `f` in one transaction. Inside the store's batch that is a savepoint.
/// On a connection of its own (the command-line tools) it takes the write
/// lock before reading: a transaction that reads and then writes would fail
/// at once if the server had written in between.
pub fn atomically<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Connection) -> AppResult<T>,
) -> AppResult<T> {
    if conn.is_autocommit() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    } else {
        let tx = conn.savepoint()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    /// Jobs queued behind a slow one share a batch; the ones that fail
    /// after writing (or panic) leave nothing, the others all commit.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_job_rolls_back_alone_in_its_batch() {
        let dir = std::env::temp_dir().join(format!("vagvisare-batch-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::open(&dir.join("t.db")).unwrap();
        db.interact(|s| Ok(s.execute_batch("CREATE TABLE t (n INTEGER)")?))
            .await
            .unwrap();
        let slow = db.interact(|_| {
            std::thread::sleep(Duration::from_millis(200));
            Ok(())
        });
        let mut jobs = tokio::task::JoinSet::new();
        for n in 0..300i64 {
            let db = db.clone();
            jobs.spawn(async move {
                let result = db
                    .interact(move |s| {
                        s.execute("INSERT INTO t VALUES (?1)", [n])?;
                        match n % 3 {
                            0 => Err(AppError::Conflict("test", "fails after writing".into())),
                            1 if n % 9 == 1 => panic!("a job that panics after writing"),
                            _ => Ok(n),
                        }
                    })
                    .await;
                (n, result)
            });
        }
        slow.await.unwrap();
        let mut answered_ok = 0;
        while let Some(joined) = jobs.join_next().await {
            let (n, result) = joined.unwrap();
            match n % 3 {
                0 => assert!(matches!(result, Err(AppError::Conflict(..))), "{n}"),
                1 if n % 9 == 1 => assert!(matches!(result, Err(AppError::Internal(_))), "{n}"),
                _ => {
                    assert_eq!(result.unwrap(), n);
                    answered_ok += 1;
                }
            }
        }
        let (rows, wrong): (i64, i64) = db
            .interact(|s| {
                Ok(s.query_row(
                    "SELECT COUNT(*), COUNT(*) FILTER (WHERE n % 3 = 0 OR n % 9 = 1) FROM t",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?)
            })
            .await
            .unwrap();
        assert_eq!((rows, wrong), (answered_ok, 0));
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A trail written before migration 0004 survives it, and a ticket can
    /// then be deleted without its trail holding it back.
    #[test]
    fn the_trail_keeps_its_entries_through_its_rebuild() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute_batch(
            "INSERT INTO tickets (id, site, day, counter, number, errand, first_errand, language,
                appointment, interpreter, status, kiosk, offline, checked_in_at, status_token,
                request, response)
             VALUES ('t1', 's', '2026-11-20', 1, 'J1', 'job', 'job', 'sv', 0, 0, 'waiting', 'k',
                0, 0, 'tok', '', '');
             INSERT INTO ticket_events (ticket, at, action, status) VALUES ('t1', 5, 'check-in', 'waiting');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let trail: (String, i64, String) = conn
            .query_row("SELECT ticket, at, action FROM ticket_events", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(trail, ("t1".into(), 5, "check-in".into()));
        conn.execute("DELETE FROM tickets WHERE id = 't1'", [])
            .unwrap();
    }

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
