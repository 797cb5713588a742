//! Booked visits: a counsellor books a time and gets the code to give the
//! resident; the site's list of a day; cancelling. Kiosks never list codes:
//! they only bring one with a check-in (`http::kiosk`).

use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    extract::{JsonBody, PathParam, QueryParams, SessionAuth},
    AppState,
};
use crate::clock::local_day;
use crate::footfall::parse_date;
use crate::{
    booking::{self, Refusal},
    config::Site,
    error::{AppError, AppResult},
    events::SiteEvent,
    store::appointments::{Appointment, NewAppointment},
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookRequest {
    at: DateTime<FixedOffset>,
    errand: String,
    #[serde(default)]
    counsellor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    site: Option<String>,
}

#[derive(Serialize)]
pub struct AppointmentList {
    appointments: Vec<Appointment>,
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        match r {
            Refusal::NotYours => AppError::Forbidden(
                "not_your_appointment",
                "counsellors book and cancel only their own visits".into(),
            ),
            Refusal::OtherSite => AppError::Forbidden(
                "other_site",
                "staff book only for counsellors of their own site".into(),
            ),
            Refusal::UnknownCounsellor => AppError::Unprocessable(
                "unknown_counsellor",
                "nobody of that name takes visitors".into(),
            ),
            Refusal::UnknownErrand => {
                AppError::Unprocessable("unknown_errand", "unknown errand".into())
            }
            Refusal::OutOfRange => AppError::Unprocessable(
                "invalid_time",
                format!(
                    "a visit can be booked from today up to {} days ahead",
                    booking::FURTHEST_AHEAD_DAYS
                ),
            ),
        }
    }
}

/// The site whose appointments `me` looks at: their own. Codes are a key
/// to a counsellor's time, so only staff without a site of their own, who
/// oversee every site, may name another.
fn site_of<'a>(
    state: &'a AppState,
    me: &crate::config::Counsellor,
    site: Option<String>,
) -> AppResult<&'a Site> {
    if !me.site.is_empty() && site.as_ref().is_some_and(|s| *s != me.site) {
        return Err(Refusal::OtherSite.into());
    }
    super::extract::SiteChoice { site }.of(&state.config, me)
}

/// `POST /api/v1/appointments`: `201` with the code to give the resident.
pub async fn book(
    State(state): State<AppState>,
    session: SessionAuth,
    JsonBody(request): JsonBody<BookRequest>,
) -> AppResult<(StatusCode, Json<Appointment>)> {
    let appointment = book_visit(
        &state,
        session.account,
        request.counsellor,
        request.at.timestamp_millis(),
        request.errand,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(appointment)))
}

/// Books a visit at `at` with `counsellor` (the caller unless named), as
/// `booking` allows, and tells the site's workstations. The API and the
/// workstation's form both book through here.
pub async fn book_visit(
    state: &AppState,
    me: crate::config::Counsellor,
    counsellor: Option<String>,
    at: i64,
    errand: String,
) -> AppResult<Appointment> {
    let config = &state.config;
    let counsellor = booking::counsellor_for(config, &me, counsellor.as_deref())?;
    if config.errand(&errand).is_none() {
        return Err(Refusal::UnknownErrand.into());
    }
    let site = config
        .site(&counsellor.site)
        .ok_or_else(|| AppError::not_found("site"))?;
    let now = crate::clock::now_ms();
    let day = |ms| -> AppResult<NaiveDate> {
        Ok(local_day(site.timezone, ms)
            .parse()
            .map_err(anyhow::Error::from)?)
    };
    booking::bookable(day(at)?, day(now)?)?;
    let appointment = state
        .store
        .book(NewAppointment {
            site: site.id.clone(),
            at,
            errand,
            counsellor: counsellor.username.clone(),
            by: me.username,
            now,
        })
        .await?;
    tracing::info!(site = %appointment.site, counsellor = %appointment.counsellor, "a visit was booked");
    state
        .store
        .publish(&appointment.site, vec![SiteEvent::appointment(None)]);
    Ok(appointment)
}

/// `GET /api/v1/appointments?date=YYYY-MM-DD`: the site's visits of a day
/// (today without a date), in time order.
pub async fn list(
    State(state): State<AppState>,
    session: SessionAuth,
    QueryParams(query): QueryParams<DayQuery>,
) -> AppResult<Json<AppointmentList>> {
    let site = site_of(&state, &session.account, query.site)?.clone();
    let day = match query.date {
        Some(date) => parse_date("date", &date)?.to_string(),
        None => local_day(site.timezone, crate::clock::now_ms()),
    };
    let appointments = state.store.appointments_of_day(site.id, day).await?;
    Ok(Json(AppointmentList { appointments }))
}

/// `DELETE /api/v1/appointments/{id}`: `200` with the cancelled visit; again,
/// the same. A visit whose visitor has arrived is `409`.
pub async fn cancel(
    State(state): State<AppState>,
    session: SessionAuth,
    PathParam(id): PathParam<String>,
) -> AppResult<Json<Appointment>> {
    let config = &state.config;
    let me = session.account;
    // Staff without a site of their own oversee every site.
    let sites: Vec<&Site> = match me.role {
        crate::config::Role::Counsellor => config.site(&me.site).into_iter().collect(),
        _ if !me.site.is_empty() => config.site(&me.site).into_iter().collect(),
        _ => config.sites.iter().collect(),
    };
    let mut cancelled = None;
    for site in sites {
        let found = state.store.appointment(site.id.clone(), id.clone()).await?;
        if let Some(found) = found {
            booking::may_cancel(&me, &found.counsellor, &site.id)?;
            cancelled = Some(
                state
                    .store
                    .cancel_appointment(site.id.clone(), id.clone())
                    .await?,
            );
            break;
        }
    }
    // Another site's visit is as unknown as one that does not exist.
    let (appointment, changed) = cancelled.ok_or_else(|| AppError::not_found("appointment"))?;
    if changed {
        state
            .store
            .publish(&appointment.site, vec![SiteEvent::appointment(None)]);
    }
    Ok(Json(appointment))
}
