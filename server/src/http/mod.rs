//! The HTTP surface of API.md: every route listed in [`app`], served by
//! [`serve`] on a listener the caller binds (tests bind port 0).

mod counsellor;
pub mod extract;
mod kiosk;
mod public;
pub mod session;
mod stats;

use std::{future::Future, sync::Arc};

use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post, put},
    Router,
};
use tokio::{net::TcpListener, sync::watch};

use translations::Catalog;

use crate::{auth::LoginThrottle, config::Config, error::AppError, events::Hub, store::Db, web};

/// Bodies are small JSON objects; anything larger is a mistake or an attack.
const BODY_LIMIT: usize = 16 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub hub: Arc<Hub>,
    pub throttle: Arc<LoginThrottle>,
    /// Where visitors' phones reach this server, without a trailing slash.
    pub public_url: Arc<str>,
    pub secure_cookies: bool,
    /// How long a client may take to send its headers; a whole request may
    /// take three times as long.
    pub slow_client_timeout: std::time::Duration,
    /// Everything the pages say, in every language.
    pub catalog: Arc<Catalog>,
    /// Turns true when the server shuts down; live streams end then.
    pub closing: Arc<watch::Sender<bool>>,
}

impl AppState {
    pub fn new(config: Config, db: Db, public_url: String) -> AppState {
        let public_url = public_url.trim_end_matches('/').to_string();
        AppState {
            hub: Arc::new(Hub::new(&config)),
            config: Arc::new(config),
            db,
            throttle: Arc::new(LoginThrottle::default()),
            secure_cookies: public_url.starts_with("https://"),
            public_url: public_url.into(),
            slow_client_timeout: std::time::Duration::from_secs(10),
            catalog: Arc::new(
                Catalog::embedded().expect("the embedded translations parse (the tests check it)"),
            ),
            closing: Arc::new(watch::channel(false).0),
        }
    }
}

pub fn app(state: AppState) -> Router {
    let request_limit = state.slow_client_timeout * 3;
    Router::new()
        .route("/healthz", get(public::healthz))
        .route("/api/v1/kiosk/config", get(kiosk::config))
        .route("/api/v1/checkins", post(kiosk::checkin))
        .route(
            "/api/v1/session",
            post(session::login)
                .delete(session::logout)
                .get(session::current),
        )
        .route(
            "/api/v1/counsellor/status",
            put(counsellor::set_status).get(counsellor::get_status),
        )
        .route("/api/v1/counsellor/next", post(counsellor::next))
        .route("/api/v1/tickets/{id}/transfer", post(counsellor::transfer))
        .route("/api/v1/tickets/{id}/{action}", post(counsellor::act))
        .route("/api/v1/sites/{site}/queue", get(counsellor::queue))
        .route("/api/v1/sites/{site}/events", get(public::events))
        .route("/api/v1/status/{token}", get(public::visitor_status))
        .route("/api/v1/stats/footfall", get(stats::footfall))
        .merge(web::routes())
        .fallback(|| async { AppError::not_found("route") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            request_limit,
            deadline,
        ))
        .layer(axum::middleware::map_response(web::security_headers))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish and
/// ends the live event streams.
///
/// The accept loop is ours rather than `axum::serve` so that slow clients are
/// cut off: headers must arrive within `slow_client_timeout`, and a whole
/// request (body included) within three times that, so a slowloris holds
/// nothing for long and never starves the others.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = state.closing.clone();
    let header_timeout = state.slow_client_timeout;
    let service = hyper_util::service::TowerToHyperService::new(app(state));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait, do not spin.
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service.clone());
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    closing.send_replace(true);
    graceful.shutdown().await;
    Ok(())
}

/// Ends a request that takes too long to arrive, so a slow body cannot hold
/// a handler forever. Live event streams are not affected: their response
/// starts at once.
async fn deadline(
    axum::extract::State(limit): axum::extract::State<std::time::Duration>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => axum::response::IntoResponse::into_response(AppError::RequestTimeout),
    }
}
