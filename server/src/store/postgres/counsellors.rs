//! Whether each counsellor is available or paused, on PostgreSQL.

use std::collections::HashSet;

use deadpool_postgres::Transaction;

use super::Prepared;

use crate::store::{counsellors::Availability, StoreResult};

fn as_str(status: Availability) -> &'static str {
    match status {
        Availability::Available => "available",
        Availability::Paused => "paused",
    }
}

pub async fn set(
    tx: &Transaction<'_>,
    username: &str,
    status: Availability,
    now: i64,
) -> StoreResult<()> {
    tx.run(
        "INSERT INTO counsellor_status (username, status, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (username) DO UPDATE SET status = $2, updated_at = $3",
        &[&username, &as_str(status), &now],
    )
    .await?;
    Ok(())
}

/// A counsellor who never said otherwise is paused.
pub async fn get(tx: &Transaction<'_>, username: &str) -> StoreResult<Availability> {
    let status: Option<String> = tx
        .maybe_row(
            "SELECT status FROM counsellor_status WHERE username = $1",
            &[&username],
        )
        .await?
        .map(|r| r.get(0));
    Ok(match status.as_deref() {
        Some("available") => Availability::Available,
        _ => Availability::Paused,
    })
}

/// The same, for today: a counsellor who said "available" before `since`
/// (the start of the site's day) and nothing since went home without
/// saying so, and is paused.
pub async fn get_since(
    tx: &Transaction<'_>,
    username: &str,
    since: i64,
) -> StoreResult<Availability> {
    let said: Option<(String, i64)> = tx
        .maybe_row(
            "SELECT status, updated_at FROM counsellor_status WHERE username = $1",
            &[&username],
        )
        .await?
        .map(|r| (r.get(0), r.get(1)));
    Ok(match said {
        Some((status, at)) if status == "available" && at >= since => Availability::Available,
        _ => Availability::Paused,
    })
}

pub async fn available(tx: &Transaction<'_>) -> StoreResult<HashSet<String>> {
    let rows = tx
        .rows(
            "SELECT username FROM counsellor_status WHERE status = 'available'",
            &[],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}
