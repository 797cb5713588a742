//! `cargo run --release -p kiosk --bin bench`: the kiosk's own figures, in
//! release mode — cold start to first frame, tap-to-ticket (the local,
//! durable commit the ticket screen waits for), and resident memory.
//!
//! The first frame is drawn with the software renderer off-screen at
//! 1920 × 1080, as on a kiosk without a GPU; it includes loading the
//! translations, checking the fonts and building the window.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use kiosk::{
    app::Kiosk, outbox::Outbox, render::Canvas, sync::Unconnected, visit::Visit, AppWindow,
};
use translations::Catalog;

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let canvas = Canvas::install(1920, 1080)?;
    let catalog = Arc::new(Catalog::embedded().map_err(anyhow::Error::msg)?);
    let showable = kiosk::showable_languages(&catalog)?;
    let kiosk = Kiosk::new(AppWindow::new()?, catalog, Box::new(Unconnected), showable);
    let frame = canvas.draw();
    let first_frame = start.elapsed();
    assert!(!frame.is_blank());

    // Frame time of the ticket screen, redrawn in full each time.
    kiosk.choose_language("sv");
    kiosk.go(kiosk::app::Screen::Ticket);
    kiosk.show_issued(&kiosk::screens::sample_ticket());
    let mut frames: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            canvas.draw();
            t.elapsed()
        })
        .collect();
    frames.sort();

    let dir = std::env::temp_dir().join(format!("vagvisare-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut outbox = Outbox::open(&dir.join("outbox.db"))?;
    let visit = Visit {
        language: "ar".into(),
        errand: "job".into(),
        appointment: false,
        interpreter: true,
    };
    let mut taps: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            outbox.record(&visit).expect("record");
            t.elapsed()
        })
        .collect();
    taps.sort();
    let _ = std::fs::remove_dir_all(&dir);

    let rss_mib = resident_kib() as f64 / 1024.0;
    println!("| kiosk figure | value | target |");
    println!("| --- | --- | --- |");
    println!(
        "| cold start to first frame (1920×1080, software renderer) | {:.0} ms | < 300 ms |",
        first_frame.as_secs_f64() * 1e3
    );
    println!(
        "| ticket screen frame time, p50 / p99 of 20 full redraws | {:.1} / {:.1} ms | |",
        percentile(&frames, 0.5).as_secs_f64() * 1e3,
        percentile(&frames, 0.99).as_secs_f64() * 1e3
    );
    println!(
        "| tap-to-ticket (durable local commit), p50 / p99 of 200 | {:.2} / {:.2} ms | < 50 ms |",
        percentile(&taps, 0.5).as_secs_f64() * 1e3,
        percentile(&taps, 0.99).as_secs_f64() * 1e3
    );
    println!("| resident memory after all of it | {rss_mib:.0} MiB | < 80 MB |");
    Ok(())
}
