//! The PostgreSQL engine, for a region or an agency: several stateless
//! server instances on one database (with a streaming replica), so that no
//! single machine's loss stops every drop-in point.
//!
//! Each method is one transaction on a pooled connection. What must not
//! happen twice across instances is serialised by PostgreSQL: a site's
//! ticket changes by an advisory lock (see `tickets`), a day's numbers by
//! their counter's row lock, the daily upkeep by a lock only one instance
//! holds at a time. Live events go out through `NOTIFY` and come back to
//! every instance's hub through `LISTEN`, so a call made through one
//! instance is heard on a board connected to another.
//!
//! Each submodule ports its namesake of the SQLite engine (`store::*`).

mod accounts;
mod alerts;
mod appointments;
mod counsellors;
pub mod error;
mod footfall;
mod kiosks;
mod tickets;

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::NaiveDate;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use futures_util::StreamExt;
use protocol::{CallEvent, Ticket, VisitorStatus};
use rand::RngCore;
use tokio::sync::mpsc;
use tokio_postgres::{types::ToSql, AsyncMessage, Error, NoTls, Row};

use super::{
    accounts::{Lifetime, Session},
    alerts::{Alert, Created, NewAlert},
    appointments::{Appointment, NewAppointment},
    counsellors::Availability,
    footfall::{Purged, SiteDay},
    tickets::{Acted, CheckinOutcome, ShownCall, SpokenCall},
    Checkin, Store, StoreError, StoreResult,
};
use crate::{
    config::{Config, Counsellor, Kiosk, Site},
    events::{self, Hub, SiteEvent},
    lifecycle::{Action, CallReason},
    ticket::TransferTo,
};

/// Numbered migrations, applied in order; `schema_version` records how many
/// have run. Never edit one that has shipped: add the next.
const MIGRATIONS: &[&str] = &[include_str!("../../../migrations/postgres/0001_schema.sql")];

/// The channel every instance listens on.
const CHANNEL: &str = "vagvisare";

/// Advisory lock keys of their own (any numbers no other lock uses).
const MIGRATION_LOCK: i64 = 0x7661_6776_0001;
const UPKEEP_LOCK: i64 = 0x7661_6776_0002;

/// Connections per instance: concurrent commits share PostgreSQL's WAL
/// flushes, as a batch shares one on SQLite.
const POOL_SIZE: usize = 16;

/// Statements prepared once per connection and kept in the pool's cache:
/// one round trip each instead of two (prepare, then run).
trait Prepared {
    async fn rows(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, Error>;
    async fn row(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Error>;
    async fn maybe_row(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, Error>;
    async fn run(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Error>;
}

impl Prepared for deadpool_postgres::Transaction<'_> {
    async fn rows(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, Error> {
        self.query(&self.prepare_cached(sql).await?, params).await
    }

    async fn row(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Error> {
        self.query_one(&self.prepare_cached(sql).await?, params)
            .await
    }

    async fn maybe_row(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, Error> {
        self.query_opt(&self.prepare_cached(sql).await?, params)
            .await
    }

    async fn run(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Error> {
        self.execute(&self.prepare_cached(sql).await?, params).await
    }
}

/// The [`Store`] on PostgreSQL.
pub struct PgStore {
    pool: Pool,
    config: Arc<Config>,
    hub: Arc<Hub>,
    /// Events to NOTIFY, sent in order by one task.
    relay: mpsc::UnboundedSender<String>,
    /// This instance's name in what it relays: it hears its own events
    /// directly, not back through the database.
    instance: String,
    /// Dropped with the store, which ends its LISTEN task.
    _listening: tokio::sync::oneshot::Sender<()>,
}

/// Runs `$body` in one transaction on a pooled connection, with `$tx` the
/// transaction: committed when the body succeeds, rolled back (by dropping
/// it) when it fails.
macro_rules! in_tx {
    ($self:ident, |$tx:ident| $body:expr) => {{
        let mut client = $self.pool.get().await?;
        let $tx = client.transaction().await?;
        let value = $body;
        $tx.commit().await?;
        Ok::<_, StoreError>(value)
    }};
}

impl PgStore {
    /// Connects, brings the schema up to date (one instance at a time),
    /// brings the kiosks' slots in line with the config, and starts relaying
    /// events between instances.
    pub async fn open(url: &str, config: Arc<Config>, hub: Arc<Hub>) -> anyhow::Result<PgStore> {
        let pg: tokio_postgres::Config = url
            .parse()
            .map_err(|e| anyhow::anyhow!("the database address is not valid: {e}"))?;
        let manager = Manager::from_config(
            pg.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(Duration::from_secs(10)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()?;
        {
            let mut client = pool
                .get()
                .await
                .map_err(|e| anyhow::anyhow!("cannot connect to the database: {e}"))?;
            migrate(&mut client, &config).await?;
        }
        let instance = uuid::Uuid::new_v4().simple().to_string();
        let (listening, listens) = tokio::sync::oneshot::channel();
        // Listening ends with the store (a subcommand's, a test's).
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let listening = listen(pg, hub.clone(), instance.clone(), listening);
        tokio::spawn(async move {
            tokio::select! {
                () = listening => {}
                _ = stopped => {}
            }
        });
        // Events published before this instance listens would not reach its
        // screens from the others.
        tokio::time::timeout(Duration::from_secs(10), listens)
            .await
            .map_err(|_| anyhow::anyhow!("cannot LISTEN for events within 10 s"))?
            .map_err(|_| anyhow::anyhow!("cannot LISTEN for events"))?;
        let (relay, outbox) = mpsc::unbounded_channel();
        tokio::spawn(notify(pool.clone(), outbox));
        Ok(PgStore {
            pool,
            config,
            hub,
            relay,
            instance,
            _listening: stop,
        })
    }

    fn site(&self, id: &str) -> StoreResult<&Site> {
        self.config.site(id).ok_or(StoreError::NotFound("site"))
    }
}

/// Brings the schema up to date and the kiosks' slots in line with the
/// config. Two instances starting at once: the second waits, then finds
/// both done.
async fn migrate(client: &mut deadpool_postgres::Client, config: &Config) -> anyhow::Result<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        .await?;
    let applied: i64 = tx
        .query_opt("SELECT version FROM schema_version", &[])
        .await?
        .map_or(0, |r| r.get(0));
    if applied as usize > MIGRATIONS.len() {
        anyhow::bail!(
            "the database was written by a newer Vägvisare (schema {applied}, this one knows {})",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        tx.batch_execute(sql)
            .await
            .map_err(|e| anyhow::anyhow!("migration {} failed: {e}", i + 1))?;
    }
    if applied == 0 {
        // The key status links are derived from: made here, as SQLite's
        // migration makes it with randomblob.
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        tx.execute(
            "INSERT INTO secrets (name, value) VALUES ('status_token', $1) ON CONFLICT DO NOTHING",
            &[&key.as_slice()],
        )
        .await?;
        tx.execute("INSERT INTO schema_version (version) VALUES (0)", &[])
            .await?;
    }
    tx.execute(
        "UPDATE schema_version SET version = $1",
        &[&(MIGRATIONS.len() as i64)],
    )
    .await?;
    kiosks::sync_slots(&tx, config).await?;
    tx.commit().await?;
    Ok(())
}

/// Sends the events this instance publishes to every instance, itself
/// included, in the order they were published.
async fn notify(pool: Pool, mut outbox: mpsc::UnboundedReceiver<String>) {
    while let Some(payload) = outbox.recv().await {
        let sent = async {
            let client = pool.get().await.map_err(StoreError::from)?;
            client
                .execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
                .await
                .map_err(StoreError::from)
        };
        if let Err(e) = sent.await {
            // Screens re-read what they show when they reconnect; a lost
            // event is a late update, not lost data.
            tracing::warn!(error = %e, "an event could not be relayed to the other instances");
        }
    }
}

/// Listens for the other instances' events and hands them to this
/// instance's hub; says when it first listens, and reconnects after a lost
/// connection (a failover, a restart). Events relayed while it reconnects
/// are not heard here: boards still get those calls when they reconnect.
async fn listen(
    pg: tokio_postgres::Config,
    hub: Arc<Hub>,
    instance: String,
    listening: tokio::sync::oneshot::Sender<()>,
) {
    let mut listening = Some(listening);
    let mut backoff = Duration::from_millis(200);
    loop {
        match pg.connect(NoTls).await {
            Ok((client, mut connection)) => {
                backoff = Duration::from_millis(200);
                let mut messages =
                    futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                let statement = format!("LISTEN {CHANNEL}");
                // The LISTEN is answered through the connection, which the
                // stream drives: both run together.
                let mut subscribing = Box::pin(client.batch_execute(&statement));
                let mut subscribed = false;
                loop {
                    tokio::select! {
                        done = &mut subscribing, if !subscribed => {
                            if let Err(e) = done {
                                tracing::warn!(error = %e, "cannot LISTEN for events");
                                break;
                            }
                            subscribed = true;
                            if let Some(listening) = listening.take() {
                                let _ = listening.send(());
                            }
                        }
                        message = messages.next() => match message {
                            Some(Ok(AsyncMessage::Notification(n))) => {
                                match events::unrelay(n.payload()) {
                                    Some((from, _, _)) if from == instance => {}
                                    Some((_, site, events)) => hub.publish(&site, events),
                                    None => {}
                                }
                            }
                            Some(Ok(_)) => {}
                            Some(Err(e)) => {
                                tracing::warn!(error = %e, "the event connection was lost");
                                break;
                            }
                            None => break,
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot connect to listen for events"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

#[async_trait]
impl Store for PgStore {
    async fn kiosk_by_token(&self, token_hash: String) -> StoreResult<Option<(Kiosk, u32)>> {
        let found = in_tx!(self, |tx| kiosks::by_token(&tx, &token_hash).await?)?;
        Ok(found.and_then(|(id, slot)| Some((self.config.kiosk(&id)?.clone(), slot))))
    }

    async fn set_kiosk_token(
        &self,
        kiosk: String,
        token_hash: String,
        now: i64,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| kiosks::set_token(&tx, &kiosk, &token_hash, now)
            .await?)
    }

    async fn checkin(&self, c: Checkin) -> StoreResult<(Kiosk, CheckinOutcome)> {
        let config = &self.config;
        let (kiosk, outcome) = in_tx!(self, |tx| {
            // The token is checked in the check-in's own transaction: one
            // trip to the database fewer.
            let (kiosk, slot) = kiosks::by_token(&tx, &c.token_hash)
                .await?
                .and_then(|(id, slot)| Some((config.kiosk(&id)?.clone(), slot)))
                .ok_or(StoreError::UnknownKiosk)?;
            if c.request.appointment_code.is_some() {
                // A kiosk's check-ins with a code are taken one at a time,
                // so that the brake counts each wrong code before the next
                // is looked at, as on SQLite's one thread.
                tx.execute(
                    "SELECT pg_advisory_xact_lock(hashtext('kiosk:' || $1))",
                    &[&kiosk.id],
                )
                .await?;
                if !tickets::is_known(&tx, &c.request.id.to_string()).await? {
                    c.brake.check(&kiosk.id, c.now).map_err(|retry_after_s| {
                        tracing::warn!(target: "security", kiosk = %kiosk.id, "a kiosk that sent wrong appointment codes must wait");
                        StoreError::Braked { retry_after_s }
                    })?;
                }
            }
            let checkin = super::tickets::Checkin {
                kiosk: &kiosk,
                slot,
                request: &c.request,
                public_url: &c.public_url,
                now: c.now,
            };
            match tickets::checkin(&tx, config, checkin).await {
                Err(StoreError::Invalid(code, why))
                    if code == protocol::UNKNOWN_APPOINTMENT_CODE =>
                {
                    // Counted while the kiosk's lock is still held.
                    tracing::warn!(target: "security", kiosk = %kiosk.id, site = %kiosk.site, "a check-in brought an appointment code that is not booked");
                    c.brake.wrong(&kiosk.id, c.now);
                    return Err(StoreError::Invalid(code, why));
                }
                other => (kiosk, other?),
            }
        })?;
        Ok((kiosk, outcome))
    }

    async fn call_next(&self, me: Counsellor, now: i64) -> StoreResult<Option<Acted>> {
        in_tx!(self, |tx| tickets::call_next(&tx, &self.config, &me, now)
            .await?)
    }

    async fn call_chosen(
        &self,
        me: Counsellor,
        id: String,
        reason: CallReason,
        now: i64,
    ) -> StoreResult<Acted> {
        in_tx!(self, |tx| {
            tickets::call_chosen(&tx, &self.config, &me, &id, reason, now).await?
        })
    }

    async fn act(
        &self,
        me: Counsellor,
        id: String,
        action: Action,
        now: i64,
    ) -> StoreResult<Acted> {
        in_tx!(self, |tx| tickets::act(
            &tx,
            &self.config,
            &me,
            &id,
            action,
            now
        )
        .await?)
    }

    async fn transfer(
        &self,
        me: Counsellor,
        id: String,
        to: TransferTo,
        now: i64,
    ) -> StoreResult<Acted> {
        in_tx!(self, |tx| tickets::transfer(
            &tx,
            &self.config,
            &me,
            &id,
            to,
            now
        )
        .await?)
    }

    async fn queue(&self, site: String, now: i64) -> StoreResult<Vec<Ticket>> {
        in_tx!(self, |tx| tickets::queue(&tx, &self.config, &site, now)
            .await?)
    }

    async fn held_by(&self, me: Counsellor, now: i64) -> StoreResult<Vec<Ticket>> {
        in_tx!(self, |tx| tickets::held_by(&tx, &self.config, &me, now)
            .await?)
    }

    async fn recent_no_shows(
        &self,
        me: Counsellor,
        since: i64,
        now: i64,
    ) -> StoreResult<Vec<Ticket>> {
        in_tx!(self, |tx| {
            tickets::recent_no_shows(&tx, &self.config, &me, since, now).await?
        })
    }

    async fn visitor_status(&self, token: String, now: i64) -> StoreResult<Option<VisitorStatus>> {
        in_tx!(self, |tx| tickets::visitor_status(
            &tx,
            &self.config,
            &token,
            now
        )
        .await?)
    }

    async fn token_site(&self, token: String, now: i64) -> StoreResult<Option<String>> {
        in_tx!(self, |tx| tickets::token_site(
            &tx,
            &self.config,
            &token,
            now
        )
        .await?)
    }

    async fn recent_calls(
        &self,
        site: String,
        now: i64,
        limit: u32,
    ) -> StoreResult<Vec<ShownCall>> {
        in_tx!(self, |tx| {
            tickets::recent_calls(&tx, &self.config, &site, now, limit).await?
        })
    }

    async fn calls_since(
        &self,
        site: String,
        after: Option<i64>,
        now: i64,
    ) -> StoreResult<(Vec<(i64, CallEvent)>, i64)> {
        in_tx!(self, |tx| {
            let missed = match after {
                Some(after) => tickets::calls_since(&tx, &self.config, &site, after, now).await?,
                None => Vec::new(),
            };
            (missed, tickets::trail_position(&tx).await?)
        })
    }

    async fn spoken_call(&self, call_ref: String, now: i64) -> StoreResult<Option<SpokenCall>> {
        in_tx!(self, |tx| tickets::spoken_call(
            &tx,
            &self.config,
            &call_ref,
            now
        )
        .await?)
    }

    async fn waiting_now(&self, now: i64) -> StoreResult<Vec<crate::metrics::Waiting>> {
        in_tx!(self, |tx| tickets::waiting_now(&tx, &self.config, now)
            .await?)
    }

    async fn past(
        &self,
        site: String,
        from: String,
        to: String,
    ) -> StoreResult<Vec<crate::backtest::Past>> {
        in_tx!(self, |tx| tickets::past(&tx, &site, &from, &to).await?)
    }

    async fn set_availability(
        &self,
        username: String,
        status: Availability,
        now: i64,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| counsellors::set(&tx, &username, status, now)
            .await?)
    }

    async fn availability(
        &self,
        username: String,
        since: Option<i64>,
    ) -> StoreResult<Availability> {
        in_tx!(self, |tx| match since {
            Some(since) => counsellors::get_since(&tx, &username, since).await?,
            None => counsellors::get(&tx, &username).await?,
        })
    }

    async fn set_password(
        &self,
        username: String,
        hash: String,
        now: i64,
        keep: Option<String>,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            accounts::set_password(&tx, &username, &hash, now, keep.as_deref()).await?
        })
    }

    async fn has_password(&self, username: String) -> StoreResult<bool> {
        in_tx!(self, |tx| accounts::has_password(&tx, &username).await?)
    }

    async fn password_hash(&self, username: String) -> StoreResult<Option<String>> {
        in_tx!(self, |tx| accounts::password_hash(&tx, &username).await?)
    }

    async fn reset_password(
        &self,
        username: String,
        token_hash: String,
        expires_at: i64,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            accounts::reset(&tx, &username, &token_hash, expires_at).await?
        })
    }

    async fn setup_user(&self, token_hash: String, now: i64) -> StoreResult<Option<String>> {
        in_tx!(self, |tx| accounts::setup_user(&tx, &token_hash, now)
            .await?)
    }

    async fn use_setup(
        &self,
        token_hash: String,
        password_hash: String,
        now: i64,
    ) -> StoreResult<Option<String>> {
        in_tx!(self, |tx| {
            accounts::use_setup(&tx, &token_hash, &password_hash, now).await?
        })
    }

    async fn create_session(
        &self,
        id_hash: String,
        username: String,
        csrf: String,
        now: i64,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            accounts::create_session(&tx, &id_hash, &username, &csrf, now).await?
        })
    }

    async fn touch_session(
        &self,
        id_hash: String,
        now: i64,
        lifetime: Lifetime,
    ) -> StoreResult<Option<Session>> {
        in_tx!(self, |tx| {
            accounts::touch_session(&tx, &id_hash, now, lifetime).await?
        })
    }

    async fn delete_session(&self, id_hash: String) -> StoreResult<()> {
        in_tx!(self, |tx| accounts::delete_session(&tx, &id_hash).await?)
    }

    async fn create_alert(&self, new: NewAlert) -> StoreResult<Created> {
        let site = self.site(&new.site)?;
        in_tx!(self, |tx| alerts::create(&tx, &self.config, site, &new)
            .await?)
    }

    async fn alerts_today(&self, site: String, now: i64) -> StoreResult<Vec<Alert>> {
        let site = self.site(&site)?;
        in_tx!(self, |tx| alerts::today(&tx, &self.config, site, now)
            .await?)
    }

    async fn acknowledge_alert(
        &self,
        site: Option<String>,
        id: String,
        by: String,
        now: i64,
    ) -> StoreResult<(Alert, bool)> {
        in_tx!(self, |tx| {
            let site = match site {
                Some(site) => site,
                None => alerts::site_of(&tx, &id)
                    .await?
                    .ok_or(StoreError::NotFound("alert"))?,
            };
            alerts::acknowledge(&tx, &self.config, &site, &id, &by, now).await?
        })
    }

    async fn book(&self, new: NewAppointment) -> StoreResult<Appointment> {
        let site = self.site(&new.site)?;
        in_tx!(self, |tx| appointments::book(&tx, site, &new).await?)
    }

    async fn appointments_of_day(
        &self,
        site: String,
        day: String,
    ) -> StoreResult<Vec<Appointment>> {
        let site = self.site(&site)?;
        in_tx!(self, |tx| appointments::of_day(&tx, site, &day).await?)
    }

    async fn appointment(&self, site: String, id: String) -> StoreResult<Option<Appointment>> {
        let site = self.site(&site)?;
        in_tx!(self, |tx| appointments::get(&tx, site, &id).await?)
    }

    async fn cancel_appointment(
        &self,
        site: String,
        id: String,
    ) -> StoreResult<(Appointment, bool)> {
        let site = self.site(&site)?;
        in_tx!(self, |tx| appointments::cancel(&tx, site, &id).await?)
    }

    async fn figures(
        &self,
        sites: Vec<String>,
        from: NaiveDate,
        to: NaiveDate,
        now: i64,
    ) -> StoreResult<Vec<SiteDay>> {
        let sites = sites
            .iter()
            .map(|id| self.site(id))
            .collect::<StoreResult<Vec<_>>>()?;
        in_tx!(self, |tx| footfall::figures(&tx, &sites, from, to, now)
            .await?)
    }

    async fn purge(&self, older_than_days: u32, now: i64) -> StoreResult<Purged> {
        in_tx!(self, |tx| {
            footfall::purge(&tx, &self.config, older_than_days, now).await?
        })
    }

    async fn daily_upkeep(&self, now: i64) -> StoreResult<Purged> {
        in_tx!(self, |tx| {
            // One instance does it; the others find the lock taken and
            // leave it to that one.
            let ours: bool = tx
                .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&UPKEEP_LOCK])
                .await?
                .get(0);
            if ours {
                let purged =
                    footfall::purge(&tx, &self.config, self.config.retention_days, now).await?;
                footfall::keep_closed_days(&tx, &self.config, now).await?;
                purged
            } else {
                Purged::default()
            }
        })
    }

    async fn insert_history(&self, past: Vec<crate::history::PastTicket>) -> StoreResult<u64> {
        in_tx!(self, |tx| {
            footfall::forget_kept_days(&tx).await?;
            tickets::insert_past(&tx, &past).await?
        })
    }

    async fn forget_kept_figures(&self) -> StoreResult<()> {
        in_tx!(self, |tx| footfall::forget_kept_days(&tx).await?)
    }

    fn publish(&self, site: &str, events: Vec<SiteEvent>) {
        if events.is_empty() {
            return;
        }
        // The other instances' screens through NOTIFY, whose payload must
        // stay under PostgreSQL's 8,000 bytes (events are a few hundred).
        let payload = events::relay(&self.instance, site, &events);
        if payload.len() < 7_900 {
            let _ = self.relay.send(payload);
        } else {
            tracing::warn!(%site, bytes = payload.len(), "events too large to relay to the other instances");
        }
        self.hub.publish(site, events);
    }
}
