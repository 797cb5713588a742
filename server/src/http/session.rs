//! Logging in and out. A login always opens a new session with a new id, so a
//! session id planted before login is worth nothing (no session fixation).

use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};

use super::{
    extract::{JsonBody, SessionAuth, SESSION_COOKIE, SESSION_IDLE_MS},
    AppState,
};
use crate::{
    auth,
    config::{Counsellor, Role},
    error::{AppError, AppResult},
    store::{self, accounts},
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub username: String,
    pub password: String,
}

/// What a page needs to know of whoever is logged in.
#[derive(Serialize)]
pub struct SessionInfo {
    csrf_token: String,
    username: String,
    name: String,
    role: &'static str,
    site: Option<String>,
    desk: Option<String>,
}

fn info(account: &Counsellor, csrf_token: String) -> SessionInfo {
    let present = |s: &str| (!s.is_empty()).then(|| s.to_string());
    SessionInfo {
        csrf_token,
        username: account.username.clone(),
        name: account.name.clone(),
        role: match account.role {
            Role::Counsellor => "counsellor",
            Role::Staff => "staff",
            Role::Admin => "admin",
        },
        site: present(&account.site),
        desk: present(&account.desk),
    }
}

fn cookie(state: &AppState, value: &str, max_age_s: i64) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}"
    );
    HeaderValue::from_str(&cookie).expect("cookie values are base64url")
}

/// A new session for a checked password: the cookie value and CSRF token.
pub struct Opened {
    pub account: Counsellor,
    pub session_id: String,
    pub csrf_token: String,
}

/// Checks a password (slowed down after repeated failures) and opens a new
/// session. Used by the API and by the login form.
pub async fn open(state: &AppState, username: String, password: String) -> AppResult<Opened> {
    if let Err(retry_after_s) = state.throttle.check(&username) {
        return Err(AppError::TooManyRequests { retry_after_s });
    }
    let known = state.config.counsellor(&username).cloned();
    let lookup = username.clone();
    let hash = match known {
        Some(_) => {
            state
                .db
                .interact(move |conn| accounts::password_hash(conn, &lookup))
                .await?
        }
        None => None,
    };
    // Argon2 takes tens of milliseconds of CPU: keep it off the async threads.
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(hash.as_deref(), &password))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let Some(account) = known.filter(|_| ok) else {
        state.throttle.failed(&username);
        return Err(AppError::Unauthorized(
            "invalid_credentials",
            "wrong username or password".into(),
        ));
    };
    state.throttle.succeeded(&username);
    let session_id = auth::random_token(32);
    let csrf_token = auth::random_token(32);
    let (id_hash, user, csrf) = (
        auth::hash_token(&session_id),
        username.clone(),
        csrf_token.clone(),
    );
    state
        .db
        .interact(move |conn| {
            accounts::create_session(conn, &id_hash, &user, &csrf, store::now_ms())
        })
        .await?;
    tracing::info!(%username, "logged in");
    Ok(Opened {
        account,
        session_id,
        csrf_token,
    })
}

/// The `Set-Cookie` header for a new session.
pub fn session_cookie(state: &AppState, session_id: &str) -> HeaderValue {
    cookie(state, session_id, SESSION_IDLE_MS / 1000)
}

pub async fn login(
    State(state): State<AppState>,
    JsonBody(login): JsonBody<Login>,
) -> AppResult<Response> {
    let opened = open(&state, login.username, login.password).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        session_cookie(&state, &opened.session_id),
    );
    Ok((
        StatusCode::OK,
        headers,
        Json(info(&opened.account, opened.csrf_token)),
    )
        .into_response())
}

pub async fn logout(State(state): State<AppState>, session: SessionAuth) -> AppResult<Response> {
    let hash = session.session_hash;
    state
        .db
        .interact(move |conn| accounts::delete_session(conn, &hash))
        .await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, cookie(&state, "", 0));
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

/// Who is logged in, with the CSRF token again (a reloaded page needs it).
pub async fn current(session: SessionAuth) -> Json<SessionInfo> {
    Json(info(&session.account, session.csrf_token))
}
