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
//! | wait | as the queue makes it: the site's counsellors (the errands and languages the config gives them, all day; more desks for sites made busier than 60 a day) each call, when free, the visitor "Call next" would give them; 0–60 s to press "next" |
//! | service | 30 s–3 min to come to the desk, then 5–30 min |
//! | no-shows | 6 % | transfers | 5 % |

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::clock::local_day;
use crate::{
    auth,
    config::{Config, Counsellor},
    numbering, routing,
    store::Store,
};

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

/// One generated visitor, drawn before the day is played.
struct Visitor<'a> {
    checked_in: i64,
    errand: &'a str,
    language: &'a str,
    appointment: bool,
    interpreter: bool,
    no_show: bool,
    /// From a desk coming free to pressing "next".
    reaction_ms: i64,
    /// From the call to the visitor at the desk.
    walk_ms: i64,
    service_ms: i64,
    transfers: u32,
}

/// Plays a day: whenever a desk comes free, its counsellor calls the
/// visitor "Call next" would give them (`routing::next`, bonuses and all)
/// among those who have arrived. Returns each visitor's call time and desk
/// (none for an errand no desk takes: called at once).
fn serve(
    desks: &[&Counsellor],
    bonuses: routing::Bonuses,
    opening: i64,
    visitors: &[Visitor],
) -> Vec<(i64, Option<usize>)> {
    let view = |i: usize| routing::Waiting {
        errand: visitors[i].errand,
        language: visitors[i].language,
        appointment: visitors[i].appointment,
        checked_in_at: visitors[i].checked_in,
        transferred_to: None,
        arrival: i as i64,
    };
    let mut served: Vec<(i64, Option<usize>)> = visitors
        .iter()
        .map(|v| (v.checked_in + v.reaction_ms, None))
        .collect();
    let mut free = vec![opening; desks.len()];
    // Unserved visitors, in arrival order.
    let mut left: Vec<usize> = (0..visitors.len()).collect();
    loop {
        // The desk that can act soonest: free, and someone there for it.
        let soonest = desks
            .iter()
            .enumerate()
            .filter_map(|(d, c)| {
                let caller = routing::Caller::of(c);
                let first = left
                    .iter()
                    .filter(|&&i| caller.may_take(&view(i)))
                    .map(|&i| visitors[i].checked_in)
                    .min()?;
                Some((free[d].max(first), d))
            })
            .min();
        let Some((now, d)) = soonest else { break };
        let waiting: Vec<usize> = left
            .iter()
            .copied()
            .filter(|&i| visitors[i].checked_in <= now)
            .collect();
        let views: Vec<routing::Waiting> = waiting.iter().map(|&i| view(i)).collect();
        let Some(pick) = routing::next(routing::Caller::of(desks[d]), bonuses, &views) else {
            break;
        };
        let i = waiting[pick];
        let v = &visitors[i];
        let called = now + v.reaction_ms;
        served[i] = (called, Some(d));
        free[d] = if v.no_show {
            called + 180_000
        } else {
            called + v.walk_ms + v.service_ms
        };
        left.retain(|&x| x != i);
    }
    served
}

/// One made-up past ticket, as the store writes it.
#[derive(Debug, Clone)]
pub struct PastTicket {
    pub id: String,
    pub site: String,
    pub day: String,
    pub counter: u32,
    pub number: String,
    pub errand: String,
    pub language: String,
    pub appointment: bool,
    pub interpreter: bool,
    /// "done" or "no_show".
    pub status: &'static str,
    pub checked_in_at: i64,
    pub called_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: i64,
    pub transfers: u32,
    /// A random token's hash: nobody holds a status link to history.
    pub status_token_hash: String,
    pub counsellor: Option<String>,
}

/// Writes `days` days of history ending yesterday; returns the tickets made.
pub async fn generate(
    store: &dyn Store,
    config: &Config,
    days: u32,
    now: i64,
    seed: u64,
) -> anyhow::Result<u64> {
    generate_scaled(store, config, days, now, seed, 60).await
}

/// The same with `visits_per_day` at the first site (75 % of it at the
/// second, 50 % at the others): benchmarks ask for far busier sites.
pub async fn generate_scaled(
    store: &dyn Store,
    config: &Config,
    days: u32,
    now: i64,
    seed: u64,
    visits_per_day: u32,
) -> anyhow::Result<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut made = 0;
    for index in 0..config.sites.len() {
        let past = site_history(config, index, days, now, &mut rng, visits_per_day)?;
        made += store.insert_history(past).await?;
    }
    Ok(made)
}

/// The made-up days of the site at `index` in the config.
fn site_history(
    config: &Config,
    index: usize,
    days: u32,
    now: i64,
    rng: &mut StdRng,
    visits_per_day: u32,
) -> anyhow::Result<Vec<PastTicket>> {
    let site = &config.sites[index];
    let mut past = Vec::new();
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
    // The site's counsellors, all day; a site made busier than the demo
    // gets as many more desks, so that its waits stay those of a day.
    let copies = visits_per_day.div_ceil(60).max(1) as usize;
    let desks: Vec<&Counsellor> = config
        .counsellors
        .iter()
        .filter(|c| c.site == site.id && c.role.serves_visitors())
        .flat_map(|c| std::iter::repeat_n(c, copies))
        .collect();
    let bonuses = routing::Bonuses::of(site);
    let base = f64::from(visits_per_day) * [1.0, 0.75].get(index).copied().unwrap_or(0.5);
    let today: NaiveDate = local_day(site.timezone, now).parse()?;
    for back in (1..=i64::from(days)).rev() {
        let date = today - Duration::days(back);
        let factor = match date.weekday() {
            Weekday::Sat | Weekday::Sun => continue,
            Weekday::Mon => 1.4,
            Weekday::Fri => 0.8,
            _ => 1.0,
        };
        let count = (base * factor * rng.gen_range(0.8..1.2)) as u32;
        let mut arrivals: Vec<u32> = (0..count).map(|_| arrival_minute(rng)).collect();
        arrivals.sort_unstable();
        let day = date.to_string();
        let opening = site
            .timezone
            .from_local_datetime(&date.and_hms_opt(8, 30, 0).expect("valid time"))
            .earliest()
            .map_or(0, |t| t.timestamp_millis());
        let mut visitors = Vec::new();
        for minute in arrivals {
            let local = date
                .and_hms_opt(minute / 60, minute % 60, rng.gen_range(0..60))
                .expect("valid time");
            let Some(at) = site.timezone.from_local_datetime(&local).earliest() else {
                continue;
            };
            let language = pick(rng, &languages);
            visitors.push(Visitor {
                checked_in: at.timestamp_millis(),
                errand: pick(rng, &errands),
                language,
                appointment: rng.gen_bool(0.15),
                interpreter: language != "sv" && rng.gen_bool(0.2),
                no_show: rng.gen_bool(0.06),
                reaction_ms: rng.gen_range(0..60_000),
                walk_ms: rng.gen_range(30_000..180_000),
                service_ms: rng.gen_range(5..=30) as i64 * 60_000 - rng.gen_range(0..60_000),
                transfers: u32::from(rng.gen_bool(0.05)),
            });
        }
        let served = serve(&desks, bonuses, opening, &visitors);
        for (n, (v, (called, desk))) in visitors.iter().zip(served).enumerate() {
            let prefix = config.errand(v.errand).map_or('O', |e| e.prefix);
            let counter = numbering::next_online(n as u32);
            let (status, started, finished) = if v.no_show {
                ("no_show", None, called + 180_000)
            } else {
                let started = called + v.walk_ms;
                ("done", Some(started), started + v.service_ms)
            };
            past.push(PastTicket {
                id: uuid::Uuid::new_v4().to_string(),
                site: site.id.clone(),
                day: day.clone(),
                counter,
                number: numbering::format(prefix, counter),
                errand: v.errand.to_string(),
                language: v.language.to_string(),
                appointment: v.appointment,
                interpreter: v.interpreter,
                status,
                checked_in_at: v.checked_in,
                called_at: called,
                started_at: started,
                finished_at: finished,
                transfers: v.transfers,
                status_token_hash: auth::random_token(16),
                counsellor: desk.map(|d| desks[d].username.clone()),
            });
        }
    }
    Ok(past)
}
