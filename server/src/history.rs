//! Realistic made-up history for demos and benchmarks (`server demo-history`):
//! every weekday at every site, visitors arrive with a morning peak and more
//! on Mondays, in a plausible mix of errands and languages, wait, are served
//! or do not come. Seeded, so the same call makes the same history.
//!
//! | parameter | value |
//! | --- | --- |
//! | opening hours | 08:30–16:00, Monday to Friday |
//! | visits a day | 60 at the first site (or as asked), 75 % of that at the second, 50 % at others; ×1.4 on Mondays, ×0.8 on Fridays, ±20 % |
//! | arrivals | a morning peak around 09:30 and a smaller one around 13:00 |
//! | errands | job 30 %, study 15 %, benefit 20 %, af 15 %, digital 12 %, other 8 % (of those configured) |
//! | languages | sv 30 %, ar 20 %, so 12 %, ti 8 %, fa-AF 6 %, others the rest (of those offered) |
//! | booked time | 15 % | interpreter | 20 % of non-Swedish speakers |
//! | wait | as a queue makes it: the site's counsellors (each with the errands the config gives them, all day) take visitors in order of arrival, each the first free counsellor who handles their errand; 0–60 s to press "next" |
//! | service | 30 s–3 min to come to the desk, then 5–30 min |
//! | no-shows | 6 % | transfers | 5 % |

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rusqlite::{params, Connection};

use crate::{auth, config::Config, numbering, store::tickets::local_day};

const ERRAND_WEIGHTS: [(&str, u32); 6] = [
    ("job", 30),
    ("study", 15),
    ("benefit", 20),
    ("af", 15),
    ("digital", 12),
    ("other", 8),
];
const LANGUAGE_WEIGHTS: [(&str, u32); 15] = [
    ("sv", 30),
    ("ar", 20),
    ("so", 12),
    ("ti", 8),
    ("fa-AF", 6),
    ("en", 4),
    ("uk", 4),
    ("fa", 3),
    ("ckb", 3),
    ("kmr", 2),
    ("fi", 2),
    ("am", 2),
    ("ps", 2),
    ("bs", 1),
    ("tr", 1),
];

fn pick<'a>(rng: &mut StdRng, weights: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = weights.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for (item, w) in weights {
        if roll < *w {
            return item;
        }
        roll -= w;
    }
    weights[0].0
}

/// Minutes after midnight of an arrival: two peaks within opening hours.
fn arrival_minute(rng: &mut StdRng) -> u32 {
    // Means and standard deviations, in minutes after midnight.
    let (mean, sd) = if rng.gen_bool(0.65) {
        (570.0, 45.0)
    } else {
        (780.0, 60.0)
    };
    // The sum of three uniforms on [-1, 1] is close enough to a bell curve,
    // and its standard deviation is 1.
    let bell: f64 = (0..3).map(|_| rng.gen_range(-1.0..1.0)).sum::<f64>();
    ((mean + bell * sd) as u32).clamp(510, 959)
}

/// Writes `days` days of history ending yesterday; returns the tickets made.
pub fn generate(
    conn: &mut Connection,
    config: &Config,
    days: u32,
    now: i64,
    seed: u64,
) -> anyhow::Result<u64> {
    generate_scaled(conn, config, days, now, seed, 60)
}

/// The same with `visits_per_day` at the first site (75 % of it at the
/// second, 50 % at the others): benchmarks ask for far busier sites.
pub fn generate_scaled(
    conn: &mut Connection,
    config: &Config,
    days: u32,
    now: i64,
    seed: u64,
    visits_per_day: u32,
) -> anyhow::Result<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut made = 0;
    // Figures stored from the tickets of closed days would miss the history
    // written now: they are computed again when next asked for.
    conn.execute("DELETE FROM daily_footfall WHERE kept = 1", [])?;
    for (index, site) in config.sites.iter().enumerate() {
        let errands: Vec<(&str, u32)> = ERRAND_WEIGHTS
            .iter()
            .copied()
            .filter(|(e, _)| config.errand(e).is_some())
            .collect();
        let errands = if errands.is_empty() {
            vec![(config.errands[0].id.as_str(), 1)]
        } else {
            errands
        };
        let languages: Vec<(&str, u32)> = LANGUAGE_WEIGHTS
            .iter()
            .copied()
            .filter(|(l, _)| site.languages.iter().any(|s| s == l))
            .collect();
        let languages = if languages.is_empty() {
            vec![(site.languages[0].as_str(), 1)]
        } else {
            languages
        };
        let counsellors: Vec<&crate::config::Counsellor> = config
            .counsellors
            .iter()
            .filter(|c| c.site == site.id && c.role.serves_visitors())
            .collect();
        let base = f64::from(visits_per_day) * [1.0, 0.75].get(index).copied().unwrap_or(0.5);
        let today: NaiveDate = local_day(site.timezone, now).parse()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for back in (1..=i64::from(days)).rev() {
            let date = today - Duration::days(back);
            let factor = match date.weekday() {
                Weekday::Sat | Weekday::Sun => continue,
                Weekday::Mon => 1.4,
                Weekday::Fri => 0.8,
                _ => 1.0,
            };
            let count = (base * factor * rng.gen_range(0.8..1.2)) as u32;
            let mut arrivals: Vec<u32> = (0..count).map(|_| arrival_minute(&mut rng)).collect();
            arrivals.sort_unstable();
            let day = date.to_string();
            // Each counsellor's desk is free from opening time on.
            let opening = site
                .timezone
                .from_local_datetime(&date.and_hms_opt(8, 30, 0).expect("valid time"))
                .earliest()
                .map_or(0, |t| t.timestamp_millis());
            let mut desks: Vec<(&crate::config::Counsellor, i64)> =
                counsellors.iter().map(|c| (*c, opening)).collect();
            for (n, minute) in arrivals.into_iter().enumerate() {
                let local = date
                    .and_hms_opt(minute / 60, minute % 60, rng.gen_range(0..60))
                    .expect("valid time");
                let Some(at) = site.timezone.from_local_datetime(&local).earliest() else {
                    continue;
                };
                let checked_in = at.timestamp_millis();
                let errand = pick(&mut rng, &errands);
                let language = pick(&mut rng, &languages);
                let prefix = config.errand(errand).map_or('O', |e| e.prefix);
                let counter = numbering::next_online(n as u32);
                // The first desk free for this errand takes the visitor.
                let handles = |c: &crate::config::Counsellor| {
                    c.errands.is_empty() || c.errands.iter().any(|e| e == errand)
                };
                let desk = desks
                    .iter_mut()
                    .filter(|(c, _)| handles(c))
                    .min_by_key(|(_, free)| *free);
                let free_at = desk.as_ref().map_or(checked_in, |(_, free)| *free);
                let called = checked_in.max(free_at) + rng.gen_range(0..60_000);
                let no_show = rng.gen_bool(0.06);
                let started = called + rng.gen_range(30_000..180_000);
                let service_ms = rng.gen_range(5..=30) as i64 * 60_000 - rng.gen_range(0..60_000);
                let (status, started, finished) = if no_show {
                    ("no_show", None, called + 180_000)
                } else {
                    ("done", Some(started), started + service_ms)
                };
                let counsellor = desk.map(|(c, free)| {
                    *free = finished;
                    c.username.clone()
                });
                let transfers = u32::from(rng.gen_bool(0.05));
                tx.execute(
                    "INSERT INTO tickets (id, site, day, counter, number, errand, first_errand, language, appointment,
                        interpreter, status, kiosk, offline, checked_in_at, called_at, started_at, finished_at,
                        calls, transfers, status_token, request, response, counsellor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, 'demo-history', 0, ?11, ?12, ?13, ?14,
                        1, ?15, ?16, '{}', '{}', ?17)",
                    params![
                        uuid::Uuid::new_v4().to_string(),
                        site.id,
                        day,
                        counter,
                        numbering::format(prefix, counter),
                        errand,
                        language,
                        rng.gen_bool(0.15),
                        language != "sv" && rng.gen_bool(0.2),
                        status,
                        checked_in,
                        called,
                        started,
                        finished,
                        transfers,
                        auth::random_token(16),
                        counsellor,
                    ],
                )?;
                made += 1;
            }
        }
        tx.commit()?;
    }
    Ok(made)
}
