//! Routes nobody logs into: health, the visitor's status, and the live
//! events that display boards and pages listen to.

use std::{convert::Infallible, time::Duration};

use axum::{
    extract::{Path, State},
    http::header,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse,
    },
    Json,
};
use futures_util::{Stream, StreamExt};
use protocol::VisitorStatus;
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};

use super::AppState;
use crate::{
    error::{AppError, AppResult},
    store::{self, tickets},
};

pub async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

pub async fn visitor_status(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<impl IntoResponse> {
    let config = state.config.clone();
    let status: Option<VisitorStatus> = state
        .db
        .interact(move |conn| tickets::visitor_status(conn, &config, &token, store::now_ms()))
        .await?;
    let status = status.ok_or_else(|| AppError::not_found("ticket"))?;
    // The token is the visitor's only key: keep it out of caches and referrers.
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        Json(status),
    ))
}

/// Server-sent events for one site: `call`, `ticket`, `queue`, and `resync`
/// when this subscriber fell behind and should re-read what it shows.
pub async fn events(
    State(state): State<AppState>,
    Path(site): Path<String>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let rx = state
        .hub
        .subscribe(&site)
        .ok_or_else(|| AppError::not_found("site"))?;
    let mut closing = state.closing.subscribe();
    let stream = BroadcastStream::new(rx)
        .map(|item| {
            Ok(match item {
                Ok(e) => Event::default().event(e.name).data(&*e.data),
                Err(BroadcastStreamRecvError::Lagged(missed)) => Event::default()
                    .event("resync")
                    .data(format!("{{\"missed\":{missed}}}")),
            })
        })
        // End the stream when the server shuts down, so graceful shutdown is
        // not held open by display boards that never disconnect.
        .take_until(async move {
            let _ = closing.wait_for(|closing| *closing).await;
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
