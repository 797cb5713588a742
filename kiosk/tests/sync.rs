//! The outbox and the sync worker against a real server started here: the
//! network cut by stopping the server, every check-in delivered exactly
//! once, in order, with the numbers visitors were given.

use std::{
    sync::mpsc,
    time::{Duration, Instant},
};

use kiosk::{
    outbox::Outbox,
    settings::Settings,
    sync::{CheckinPort, Client, Report, Sent, Worker},
    visit::{Issued, Visit},
};
use tests::TestServer;

struct Kiosk {
    worker: Worker,
    reports: mpsc::Receiver<Report>,
}

fn settings(server: &TestServer, db: &std::path::Path) -> Settings {
    Settings {
        server_url: format!("http://{}", server.addr),
        token: server.kiosk_token("arby-1"),
        database: db.to_path_buf(),
        fullscreen: false,
        audio: Default::default(),
        clips: None,
        printer: None,
    }
}

fn start(settings: &Settings) -> Kiosk {
    let (tx, reports) = mpsc::channel();
    // No UI here: reports and answers arrive on the worker's thread.
    let worker = Worker::start(settings, move |r| {
        let _ = tx.send(r);
    })
    .unwrap();
    Kiosk { worker, reports }
}

impl Kiosk {
    fn check_in(&self, errand: &str) -> Issued {
        self.check_in_with(errand, None)
    }

    /// A check-in, with a booked visit's code typed on the keypad.
    fn check_in_with(&self, errand: &str, code: Option<&str>) -> Issued {
        let (tx, rx) = mpsc::channel();
        let visit = Visit {
            language: "sv".into(),
            errand: errand.into(),
            appointment: code.is_some(),
            appointment_code: code.map(String::from),
            interpreter: false,
        };
        self.worker
            .check_in(visit, Box::new(move |issued| tx.send(issued).unwrap()));
        rx.recv_timeout(Duration::from_secs(10))
            .expect("a number within the deadline")
    }

    /// Waits for a report that satisfies `want`.
    fn wait_for(&self, what: &str, want: impl Fn(&Report) -> bool) -> Report {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.reports.recv_timeout(left) {
                Ok(r) if want(&r) => return r,
                Ok(_) => {}
                Err(_) => panic!("no report of {what} within 30 s"),
            }
        }
    }

    /// Waits until the kiosk says it is offline with `unsent` check-ins:
    /// reports from before the server went are still queued until then.
    fn wait_offline_with(&self, unsent: u32) {
        self.wait_for("offline with unsent check-ins", |r| {
            *r == Report::Status {
                online: false,
                unsent,
            }
        });
    }

    fn wait_until_all_sent(&self) {
        self.wait_for("everything sent", |r| {
            matches!(
                r,
                Report::Status {
                    online: true,
                    unsent: 0
                }
            )
        });
    }
}

fn tickets(server: &TestServer) -> Vec<(String, String, String)> {
    let db = server.db();
    let mut stmt = db
        .prepare("SELECT id, number, checked_in_at FROM tickets ORDER BY checked_in_at, rowid")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.to_string()))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkins_made_while_the_server_is_down_arrive_once_with_their_numbers() {
    let server = TestServer::demo().await;
    let dir = tests::TempDir::new();
    let settings = settings(&server, &dir.path().join("outbox.db"));
    let kiosk = start(&settings);
    kiosk.wait_for("the site's configuration", |r| {
        matches!(r, Report::Config(_))
    });

    let online = kiosk.check_in("job");
    assert_eq!(online.number.as_deref(), Some("J1"));
    assert!(online.wait.is_some() && online.status_url.is_some());

    // The network goes: the server stops.
    let mut server = server;
    server.shutdown().await;
    let started = Instant::now();
    let offline: Vec<Issued> = ["job", "study", "other"]
        .iter()
        .map(|e| kiosk.check_in(e))
        .collect();
    println!("three offline check-ins took {:?}", started.elapsed());
    let numbers: Vec<_> = offline.iter().map(|i| i.number.clone().unwrap()).collect();
    assert_eq!(numbers, ["J900", "S901", "A902"]);
    assert!(
        offline
            .iter()
            .all(|i| i.wait.is_none() && i.status_url.is_none()),
        "the wait is not known yet"
    );
    kiosk.wait_offline_with(3);

    // It comes back on the same file and address; the kiosk sends on its own.
    let server = server.restart().await;
    kiosk.wait_until_all_sent();
    let stored = tickets(&server);
    let stored_numbers: Vec<&str> = stored.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(stored_numbers, ["J1", "J900", "S901", "A902"]);
    let ids: std::collections::HashSet<_> = stored.iter().map(|t| &t.0).collect();
    assert_eq!(ids.len(), 4, "no check-in twice");

    // They keep the time the visitors touched the screen, as the outbox
    // recorded it, and so their fair place: the queue is in arrival order.
    let outbox = rusqlite::Connection::open(dir.path().join("outbox.db")).unwrap();
    for (id, _, checked_in_at) in &stored {
        let created: String = outbox
            .query_row("SELECT created_at FROM checkins WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        let created = chrono::DateTime::parse_from_rfc3339(&created)
            .unwrap()
            .timestamp_millis();
        assert_eq!(
            created.to_string(),
            *checked_in_at,
            "{id} lost its check-in time"
        );
    }
    let anna = {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let res = http
            .post(server.url("/api/v1/session"))
            .json(&serde_json::json!({"username": "anna", "password": tests::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        http
    };
    let queue: serde_json::Value = anna
        .get(server.url("/api/v1/sites/arby/queue"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let order: Vec<&str> = queue["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap())
        .collect();
    assert_eq!(order, stored_numbers, "arrival order is queue order");

    // And the next one online continues the server's own numbering.
    assert_eq!(kiosk.check_in("job").number.as_deref(), Some("J2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_restarted_with_unsent_checkins_delivers_each_exactly_once() {
    let server = TestServer::demo().await;
    let dir = tests::TempDir::new();
    let db = dir.path().join("outbox.db");
    let settings = settings(&server, &db);

    // A check-in the server got but the kiosk died before marking sent, and
    // one it never sent: as if the kiosk was killed mid-send.
    let client = Client::new(&settings).unwrap();
    let mut outbox = Outbox::open(&db).unwrap();
    let visit = Visit {
        language: "ar".into(),
        errand: "job".into(),
        appointment: true,
        appointment_code: None,
        interpreter: true,
    };
    let delivered = outbox.record(&visit).unwrap();
    assert!(matches!(client.send(&delivered).await, Sent::Accepted(_)));
    let never_sent = outbox.record(&visit).unwrap();
    drop(outbox);

    let kiosk = start(&settings);
    kiosk.wait_until_all_sent();
    let stored = tickets(&server);
    assert_eq!(stored.len(), 2, "{stored:?}");
    let ids: Vec<String> = stored.iter().map(|t| t.0.clone()).collect();
    assert!(ids.contains(&delivered.id.to_string()) && ids.contains(&never_sent.id.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_starts_from_its_cached_configuration_when_the_server_is_down() {
    let mut server = TestServer::demo().await;
    let dir = tests::TempDir::new();
    let settings = settings(&server, &dir.path().join("outbox.db"));
    let first = start(&settings);
    let Report::Config(config) =
        first.wait_for("the configuration", |r| matches!(r, Report::Config(_)))
    else {
        unreachable!()
    };
    drop(first);
    server.shutdown().await;
    let again = start(&settings);
    let Report::Config(cached) = again.wait_for("the cached configuration", |r| {
        matches!(r, Report::Config(_))
    }) else {
        unreachable!()
    };
    assert_eq!(cached, config);
    assert_eq!(cached.site.id, "arby");
    // And it still gives numbers, from its own range.
    assert_eq!(again.check_in("digital").number.as_deref(), Some("D900"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_with_a_full_disk_is_retried_later_and_nothing_is_dropped() {
    let server = TestServer::demo().await;
    let dir = tests::TempDir::new();
    let kiosk = start(&settings(&server, &dir.path().join("outbox.db")));
    kiosk.wait_for("the site's configuration", |r| {
        matches!(r, Report::Config(_))
    });
    server
        .sqlite
        .as_ref()
        .expect("SQLite")
        .db()
        .interact(|conn| Ok(conn.pragma_update(None, "query_only", true)?))
        .await
        .unwrap();
    // The server answers 503: the kiosk gives its own number and keeps the check-in.
    let issued = kiosk.check_in("job");
    assert_eq!(issued.number.as_deref(), Some("J900"));
    kiosk.wait_for("one unsent", |r| {
        matches!(r, Report::Status { unsent: 1, .. })
    });
    server
        .sqlite
        .as_ref()
        .expect("SQLite")
        .db()
        .interact(|conn| Ok(conn.pragma_update(None, "query_only", false)?))
        .await
        .unwrap();
    kiosk.wait_until_all_sent();
    assert_eq!(
        tickets(&server)
            .iter()
            .map(|t| t.1.as_str())
            .collect::<Vec<_>>(),
        ["J900"]
    );
}

impl Kiosk {
    /// Asks for help; whether the worker says the staff were told.
    fn ask_for_help(&self, language: &str) -> (bool, Duration) {
        let (tx, rx) = mpsc::channel();
        let started = Instant::now();
        self.worker.ask_for_help(
            language.into(),
            Box::new(move |told| tx.send(told).unwrap()),
        );
        let told = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("an answer within the deadline");
        (told, started.elapsed())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_reaches_the_server_at_once_and_a_server_that_is_down_is_said_to_be() {
    let mut server = TestServer::demo().await;
    let dir = tests::TempDir::new();
    let kiosk = start(&settings(&server, &dir.path().join("outbox.db")));
    let (told, took) = tokio::task::block_in_place(|| kiosk.ask_for_help("ti"));
    println!("help told the staff in {} ms", took.as_millis());
    assert!(told);
    let language: String = server
        .db()
        .query_row("SELECT language FROM alerts WHERE kind = 'help'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(language, "ti");
    // Help never waits in the outbox: nothing of it is there.
    let outbox = Outbox::open(&dir.path().join("outbox.db")).unwrap();
    assert_eq!(outbox.unsent_count().unwrap(), 0);

    server.shutdown().await;
    let (told, took) = tokio::task::block_in_place(|| kiosk.ask_for_help("ti"));
    println!(
        "with the server down the kiosk knew in {} ms",
        took.as_millis()
    );
    assert!(!told);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// The kiosk's health report: soon after start it asks its printer how it
/// is and tells the server, and a ticket that did not print is told at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_reports_its_printer_to_the_server_by_itself() {
    use kiosk::fake_printer::{FakePrinter, PAPER_OUT};
    let server = TestServer::demo().await;
    let dir = tests::TempDir::new();
    let printer = FakePrinter::start(PAPER_OUT).unwrap();
    let mut settings = settings(&server, &dir.path().join("outbox.db"));
    settings.printer = Some(kiosk::settings::Printer {
        address: printer.uri().parse().unwrap(),
        dots: 576,
    });
    let kiosk = start(&settings);
    let series = r#"vagvisare_kiosk_printer_ready{kiosk="arby-1"}"#;
    let said = |want: &'static str| {
        let url = server.url("/metrics");
        async move {
            let deadline = Instant::now() + Duration::from_secs(15);
            loop {
                let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
                if page.lines().any(|l| l == format!("{series} {want}")) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "the server never heard {series} {want}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    // Asked by itself, soon after start: out of paper.
    said("0").await;
    // A ticket printed after the paper was put in is told at once.
    kiosk.worker.printer_state(protocol::PrinterState::Ready);
    said("1").await;
}

/// Anna books a visit in ten minutes through the API; its code.
async fn book(server: &TestServer) -> String {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session: serde_json::Value = http
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({"username": "anna", "password": tests::PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let at = chrono::Utc::now() + chrono::Duration::minutes(10);
    let booked: serde_json::Value = http
        .post(server.url("/api/v1/appointments"))
        .header("X-CSRF-Token", session["csrf_token"].as_str().unwrap())
        .json(&serde_json::json!({"at": at.to_rfc3339(), "errand": "job"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    booked["code"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_typed_offline_are_checked_when_sent_and_a_wrong_one_costs_only_the_head_start() {
    let server = TestServer::daytime().await;
    let dir = tests::TempDir::new();
    let settings = settings(&server, &dir.path().join("outbox.db"));
    let kiosk = start(&settings);
    kiosk.wait_for("the site's configuration", |r| {
        matches!(r, Report::Config(_))
    });
    let (first, second) = (book(&server).await, book(&server).await);
    // Real codes never start with 0.
    let wrong = "000000";

    // Online: the server says at once whether it knows the code.
    let refused = kiosk.check_in_with("job", Some(wrong));
    assert!(
        refused.code_refused && refused.number.is_none(),
        "{refused:?}"
    );
    let booked = kiosk.check_in_with("job", Some(&first));
    assert!(booked.booked && booked.number.is_some(), "{booked:?}");

    // Offline: the kiosk's own numbers, the codes checked later.
    let mut server = server;
    server.shutdown().await;
    let kept = kiosk.check_in_with("job", Some(&second));
    let lost = kiosk.check_in_with("job", Some(wrong));
    for issued in [&kept, &lost] {
        assert!(
            issued.code_unchecked && issued.number.is_some(),
            "{issued:?}"
        );
    }
    kiosk.wait_offline_with(2);
    let server = server.restart().await;
    kiosk.wait_until_all_sent();

    let db = server.db();
    let ticket = |number: &str| -> (bool, Option<String>) {
        db.query_row(
            "SELECT appointment, transferred_to FROM tickets WHERE number = ?1",
            [number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let anna = Some("anna".to_string());
    assert_eq!(
        ticket(booked.number.as_deref().unwrap()),
        (true, anna.clone())
    );
    assert_eq!(ticket(kept.number.as_deref().unwrap()), (true, anna));
    // The wrong code typed offline: the visitor keeps the number, in the
    // queue like anyone without a booking.
    assert_eq!(ticket(lost.number.as_deref().unwrap()), (false, None));
    let arrived: u32 = db
        .query_row(
            "SELECT COUNT(*) FROM appointments WHERE status = 'arrived'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(arrived, 2);
    // Once the server has them, the codes are not kept on the kiosk's disk.
    let outbox = rusqlite::Connection::open(dir.path().join("outbox.db")).unwrap();
    let kept_codes: u32 = outbox
        .query_row(
            "SELECT COUNT(*) FROM checkins WHERE appointment_code IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept_codes, 0);
}
