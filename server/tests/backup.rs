//! `server backup FILE` while kiosks check in: the copy, restored and
//! served, holds every check-in acknowledged before the backup began, and
//! its integrity check says ok.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

mod common;

use common::{free_port, kiosk_token, serve};

#[test]
fn a_backup_taken_during_checkins_holds_every_acknowledged_one_and_restores() {
    let dir = std::env::temp_dir().join(format!("vagvisare-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("live.db");
    let copy = dir.join("copy.db");
    let token = kiosk_token(&db, "arby-1");
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
    let said = common::succeed(common::server(&db).arg("backup").arg(&copy));
    println!("{}", said.trim());
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    kiosk.join().unwrap();
    let _ = server.kill();
    let _ = server.wait();

    // A second backup to the same file is refused: it never overwrites.
    let again = common::server(&db)
        .arg("backup")
        .arg(&copy)
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

/// The nightly timer's script (`packaging/server/backup`): each run adds a
/// backup named by its time and keeps only the newest
/// `VAGVISARE_BACKUP_KEEP`, never touching other files in the folder; a
/// keep that is not a number is refused before anything is removed.
#[test]
fn the_nightly_script_keeps_the_newest_backups_and_nothing_else_goes() {
    let dir = std::env::temp_dir().join(format!("vagvisare-nightly-{}", uuid::Uuid::new_v4()));
    let backups = dir.join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let db = dir.join("live.db");
    kiosk_token(&db, "arby-1"); // creates the database
    std::fs::write(backups.join("notes.txt"), "not a backup").unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../packaging/server/backup");
    let run = |keep: &str| {
        std::process::Command::new("sh")
            .arg(script)
            .env("VAGVISARE_SERVER_BIN", common::BIN)
            .env("VAGVISARE_DB", &db)
            .env_remove("VAGVISARE_CONFIG")
            .env("VAGVISARE_BACKUP_DIR", &backups)
            .env("VAGVISARE_BACKUP_KEEP", keep)
            .output()
            .unwrap()
    };
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(&backups)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    let mut made = Vec::new();
    for _ in 0..4 {
        let out = run("2");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let newest = listing()
            .into_iter()
            .filter(|n| n.starts_with("vagvisare-") && !made.contains(n))
            .collect::<Vec<_>>();
        assert_eq!(newest.len(), 1, "one new backup per run: {newest:?}");
        made.extend(newest);
    }
    let mut expected = made[2..].to_vec();
    expected.insert(0, "notes.txt".into());
    assert_eq!(listing(), expected);

    let out = run("none");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("VAGVISARE_BACKUP_KEEP"));
    assert_eq!(listing(), expected, "a refused run removes nothing");
    let _ = std::fs::remove_dir_all(&dir);
}
