//! What counsellors do: say whether they are available, call the next
//! visitor, act on the visitor in front of them, and look at the queue.

use super::extract::PathParam;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use protocol::Ticket;
use serde::{Deserialize, Serialize};

use super::{
    extract::{CounsellorAuth, JsonBody, SessionAuth},
    AppState,
};
use crate::{
    config::{Counsellor, Role},
    error::{AppError, AppResult},
    lifecycle::Action,
    store::counsellors::Availability,
    ticket::TransferTo,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    status: Availability,
}

/// A counsellor's own state, for their page.
#[derive(Serialize)]
pub struct MyStatus {
    status: Availability,
    site: String,
    desk: String,
    /// Tickets this counsellor has called and not finished.
    holding: Vec<Ticket>,
}

#[derive(Serialize)]
pub struct TicketBody {
    ticket: Ticket,
}

async fn my_status(
    state: &AppState,
    me: Counsellor,
    change: Option<Availability>,
) -> AppResult<Json<MyStatus>> {
    let now = crate::clock::now_ms();
    if let Some(status) = change {
        state
            .store
            .set_availability(me.username.clone(), status, now)
            .await?;
    }
    Ok(Json(MyStatus {
        status: state.store.availability(me.username.clone(), None).await?,
        holding: state.store.held_by(me.clone(), now).await?,
        site: me.site,
        desk: me.desk,
    }))
}

pub async fn get_status(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
) -> AppResult<Json<MyStatus>> {
    my_status(&state, me, None).await
}

pub async fn set_status(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
    JsonBody(change): JsonBody<StatusChange>,
) -> AppResult<Json<MyStatus>> {
    my_status(&state, me, Some(change.status)).await
}

/// `200 {"ticket"}` with the visitor now called, or `204` when nobody waits
/// for this counsellor.
pub async fn next(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
) -> AppResult<Response> {
    let site = me.site.clone();
    let acted = state.store.call_next(me, crate::clock::now_ms()).await?;
    Ok(match acted {
        Some(acted) => {
            crate::metrics::called(&site, &acted.ticket.errand);
            state.store.publish(&site, acted.events);
            Json(TicketBody {
                ticket: acted.ticket,
            })
            .into_response()
        }
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    reason: crate::lifecycle::CallReason,
}

/// `POST /api/v1/tickets/{id}/call` `{"reason": "booked" | "interpreter" |
/// "returning" | "other"}`: calls this visitor now, whoever is next.
pub async fn call(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
    PathParam(id): PathParam<String>,
    JsonBody(request): JsonBody<CallRequest>,
) -> AppResult<Json<TicketBody>> {
    let site = me.site.clone();
    let acted = state
        .store
        .call_chosen(me, id, request.reason, crate::clock::now_ms())
        .await?;
    crate::metrics::called(&site, &acted.ticket.errand);
    state.store.publish(&site, acted.events);
    Ok(Json(TicketBody {
        ticket: acted.ticket,
    }))
}

pub async fn act(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
    PathParam((id, action)): PathParam<(String, String)>,
) -> AppResult<Json<TicketBody>> {
    let action = Action::from_path(&action).ok_or_else(|| AppError::not_found("action"))?;
    let site = me.site.clone();
    let acted = state
        .store
        .act(me, id, action, crate::clock::now_ms())
        .await?;
    state.store.publish(&site, acted.events);
    Ok(Json(TicketBody {
        ticket: acted.ticket,
    }))
}

/// `{"errand": "study"}` or `{"counsellor": "anna"}`: exactly one of them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    errand: Option<String>,
    counsellor: Option<String>,
}

pub async fn transfer(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
    PathParam(id): PathParam<String>,
    JsonBody(request): JsonBody<TransferRequest>,
) -> AppResult<Json<TicketBody>> {
    let to = match (request.errand, request.counsellor) {
        (Some(errand), None) => TransferTo::Errand(errand),
        (None, Some(counsellor)) => TransferTo::Counsellor(counsellor),
        _ => {
            return Err(AppError::Unprocessable(
                "invalid_transfer",
                "give exactly one of \"errand\" and \"counsellor\"".into(),
            ))
        }
    };
    let site = me.site.clone();
    let acted = state
        .store
        .transfer(me, id, to, crate::clock::now_ms())
        .await?;
    state.store.publish(&site, acted.events);
    Ok(Json(TicketBody {
        ticket: acted.ticket,
    }))
}

#[derive(Serialize)]
pub struct Queue {
    waiting: Vec<Ticket>,
}

/// A site's queue. It holds no personal data, and the order being visible to
/// staff is part of what makes it fair; still, counsellors read only their
/// own site's (staff and admins, who oversee every site, any).
pub async fn queue(
    State(state): State<AppState>,
    session: SessionAuth,
    PathParam(site): PathParam<String>,
) -> AppResult<Json<Queue>> {
    let me = session.account;
    if state.config.site(&site).is_none() {
        return Err(AppError::not_found("site"));
    }
    if me.role == Role::Counsellor && me.site != site {
        return Err(AppError::Forbidden(
            "other_site",
            "counsellors read only their own site's queue".into(),
        ));
    }
    let waiting = state.store.queue(site, crate::clock::now_ms()).await?;
    Ok(Json(Queue { waiting }))
}
