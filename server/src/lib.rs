//! Vägvisare's server: the one source of truth for tickets, routing,
//! counsellor actions and live events. `main.rs` only parses the command line;
//! everything it runs is here, so tests drive the same code.

pub mod auth;
pub mod backtest;
pub mod booking;
pub mod checkin;
pub mod cli;
pub mod clock;
pub mod config;
pub mod error;
pub mod estimate;
pub mod events;
pub mod footfall;
pub mod history;
pub mod http;
pub mod kiosk_health;
pub mod lifecycle;
pub mod metrics;
pub mod numbering;
pub mod router;
pub mod routing;
pub mod store;
pub mod ticket;
pub mod tls;
pub mod web;

pub use http::AppState;
pub use router::{app, serve};
