//! `cargo run --release -p server --bin footfall-bench [VISITS_PER_DAY]`:
//! how long the footfall query takes for one day, one month and one year of
//! generated history at the demo's three sites: the first time, when every
//! day comes from its tickets (and each closed day is stored), and every
//! later time, when the closed days are read as one row each. Prints a
//! Markdown table.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::{Datelike, Duration as Days, NaiveDate};
use server::{
    config::Config,
    events::Hub,
    history,
    store::{self, DbTarget},
};

fn median_time(mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Deletes the stored copies of closed days, as before anyone asked.
fn main() -> anyhow::Result<()> {
    let per_day: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(460);
    let config = Config::load(None)?;
    let dir = std::env::temp_dir().join(format!("vagvisare-footfall-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let config = Arc::new(config);
    let hub = Arc::new(Hub::new(&config, config.limits.listeners_per_site));
    let target = DbTarget::Sqlite(dir.join("bench.db"));
    let store = runtime.block_on(store::open(&target, config.clone(), hub))?;
    let now = server::clock::now_ms();
    let started = Instant::now();
    let made = runtime.block_on(history::generate_scaled(
        store.as_ref(),
        &config,
        365,
        now,
        42,
        per_day,
    ))?;
    println!(
        "generated {made} tickets over 365 days at 3 sites in {:.1} s\n",
        started.elapsed().as_secs_f64()
    );
    let today: NaiveDate = server::clock::local_day(config.sites[0].timezone, now).parse()?;
    let sites: Vec<String> = config.sites.iter().map(|s| s.id.clone()).collect();
    // Periods end on the last weekday: the demo sites are closed at weekends.
    let mut last = today - Days::days(1);
    while last.weekday().number_from_monday() > 5 {
        last -= Days::days(1);
    }
    let periods = [("one day", 1), ("one month", 30), ("one year", 365)];
    let figures = |from, to| {
        runtime
            .block_on(store.figures(sites.clone(), from, to, now))
            .expect("figures");
    };
    println!(
        "| footfall query, 3 sites | first query: from tickets, storing each closed day | every later query: stored days | target |"
    );
    println!("| --- | --- | --- | --- |");
    for (name, days) in periods {
        let (from, to) = (last - Days::days(days - 1), last);
        // Each first query starts with no day stored.
        let first = median_time(|| {
            runtime
                .block_on(store.forget_kept_figures())
                .expect("forget");
            figures(from, to);
        });
        figures(from, to);
        let later = median_time(|| figures(from, to));
        println!("| {name} | {} | {} | < 50 ms |", ms(first), ms(later));
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
