//! Reading footfall for a period, from tickets and from the daily aggregates
//! that purged tickets were folded into; and the purge itself.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::local_day;
use crate::{
    config::{Config, Site},
    footfall::{whole_day, AlertFacts, BookingFacts, DayFigures, Visit},
    store::error::StoreResult,
};

/// One site's figures for one day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteDay {
    pub site: String,
    pub date: String,
    #[serde(flatten)]
    pub figures: DayFigures,
}

/// The period's visits, grouped by day. The index hands the rows over in day
/// order, so a day's name is only copied when it changes: a year at busy
/// sites is hundreds of thousands of rows.
fn visits_by_day(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, Vec<Visit>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, first_errand, language, appointment, interpreter, status, checked_in_at, called_at,
                started_at, finished_at, transfers, call_reason
         FROM tickets WHERE site = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
    )?;
    let mut days: BTreeMap<String, Vec<Visit>> = BTreeMap::new();
    let mut current: Option<(String, Vec<Visit>)> = None;
    let mut rows = stmt.query(params![site, from, to])?;
    while let Some(r) = rows.next()? {
        let day = r.get_ref(0)?.as_str().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })?;
        if current.as_ref().is_none_or(|(d, _)| d != day) {
            if let Some((d, visits)) = current.replace((day.to_string(), Vec::new())) {
                days.insert(d, visits);
            }
        }
        let visits = &mut current.as_mut().expect("set above").1;
        visits.push(Visit {
            first_errand: r.get(1)?,
            language: r.get(2)?,
            appointment: r.get(3)?,
            interpreter: r.get(4)?,
            status: r.get(5)?,
            checked_in_at: r.get(6)?,
            called_at: r.get(7)?,
            started_at: r.get(8)?,
            finished_at: r.get(9)?,
            transfers: r.get(10)?,
            call_reason: r.get(11)?,
        });
    }
    if let Some((d, visits)) = current {
        days.insert(d, visits);
    }
    Ok(days)
}

fn aggregates(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, DayFigures>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, figures FROM daily_footfall WHERE site = ?1 AND day BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![site, from, to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (day, json) = row?;
        out.insert(
            day,
            serde_json::from_str(&json).map_err(anyhow::Error::from)?,
        );
    }
    Ok(out)
}

/// Every day from `from` to `to` (inclusive) at each site, zeros included.
/// A closed day computed from its tickets is stored too, so that it is read
/// as one row the next time (see migration 0003).
pub fn figures(
    conn: &mut Connection,
    sites: &[&Site],
    from: NaiveDate,
    to: NaiveDate,
    now: i64,
) -> StoreResult<Vec<SiteDay>> {
    super::sqlite::atomically(conn, |tx| read_and_keep(tx, sites, from, to, now))
}

fn read_and_keep(
    tx: &Connection,
    sites: &[&Site],
    from: NaiveDate,
    to: NaiveDate,
    now: i64,
) -> StoreResult<Vec<SiteDay>> {
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let mut out = Vec::new();
    for site in sites {
        let today = local_day(site.timezone, now);
        let stored = aggregates(tx, &site.id, &from_s, &to_s)?;
        // Tickets are read only when some day of the period is not stored.
        let all_stored = stored.len() as i64 == (to - from).num_days() + 1;
        let (mut visits, mut alerts, mut bookings) = if all_stored {
            (BTreeMap::new(), BTreeMap::new(), BTreeMap::new())
        } else {
            (
                visits_by_day(tx, &site.id, &from_s, &to_s)?,
                alerts_by_day(tx, &site.id, &from_s, &to_s)?,
                bookings_by_day(tx, &site.id, &from_s, &to_s)?,
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
                        store_day(tx, &site.id, &key, &f, true)?;
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

/// The period's alerts, grouped by day.
fn alerts_by_day(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, Vec<AlertFacts>>> {
    let mut days: BTreeMap<String, Vec<AlertFacts>> = BTreeMap::new();
    for (day, facts) in super::alerts::of_day(conn, site, from, to)? {
        days.entry(day).or_default().push(facts);
    }
    Ok(days)
}

/// The period's booked visits, grouped by day.
fn bookings_by_day(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<BTreeMap<String, Vec<BookingFacts>>> {
    let mut days: BTreeMap<String, Vec<BookingFacts>> = BTreeMap::new();
    for (day, facts) in super::appointments::facts(conn, site, from, to)? {
        days.entry(day).or_default().push(facts);
    }
    Ok(days)
}

/// Stores the figures of every closed day whose tickets are still kept and
/// whose figures are not stored yet, so that even the first statistics of a
/// day read them as rows. The server does it daily, after the purge.
pub fn keep_closed_days(conn: &mut Connection, config: &Config, now: i64) -> StoreResult<()> {
    for site in &config.sites {
        let today: NaiveDate = local_day(site.timezone, now)
            .parse()
            .map_err(anyhow::Error::from)?;
        let from = today - Duration::days(i64::from(config.retention_days));
        figures(conn, &[site], from, today - Duration::days(1), now)?;
    }
    Ok(())
}

/// Stores a day's figures: `kept` while its tickets are still there.
fn store_day(
    tx: &Connection,
    site: &str,
    day: &str,
    figures: &DayFigures,
    kept: bool,
) -> StoreResult<()> {
    let json = serde_json::to_string(figures).map_err(anyhow::Error::from)?;
    tx.prepare_cached(
        "INSERT INTO daily_footfall (site, day, figures, kept) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (site, day) DO UPDATE SET figures = excluded.figures, kept = excluded.kept",
    )?
    .execute(params![site, day, json, kept])?;
    Ok(())
}

/// Any change to a ticket of a closed day (a late check-in from a kiosk that
/// was offline overnight, a visit finished after midnight) makes that day's
/// stored copy wrong: it is deleted, and computed again when next asked for.
pub fn ticket_changed(tx: &Connection, site: &str, day: &str) -> StoreResult<()> {
    tx.prepare_cached("DELETE FROM daily_footfall WHERE site = ?1 AND day = ?2 AND kept = 1")?
        .execute(params![site, day])?;
    Ok(())
}

/// What a purge did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    pub days: usize,
    pub tickets: usize,
}

/// Folds every ticket and alert of a day more than `older_than_days` days
/// ago into the daily aggregates and deletes it, with its trail, in one
/// transaction.
pub fn purge(
    conn: &mut Connection,
    config: &Config,
    older_than_days: u32,
    now: i64,
) -> StoreResult<Purged> {
    super::sqlite::atomically(conn, |tx| fold(tx, config, older_than_days, now))
}

fn fold(tx: &Connection, config: &Config, older_than_days: u32, now: i64) -> StoreResult<Purged> {
    let mut purged = Purged::default();
    for site in &config.sites {
        let today: NaiveDate = local_day(site.timezone, now)
            .parse()
            .map_err(anyhow::Error::from)?;
        let cutoff = (today - Duration::days(i64::from(older_than_days))).to_string();
        // The trails of the tickets about to go, in one pass over the trail.
        tx.prepare_cached(
            "DELETE FROM ticket_events
             WHERE ticket IN (SELECT id FROM tickets WHERE site = ?1 AND day < ?2)",
        )?
        .execute(params![site.id, cutoff])?;
        let days: Vec<String> = tx
            .prepare(
                "SELECT day FROM tickets WHERE site = ?1 AND day < ?2
                 UNION SELECT day FROM alerts WHERE site = ?1 AND day < ?2
                 UNION SELECT day FROM appointments WHERE site = ?1 AND day < ?2",
            )?
            .query_map(params![site.id, cutoff], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for day in days {
            let visits = visits_by_day(tx, &site.id, &day, &day)?
                .remove(&day)
                .unwrap_or_default();
            let alerts = alerts_by_day(tx, &site.id, &day, &day)?
                .remove(&day)
                .unwrap_or_default();
            let bookings = bookings_by_day(tx, &site.id, &day, &day)?
                .remove(&day)
                .unwrap_or_default();
            let kept: Option<bool> = tx
                .query_row(
                    "SELECT kept FROM daily_footfall WHERE site = ?1 AND day = ?2",
                    params![site.id, day],
                    |r| r.get(0),
                )
                .optional()?;
            if kept == Some(false) {
                // Tickets of an already purged day can only be check-ins that
                // came in very late from an offline kiosk; they are not
                // counted twice, and the day's figures stand.
                tracing::warn!(site = %site.id, %day, n = visits.len(), "late tickets for a purged day are dropped");
            } else {
                // Computed afresh even over a kept copy: these are the last
                // figures the day will ever have.
                let figures = whole_day(&visits, &alerts, &bookings, site.timezone);
                store_day(tx, &site.id, &day, &figures, false)?;
            }
            purged.tickets += tx.execute(
                "DELETE FROM tickets WHERE site = ?1 AND day = ?2",
                params![site.id, day],
            )?;
            tx.execute(
                "DELETE FROM day_counters WHERE site = ?1 AND day = ?2",
                params![site.id, day],
            )?;
            tx.execute(
                "DELETE FROM alerts WHERE site = ?1 AND day = ?2",
                params![site.id, day],
            )?;
            tx.execute(
                "DELETE FROM appointments WHERE site = ?1 AND day = ?2",
                params![site.id, day],
            )?;
            purged.days += 1;
        }
    }
    Ok(purged)
}

/// Forgets every stored figure of a day whose tickets are still kept: made-up
/// history written into those days would be missing from them. They are
/// computed again when next asked for.
pub fn forget_kept_days(conn: &Connection) -> StoreResult<()> {
    conn.execute("DELETE FROM daily_footfall WHERE kept = 1", [])?;
    Ok(())
}
