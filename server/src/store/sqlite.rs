//! The SQLite engine: one file (WAL, `synchronous=FULL`), reached through a
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
//! [`SqliteStore`] is the [`Store`](super::Store) on top: each of its
//! methods is one job.

use std::{
    ops::{Deref, DerefMut},
    panic::AssertUnwindSafe,
    path::Path,
    sync::{mpsc, Arc},
    thread,
    time::Duration,
};

use anyhow::Context;
use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use async_trait::async_trait;
use chrono::NaiveDate;
use protocol::{CallEvent, Ticket, VisitorStatus};

use super::{
    accounts::{self, Lifetime, Session},
    alerts::{self, Alert, Created, NewAlert},
    appointments::{self, Appointment, NewAppointment},
    counsellors::{self, Availability},
    footfall::{self, Purged, SiteDay},
    kiosks, queue,
    tickets::{self, Acted, CheckinOutcome, ShownCall, SpokenCall},
    Checkin, Store, StoreError, StoreResult,
};
use crate::{
    config::{Config, Counsellor, Kiosk, Site},
    events::{Hub, SiteEvent},
    lifecycle::{Action, CallReason},
    ticket::TransferTo,
};

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
pub struct Sqlite {
    pub conn: Connection,
    pub queues: queue::Queues,
}

impl Deref for Sqlite {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Sqlite {
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

type Job = Box<dyn FnOnce(&mut Sqlite) -> Held + Send>;

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
        let mut store = Sqlite {
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
    pub async fn interact<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Sqlite) -> StoreResult<T> + Send + 'static,
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
            .map_err(|_| StoreError::Internal(anyhow::anyhow!("the store thread has stopped")))?;
        rx.await
            .map_err(|_| StoreError::Internal(anyhow::anyhow!("a store job panicked")))?
    }
}

/// Runs a batch of jobs in one transaction and answers them after its commit.
fn run_batch(store: &mut Sqlite, batch: Vec<Job>) {
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
fn commit_error(e: &rusqlite::Error) -> StoreError {
    match e.sqlite_error() {
        Some(code) => rusqlite::Error::SqliteFailure(*code, Some(e.to_string())).into(),
        None => StoreError::Internal(anyhow::anyhow!("commit failed: {e}")),
    }
}

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

/// Opens a connection with the settings every user of the file needs, and
/// brings the schema up to date.
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
    f: impl FnOnce(&Connection) -> StoreResult<T>,
) -> StoreResult<T> {
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

// ------------------------------------------------------------ the store --

/// The [`Store`] on SQLite: each method is one job on the store thread.
pub struct SqliteStore {
    db: Db,
    config: Arc<Config>,
    hub: Arc<Hub>,
}

impl SqliteStore {
    /// Opens and migrates the file, brings the kiosks' slots in line with the
    /// config, and starts the store thread.
    pub fn open(path: &Path, config: Arc<Config>, hub: Arc<Hub>) -> anyhow::Result<SqliteStore> {
        let mut conn = open_connection(path)?;
        kiosks::sync_slots(&mut conn, &config)?;
        drop(conn);
        Ok(SqliteStore {
            db: Db::open(path)?,
            config,
            hub,
        })
    }

    /// The store thread, for tests that reach under the interface (to make
    /// the disk refuse writes, say).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Runs `f` as one job, with the config at hand.
    async fn job<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Sqlite, &Config) -> StoreResult<T> + Send + 'static,
    {
        let config = self.config.clone();
        self.db.interact(move |s| f(s, &config)).await
    }
}

fn site<'c>(config: &'c Config, id: &str) -> StoreResult<&'c Site> {
    config.site(id).ok_or(StoreError::NotFound("site"))
}

#[async_trait]
impl Store for SqliteStore {
    async fn kiosk_by_token(&self, token_hash: String) -> StoreResult<Option<(Kiosk, u32)>> {
        self.job(move |s, config| kiosk_by_token(s, config, &token_hash))
            .await
    }

    async fn set_kiosk_token(
        &self,
        kiosk: String,
        token_hash: String,
        now: i64,
    ) -> StoreResult<()> {
        self.job(move |s, _| Ok(kiosks::set_token(s, &kiosk, &token_hash, now)?))
            .await
    }

    async fn checkin(&self, c: Checkin) -> StoreResult<(Kiosk, CheckinOutcome)> {
        self.job(move |s, config| {
            let (kiosk, slot) =
                kiosk_by_token(s, config, &c.token_hash)?.ok_or(StoreError::UnknownKiosk)?;
            if c.request.appointment_code.is_some()
                && !tickets::is_known(s, &c.request.id.to_string())?
            {
                c.brake.check(&kiosk.id, c.now).map_err(|retry_after_s| {
                    tracing::warn!(target: "security", kiosk = %kiosk.id, "a kiosk that sent wrong appointment codes must wait");
                    StoreError::Braked { retry_after_s }
                })?;
            }
            let checkin = tickets::Checkin {
                kiosk: &kiosk,
                slot,
                request: &c.request,
                public_url: &c.public_url,
                now: c.now,
            };
            match tickets::checkin(s, config, checkin) {
                Ok(outcome) => Ok((kiosk, outcome)),
                Err(e) => {
                    if matches!(&e, StoreError::Invalid(code, _) if *code == protocol::UNKNOWN_APPOINTMENT_CODE) {
                        // Never the code itself: a log is no place for it.
                        tracing::warn!(target: "security", kiosk = %kiosk.id, site = %kiosk.site, "a check-in brought an appointment code that is not booked");
                        c.brake.wrong(&kiosk.id, c.now);
                    }
                    Err(e)
                }
            }
        })
        .await
    }

    async fn call_next(&self, me: Counsellor, now: i64) -> StoreResult<Option<Acted>> {
        self.job(move |s, config| tickets::call_next(s, config, &me, now))
            .await
    }

    async fn call_chosen(
        &self,
        me: Counsellor,
        id: String,
        reason: CallReason,
        now: i64,
    ) -> StoreResult<Acted> {
        self.job(move |s, config| tickets::call_chosen(s, config, &me, &id, reason, now))
            .await
    }

    async fn act(
        &self,
        me: Counsellor,
        id: String,
        action: Action,
        now: i64,
    ) -> StoreResult<Acted> {
        self.job(move |s, config| tickets::act(s, config, &me, &id, action, now))
            .await
    }

    async fn transfer(
        &self,
        me: Counsellor,
        id: String,
        to: TransferTo,
        now: i64,
    ) -> StoreResult<Acted> {
        self.job(move |s, config| tickets::transfer(s, config, &me, &id, to, now))
            .await
    }

    async fn queue(&self, site: String, now: i64) -> StoreResult<Vec<Ticket>> {
        self.job(move |s, config| tickets::queue(s, config, &site, now))
            .await
    }

    async fn held_by(&self, me: Counsellor, now: i64) -> StoreResult<Vec<Ticket>> {
        self.job(move |s, config| tickets::held_by(s, config, &me, now))
            .await
    }

    async fn recent_no_shows(
        &self,
        me: Counsellor,
        since: i64,
        now: i64,
    ) -> StoreResult<Vec<Ticket>> {
        self.job(move |s, config| tickets::recent_no_shows(s, config, &me, since, now))
            .await
    }

    async fn visitor_status(&self, token: String, now: i64) -> StoreResult<Option<VisitorStatus>> {
        self.job(move |s, config| tickets::visitor_status(s, config, &token, now))
            .await
    }

    async fn token_site(&self, token: String, now: i64) -> StoreResult<Option<String>> {
        self.job(move |s, config| tickets::token_site(s, config, &token, now))
            .await
    }

    async fn recent_calls(
        &self,
        site: String,
        now: i64,
        limit: u32,
    ) -> StoreResult<Vec<ShownCall>> {
        self.job(move |s, config| tickets::recent_calls(s, config, &site, now, limit))
            .await
    }

    async fn calls_since(
        &self,
        site: String,
        after: Option<i64>,
        now: i64,
    ) -> StoreResult<(Vec<(i64, CallEvent)>, i64)> {
        self.job(move |s, config| {
            let missed = match after {
                Some(after) => tickets::calls_since(s, config, &site, after, now)?,
                None => Vec::new(),
            };
            Ok((missed, tickets::trail_position(s)?))
        })
        .await
    }

    async fn spoken_call(&self, call_ref: String, now: i64) -> StoreResult<Option<SpokenCall>> {
        self.job(move |s, config| tickets::spoken_call(s, config, &call_ref, now))
            .await
    }

    async fn waiting_now(&self, now: i64) -> StoreResult<Vec<crate::metrics::Waiting>> {
        self.job(move |s, config| tickets::waiting_now(s, config, now))
            .await
    }

    async fn past(
        &self,
        site: String,
        from: String,
        to: String,
    ) -> StoreResult<Vec<crate::backtest::Past>> {
        self.job(move |s, _| tickets::past(s, &site, &from, &to))
            .await
    }

    async fn set_availability(
        &self,
        username: String,
        status: Availability,
        now: i64,
    ) -> StoreResult<()> {
        self.job(move |s, _| counsellors::set(s, &username, status, now))
            .await
    }

    async fn availability(
        &self,
        username: String,
        since: Option<i64>,
    ) -> StoreResult<Availability> {
        self.job(move |s, _| match since {
            Some(since) => counsellors::get_since(s, &username, since),
            None => counsellors::get(s, &username),
        })
        .await
    }

    async fn set_password(
        &self,
        username: String,
        hash: String,
        now: i64,
        keep: Option<String>,
    ) -> StoreResult<()> {
        self.job(move |s, _| {
            Ok(accounts::set_password_keeping(
                s,
                &username,
                &hash,
                now,
                keep.as_deref(),
            )?)
        })
        .await
    }

    async fn has_password(&self, username: String) -> StoreResult<bool> {
        self.job(move |s, _| Ok(accounts::has_password(s, &username)?))
            .await
    }

    async fn password_hash(&self, username: String) -> StoreResult<Option<String>> {
        self.job(move |s, _| accounts::password_hash(s, &username))
            .await
    }

    async fn reset_password(
        &self,
        username: String,
        token_hash: String,
        expires_at: i64,
    ) -> StoreResult<()> {
        self.job(move |s, _| accounts::reset(s, &username, &token_hash, expires_at))
            .await
    }

    async fn setup_user(&self, token_hash: String, now: i64) -> StoreResult<Option<String>> {
        self.job(move |s, _| accounts::setup_user(s, &token_hash, now))
            .await
    }

    async fn use_setup(
        &self,
        token_hash: String,
        password_hash: String,
        now: i64,
    ) -> StoreResult<Option<String>> {
        self.job(move |s, _| accounts::use_setup(s, &token_hash, &password_hash, now))
            .await
    }

    async fn create_session(
        &self,
        id_hash: String,
        username: String,
        csrf: String,
        now: i64,
    ) -> StoreResult<()> {
        self.job(move |s, _| accounts::create_session(s, &id_hash, &username, &csrf, now))
            .await
    }

    async fn touch_session(
        &self,
        id_hash: String,
        now: i64,
        lifetime: Lifetime,
    ) -> StoreResult<Option<Session>> {
        self.job(move |s, _| accounts::touch_session(s, &id_hash, now, lifetime))
            .await
    }

    async fn delete_session(&self, id_hash: String) -> StoreResult<()> {
        self.job(move |s, _| accounts::delete_session(s, &id_hash))
            .await
    }

    async fn create_alert(&self, new: NewAlert) -> StoreResult<Created> {
        self.job(move |s, config| alerts::create(s, config, site(config, &new.site)?, &new))
            .await
    }

    async fn alerts_today(&self, site_id: String, now: i64) -> StoreResult<Vec<Alert>> {
        self.job(move |s, config| alerts::today(s, config, site(config, &site_id)?, now))
            .await
    }

    async fn acknowledge_alert(
        &self,
        site: Option<String>,
        id: String,
        by: String,
        now: i64,
    ) -> StoreResult<(Alert, bool)> {
        self.job(move |s, config| {
            let site = match site {
                Some(site) => site,
                None => alerts::site_of(s, &id)?.ok_or(StoreError::NotFound("alert"))?,
            };
            alerts::acknowledge(s, config, &site, &id, &by, now)
        })
        .await
    }

    async fn book(&self, new: NewAppointment) -> StoreResult<Appointment> {
        self.job(move |s, config| appointments::book(s, site(config, &new.site)?, &new))
            .await
    }

    async fn appointments_of_day(
        &self,
        site_id: String,
        day: String,
    ) -> StoreResult<Vec<Appointment>> {
        self.job(move |s, config| appointments::of_day(s, site(config, &site_id)?, &day))
            .await
    }

    async fn appointment(&self, site_id: String, id: String) -> StoreResult<Option<Appointment>> {
        self.job(move |s, config| appointments::get(s, site(config, &site_id)?, &id))
            .await
    }

    async fn cancel_appointment(
        &self,
        site_id: String,
        id: String,
    ) -> StoreResult<(Appointment, bool)> {
        self.job(move |s, config| appointments::cancel(s, site(config, &site_id)?, &id))
            .await
    }

    async fn figures(
        &self,
        sites: Vec<String>,
        from: NaiveDate,
        to: NaiveDate,
        now: i64,
    ) -> StoreResult<Vec<SiteDay>> {
        self.job(move |s, config| {
            let sites = sites
                .iter()
                .map(|id| site(config, id))
                .collect::<StoreResult<Vec<_>>>()?;
            footfall::figures(s, &sites, from, to, now)
        })
        .await
    }

    async fn purge(&self, older_than_days: u32, now: i64) -> StoreResult<Purged> {
        self.job(move |s, config| footfall::purge(s, config, older_than_days, now))
            .await
    }

    async fn daily_upkeep(&self, now: i64) -> StoreResult<Purged> {
        self.job(move |s, config| {
            let purged = footfall::purge(s, config, config.retention_days, now)?;
            footfall::keep_closed_days(s, config, now)?;
            Ok(purged)
        })
        .await
    }

    async fn insert_history(&self, past: Vec<crate::history::PastTicket>) -> StoreResult<u64> {
        self.job(move |s, _| {
            footfall::forget_kept_days(s)?;
            tickets::insert_past(s, &past)
        })
        .await
    }

    async fn forget_kept_figures(&self) -> StoreResult<()> {
        self.job(|s, _| footfall::forget_kept_days(s)).await
    }

    fn publish(&self, site: &str, events: Vec<SiteEvent>) {
        self.hub.publish(site, events);
    }
}

/// The configured kiosk a token hash belongs to, with its slot.
fn kiosk_by_token(
    conn: &Connection,
    config: &Config,
    token_hash: &str,
) -> StoreResult<Option<(Kiosk, u32)>> {
    Ok(kiosks::by_token(conn, token_hash)?
        .and_then(|(id, slot)| Some((config.kiosk(&id)?.clone(), slot))))
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
                            0 => Err(StoreError::Conflict("test", "fails after writing".into())),
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
                0 => assert!(matches!(result, Err(StoreError::Conflict(..))), "{n}"),
                1 if n % 9 == 1 => assert!(matches!(result, Err(StoreError::Internal(_))), "{n}"),
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
