//! Footfall on PostgreSQL: a period's figures from tickets and from the
//! daily aggregates, and the purge that folds old tickets into them; as
//! `store::footfall` does on SQLite, with the same pure arithmetic
//! (`crate::footfall`).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use deadpool_postgres::Transaction;

use super::Prepared;

use super::{alerts, appointments};
use crate::{
    clock::local_day,
    config::{Config, Site},
    footfall::{whole_day, AlertFacts, BookingFacts, DayFigures, Visit},
    store::{
        footfall::{Purged, SiteDay},
        StoreResult,
    },
};

/// The period's visits, grouped by day.
async fn visits_by_day(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, Vec<Visit>>> {
    let rows = tx
        .rows(
            "SELECT day, first_errand, language, appointment, interpreter, status, checked_in_at,
                called_at, started_at, finished_at, transfers, call_reason
             FROM tickets WHERE site = $1 AND day BETWEEN $2 AND $3 ORDER BY day",
            &[&site, &from, &to],
        )
        .await?;
    let mut days: BTreeMap<String, Vec<Visit>> = BTreeMap::new();
    for r in &rows {
        days.entry(r.get(0)).or_default().push(Visit {
            first_errand: r.get(1),
            language: r.get(2),
            appointment: r.get(3),
            interpreter: r.get(4),
            status: r.get(5),
            checked_in_at: r.get(6),
            called_at: r.get(7),
            started_at: r.get(8),
            finished_at: r.get(9),
            transfers: r.get::<_, i64>(10) as u32,
            call_reason: r.get(11),
        });
    }
    Ok(days)
}

async fn alerts_by_day(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, Vec<AlertFacts>>> {
    let mut days: BTreeMap<String, Vec<AlertFacts>> = BTreeMap::new();
    for (day, facts) in alerts::of_day(tx, site, from, to).await? {
        days.entry(day).or_default().push(facts);
    }
    Ok(days)
}

async fn bookings_by_day(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, Vec<BookingFacts>>> {
    let mut days: BTreeMap<String, Vec<BookingFacts>> = BTreeMap::new();
    for (day, facts) in appointments::facts(tx, site, from, to).await? {
        days.entry(day).or_default().push(facts);
    }
    Ok(days)
}

async fn aggregates(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, DayFigures>> {
    let rows = tx
        .rows(
            "SELECT day, figures FROM daily_footfall WHERE site = $1 AND day BETWEEN $2 AND $3",
            &[&site, &from, &to],
        )
        .await?;
    let mut out = BTreeMap::new();
    for r in &rows {
        out.insert(r.get(0), serde_json::from_str(r.get::<_, &str>(1))?);
    }
    Ok(out)
}

/// Every day from `from` to `to` at each site, zeros included; a closed
/// day computed from its tickets is stored too.
pub async fn figures(
    tx: &Transaction<'_>,
    sites: &[&Site],
    from: NaiveDate,
    to: NaiveDate,
    now: i64,
) -> StoreResult<Vec<SiteDay>> {
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let mut out = Vec::new();
    for site in sites {
        let today = local_day(site.timezone, now);
        let stored = aggregates(tx, &site.id, &from_s, &to_s).await?;
        let all_stored = stored.len() as i64 == (to - from).num_days() + 1;
        let (mut visits, mut alerts, mut bookings) = if all_stored {
            Default::default()
        } else {
            (
                visits_by_day(tx, &site.id, &from_s, &to_s).await?,
                alerts_by_day(tx, &site.id, &from_s, &to_s).await?,
                bookings_by_day(tx, &site.id, &from_s, &to_s).await?,
            )
        };
        let mut date = from;
        while date <= to {
            let key = date.to_string();
            let figures = match stored.get(&key) {
                Some(f) => f.clone(),
                None => {
                    let f = whole_day(
                        &visits.remove(&key).unwrap_or_default(),
                        &alerts.remove(&key).unwrap_or_default(),
                        &bookings.remove(&key).unwrap_or_default(),
                        site.timezone,
                    );
                    if key < today {
                        store_day(tx, &site.id, &key, &f, true).await?;
                    }
                    f
                }
            };
            out.push(SiteDay {
                site: site.id.clone(),
                date: key,
                figures,
            });
            date += Duration::days(1);
        }
    }
    Ok(out)
}

/// Stores the figures of every closed day still kept as tickets.
pub async fn keep_closed_days(tx: &Transaction<'_>, config: &Config, now: i64) -> StoreResult<()> {
    for site in &config.sites {
        let today: NaiveDate = local_day(site.timezone, now)
            .parse()
            .map_err(anyhow::Error::from)?;
        let from = today - Duration::days(i64::from(config.retention_days));
        figures(tx, &[site], from, today - Duration::days(1), now).await?;
    }
    Ok(())
}

async fn store_day(
    tx: &Transaction<'_>,
    site: &str,
    day: &str,
    figures: &DayFigures,
    kept: bool,
) -> StoreResult<()> {
    let json = serde_json::to_string(figures)?;
    tx.run(
        "INSERT INTO daily_footfall (site, day, figures, kept) VALUES ($1, $2, $3, $4)
         ON CONFLICT (site, day) DO UPDATE SET figures = excluded.figures, kept = excluded.kept",
        &[&site, &day, &json, &kept],
    )
    .await?;
    Ok(())
}

/// A change to a ticket of a closed day makes that day's stored copy wrong.
pub async fn ticket_changed(tx: &Transaction<'_>, site: &str, day: &str) -> StoreResult<()> {
    tx.run(
        "DELETE FROM daily_footfall WHERE site = $1 AND day = $2 AND kept",
        &[&site, &day],
    )
    .await?;
    Ok(())
}

/// Forgets the figures stored from days whose tickets are still kept.
pub async fn forget_kept_days(tx: &Transaction<'_>) -> StoreResult<()> {
    tx.run("DELETE FROM daily_footfall WHERE kept", &[]).await?;
    Ok(())
}

/// Folds every ticket, alert and booked visit of a day more than
/// `older_than_days` days ago into the daily aggregates and deletes them.
pub async fn purge(
    tx: &Transaction<'_>,
    config: &Config,
    older_than_days: u32,
    now: i64,
) -> StoreResult<Purged> {
    let mut purged = Purged::default();
    for site in &config.sites {
        let today: NaiveDate = local_day(site.timezone, now)
            .parse()
            .map_err(anyhow::Error::from)?;
        let cutoff = (today - Duration::days(i64::from(older_than_days))).to_string();
        tx.run(
            "DELETE FROM ticket_events
             WHERE ticket IN (SELECT id FROM tickets WHERE site = $1 AND day < $2)",
            &[&site.id, &cutoff],
        )
        .await?;
        let days: Vec<String> = tx
            .rows(
                "SELECT day FROM tickets WHERE site = $1 AND day < $2
                 UNION SELECT day FROM alerts WHERE site = $1 AND day < $2
                 UNION SELECT day FROM appointments WHERE site = $1 AND day < $2",
                &[&site.id, &cutoff],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        for day in days {
            let visits = visits_by_day(tx, &site.id, &day, &day)
                .await?
                .remove(&day)
                .unwrap_or_default();
            let alerts = alerts_by_day(tx, &site.id, &day, &day)
                .await?
                .remove(&day)
                .unwrap_or_default();
            let bookings = bookings_by_day(tx, &site.id, &day, &day)
                .await?
                .remove(&day)
                .unwrap_or_default();
            let kept: Option<bool> = tx
                .maybe_row(
                    "SELECT kept FROM daily_footfall WHERE site = $1 AND day = $2",
                    &[&site.id, &day],
                )
                .await?
                .map(|r| r.get(0));
            if kept == Some(false) {
                // Late check-ins for a day already purged are not counted
                // twice; the day's figures stand.
                tracing::warn!(site = %site.id, %day, n = visits.len(), "late tickets for a purged day are dropped");
            } else {
                let figures = whole_day(&visits, &alerts, &bookings, site.timezone);
                store_day(tx, &site.id, &day, &figures, false).await?;
            }
            purged.tickets += tx
                .run(
                    "DELETE FROM tickets WHERE site = $1 AND day = $2",
                    &[&site.id, &day],
                )
                .await? as usize;
            for table in ["day_counters", "alerts", "appointments"] {
                tx.run(
                    format!("DELETE FROM {table} WHERE site = $1 AND day = $2").as_str(),
                    &[&site.id, &day],
                )
                .await?;
            }
            purged.days += 1;
        }
    }
    Ok(purged)
}
