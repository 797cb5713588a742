//! Reading footfall for a period, from tickets and from the daily aggregates
//! that purged tickets were folded into; and the purge itself.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::tickets::local_day;
use crate::{
    config::{Config, Site},
    error::{AppError, AppResult},
    footfall::{day_figures, DayFigures, Visit},
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
) -> AppResult<BTreeMap<String, Vec<Visit>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, first_errand, language, appointment, interpreter, status, checked_in_at, called_at,
                started_at, finished_at, transfers
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
) -> AppResult<BTreeMap<String, DayFigures>> {
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
pub fn figures(
    conn: &Connection,
    sites: &[&Site],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<SiteDay>> {
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let mut out = Vec::new();
    for site in sites {
        let mut visits = visits_by_day(conn, &site.id, &from_s, &to_s)?;
        let stored = aggregates(conn, &site.id, &from_s, &to_s)?;
        let mut date = from;
        while date <= to {
            let key = date.to_string();
            let figures = match stored.get(&key) {
                // A purged day: its figures were stored when its tickets went.
                Some(f) => f.clone(),
                None => day_figures(&visits.remove(&key).unwrap_or_default(), site.timezone),
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

/// What a purge did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    pub days: usize,
    pub tickets: usize,
}

/// Folds every ticket of a day more than `older_than_days` days ago into the
/// daily aggregates and deletes it, with its trail, in one transaction.
pub fn purge(
    conn: &mut Connection,
    config: &Config,
    older_than_days: u32,
    now: i64,
) -> AppResult<Purged> {
    // On a connection of its own (the command line) it takes the write lock
    // before reading: a transaction that reads and then writes fails at once
    // if the server wrote in between. In the store's batch the lock is held.
    if conn.is_autocommit() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let purged = fold(&tx, config, older_than_days, now)?;
        tx.commit()?;
        Ok(purged)
    } else {
        let tx = conn.savepoint()?;
        let purged = fold(&tx, config, older_than_days, now)?;
        tx.commit()?;
        Ok(purged)
    }
}

fn fold(tx: &Connection, config: &Config, older_than_days: u32, now: i64) -> AppResult<Purged> {
    let mut purged = Purged::default();
    for site in &config.sites {
        let today: NaiveDate = local_day(site.timezone, now)
            .parse()
            .map_err(anyhow::Error::from)?;
        let cutoff = (today - Duration::days(i64::from(older_than_days))).to_string();
        let days: Vec<String> = tx
            .prepare("SELECT DISTINCT day FROM tickets WHERE site = ?1 AND day < ?2")?
            .query_map(params![site.id, cutoff], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for day in days {
            let visits = visits_by_day(tx, &site.id, &day, &day)?
                .remove(&day)
                .unwrap_or_default();
            let already: Option<String> = tx
                .query_row(
                    "SELECT figures FROM daily_footfall WHERE site = ?1 AND day = ?2",
                    params![site.id, day],
                    |r| r.get(0),
                )
                .optional()?;
            if already.is_some() {
                // Tickets of an already folded day can only be check-ins that
                // came in very late from an offline kiosk; they are not
                // counted twice, and the day's figures stand.
                tracing::warn!(site = %site.id, %day, n = visits.len(), "late tickets for a purged day are dropped");
            } else {
                let json = serde_json::to_string(&day_figures(&visits, site.timezone))
                    .map_err(anyhow::Error::from)?;
                tx.execute(
                    "INSERT INTO daily_footfall (site, day, figures) VALUES (?1, ?2, ?3)",
                    params![site.id, day, json],
                )?;
            }
            purged.tickets += tx.execute(
                "DELETE FROM tickets WHERE site = ?1 AND day = ?2",
                params![site.id, day],
            )?;
            tx.execute(
                "DELETE FROM day_counters WHERE site = ?1 AND day = ?2",
                params![site.id, day],
            )?;
            purged.days += 1;
        }
    }
    Ok(purged)
}

/// Parses a date of the query string.
pub fn parse_date(what: &str, s: &str) -> AppResult<NaiveDate> {
    s.parse().map_err(|_| {
        AppError::Unprocessable(
            "invalid_date",
            format!("{what} must be a date YYYY-MM-DD, not {s:?}"),
        )
    })
}
