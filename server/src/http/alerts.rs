//! Alerts: a visitor at a kiosk asks for help, a counsellor raises the alarm.
//! Both reach every workstation of the site at once through the staff
//! stream; nothing of either is ever public. An alarm is also POSTed to the
//! site's `alarm_webhook`, with retries, off the request's path.

use std::time::Duration;

use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    extract::{
        CounsellorAuth, JsonBody, KioskToken, PathParam, QueryParams, SessionAuth, SiteChoice,
    },
    AppState,
};
use crate::{
    config::{Counsellor, Role},
    error::{AppError, AppResult},
    events::SiteEvent,
    store::{
        alerts::{Alert, Created, NewAlert},
        StoreError,
    },
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpRequest {
    id: Uuid,
    language: String,
    created_at: DateTime<FixedOffset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmRequest {
    id: Uuid,
}

/// The answer to raising an alert, the same for a repeat.
#[derive(Serialize)]
pub struct Raised {
    id: String,
    kind: &'static str,
    status: &'static str,
}

fn answer(created: Created) -> ((StatusCode, Json<Raised>), Option<Alert>) {
    let (code, alert, new) = match created {
        Created::New(a) => (StatusCode::CREATED, a, true),
        Created::Repeated(a) => (StatusCode::OK, a, false),
    };
    let body = Raised {
        id: alert.id.clone(),
        kind: alert.kind,
        status: "open",
    };
    ((code, Json(body)), new.then_some(alert))
}

/// `POST /api/v1/kiosk/help`: `201` for a new request, `200` for a repeat.
pub async fn help(
    State(state): State<AppState>,
    token: KioskToken,
    JsonBody(request): JsonBody<HelpRequest>,
) -> AppResult<(StatusCode, Json<Raised>)> {
    let kiosk = state
        .store
        .kiosk_by_token(token.hash)
        .await?
        .ok_or(StoreError::UnknownKiosk)?
        .0;
    let site = state
        .config
        .site(&kiosk.site)
        .ok_or_else(|| AppError::not_found("site"))?;
    if !site.languages.contains(&request.language) {
        return Err(AppError::Unprocessable(
            "unknown_language",
            format!(
                "language {:?} is not offered at this site",
                request.language
            ),
        ));
    }
    let fingerprint = serde_json::json!({
        "kiosk": kiosk.id,
        "language": request.language,
        "created_at": request.created_at.timestamp_millis(),
    })
    .to_string();
    let created = state
        .store
        .create_alert(NewAlert {
            id: request.id.to_string(),
            site: site.id.clone(),
            kind: "help",
            kiosk: Some(kiosk.id.clone()),
            counsellor: None,
            desk: None,
            language: Some(request.language.clone()),
            created_at: request
                .created_at
                .timestamp_millis()
                .min(crate::clock::now_ms()),
            request: fingerprint,
        })
        .await?;
    let (response, new) = answer(created);
    if let Some(alert) = new {
        tracing::info!(kiosk = alert.kiosk.as_deref().unwrap_or(""), site = %alert.site, "a visitor asks for help");
        state
            .store
            .publish(&alert.site, vec![SiteEvent::alert(&alert)]);
    }
    Ok(response)
}

/// `POST /api/v1/alarm`: a counsellor needs colleagues now.
pub async fn alarm(
    State(state): State<AppState>,
    CounsellorAuth(me): CounsellorAuth,
    JsonBody(request): JsonBody<AlarmRequest>,
) -> AppResult<(StatusCode, Json<Raised>)> {
    let created = state
        .store
        .create_alert(NewAlert {
            id: request.id.to_string(),
            site: me.site.clone(),
            kind: "alarm",
            kiosk: None,
            counsellor: Some(me.username.clone()),
            desk: Some(me.desk.clone()),
            language: None,
            created_at: crate::clock::now_ms(),
            request: serde_json::json!({"counsellor": me.username}).to_string(),
        })
        .await?;
    let (response, new) = answer(created);
    if let Some(alert) = new {
        tracing::warn!(counsellor = %me.username, desk = %me.desk, site = %alert.site, "alarm raised");
        state
            .store
            .publish(&alert.site, vec![SiteEvent::alert(&alert)]);
        if let Some(url) = state
            .config
            .site(&alert.site)
            .and_then(|s| s.alarm_webhook.clone())
        {
            tokio::spawn(post_alarm(url, webhook_body(&state, &alert, &me)));
        }
    }
    Ok(response)
}

#[derive(Serialize)]
pub struct AlertList {
    alerts: Vec<Alert>,
}

/// `GET /api/v1/alerts`: today's alerts at the caller's site, newest first.
pub async fn list(
    State(state): State<AppState>,
    session: SessionAuth,
    QueryParams(choice): QueryParams<SiteChoice>,
) -> AppResult<Json<AlertList>> {
    let site = choice.of(&state.config, &session.account)?.clone();
    let alerts = state
        .store
        .alerts_today(site.id, crate::clock::now_ms())
        .await?;
    Ok(Json(AlertList { alerts }))
}

/// `POST /api/v1/alerts/{id}/ack`: the first person to answer stands;
/// acknowledging again returns the alert unchanged.
pub async fn acknowledge(
    State(state): State<AppState>,
    session: SessionAuth,
    PathParam(id): PathParam<String>,
) -> AppResult<Json<Alert>> {
    let me = session.account;
    // Counsellors answer their own site's alerts; staff and admins any.
    let site = match me.role {
        Role::Counsellor => Some(me.site.clone()),
        Role::Staff | Role::Admin => None,
    };
    let (alert, changed) = state
        .store
        .acknowledge_alert(site, id, me.username.clone(), crate::clock::now_ms())
        .await?;
    if changed {
        state
            .store
            .publish(&alert.site, vec![SiteEvent::ack(&alert)]);
    }
    Ok(Json(alert))
}

/// What the webhook receives for an alarm.
fn webhook_body(state: &AppState, alert: &Alert, me: &Counsellor) -> serde_json::Value {
    let site_name = state
        .config
        .site(&alert.site)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    serde_json::json!({
        "kind": "alarm",
        "id": alert.id,
        "site": alert.site,
        "site_name": site_name,
        "counsellor": me.username,
        "counsellor_name": me.name,
        "desk": alert.desk,
        "created_at": alert.created_at,
    })
}

/// Attempts and the wait before each retry.
const WEBHOOK_RETRIES: [Duration; 5] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(16),
];

/// POSTs an alarm until the receiver answers 2xx, retrying with growing
/// waits (about half a minute in all); never on the request's path, so a
/// receiver that is down delays nobody's screen.
async fn post_alarm(url: String, body: serde_json::Value) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot make the webhook client");
            return;
        }
    };
    for (attempt, wait) in WEBHOOK_RETRIES.iter().enumerate() {
        match client.post(&url).json(&body).send().await {
            Ok(res) if res.status().is_success() => {
                tracing::info!(attempt = attempt + 1, "alarm delivered to the webhook");
                return;
            }
            Ok(res) => {
                tracing::warn!(status = %res.status(), attempt = attempt + 1, "the alarm webhook refused; retrying")
            }
            Err(e) => {
                tracing::warn!(error = %e, attempt = attempt + 1, "the alarm webhook cannot be reached; retrying")
            }
        }
        tokio::time::sleep(*wait).await;
    }
    tracing::error!(%url, "the alarm could not be delivered to the webhook");
}
