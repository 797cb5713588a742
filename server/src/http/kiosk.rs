//! The kiosk's routes: its configuration, check-ins and health reports.

use axum::{extract::State, http::StatusCode, Json};
use protocol::{CheckinRequest, CheckinResponse, ErrandInfo, KioskConfig, SiteInfo};

use super::{
    extract::{JsonBody, KioskAuth, KioskToken},
    AppState,
};
use crate::{
    error::{AppError, AppResult},
    events::SiteEvent,
    kiosk_health, numbering,
    store::tickets,
};

pub async fn config(
    State(state): State<AppState>,
    KioskAuth { kiosk, slot }: KioskAuth,
) -> AppResult<Json<KioskConfig>> {
    let site = state
        .config
        .site(&kiosk.site)
        .ok_or_else(|| AppError::not_found("site"))?;
    Ok(Json(KioskConfig {
        kiosk: kiosk.id.clone(),
        site: SiteInfo {
            id: site.id.clone(),
            name: site.name.clone(),
        },
        errands: state
            .config
            .errands
            .iter()
            .map(|e| ErrandInfo {
                id: e.id.clone(),
                prefix: e.prefix.to_string(),
                icon: Some(e.icon.clone()),
                names: site
                    .languages
                    .iter()
                    .filter(|tag| state.catalog.has(tag))
                    .map(|tag| {
                        (
                            tag.clone(),
                            state.catalog.text(tag, &format!("errand-{}", e.id)),
                        )
                    })
                    .collect(),
            })
            .collect(),
        languages: site.languages.clone(),
        offline_numbers: numbering::offline_range(slot),
        retention_days: Some(state.config.retention_days),
        appointment_codes: Some(if site.appointment_codes_required {
            protocol::AppointmentCodes::Required
        } else {
            protocol::AppointmentCodes::Optional
        }),
    }))
}

/// `201` for a new ticket, `200` with the first answer for a repeat.
pub async fn checkin(
    State(state): State<AppState>,
    token: KioskToken,
    JsonBody(request): JsonBody<CheckinRequest>,
) -> AppResult<(StatusCode, Json<CheckinResponse>)> {
    let config = state.config.clone();
    let public_url = state.public_url.clone();
    let errand = request.errand.clone();
    let brake = state.code_brake.clone();
    let with_code = request.appointment_code.is_some();
    let (site, outcome) = state
        .db
        .interact(move |conn| {
            let KioskAuth { kiosk, slot } = token.check(conn, &config)?;
            let now = crate::clock::now_ms();
            if with_code && !tickets::is_known(conn, &request.id.to_string())? {
                brake.check(&kiosk.id, now).map_err(|retry_after_s| {
                    tracing::warn!(target: "security", kiosk = %kiosk.id, "a kiosk that sent wrong appointment codes must wait");
                    AppError::TooManyRequests { retry_after_s }
                })?;
            }
            let checkin = tickets::Checkin {
                kiosk: &kiosk,
                slot,
                request: &request,
                public_url: &public_url,
                now,
            };
            match tickets::checkin(conn, &config, checkin) {
                Ok(outcome) => Ok((kiosk.site, outcome)),
                Err(e) => {
                    if e.code() == protocol::UNKNOWN_APPOINTMENT_CODE {
                        // Never the code itself: a log is no place for it.
                        tracing::warn!(target: "security", kiosk = %kiosk.id, site = %kiosk.site, "a check-in brought an appointment code that is not booked");
                        brake.wrong(&kiosk.id, now);
                    }
                    Err(e)
                }
            }
        })
        .await?;
    Ok(match outcome {
        tickets::CheckinOutcome::Created(response, events) => {
            crate::metrics::checked_in(&site, &errand);
            state.hub.publish(&site, events);
            (StatusCode::CREATED, Json(response))
        }
        tickets::CheckinOutcome::Repeated(response, events) => {
            state.hub.publish(&site, events);
            (StatusCode::OK, Json(response))
        }
    })
}

/// `POST /api/v1/kiosk/health`: the kiosk's outbox and printer, sent every
/// minute and whenever the printer changes; `204`. When what staff should
/// hear changes, the site's workstations are told (`kiosk` on the staff
/// stream, with nothing in it: they fetch what to show).
pub async fn health(
    State(state): State<AppState>,
    KioskAuth { kiosk, .. }: KioskAuth,
    JsonBody(report): JsonBody<kiosk_health::Report>,
) -> AppResult<StatusCode> {
    if state.kiosks.record(&kiosk.id, report, crate::clock::now_ms()) {
        state.hub.publish(&kiosk.site, vec![SiteEvent::kiosk()]);
    }
    Ok(StatusCode::NO_CONTENT)
}
