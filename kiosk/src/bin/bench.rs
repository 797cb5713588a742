//! `cargo run --release -p kiosk --bin bench`: the kiosk's own figures, in
//! release mode — cold start to first frame, tap-to-ticket (the local,
//! durable commit the ticket screen waits for), the time from a tap on the
//! speaker button to the first audio sample reaching ALSA, the time from a
//! tap on the last answer to the last byte of the paper ticket reaching a
//! printer, and resident memory.
//!
//! The first frame is drawn with the software renderer off-screen at
//! 1920 × 1080, as on a kiosk without a GPU; it includes loading the
//! translations, checking the fonts and building the window.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use kiosk::{
    app::Kiosk,
    fake_printer::{FakePrinter, READY},
    outbox::Outbox,
    printing::Subprocess,
    read_aloud::Voices,
    render::Canvas,
    settings::Printer,
    speaker::Output,
    sync::{CheckinPort, OnHelp, OnIssued, Unconnected},
    visit::Visit,
    AppWindow,
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

/// Taps the speaker button on the Swedish errand screen and waits for the
/// first sample to arrive in ALSA, captured by its `file` plugin.
fn tap_to_sound(kiosk: &Kiosk, dir: &std::path::Path) -> anyhow::Result<Option<Vec<Duration>>> {
    if speech::voice("sv").is_none()
        || std::process::Command::new("aplay")
            .arg("--version")
            .output()
            .is_err()
    {
        return Ok(None);
    }
    let capture = dir.join("speech.wav");
    let rc = dir.join("asoundrc");
    std::fs::write(
        &rc,
        format!(
            "pcm.bench {{\n  type file\n  slave.pcm \"null\"\n  file \"{}\"\n  format \"raw\"\n}}\n",
            capture.display()
        ),
    )?;
    std::env::set_var(
        "ALSA_CONFIG_PATH",
        format!("/usr/share/alsa/alsa.conf:{}", rc.display()),
    );
    kiosk.enable_speech(
        Voices::new(None),
        Output {
            device: "bench".into(),
            volume: 80,
        },
    );
    kiosk.report(kiosk::sync::Report::Config(kiosk::screens::sample_config(
        translations::RESIDENT_LANGUAGES
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )));
    kiosk.reset();
    kiosk.choose_language("sv");
    let mut times = Vec::new();
    for _ in 0..5 {
        let _ = std::fs::remove_file(&capture);
        let tapped = Instant::now();
        kiosk.read_aloud();
        loop {
            if std::fs::metadata(&capture).is_ok_and(|m| m.len() > 0) {
                times.push(tapped.elapsed());
                break;
            }
            anyhow::ensure!(
                tapped.elapsed() < Duration::from_secs(10),
                "no sound reached ALSA"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        // Stop it, as a second tap would.
        kiosk.read_aloud();
    }
    Ok(Some(times))
}

/// Gives the sample ticket at once, as a reachable server would.
struct Answering;

impl CheckinPort for Answering {
    fn check_in(&self, _: Visit, on_issued: OnIssued) {
        on_issued(kiosk::screens::sample_ticket());
    }

    fn ask_for_help(&self, _: String, on_answer: OnHelp) {
        on_answer(true);
    }
}

/// A tap on the last answer to the ticket's last byte (its cut) at a fake
/// network printer, through the kiosk's own print process (the `kiosk`
/// program beside this one) as on a kiosk. None if that program is missing.
fn tap_to_paper(
    catalog: Arc<Catalog>,
    showable: Vec<String>,
) -> anyhow::Result<Option<Vec<Duration>>> {
    let exe = std::env::current_exe()?.with_file_name("kiosk");
    if !exe.exists() {
        return Ok(None);
    }
    let printer = FakePrinter::start(READY)?;
    let kiosk = Kiosk::new(AppWindow::new()?, catalog, Box::new(Answering), showable);
    kiosk.enable_printing(Box::new(Subprocess::using(
        exe,
        Printer {
            address: printer.uri().parse().map_err(anyhow::Error::msg)?,
            dots: 576,
        },
    )));
    let mut times = Vec::new();
    for _ in 0..10 {
        kiosk.reset();
        kiosk.choose_language("ar");
        kiosk.choose_errand("job");
        kiosk.answer(Some(false));
        let printed = printer.jobs().len();
        let tap = Instant::now();
        kiosk.answer(Some(false));
        let deadline = tap + Duration::from_secs(20);
        let cut = loop {
            if let Some((_, at)) = printer.jobs().get(printed) {
                break *at;
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "the ticket never reached the printer"
            );
            std::thread::sleep(Duration::from_millis(2));
        };
        times.push(cut - tap);
    }
    times.sort();
    Ok(Some(times))
}

fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let canvas = Canvas::install(1920, 1080)?;
    let catalog = Arc::new(Catalog::embedded().map_err(anyhow::Error::msg)?);
    let showable = kiosk::showable_languages(&catalog)?;
    let kiosk = Kiosk::new(
        AppWindow::new()?,
        catalog.clone(),
        Box::new(Unconnected),
        showable.clone(),
    );
    let frame = canvas.draw();
    let first_frame = start.elapsed();
    assert!(!frame.is_blank());
    drop(frame);

    // Frame time of the ticket screen, redrawn in full each time.
    kiosk.choose_language("sv");
    kiosk.go(kiosk::Screen::Ticket);
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
        appointment_code: None,
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

    let speech = tap_to_sound(&kiosk, &dir)?;
    let paper = tap_to_paper(catalog, showable)?;
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
    match speech {
        Some(mut times) => {
            times.sort();
            println!(
                "| speaker tap to first audio sample in ALSA (sv errand screen, espeak-ng), p50 / max of {} | {:.0} / {:.0} ms | < 500 ms |",
                times.len(),
                percentile(&times, 0.5).as_secs_f64() * 1e3,
                percentile(&times, 1.0).as_secs_f64() * 1e3
            );
        }
        None => println!(
            "| speaker tap to first audio sample | not measured: espeak-ng or aplay missing | |"
        ),
    }
    match paper {
        Some(times) => println!(
            "| tap on the last answer to the ticket's last byte at a network printer (ar, 80 mm, the kiosk's print process), p50 / max of {} | {:.0} / {:.0} ms | |",
            times.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 1.0).as_secs_f64() * 1e3
        ),
        None => println!(
            "| tap to printed ticket | not measured: the kiosk program is not built beside the benchmark | |"
        ),
    }
    println!("| resident memory after all of it | {rss_mib:.0} MiB | < 80 MB |");
    Ok(())
}
