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
    extract::{ClientAddr, JsonBody, SessionAuth, SESSION_IDLE_MS},
    AppState,
};
use crate::{
    auth,
    config::{Counsellor, Role},
    error::{AppError, AppResult},
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
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}",
        state.cookie_name()
    );
    HeaderValue::from_str(&cookie).expect("cookie values are base64url")
}

/// A new session for a checked password: the cookie value and CSRF token.
pub struct Opened {
    pub account: Counsellor,
    pub session_id: String,
    pub csrf_token: String,
}

/// Password checks at once: each Argon2 check takes 19 MiB and a core for
/// tens of milliseconds, so more at once only adds memory, not speed.
fn checkers() -> &'static std::sync::Arc<tokio::sync::Semaphore> {
    static CHECKERS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> =
        std::sync::OnceLock::new();
    CHECKERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        std::sync::Arc::new(tokio::sync::Semaphore::new(cores))
    })
}

/// How long a login waits for a free checker before it is told to come back.
const CHECKER_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Checks a person's password, slowed down after repeated failures: the
/// attempt is counted before it is checked, a username's attempts are
/// checked one at a time, and at most one check per core runs at once.
/// Used to log in and to confirm a password change.
pub async fn verify(
    state: &AppState,
    client: ClientAddr,
    username: &str,
    password: String,
) -> AppResult<Counsellor> {
    // A name no account could have is refused before it is counted or
    // logged: it bounds what the brake remembers and keeps the log honest.
    let sane =
        !username.is_empty() && username.len() <= 64 && !username.chars().any(char::is_control);
    if !sane {
        return Err(AppError::Unauthorized(
            "invalid_credentials",
            "wrong username or password".into(),
        ));
    }
    // Locked already: refused at once, without waiting for a turn.
    if let Err(retry_after_s) = state.throttle.locked(username, client.0) {
        tracing::warn!(target: "security", username = ?username, %client, retry_after_s, "password check refused: locked");
        return Err(AppError::TooManyRequests { retry_after_s });
    }
    // One attempt per username at a time: parallel guesses queue here and
    // each meets the count the ones before it left.
    let _turn = state.throttle.turn(username).await;
    let checker = tokio::time::timeout(CHECKER_WAIT, checkers().clone().acquire_owned())
        .await
        .map_err(|_| {
            tracing::warn!(target: "security", username = ?username, %client, "login refused: every password checker busy");
            AppError::Unavailable(
                "busy",
                "too many logins at once; try again in a moment".into(),
            )
        })?
        .expect("the semaphore is never closed");
    if let Err(retry_after_s) = state.throttle.attempt(username, client.0) {
        tracing::warn!(target: "security", username = ?username, %client, retry_after_s, "password check refused: locked");
        return Err(AppError::TooManyRequests { retry_after_s });
    }
    let known = state.config.counsellor(username).cloned();
    let lookup = username.to_string();
    let hash = match known {
        Some(_) => state.store.password_hash(lookup).await?,
        None => None,
    };
    // Argon2 takes tens of milliseconds of CPU: keep it off the async threads.
    let ok = auth::off_thread_holding(Some(checker), move || {
        auth::verify_password(hash.as_deref(), &password)
    })
    .await;
    let Some(account) = known.filter(|_| ok) else {
        tracing::warn!(target: "security", username = ?username, %client, "login failed: wrong username or password");
        return Err(AppError::Unauthorized(
            "invalid_credentials",
            "wrong username or password".into(),
        ));
    };
    state.throttle.succeeded(username, client.0);
    Ok(account)
}

/// Checks a password and opens a new session. Used by the API and by the
/// login form.
pub async fn open(
    state: &AppState,
    client: ClientAddr,
    username: String,
    password: String,
) -> AppResult<Opened> {
    let account = verify(state, client, &username, password).await?;
    let session_id = auth::random_token(32);
    let csrf_token = auth::random_token(32);
    let (id_hash, user, csrf) = (
        auth::hash_token(&session_id),
        username.clone(),
        csrf_token.clone(),
    );
    state
        .store
        .create_session(id_hash, user, csrf, crate::clock::now_ms())
        .await?;
    tracing::info!(target: "security", %username, %client, "logged in");
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
    client: ClientAddr,
    JsonBody(login): JsonBody<Login>,
) -> AppResult<Response> {
    let opened = open(&state, client, login.username, login.password).await?;
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
    state.store.delete_session(hash).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, cookie(&state, "", 0));
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

/// Who is logged in, with the CSRF token again (a reloaded page needs it).
pub async fn current(session: SessionAuth) -> Json<SessionInfo> {
    Json(info(&session.account, session.csrf_token))
}
