//! `cargo run --release -p server --bin footfall-bench [VISITS_PER_DAY]`:
//! how long the footfall query takes for one day, one month and one year of
//! generated history at the demo's three sites, from tickets and again after
//! the purge has folded them into daily figures. Prints a Markdown table.

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
    let now = store::now_ms();
    let started = Instant::now();
    let made = history::generate_scaled(&mut conn, &config, 365, now, 42, per_day)?;
    println!(
        "generated {made} tickets over 365 days at 3 sites in {:.1} s\n",
        started.elapsed().as_secs_f64()
    );
    let today: NaiveDate = store::tickets::local_day(config.sites[0].timezone, now).parse()?;
    let sites: Vec<&server::config::Site> = config.sites.iter().collect();
    // Periods end on the last weekday: the demo sites are closed at weekends.
    let mut last = today - Days::days(1);
    while last.weekday().number_from_monday() > 5 {
        last -= Days::days(1);
    }
    let periods = [("one day", 1), ("one month", 30), ("one year", 365)];
    let mut rows = Vec::new();
    for (name, days) in periods {
        let (from, to) = (last - Days::days(days - 1), last);
        let t = median_time(|| {
            store::footfall::figures(&conn, &sites, from, to).expect("figures");
        });
        rows.push((name, t, None, None));
    }
    // As the server keeps it: the last `retention_days` as tickets, older
    // days as daily figures.
    store::footfall::purge(&mut conn, &config, config.retention_days, now)?;
    for (i, (_, days)) in periods.iter().enumerate() {
        let (from, to) = (last - Days::days(*days - 1), last);
        rows[i].2 = Some(median_time(|| {
            store::footfall::figures(&conn, &sites, from, to).expect("figures");
        }));
    }
    store::footfall::purge(&mut conn, &config, 0, now)?;
    for (i, (_, days)) in periods.iter().enumerate() {
        let (from, to) = (last - Days::days(*days - 1), last);
        rows[i].3 = Some(median_time(|| {
            store::footfall::figures(&conn, &sites, from, to).expect("figures");
        }));
    }
    println!(
        "| footfall query, 3 sites | all as tickets | as kept: {} days as tickets, older as daily figures | all as daily figures | target |",
        config.retention_days
    );
    println!("| --- | --- | --- | --- | --- |");
    let ms = |d: Option<Duration>| {
        d.map_or(String::new(), |d| {
            format!("{:.1} ms", d.as_secs_f64() * 1e3)
        })
    };
    for (name, t, kept, folded) in rows {
        println!(
            "| {name} | {} | {} | {} | < 50 ms |",
            ms(Some(t)),
            ms(kept),
            ms(folded)
        );
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
