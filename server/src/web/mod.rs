//! The web side: the counsellor's workstation, the waiting room's display
//! board and the visitor's status page, rendered on the server (maud) in the
//! reader's language, with a little plain JavaScript for live updates.
//!
//! No script is inline, so the Content-Security-Policy allows scripts from
//! this server only; every response carries the security headers.

mod assets;
mod dashboard;
mod display;
pub mod speech;
mod status_page;
mod workstation;

use axum::{
    extract::Query,
    http::{header, HeaderValue},
    response::Response,
    routing::get,
    Router,
};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use translations::{Args, Catalog};

use crate::http::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(workstation::page).post(workstation::login))
        .route("/workstation/panel", get(workstation::panel))
        .route("/dashboard", get(dashboard::page))
        .route("/display/{site}", get(display::page))
        .route("/t/{token}", get(status_page::page))
        .route("/static/{name}", get(assets::file))
        .route("/api/v1/speech", get(speech::speak))
}

/// Security headers for every response, pages and API alike.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set =
        |headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
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
    response
}

/// The staff pages' language: Swedish, or English on request (`?lang=en`).
#[derive(Debug, Default, Deserialize)]
pub struct StaffLang {
    lang: Option<String>,
}

impl StaffLang {
    pub fn tag(&self) -> &'static str {
        match self.lang.as_deref() {
            Some("en") => "en",
            _ => "sv",
        }
    }
}

pub type LangQuery = Query<StaffLang>;

/// Formats messages of one language.
pub struct Texts<'a> {
    pub catalog: &'a Catalog,
    pub tag: &'a str,
}

impl Texts<'_> {
    pub fn get(&self, id: &str) -> String {
        self.catalog.text(self.tag, id)
    }

    pub fn with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent = Args::new();
        for (name, value) in args {
            match value {
                Arg::Num(n) => fluent.set(*name, *n),
                Arg::Str(s) => fluent.set(*name, s.clone()),
            }
        }
        self.catalog.text_with(self.tag, id, &fluent)
    }
}

pub enum Arg {
    Num(i64),
    Str(String),
}

/// The frame of every page: language, direction, the stylesheet and the
/// page's own script.
pub fn layout(tag: &str, title: &str, body_class: &str, script: &str, body: Markup) -> Markup {
    let dir = if translations::is_rtl(tag) {
        "rtl"
    } else {
        "ltr"
    };
    html! {
        (DOCTYPE)
        html lang=(tag) dir=(dir) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/style.css";
                script src=(format!("/static/{script}")) defer {}
            }
            body class=(body_class) { (body) }
        }
    }
}
