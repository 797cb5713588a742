//! Routes nobody logs into (health, the visitor's status, the display
//! board's stream of calls) and the live streams of logged-in staff.
//!
//! Three streams, three audiences: the public one carries only calls; a
//! status page's stream is opened by its ticket's token and says only that
//! something changed; the staff stream, behind a login, carries everything
//! of the caller's own site.

use std::{collections::HashSet, convert::Infallible, time::Duration};

use axum::{
    extract::State,
    http::{header, HeaderMap},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse,
    },
    Json,
};
use futures_util::{Stream, StreamExt};
use protocol::VisitorStatus;
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};

use super::{
    extract::{PathParam, QueryParams, SessionAuth, SiteChoice},
    AppState,
};
use crate::{
    error::{AppError, AppResult},
    events::{Audience, Refused, SiteEvent, Subscription},
};

pub async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

pub async fn visitor_status(
    State(state): State<AppState>,
    PathParam(token): PathParam<String>,
) -> AppResult<impl IntoResponse> {
    let status: Option<VisitorStatus> = state
        .store
        .visitor_status(token, crate::clock::now_ms())
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

type Events = std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>>;
type EventStream = Sse<axum::response::sse::KeepAliveStream<Events>>;

fn refusal(refused: Refused) -> AppError {
    match refused {
        Refused::UnknownSite => AppError::not_found("site"),
        Refused::Full => AppError::Unavailable(
            "too_many_listeners",
            "too many live streams are open at this site; try again later".into(),
        ),
    }
}

fn subscribe(state: &AppState, site: &str, audience: Audience) -> AppResult<Subscription> {
    state.hub.subscribe(site, audience).map_err(refusal)
}

/// A subscription as server-sent events, each passed through `map` (which
/// may drop it). Ends when the server shuts down, so graceful shutdown is
/// not held open by boards that never disconnect; holds its place among the
/// site's listeners until then.
fn stream(
    state: &AppState,
    subscription: Subscription,
    first: Vec<Event>,
    map: impl Fn(SiteEvent) -> Option<Event> + Send + 'static,
) -> EventStream {
    let Subscription { events, permit } = subscription;
    let mut closing = state.closing.subscribe();
    let first = futures_util::stream::iter(first.into_iter().map(Ok));
    let stream = first
        .chain(BroadcastStream::new(events).filter_map(move |item| {
            let event = match item {
                Ok(e) => map(e),
                Err(BroadcastStreamRecvError::Lagged(missed)) => Some(
                    Event::default()
                        .event("resync")
                        .data(format!("{{\"missed\":{missed}}}")),
                ),
            };
            let _held = &permit;
            std::future::ready(event.map(Ok))
        }))
        .take_until(async move {
            let _ = closing.wait_for(|closing| *closing).await;
        });
    let stream: Events = Box::pin(stream);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn as_is(e: SiteEvent) -> Option<Event> {
    let event = Event::default().event(e.name).data(&*e.data);
    Some(match e.id {
        Some(id) => event.id(id.to_string()),
        None => event,
    })
}

/// The display board's stream: `call` (number, desk, how many calls, and the
/// spoken call's opaque reference), and `resync` when this subscriber fell
/// behind. Nothing else: no errand, no language, no other ticket's status.
///
/// Each call's SSE id is its entry in the trail, and every stream starts by
/// saying where the trail stands (`position`, with that id). A board that
/// reconnects (after a restart of the server, a dropped network) names the
/// last id it heard, as `Last-Event-ID` (browsers send it by themselves) or
/// as `?after=` (a new `EventSource` after a refusal), and first gets today's
/// visitors called since then and still on their way, so a visitor called
/// meanwhile still sees and hears their number. The stream is subscribed
/// before they are read, so nothing falls between; a call both replayed and
/// heard live (another server instance's events arrive a moment late) is
/// sent once, and the board would skip a second with the same id anyway.
pub async fn events(
    State(state): State<AppState>,
    PathParam(site): PathParam<String>,
    QueryParams(resume): QueryParams<Resume>,
    headers: HeaderMap,
) -> AppResult<EventStream> {
    let subscription = subscribe(&state, &site, Audience::Public)?;
    let last_heard = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(resume.after);
    let (missed, position) = state
        .store
        .calls_since(site, last_heard, crate::clock::now_ms())
        .await?;
    let mut first: Vec<Event> = missed
        .iter()
        .filter_map(|(seq, call)| as_is(SiteEvent::call(call, *seq)))
        .collect();
    first.push(
        Event::default()
            .event("position")
            .id(position.to_string())
            .data("{}"),
    );
    let replayed: HashSet<i64> = missed.iter().map(|(seq, _)| *seq).collect();
    Ok(stream(&state, subscription, first, move |e| match e.id {
        Some(id) if replayed.contains(&id) => None,
        _ => as_is(e),
    }))
}

/// `?after=`: the id of the last call a board heard.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resume {
    after: Option<i64>,
}

/// A status page's stream: `changed`, without content, whenever something
/// at the ticket's site changed, so the page re-reads its own status. Only
/// the holder of a valid token can open it, and it tells them nothing about
/// anyone else.
pub async fn status_events(
    State(state): State<AppState>,
    PathParam(token): PathParam<String>,
) -> AppResult<EventStream> {
    let site = state
        .store
        .token_site(token, crate::clock::now_ms())
        .await?
        .ok_or_else(|| AppError::not_found("ticket"))?;
    let subscription = state.hub.subscribe_status(&site).map_err(refusal)?;
    // Only what moves tickets: a help request or an alarm is none of a
    // status page's business, not even as a ping.
    Ok(stream(&state, subscription, Vec::new(), |e| {
        matches!(e.name, "ticket" | "queue" | "call")
            .then(|| Event::default().event("changed").data("{}"))
    }))
}

/// The staff stream: every event of a site (`call`, `ticket`, `queue`,
/// `help`, `alarm`, `ack`, `resync`). Counsellors hear their own site;
/// staff and admins name one with `?site=`.
pub async fn staff_events(
    State(state): State<AppState>,
    session: SessionAuth,
    QueryParams(choice): QueryParams<SiteChoice>,
) -> AppResult<EventStream> {
    let site = choice.of(&state.config, &session.account)?.id.clone();
    let subscription = subscribe(&state, &site, Audience::Staff)?;
    Ok(stream(&state, subscription, Vec::new(), as_is))
}
