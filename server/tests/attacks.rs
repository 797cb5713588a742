//! Attacks as an outsider would make them, against the real server binary in
//! its own process on 127.0.0.1: the attacker's connections come from
//! 127.0.0.2 or 127.0.0.3 (all of 127.0.0.0/8 is loopback), the kiosk's and
//! the counsellor's from 127.0.0.1, so per-address limits are tested
//! honestly. Each test prints what got through. Every loop is bounded.

use std::{
    net::IpAddr,
    path::PathBuf,
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

mod common;

use common::{free_port, wait_until_listening};
const PASSWORD: &str = "correct horse battery";

/// A server of the bundled demo config on a fresh database, with anna's
/// password set and a token for kiosk arby-1; its log goes to a file.
struct Target {
    dir: PathBuf,
    child: Child,
    port: u16,
    kiosk_token: String,
}

impl Target {
    fn start() -> Target {
        let dir = std::env::temp_dir().join(format!("vagvisare-attack-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("v.db");
        common::set_password(common::server(&db), "anna", PASSWORD);
        let kiosk_token = common::kiosk_token(&db, "arby-1");
        let port = free_port();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        let child = common::server(&db)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        wait_until_listening(port);
        Target {
            dir,
            child,
            port,
            kiosk_token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap()
    }

    /// The server's peak resident memory so far, in MiB (VmHWM).
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024.0
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An HTTP client whose connections come from `address`.
fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn tally(statuses: &[Result<StatusCode, String>]) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for s in statuses {
        let key = match s {
            Ok(code) => code.as_u16().to_string(),
            Err(_) => "connection refused or closed".to_string(),
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
}

async fn login(
    client: &reqwest::Client,
    target: &Target,
    username: String,
    password: String,
) -> Result<StatusCode, String> {
    client
        .post(target.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .map(|r| r.status())
        .map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_guesses_for_one_username_are_checked_at_most_five_times() {
    let target = Target::start();
    let attacker = client_from("127.0.0.2");
    const GUESSES: usize = 60;
    let statuses = join_all((0..GUESSES).map(|i| {
        login(
            &attacker,
            &target,
            "anna".into(),
            format!("guess number {i}"),
        )
    }))
    .await;
    let counts = tally(&statuses);
    println!("{GUESSES} parallel wrong guesses for anna from 127.0.0.2: {counts:?}");
    let checked = counts.get("401").copied().unwrap_or(0);
    assert!(checked <= 5, "{checked} guesses were checked: {counts:?}");
    assert_eq!(
        checked + counts.get("429").copied().unwrap_or(0),
        GUESSES,
        "{counts:?}"
    );

    // Anna at her own desk is not locked out by guesses from elsewhere.
    let desk = client_from("127.0.0.1");
    assert_eq!(
        login(&desk, &target, "anna".into(), PASSWORD.into()).await,
        Ok(StatusCode::OK)
    );
    // And the guesses are in the security log, with the address, never the password.
    let log = target.log();
    let failed = log
        .lines()
        .filter(|l| l.contains("login failed") && l.contains("127.0.0.2"))
        .count();
    let locked = log.lines().filter(|l| l.contains("locked")).count();
    println!("security log: {failed} failed logins, {locked} refusals while locked");
    assert_eq!(failed, checked);
    assert!(locked > 0);
    assert!(!log.contains("guess number"), "a password reached the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_parallel_logins_keep_the_server_small() {
    let target = Target::start();
    let before = target.peak_rss_mib();
    // From 15 addresses, 20 each: the brake per address would otherwise
    // refuse most of them before any password is checked, and this is about
    // what checking costs.
    let attackers: Vec<reqwest::Client> = (10..25)
        .map(|i| client_from(&format!("127.0.0.{i}")))
        .collect();
    let started = Instant::now();
    let statuses = join_all((0..300).map(|i| {
        login(
            &attackers[i % attackers.len()],
            &target,
            format!("nobody{i}"),
            "some password or other".into(),
        )
    }))
    .await;
    let peak = target.peak_rss_mib();
    println!(
        "300 parallel logins in {:.1} s: {:?}; peak resident memory {before:.0} MiB before, {peak:.0} MiB after",
        started.elapsed().as_secs_f64(),
        tally(&statuses)
    );
    assert!(peak < 512.0, "peak {peak} MiB");
    assert!(
        statuses.iter().all(|s| !matches!(s, Ok(code) if code.is_server_error() && *code != StatusCode::SERVICE_UNAVAILABLE)),
        "a login failed with an internal error"
    );
    // The server is still there for everyone else.
    let kiosk = client_from("127.0.0.1");
    let health = kiosk.get(target.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_idle_connections_from_one_address_leave_a_checkin_answered_within_a_second() {
    // The test itself holds the connections: it needs the file descriptors.
    rlimit::increase_nofile_limit(8192).unwrap();
    let target = Target::start();
    const IDLE: usize = 2000;
    let mut held = Vec::with_capacity(IDLE);
    let mut failed_to_connect = 0;
    for _ in 0..IDLE {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
        match socket
            .connect(format!("127.0.0.1:{}", target.port).parse().unwrap())
            .await
        {
            Ok(stream) => held.push(stream),
            Err(_) => failed_to_connect += 1,
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Which of them did the server close at once?
    let mut closed = 0;
    let mut buf = [0u8; 16];
    for stream in &held {
        match stream.try_read(&mut buf) {
            // Nothing to read yet: the server keeps it open.
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            // End of stream or a reset: the server closed it.
            _ => closed += 1,
        }
    }
    let kiosk = client_from("127.0.0.1");
    let started = Instant::now();
    let res = kiosk
        .post(target.url("/api/v1/checkins"))
        .bearer_auth(&target.kiosk_token)
        .json(&json!({
            "id": uuid::Uuid::new_v4(),
            "errand": "job",
            "language": "sv",
            "appointment": false,
            "interpreter": false,
            "created_at": chrono::Utc::now().to_rfc3339(),
            "number": null,
        }))
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    println!(
        "{IDLE} idle connections from 127.0.0.2: {} held open by the server, {closed} closed at once, \
         {failed_to_connect} not connected; a kiosk check-in from 127.0.0.1 took {} ms",
        held.len() - closed,
        took.as_millis()
    );
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(held.len() - closed <= 256, "the per-address cap held");
    drop(held);
}
