//! `cargo run --release -p server --bin footfall-bench [VISITS_PER_DAY]`:
//! how long the footfall query takes for one day, one month and one year of
//! generated history at the demo's three sites: the first time, when every
//! day comes from its tickets (and each closed day is stored), and every
//! later time, when the closed days are read as one row each. Prints a
//! Markdown table.

use std::time::{Duration, Instant};

use chrono::{Datelike, Duration as Days, NaiveDate};
use server::{config::Config, history, store};

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
fn forget_stored_days(dir: &std::path::Path) -> rusqlite::Result<()> {
    let conn = rusqlite::Connection::open(dir.join("bench.db"))?;
    conn.execute("DELETE FROM daily_footfall WHERE kept = 1", [])?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let per_day: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(460);
    let config = Config::load(None)?;
    let dir = std::env::temp_dir().join(format!("vagvisare-footfall-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut conn = store::open_connection(&dir.join("bench.db"))?;
    let now = server::clock::now_ms();
    let started = Instant::now();
    let made = history::generate_scaled(&mut conn, &config, 365, now, 42, per_day)?;
    println!(
        "generated {made} tickets over 365 days at 3 sites in {:.1} s\n",
        started.elapsed().as_secs_f64()
    );
    let today: NaiveDate = server::clock::local_day(config.sites[0].timezone, now).parse()?;
    let sites: Vec<&server::config::Site> = config.sites.iter().collect();
    // Periods end on the last weekday: the demo sites are closed at weekends.
    let mut last = today - Days::days(1);
    while last.weekday().number_from_monday() > 5 {
        last -= Days::days(1);
    }
    let periods = [("one day", 1), ("one month", 30), ("one year", 365)];
    let mut figures = |from, to| {
        store::footfall::figures(&mut conn, &sites, from, to, now).expect("figures");
    };
    println!(
        "| footfall query, 3 sites | first query: from tickets, storing each closed day | every later query: stored days | target |"
    );
    println!("| --- | --- | --- | --- |");
    for (name, days) in periods {
        let (from, to) = (last - Days::days(days - 1), last);
        // Each first query starts with no day stored.
        let first = median_time(|| {
            forget_stored_days(&dir).expect("forget");
            figures(from, to);
        });
        figures(from, to);
        let later = median_time(|| figures(from, to));
        println!("| {name} | {} | {} | < 50 ms |", ms(first), ms(later));
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
