//! Counsellors' and staff's passwords (Argon2id hashes) and their sessions.
//!
//! Session ids and CSRF tokens are random; only the hash of the session id is
//! stored, so a copy of the database opens no session.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::AppResult;

pub fn set_password(conn: &Connection, username: &str, hash: &str, now: i64) -> anyhow::Result<()> {
    conn.prepare_cached(
        "INSERT INTO accounts (username, password_hash, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (username) DO UPDATE SET password_hash = ?2, updated_at = ?3",
    )?
    .execute(params![username, hash, now])?;
    // A new password ends every session opened with the old one.
    conn.prepare_cached("DELETE FROM sessions WHERE username = ?1")?
        .execute([username])?;
    Ok(())
}

pub fn password_hash(conn: &Connection, username: &str) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM accounts WHERE username = ?1")?
        .query_row([username], |r| r.get(0))
        .optional()?)
}

pub fn has_password(conn: &Connection, username: &str) -> anyhow::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts WHERE username = ?1)")?
        .query_row([username], |r| r.get(0))?)
}

pub fn create_session(
    conn: &Connection,
    id_hash: &str,
    username: &str,
    csrf: &str,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached("INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)")?.execute(params![id_hash, username, csrf, now],
    )?;
    Ok(())
}

/// A live session: its user and CSRF token.
pub struct Session {
    pub username: String,
    pub csrf_token: String,
}

/// Finds a session that has been used within `idle_ms`, and notes that it is
/// used now. Expired sessions are deleted on the way.
pub fn touch_session(
    conn: &Connection,
    id_hash: &str,
    now: i64,
    idle_ms: i64,
) -> AppResult<Option<Session>> {
    conn.prepare_cached("DELETE FROM sessions WHERE last_seen < ?1")?
        .execute([now - idle_ms])?;
    let found = conn
        .prepare_cached("SELECT username, csrf_token, last_seen FROM sessions WHERE id_hash = ?1")?
        .query_row([id_hash], |r| {
            Ok((
                Session {
                    username: r.get(0)?,
                    csrf_token: r.get(1)?,
                },
                r.get::<_, i64>(2)?,
            ))
        })
        .optional()?;
    let Some((session, last_seen)) = found else {
        return Ok(None);
    };
    // Writing on every request would cost a durable commit each; a minute's
    // precision is plenty for an inactivity limit counted in hours.
    if now - last_seen > 60_000 {
        conn.prepare_cached("UPDATE sessions SET last_seen = ?2 WHERE id_hash = ?1")?
            .execute(params![id_hash, now])?;
    }
    Ok(Some(session))
}

pub fn delete_session(conn: &Connection, id_hash: &str) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
        .execute([id_hash])?;
    Ok(())
}
