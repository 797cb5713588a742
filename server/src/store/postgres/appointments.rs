//! The appointments table on PostgreSQL: booked visits with their six-digit
//! codes, listed per site and day, cancelled, and marked arrived by the
//! check-in that brought the code. Who may do what is decided in `booking`.

use chrono::TimeZone;
use deadpool_postgres::Transaction;
use rand::Rng;
use tokio_postgres::Row;

use super::Prepared;

use crate::{
    clock::local_day,
    config::Site,
    footfall::BookingFacts,
    store::appointments::{Appointment, Arrived, NewAppointment},
    store::{StoreError, StoreResult},
};

const SELECT: &str = "SELECT a.id, a.code, a.at, a.errand, a.counsellor, a.site, a.status, t.number
    FROM appointments a LEFT JOIN tickets t ON t.id = a.ticket";

fn read(r: &Row, site: &Site) -> Appointment {
    let status: String = r.get(6);
    Appointment {
        id: r.get(0),
        code: r.get(1),
        at: site
            .timezone
            .timestamp_millis_opt(r.get(2))
            .single()
            .expect("stored times are valid")
            .fixed_offset(),
        errand: r.get(3),
        counsellor: r.get(4),
        site: r.get(5),
        status: match status.as_str() {
            "arrived" => "arrived",
            "cancelled" => "cancelled",
            _ => "booked",
        },
        ticket: r.get(7),
    }
}

/// One appointment of `site`.
pub async fn get(tx: &Transaction<'_>, site: &Site, id: &str) -> StoreResult<Option<Appointment>> {
    let sql = format!("{SELECT} WHERE a.id = $1 AND a.site = $2");
    Ok(tx
        .maybe_row(sql.as_str(), &[&id, &site.id])
        .await?
        .map(|r| read(&r, site)))
}

/// Stores a new booking with a code no other visit of its site and day has.
pub async fn book(
    tx: &Transaction<'_>,
    site: &Site,
    new: &NewAppointment,
) -> StoreResult<Appointment> {
    let day = local_day(site.timezone, new.at);
    // Six digits without a leading zero, so that a code reads the same
    // however it is written down. Even a day of 10,000 visits leaves 99 %
    // of codes free, so a few tries always find one.
    let mut code = String::new();
    for _ in 0..100 {
        // Its own statement: the thread's generator must not live across an
        // await.
        let candidate = rand::thread_rng().gen_range(100_000..1_000_000).to_string();
        let taken: bool = tx
            .row(
                "SELECT EXISTS (SELECT 1 FROM appointments WHERE site = $1 AND day = $2 AND code = $3)",
                &[&site.id, &day, &candidate],
            )
            .await?
            .get(0);
        if !taken {
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
    tx.run(
        "INSERT INTO appointments (id, site, day, at, errand, counsellor, code, status, booked_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', $8, $9)",
        &[
            &id,
            &site.id,
            &day,
            &new.at,
            &new.errand,
            &new.counsellor,
            &code,
            &new.by,
            &new.now,
        ],
    )
    .await?;
    super::footfall::ticket_changed(tx, &site.id, &day).await?;
    Ok(get(tx, site, &id).await?.expect("just stored"))
}

/// A site's visits booked for `day`, in time order.
pub async fn of_day(tx: &Transaction<'_>, site: &Site, day: &str) -> StoreResult<Vec<Appointment>> {
    let sql = format!("{SELECT} WHERE a.site = $1 AND a.day = $2 ORDER BY a.at, a.id");
    let rows = tx.rows(sql.as_str(), &[&site.id, &day]).await?;
    Ok(rows.iter().map(|r| read(r, site)).collect())
}

/// Cancels a booked visit: `true` when this call did, `false` when it was
/// cancelled already. A visit whose visitor has arrived stays arrived.
pub async fn cancel(
    tx: &Transaction<'_>,
    site: &Site,
    id: &str,
) -> StoreResult<(Appointment, bool)> {
    // Held until the end: an arrival with this visit's code waits.
    tx.run(
        "SELECT 1 FROM appointments WHERE id = $1 FOR UPDATE",
        &[&id],
    )
    .await?;
    let before = get(tx, site, id)
        .await?
        .ok_or(StoreError::NotFound("appointment"))?;
    match before.status {
        "cancelled" => Ok((before, false)),
        "arrived" => Err(StoreError::Conflict(
            "appointment_arrived",
            "the visitor has arrived; the appointment cannot be cancelled".into(),
        )),
        _ => {
            tx.run(
                "UPDATE appointments SET status = 'cancelled' WHERE id = $1",
                &[&id],
            )
            .await?;
            let day = local_day(site.timezone, before.at.timestamp_millis());
            super::footfall::ticket_changed(tx, &site.id, &day).await?;
            let after = get(tx, site, id)
                .await?
                .ok_or(StoreError::NotFound("appointment"))?;
            Ok((after, true))
        }
    }
}

/// Marks the visit booked at `site` on `day` under `code` as arrived with
/// `ticket`; `None` when no such visit is waiting for its visitor.
pub async fn arrive(
    tx: &Transaction<'_>,
    site: &Site,
    day: &str,
    code: &str,
    ticket: &str,
) -> StoreResult<Option<Arrived>> {
    // One statement: of a cancel and an arrival at once, or two kiosks
    // bringing the same code, only one finds the visit still booked.
    let arrived = tx
        .maybe_row(
            "UPDATE appointments SET status = 'arrived', ticket = $4
             WHERE site = $1 AND day = $2 AND code = $3 AND status = 'booked'
             RETURNING counsellor, at",
            &[&site.id, &day, &code, &ticket],
        )
        .await?;
    Ok(arrived.map(|row| Arrived {
        counsellor: row.get(0),
        at: row.get(1),
    }))
}

/// What the daily figures keep of the period's booked visits, by day.
pub async fn facts(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(String, BookingFacts)>> {
    let rows = tx
        .rows(
            "SELECT a.day, a.status, a.at, t.called_at FROM appointments a
             LEFT JOIN tickets t ON t.id = a.ticket
             WHERE a.site = $1 AND a.day BETWEEN $2 AND $3 AND a.status != 'cancelled'",
            &[&site, &from, &to],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let status: String = r.get(1);
            (
                r.get(0),
                BookingFacts {
                    arrived: status == "arrived",
                    at: r.get(2),
                    called_at: r.get(3),
                },
            )
        })
        .collect())
}
