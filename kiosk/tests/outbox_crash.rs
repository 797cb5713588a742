//! The kiosk's outbox under crashes: a screenless kiosk (the real sync
//! worker and outbox) is killed with SIGKILL at random moments while it
//! records and sends, the server goes away and comes back in between, and
//! in the end every check-in in the outbox has reached the server exactly
//! once. `VAGVISARE_KIOSK_KILLS` sets the number of kills (8 by default).

use std::{
    collections::HashSet,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use tests::{TempDir, TestServer};

const SOAK: &str = env!("CARGO_BIN_EXE_sync-soak");

fn spawn(server: &TestServer, dir: &TempDir, checkins: usize) -> Child {
    Command::new(SOAK)
        .args(["--server", &format!("http://{}", server.addr)])
        .args(["--token-file", dir.path().join("token").to_str().unwrap()])
        .args(["--db", dir.path().join("outbox.db").to_str().unwrap()])
        .args(["--checkins", &checkins.to_string()])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn outbox_ids(dir: &TempDir) -> (HashSet<String>, i64) {
    let conn = rusqlite::Connection::open(dir.path().join("outbox.db")).unwrap();
    let ids = conn
        .prepare("SELECT id FROM checkins")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let unsent = conn
        .query_row(
            "SELECT COUNT(*) FROM checkins WHERE sent_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (ids, unsent)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_checkin_reaches_the_server_exactly_once_through_kills_and_outages() {
    let kills: u64 = std::env::var("VAGVISARE_KIOSK_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let mut server = TestServer::demo().await;
    let dir = TempDir::new();
    std::fs::write(dir.path().join("token"), server.kiosk_token("arby-1")).unwrap();
    for round in 0..kills {
        // Every third round the server is down: numbers come from the kiosk's range.
        let down = round % 3 == 1;
        if down {
            server.shutdown().await;
        }
        let mut kiosk = spawn(&server, &dir, 12);
        tokio::time::sleep(Duration::from_millis(80 + (round * 97) % 400)).await;
        kiosk.kill().unwrap();
        kiosk.wait().unwrap();
        if down {
            server = server.restart().await;
        }
    }
    // A last run that is left alone until the outbox is empty.
    let mut kiosk = spawn(&server, &dir, 0);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, unsent) = outbox_ids(&dir);
        if unsent == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{unsent} check-ins never reached the server"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    kiosk.kill().unwrap();
    kiosk.wait().unwrap();

    let (recorded, _) = outbox_ids(&dir);
    let db = server.db();
    let stored: Vec<String> = db
        .prepare("SELECT id FROM tickets")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let unique: HashSet<String> = stored.iter().cloned().collect();
    let offline: i64 = db
        .query_row("SELECT COUNT(*) FROM tickets WHERE offline = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    println!(
        "kiosk kills: {kills}, recorded in the outbox: {}, on the server: {}, of them offline numbers: {offline}, duplicates: {}",
        recorded.len(),
        stored.len(),
        stored.len() - unique.len()
    );
    assert_eq!(unique, recorded, "the server and the outbox disagree");
    assert_eq!(stored.len(), unique.len());
    assert!(
        recorded.len() as u64 >= kills,
        "the kiosk recorded too little to prove anything"
    );
}
