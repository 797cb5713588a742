//! Booked visits on the workstation: the counsellor's own visits of today
//! (with a sound and a mark when one arrives, in `workstation.js`), the form
//! that books one and shows the code to give the resident, large and as a
//! QR code, and the slip to print in the resident's language.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use maud::{html, Markup};
use qrcode::{Color, EcLevel, QrCode};
use serde::Deserialize;

use super::{layout, Arg, StaffLang, Texts};
use crate::clock::local_day;
use crate::{
    config::{Counsellor, Site},
    error::{AppError, AppResult},
    http::{
        extract::{CounsellorAuth, JsonBody, PathParam, QueryParams},
        AppState,
    },
    store::appointments::Appointment,
};

fn my_site<'a>(state: &'a AppState, me: &Counsellor) -> AppResult<&'a Site> {
    state
        .config
        .site(&me.site)
        .ok_or_else(|| AppError::not_found("site"))
}

/// A QR code as inline SVG, one square per dark module: a kiosk with a
/// camera reads the code from it, and it prints sharp at any size.
fn qr_svg(text: &str) -> Markup {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return html! {};
    };
    let n = code.width();
    let quiet = 4;
    let side = n + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            path.push_str(&format!("M{},{}h1v1h-1z", i % n + quiet, i / n + quiet));
        }
    }
    html! {
        svg.qr xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {side} {side}")) role="img" aria-hidden="true" {
            rect width=(side) height=(side) fill="#fff" {}
            path d=(path) fill="#000" {}
        }
    }
}

fn when(site: &Site, a: &Appointment) -> (String, String) {
    let local = a.at.with_timezone(&site.timezone);
    (
        local.format("%Y-%m-%d").to_string(),
        local.format("%H:%M").to_string(),
    )
}

/// `GET /workstation/appointments`: the counsellor's booked visits of today,
/// re-fetched when the staff stream says they changed.
pub async fn section(
    State(state): State<AppState>,
    QueryParams(lang): QueryParams<StaffLang>,
    CounsellorAuth(me): CounsellorAuth,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    Ok(list_markup(&state, &t, &me).await?.into_response())
}

/// The workstation's section: today's list, the form that books a visit,
/// and the place where the new code appears.
pub async fn section_markup(state: &AppState, t: &Texts<'_>, me: &Counsellor) -> AppResult<Markup> {
    let list = list_markup(state, t, me).await?;
    let today = local_day(my_site(state, me)?.timezone, crate::clock::now_ms());
    Ok(html! {
        div #appointments-list { (list) }
        form #book {
            h3 { (t.get("book-title")) }
            label { (t.get("book-date")) input type="date" name="date" value=(today) min=(today) required; }
            label { (t.get("book-time")) input type="time" name="time" step="300" required; }
            label { (t.get("book-errand"))
                select name="errand" required {
                    @for errand in &state.config.errands {
                        @if me.errands.is_empty() || me.errands.contains(&errand.id) {
                            option value=(errand.id) { (super::errand_name(t, &errand.id)) }
                        }
                    }
                }
            }
            button.primary type="submit" { (t.get("book-submit")) }
        }
        div #booked aria-live="polite" {}
    })
}

async fn list_markup(state: &AppState, t: &Texts<'_>, me: &Counsellor) -> AppResult<Markup> {
    let site = my_site(state, me)?.clone();
    let day = local_day(site.timezone, crate::clock::now_ms());
    let mine: Vec<Appointment> = state
        .store
        .appointments_of_day(site.id.clone(), day)
        .await?
        .into_iter()
        .filter(|a| a.counsellor == me.username)
        .collect();
    let site = my_site(state, me)?;
    Ok(html! {
        h2 #appointments-title { (t.get("appointments-title")) }
        @if mine.is_empty() {
            p.note { (t.get("appointments-none")) }
        } @else {
            table aria-labelledby="appointments-title" {
                thead { tr {
                    th { (t.get("col-time")) } th { (t.get("col-errand")) }
                    th { (t.get("col-code")) } th { (t.get("col-status")) } th { span.visually-hidden { (t.get("col-actions")) } }
                } }
                tbody {
                    @for a in &mine {
                        tr data-appointment=(a.id) data-status=(a.status) {
                            td { (when(site, a).1) }
                            td { (super::errand_name(t, &a.errand)) }
                            td.code { (a.code) }
                            td {
                                @match (a.status, &a.ticket) {
                                    ("arrived", Some(number)) => span.mark.arrived { (t.with("appointment-arrived", &[("number", Arg::Str(number.clone()))])) },
                                    ("cancelled", _) => (t.get("appointment-cancelled")),
                                    _ => (t.get("appointment-booked")),
                                }
                            }
                            td {
                                a href=(format!("/appointments/{}/slip?lang={}", a.id, t.tag)) target="_blank" { (t.get("slip-open")) }
                                @if a.status == "booked" {
                                    " "
                                    button type="button" data-cancel=(a.id) data-confirm=(t.with("appointment-confirm-cancel", &[("time", Arg::Str(when(site, a).1))])) { (t.get("appointment-cancel")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookForm {
    date: NaiveDate,
    time: NaiveTime,
    errand: String,
}

/// `POST /workstation/appointments` (CSRF, JSON `{date, time, errand}`):
/// books a visit with the caller at the site's local time and answers with
/// the code to give the resident. The API's `POST /api/v1/appointments`
/// takes an instant; the page takes the site's wall clock, whatever the
/// browser's time zone.
pub async fn book(
    State(state): State<AppState>,
    QueryParams(lang): QueryParams<StaffLang>,
    CounsellorAuth(me): CounsellorAuth,
    JsonBody(form): JsonBody<BookForm>,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    let site = my_site(&state, &me)?.clone();
    let at = site
        .timezone
        .from_local_datetime(&form.date.and_time(form.time))
        .earliest()
        .ok_or_else(|| {
            AppError::Unprocessable(
                "invalid_time",
                "that time does not exist on that day".into(),
            )
        })?
        .timestamp_millis();
    let appointment =
        crate::http::appointments::book_visit(&state, me, None, at, form.errand).await?;
    let (date, time) = when(&site, &appointment);
    Ok((
        StatusCode::CREATED,
        html! {
            div.booked-code {
                p { (t.with("booked-when", &[("date", Arg::Str(date)), ("time", Arg::Str(time))])) }
                p { (t.get("booked-code")) }
                p.code #new-code { (appointment.code) }
                (qr_svg(&appointment.code))
                form.slip action=(format!("/appointments/{}/slip", appointment.id)) target="_blank" {
                    label { (t.get("slip-language"))
                        select name="resident" {
                            @for tag in &site.languages {
                                option value=(tag) { (state.catalog.text(tag, "language-name")) }
                            }
                        }
                    }
                    input type="hidden" name="lang" value=(t.tag);
                    button type="submit" { (t.get("slip-open")) }
                }
            }
        },
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct SlipQuery {
    /// The page's own language for the print button.
    #[serde(default)]
    lang: Option<String>,
    /// The resident's language: the slip's.
    #[serde(default)]
    resident: Option<String>,
}

/// `GET /appointments/{id}/slip?resident=ar`: one page to print and hand to
/// the resident, in their language: the time, the place and the code. No
/// name: the slip is all a finder would learn, and it names nobody.
pub async fn slip(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<SlipQuery>,
    CounsellorAuth(me): CounsellorAuth,
    PathParam(id): PathParam<String>,
) -> AppResult<Response> {
    let site = my_site(&state, &me)?.clone();
    let staff = StaffLang { lang: query.lang }.tag();
    let tag = query
        .resident
        .filter(|tag| site.languages.contains(tag) && state.catalog.has(tag))
        .unwrap_or_else(|| translations::SOURCE.to_string());
    let zone = site.clone();
    let appointment = state
        .store
        .appointment(zone.id.clone(), id)
        .await?
        .ok_or_else(|| AppError::not_found("appointment"))?;
    let t = Texts {
        catalog: &state.catalog,
        tag: &tag,
    };
    let (date, time) = when(&site, &appointment);
    let body = html! {
        main.slip {
            h1 { (t.get("slip-title")) }
            dl {
                dt { (t.get("slip-when")) } dd { bdi { (date) " " (time) } }
                dt { (t.get("slip-where")) } dd {
                    (site.name)
                    @if let Some(address) = &site.address { br; (address) }
                }
                dt { (t.get("slip-code")) } dd.code { bdi { (appointment.code) } }
            }
            (qr_svg(&appointment.code))
            p { (t.get("slip-howto")) }
            button.no-print type="button" data-print="" lang=(staff) { (state.catalog.text(staff, "slip-print")) }
        }
    };
    Ok(layout(&tag, &t.get("slip-title"), "slip", "slip.js", body).into_response())
}
