//! The alerts table: help requests from kiosks and counsellors' alarms,
//! created idempotently by the sender's id, listed per site and day, and
//! acknowledged once (the first person to answer stands).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{
    clock::local_day,
    store::error::{StoreError, StoreResult},
    store::footfall,
};

/// An alert as staff see it (API: `Alert`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub id: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kiosk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counsellor: Option<String>,
    pub desk: Option<String>,
    pub language: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The site, for the server's own use (events, the webhook).
    #[serde(skip)]
    pub site: String,
}

/// A new alert as its sender described it.
pub struct NewAlert {
    pub id: String,
    pub site: String,
    pub kind: &'static str,
    pub kiosk: Option<String>,
    pub counsellor: Option<String>,
    pub desk: Option<String>,
    pub language: Option<String>,
    pub created_at: i64,
    /// The request in one canonical form: a repeat must match it.
    pub request: String,
}

pub enum Created {
    New(Alert),
    Repeated(Alert),
}

const COLUMNS: &str = "id, site, kind, kiosk, counsellor, desk, language, created_at, status, \
    acknowledged_by, acknowledged_at";

fn read(r: &rusqlite::Row, tz: &dyn Fn(&str) -> chrono_tz::Tz) -> rusqlite::Result<Alert> {
    let site: String = r.get(1)?;
    let zone = tz(&site);
    let at = |ms: i64| {
        chrono::TimeZone::timestamp_millis_opt(&zone, ms)
            .single()
            .map(|t| t.fixed_offset())
    };
    let kind: String = r.get(2)?;
    let status: String = r.get(8)?;
    Ok(Alert {
        id: r.get(0)?,
        kind: if kind == "alarm" { "alarm" } else { "help" },
        status: if status == "acknowledged" {
            "acknowledged"
        } else {
            "open"
        },
        kiosk: r.get(3)?,
        counsellor: r.get(4)?,
        desk: r.get(5)?,
        language: r.get(6)?,
        created_at: at(r.get(7)?).expect("stored times are valid"),
        acknowledged_by: r.get(9)?,
        acknowledged_at: r.get::<_, Option<i64>>(10)?.and_then(at),
        site,
    })
}

fn get(
    conn: &Connection,
    config: &crate::config::Config,
    id: &str,
) -> StoreResult<Option<(Alert, String)>> {
    let tz = |site: &str| config.site(site).map_or(chrono_tz::UTC, |s| s.timezone);
    let sql = format!("SELECT {COLUMNS}, request FROM alerts WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| Ok((read(r, &tz)?, r.get(11)?)))
        .optional()?)
}

/// Stores a new alert, or finds the same one sent again.
pub fn create(
    conn: &Connection,
    config: &crate::config::Config,
    site: &crate::config::Site,
    new: &NewAlert,
) -> StoreResult<Created> {
    if let Some((alert, request)) = get(conn, config, &new.id)? {
        if request == new.request {
            return Ok(Created::Repeated(alert));
        }
        return Err(StoreError::Invalid(
            "idempotency_conflict",
            "a different alert with this id was already received".into(),
        ));
    }
    let day = local_day(site.timezone, new.created_at);
    conn.prepare_cached(
        "INSERT INTO alerts (id, site, day, kind, kiosk, counsellor, desk, language, created_at,
            status, request)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open', ?10)",
    )?
    .execute(params![
        new.id,
        site.id,
        day,
        new.kind,
        new.kiosk,
        new.counsellor,
        new.desk,
        new.language,
        new.created_at,
        new.request
    ])?;
    footfall::ticket_changed(conn, &site.id, &day)?;
    let (alert, _) = get(conn, config, &new.id)?.expect("just stored");
    Ok(Created::New(alert))
}

/// Today's alerts at a site, newest first.
pub fn today(
    conn: &Connection,
    config: &crate::config::Config,
    site: &crate::config::Site,
    now: i64,
) -> StoreResult<Vec<Alert>> {
    let tz = |site: &str| config.site(site).map_or(chrono_tz::UTC, |s| s.timezone);
    let sql = format!(
        "SELECT {COLUMNS} FROM alerts WHERE site = ?1 AND day = ?2 ORDER BY created_at DESC, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![site.id, local_day(site.timezone, now)], |r| {
        read(r, &tz)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The site an alert was raised at, if it exists.
pub fn site_of(conn: &Connection, id: &str) -> StoreResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT site FROM alerts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Acknowledges an alert of `site`: `Ok((alert, true))` when this call did,
/// `Ok((alert, false))` when someone already had (their name stands).
pub fn acknowledge(
    conn: &Connection,
    config: &crate::config::Config,
    site: &str,
    id: &str,
    by: &str,
    now: i64,
) -> StoreResult<(Alert, bool)> {
    let changed = conn
        .prepare_cached(
            "UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?3, acknowledged_at = ?4
             WHERE id = ?1 AND site = ?2 AND status = 'open'",
        )?
        .execute(params![id, site, by, now])?;
    match get(conn, config, id)? {
        Some((alert, _)) if alert.site == site => {
            if changed > 0 {
                let day = conn.query_row("SELECT day FROM alerts WHERE id = ?1", [id], |r| {
                    r.get::<_, String>(0)
                })?;
                footfall::ticket_changed(conn, site, &day)?;
            }
            Ok((alert, changed > 0))
        }
        // Another site's alert is as unknown as one that does not exist.
        _ => Err(StoreError::NotFound("alert")),
    }
}

/// What the daily figures keep of a day's alerts.
pub fn of_day(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(String, crate::footfall::AlertFacts)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, kind, created_at, acknowledged_at FROM alerts
         WHERE site = ?1 AND day BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![site, from, to], |r| {
        let kind: String = r.get(1)?;
        Ok((
            r.get(0)?,
            crate::footfall::AlertFacts {
                help: kind == "help",
                created_at: r.get(2)?,
                acknowledged_at: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
