//! `GET /metrics`: who may scrape, and the figures of the moment read just
//! before the recorder renders them (see `crate::metrics`).

use axum::{
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
};

use crate::{
    auth,
    error::{AppError, AppResult},
    http::{extract::ClientAddr, AppState},
    metrics,
    store::{self, tickets},
};

/// Prometheus's text exposition format, version 0.0.4.
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn scrape(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
) -> AppResult<Response> {
    may_scrape(&state, client, &headers)?;
    let config = state.config.clone();
    let waiting = state
        .db
        .interact(move |conn| tickets::waiting_now(conn, &config, store::now_ms()))
        .await?;
    waiting.iter().for_each(metrics::now_waiting);
    for (site, public, staff) in state.hub.listening() {
        metrics::now_listening(site, "public", public);
        metrics::now_listening(site, "staff", staff);
    }
    Ok((
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        metrics::handle().render(),
    )
        .into_response())
}

/// Loopback needs nothing (a Prometheus or an admin on the server itself);
/// anyone else the configured token. Behind a trusted proxy the client is
/// the one the proxy names, so the proxy's own loopback address opens
/// nothing.
fn may_scrape(state: &AppState, client: ClientAddr, headers: &HeaderMap) -> AppResult<()> {
    if client.0.is_loopback() {
        return Ok(());
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // Compared as hashes, so the time taken says nothing about the token.
    match (&state.config.metrics_token, given) {
        (Some(token), Some(given)) if auth::hash_token(given) == auth::hash_token(token) => Ok(()),
        (_, Some(_)) => Err(AppError::Forbidden(
            "forbidden",
            "this metrics token is not the configured one".into(),
        )),
        (_, None) => Err(AppError::Unauthorized(
            "unauthorized",
            "/metrics answers loopback clients, and others with Authorization: Bearer <metrics_token>"
                .into(),
        )),
    }
}
