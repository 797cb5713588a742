//! Counsellors' and staff's passwords (Argon2id hashes) and their sessions.
//!
//! Session ids and CSRF tokens are random; only the hash of the session id is
//! stored, so a copy of the database opens no session.

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::error::StoreResult;

pub fn set_password(conn: &Connection, username: &str, hash: &str, now: i64) -> anyhow::Result<()> {
    set_password_keeping(conn, username, hash, now, None)
}

/// Sets a password and ends every session opened with the old one, except
/// `keep` (the session of the person who changed it, who stays logged in).
pub fn set_password_keeping(
    conn: &Connection,
    username: &str,
    hash: &str,
    now: i64,
    keep: Option<&str>,
) -> anyhow::Result<()> {
    conn.prepare_cached(
        "INSERT INTO accounts (username, password_hash, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (username) DO UPDATE SET password_hash = ?2, updated_at = ?3",
    )?
    .execute(params![username, hash, now])?;
    conn.prepare_cached("DELETE FROM sessions WHERE username = ?1 AND id_hash IS NOT ?2")?
        .execute(params![username, keep])?;
    conn.prepare_cached("DELETE FROM password_setups WHERE username = ?1")?
        .execute([username])?;
    Ok(())
}

/// An admin's reset: the old password and every session end now, and the
/// one-time link (its token's hash) is the only way back in until `expires_at`.
pub fn reset(
    conn: &Connection,
    username: &str,
    token_hash: &str,
    expires_at: i64,
) -> StoreResult<()> {
    conn.prepare_cached("DELETE FROM accounts WHERE username = ?1")?
        .execute([username])?;
    conn.prepare_cached("DELETE FROM sessions WHERE username = ?1")?
        .execute([username])?;
    conn.prepare_cached(
        "INSERT INTO password_setups (token_hash, username, expires_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (username) DO UPDATE SET token_hash = ?1, expires_at = ?3",
    )?
    .execute(params![token_hash, username, expires_at])?;
    Ok(())
}

/// Uses a valid set-up link: sets its account's password and deletes the
/// link, in one job, so that a link works exactly once. `None` when the
/// link is unknown, used or expired.
pub fn use_setup(
    conn: &Connection,
    token_hash: &str,
    password_hash: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let username: Option<String> = conn
        .prepare_cached(
            "DELETE FROM password_setups WHERE token_hash = ?1 AND expires_at > ?2 RETURNING username",
        )?
        .query_row(params![token_hash, now], |r| r.get(0))
        .optional()?;
    if let Some(username) = &username {
        set_password_keeping(conn, username, password_hash, now, None)?;
    }
    Ok(username)
}

/// Whose password a set-up link sets, while it is valid.
pub fn setup_user(conn: &Connection, token_hash: &str, now: i64) -> StoreResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT username FROM password_setups WHERE token_hash = ?1 AND expires_at > ?2",
        )?
        .query_row(params![token_hash, now], |r| r.get(0))
        .optional()?)
}

pub fn password_hash(conn: &Connection, username: &str) -> StoreResult<Option<String>> {
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
) -> StoreResult<()> {
    conn.prepare_cached("INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)")?.execute(params![id_hash, username, csrf, now],
    )?;
    Ok(())
}

/// A live session: its user and CSRF token.
pub struct Session {
    pub username: String,
    pub csrf_token: String,
}

/// How long a session lives: since its last use, and since it was opened.
pub struct Lifetime {
    pub idle_ms: i64,
    pub max_ms: i64,
}

/// Finds a session that is still alive, and notes that it is used now.
/// Expired sessions are deleted on the way.
pub fn touch_session(
    conn: &Connection,
    id_hash: &str,
    now: i64,
    lifetime: Lifetime,
) -> StoreResult<Option<Session>> {
    conn.prepare_cached("DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2")?
        .execute([now - lifetime.idle_ms, now - lifetime.max_ms])?;
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

pub fn delete_session(conn: &Connection, id_hash: &str) -> StoreResult<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
        .execute([id_hash])?;
    Ok(())
}
