//! The request log as IT reads it from journald: with `--log-format json`,
//! one JSON object per line and one line per request, naming the method,
//! the route's pattern, the status and the time, and never a token, a
//! session id or a status link.

mod common;

use std::{
    io::{BufRead, BufReader},
    process::Stdio,
    sync::mpsc,
    time::{Duration, Instant},
};

use serde_json::Value;

#[test]
fn every_request_gets_one_json_line_with_its_route_pattern_and_no_secret() {
    let dir = std::env::temp_dir().join(format!("vagvisare-request-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("log.db");
    let token = common::kiosk_token(&db, "arby-1");
    let port = common::free_port();
    let mut child = common::server(&db)
        .args([
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--log-format",
            "json",
        ])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    common::wait_until_listening(port);

    let http = reqwest::blocking::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let checkin = serde_json::json!({
        "id": uuid::Uuid::new_v4(),
        "errand": "job",
        "language": "so",
        "appointment": false,
        "interpreter": false,
        "created_at": chrono::Utc::now().to_rfc3339(),
    });
    let answer: Value = http
        .post(format!("{base}/api/v1/checkins"))
        .bearer_auth(&token)
        .json(&checkin)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let status_url = answer["status_url"].as_str().unwrap().to_string();
    let secret = status_url.rsplit('/').next().unwrap().to_string();
    // The visitor's status page and its JSON, a 404 and a 405.
    assert!(http.get(&status_url).send().unwrap().status().is_success());
    let json_status = format!("{base}/api/v1/status/{secret}");
    assert!(http.get(&json_status).send().unwrap().status().is_success());
    assert_eq!(
        http.get(format!("{base}/no/such/page"))
            .send()
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        http.delete(format!("{base}/api/v1/checkins"))
            .send()
            .unwrap()
            .status(),
        405
    );

    // The five requests' lines, and every other line of the log.
    let mut all = Vec::new();
    let mut requests = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while requests.len() < 5 && Instant::now() < deadline {
        if let Ok(line) = received.recv_timeout(Duration::from_millis(200)) {
            let parsed: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"));
            if parsed["target"] == "request" {
                requests.push(parsed);
            }
            all.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    for line in &requests {
        println!("{line}");
    }
    let seen: Vec<(String, String, u64)> = requests
        .iter()
        .map(|r| {
            assert!(r["ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{r}");
            (
                r["method"].as_str().unwrap_or_default().to_string(),
                r["route"].as_str().unwrap_or_default().to_string(),
                r["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        ("POST", "/api/v1/checkins", 201),
        ("GET", "/t/{token}", 200),
        ("GET", "/api/v1/status/{token}", 200),
        ("GET", "unmatched", 404),
        ("DELETE", "/api/v1/checkins", 405),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(m, r, s)| (m.to_string(), r.to_string(), *s))
        .collect();
    assert_eq!(seen, expected);
    for line in &all {
        assert!(!line.contains(&secret), "a status token in the log: {line}");
        assert!(!line.contains(&token), "a kiosk token in the log: {line}");
    }
}
