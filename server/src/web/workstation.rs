//! The counsellor's workstation: log in, say whether you are available, see
//! the queue at your site, call the next visitor and act on them. The page
//! is rendered here; its script only sends the actions to the JSON API and
//! swaps in a freshly rendered panel whenever the site's events say so.

use crate::http::extract::{ClientAddr, FormBody, QueryParams};
use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use maud::{html, Markup};
use protocol::{Ticket, TicketStatus};
use serde::Deserialize;

use super::{errand_name, language_name, layout, Arg, LangQuery, StaffLang, Texts};
use crate::{
    config::Counsellor,
    error::{AppError, AppResult},
    http::{
        extract::{CounsellorAuth, SessionAuth},
        session, AppState,
    },
    kiosk_health::Trouble,
    lifecycle::CallReason,
    store::counsellors::Availability,
};

/// How long "did not come" can be undone from the page.
const UNDO_NO_SHOW_MS: i64 = 60_000;

fn lang_link(tag: &str) -> &'static str {
    if tag == "en" {
        "/?lang=sv"
    } else {
        "/?lang=en"
    }
}

fn login_form(t: &Texts, error: Option<String>) -> Markup {
    html! {
        main.login {
            h1 { (t.get("staff-title")) }
            form method="post" action=(format!("/?lang={}", t.tag)) {
                h2 { (t.get("login-title")) }
                @if let Some(error) = error {
                    p.error role="alert" { (error) }
                }
                label { (t.get("login-username")) input name="username" autocomplete="username" required autofocus; }
                label { (t.get("login-password")) input name="password" type="password" autocomplete="current-password" required; }
                button.primary type="submit" { (t.get("login-submit")) }
            }
            p { a href=(lang_link(t.tag)) { (t.get("switch-language")) } }
        }
    }
}

/// `GET /`: the workstation for a logged-in counsellor, the login form for
/// anyone else.
pub async fn page(
    State(state): State<AppState>,
    QueryParams(lang): LangQuery,
    session: Result<SessionAuth, AppError>,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    // Staff have no desk: their page is the dashboard.
    if let Ok(s) = &session {
        if !s.account.role.serves_visitors() {
            return Ok(Redirect::to(&format!("/dashboard?lang={}", t.tag)).into_response());
        }
    }
    // Everyone left who has a session takes visitors (staff went to the dashboard).
    let Ok(session) = session else {
        return Ok(layout(
            t.tag,
            &t.get("staff-title"),
            "staff",
            "workstation.js",
            login_form(&t, None),
        )
        .into_response());
    };
    let me = session.account;
    let inner = panel_markup(&state, &t, me.clone()).await?;
    let alerts = alerts_markup(&state, &t, &me).await?;
    let booked = super::booked::section_markup(&state, &t, &me).await?;
    let body = html! {
        header.top {
            h1 { (t.get("staff-title")) }
            p.who { (me.name) " · " (t.with("desk-label", &[("desk", Arg::Str(me.desk.clone()))])) }
            nav aria-label=(t.get("nav-account")) {
                @if me.role.reads_statistics() {
                    a href=(format!("/dashboard?lang={}", t.tag)) { (t.get("open-dashboard")) }
                }
                a href=(format!("/overview?lang={}", t.tag)) { (t.get("open-overview")) }
                a href=(format!("/account?lang={}", t.tag)) { (t.get("account-title")) }
                a href=(lang_link(t.tag)) { (t.get("switch-language")) }
                button type="button" data-action="logout" { (t.get("logout")) }
                // Held, not clicked: an alarm cannot be raised by mistake.
                button #alarm.alarm type="button" title=(t.get("alarm-hold")) aria-describedby="alarm-hold" { (t.get("alarm-button")) }
                span #alarm-hold.visually-hidden { (t.get("alarm-hold")) }
            }
        }
        section #alerts aria-live="assertive" aria-label=(t.get("alerts-region")) data-me=(me.username) data-sounds="0" { (alerts) }
        main #panel data-site=(me.site) data-lang=(t.tag) data-csrf=(session.csrf_token) data-refusals=(super::refusals_json(&t)) { (inner) }
        section #appointments aria-labelledby="appointments-title" data-me=(me.username) data-arrivals="0" { (booked) }
        footer { p.shortcuts { (t.get("shortcuts")) } }
    };
    Ok(layout(
        t.tag,
        &t.get("staff-title"),
        "staff",
        "workstation.js",
        body,
    )
    .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

/// `POST /`: the login form. A new session on success, the form again with
/// a clear message otherwise.
pub async fn login(
    State(state): State<AppState>,
    QueryParams(lang): LangQuery,
    client: ClientAddr,
    headers: HeaderMap,
    FormBody(form): FormBody<LoginForm>,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    // A login form posted from another site is refused (login CSRF). Browsers
    // send Origin with every form post; a post without it did not come from
    // our page, so it is refused too.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if origin.and_then(|o| o.split("://").nth(1)) != Some(host) || host.is_empty() {
        tracing::warn!(target: "security", %client, origin = origin.unwrap_or(""), "login form refused: not posted from this site");
        return Err(AppError::Forbidden(
            "cross_site_login",
            "login from another site".into(),
        ));
    }
    let message = match session::open(&state, client, form.username, form.password).await {
        Ok(opened) => {
            let mut response = Redirect::to(&format!("/?lang={}", t.tag)).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::session_cookie(&state, &opened.session_id),
            );
            return Ok(response);
        }
        Err(AppError::TooManyRequests { retry_after_s }) => t.with(
            "login-locked",
            &[("seconds", Arg::Num(retry_after_s as i64))],
        ),
        Err(AppError::Unauthorized(..)) => t.get("login-failed"),
        Err(other) => return Err(other),
    };
    let page = layout(
        t.tag,
        &t.get("staff-title"),
        "staff",
        "workstation.js",
        login_form(&t, Some(message)),
    );
    Ok((
        StatusCode::UNAUTHORIZED,
        [(header::CACHE_CONTROL, "no-store")],
        page,
    )
        .into_response())
}

/// `GET /workstation/alerts`: the site's open alerts, re-fetched by the
/// script whenever one is raised or answered.
pub async fn alerts(
    State(state): State<AppState>,
    QueryParams(lang): QueryParams<StaffLang>,
    CounsellorAuth(me): CounsellorAuth,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    Ok(alerts_markup(&state, &t, &me).await?.into_response())
}

/// Open help requests and alarms of today, for everyone at the site; a
/// counsellor's own alarm, for them, with who is coming.
async fn alerts_markup(state: &AppState, t: &Texts<'_>, me: &Counsellor) -> AppResult<Markup> {
    let Some(site) = state.config.site(&me.site).cloned() else {
        return Ok(html! {});
    };
    let all = state
        .store
        .alerts_today(site.id.clone(), crate::clock::now_ms())
        .await?;
    let name_of = |username: &str| {
        state
            .config
            .counsellor(username)
            .map_or(username.to_string(), |c| c.name.clone())
    };
    let now = crate::clock::now_ms();
    let kiosks: Vec<(String, Trouble)> = state
        .config
        .kiosks
        .iter()
        .filter(|k| k.site == me.site)
        .filter_map(|k| {
            let trouble = state.kiosks.get(&k.id)?.trouble(now)?;
            Some((k.id.clone(), trouble))
        })
        .collect();
    Ok(html! {
        @for (kiosk, trouble) in &kiosks {
            @let id = match trouble {
                Trouble::Silent => "kiosk-silent",
                Trouble::PaperOut => "kiosk-paper-out",
                Trouble::PrinterDown => "kiosk-printer-down",
                Trouble::PaperLow => "kiosk-paper-low",
            };
            div.kiosk-health role="status" data-kiosk=(kiosk) {
                p { (t.with(id, &[("kiosk", Arg::Str(kiosk.clone()))])) }
            }
        }
        @for a in &all {
            @let mine = a.counsellor.as_deref() == Some(me.username.as_str());
            @if a.kind == "alarm" && mine {
                div.alert.own role="status" data-id=(a.id) data-kind="alarm" data-status=(a.status) data-own="true" {
                    p { (t.get("alert-own-sent")) }
                    @if let Some(by) = &a.acknowledged_by {
                        p.coming { (t.with("alert-own-acknowledged", &[("name", Arg::Str(name_of(by)))])) }
                    }
                }
            } @else if a.status == "open" && a.kind == "alarm" {
                div.alert.alarm role="alert" data-id=(a.id) data-kind="alarm" data-status="open" {
                    p { (t.with("alert-alarm", &[
                        ("name", Arg::Str(name_of(a.counsellor.as_deref().unwrap_or("")))),
                        ("desk", Arg::Str(a.desk.clone().unwrap_or_default())),
                    ])) }
                    button.primary type="button" data-ack=(a.id) { (t.get("alert-alarm-go")) }
                }
            } @else if a.status == "open" {
                div.alert.help role="alert" data-id=(a.id) data-kind="help" data-status="open" {
                    p { (t.with("alert-help", &[
                        ("kiosk", Arg::Str(a.kiosk.clone().unwrap_or_default())),
                        ("language", Arg::Str(language_name(t, a.language.as_deref().unwrap_or("sv")))),
                    ])) }
                    button.primary type="button" data-ack=(a.id) { (t.get("alert-help-go")) }
                }
            }
        }
    })
}

/// `GET /workstation/panel`: the live part of the page, re-fetched by the script.
pub async fn panel(
    State(state): State<AppState>,
    QueryParams(lang): QueryParams<StaffLang>,
    CounsellorAuth(me): CounsellorAuth,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: lang.tag(),
    };
    Ok(panel_markup(&state, &t, me).await?.into_response())
}

struct PanelData {
    status: Availability,
    holding: Vec<Ticket>,
    undoable: Vec<Ticket>,
    waiting: Vec<Ticket>,
}

async fn panel_markup(state: &AppState, t: &Texts<'_>, me: Counsellor) -> AppResult<Markup> {
    let who = me.clone();
    let data = {
        let now = crate::clock::now_ms();
        let store = &state.store;
        PanelData {
            status: store.availability(who.username.clone(), None).await?,
            holding: store.held_by(who.clone(), now).await?,
            undoable: store
                .recent_no_shows(who.clone(), now - UNDO_NO_SHOW_MS, now)
                .await?,
            waiting: store.queue(who.site.clone(), now).await?,
        }
    };
    Ok(render_panel(state, t, &me, data))
}

fn marks(t: &Texts, ticket: &Ticket) -> Markup {
    html! {
        @if ticket.appointment { span.mark { (t.get("mark-appointment")) } }
        @if ticket.interpreter { span.mark { (t.get("mark-interpreter")) } }
        @if let Some(name) = &ticket.transferred_to {
            span.mark { (t.with("mark-transferred", &[("name", Arg::Str(name.clone()))])) }
        }
    }
}

/// Whether `me` may call this visitor: the errands they handle, or a
/// visitor sent to them by name (routing's own rule).
fn may_take(me: &Counsellor, ticket: &Ticket) -> bool {
    crate::routing::Caller::of(me).may_take(&crate::routing::Waiting {
        errand: &ticket.errand,
        language: &ticket.language,
        appointment: ticket.appointment,
        checked_in_at: 0,
        transferred_to: ticket.transferred_to.as_deref(),
        arrival: 0,
    })
}

/// The queue table shows this many rows at most: the panel is rendered again
/// on every event, for every workstation open, and a long queue would make
/// each of those pages megabytes. The counts above it cover everyone.
const SHOWN_WAITING: usize = 100;

fn render_panel(state: &AppState, t: &Texts, me: &Counsellor, data: PanelData) -> Markup {
    let colleagues: Vec<&Counsellor> = state
        .config
        .counsellors
        .iter()
        .filter(|c| c.site == me.site && c.role.serves_visitors() && c.username != me.username)
        .collect();
    let mut by_errand: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_language: BTreeMap<String, usize> = BTreeMap::new();
    for ticket in &data.waiting {
        *by_errand.entry(ticket.errand.clone()).or_default() += 1;
        *by_language.entry(ticket.language.clone()).or_default() += 1;
    }
    let confirm = (!data.holding.is_empty()).then(|| t.get("confirm-call-next"));
    html! {
        section.me {
            div.status role="group" {
                @for (value, label) in [("available", "status-available"), ("paused", "status-paused")] {
                    @let on = (value == "available") == (data.status == Availability::Available);
                    button type="button" data-action="status" data-status=(value) aria-pressed=(on) { (t.get(label)) }
                }
            }
            button #call-next.primary.big type="button" data-action="next" data-confirm=[confirm] { (t.get("call-next")) }
            p #nobody.note hidden { (t.get("nobody-waiting")) }
            p #error.error role="alert" hidden {}
        }
        @for ticket in &data.holding {
            section.current data-ticket=(ticket.id) {
                h2 { (t.get("current-title")) }
                p.number { (ticket.number) }
                p { (errand_name(t, &ticket.errand)) " · " (language_name(t, &ticket.language)) " " (marks(t, ticket)) }
                p.note { (t.with("calls-count", &[("count", Arg::Num(ticket.calls.into()))])) }
                div.actions {
                    button type="button" data-op="recall" { (t.get("action-recall")) }
                    @if ticket.status == TicketStatus::Called {
                        button type="button" data-op="start" { (t.get("action-start")) }
                    }
                    button.primary type="button" data-op="done" { (t.get("action-done")) }
                    @if ticket.status == TicketStatus::Called {
                        button type="button" data-op="no-show" { (t.get("action-no-show")) }
                    }
                    button type="button" data-op="return" { (t.get("action-return")) }
                }
                form.transfer data-ticket=(ticket.id) {
                    h3 { (t.get("action-transfer")) }
                    label { (t.get("transfer-to-errand"))
                        select name="errand" {
                            option value="" { "—" }
                            @for errand in &state.config.errands {
                                @if errand.id != ticket.errand {
                                    option value=(errand.id) { (errand_name(t, &errand.id)) }
                                }
                            }
                        }
                    }
                    label { (t.get("transfer-to-colleague"))
                        select name="counsellor" {
                            option value="" { "—" }
                            @for c in &colleagues {
                                option value=(c.username) { (c.name) " (" (c.desk) ")" }
                            }
                        }
                    }
                    button type="submit" { (t.get("transfer-submit")) }
                }
            }
        }
        @for ticket in &data.undoable {
            section.undo data-ticket=(ticket.id) {
                p { span.number { (ticket.number) } " " (t.get("action-no-show")) }
                button type="button" data-op="undo-no-show" { (t.get("action-undo-no-show")) }
            }
        }
        section.queue {
            h2 { (t.get("queue-title")) }
            p #waiting-count { (t.with("queue-waiting", &[("count", Arg::Num(data.waiting.len() as i64))])) }
            @if !data.waiting.is_empty() {
                div.counts {
                    div { h3 { (t.get("queue-by-errand")) }
                        ul { @for (errand, n) in &by_errand { li { (errand_name(t, errand)) ": " strong { (n) } } } } }
                    div { h3 { (t.get("queue-by-language")) }
                        ul { @for (tag, n) in &by_language { li { (language_name(t, tag)) ": " strong { (n) } } } } }
                }
                // Calling a particular visitor takes a reason, counted on the
                // dashboard: "Call next" stays the fair default.
                label.call-reason { (t.get("call-reason"))
                    select #call-reason {
                        // No reason until one is chosen: a call out of turn
                        // is never counted under a reason nobody gave.
                        option value="" { (t.get("call-reason-choose")) }
                        @for reason in CallReason::ALL {
                            option value=(reason.as_str()) { (t.get(&format!("call-reason-{}", reason.as_str()))) }
                        }
                    }
                }
                table {
                    thead { tr {
                        th { (t.get("col-number")) } th { (t.get("col-errand")) } th { (t.get("col-language")) }
                        th { (t.get("col-waited")) } th { (t.get("col-marks")) } th { span.visually-hidden { (t.get("col-actions")) } }
                    } }
                    tbody {
                        @for ticket in data.waiting.iter().take(SHOWN_WAITING) {
                            tr data-ticket=(ticket.id) {
                                td.number { (ticket.number) }
                                td { (errand_name(t, &ticket.errand)) }
                                td { (language_name(t, &ticket.language)) }
                                td { (t.with("waited-minutes", &[("minutes", Arg::Num((ticket.waited_s / 60) as i64))])) }
                                td { (marks(t, ticket)) }
                                td {
                                    @if may_take(me, ticket) {
                                        button type="button" data-call=(ticket.id) aria-label=(t.with("call-this-named", &[("number", Arg::Str(ticket.number.clone()))])) { (t.get("call-this")) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if data.waiting.len() > SHOWN_WAITING {
                    p.note { (t.with("queue-more", &[("count", Arg::Num((data.waiting.len() - SHOWN_WAITING) as i64))])) }
                }
            } @else {
                p.note { (t.get("queue-empty")) }
            }
        }
    }
}
