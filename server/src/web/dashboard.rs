//! The staff dashboard: footfall for chosen sites and dates, as headline
//! figures and as charts people would rather look at than read — SVG drawn
//! here with plotters, so they print and project sharply — and the CSV of
//! exactly what is shown.

use crate::clock::local_day;
use crate::http::extract::QueryParams;
use crate::lifecycle::CallReason;
use std::collections::BTreeMap;

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use chrono::{Datelike, Duration, NaiveDate};
use maud::{html, Markup, PreEscaped};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;

use super::{layout, Arg, Texts};
use crate::{
    config::Site,
    error::{AppError, AppResult},
    http::{extract::SessionAuth, AppState},
    store::footfall::SiteDay,
};

const ACCENT: RGBColor = RGBColor(11, 93, 82);
const SECOND: RGBColor = RGBColor(150, 70, 0);

#[derive(Deserialize, Default)]
pub struct Choice {
    lang: Option<String>,
    site: Option<String>,
    /// "today", "week", "30" or absent for from/to.
    range: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The period a choice stands for, given today's date: a named range, or
/// from/to as the statistics API reads them.
fn period(choice: &Choice, today: NaiveDate) -> AppResult<(NaiveDate, NaiveDate)> {
    Ok(match choice.range.as_deref() {
        Some("week") => (
            today - Duration::days(today.weekday().num_days_from_monday().into()),
            today,
        ),
        Some("30") => (today - Duration::days(29), today),
        Some("today") => (today, today),
        _ => crate::footfall::period(choice.from.as_deref(), choice.to.as_deref(), today)?,
    })
}

pub async fn page(
    State(state): State<AppState>,
    QueryParams(choice): QueryParams<Choice>,
    session: Result<SessionAuth, AppError>,
) -> AppResult<Response> {
    let tag = if choice.lang.as_deref() == Some("en") {
        "en"
    } else {
        "sv"
    };
    let Some(me) = session
        .ok()
        .map(|s| (s.account, s.csrf_token))
        .filter(|(a, _)| a.role.reads_statistics())
    else {
        return Ok(Redirect::to(&format!("/?lang={tag}")).into_response());
    };
    let t = Texts {
        catalog: &state.catalog,
        tag,
    };
    // A site that does not exist (an old bookmark) is said, over all sites.
    let (unknown_site, sites): (bool, Vec<Site>) = match choice.site.as_deref() {
        None | Some("") | Some("all") => (false, state.config.sites.clone()),
        Some(id) => match state.config.site(id) {
            Some(site) => (false, vec![site.clone()]),
            None => (true, state.config.sites.clone()),
        },
    };
    let today: NaiveDate = local_day(sites[0].timezone, crate::clock::now_ms())
        .parse()
        .map_err(anyhow::Error::from)?;
    // A period that cannot be shown is said in a sentence, over today's.
    let (mut refusal, (from, to)) = match period(&choice, today) {
        Ok(period) => (None, period),
        Err(e) => (Some(super::refusal(&t, &e)), (today, today)),
    };
    if unknown_site {
        refusal = Some(super::refusal_text(&t, "not_found"));
    }
    let days = state
        .store
        .figures(
            sites.iter().map(|s| s.id.clone()).collect(),
            from,
            to,
            crate::clock::now_ms(),
        )
        .await?;
    let site_param = match &choice.site {
        Some(id) if !unknown_site && !id.is_empty() => id.clone(),
        _ => "all".into(),
    };
    let body = render(
        &state,
        &t,
        (&me.0.name, &me.1),
        &site_param,
        (from, to),
        &days,
        refusal.as_deref(),
    );
    Ok(layout(
        tag,
        &t.get("dashboard-title"),
        "staff dashboard",
        "workstation.js",
        body,
    )
    .into_response())
}

/// Sums over sites and days.
struct Summary {
    visits: u32,
    open_days: usize,
    no_shows: u32,
    left_waiting: u32,
    appointments: u32,
    interpreters: u32,
    by_hour: Vec<u32>,
    by_day: BTreeMap<String, u32>,
    by_errand: BTreeMap<String, u32>,
    by_language: BTreeMap<String, u32>,
    /// Per date: the median and 90th percentile wait in minutes (the middle
    /// of the sites' figures when several are shown).
    wait_by_day: BTreeMap<String, (f64, f64)>,
    typical_wait_min: Option<u64>,
    typical_service_min: Option<u64>,
    help_requests: u32,
    /// How long until someone answered a help request, in minutes (typical day).
    typical_help_min: Option<u64>,
    booked: u32,
    booked_arrived: u32,
    booked_not_arrived: u32,
    /// From the booked time to the call, in minutes (typical day).
    typical_booked_wait_min: Option<u64>,
    /// Visitors called out of turn, and why.
    out_of_turn: u32,
    out_of_turn_by_reason: BTreeMap<String, u32>,
}

fn middle(mut values: Vec<u64>) -> Option<u64> {
    values.sort_unstable();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

fn summarise(days: &[SiteDay]) -> Summary {
    let mut s = Summary {
        visits: 0,
        open_days: 0,
        no_shows: 0,
        left_waiting: 0,
        appointments: 0,
        interpreters: 0,
        by_hour: vec![0; 24],
        by_day: BTreeMap::new(),
        by_errand: BTreeMap::new(),
        by_language: BTreeMap::new(),
        wait_by_day: BTreeMap::new(),
        typical_wait_min: None,
        typical_service_min: None,
        help_requests: 0,
        typical_help_min: None,
        booked: 0,
        booked_arrived: 0,
        booked_not_arrived: 0,
        typical_booked_wait_min: None,
        out_of_turn: 0,
        out_of_turn_by_reason: BTreeMap::new(),
    };
    let mut booked_waits = Vec::new();
    let mut help_times = Vec::new();
    let mut open = std::collections::BTreeSet::new();
    let mut waits: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    let (mut all_waits, mut all_services) = (Vec::new(), Vec::new());
    for d in days {
        let f = &d.figures;
        s.visits += f.visits;
        s.no_shows += f.no_shows;
        s.left_waiting += f.left_waiting;
        s.appointments += f.appointments;
        s.interpreters += f.interpreters;
        s.help_requests += f.help_requests;
        if let Some(m) = f.help_acknowledged_s.median {
            help_times.push(m);
        }
        s.booked += f.booked;
        s.booked_arrived += f.booked_arrived;
        s.booked_not_arrived += f.booked_not_arrived;
        s.out_of_turn += f.called_out_of_turn;
        for (reason, n) in &f.out_of_turn_by_reason {
            *s.out_of_turn_by_reason.entry(reason.clone()).or_default() += n;
        }
        if let Some(m) = f.booked_wait_s.median {
            booked_waits.push(m);
        }
        *s.by_day.entry(d.date.clone()).or_default() += f.visits;
        if f.visits > 0 {
            open.insert(d.date.clone());
        }
        for (h, n) in f.by_hour.iter().enumerate() {
            s.by_hour[h] += n;
        }
        for (k, n) in &f.by_errand {
            *s.by_errand.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &f.by_language {
            *s.by_language.entry(k.clone()).or_default() += n;
        }
        if let (Some(m), Some(p)) = (f.wait_s.median, f.wait_s.p90) {
            waits.entry(d.date.clone()).or_default().push((m, p));
            all_waits.push(m);
        }
        if let Some(m) = f.service_s.median {
            all_services.push(m);
        }
    }
    s.open_days = open.len();
    for (date, values) in waits {
        let m = middle(values.iter().map(|v| v.0).collect()).unwrap_or(0) as f64 / 60.0;
        let p = middle(values.iter().map(|v| v.1).collect()).unwrap_or(0) as f64 / 60.0;
        s.wait_by_day.insert(date, (m, p));
    }
    s.typical_wait_min = middle(all_waits).map(|v| (v + 30) / 60);
    s.typical_service_min = middle(all_services).map(|v| (v + 30) / 60);
    s.typical_help_min = middle(help_times).map(|v| (v + 30) / 60);
    s.typical_booked_wait_min = middle(booked_waits).map(|v| (v + 30) / 60);
    s
}

fn svg(
    draw: impl FnOnce(
        DrawingArea<SVGBackend, plotters::coord::Shift>,
    ) -> Result<(), Box<dyn std::error::Error + '_>>,
) -> Markup {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
        if let Err(e) = draw(root) {
            tracing::error!(error = %e, "a chart could not be drawn");
        }
    }
    PreEscaped(out)
}

/// Vertical bars with a label under each (every `every`th), on a plain
/// numeric axis where bar `i` spans `i..i + 1`: plotters' segmented axes
/// either add an empty segment after the last bar or, with one bar, draw it
/// without width. The labels are written under the bars' centres by hand.
fn columns(title: &str, labels: &[String], values: &[u32], every: usize) -> Markup {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let n = labels.len().max(1) as f64;
    svg(|root| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(44)
            .build_cartesian_2d(0f64..n, 0u32..max + max / 8 + 1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .draw()?;
        chart.draw_series(values.iter().enumerate().map(|(i, v)| {
            let mut bar = Rectangle::new([(i as f64, 0), (i as f64 + 1.0, *v)], ACCENT.filled());
            bar.set_margin(0, 0, 2, 2);
            bar
        }))?;
        let style =
            TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, label) in labels.iter().enumerate().step_by(every.max(1)) {
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0));
            root.draw(&Text::new(label.clone(), (x, y + 6), style.clone()))?;
        }
        root.present()?;
        Ok(())
    })
}

/// Horizontal bars, largest first, for long labels; written beside the
/// bars by hand, as in [`columns`].
fn rows(title: &str, items: &[(String, u32)]) -> Markup {
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    let n = items.len().max(1) as f64;
    svg(|root| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(280)
            .build_cartesian_2d(0u32..max + max / 8 + 1, 0f64..n)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .y_label_formatter(&|_| String::new())
            .draw()?;
        // The largest at the top.
        let top = |i: usize| n - i as f64;
        chart.draw_series(items.iter().enumerate().map(|(i, (_, v))| {
            let mut bar = Rectangle::new([(0, top(i) - 1.0), (*v, top(i))], ACCENT.filled());
            bar.set_margin(2, 2, 0, 0);
            bar
        }))?;
        let style = TextStyle::from(("sans-serif", 13).into_font())
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (label, _)) in items.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(0, top(i) - 0.5));
            root.draw(&Text::new(label.clone(), (x - 8, y), style.clone()))?;
        }
        root.present()?;
        Ok(())
    })
}

/// Two lines, told apart by their markers as well as their colour.
fn wait_lines(
    lang: &str,
    title: &str,
    dates: &[String],
    values: &[(f64, f64)],
    median: &str,
    p90: &str,
) -> Markup {
    let max = values.iter().map(|v| v.1).fold(1.0, f64::max);
    svg(|root| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(44)
            .build_cartesian_2d(0usize..dates.len().max(1), 0f64..max * 1.15)?;
        let every = dates.len().div_ceil(8).max(1);
        chart
            .configure_mesh()
            .x_labels(dates.len().clamp(1, 8))
            .x_label_formatter(&|i| {
                if i % every == 0 {
                    dates
                        .get(*i)
                        .map(|d| d[5..].to_string())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            // Minutes, with the page's decimal separator.
            .y_label_formatter(&|m| super::numbers::decimal(lang, *m, 1))
            .draw()?;
        chart
            .draw_series(LineSeries::new(
                values.iter().enumerate().map(|(i, v)| (i, v.0)),
                ACCENT.stroke_width(3),
            ))?
            .label(median)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], ACCENT.stroke_width(3)));
        chart.draw_series(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| Circle::new((i, v.0), 4, ACCENT.filled())),
        )?;
        chart
            .draw_series(LineSeries::new(
                values.iter().enumerate().map(|(i, v)| (i, v.1)),
                SECOND.stroke_width(2),
            ))?
            .label(p90)
            .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, SECOND.filled()));
        chart.draw_series(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| TriangleMarker::new((i, v.1), 6, SECOND.filled())),
        )?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    })
}

/// The page: `who` is the reader's name and CSRF token, `refusal` the
/// sentence saying why the period asked for could not be shown.
fn render(
    state: &AppState,
    t: &Texts,
    (name, csrf): (&str, &str),
    site: &str,
    (from, to): (NaiveDate, NaiveDate),
    days: &[SiteDay],
    refusal: Option<&str>,
) -> Markup {
    let s = summarise(days);
    let lang = t.tag;
    let link = |range: &str| format!("/dashboard?lang={lang}&site={site}&range={range}");
    let csv = format!("/api/v1/stats/footfall?site={site}&from={from}&to={to}&format=csv");
    // Counts as the page's language writes them ("12 345" in Swedish).
    let count = |n: u32| super::numbers::whole(lang, n.into());
    let minutes = |m: Option<u64>| {
        m.map(|m| t.with("minutes", &[("minutes", Arg::Num(m as i64))]))
            .unwrap_or_else(|| "–".into())
    };
    let average = if s.open_days > 0 {
        super::numbers::decimal(lang, f64::from(s.visits) / s.open_days as f64, 1)
    } else {
        "–".into()
    };
    let hours: Vec<String> = (0..24).map(|h| format!("{h:02}")).collect();
    let dates: Vec<String> = s.by_day.keys().cloned().collect();
    let per_day: Vec<u32> = s.by_day.values().copied().collect();
    let day_labels: Vec<String> = dates.iter().map(|d| d[5..].to_string()).collect();
    let mut errands: Vec<(String, u32)> = s
        .by_errand
        .iter()
        .map(|(k, v)| (t.get(&format!("errand-{k}")), *v))
        .collect();
    errands.sort_by_key(|e| std::cmp::Reverse(e.1));
    let mut languages: Vec<(String, u32)> = s
        .by_language
        .iter()
        .map(|(k, v)| (format!("{} ({k})", t.catalog.text(k, "language-name")), *v))
        .collect();
    languages.sort_by_key(|l| std::cmp::Reverse(l.1));
    let wait_dates: Vec<String> = s.wait_by_day.keys().cloned().collect();
    let wait_values: Vec<(f64, f64)> = s.wait_by_day.values().copied().collect();
    html! {
        header.top {
            h1 { (t.get("dashboard-title")) }
            p.who { (name) }
            nav aria-label=(t.get("nav-account")) {
                a href=(format!("/overview?lang={lang}")) { (t.get("open-overview")) }
                a href=(format!("/account?lang={lang}")) { (t.get("account-title")) }
                a href=(format!("/dashboard?lang={}&site={site}&from={from}&to={to}", if lang == "en" { "sv" } else { "en" })) { (t.get("switch-language")) }
                button type="button" data-action="logout" data-csrf=(csrf) { (t.get("logout")) }
            }
        }
        main.dashboard {
            @if let Some(refusal) = refusal {
                p.error role="alert" { (refusal) }
            }
            nav.ranges aria-label=(t.get("nav-ranges")) {
                a href=(link("today")) { (t.get("range-today")) }
                a href=(link("week")) { (t.get("range-week")) }
                a href=(link("30")) { (t.get("range-30")) }
            }
            form.period method="get" action="/dashboard" {
                input type="hidden" name="lang" value=(lang);
                label { (t.get("field-site"))
                    select name="site" {
                        option value="all" selected[site == "all"] { (t.get("all-sites")) }
                        @for s in &state.config.sites {
                            option value=(s.id) selected[site == s.id] { (s.name) }
                        }
                    }
                }
                label { (t.get("field-from")) input type="date" name="from" value=(from); }
                label { (t.get("field-to")) input type="date" name="to" value=(to); }
                button.primary type="submit" { (t.get("show")) }
                a #csv.button href=(csv) download { (t.get("download-csv")) }
            }
            p.period { (from) " – " (to) }
            dl.kpis {
                div { dt { (t.get("kpi-visits")) } dd #kpi-visits { (count(s.visits)) } }
                div { dt { (t.get("kpi-daily-average")) } dd { (average) } }
                div { dt { (t.get("kpi-median-wait")) } dd { (minutes(s.typical_wait_min)) } }
                div { dt { (t.get("kpi-median-service")) } dd { (minutes(s.typical_service_min)) } }
                div { dt { (t.get("kpi-no-shows")) } dd { (count(s.no_shows)) } }
                div { dt { (t.get("kpi-left-waiting")) } dd { (count(s.left_waiting)) } }
                div { dt { (t.get("kpi-appointments")) } dd { (count(s.appointments)) } }
                div { dt { (t.get("kpi-interpreters")) } dd { (count(s.interpreters)) } }
                div { dt { (t.get("kpi-help-requests")) } dd #kpi-help-requests { (count(s.help_requests)) } }
                div { dt { (t.get("kpi-help-time")) } dd { (minutes(s.typical_help_min)) } }
                div { dt { (t.get("kpi-booked")) } dd #kpi-booked { (count(s.booked)) } }
                div { dt { (t.get("kpi-booked-arrived")) } dd #kpi-booked-arrived { (count(s.booked_arrived)) } }
                div { dt { (t.get("kpi-booked-not-arrived")) } dd { (count(s.booked_not_arrived)) } }
                div { dt { (t.get("kpi-booked-wait")) } dd { (minutes(s.typical_booked_wait_min)) } }
                div {
                    dt { (t.get("kpi-out-of-turn")) }
                    dd #kpi-out-of-turn { (count(s.out_of_turn)) }
                    @for reason in CallReason::ALL {
                        @if let Some(n) = s.out_of_turn_by_reason.get(reason.as_str()) {
                            dd.reason data-reason=(reason.as_str()) { (t.get(&format!("call-reason-{}", reason.as_str()))) ": " (count(*n)) }
                        }
                    }
                }
            }
            @if s.visits == 0 {
                p.note { (t.get("no-data")) }
            } @else {
                div.charts {
                    figure { (columns(&t.get("chart-by-hour"), &hours, &s.by_hour, 2)) }
                    figure { (columns(&t.get("chart-by-day"), &day_labels, &per_day, dates.len().div_ceil(10))) }
                    figure { (rows(&t.get("chart-by-errand"), &errands)) }
                    figure { (rows(&t.get("chart-by-language"), &languages)) }
                    @if !wait_values.is_empty() {
                        figure { (wait_lines(lang, &t.get("chart-wait"), &wait_dates, &wait_values, &t.get("legend-median"), &t.get("legend-p90"))) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The accent-filled rectangles of a chart: (x, width) of each bar.
    fn bars(svg: &str) -> Vec<(f64, f64)> {
        let attr = |rect: &str, name: &str| -> f64 {
            let start = rect.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            rect[start..].split('"').next().unwrap().parse().unwrap()
        };
        svg.split("<rect")
            .skip(1)
            .map(|r| &r[..r.find("/>").unwrap()])
            .filter(|r| r.to_ascii_uppercase().contains("#0B5D52"))
            .map(|r| (attr(r, "x"), attr(r, "width")))
            .collect()
    }

    #[test]
    fn bars_fill_the_chart_without_an_empty_segment_after_the_last() {
        for n in [1u32, 3, 24] {
            let labels: Vec<String> = (0..n).map(|i| format!("l{i}")).collect();
            let values: Vec<u32> = (1..=n).collect();
            let svg = columns("t", &labels, &values, 1).into_string();
            let bars = bars(&svg);
            assert_eq!(bars.len(), n as usize, "{svg}");
            let (x, w) = bars[n as usize - 1];
            // The plot ends 12 px from the right edge of a 640 px chart;
            // the last bar's margin is 2 px. Every bar has its width.
            assert!(
                x + w >= 640.0 - 12.0 - 4.0,
                "{n} bars: the last ends at {}",
                x + w
            );
            assert!(
                bars.iter().all(|(_, w)| *w > 250.0 / f64::from(n)),
                "{bars:?}"
            );
            for label in &labels {
                assert!(
                    svg.contains(&format!("\n{label}\n")),
                    "{label} missing: {svg}"
                );
            }
        }
    }

    #[test]
    fn ranges_are_today_this_week_and_the_last_thirty_days() {
        let today: NaiveDate = "2026-11-26".parse().unwrap(); // a Thursday
        let choose = |range: &str| {
            period(
                &Choice {
                    range: Some(range.into()),
                    ..Choice::default()
                },
                today,
            )
            .unwrap()
        };
        assert_eq!(choose("today"), (today, today));
        assert_eq!(choose("week").0.to_string(), "2026-11-23");
        assert_eq!(choose("30").0.to_string(), "2026-10-28");
        let custom = Choice {
            from: Some("2026-01-01".into()),
            to: Some("2026-01-31".into()),
            ..Choice::default()
        };
        assert_eq!(period(&custom, today).unwrap().1.to_string(), "2026-01-31");
        let backwards = Choice {
            from: Some("2026-02-01".into()),
            to: Some("2026-01-31".into()),
            ..Choice::default()
        };
        assert!(period(&backwards, today).is_err());
    }
}
