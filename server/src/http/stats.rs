//! `GET /api/v1/stats/footfall`: per site and day, as JSON or CSV.

use super::extract::QueryParams;
use crate::clock::local_day;
use crate::lifecycle::CallReason;
use std::collections::BTreeSet;

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

use super::{extract::StaffAuth, AppState};
use crate::{
    config::Site,
    error::{AppError, AppResult},
    store::footfall::SiteDay,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// A site id, or absent (or "all") for every site.
    site: Option<String>,
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

pub async fn footfall(
    State(state): State<AppState>,
    _: StaffAuth,
    QueryParams(period): QueryParams<Period>,
) -> AppResult<Response> {
    let sites: Vec<Site> = match period.site.as_deref() {
        None | Some("") | Some("all") => state.config.sites.clone(),
        Some(id) => vec![state
            .config
            .site(id)
            .cloned()
            .ok_or_else(|| AppError::not_found("site"))?],
    };
    let today = local_day(sites[0].timezone, crate::clock::now_ms())
        .parse()
        .map_err(anyhow::Error::from)?;
    let (from, to) = crate::footfall::period(period.from.as_deref(), period.to.as_deref(), today)?;
    let csv = match period.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(AppError::Unprocessable(
                "invalid_format",
                format!("format {other:?}: json or csv"),
            ))
        }
    };
    let days = state
        .store
        .figures(
            sites.iter().map(|s| s.id.clone()).collect(),
            from,
            to,
            crate::clock::now_ms(),
        )
        .await?;
    if csv {
        let errands: Vec<String> = state.config.errands.iter().map(|e| e.id.clone()).collect();
        let body = to_csv(&days, &errands).map_err(|e| AppError::Internal(e.into()))?;
        let name = format!("attachment; filename=\"footfall-{from}-{to}.csv\"");
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, name),
            ],
            body,
        )
            .into_response());
    }
    Ok(Json(serde_json::json!({ "from": from, "to": to, "days": days })).into_response())
}

/// One row per site and day; hours, errands and languages as columns.
pub fn to_csv(days: &[SiteDay], errands: &[String]) -> csv::Result<String> {
    let languages: BTreeSet<&String> = days
        .iter()
        .flat_map(|d| d.figures.by_language.keys())
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "site",
        "date",
        "visits",
        "appointments",
        "interpreters",
        "no_shows",
        "left_waiting",
        "transfers",
        "wait_median_s",
        "wait_p90_s",
        "service_median_s",
        "help_requests",
        "help_acknowledged_median_s",
        "alarms",
        "booked",
        "booked_arrived",
        "booked_not_arrived",
        "booked_wait_median_s",
        "booked_wait_p90_s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((0..24).map(|h| format!("hour_{h:02}")));
    header.extend(errands.iter().map(|e| format!("errand_{e}")));
    header.extend(languages.iter().map(|l| format!("language_{l}")));
    // Last, so that columns read by position before keep their places.
    header.push("called_out_of_turn".into());
    header.extend(
        CallReason::ALL
            .iter()
            .map(|r| format!("out_of_turn_{}", r.as_str())),
    );
    out.write_record(&header)?;
    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for d in days {
        let f = &d.figures;
        let mut row = vec![
            d.site.clone(),
            d.date.clone(),
            f.visits.to_string(),
            f.appointments.to_string(),
            f.interpreters.to_string(),
            f.no_shows.to_string(),
            f.left_waiting.to_string(),
            f.transfers.to_string(),
            opt(f.wait_s.median),
            opt(f.wait_s.p90),
            opt(f.service_s.median),
            f.help_requests.to_string(),
            opt(f.help_acknowledged_s.median),
            f.alarms.to_string(),
            f.booked.to_string(),
            f.booked_arrived.to_string(),
            f.booked_not_arrived.to_string(),
            opt(f.booked_wait_s.median),
            opt(f.booked_wait_s.p90),
        ];
        row.extend(f.by_hour.iter().map(u32::to_string));
        row.extend(
            errands
                .iter()
                .map(|e| f.by_errand.get(e).copied().unwrap_or(0).to_string()),
        );
        row.extend(
            languages
                .iter()
                .map(|l| f.by_language.get(*l).copied().unwrap_or(0).to_string()),
        );
        row.push(f.called_out_of_turn.to_string());
        row.extend(CallReason::ALL.iter().map(|r| {
            f.out_of_turn_by_reason
                .get(r.as_str())
                .copied()
                .unwrap_or(0)
                .to_string()
        }));
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings"))
}
