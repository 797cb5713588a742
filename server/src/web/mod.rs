//! The web side: the counsellor's workstation, the waiting room's display
//! board and the visitor's status page, rendered on the server (maud) in the
//! reader's language, with a little plain JavaScript for live updates.
//!
//! No script is inline, so the Content-Security-Policy (set in `router`)
//! allows scripts from this server only.

pub mod account;
pub mod assets;
pub mod booked;
pub mod dashboard;
pub mod display;
pub mod numbers;
pub mod overview;
pub mod speech;
pub mod status_page;
pub mod workstation;

use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use translations::{Args, Catalog};

use crate::http::extract::QueryParams;

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

pub type LangQuery = QueryParams<StaffLang>;

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

/// The refusal codes a person at the workstation or the dashboard can meet,
/// each said as a sentence (`error-<code>` in staff.ftl).
pub const REFUSALS: &[&str] = &[
    "not_your_ticket",
    "invalid_transition",
    "not_for_you",
    "unknown_errand",
    "no_counsellor_for_errand",
    "unknown_counsellor",
    "invalid_transfer",
    "not_found",
    "csrf_failed",
    "unauthorized",
    "too_many_attempts",
    "busy",
    "storage_unavailable",
    "invalid_time",
    "not_your_appointment",
    "appointment_arrived",
    "other_site",
    "invalid_period",
    "period_too_long",
    "invalid_date",
    "invalid_field",
    "no_codes_left",
    "reason_needed",
];

/// What went wrong, as a sentence in the page's language; a code without a
/// sentence of its own gets the general one.
pub fn refusal_text(t: &Texts, code: &str) -> String {
    let id = format!("error-{code}");
    if REFUSALS.contains(&code) && t.catalog.has_text(t.tag, &id) {
        t.get(&id)
    } else {
        t.get("error-unknown")
    }
}

pub fn refusal(t: &Texts, error: &crate::error::AppError) -> String {
    refusal_text(t, error.code())
}

/// Every refusal's sentence, for a page's script to show what the API said.
pub fn refusals_json(t: &Texts) -> String {
    let map: std::collections::BTreeMap<&str, String> = REFUSALS
        .iter()
        .map(|code| (*code, refusal_text(t, code)))
        .chain(std::iter::once(("unknown", t.get("error-unknown"))))
        .collect();
    serde_json::to_string(&map).expect("strings serialise")
}

/// An errand's name in the page's language.
pub fn errand_name(t: &Texts, id: &str) -> String {
    t.get(&format!("errand-{id}"))
}

/// A language by its own name, with its tag for staff who do not read it.
pub fn language_name(t: &Texts, tag: &str) -> String {
    format!("{} ({tag})", t.catalog.text(tag, "language-name"))
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
                // Deferred scripts run in order: the live events helper first.
                script src="/static/live.js" defer {}
                script src=(format!("/static/{script}")) defer {}
            }
            body class=(body_class) { (body) }
        }
    }
}
