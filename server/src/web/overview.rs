//! The live overview: a site now, for staff, admins and the site's own
//! counsellors — who waits for which errand and in which language, the
//! longest wait, each counsellor available, paused or with a visitor, and
//! open requests for help. The page's script fetches the panel again
//! whenever the site's staff stream says something changed. No visitor
//! details beyond what the workstation shows.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use maud::{html, Markup};
use protocol::Ticket;
use serde::Deserialize;

use super::{layout, numbers, Arg, Texts};
use crate::{
    config::{Counsellor, Site},
    error::{AppError, AppResult},
    http::{
        extract::{QueryParams, SessionAuth, SiteChoice},
        AppState,
    },
    store::counsellors::Availability,
};

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    lang: Option<String>,
    site: Option<String>,
}

impl OverviewQuery {
    fn tag(&self) -> &'static str {
        super::StaffLang {
            lang: self.lang.clone(),
        }
        .tag()
    }
}

/// One counsellor's state now.
enum Doing {
    Paused,
    Available,
    /// The numbers of the visitors they hold.
    With(Vec<String>),
}

struct Now {
    waiting: Vec<Ticket>,
    counsellors: Vec<(Counsellor, Doing)>,
    open_help: usize,
    open_alarms: usize,
}

async fn now(state: &AppState, site: &Site) -> AppResult<Now> {
    let store = &state.store;
    let now = crate::clock::now_ms();
    // What was left over from an earlier day is not "now".
    let today = crate::clock::local_day(site.timezone, now);
    let since = today
        .parse::<chrono::NaiveDate>()
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| chrono::TimeZone::from_local_datetime(&site.timezone, &t).earliest())
        .map_or(now, |t| t.timestamp_millis());
    let mut counsellors = Vec::new();
    for c in state
        .config
        .counsellors
        .iter()
        .filter(|c| c.site == site.id && c.role.serves_visitors())
    {
        let held: Vec<String> = store
            .held_by(c.clone(), now)
            .await?
            .into_iter()
            .filter(|t| t.checked_in_at.timestamp_millis() >= since)
            .map(|t| t.number)
            .collect();
        let doing = if !held.is_empty() {
            Doing::With(held)
        } else if store.availability(c.username.clone(), Some(since)).await?
            == Availability::Available
        {
            Doing::Available
        } else {
            Doing::Paused
        };
        counsellors.push((c.clone(), doing));
    }
    let alerts = store.alerts_today(site.id.clone(), now).await?;
    let open = |kind: &str| {
        alerts
            .iter()
            .filter(|a| a.kind == kind && a.status == "open")
            .count()
    };
    Ok(Now {
        waiting: store.queue(site.id.clone(), now).await?,
        counsellors,
        open_help: open("help"),
        open_alarms: open("alarm"),
    })
}

fn site_for<'a>(state: &'a AppState, me: &Counsellor, site: Option<String>) -> AppResult<&'a Site> {
    SiteChoice { site }.of(&state.config, me)
}

/// `GET /overview?site=arby`: the page.
pub async fn page(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<OverviewQuery>,
    session: Result<SessionAuth, AppError>,
) -> AppResult<Response> {
    let tag = query.tag();
    let Ok(session) = session else {
        return Ok(Redirect::to(&format!("/?lang={tag}")).into_response());
    };
    let t = Texts {
        catalog: &state.catalog,
        tag,
    };
    let me = session.account;
    // Staff without a site of their own start at the first.
    let chosen = query
        .site
        .clone()
        .or_else(|| me.site.is_empty().then(|| state.config.sites[0].id.clone()));
    let site = site_for(&state, &me, chosen)?.clone();
    let panel = panel_markup(&t, &now(&state, &site).await?);
    let others = !me.site.is_empty() && me.role == crate::config::Role::Counsellor;
    let body = html! {
        header.top {
            h1 { (t.with("overview-title", &[("site", Arg::Str(site.name.clone()))])) }
            p.who { (me.name) }
            nav aria-label=(t.get("nav-account")) {
                @if me.role.serves_visitors() {
                    a href=(format!("/?lang={tag}")) { (t.get("open-workstation")) }
                }
                @if me.role.reads_statistics() {
                    a href=(format!("/dashboard?lang={tag}")) { (t.get("open-dashboard")) }
                }
                a href=(format!("/overview?lang={}&site={}", if tag == "en" { "sv" } else { "en" }, site.id)) { (t.get("switch-language")) }
            }
        }
        main #overview data-site=(site.id) data-lang=(tag) {
            @if !others {
                form.period method="get" action="/overview" {
                    input type="hidden" name="lang" value=(tag);
                    label { (t.get("field-site"))
                        select name="site" {
                            @for s in &state.config.sites {
                                option value=(s.id) selected[s.id == site.id] { (s.name) }
                            }
                        }
                    }
                    button type="submit" { (t.get("show")) }
                }
            }
            div #overview-panel aria-live="polite" { (panel) }
        }
    };
    Ok(layout(
        tag,
        &t.with("overview-title", &[("site", Arg::Str(site.name.clone()))]),
        "staff",
        "overview.js",
        body,
    )
    .into_response())
}

/// `GET /overview/panel?site=arby`: the live part, fetched again on events.
pub async fn panel(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<OverviewQuery>,
    session: SessionAuth,
) -> AppResult<Response> {
    let t = Texts {
        catalog: &state.catalog,
        tag: query.tag(),
    };
    let site = site_for(&state, &session.account, query.site.clone())?.clone();
    let markup = panel_markup(&t, &now(&state, &site).await?);
    Ok(markup.into_response())
}

fn panel_markup(t: &Texts, now: &Now) -> Markup {
    // Per errand: how many wait and the longest wait; per language: how many.
    let mut by_errand: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut by_language: BTreeMap<&str, u64> = BTreeMap::new();
    for ticket in &now.waiting {
        let e = by_errand.entry(&ticket.errand).or_default();
        e.0 += 1;
        e.1 = e.1.max(ticket.waited_s);
        *by_language.entry(&ticket.language).or_default() += 1;
    }
    let longest = now.waiting.iter().map(|t| t.waited_s).max();
    let minutes = |s: u64| t.with("waited-minutes", &[("minutes", Arg::Num((s / 60) as i64))]);
    let count = |n: u64| numbers::whole(t.tag, n);
    html! {
        dl.kpis {
            div { dt { (t.get("overview-waiting")) } dd #overview-waiting { (count(now.waiting.len() as u64)) } }
            div { dt { (t.get("overview-longest")) } dd #overview-longest { (longest.map_or_else(|| "–".to_string(), minutes)) } }
            div { dt { (t.get("overview-available")) } dd #overview-available {
                (count(now.counsellors.iter().filter(|(_, d)| matches!(d, Doing::Available)).count() as u64))
            } }
            div { dt { (t.get("overview-with-visitor")) } dd #overview-with-visitor {
                (count(now.counsellors.iter().filter(|(_, d)| matches!(d, Doing::With(_))).count() as u64))
            } }
            div { dt { (t.get("overview-help")) } dd #overview-help { (count(now.open_help as u64)) } }
            @if now.open_alarms > 0 {
                div.alarm { dt { (t.get("overview-alarms")) } dd #overview-alarms { (count(now.open_alarms as u64)) } }
            }
        }
        div.counts {
            table #overview-errands {
                caption { (t.get("queue-by-errand")) }
                thead { tr { th scope="col" { (t.get("col-errand")) } th scope="col" { (t.get("overview-waiting")) } th scope="col" { (t.get("overview-longest")) } } }
                tbody {
                    @for (errand, (n, longest)) in &by_errand {
                        tr data-errand=(errand) {
                            th scope="row" { (super::errand_name(t, errand)) }
                            td { (count(*n)) }
                            td { (minutes(*longest)) }
                        }
                    }
                }
            }
            table #overview-languages {
                caption { (t.get("queue-by-language")) }
                thead { tr { th scope="col" { (t.get("col-language")) } th scope="col" { (t.get("overview-waiting")) } } }
                tbody {
                    @for (tag, n) in &by_language {
                        tr data-language=(tag) {
                            th scope="row" { (super::language_name(t, tag)) }
                            td { (count(*n)) }
                        }
                    }
                }
            }
        }
        table #overview-counsellors {
            caption { (t.get("overview-counsellors")) }
            thead { tr { th scope="col" { (t.get("overview-name")) } th scope="col" { (t.get("overview-desk")) } th scope="col" { (t.get("col-status")) } } }
            tbody {
                @for (c, doing) in &now.counsellors {
                    tr data-counsellor=(c.username) {
                        th scope="row" { (c.name) }
                        td { (c.desk) }
                        td {
                            @match doing {
                                Doing::Available => (t.get("status-available")),
                                Doing::Paused => (t.get("status-paused")),
                                Doing::With(numbers) => (t.with("overview-serving", &[("numbers", Arg::Str(numbers.join(", ")))])),
                            }
                        }
                    }
                }
            }
        }
    }
}
