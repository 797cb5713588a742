//! The store: everything the server keeps, behind one narrow interface,
//! [`Store`]. Handlers, pages and the command line use only its methods;
//! SQL stays in this folder. [`sqlite::SqliteStore`] is the embedded engine
//! one municipality needs.
//!
//! Each method is one transaction: it succeeds whole or leaves nothing, and
//! it returns once what it wrote is durable. Decisions are made by pure
//! modules (`lifecycle`, `routing`, `numbering`, `booking`, `estimate`); the
//! store loads, asks them, and saves.
//!
//! Each submodule owns one table or concern; `queue` is the in-memory view of
//! today's waiting tickets.

pub mod accounts;
pub mod alerts;
pub mod appointments;
pub mod counsellors;
pub mod error;
pub mod footfall;
pub mod kiosks;
pub mod postgres;
pub mod queue;
pub mod sqlite;
pub mod tickets;

use std::{path::PathBuf, sync::Arc};

use async_trait::async_trait;
use protocol::{CallEvent, CheckinRequest, Ticket, VisitorStatus};

pub use error::{StoreError, StoreResult};

use crate::{
    booking::CodeBrake,
    config::{Config, Counsellor, Kiosk},
    events::{Hub, SiteEvent},
    lifecycle::{Action, CallReason},
    ticket::TransferTo,
};
use accounts::{Lifetime, Session};
use alerts::{Alert, Created, NewAlert};
use appointments::{Appointment, NewAppointment};
use counsellors::Availability;
use footfall::{Purged, SiteDay};
use tickets::{Acted, CheckinOutcome, ShownCall, SpokenCall};

/// Everything the server reads and writes. Arguments are owned so that an
/// engine may run the work wherever it likes (SQLite on its own thread).
#[async_trait]
pub trait Store: Send + Sync {
    // --------------------------------------------------------- check-in --

    /// The kiosk a token (its hash) belongs to, and the kiosk's slot.
    async fn kiosk_by_token(&self, token_hash: String) -> StoreResult<Option<(Kiosk, u32)>>;

    /// Issues a kiosk's token; the previous one stops working.
    async fn set_kiosk_token(&self, kiosk: String, token_hash: String, now: i64)
        -> StoreResult<()>;

    /// A kiosk's check-in: the token checked, a kiosk that sent too many
    /// wrong appointment codes braked, and the ticket stored, in one go.
    async fn checkin(&self, checkin: Checkin) -> StoreResult<(Kiosk, CheckinOutcome)>;

    // ---------------------------------------------------------- calling --

    /// "Call next": the visitor this counsellor should see now, if any. Two
    /// counsellors never get the same visitor.
    async fn call_next(&self, me: Counsellor, now: i64) -> StoreResult<Option<Acted>>;

    /// "Call this visitor", with the reason when out of turn.
    async fn call_chosen(
        &self,
        me: Counsellor,
        id: String,
        reason: CallReason,
        now: i64,
    ) -> StoreResult<Acted>;

    /// Recall, start, done, no-show, undo no-show, return.
    async fn act(&self, me: Counsellor, id: String, action: Action, now: i64)
        -> StoreResult<Acted>;

    async fn transfer(
        &self,
        me: Counsellor,
        id: String,
        to: TransferTo,
        now: i64,
    ) -> StoreResult<Acted>;

    // ---------------------------------------------------------- reading --

    /// A site's waiting tickets of today, in the order "call next" takes them
    /// for a counsellor who handles every errand.
    async fn queue(&self, site: String, now: i64) -> StoreResult<Vec<Ticket>>;

    /// What a counsellor holds now (called or serving), oldest call first.
    async fn held_by(&self, me: Counsellor, now: i64) -> StoreResult<Vec<Ticket>>;

    /// The no-shows a counsellor marked since `since`.
    async fn recent_no_shows(
        &self,
        me: Counsellor,
        since: i64,
        now: i64,
    ) -> StoreResult<Vec<Ticket>>;

    /// What the visitor holding a status token may see, while it is valid.
    async fn visitor_status(&self, token: String, now: i64) -> StoreResult<Option<VisitorStatus>>;

    /// The site of the ticket a status token opens, while it is valid.
    async fn token_site(&self, token: String, now: i64) -> StoreResult<Option<String>>;

    /// Today's latest calls at a site, newest first.
    async fn recent_calls(&self, site: String, now: i64, limit: u32)
        -> StoreResult<Vec<ShownCall>>;

    /// The calls a board missed after the trail entry `after` (none without
    /// one), and where the trail stands now.
    async fn calls_since(
        &self,
        site: String,
        after: Option<i64>,
        now: i64,
    ) -> StoreResult<(Vec<(i64, CallEvent)>, i64)>;

    /// The call a board's speech reference names, if made today.
    async fn spoken_call(&self, call_ref: String, now: i64) -> StoreResult<Option<SpokenCall>>;

    /// Who waits now, per site and errand, for `/metrics`.
    async fn waiting_now(&self, now: i64) -> StoreResult<Vec<crate::metrics::Waiting>>;

    /// A site's tickets of the days `from`–`to`, for the wait backtest.
    async fn past(
        &self,
        site: String,
        from: String,
        to: String,
    ) -> StoreResult<Vec<crate::backtest::Past>>;

    // ------------------------------------------------------- counsellors --

    async fn set_availability(
        &self,
        username: String,
        status: Availability,
        now: i64,
    ) -> StoreResult<()>;

    /// A counsellor's availability; with `since`, one set before then
    /// counts as paused.
    async fn availability(&self, username: String, since: Option<i64>)
        -> StoreResult<Availability>;

    // -------------------------------------------------------- accounts --

    /// Sets a password and ends the account's sessions, all but `keep`.
    async fn set_password(
        &self,
        username: String,
        hash: String,
        now: i64,
        keep: Option<String>,
    ) -> StoreResult<()>;

    async fn has_password(&self, username: String) -> StoreResult<bool>;

    async fn password_hash(&self, username: String) -> StoreResult<Option<String>>;

    /// A set-up link: the password is cleared and the link's hash kept.
    async fn reset_password(
        &self,
        username: String,
        token_hash: String,
        expires_at: i64,
    ) -> StoreResult<()>;

    /// Whose set-up link this is, while it is valid.
    async fn setup_user(&self, token_hash: String, now: i64) -> StoreResult<Option<String>>;

    /// Sets the password through a set-up link, used up once.
    async fn use_setup(
        &self,
        token_hash: String,
        password_hash: String,
        now: i64,
    ) -> StoreResult<Option<String>>;

    async fn create_session(
        &self,
        id_hash: String,
        username: String,
        csrf: String,
        now: i64,
    ) -> StoreResult<()>;

    /// The session, kept alive, unless it has run out.
    async fn touch_session(
        &self,
        id_hash: String,
        now: i64,
        lifetime: Lifetime,
    ) -> StoreResult<Option<Session>>;

    async fn delete_session(&self, id_hash: String) -> StoreResult<()>;

    // ---------------------------------------------------------- alerts --

    async fn create_alert(&self, new: NewAlert) -> StoreResult<Created>;

    async fn alerts_today(&self, site: String, now: i64) -> StoreResult<Vec<Alert>>;

    /// Acknowledges an alert of `site` (of any site with `None`):
    /// `(alert, true)` when this call did.
    async fn acknowledge_alert(
        &self,
        site: Option<String>,
        id: String,
        by: String,
        now: i64,
    ) -> StoreResult<(Alert, bool)>;

    // ---------------------------------------------------- appointments --

    async fn book(&self, new: NewAppointment) -> StoreResult<Appointment>;

    async fn appointments_of_day(&self, site: String, day: String)
        -> StoreResult<Vec<Appointment>>;

    async fn appointment(&self, site: String, id: String) -> StoreResult<Option<Appointment>>;

    /// `(visit, true)` when this call cancelled it.
    async fn cancel_appointment(
        &self,
        site: String,
        id: String,
    ) -> StoreResult<(Appointment, bool)>;

    // --------------------------------------------------------- footfall --

    async fn figures(
        &self,
        sites: Vec<String>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        now: i64,
    ) -> StoreResult<Vec<SiteDay>>;

    /// Folds tickets older than the days given into daily figures.
    async fn purge(&self, older_than_days: u32, now: i64) -> StoreResult<Purged>;

    /// The daily upkeep: the purge, then the figures of closed days stored.
    async fn daily_upkeep(&self, now: i64) -> StoreResult<Purged>;

    /// Writes made-up past tickets (`crate::history`) and forgets the
    /// figures stored from earlier days, which would miss them.
    async fn insert_history(&self, tickets: Vec<crate::history::PastTicket>) -> StoreResult<u64>;

    /// Forgets the figures stored from days whose tickets are still kept
    /// (the footfall benchmark times the first query of a period again).
    async fn forget_kept_figures(&self) -> StoreResult<()>;

    // ------------------------------------------------------------ other --

    /// Tells every screen of a site, wherever it is connected.
    fn publish(&self, site: &str, events: Vec<SiteEvent>);
}

/// A check-in as the kiosk sent it, with what the store needs around it.
pub struct Checkin {
    pub token_hash: String,
    pub request: CheckinRequest,
    /// Status URLs start with this.
    pub public_url: Arc<str>,
    pub brake: Arc<CodeBrake>,
    pub now: i64,
}

/// Where the store lives: `--db` and `VAGVISARE_DB` name a SQLite file, or
/// a PostgreSQL database by its URL (`postgres://user@host/db`).
#[derive(Debug, Clone)]
pub enum DbTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DbTarget {
    /// For clap: a URL for PostgreSQL, anything else a file name. Never
    /// refused here, where the refusal would repeat the URL and its
    /// password: a bad URL is refused, without it, when the store opens.
    pub fn parse_arg(s: &str) -> Result<DbTarget, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbTarget::Postgres(s.to_string()));
        }
        Ok(DbTarget::Sqlite(PathBuf::from(s)))
    }
}

impl std::fmt::Display for DbTarget {
    /// Never with the password a URL may hold: this goes to the log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbTarget::Sqlite(path) => write!(f, "{}", path.display()),
            DbTarget::Postgres(url) => match url.parse::<tokio_postgres::Config>() {
                Ok(pg) => write!(
                    f,
                    "PostgreSQL database {:?} as {:?}",
                    pg.get_dbname().unwrap_or("(default)"),
                    pg.get_user().unwrap_or("(default)")
                ),
                Err(_) => write!(f, "a PostgreSQL database"),
            },
        }
    }
}

/// Opens (creating and migrating if need be) the store at `target`, with the
/// kiosks' slots brought in line with the config.
pub async fn open(
    target: &DbTarget,
    config: Arc<Config>,
    hub: Arc<Hub>,
) -> anyhow::Result<Arc<dyn Store>> {
    match target {
        DbTarget::Sqlite(path) => Ok(Arc::new(sqlite::SqliteStore::open(path, config, hub)?)),
        DbTarget::Postgres(url) => Ok(Arc::new(postgres::PgStore::open(url, config, hub).await?)),
    }
}

/// Writes a consistent copy of the store at `target` to `to`, while the
/// server may be writing; the copy's size in bytes.
pub fn backup(target: &DbTarget, to: &std::path::Path) -> anyhow::Result<u64> {
    match target {
        DbTarget::Sqlite(path) => sqlite::backup(path, to),
        DbTarget::Postgres(_) => anyhow::bail!(
            "on PostgreSQL, back up with PostgreSQL's own tools (pg_dump, or pg_basebackup \
             with WAL archiving); see the README"
        ),
    }
}
