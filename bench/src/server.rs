//! The server under test: the release binary in its own process, on a
//! loopback port, with a config made for the benchmarks and a fresh database.

use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use server::{
    auth,
    config::Config,
    events::Hub,
    store::{self, DbTarget},
};

/// Every account's password in the benchmark database.
pub const PASSWORD: &str = "bench-password";
/// The one site everything happens at: the worst case for the queue.
pub const SITE: &str = "bench";
pub const ERRANDS: [&str; 6] = ["job", "study", "benefit", "af", "digital", "other"];
const LANGUAGES: [&str; 6] = ["sv", "ar", "so", "ti", "fa", "en"];

/// The benchmark config: one site, the demo's errands, `counsellors`
/// counsellors (each with two or three errands and two languages) and three
/// kiosks.
pub fn config(counsellors: usize) -> String {
    // Every benchmark client connects from 127.0.0.1, and the fan-out alone
    // holds 10,000 event streams: far past the limits a real site needs.
    let mut toml = String::from(
        "[limits]\nconnections = 20000\nconnections_per_address = 20000\nlisteners_per_site = 20000\n\n",
    );
    toml += &format!(
        "[[sites]]\nid = \"{SITE}\"\nname = \"Benchmark\"\n\
         language_bonus_min = 10\nappointment_bonus_min = 30\n\n"
    );
    for (i, errand) in ERRANDS.iter().enumerate() {
        let prefix = ["J", "S", "B", "A", "D", "O"][i];
        toml += &format!("[[errands]]\nid = \"{errand}\"\nprefix = \"{prefix}\"\n\n");
    }
    for i in 0..counsellors {
        let errands: Vec<String> = (0..2 + i % 2)
            .map(|k| format!("{:?}", ERRANDS[(i + k) % ERRANDS.len()]))
            .collect();
        let languages = [LANGUAGES[0], LANGUAGES[1 + i % (LANGUAGES.len() - 1)]];
        toml += &format!(
            "[[counsellors]]\nusername = \"c{i}\"\nname = \"Counsellor {i}\"\nsite = \"{SITE}\"\n\
             desk = \"Desk {i}\"\nerrands = [{}]\nlanguages = [{:?}, {:?}]\n\n",
            errands.join(", "),
            languages[0],
            languages[1]
        );
    }
    for k in 1..=3 {
        toml += &format!("[[kiosks]]\nid = \"kiosk-{k}\"\nsite = \"{SITE}\"\n\n");
    }
    toml
}

/// A language a benchmark visitor may choose.
pub fn language(i: usize) -> &'static str {
    LANGUAGES[i % LANGUAGES.len()]
}

pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
    /// A SQLite file, or a PostgreSQL URL.
    pub db: String,
    /// Where this run's files are.
    pub dir: PathBuf,
    config_path: PathBuf,
    pub counsellors: usize,
}

impl ServerProcess {
    /// On a new SQLite file in `dir`.
    pub async fn start(
        binary: &Path,
        dir: &Path,
        counsellors: usize,
    ) -> anyhow::Result<(ServerProcess, Vec<String>)> {
        let db = dir.join("bench.db").to_string_lossy().into_owned();
        ServerProcess::start_on(binary, dir, counsellors, db).await
    }

    /// Writes the config, prepares the database `db` (a file or a
    /// PostgreSQL URL: passwords, kiosk tokens) and starts `binary`;
    /// returns once `/healthz` answers.
    pub async fn start_on(
        binary: &Path,
        dir: &Path,
        counsellors: usize,
        db: String,
    ) -> anyhow::Result<(ServerProcess, Vec<String>)> {
        std::fs::create_dir_all(dir)?;
        let config_path = dir.join("bench.toml");
        let toml = config(counsellors);
        std::fs::write(&config_path, &toml)?;
        // `kiosk-token` creates the database and gives each kiosk its slot,
        // as an administrator would; the passwords go in directly, one hash
        // for all, because hashing fifty passwords would only cost time.
        let mut tokens = Vec::new();
        for k in 1..=3 {
            let out = Command::new(binary)
                .args(["--config"])
                .arg(&config_path)
                .arg("--db")
                .arg(&db)
                .args(["kiosk-token", &format!("kiosk-{k}")])
                .output()
                .context("cannot run the server binary")?;
            if !out.status.success() {
                bail!(
                    "kiosk-token failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            tokens.push(String::from_utf8(out.stdout)?.trim().to_string());
        }
        {
            let config = Arc::new(Config::parse("bench.toml", &toml)?);
            let hub = Arc::new(Hub::new(&config, 1));
            let target = DbTarget::parse_arg(&db).map_err(anyhow::Error::msg)?;
            let store = store::open(&target, config, hub).await?;
            let hash = auth::hash_password(PASSWORD)?;
            for i in 0..counsellors {
                let now = server::clock::now_ms();
                store
                    .set_password(format!("c{i}"), hash.clone(), now, None)
                    .await?;
            }
        }
        let server = ServerProcess::spawn(binary, dir, &config_path, db, counsellors).await?;
        Ok((server, tokens))
    }

    /// Another instance of the same server, on the same database.
    pub async fn another(&self, binary: &Path) -> anyhow::Result<ServerProcess> {
        ServerProcess::spawn(
            binary,
            &self.dir,
            &self.config_path,
            self.db.clone(),
            self.counsellors,
        )
        .await
    }

    async fn spawn(
        binary: &Path,
        dir: &Path,
        config_path: &Path,
        db: String,
        counsellors: usize,
    ) -> anyhow::Result<ServerProcess> {
        let addr = free_port()?;
        let child = Command::new(binary)
            .arg("--config")
            .arg(config_path)
            .arg("--db")
            .arg(&db)
            .arg("--listen")
            .arg(addr.to_string())
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start the server binary")?;
        let server = ServerProcess {
            child,
            addr,
            db,
            dir: dir.to_path_buf(),
            config_path: config_path.to_path_buf(),
            counsellors,
        };
        server.wait_until_up().await?;
        Ok(server)
    }

    async fn wait_until_up(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = client.get(self.url("/healthz")).send().await {
                if r.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the server did not answer /healthz within 30 s")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The server's resident memory, in MiB.
    pub fn resident_mib(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            })
            .map_or(0.0, |kib| kib / 1024.0)
    }

    /// How many tickets the database holds, to check what was acknowledged.
    pub async fn tickets_stored(&self) -> anyhow::Result<u64> {
        let sql = "SELECT COUNT(*) FROM tickets";
        if self.db.starts_with("postgres") {
            let (client, connection) =
                tokio_postgres::connect(&self.db, tokio_postgres::NoTls).await?;
            tokio::spawn(connection);
            return Ok(client.query_one(sql, &[]).await?.get::<_, i64>(0) as u64);
        }
        let conn = rusqlite::Connection::open(&self.db)?;
        Ok(conn.query_row(sql, [], |r| r.get(0))?)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// A logged-in counsellor: the session cookie and the CSRF token.
pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
}

impl Session {
    pub async fn login(server: &ServerProcess, username: &str) -> anyhow::Result<Session> {
        let client = reqwest::Client::builder().cookie_store(true).build()?;
        let r = client
            .post(server.url("/api/v1/session"))
            .json(&serde_json::json!({"username": username, "password": PASSWORD}))
            .send()
            .await?;
        if !r.status().is_success() {
            bail!("login as {username} failed: {}", r.status());
        }
        let body: serde_json::Value = r.json().await?;
        let csrf = body["csrf_token"]
            .as_str()
            .context("no csrf_token")?
            .to_string();
        Ok(Session { client, csrf })
    }

    pub fn post(&self, server: &ServerProcess, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(server.url(path))
            .header("X-CSRF-Token", &self.csrf)
    }
}
