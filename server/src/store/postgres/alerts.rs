//! The alerts table on PostgreSQL: help requests from kiosks and counsellors'
//! alarms, created idempotently by the sender's id, listed per site and day,
//! and acknowledged once (the first person to answer stands).

use deadpool_postgres::Transaction;
use tokio_postgres::Row;

use super::Prepared;

use crate::{
    clock::local_day,
    config::{Config, Site},
    footfall::AlertFacts,
    store::alerts::{Alert, Created, NewAlert},
    store::{StoreError, StoreResult},
};

const COLUMNS: &str = "id, site, kind, kiosk, counsellor, desk, language, created_at, status, \
    acknowledged_by, acknowledged_at";

fn read(r: &Row, tz: &dyn Fn(&str) -> chrono_tz::Tz) -> Alert {
    let site: String = r.get(1);
    let zone = tz(&site);
    let at = |ms: i64| {
        chrono::TimeZone::timestamp_millis_opt(&zone, ms)
            .single()
            .map(|t| t.fixed_offset())
    };
    let kind: String = r.get(2);
    let status: String = r.get(8);
    Alert {
        id: r.get(0),
        kind: if kind == "alarm" { "alarm" } else { "help" },
        status: if status == "acknowledged" {
            "acknowledged"
        } else {
            "open"
        },
        kiosk: r.get(3),
        counsellor: r.get(4),
        desk: r.get(5),
        language: r.get(6),
        created_at: at(r.get(7)).expect("stored times are valid"),
        acknowledged_by: r.get(9),
        acknowledged_at: r.get::<_, Option<i64>>(10).and_then(at),
        site,
    }
}

async fn get(
    tx: &Transaction<'_>,
    config: &Config,
    id: &str,
) -> StoreResult<Option<(Alert, String)>> {
    let tz = |site: &str| config.site(site).map_or(chrono_tz::UTC, |s| s.timezone);
    let sql = format!("SELECT {COLUMNS}, request FROM alerts WHERE id = $1");
    Ok(tx
        .maybe_row(sql.as_str(), &[&id])
        .await?
        .map(|r| (read(&r, &tz), r.get(11))))
}

/// Stores a new alert, or finds the same one sent again.
pub async fn create(
    tx: &Transaction<'_>,
    config: &Config,
    site: &Site,
    new: &NewAlert,
) -> StoreResult<Created> {
    if let Some((alert, request)) = get(tx, config, &new.id).await? {
        if request == new.request {
            return Ok(Created::Repeated(alert));
        }
        return Err(StoreError::Invalid(
            "idempotency_conflict",
            "a different alert with this id was already received".into(),
        ));
    }
    let day = local_day(site.timezone, new.created_at);
    tx.run(
        "INSERT INTO alerts (id, site, day, kind, kiosk, counsellor, desk, language, created_at,
            status, request)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)",
        &[
            &new.id,
            &site.id,
            &day,
            &new.kind,
            &new.kiosk,
            &new.counsellor,
            &new.desk,
            &new.language,
            &new.created_at,
            &new.request,
        ],
    )
    .await?;
    super::footfall::ticket_changed(tx, &site.id, &day).await?;
    let (alert, _) = get(tx, config, &new.id).await?.expect("just stored");
    Ok(Created::New(alert))
}

/// Today's alerts at a site, newest first.
pub async fn today(
    tx: &Transaction<'_>,
    config: &Config,
    site: &Site,
    now: i64,
) -> StoreResult<Vec<Alert>> {
    let tz = |site: &str| config.site(site).map_or(chrono_tz::UTC, |s| s.timezone);
    let sql = format!(
        "SELECT {COLUMNS} FROM alerts WHERE site = $1 AND day = $2 ORDER BY created_at DESC, id"
    );
    let day = local_day(site.timezone, now);
    let rows = tx.rows(sql.as_str(), &[&site.id, &day]).await?;
    Ok(rows.iter().map(|r| read(r, &tz)).collect())
}

/// The site an alert was raised at, if it exists.
pub async fn site_of(tx: &Transaction<'_>, id: &str) -> StoreResult<Option<String>> {
    Ok(tx
        .maybe_row("SELECT site FROM alerts WHERE id = $1", &[&id])
        .await?
        .map(|r| r.get(0)))
}

/// Acknowledges an alert of `site`: `Ok((alert, true))` when this call did,
/// `Ok((alert, false))` when someone already had (their name stands).
pub async fn acknowledge(
    tx: &Transaction<'_>,
    config: &Config,
    site: &str,
    id: &str,
    by: &str,
    now: i64,
) -> StoreResult<(Alert, bool)> {
    let changed = tx
        .run(
            "UPDATE alerts SET status = 'acknowledged', acknowledged_by = $3, acknowledged_at = $4
             WHERE id = $1 AND site = $2 AND status = 'open'",
            &[&id, &site, &by, &now],
        )
        .await?;
    match get(tx, config, id).await? {
        Some((alert, _)) if alert.site == site => {
            if changed > 0 {
                let day: String = tx
                    .row("SELECT day FROM alerts WHERE id = $1", &[&id])
                    .await?
                    .get(0);
                super::footfall::ticket_changed(tx, site, &day).await?;
            }
            Ok((alert, changed > 0))
        }
        // Another site's alert is as unknown as one that does not exist.
        _ => Err(StoreError::NotFound("alert")),
    }
}

/// What the daily figures keep of a day's alerts.
pub async fn of_day(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(String, AlertFacts)>> {
    let rows = tx
        .rows(
            "SELECT day, kind, created_at, acknowledged_at FROM alerts
             WHERE site = $1 AND day BETWEEN $2 AND $3",
            &[&site, &from, &to],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let kind: String = r.get(1);
            (
                r.get(0),
                AlertFacts {
                    help: kind == "help",
                    created_at: r.get(2),
                    acknowledged_at: r.get(3),
                },
            )
        })
        .collect())
}
