//! The page a ticket's QR code opens on the visitor's phone, in the ticket's
//! language: number, people ahead and the wait, "your turn — go to Rum 3"
//! when called. No cookies, nothing about the visitor but the ticket.

use crate::http::extract::{PathParam, QueryParams};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use maud::{html, Markup};
use protocol::{TicketStatus, VisitorStatus};
use serde::Deserialize;

use super::{layout, Arg, Texts};
use crate::{error::AppResult, http::AppState};

#[derive(Deserialize)]
pub struct Fragment {
    /// Only the changing part, for the page's script.
    #[serde(default)]
    fragment: bool,
}

fn status_markup(t: &Texts, status: Option<&VisitorStatus>) -> Markup {
    let Some(s) = status else {
        return html! { p.message { (t.get("status-unknown")) } };
    };
    let desk = s.desk.clone().unwrap_or_default();
    html! {
        p.label { (t.get("your-number")) }
        p.number { (s.number) }
        @match s.status {
            TicketStatus::Waiting => {
                p { (t.with("people-ahead", &[("count", Arg::Num(s.people_ahead.into()))])) }
                @if let Some(w) = s.estimated_wait_min {
                    p.wait { (t.with("estimated-wait", &[("low", Arg::Num(w.low.into())), ("high", Arg::Num(w.high.into()))])) }
                }
            }
            TicketStatus::Called => p.turn role="alert" { (t.with("your-turn", &[("desk", Arg::Str(desk))])) },
            TicketStatus::Serving => p.message { (t.with("status-serving", &[("desk", Arg::Str(desk))])) },
            TicketStatus::Done => p.message { (t.get("status-done")) },
            TicketStatus::NoShow => p.message { (t.get("status-no-show")) },
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    PathParam(token): PathParam<String>,
    QueryParams(q): QueryParams<Fragment>,
) -> AppResult<Response> {
    let lookup = token.clone();
    let status = state
        .store
        .visitor_status(lookup, crate::clock::now_ms())
        .await?;
    let tag = status
        .as_ref()
        .map(|s| s.language.clone())
        .unwrap_or_else(|| translations::SOURCE.to_string());
    let t = Texts {
        catalog: &state.catalog,
        tag: &tag,
    };
    let code = if status.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let inner = status_markup(&t, status.as_ref());
    let markup = if q.fragment {
        inner
    } else {
        // Only a live ticket's page listens for changes.
        let live = status.is_some().then_some(&token);
        layout(
            &tag,
            &t.get("status-title"),
            "visitor",
            "status.js",
            html! {
                main.status data-token=[live] {
                    h1 { (t.get("status-title")) }
                    div #status aria-live="polite" { (inner) }
                    p #stale.stale hidden { (t.get("status-reconnecting")) }
                }
            },
        )
    };
    // The token in the address is the visitor's key: never pass it on.
    Ok((
        code,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        markup,
    )
        .into_response())
}
