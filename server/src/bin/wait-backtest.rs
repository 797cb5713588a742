//! `cargo run --release -p server --bin wait-backtest [DAYS]`: is the wait
//! shown to visitors honest? Generates DAYS weekdays' history at the demo's
//! sites (`server demo-history`, where waits come from counsellors taking
//! visitors in turn), replays every check-in after the first week and
//! prints, per site and errand, how often the real wait fell inside the
//! range the visitor would have been shown, below it and above it, and the
//! range's median width. Prints a Markdown table.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use server::{
    backtest::{self, Coverage},
    config::Config,
    events::Hub,
    history,
    store::{self, DbTarget},
};

fn row(site: &str, errand: &str, c: &Coverage) -> String {
    format!(
        "| {site} | {errand} | {} | {:.0} % | {:.0} % | {:.0} % | {} min |",
        c.visits,
        c.share(c.inside),
        c.share(c.below),
        c.share(c.above),
        c.median_width
    )
}

fn main() -> anyhow::Result<()> {
    let days: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(60);
    let config = Config::load(None)?;
    let dir = std::env::temp_dir().join(format!("vagvisare-wait-backtest-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let config = Arc::new(config);
    let hub = Arc::new(Hub::new(&config, config.limits.listeners_per_site));
    let target = DbTarget::Sqlite(dir.join("backtest.db"));
    let store = runtime.block_on(store::open(&target, config.clone(), hub))?;
    let now = server::clock::now_ms();
    let made = runtime.block_on(history::generate(store.as_ref(), &config, days, now, 7))?;
    let mut rows = Vec::new();
    let mut everything = Vec::new();
    for site in &config.sites {
        let today: NaiveDate = server::clock::local_day(site.timezone, now).parse()?;
        let from = today - Duration::days(i64::from(days));
        let past =
            runtime.block_on(store.past(site.id.clone(), from.to_string(), today.to_string()))?;
        // The first week only gives service times, as a new site's would.
        let warm = past.first().map_or(0, |p| p.checked_in_at + 7 * 86_400_000);
        let replayed = backtest::replay(&config, site, &past, warm);
        let (by_errand, all) = backtest::by_errand(&replayed);
        for (errand, c) in &by_errand {
            rows.push(row(&site.id, errand, c));
        }
        rows.push(row(&site.id, "**all**", &all));
        everything.extend(replayed);
    }
    let (_, all) = backtest::by_errand(&everything);
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "{made} generated visits over {days} days; every check-in after the first week replayed.\n"
    );
    println!("| site | errand | visits | inside | below | above | median width |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        println!("{r}");
    }
    println!("{}", row("**all sites**", "", &all));
    println!(
        "\ninside the range: {:.0} % (target at least 80 %), median width {} min",
        all.share(all.inside),
        all.median_width
    );
    Ok(())
}
