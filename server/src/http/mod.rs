//! The JSON API of API.md: its handlers, who may call them (`extract`), and
//! the state they share. Every route, the web pages' included, is listed in
//! `router`.

pub mod accounts;
pub mod alerts;
pub mod appointments;
pub mod counsellor;
pub mod extract;
pub mod kiosk;
pub mod monitoring;
pub mod public;
pub mod session;
pub mod stats;

use std::sync::Arc;

use tokio::sync::watch;

use translations::Catalog;

use crate::{
    auth::LoginThrottle,
    config::Config,
    events::Hub,
    store::{self, DbTarget, Store},
};

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Arc<dyn Store>,
    /// Live events to this instance's screens; publish through the store,
    /// which reaches every instance's.
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
    /// Set when the server serves HTTPS itself.
    pub tls: Option<Arc<crate::tls::Certificates>>,
    /// What each kiosk last said about itself.
    pub kiosks: Arc<crate::kiosk_health::Kiosks>,
    /// Slows kiosks that send wrong appointment codes.
    pub code_brake: Arc<crate::booking::CodeBrake>,
}

impl AppState {
    /// Opens the store at `target` and sets up everything around it.
    pub async fn open(
        config: Config,
        target: &DbTarget,
        public_url: String,
    ) -> anyhow::Result<AppState> {
        let config = Arc::new(config);
        let hub = Arc::new(Hub::new(&config, config.limits.listeners_per_site));
        let store = store::open(target, config.clone(), hub.clone()).await?;
        Ok(AppState::new(config, hub, store, public_url))
    }

    /// `hub` must be the one `store` publishes to.
    pub fn new(
        config: Arc<Config>,
        hub: Arc<Hub>,
        store: Arc<dyn Store>,
        public_url: String,
    ) -> AppState {
        // Before anything is counted: figures recorded earlier would be lost.
        crate::metrics::handle();
        let public_url = public_url.trim_end_matches('/').to_string();
        AppState {
            hub,
            config,
            store,
            throttle: Arc::new(LoginThrottle::default()),
            secure_cookies: public_url.starts_with("https://"),
            public_url: public_url.into(),
            slow_client_timeout: std::time::Duration::from_secs(10),
            catalog: Arc::new(
                Catalog::embedded().expect("the embedded translations parse (the tests check it)"),
            ),
            closing: Arc::new(watch::channel(false).0),
            tls: None,
            kiosks: Arc::default(),
            code_brake: Arc::default(),
        }
    }
}

impl AppState {
    /// The session cookie's name: `__Host-` whenever cookies are `Secure`.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            extract::SECURE_SESSION_COOKIE
        } else {
            extract::SESSION_COOKIE
        }
    }
}
