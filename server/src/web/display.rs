//! The display board in the waiting room: the latest calls, number and desk
//! in very large type, the newest highlighted. Never the errand. The script
//! adds calls as they come, chimes, and plays the spoken call in Swedish and
//! then in the visitor's language, one after the other.

use crate::http::extract::{PathParam, QueryParams};
use axum::{extract::State, response::Response};
use maud::html;

use super::{layout, LangQuery, Texts};
use crate::{
    error::{AppError, AppResult},
    http::AppState,
};

/// How many calls the board shows.
const SHOWN: u32 = 7;

pub async fn page(
    State(state): State<AppState>,
    PathParam(site): PathParam<String>,
    QueryParams(lang): LangQuery,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    let name = state
        .config
        .site(&site)
        .ok_or_else(|| AppError::not_found("site"))?
        .name
        .clone();
    let site_id = site.clone();
    let calls = state
        .store
        .recent_calls(site_id, crate::clock::now_ms(), SHOWN)
        .await?;
    let (latest, earlier) = match calls.split_first() {
        Some((first, rest)) => (Some(first), rest),
        None => (None, &[][..]),
    };
    let body = html! {
        main.board data-site=(site) data-shown=(SHOWN) {
            p #stale.stale hidden { (t.get("display-stale")) }
            header {
                h1 { (name) }
                button #sound type="button" { (t.get("display-sound")) }
            }
            section.now {
                h2 { (t.get("display-now-calling")) }
                div #latest.call.latest hidden[latest.is_none()] {
                    span.number { (latest.map(|c| c.number.as_str()).unwrap_or("")) }
                    span.go { (t.get("display-go-to")) }
                    span.desk { (latest.map(|c| c.desk.as_str()).unwrap_or("")) }
                }
            }
            section.earlier {
                h2 { (t.get("display-earlier")) }
                ol #earlier {
                    @for call in earlier {
                        li.call { span.number { (call.number) } span.desk { (call.desk) } }
                    }
                }
            }
        }
    };
    Ok(axum::response::IntoResponse::into_response(layout(
        t.tag,
        &name,
        "display",
        "display.js",
        body,
    )))
}
