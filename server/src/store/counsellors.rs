//! Whether each counsellor is available or paused.

use std::collections::HashSet;

use rusqlite::{params, Connection};

use crate::store::error::StoreResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Available,
    Paused,
}

impl Availability {
    fn as_str(self) -> &'static str {
        match self {
            Availability::Available => "available",
            Availability::Paused => "paused",
        }
    }
}

pub fn set(conn: &Connection, username: &str, status: Availability, now: i64) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO counsellor_status (username, status, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (username) DO UPDATE SET status = ?2, updated_at = ?3",
    )?
    .execute(params![username, status.as_str(), now])?;
    Ok(())
}

/// A counsellor who never said otherwise is paused.
pub fn get(conn: &Connection, username: &str) -> StoreResult<Availability> {
    let status: Option<String> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT status FROM counsellor_status WHERE username = ?1")?
            .query_row([username], |r| r.get(0)),
    )?;
    Ok(match status.as_deref() {
        Some("available") => Availability::Available,
        _ => Availability::Paused,
    })
}

/// The same, for today: a counsellor who said "available" before `since`
/// (the start of the site's day) and nothing since went home without
/// saying so, and is paused.
pub fn get_since(conn: &Connection, username: &str, since: i64) -> StoreResult<Availability> {
    let said: Option<(String, i64)> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached(
            "SELECT status, updated_at FROM counsellor_status WHERE username = ?1",
        )?
        .query_row([username], |r| Ok((r.get(0)?, r.get(1)?))),
    )?;
    Ok(match said {
        Some((status, at)) if status == "available" && at >= since => Availability::Available,
        _ => Availability::Paused,
    })
}

pub fn available(conn: &Connection) -> StoreResult<HashSet<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT username FROM counsellor_status WHERE status = 'available'")?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(names)
}
