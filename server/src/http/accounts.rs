//! Passwords, per OWASP ASVS 5.0 V6.2: a person changes their own (the
//! current one first); an admin's reset gives a one-time set-up link, so no
//! admin ever chooses, sees or sends anyone's password.

use axum::{extract::State, http::StatusCode, Json};
use serde::{Deserialize, Serialize};

use super::{
    extract::{AdminAuth, ClientAddr, JsonBody, PathParam, SessionAuth},
    session, AppState,
};
use crate::{
    auth,
    error::{AppError, AppResult},
};

/// How long a set-up link works.
pub const SETUP_LINK_HOURS: i64 = 72;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current: String,
    new: String,
}

/// A new password that the policy refuses, as the API's error.
pub fn refusal(state: &AppState, username: &str, password: &str) -> AppResult<()> {
    match auth::password_refusal(username, password, &state.config.password_context()) {
        None => Ok(()),
        Some(r) => Err(AppError::Unprocessable(
            r.code(),
            format!(
                "this password cannot be used ({}); use {} to {} characters, not a common password",
                r.code(),
                auth::MIN_PASSWORD_CHARS,
                auth::MAX_PASSWORD_CHARS
            ),
        )),
    }
}

/// Hashes and stores a new password; every session but `keep` ends.
async fn store_password(
    state: &AppState,
    username: &str,
    password: String,
    keep: Option<String>,
) -> AppResult<()> {
    let hash = auth::off_thread(move || auth::hash_password(&password)).await?;
    let user = username.to_string();
    Ok(state
        .store
        .set_password(user, hash, crate::clock::now_ms(), keep)
        .await?)
}

/// `PUT /api/v1/account/password`: `204`; `403 wrong_password` when the
/// current password is wrong (counted like a failed login); `422` with the
/// policy's code for a password that cannot be used.
pub async fn change_password(
    State(state): State<AppState>,
    client: ClientAddr,
    session: SessionAuth,
    JsonBody(change): JsonBody<PasswordChange>,
) -> AppResult<StatusCode> {
    let username = session.account.username.clone();
    refusal(&state, &username, &change.new)?;
    match session::verify(&state, client, &username, change.current).await {
        Ok(_) => {}
        Err(AppError::Unauthorized(..)) => {
            return Err(AppError::Forbidden(
                "wrong_password",
                "the current password is not right".into(),
            ))
        }
        Err(other) => return Err(other),
    }
    store_password(&state, &username, change.new, Some(session.session_hash)).await?;
    tracing::info!(target: "security", %username, %client, "password changed; other sessions ended");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize)]
pub struct SetupLink {
    username: String,
    setup_url: String,
    expires_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/accounts/{username}/setup-link` (admins): ends the
/// account's password and sessions and answers `201` with a one-time link
/// by which its owner chooses a new password.
pub async fn setup_link(
    State(state): State<AppState>,
    client: ClientAddr,
    AdminAuth(admin): AdminAuth,
    PathParam(username): PathParam<String>,
) -> AppResult<(StatusCode, Json<SetupLink>)> {
    if state.config.counsellor(&username).is_none() {
        return Err(AppError::not_found("account"));
    }
    let token = auth::random_token(32);
    let expires_at = crate::clock::now_ms() + SETUP_LINK_HOURS * 3_600_000;
    let (user, hash) = (username.clone(), auth::hash_token(&token));
    state.store.reset_password(user, hash, expires_at).await?;
    tracing::info!(target: "security", %username, by = %admin.username, %client, "password reset: set-up link issued");
    Ok((
        StatusCode::CREATED,
        Json(SetupLink {
            username,
            setup_url: format!("{}/setup/{token}", state.public_url),
            expires_at: chrono::DateTime::from_timestamp_millis(expires_at)
                .expect("a time near now"),
        }),
    ))
}

/// Sets the password of the account a valid set-up link names, and retires
/// the link: `Ok(None)` when the link is unknown, used or expired.
pub async fn use_setup_link(
    state: &AppState,
    client: ClientAddr,
    token: &str,
    password: String,
) -> AppResult<Option<String>> {
    let hash = auth::hash_token(token);
    let lookup = hash.clone();
    let username = state
        .store
        .setup_user(lookup, crate::clock::now_ms())
        .await?;
    let Some(username) = username else {
        return Ok(None);
    };
    refusal(state, &username, &password)?;
    let password_hash = auth::off_thread(move || auth::hash_password(&password)).await?;
    // The link is taken and the password set in one job: of two posts of
    // the same link, only one can set it.
    let set = state
        .store
        .use_setup(hash, password_hash, crate::clock::now_ms())
        .await?;
    if let Some(username) = &set {
        tracing::info!(target: "security", %username, %client, "password set through a set-up link");
    }
    Ok(set)
}
