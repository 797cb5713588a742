//! `server backup FILE` while kiosks check in: the copy, restored and
//! served, holds every check-in acknowledged before the backup began, and
//! its integrity check says ok.

use std::{
    net::TcpListener,
    path::Path,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

const BIN: &str = env!("CARGO_BIN_EXE_server");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(db: &Path, port: u16) -> Child {
    let child = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env_remove("VAGVISARE_CONFIG")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn a_backup_taken_during_checkins_holds_every_acknowledged_one_and_restores() {
    let dir = std::env::temp_dir().join(format!("vagvisare-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("live.db");
    let copy = dir.join("copy.db");
    let token = {
        let out = Command::new(BIN)
            .args(["--db", db.to_str().unwrap(), "kiosk-token", "arby-1"])
            .env_remove("VAGVISARE_CONFIG")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let port = free_port();
    let mut server = serve(&db, port);

    // A kiosk checks in without pause, noting each acknowledged id and when.
    let acked: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let kiosk = {
        let (acked, stop, token) = (acked.clone(), stop.clone(), token.clone());
        std::thread::spawn(move || {
            let http = reqwest::blocking::Client::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let id = uuid::Uuid::new_v4();
                let res = http
                    .post(format!("http://127.0.0.1:{port}/api/v1/checkins"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({
                        "id": id, "errand": "job", "language": "sv", "appointment": false,
                        "interpreter": false, "created_at": chrono::Utc::now().to_rfc3339(),
                        "number": null,
                    }))
                    .send();
                if matches!(res, Ok(r) if r.status() == 201) {
                    acked.lock().unwrap().push((id.to_string(), Instant::now()));
                }
            }
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let began = Instant::now();
    let out = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "backup",
            copy.to_str().unwrap(),
        ])
        .env_remove("VAGVISARE_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{}", String::from_utf8_lossy(&out.stdout).trim());
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    kiosk.join().unwrap();
    let _ = server.kill();
    let _ = server.wait();

    // A second backup to the same file is refused: it never overwrites.
    let again = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "backup",
            copy.to_str().unwrap(),
        ])
        .env_remove("VAGVISARE_CONFIG")
        .output()
        .unwrap();
    assert!(!again.status.success());

    // Restored: the copy is served, and holds everything acknowledged before.
    let restored = dir.join("restored.db");
    std::fs::copy(&copy, &restored).unwrap();
    let port = free_port();
    let mut server = serve(&restored, port);
    let health = reqwest::blocking::get(format!("http://127.0.0.1:{port}/healthz")).unwrap();
    assert_eq!(health.status(), 200);
    let _ = server.kill();
    let _ = server.wait();
    let conn = rusqlite::Connection::open(&restored).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let acked = acked.lock().unwrap();
    let before: Vec<&String> = acked
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| id)
        .collect();
    let mut missing = 0;
    for id in &before {
        let found: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM tickets WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        missing += usize::from(!found);
    }
    let in_copy: i64 = conn
        .query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    println!(
        "{} check-ins acknowledged in all, {} before the backup began; the copy holds {in_copy}, missing {missing}",
        acked.len(),
        before.len()
    );
    assert!(!before.is_empty());
    assert_eq!(missing, 0);
    let _ = std::fs::remove_dir_all(&dir);
}
