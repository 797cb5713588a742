//! `/metrics` as a Prometheus would scrape it from the real binary: the
//! figures move with a morning's check-ins, a call and a display board,
//! promtool accepts the page, and only loopback or the token may read it.

mod common;

use std::{collections::HashMap, io::Write, process::Stdio, time::Duration};

use reqwest::blocking::Client;
use serde_json::json;

const TOKEN: &str = "metrics-token-0123456789abcdef0123456789";

/// A reverse proxy in front of the server: the test speaks from this
/// address when it plays one.
const PROXY: [u8; 4] = [127, 0, 0, 2];

/// The demo config with a metrics token and [`PROXY`] as a trusted proxy.
fn config_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("vagvisare.toml");
    let top = format!("metrics_token = \"{TOKEN}\"\ntrusted_proxies = [\"127.0.0.2\"]\n");
    std::fs::write(&path, top + server::config::DEMO_CONFIG).unwrap();
    path
}

/// A scrape's samples: `name{labels}` to value, labels as written.
fn samples(page: &str) -> HashMap<String, f64> {
    page.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (series, value) = l.rsplit_once(' ').unwrap();
            (series.to_string(), value.parse().unwrap())
        })
        .collect()
}

struct Scraper {
    http: Client,
    url: String,
}

impl Scraper {
    fn page(&self) -> String {
        let res = self.http.get(&self.url).send().unwrap();
        assert_eq!(res.status(), 200);
        let kind = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
        res.text().unwrap()
    }

    fn value(&self, series: &str) -> f64 {
        samples(&self.page()).get(series).copied().unwrap_or(0.0)
    }
}

#[test]
fn the_figures_follow_checkins_calls_and_listeners_and_promtool_accepts_them() {
    let dir = std::env::temp_dir().join(format!("vagvisare-metrics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("metrics.db");
    let config = config_file(&dir);
    let with_config = || {
        let mut cmd = common::server(&db);
        cmd.arg("--config").arg(&config);
        cmd
    };
    let kiosk = common::succeed(with_config().args(["kiosk-token", "arby-1"]))
        .trim()
        .to_string();
    let password = "a long enough password for anna";
    common::set_password(with_config(), "anna", password);

    let port = common::free_port();
    let _server = common::Stopped(
        with_config()
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    common::wait_until_listening(port);
    let base = format!("http://127.0.0.1:{port}");
    let http = Client::new();
    let scraper = Scraper {
        http: http.clone(),
        url: format!("{base}/metrics"),
    };

    let job = r#"{site="arby",errand="job"}"#;
    let before = samples(&scraper.page());
    assert_eq!(before.get(&format!("vagvisare_waiting{job}")), Some(&0.0));
    assert_eq!(
        before.get(&format!("vagvisare_longest_wait_seconds{job}")),
        Some(&0.0)
    );

    // A morning: two job seekers, one of them waiting for five minutes
    // already (checked in while the kiosk was slow), and a student.
    for (errand, minutes_ago) in [("job", 5), ("job", 0), ("study", 0)] {
        let at = chrono::Utc::now() - chrono::Duration::minutes(minutes_ago);
        let res = http
            .post(format!("{base}/api/v1/checkins"))
            .bearer_auth(&kiosk)
            .json(&json!({
                "id": uuid::Uuid::new_v4(), "errand": errand, "language": "sv",
                "appointment": false, "interpreter": false,
                "created_at": at.to_rfc3339(),
            }))
            .send()
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let page = scraper.page();
    let now = samples(&page);
    println!("{page}");
    let get = |series: &str| now.get(series).copied().unwrap_or(0.0);
    assert_eq!(get(&format!("vagvisare_checkins_total{job}")), 2.0);
    assert_eq!(
        get(r#"vagvisare_checkins_total{site="arby",errand="study"}"#),
        1.0
    );
    assert_eq!(get(&format!("vagvisare_waiting{job}")), 2.0);
    let longest = get(&format!("vagvisare_longest_wait_seconds{job}"));
    assert!((299.0..400.0).contains(&longest), "{longest}");
    assert_eq!(
        get(
            r#"vagvisare_http_requests_total{method="POST",route="/api/v1/checkins",status="201"}"#
        ),
        3.0
    );
    assert!(get("vagvisare_store_batch_jobs_count") >= 1.0);
    assert!(get("vagvisare_store_commit_duration_seconds_count") >= 1.0);
    // Nothing about a visitor: no ticket number, no language.
    assert!(!page.contains("\"sv\"") && !page.contains("J1"), "{page}");

    // Anna calls the one who waited longest.
    let anna = Client::builder().cookie_store(true).build().unwrap();
    let login: serde_json::Value = anna
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"username": "anna", "password": password}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let csrf = login["csrf_token"].as_str().unwrap();
    let called: serde_json::Value = anna
        .post(format!("{base}/api/v1/counsellor/next"))
        .header("X-CSRF-Token", csrf)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(called["ticket"]["errand"], "job");
    assert_eq!(scraper.value(&format!("vagvisare_calls_total{job}")), 1.0);
    assert_eq!(scraper.value(&format!("vagvisare_waiting{job}")), 1.0);

    // A display board listens; when it goes, it is no longer counted.
    let board = r#"vagvisare_event_subscribers{site="arby",audience="public"}"#;
    assert_eq!(scraper.value(board), 0.0);
    let stream = http
        .get(format!("{base}/api/v1/sites/arby/events"))
        .send()
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(scraper.value(board), 1.0);
    drop(stream);
    let gone = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        scraper.value(board) == 0.0
    });
    assert!(gone, "a closed stream is still counted");

    // promtool, as Prometheus's own tooling, accepts the page.
    let mut promtool = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (scripts/install-debian-packages installs it)");
    promtool
        .stdin
        .take()
        .unwrap()
        .write_all(scraper.page().as_bytes())
        .unwrap();
    let checked = promtool.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&checked.stdout) + String::from_utf8_lossy(&checked.stderr);
    assert!(
        checked.status.success() && said.trim().is_empty(),
        "promtool: {said}"
    );

    // Through the proxy, only with the token, whoever the proxy names: a
    // client from outside, or (forged or not) loopback itself.
    let proxy = Client::builder()
        .local_address(std::net::IpAddr::from(PROXY))
        .build()
        .unwrap();
    let forwarded = |client: Option<&str>, token: Option<&str>| {
        let mut req = proxy.get(format!("{base}/metrics"));
        if let Some(client) = client {
            req = req.header("X-Forwarded-For", client);
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send().unwrap().status().as_u16()
    };
    assert_eq!(forwarded(Some("203.0.113.7"), None), 401);
    assert_eq!(forwarded(Some("127.0.0.1"), None), 401);
    assert_eq!(forwarded(None, None), 401);
    assert_eq!(
        forwarded(Some("203.0.113.7"), Some("metrics-token-guess")),
        403
    );
    assert_eq!(forwarded(Some("203.0.113.7"), Some(TOKEN)), 200);
    // A client that makes up methods opens no series of its own.
    let made_up = reqwest::Method::from_bytes(b"BREW").unwrap();
    let _ = http
        .request(made_up, format!("{base}/healthz"))
        .send()
        .unwrap();
    let page = scraper.page();
    assert!(
        !page.contains("BREW") && page.contains(r#"method="other""#),
        "{page}"
    );

    let _ = std::fs::remove_dir_all(&dir);
}
