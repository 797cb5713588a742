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
    store::{tickets, Checkin},
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
    let errand = request.errand.clone();
    let (kiosk, outcome) = state
        .store
        .checkin(Checkin {
            token_hash: token.hash,
            request,
            public_url: state.public_url.clone(),
            brake: state.code_brake.clone(),
            now: crate::clock::now_ms(),
        })
        .await?;
    let site = kiosk.site;
    Ok(match outcome {
        tickets::CheckinOutcome::Created(response, events) => {
            crate::metrics::checked_in(&site, &errand);
            state.store.publish(&site, events);
            (StatusCode::CREATED, Json(response))
        }
        tickets::CheckinOutcome::Repeated(response, events) => {
            state.store.publish(&site, events);
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
    if state
        .kiosks
        .record(&kiosk.id, report, crate::clock::now_ms())
    {
        state.store.publish(&kiosk.site, vec![SiteEvent::kiosk()]);
    }
    Ok(StatusCode::NO_CONTENT)
}
