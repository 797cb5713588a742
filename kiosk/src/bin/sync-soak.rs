//! A kiosk without a screen, for crash tests: records `--checkins N`
//! check-ins through the real sync worker and outbox, then keeps sending
//! until killed. `kiosk/tests/outbox_crash.rs` kills it at random moments.
//!
//! `sync-soak --server URL --token-file FILE --db FILE --checkins N`

use std::time::Duration;

use kiosk::{
    settings::Settings,
    sync::{CheckinPort, Worker},
    visit::Visit,
};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> anyhow::Result<()> {
    let settings = Settings {
        server_url: arg("--server").expect("--server"),
        token: std::fs::read_to_string(arg("--token-file").expect("--token-file"))?
            .trim()
            .to_string(),
        database: arg("--db").expect("--db").into(),
        fullscreen: false,
        audio: Default::default(),
        clips: None,
        printer: None,
    };
    let checkins: usize = arg("--checkins")
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(0);
    let worker = Worker::start(&settings, |_| {})?;
    for i in 0..checkins {
        let (tx, rx) = std::sync::mpsc::channel();
        let visit = Visit {
            language: "sv".into(),
            errand: ["job", "study"][i % 2].into(),
            ..Visit::default()
        };
        worker.check_in(visit, Box::new(move |issued| tx.send(issued).unwrap_or(())));
        let issued = rx.recv_timeout(Duration::from_secs(10))?;
        println!("issued {}", issued.number.unwrap_or_default());
    }
    // Keep the worker sending whatever waits, until killed.
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
