//! Chromium and ChromeDriver (Debian's `chromium`, `chromium-driver`) for the
//! page tests, each test with a fresh profile; plus a kiosk that checks in.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tests::{TempDir, TestServer};

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    pub async fn start(width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (Debian package chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = TempDir::new();
        let caps = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    // Containers often have a tiny /dev/shm: use /tmp instead.
                    "--disable-dev-shm-usage",
                    "--autoplay-policy=no-user-gesture-required",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session");
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Waits up to 10 s for an element's text to satisfy `want`.
    pub async fn wait_text(&self, css: &str, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if want(&text) {
                        return text;
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css}: the text never became what was wanted; last seen {last:?}");
    }

    /// Clicks an element, finding it again if the page re-rendered it
    /// between finding and clicking (the workstation swaps its panel live).
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let error = match self.client.find(Locator::Css(css)).await {
                Ok(element) => match element.click().await {
                    Ok(()) => return,
                    Err(e) => e.to_string(),
                },
                Err(e) => e.to_string(),
            };
            assert!(Instant::now() < deadline, "{css}: {error}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// An attribute of the page's `<html>` element (`lang`, `dir`).
    pub async fn page_attr(&self, name: &str) -> Option<String> {
        self.client
            .find(Locator::Css("html"))
            .await
            .unwrap()
            .attr(name)
            .await
            .unwrap()
    }

    /// What axe-core (WCAG 2.1 A and AA, and its best practices such as
    /// every piece of content in a landmark) finds wrong with the page now,
    /// one line per rule: its id, what it asks, and where.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        // The version is pinned in scripts/install-debian-packages, which
        // keeps exactly one axe-<version>.min.js here.
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/axe-core");
        let axe = std::fs::read_dir(&dir)
            .ok()
            .and_then(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with(".min.js"))
            })
            .unwrap_or_else(|| {
                panic!(
                    "no axe-core in {}: scripts/install-debian-packages fetches it",
                    dir.display()
                )
            });
        let source = std::fs::read_to_string(&axe).unwrap();
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .unwrap();
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: "tag",
                    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
                  .then(r => done(r.violations.map(v => v.id + ": " + v.help + " — " +
                      v.nodes.map(n => n.target.join(" ")).join(", "))))
                  .catch(e => done(["axe could not run: " + e]));"#,
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(found).unwrap()
    }

    /// Saves a screenshot as `target/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// Checks a visitor in as the site's kiosk would; returns number and status URL.
pub async fn check_in(
    server: &TestServer,
    kiosk: &str,
    errand: &str,
    language: &str,
) -> (String, String) {
    let token = server.kiosk_token(kiosk);
    let body = json!({
        "id": uuid::Uuid::new_v4(), "errand": errand, "language": language, "appointment": false,
        "interpreter": true, "created_at": chrono::Utc::now().to_rfc3339(), "number": null
    });
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/checkins"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let answer: Value = res.json().await.unwrap();
    (
        answer["number"].as_str().unwrap().into(),
        answer["status_url"].as_str().unwrap().into(),
    )
}
