//! Crash safety: check-ins keep coming from several kiosks while the server
//! is killed with SIGKILL and started again, over and over. Every check-in
//! that was acknowledged must be in the database afterwards, exactly once,
//! and a SQLite file must be intact. `VAGVISARE_KILL_CYCLES` sets the number
//! of kills (20 by default; the README's soak uses more). The same on
//! PostgreSQL when `VAGVISARE_TEST_PG` names a server (`scripts/with-postgres`).

use std::{
    collections::HashSet,
    ffi::OsString,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

mod common;

use common::{free_port, kiosk_token, serve as start};

#[test]
fn acknowledged_checkins_survive_sigkill() {
    let dir = std::env::temp_dir().join(format!("vagvisare-crash-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("crash.db");
    let (acknowledged, cycles) = kill_under_load(db.clone().into());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let stored: Vec<(String, String)> = conn
        .prepare("SELECT id, site || day || number FROM tickets")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(integrity, "ok");
    check(&acknowledged, &stored, cycles);
    drop(conn);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn acknowledged_checkins_survive_sigkill_on_postgres() {
    let Some(db) = common::postgres_database() else {
        println!("PostgreSQL only: run under scripts/with-postgres");
        return;
    };
    let (acknowledged, cycles) = kill_under_load(db.clone().into());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stored = runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&db, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
            .query("SELECT id, site || day || number FROM tickets", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect::<Vec<(String, String)>>()
    });
    check(&acknowledged, &stored, cycles);
}

/// Every acknowledged check-in stored once, and no number given twice.
fn check(acknowledged: &HashSet<uuid::Uuid>, stored: &[(String, String)], cycles: usize) {
    let ids: HashSet<uuid::Uuid> = stored.iter().map(|(id, _)| id.parse().unwrap()).collect();
    let numbers: HashSet<&String> = stored.iter().map(|(_, n)| n).collect();
    let lost: Vec<_> = acknowledged.difference(&ids).collect();
    println!(
        "kill cycles: {cycles}, acknowledged: {}, found: {}, lost: {}, duplicate numbers: {}",
        acknowledged.len(),
        ids.intersection(acknowledged).count(),
        lost.len(),
        stored.len() - numbers.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(stored.len(), numbers.len(), "a number was given twice");
    assert!(acknowledged.len() > cycles, "the load did not get through");
}

/// Kills the server on `db` again and again while kiosks check in; the
/// check-ins it acknowledged, and how many kills there were.
fn kill_under_load(db: OsString) -> (HashSet<uuid::Uuid>, usize) {
    let cycles: usize = std::env::var("VAGVISARE_KILL_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
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
    println!("requests: {sent}");
    let acknowledged = acknowledged.lock().unwrap().clone();
    (acknowledged, cycles)
}
