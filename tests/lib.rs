//! The harness the end-to-end tests (here and in the kiosk) share: the real
//! server on 127.0.0.1:0 with its own temporary database, restartable on the
//! same database and address. Everything is cleaned up in `Drop`.
//!
//! The database is a SQLite file, or, when `VAGVISARE_TEST_PG` names a
//! PostgreSQL server (`scripts/with-postgres` does), a fresh database of its
//! own there: the same tests run against both engines.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
    time::Duration,
};

use server::{
    auth,
    config::Config,
    events::Hub,
    store::{self, sqlite::SqliteStore, DbTarget, Store},
};
use tokio::{sync::oneshot, task::JoinHandle};

pub const PASSWORD: &str = "correct horse battery";

/// One Argon2 hash for every test account: hashing is slow on purpose.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| auth::hash_password(PASSWORD).unwrap())
}

/// A temporary folder removed when dropped.
pub struct TempDir(PathBuf);

impl Default for TempDir {
    fn default() -> Self {
        TempDir::new()
    }
}

impl TempDir {
    pub fn new() -> TempDir {
        let path = std::env::temp_dir().join(format!("vagvisare-e2e-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub config: Config,
    pub db: DbTarget,
    /// The server's own store: tests use it to write history.
    pub store: Arc<dyn Store>,
    /// The same on SQLite, for tests that break its disk.
    pub sqlite: Option<Arc<SqliteStore>>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    // Declared last: dropped after the server has let go of the file.
    dir: Option<TempDir>,
}

impl TestServer {
    /// The demo, with slow clients cut off after `timeout` instead of 10 s.
    pub async fn impatient(timeout: Duration) -> TestServer {
        TestServer::prepared(Config::load(None).unwrap(), Some(timeout)).await
    }

    /// The bundled demo config, every account with [`PASSWORD`].
    pub async fn demo() -> TestServer {
        TestServer::with_config(Config::load(None).unwrap()).await
    }

    /// The demo with each site's clock near noon (see [`near_noon`]).
    pub async fn daytime() -> TestServer {
        TestServer::with_config(near_noon(Config::load(None).unwrap())).await
    }

    pub async fn with_config(config: Config) -> TestServer {
        TestServer::prepared(config, None).await
    }

    async fn prepared(config: Config, slow_client_timeout: Option<Duration>) -> TestServer {
        let dir = TempDir::new();
        let db = test_database(&dir).await;
        let addr = "127.0.0.1:0".parse().unwrap();
        let mut server = TestServer::start_with(config, db, addr, slow_client_timeout).await;
        let now = server::clock::now_ms();
        for c in &server.config.counsellors {
            server
                .store
                .set_password(c.username.clone(), password_hash().into(), now, None)
                .await
                .unwrap();
        }
        server.dir = Some(dir);
        server
    }

    /// Starts a server on an existing database.
    pub async fn start(config: Config, db: DbTarget, addr: SocketAddr) -> TestServer {
        TestServer::start_with(config, db, addr, None).await
    }

    async fn start_with(
        config: Config,
        db: DbTarget,
        addr: SocketAddr,
        slow_client_timeout: Option<Duration>,
    ) -> TestServer {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(config.clone());
        let hub = Arc::new(Hub::new(&shared, shared.limits.listeners_per_site));
        let (store, sqlite): (Arc<dyn Store>, _) = match &db {
            DbTarget::Sqlite(path) => {
                let sqlite =
                    Arc::new(SqliteStore::open(path, shared.clone(), hub.clone()).unwrap());
                (sqlite.clone(), Some(sqlite))
            }
            DbTarget::Postgres(_) => (
                store::open(&db, shared.clone(), hub.clone()).await.unwrap(),
                None,
            ),
        };
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let mut state = server::AppState::new(shared, hub, store.clone(), public_url);
        if let Some(timeout) = slow_client_timeout {
            state.slow_client_timeout = timeout;
        }
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server::serve(listener, state, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        TestServer {
            addr,
            config,
            db,
            store,
            sqlite,
            stop: Some(stop),
            task: Some(task),
            dir: None,
        }
    }

    /// Stops the server gracefully and starts a new one on the same file and
    /// address, as after a restart of the machine: clients carry on as they were.
    pub async fn restart(mut self) -> TestServer {
        self.shutdown().await;
        let mut next = TestServer::start(self.config.clone(), self.db.clone(), self.addr).await;
        next.dir = self.dir.take();
        next
    }

    pub async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(std::time::Duration::from_secs(10), task)
                .await
                .expect("graceful shutdown within 10 s")
                .unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A fresh token for a configured kiosk, as `server kiosk-token` makes.
    /// Called from sync code inside the tests' runtime, so it works on a
    /// thread (and a runtime) of its own.
    pub fn kiosk_token(&self, kiosk: &str) -> String {
        let token = auth::random_token(32);
        let (db, kiosk, hash) = (self.db.clone(), kiosk.to_string(), auth::hash_token(&token));
        std::thread::scope(|s| {
            s.spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    let now = server::clock::now_ms();
                    sql(
                        &db,
                        "UPDATE kiosks SET token_hash = ?2, issued_at = ?3 WHERE id = ?1",
                        &[&kiosk, &hash, &now.to_string()],
                    )
                    .await;
                })
            })
            .join()
            .unwrap()
        });
        token
    }

    /// Runs SQL on the server's database, for checks no API offers: `?1`,
    /// `?2`... are the parameters, given as text (a number's text for a
    /// number column). The rows, each column as JSON.
    pub async fn sql(&self, sql_text: &str, params: &[&str]) -> Vec<Vec<serde_json::Value>> {
        sql(&self.db, sql_text, params).await
    }

    /// The single number a query such as `SELECT COUNT(*) ...` gives.
    pub async fn count(&self, sql_text: &str, params: &[&str]) -> i64 {
        self.sql(sql_text, params).await[0][0]
            .as_i64()
            .expect("a number")
    }

    /// A direct look at the SQLite file, for the kiosk's tests, which run on
    /// SQLite only (the kiosk never sees the server's engine).
    pub fn db(&self) -> rusqlite::Connection {
        match &self.db {
            DbTarget::Sqlite(path) => rusqlite::Connection::open(path).unwrap(),
            DbTarget::Postgres(_) => panic!("this test reads SQLite only"),
        }
    }

    pub fn on_postgres(&self) -> bool {
        matches!(self.db, DbTarget::Postgres(_))
    }
}

/// Where a test's server keeps its data: a file in `dir`, or a new database
/// on the PostgreSQL server `VAGVISARE_TEST_PG` names.
async fn test_database(dir: &TempDir) -> DbTarget {
    let Ok(admin) = std::env::var("VAGVISARE_TEST_PG") else {
        return DbTarget::Sqlite(dir.path().join("vagvisare.db"));
    };
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .expect("VAGVISARE_TEST_PG names a PostgreSQL server that takes connections");
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (server_part, _) = admin.rsplit_once('/').expect("a URL with a database");
    DbTarget::Postgres(format!("{server_part}/{name}"))
}

/// See [`TestServer::sql`].
pub async fn sql(db: &DbTarget, sql_text: &str, params: &[&str]) -> Vec<Vec<serde_json::Value>> {
    use serde_json::Value;
    match db {
        DbTarget::Sqlite(path) => {
            let conn = store::sqlite::open_connection(path).unwrap();
            let mut stmt = conn.prepare(sql_text).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query(rusqlite::params_from_iter(params)).unwrap();
            let mut out = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                out.push(
                    (0..columns)
                        .map(|i| match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => Value::Null,
                            rusqlite::types::ValueRef::Integer(n) => n.into(),
                            rusqlite::types::ValueRef::Real(x) => x.into(),
                            rusqlite::types::ValueRef::Text(t) => {
                                String::from_utf8_lossy(t).into_owned().into()
                            }
                            rusqlite::types::ValueRef::Blob(b) => b.len().into(),
                        })
                        .collect(),
                );
            }
            out
        }
        DbTarget::Postgres(url) => {
            use tokio_postgres::types::Type;
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            // SQLite's ?N is PostgreSQL's $N; parameters are cast from text.
            let mut text = sql_text.to_string();
            for n in (1..=params.len()).rev() {
                text = text.replace(&format!("?{n}"), &format!("${n}"));
            }
            let statement = client.prepare(&text).await.unwrap();
            let typed: Vec<Box<dyn tokio_postgres::types::ToSql + Sync + Send>> = statement
                .params()
                .iter()
                .zip(params)
                .map(
                    |(ty, p)| -> Box<dyn tokio_postgres::types::ToSql + Sync + Send> {
                        match *ty {
                            Type::INT8 => Box::new(p.parse::<i64>().unwrap()),
                            Type::INT4 => Box::new(p.parse::<i32>().unwrap()),
                            Type::BOOL => Box::new(*p == "1" || *p == "true"),
                            _ => Box::new(p.to_string()),
                        }
                    },
                )
                .collect();
            let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                typed.iter().map(|b| b.as_ref() as _).collect();
            let rows = client.query(&statement, &refs).await.unwrap();
            rows.iter()
                .map(|r| {
                    r.columns()
                        .iter()
                        .enumerate()
                        .map(|(i, c)| match *c.type_() {
                            Type::INT8 => r.get::<_, Option<i64>>(i).into(),
                            Type::INT4 => r.get::<_, Option<i32>>(i).into(),
                            // As SQLite gives it: 0 or 1.
                            Type::BOOL => r.get::<_, Option<bool>>(i).map(i64::from).into(),
                            _ => r.get::<_, Option<String>>(i).into(),
                        })
                        .collect()
                })
                .collect()
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// `config` with each site's clock near noon, for tests that check visitors
/// in minutes ago: near midnight those would be yesterday's check-ins, which
/// the server rightly refuses without an offline number.
pub fn near_noon(mut config: Config) -> Config {
    // Etc/GMT-N is N hours *ahead* of UTC (POSIX's inverted sign).
    let ahead = 12 - i32::try_from(chrono::Timelike::hour(&chrono::Utc::now())).unwrap();
    let zone = match ahead {
        0 => "Etc/GMT".to_string(),
        n => format!("Etc/GMT{:+}", -n),
    };
    for site in &mut config.sites {
        site.timezone = zone.parse().unwrap();
    }
    config
}
