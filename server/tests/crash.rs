//! Crash safety: check-ins keep coming from several kiosks while the server
//! is killed with SIGKILL and started again, over and over. Every check-in
//! that was acknowledged must be in the database afterwards, exactly once,
//! and the file must be intact. `VAGVISARE_KILL_CYCLES` sets the number of
//! kills (20 by default; the README's soak uses more).

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

mod common;

use common::{free_port, kiosk_token, serve as start};

#[test]
fn acknowledged_checkins_survive_sigkill() {
    let cycles: usize = std::env::var("VAGVISARE_KILL_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = std::env::temp_dir().join(format!("vagvisare-crash-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("crash.db");
    let token = kiosk_token(&db, "arby-1");
    let port = free_port();
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut sent = 0usize;
    for cycle in 0..cycles {
        let mut server = start(&db, port);
        // Kill after a random-ish moment, different each cycle.
        let alive_for = Duration::from_millis(150 + (cycle as u64 * 37) % 350);
        let stop = Instant::now() + alive_for;
        sent += runtime.block_on(async {
            let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
            let tasks: Vec<_> = (0..6)
                .map(|_| {
                    let (client, token, acknowledged) = (client.clone(), token.clone(), acknowledged.clone());
                    tokio::spawn(async move {
                        let mut tries = 0;
                        while Instant::now() < stop + Duration::from_millis(300) {
                            let id = uuid::Uuid::new_v4();
                            let body = serde_json::json!({
                                "id": id, "errand": "job", "language": "sv", "appointment": false,
                                "interpreter": false, "created_at": chrono::Utc::now().to_rfc3339(), "number": null
                            });
                            tries += 1;
                            let res = client
                                .post(format!("http://127.0.0.1:{port}/api/v1/checkins"))
                                .bearer_auth(&token)
                                .json(&body)
                                .send()
                                .await;
                            match res {
                                Ok(r) if r.status().is_success() => {
                                    acknowledged.lock().unwrap().insert(id);
                                }
                                Ok(r) => panic!("a check-in was refused: {}", r.status()),
                                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                            }
                        }
                        tries
                    })
                })
                .collect();
            // The kill lands while requests are in flight.
            tokio::time::sleep_until(stop.into()).await;
            server.kill().unwrap();
            server.wait().unwrap();
            let mut tries = 0;
            for t in tasks {
                tries += t.await.unwrap();
            }
            tries
        });
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let stored: HashSet<uuid::Uuid> = conn
        .prepare("SELECT id FROM tickets")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|id| id.unwrap().parse().unwrap())
        .collect();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    let numbers: i64 = conn
        .query_row(
            "SELECT COUNT(DISTINCT site || day || number) FROM tickets",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let acknowledged = acknowledged.lock().unwrap();
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    println!(
        "kill cycles: {cycles}, requests: {sent}, acknowledged: {}, found: {}, lost: {}, duplicate numbers: {}",
        acknowledged.len(),
        stored.intersection(&acknowledged).count(),
        lost.len(),
        rows - numbers
    );
    assert_eq!(integrity, "ok");
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(rows, numbers, "a number was given twice");
    assert!(acknowledged.len() > cycles, "the load did not get through");
    drop(conn);
    let _ = std::fs::remove_dir_all(dir);
}
