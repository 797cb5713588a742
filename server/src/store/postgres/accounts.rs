//! Counsellors' and staff's passwords (Argon2id hashes) and their sessions,
//! on PostgreSQL.
//!
//! Session ids and CSRF tokens are random; only the hash of the session id is
//! stored, so a copy of the database opens no session.

use deadpool_postgres::Transaction;

use super::Prepared;

use crate::store::{
    accounts::{Lifetime, Session},
    StoreResult,
};

/// Sets a password and ends every session opened with the old one, except
/// `keep` (the session of the person who changed it, who stays logged in).
pub async fn set_password(
    tx: &Transaction<'_>,
    username: &str,
    hash: &str,
    now: i64,
    keep: Option<&str>,
) -> StoreResult<()> {
    tx.run(
        "INSERT INTO accounts (username, password_hash, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (username) DO UPDATE SET password_hash = $2, updated_at = $3",
        &[&username, &hash, &now],
    )
    .await?;
    tx.run(
        "DELETE FROM sessions WHERE username = $1 AND id_hash IS DISTINCT FROM $2",
        &[&username, &keep],
    )
    .await?;
    tx.run(
        "DELETE FROM password_setups WHERE username = $1",
        &[&username],
    )
    .await?;
    Ok(())
}

/// An admin's reset: the old password and every session end now, and the
/// one-time link (its token's hash) is the only way back in until `expires_at`.
pub async fn reset(
    tx: &Transaction<'_>,
    username: &str,
    token_hash: &str,
    expires_at: i64,
) -> StoreResult<()> {
    tx.run("DELETE FROM accounts WHERE username = $1", &[&username])
        .await?;
    tx.run("DELETE FROM sessions WHERE username = $1", &[&username])
        .await?;
    tx.run(
        "INSERT INTO password_setups (token_hash, username, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (username) DO UPDATE SET token_hash = $1, expires_at = $3",
        &[&token_hash, &username, &expires_at],
    )
    .await?;
    Ok(())
}

/// Uses a valid set-up link: sets its account's password and deletes the
/// link, in one job, so that a link works exactly once. `None` when the
/// link is unknown, used or expired.
pub async fn use_setup(
    tx: &Transaction<'_>,
    token_hash: &str,
    password_hash: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let username: Option<String> = tx
        .maybe_row(
            "DELETE FROM password_setups WHERE token_hash = $1 AND expires_at > $2 RETURNING username",
            &[&token_hash, &now],
        )
        .await?
        .map(|r| r.get(0));
    if let Some(username) = &username {
        set_password(tx, username, password_hash, now, None).await?;
    }
    Ok(username)
}

/// Whose password a set-up link sets, while it is valid.
pub async fn setup_user(
    tx: &Transaction<'_>,
    token_hash: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    Ok(tx
        .maybe_row(
            "SELECT username FROM password_setups WHERE token_hash = $1 AND expires_at > $2",
            &[&token_hash, &now],
        )
        .await?
        .map(|r| r.get(0)))
}

pub async fn password_hash(tx: &Transaction<'_>, username: &str) -> StoreResult<Option<String>> {
    Ok(tx
        .maybe_row(
            "SELECT password_hash FROM accounts WHERE username = $1",
            &[&username],
        )
        .await?
        .map(|r| r.get(0)))
}

pub async fn has_password(tx: &Transaction<'_>, username: &str) -> StoreResult<bool> {
    Ok(tx
        .row(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE username = $1)",
            &[&username],
        )
        .await?
        .get(0))
}

pub async fn create_session(
    tx: &Transaction<'_>,
    id_hash: &str,
    username: &str,
    csrf: &str,
    now: i64,
) -> StoreResult<()> {
    tx.run(
        "INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen)
         VALUES ($1, $2, $3, $4, $4)",
        &[&id_hash, &username, &csrf, &now],
    )
    .await?;
    Ok(())
}

/// Finds a session that is still alive, and notes that it is used now.
/// Expired sessions are deleted on the way.
pub async fn touch_session(
    tx: &Transaction<'_>,
    id_hash: &str,
    now: i64,
    lifetime: Lifetime,
) -> StoreResult<Option<Session>> {
    let idle_since = now - lifetime.idle_ms;
    let opened_since = now - lifetime.max_ms;
    tx.run(
        "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2",
        &[&idle_since, &opened_since],
    )
    .await?;
    let found = tx
        .maybe_row(
            "SELECT username, csrf_token, last_seen FROM sessions WHERE id_hash = $1",
            &[&id_hash],
        )
        .await?;
    let Some(row) = found else {
        return Ok(None);
    };
    let session = Session {
        username: row.get(0),
        csrf_token: row.get(1),
    };
    let last_seen: i64 = row.get(2);
    // Writing on every request would cost a durable commit each; a minute's
    // precision is plenty for an inactivity limit counted in hours.
    if now - last_seen > 60_000 {
        tx.run(
            "UPDATE sessions SET last_seen = $2 WHERE id_hash = $1",
            &[&id_hash, &now],
        )
        .await?;
    }
    Ok(Some(session))
}

pub async fn delete_session(tx: &Transaction<'_>, id_hash: &str) -> StoreResult<()> {
    tx.run("DELETE FROM sessions WHERE id_hash = $1", &[&id_hash])
        .await?;
    Ok(())
}
