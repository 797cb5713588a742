//! The fixture every end-to-end test uses: the real server on 127.0.0.1:0
//! with its own temporary database, and clients that speak to it as a kiosk
//! or a counsellor would. Everything is cleaned up in `Drop`.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::OnceLock,
};

use protocol::{CheckinRequest, CheckinResponse, Ticket};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::{auth, config::Config, store};
use tokio::{sync::oneshot, task::JoinHandle};

pub const PASSWORD: &str = "correct horse battery";

/// One Argon2 hash for every test account: hashing is slow on purpose.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| auth::hash_password(PASSWORD).unwrap())
}

/// A temporary folder removed when dropped.
pub struct TempDir(PathBuf);

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
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    // Declared last: dropped after the server has let go of the file.
    _dir: Option<TempDir>,
}

impl TestServer {
    /// The bundled demo config, every account with [`PASSWORD`].
    pub async fn demo() -> TestServer {
        TestServer::with_config(Config::load(None).unwrap()).await
    }

    pub async fn with_config(config: Config) -> TestServer {
        let dir = TempDir::new();
        let db_path = dir.path().join("vagvisare.db");
        let mut conn = store::open_connection(&db_path).unwrap();
        store::kiosks::sync_slots(&mut conn, &config).unwrap();
        for c in &config.counsellors {
            store::accounts::set_password(&conn, &c.username, password_hash(), store::now_ms())
                .unwrap();
        }
        drop(conn);
        let mut server = TestServer::start(config, db_path, "127.0.0.1:0".parse().unwrap()).await;
        server._dir = Some(dir);
        server
    }

    /// Starts a server on an existing database file.
    pub async fn start(config: Config, db_path: PathBuf, addr: SocketAddr) -> TestServer {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let db = store::Db::open(&db_path).unwrap();
        let state = server::AppState::new(config.clone(), db, format!("http://{addr}"));
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
            stop: Some(stop),
            task: Some(task),
            _dir: None,
        }
    }

    /// Stops the server gracefully and starts a new one on the same file and
    /// address, as after a restart of the machine: clients carry on as they were.
    pub async fn restart(mut self) -> TestServer {
        self.shutdown().await;
        let mut next =
            TestServer::start(self.config.clone(), self.db_path.clone(), self.addr).await;
        next._dir = self._dir.take();
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
        let conn = store::open_connection(&self.db_path).unwrap();
        let token = auth::random_token(32);
        store::kiosks::set_token(&conn, kiosk, &auth::hash_token(&token), store::now_ms()).unwrap();
        token
    }

    pub async fn kiosk(&self, kiosk: &str) -> KioskClient {
        KioskClient {
            base: self.url(""),
            token: self.kiosk_token(kiosk),
            http: reqwest::Client::new(),
        }
    }

    pub async fn counsellor(&self, username: &str) -> CounsellorClient {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let res = http
            .post(self.url("/api/v1/session"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "login of {username}");
        let body: Value = res.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_string();
        CounsellorClient {
            base: self.url(""),
            http,
            csrf,
            username: username.to_string(),
        }
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

pub struct KioskClient {
    base: String,
    pub token: String,
    pub http: reqwest::Client,
}

/// A check-in as the kiosk would build it: now, walk-in, no interpreter.
pub fn checkin(errand: &str, language: &str) -> CheckinRequest {
    CheckinRequest {
        id: uuid::Uuid::new_v4(),
        errand: errand.into(),
        language: language.into(),
        appointment: false,
        interpreter: false,
        created_at: chrono::Utc::now().fixed_offset(),
        number: None,
    }
}

/// The same, as if the visitor had checked in `minutes` ago.
pub fn checkin_ago(errand: &str, language: &str, minutes: i64) -> CheckinRequest {
    let mut c = checkin(errand, language);
    c.created_at = (chrono::Utc::now() - chrono::Duration::minutes(minutes)).fixed_offset();
    c
}

impl KioskClient {
    pub async fn post(&self, body: &impl serde::Serialize) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}/api/v1/checkins", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Checks in and expects a new ticket.
    pub async fn check_in(&self, request: &CheckinRequest) -> CheckinResponse {
        let (status, body) = self.post(request).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).unwrap()
    }

    pub async fn config(&self) -> (StatusCode, Value) {
        let res = self
            .http
            .get(format!("{}/api/v1/kiosk/config", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

pub struct CounsellorClient {
    base: String,
    pub http: reqwest::Client,
    pub csrf: String,
    pub username: String,
}

impl CounsellorClient {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header("X-CSRF-Token", &self.csrf);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// "Call next": the ticket, or `None` on 204.
    pub async fn next(&self) -> Option<Ticket> {
        let (status, body) = self
            .send(Method::POST, "/api/v1/counsellor/next", None)
            .await;
        match status {
            StatusCode::OK => Some(serde_json::from_value(body["ticket"].clone()).unwrap()),
            StatusCode::NO_CONTENT => None,
            other => panic!("next gave {other}: {body}"),
        }
    }

    pub async fn act(&self, id: uuid::Uuid, action: &str) -> (StatusCode, Value) {
        self.send(
            Method::POST,
            &format!("/api/v1/tickets/{id}/{action}"),
            None,
        )
        .await
    }

    /// Acts and expects success.
    pub async fn ok(&self, id: uuid::Uuid, action: &str) -> Ticket {
        let (status, body) = self.act(id, action).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        serde_json::from_value(body["ticket"].clone()).unwrap()
    }

    pub async fn transfer(&self, id: uuid::Uuid, to: Value) -> (StatusCode, Value) {
        self.send(
            Method::POST,
            &format!("/api/v1/tickets/{id}/transfer"),
            Some(to),
        )
        .await
    }

    pub async fn queue(&self, site: &str) -> Vec<Ticket> {
        let (status, body) = self
            .send(Method::GET, &format!("/api/v1/sites/{site}/queue"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body["waiting"].clone()).unwrap()
    }

    pub async fn set_status(&self, status: &str) -> StatusCode {
        self.send(
            Method::PUT,
            "/api/v1/counsellor/status",
            Some(json!({ "status": status })),
        )
        .await
        .0
    }
}

/// The numbers of a list of tickets, for readable assertions.
pub fn numbers(tickets: &[Ticket]) -> Vec<String> {
    tickets.iter().map(|t| t.number.clone()).collect()
}
