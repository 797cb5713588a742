//! `GET /metrics`: who may scrape, and the figures of the moment read just
//! before the recorder renders them (see `crate::metrics`).

use axum::{
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    Extension,
};

use crate::{
    auth,
    error::{AppError, AppResult},
    http::{extract::Peer, AppState},
    metrics,
};

/// Prometheus's text exposition format, version 0.0.4.
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn scrape(
    State(state): State<AppState>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
) -> AppResult<Response> {
    may_scrape(&state, peer.map(|Extension(p)| p), &headers)?;
    let waiting = state.store.waiting_now(crate::clock::now_ms()).await?;
    waiting.iter().for_each(metrics::now_waiting);
    let now = crate::clock::now_ms();
    for kiosk in &state.config.kiosks {
        if let Some(h) = state.kiosks.get(&kiosk.id) {
            let no_printer = h.report.printer == protocol::PrinterState::None;
            let age_s = (now - h.at).max(0) as u64 / 1000;
            metrics::now_kiosk(&kiosk.id, age_s, h.report.outbox, no_printer || h.prints());
        }
    }
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

/// A client on this machine needs nothing (a Prometheus or an admin on the
/// server itself); anyone else the configured token. "On this machine"
/// means the connection itself comes from loopback and not through a
/// trusted proxy: whatever a proxy forwards, and whatever its
/// `X-Forwarded-For` says, needs the token.
fn may_scrape(state: &AppState, peer: Option<Peer>, headers: &HeaderMap) -> AppResult<()> {
    let trusted = &state.config.trusted_proxies;
    let local = peer.is_some_and(|Peer(p)| {
        let ip = p.ip().to_canonical();
        ip.is_loopback() && !trusted.iter().any(|t| t.to_canonical() == ip)
    });
    if local {
        return Ok(());
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // Compared as hashes, so the time taken says nothing about the token.
    match (&state.config.metrics_token, given) {
        (Some(token), Some(given)) if auth::hash_token(given) == auth::hash_token(token) => Ok(()),
        // Its own code, so the request log puts each wrong guess in the
        // security log with the client's address.
        (_, Some(_)) => Err(AppError::Forbidden(
            "wrong_metrics_token",
            "this metrics token is not the configured one".into(),
        )),
        (_, None) => Err(AppError::Unauthorized(
            "metrics_token_needed",
            "/metrics answers clients on this machine, and others with Authorization: Bearer <metrics_token>"
                .into(),
        )),
    }
}
