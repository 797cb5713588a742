//! Every route of the server in one list ([`routes`]), the layers every
//! response passes through ([`app`]), the request log, and the accept loop
//! ([`serve`]) with its limits on slow and on too many connections.

use std::{
    collections::HashMap,
    convert::Infallible,
    future::Future,
    net::IpAddr,
    sync::{Arc, Mutex, OnceLock},
    time::{Duration, Instant},
};

use axum::{
    body::Body,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{header, HeaderMap, HeaderValue},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{delete, get, post, put},
    Router,
};
use tokio::net::TcpListener;
use tower::{util::BoxCloneSyncService, ServiceBuilder, ServiceExt};

use crate::{
    config::Limits,
    error::{AppError, ErrorCode},
    http::{
        accounts, alerts, appointments, counsellor,
        extract::{ClientAddr, Peer},
        kiosk, monitoring, public, session, stats, AppState,
    },
    web::{
        account, assets, booked, dashboard, display, overview, speech, status_page, workstation,
    },
};

/// Bodies are small JSON objects; anything larger is a mistake or an attack.
const BODY_LIMIT: usize = 16 * 1024;

/// Every route, API and pages alike.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(public::healthz))
        .route("/metrics", get(monitoring::scrape))
        // Kiosks.
        .route("/api/v1/kiosk/config", get(kiosk::config))
        .route("/api/v1/checkins", post(kiosk::checkin))
        .route("/api/v1/kiosk/help", post(alerts::help))
        .route("/api/v1/kiosk/health", post(kiosk::health))
        // Counsellors and staff.
        .route(
            "/api/v1/session",
            post(session::login)
                .delete(session::logout)
                .get(session::current),
        )
        .route("/api/v1/account/password", put(accounts::change_password))
        .route(
            "/api/v1/accounts/{username}/setup-link",
            post(accounts::setup_link),
        )
        .route(
            "/api/v1/counsellor/status",
            put(counsellor::set_status).get(counsellor::get_status),
        )
        .route("/api/v1/counsellor/next", post(counsellor::next))
        .route("/api/v1/tickets/{id}/transfer", post(counsellor::transfer))
        .route("/api/v1/tickets/{id}/call", post(counsellor::call))
        .route("/api/v1/tickets/{id}/{action}", post(counsellor::act))
        .route("/api/v1/sites/{site}/queue", get(counsellor::queue))
        .route("/api/v1/staff/events", get(public::staff_events))
        .route("/api/v1/alarm", post(alerts::alarm))
        .route(
            "/api/v1/appointments",
            get(appointments::list).post(appointments::book),
        )
        .route("/api/v1/appointments/{id}", delete(appointments::cancel))
        .route("/api/v1/alerts", get(alerts::list))
        .route("/api/v1/alerts/{id}/ack", post(alerts::acknowledge))
        .route("/api/v1/stats/footfall", get(stats::footfall))
        // The public: the waiting room and the visitor's phone.
        .route("/api/v1/sites/{site}/events", get(public::events))
        .route("/api/v1/status/{token}", get(public::visitor_status))
        .route("/api/v1/status/{token}/events", get(public::status_events))
        .route("/api/v1/speech/{call}", get(speech::speak))
        // Pages.
        .route("/", get(workstation::page).post(workstation::login))
        .route("/workstation/panel", get(workstation::panel))
        .route("/workstation/alerts", get(workstation::alerts))
        .route(
            "/workstation/appointments",
            get(booked::section).post(booked::book),
        )
        .route("/appointments/{id}/slip", get(booked::slip))
        .route("/dashboard", get(dashboard::page))
        .route("/overview", get(overview::page))
        .route("/overview/panel", get(overview::panel))
        .route("/account", get(account::page))
        .route("/setup/{token}", get(account::setup).post(account::set_up))
        .route("/display/{site}", get(display::page))
        .route("/t/{token}", get(status_page::page))
        .route("/static/{name}", get(assets::file))
        .fallback(|| async { AppError::not_found("route") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        // After the fallbacks, so that a 405 names its route too.
        .route_layer(middleware::from_fn(note_route))
}

/// Where the router tells the request log which route matched: the
/// pattern (`/t/{token}`), never the path, which may hold a token.
#[derive(Clone, Default)]
struct RouteSlot(Arc<OnceLock<MatchedPath>>);

/// Inside the router, where the matched route is known.
async fn note_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(route)) = (
        request.extensions().get::<RouteSlot>(),
        request.extensions().get::<MatchedPath>(),
    ) {
        let _ = slot.0.set(route.clone());
    }
    next.run(request).await
}

/// The whole server as one service. The layers wrap the router from outside
/// (rather than `Router::layer`) so that axum still sets `Allow` on a 405.
pub type App = BoxCloneSyncService<Request, Response, Infallible>;

pub fn app(state: AppState) -> App {
    let request_limit = state.slow_client_timeout * 3;
    let https = state.secure_cookies;
    let trusted = Arc::new(state.config.trusted_proxies.clone());
    let service = ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(trusted, log_request))
        .layer(middleware::map_response_with_state(https, security_headers))
        .layer(middleware::from_fn_with_state(request_limit, deadline))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .service(routes().with_state(state));
    BoxCloneSyncService::new(service)
}

/// Security headers for every response, pages and API alike.
async fn security_headers(State(https): State<bool>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; \
         connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    // Same-origin, not no-referrer, everywhere but the status page: with
    // no-referrer browsers send "Origin: null" on form posts, and the login
    // form's cross-site check needs the real origin.
    set(headers, header::REFERRER_POLICY, "same-origin");
    // Nothing is cached unless it says so itself (the stylesheet, scripts,
    // the chime and spoken calls do): what a logged-in page or answer shows
    // must not stay behind in a shared or public browser.
    set(headers, header::CACHE_CONTROL, "no-store");
    if https {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// Refusals that were already logged where they arose, with the username.
const LOGGED_WHERE_REFUSED: [&str; 6] = [
    "too_many_attempts",
    "invalid_credentials",
    "csrf_failed",
    "forbidden",
    "wrong_password",
    "cross_site_login",
];

/// Writes the request log's line (target `request`) for every request, and
/// puts every other refusal of a credential or a permission (401, 403, 429),
/// and of a live stream for want of room (503), in the security log, with
/// the client's address. Someone merely not
/// logged in (`unauthorized`) is not worth a line. Paths that carry a
/// visitor's or a set-up token are not written out.
async fn log_request(
    State(trusted): State<Arc<Vec<IpAddr>>>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let client = ClientAddr::from_request(request.extensions(), request.headers(), &trusted);
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    // One line per request, for journald: the route's pattern, never the
    // path or the query (a status link's token is in its path). A live
    // stream's line is written when its response starts.
    let route = slot.0.get().map_or("unmatched", |r| r.as_str());
    let took = started.elapsed();
    tracing::info!(
        target: "request",
        %method,
        route,
        status,
        ms = took.as_secs_f64() * 1e3,
        "request"
    );
    crate::metrics::answered(method.as_str(), route, status, took);
    if matches!(status, 401 | 403 | 429 | 503) {
        let code = response.extensions().get::<ErrorCode>().map_or("", |c| c.0);
        let refused_for_load = matches!(code, "too_many_listeners");
        let counted = status != 503 || refused_for_load;
        if counted && code != "unauthorized" && !LOGGED_WHERE_REFUSED.contains(&code) {
            let secret = ["/t/", "/api/v1/status/", "/setup/"]
                .iter()
                .any(|p| path.starts_with(p));
            let path = if secret {
                "(a path with a token)"
            } else {
                path.as_str()
            };
            tracing::warn!(target: "security", %client, %method, path, status, code, "refused");
        }
    }
    response
}

/// Ends a request that takes too long to arrive, so a slow body cannot hold
/// a handler forever. Live event streams are not affected: their response
/// starts at once.
async fn deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::RequestTimeout.into_response(),
    }
}

/// Counts open connections, overall and per client address.
struct Gate {
    limits: Limits,
    trusted: Vec<IpAddr>,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// One admitted connection; leaving frees its place.
struct Admitted {
    gate: Arc<Gate>,
    address: IpAddr,
}

impl Gate {
    /// Admits a connection from `address` (an [`crate::auth::address_key`]),
    /// or says why not.
    fn admit(self: &Arc<Self>, address: IpAddr) -> Result<Admitted, &'static str> {
        let mut open = self.open.lock().expect("gate lock");
        if open.0 >= self.limits.connections {
            return Err("too many connections");
        }
        let mine = open.1.entry(address).or_default();
        let trusted = self.trusted.iter().any(|t| t.to_canonical() == address);
        if *mine >= self.limits.connections_per_address && !trusted {
            return Err("too many connections from one address");
        }
        *mine += 1;
        open.0 += 1;
        Ok(Admitted {
            gate: self.clone(),
            address,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.gate.open.lock().expect("gate lock");
        open.0 -= 1;
        if let Some(n) = open.1.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                open.1.remove(&self.address);
            }
        }
    }
}

/// Serves until `shutdown` resolves, then lets requests in flight finish and
/// ends the live event streams.
///
/// The accept loop is ours rather than `axum::serve` so that slow clients are
/// cut off (headers must arrive within `slow_client_timeout`, a whole request
/// within three times that) and so that no client address can hold more than
/// its share of connections: one that tries is closed at once, and the
/// kiosks' and counsellors' connections still find room.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = state.closing.clone();
    let header_timeout = state.slow_client_timeout;
    let gate = Arc::new(Gate {
        limits: state.config.limits,
        trusted: state.config.trusted_proxies.clone(),
        open: Mutex::new((0, HashMap::new())),
    });
    let tls = state
        .tls
        .as_ref()
        .map(|certificates| certificates.acceptor());
    let app = app(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let mut last_refusal_logged: Option<tokio::time::Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, do not spin.
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let admitted = match gate.admit(crate::auth::address_key(peer.ip())) {
            Ok(admitted) => admitted,
            Err(why) => {
                // Closed at once; logged at most once a second, since a
                // flood would otherwise flood the log too.
                let now = tokio::time::Instant::now();
                if last_refusal_logged.is_none_or(|t| now - t >= Duration::from_secs(1)) {
                    tracing::warn!(target: "security", client = %peer.ip(), "connection refused: {why}");
                    last_refusal_logged = Some(now);
                }
                drop(stream);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service =
            app.clone()
                .map_request(move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(Peer(peer));
                    request.map(Body::new)
                });
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            let ended = match tls {
                None => {
                    watcher
                        .watch(connection(stream, service, header_timeout))
                        .await
                }
                // The handshake counts as part of the headers: a client that
                // stalls in it is cut off like one that stalls after it.
                Some(tls) => match tokio::time::timeout(header_timeout, tls.accept(stream)).await {
                    Ok(Ok(stream)) => {
                        watcher
                            .watch(connection(stream, service, header_timeout))
                            .await
                    }
                    Ok(Err(e)) => {
                        tracing::debug!(error = %e, "TLS handshake failed");
                        Ok(())
                    }
                    Err(_) => Ok(()),
                },
            };
            if let Err(e) = ended {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(admitted);
        });
    }
    closing.send_replace(true);
    graceful.shutdown().await;
    Ok(())
}

/// One HTTP/1.1 connection, over plain TCP or TLS.
fn connection<S, T>(
    stream: S,
    service: T,
    header_timeout: Duration,
) -> hyper::server::conn::http1::Connection<
    hyper_util::rt::TokioIo<S>,
    hyper_util::service::TowerToHyperService<T>,
>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    T: tower::Service<
            hyper::Request<hyper::body::Incoming>,
            Response = Response,
            Error = Infallible,
        > + Clone
        + Send
        + 'static,
    T::Future: Send + 'static,
{
    hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(
            hyper_util::rt::TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        )
}
