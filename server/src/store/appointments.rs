//! The appointments table: booked visits with their six-digit codes, listed
//! per site and day, cancelled, and marked arrived by the check-in that
//! brought the code. Who may do what is decided in `booking`.

use chrono::{DateTime, FixedOffset, TimeZone};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{
    clock::local_day,
    config::Site,
    store::error::{StoreError, StoreResult},
    store::footfall,
};

/// A booked visit as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appointment {
    pub id: String,
    pub code: String,
    pub at: DateTime<FixedOffset>,
    pub errand: String,
    pub counsellor: String,
    pub site: String,
    pub status: &'static str,
    /// The ticket's number once the visitor has arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

/// A visit to book, already allowed by `booking`.
pub struct NewAppointment {
    pub site: String,
    pub at: i64,
    pub errand: String,
    pub counsellor: String,
    pub by: String,
    pub now: i64,
}

/// What a check-in learns from a good code.
#[derive(Debug, Clone)]
pub struct Arrived {
    pub counsellor: String,
    pub at: i64,
}

const SELECT: &str = "SELECT a.id, a.code, a.at, a.errand, a.counsellor, a.site, a.status, t.number
    FROM appointments a LEFT JOIN tickets t ON t.id = a.ticket";

fn read(r: &rusqlite::Row, site: &Site) -> rusqlite::Result<Appointment> {
    let status: String = r.get(6)?;
    Ok(Appointment {
        id: r.get(0)?,
        code: r.get(1)?,
        at: site
            .timezone
            .timestamp_millis_opt(r.get(2)?)
            .single()
            .expect("stored times are valid")
            .fixed_offset(),
        errand: r.get(3)?,
        counsellor: r.get(4)?,
        site: r.get(5)?,
        status: match status.as_str() {
            "arrived" => "arrived",
            "cancelled" => "cancelled",
            _ => "booked",
        },
        ticket: r.get(7)?,
    })
}

/// One appointment of `site`.
pub fn get(conn: &Connection, site: &Site, id: &str) -> StoreResult<Option<Appointment>> {
    let sql = format!("{SELECT} WHERE a.id = ?1 AND a.site = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id, site.id], |r| read(r, site))
        .optional()?)
}

/// Stores a new booking with a code no other visit of its site and day has.
pub fn book(conn: &Connection, site: &Site, new: &NewAppointment) -> StoreResult<Appointment> {
    let day = local_day(site.timezone, new.at);
    let taken = |code: &str| -> StoreResult<bool> {
        Ok(conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM appointments WHERE site = ?1 AND day = ?2 AND code = ?3)",
            )?
            .query_row(params![site.id, day, code], |r| r.get(0))?)
    };
    // Six digits without a leading zero, so that a code reads the same
    // however it is written down. Even a day of 10,000 visits leaves 99 %
    // of codes free, so a few tries always find one.
    let mut code = String::new();
    for _ in 0..100 {
        let candidate = rand::thread_rng().gen_range(100_000..1_000_000).to_string();
        if !taken(&candidate)? {
            code = candidate;
            break;
        }
    }
    if code.is_empty() {
        return Err(StoreError::Conflict(
            "no_codes_left",
            "no free appointment code was found for that day".into(),
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    conn.prepare_cached(
        "INSERT INTO appointments (id, site, day, at, errand, counsellor, code, status, booked_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'booked', ?8, ?9)",
    )?
    .execute(params![
        id,
        site.id,
        day,
        new.at,
        new.errand,
        new.counsellor,
        code,
        new.by,
        new.now
    ])?;
    footfall::ticket_changed(conn, &site.id, &day)?;
    Ok(get(conn, site, &id)?.expect("just stored"))
}

/// A site's visits booked for `day`, in time order.
pub fn of_day(conn: &Connection, site: &Site, day: &str) -> StoreResult<Vec<Appointment>> {
    let sql = format!("{SELECT} WHERE a.site = ?1 AND a.day = ?2 ORDER BY a.at, a.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![site.id, day], |r| read(r, site))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Cancels a booked visit: `true` when this call did, `false` when it was
/// cancelled already. A visit whose visitor has arrived stays arrived.
pub fn cancel(conn: &Connection, site: &Site, id: &str) -> StoreResult<(Appointment, bool)> {
    let found = |conn| get(conn, site, id)?.ok_or_else(|| StoreError::NotFound("appointment"));
    let before = found(conn)?;
    match before.status {
        "cancelled" => Ok((before, false)),
        "arrived" => Err(StoreError::Conflict(
            "appointment_arrived",
            "the visitor has arrived; the appointment cannot be cancelled".into(),
        )),
        _ => {
            conn.prepare_cached("UPDATE appointments SET status = 'cancelled' WHERE id = ?1")?
                .execute([id])?;
            let day = local_day(site.timezone, before.at.timestamp_millis());
            footfall::ticket_changed(conn, &site.id, &day)?;
            Ok((found(conn)?, true))
        }
    }
}

/// Marks the visit booked at `site` on `day` under `code` as arrived with
/// `ticket`; `None` when no such visit is waiting for its visitor.
pub fn arrive(
    tx: &Connection,
    site: &Site,
    day: &str,
    code: &str,
    ticket: &str,
) -> StoreResult<Option<Arrived>> {
    let found: Option<(String, String, i64)> = tx
        .prepare_cached(
            "SELECT id, counsellor, at FROM appointments
             WHERE site = ?1 AND day = ?2 AND code = ?3 AND status = 'booked'",
        )?
        .query_row(params![site.id, day, code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, counsellor, at)) = found else {
        return Ok(None);
    };
    tx.prepare_cached("UPDATE appointments SET status = 'arrived', ticket = ?2 WHERE id = ?1")?
        .execute(params![id, ticket])?;
    Ok(Some(Arrived { counsellor, at }))
}

/// What the daily figures keep of the period's booked visits, by day.
pub fn facts(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(String, crate::footfall::BookingFacts)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.day, a.status, a.at, t.called_at FROM appointments a
         LEFT JOIN tickets t ON t.id = a.ticket
         WHERE a.site = ?1 AND a.day BETWEEN ?2 AND ?3 AND a.status != 'cancelled'",
    )?;
    let rows = stmt.query_map(params![site, from, to], |r| {
        let status: String = r.get(1)?;
        Ok((
            r.get(0)?,
            crate::footfall::BookingFacts {
                arrived: status == "arrived",
                at: r.get(2)?,
                called_at: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
