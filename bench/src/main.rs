//! `scripts/bench [--quick]`: every benchmark of Vägvisare, each beside the
//! limit it is measured against in the same run, written as Markdown.
//!
//! The full run writes its figures into BENCHMARKS.md between the markers;
//! `--quick` runs everything small, only to show that it still runs, and
//! writes to standard output. Nothing here fails on a slow figure: a busy
//! machine makes slow figures, not broken code. It fails when something is
//! wrong: a refused check-in, a lost one, a subscriber that never hears.

mod calling;
mod checkin;
mod engines;
mod fanout;
mod machine;
mod server;
mod stats;
mod wrk;

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

use anyhow::{bail, Context};
use clap::Parser;
use server::ServerProcess;

#[derive(Parser)]
#[command(about = "Runs Vägvisare's benchmarks and writes their figures")]
struct Args {
    /// Small and short: checks that every benchmark still runs.
    #[arg(long)]
    quick: bool,
    /// Where the server, kiosk and footfall binaries are.
    #[arg(long, default_value = "target/release")]
    bin: PathBuf,
    /// The file whose figures section is replaced (not with --quick).
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
}

/// How big each benchmark is.
struct Size {
    load: wrk::Load,
    waiting: usize,
    counsellors: usize,
    calls: usize,
    subscribers: usize,
    fanout_rounds: usize,
    footfall_visits_per_day: u32,
    /// Days of history the wait backtest replays.
    backtest_days: u32,
}

impl Size {
    fn of(quick: bool) -> Size {
        if quick {
            Size {
                load: wrk::Load {
                    threads: 1,
                    connections: 8,
                    duration: Duration::from_secs(1),
                },
                waiting: 500,
                counsellors: 50,
                calls: 100,
                subscribers: 200,
                fanout_rounds: 3,
                footfall_visits_per_day: 20,
                backtest_days: 14,
            }
        } else {
            Size {
                load: wrk::Load {
                    threads: 2,
                    connections: 64,
                    duration: Duration::from_secs(10),
                },
                waiting: 10_000,
                counsellors: 50,
                calls: 2_000,
                subscribers: 10_000,
                fanout_rounds: 20,
                footfall_visits_per_day: 460,
                backtest_days: 60,
            }
        }
    }
}

const BEGIN: &str = "<!-- figures: begin (written by scripts/bench) -->";
const END: &str = "<!-- figures: end -->";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let size = Size::of(args.quick);
    let dir = std::env::temp_dir().join(format!("vagvisare-bench-{}", std::process::id()));
    let result = run_all(&args, &size, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    let figures = result?;
    if args.quick {
        println!("{figures}");
    } else {
        write_figures(&args.out, &figures)?;
        println!("{figures}\nwritten to {}", args.out.display());
    }
    Ok(())
}

async fn run_all(args: &Args, size: &Size, dir: &Path) -> anyhow::Result<String> {
    let server_bin = args.bin.join("server");
    let mut out = format!("### The machine\n\n{}", machine::describe(args.quick));
    // Each section is shown as soon as it is measured: a full run is long.
    let mut section = |title: &str, body: String| {
        eprintln!("\n### {title}\n\n{body}");
        out += &format!("\n### {title}\n\n{body}");
    };

    let (server, tokens) = ServerProcess::start(&server_bin, &dir.join("checkin"), 3).await?;
    let figures = checkin::run(&server, &tokens, dir, &size.load).await?;
    section("Check-in throughput", figures.markdown(&size.load));
    drop(server);

    let (server, tokens) =
        ServerProcess::start(&server_bin, &dir.join("calling"), size.counsellors).await?;
    let figures = calling::run(&server, &tokens, size.waiting, size.calls).await?;
    section("Call next", figures.markdown());
    drop(server);

    let figures = engines::run(
        &server_bin,
        &dir.join("engines"),
        &size.load,
        size.counsellors,
        size.waiting.min(2_000),
    )
    .await?;
    section("Store engines", figures.markdown());

    let (server, tokens) = ServerProcess::start(&server_bin, &dir.join("fanout"), 1).await?;
    let figures = fanout::run(&server, &tokens, size.subscribers, size.fanout_rounds).await?;
    section("Live fan-out", figures.markdown());
    drop(server);

    section("Kiosk", table_from(&args.bin.join("bench"), &[])?);
    section(
        "Footfall query",
        table_from(
            &args.bin.join("footfall-bench"),
            &[&size.footfall_visits_per_day.to_string()],
        )?,
    );
    section(
        "Honest wait (backtest)",
        table_from(
            &args.bin.join("wait-backtest"),
            &[&size.backtest_days.to_string()],
        )?,
    );
    Ok(out)
}

/// Runs one of the project's own benchmark binaries, which print their
/// figures as Markdown, and keeps what they printed.
fn table_from(binary: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(binary)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            binary.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Replaces what is between the markers in `path` with `figures`.
fn write_figures(path: &Path, figures: &str) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        bail!("{} has no figures markers", path.display());
    };
    let updated = format!("{}{BEGIN}\n{figures}\n{}", &text[..begin], &text[end..]);
    std::fs::write(path, updated)?;
    Ok(())
}
