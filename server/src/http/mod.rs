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
            catalog: Arc::new(
                Catalog::embedded().expect("the embedded translations parse (the tests check it)"),
            ),
            closing: Arc::new(watch::channel(false).0),
        }
    }
}

pub fn app(state: AppState) -> Router {
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
        .layer(axum::middleware::map_response(web::security_headers))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish and
/// ends the live event streams.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = state.closing.clone();
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async move {
            shutdown.await;
            closing.send_replace(true);
        })
        .await
}
