//! The harness the end-to-end tests (here and in the kiosk) share: the real
//! server on 127.0.0.1:0 with its own temporary database, restartable on the
//! same file and address. Everything is cleaned up in `Drop`.

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
    store::{self, sqlite::SqliteStore},
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
    pub db_path: PathBuf,
    /// The server's own store: tests use it to write history and to break
    /// the disk.
    pub store: Arc<SqliteStore>,
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
        let db_path = dir.path().join("vagvisare.db");
        let mut conn = store::sqlite::open_connection(&db_path).unwrap();
        store::kiosks::sync_slots(&mut conn, &config).unwrap();
        for c in &config.counsellors {
            store::accounts::set_password(
                &conn,
                &c.username,
                password_hash(),
                server::clock::now_ms(),
            )
            .unwrap();
        }
        drop(conn);
        let addr = "127.0.0.1:0".parse().unwrap();
        let mut server = TestServer::start_with(config, db_path, addr, slow_client_timeout).await;
        server.dir = Some(dir);
        server
    }

    /// Starts a server on an existing database file.
    pub async fn start(config: Config, db_path: PathBuf, addr: SocketAddr) -> TestServer {
        TestServer::start_with(config, db_path, addr, None).await
    }

    async fn start_with(
        config: Config,
        db_path: PathBuf,
        addr: SocketAddr,
        slow_client_timeout: Option<Duration>,
    ) -> TestServer {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(config.clone());
        let hub = Arc::new(Hub::new(&shared, shared.limits.listeners_per_site));
        let db = Arc::new(SqliteStore::open(&db_path, shared.clone(), hub.clone()).unwrap());
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let mut state = server::AppState::new(shared, hub, db.clone(), public_url);
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
            db_path,
            store: db,
            stop: Some(stop),
            task: Some(task),
            dir: None,
        }
    }

    /// Stops the server gracefully and starts a new one on the same file and
    /// address, as after a restart of the machine: clients carry on as they were.
    pub async fn restart(mut self) -> TestServer {
        self.shutdown().await;
        let mut next =
            TestServer::start(self.config.clone(), self.db_path.clone(), self.addr).await;
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
    pub fn kiosk_token(&self, kiosk: &str) -> String {
        let conn = store::sqlite::open_connection(&self.db_path).unwrap();
        let token = auth::random_token(32);
        store::kiosks::set_token(
            &conn,
            kiosk,
            &auth::hash_token(&token),
            server::clock::now_ms(),
        )
        .unwrap();
        token
    }

    /// A read-only look at the database, for checks no API offers.
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db_path).unwrap()
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
