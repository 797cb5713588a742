//! Footfall: a site's day in figures — visits, per hour, per errand, per
//! language, booked times, interpreters, no-shows, visitors left waiting,
//! waiting and service times in seconds, transfers.
//!
//! [`day_figures`] is a pure function of the day's visits, and the same
//! function folds old tickets into the stored daily aggregates when they are
//! purged: figures for a period are the same before and after a purge.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// What the figures need to know of one visit. Nothing that identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub first_errand: String,
    pub language: String,
    pub appointment: bool,
    pub interpreter: bool,
    /// "waiting", "called", "serving", "done" or "no_show".
    pub status: String,
    /// Unix milliseconds.
    pub checked_in_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub transfers: u32,
    /// Set when a counsellor called this visitor out of turn: why.
    pub call_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seconds {
    pub median: Option<u64>,
    pub p90: Option<u64>,
}

/// One site's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    pub visits: u32,
    /// Check-ins per hour of the site's local day, 0 to 23.
    pub by_hour: Vec<u32>,
    /// Per errand chosen at the kiosk.
    pub by_errand: BTreeMap<String, u32>,
    pub by_language: BTreeMap<String, u32>,
    pub appointments: u32,
    pub interpreters: u32,
    pub no_shows: u32,
    /// Never called by the end of the day (or, for today, not yet).
    pub left_waiting: u32,
    pub transfers: u32,
    /// Check-in to first call.
    pub wait_s: Seconds,
    /// Start of service to done.
    pub service_s: Seconds,
    /// Visitors who asked for help at a kiosk.
    #[serde(default)]
    pub help_requests: u32,
    /// From a help request until someone said they would go.
    #[serde(default)]
    pub help_acknowledged_s: Seconds,
    /// Counsellors' alarms: a count, nothing more.
    #[serde(default)]
    pub alarms: u32,
    /// Visits booked for the day with a code, not cancelled.
    #[serde(default)]
    pub booked: u32,
    /// Of those, the visitor checked in with the code.
    #[serde(default)]
    pub booked_arrived: u32,
    /// Of those, no visitor came with the code (for today: not yet).
    #[serde(default)]
    pub booked_not_arrived: u32,
    /// From the booked time to the first call, for booked visitors who came
    /// (none when called before their time).
    #[serde(default)]
    pub booked_wait_s: Seconds,
    /// Visitors a counsellor called out of turn ("Call this visitor"), and
    /// by reason (booked, interpreter, returning, other).
    #[serde(default)]
    pub called_out_of_turn: u32,
    #[serde(default)]
    pub out_of_turn_by_reason: BTreeMap<String, u32>,
}

/// What the figures keep of one alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertFacts {
    /// A help request (else an alarm).
    pub help: bool,
    pub created_at: i64,
    pub acknowledged_at: Option<i64>,
}

/// Adds a day's alerts to its figures.
pub fn add_alerts(figures: &mut DayFigures, alerts: &[AlertFacts]) {
    let mut acknowledged = Vec::new();
    for a in alerts {
        if a.help {
            figures.help_requests += 1;
            if let Some(at) = a.acknowledged_at {
                acknowledged.push(at.saturating_sub(a.created_at).max(0) as u64 / 1000);
            }
        } else {
            figures.alarms += 1;
        }
    }
    figures.help_acknowledged_s = seconds(acknowledged, false);
}

/// What the figures keep of one booked visit that was not cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingFacts {
    pub arrived: bool,
    /// The booked time.
    pub at: i64,
    /// When the ticket it arrived with was first called.
    pub called_at: Option<i64>,
}

/// Adds a day's booked visits to its figures.
pub fn add_bookings(figures: &mut DayFigures, bookings: &[BookingFacts]) {
    let mut waits = Vec::new();
    for b in bookings {
        figures.booked += 1;
        if b.arrived {
            figures.booked_arrived += 1;
            if let Some(called) = b.called_at {
                waits.push(called.saturating_sub(b.at).max(0) as u64 / 1000);
            }
        } else {
            figures.booked_not_arrived += 1;
        }
    }
    figures.booked_wait_s = seconds(waits, true);
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn seconds(mut values: Vec<u64>, with_p90: bool) -> Seconds {
    values.sort_unstable();
    Seconds {
        median: percentile(&values, 0.5),
        p90: if with_p90 {
            percentile(&values, 0.9)
        } else {
            None
        },
    }
}

/// The figures of one site-day from its visits; `tz` is the site's.
pub fn day_figures(visits: &[Visit], tz: Tz) -> DayFigures {
    let mut f = DayFigures {
        by_hour: vec![0; 24],
        ..DayFigures::default()
    };
    let mut waits = Vec::new();
    let mut services = Vec::new();
    for v in visits {
        f.visits += 1;
        if let Some(local) = tz.timestamp_millis_opt(v.checked_in_at).single() {
            f.by_hour[local.hour() as usize] += 1;
        }
        *f.by_errand.entry(v.first_errand.clone()).or_default() += 1;
        *f.by_language.entry(v.language.clone()).or_default() += 1;
        f.appointments += u32::from(v.appointment);
        f.interpreters += u32::from(v.interpreter);
        f.transfers += v.transfers;
        if let Some(reason) = &v.call_reason {
            f.called_out_of_turn += 1;
            *f.out_of_turn_by_reason.entry(reason.clone()).or_default() += 1;
        }
        match v.status.as_str() {
            "no_show" => f.no_shows += 1,
            "waiting" => f.left_waiting += 1,
            _ => {}
        }
        if let Some(called) = v.called_at {
            waits.push(called.saturating_sub(v.checked_in_at).max(0) as u64 / 1000);
        }
        if let (Some(start), Some(end), "done") = (v.started_at, v.finished_at, v.status.as_str()) {
            services.push(end.saturating_sub(start).max(0) as u64 / 1000);
        }
    }
    f.wait_s = seconds(waits, true);
    f.service_s = seconds(services, false);
    f
}

/// A whole day's figures: its visits, then its alerts and booked visits.
pub fn whole_day(
    visits: &[Visit],
    alerts: &[AlertFacts],
    bookings: &[BookingFacts],
    tz: Tz,
) -> DayFigures {
    let mut figures = day_figures(visits, tz);
    add_alerts(&mut figures, alerts);
    add_bookings(&mut figures, bookings);
    figures
}

/// The longest period one view or request may cover, in days.
pub const MAX_DAYS: i64 = 3 * 366;

/// The period `from`–`to` of a query string (each defaulting to `today`),
/// checked once for the dashboard and the statistics API alike, so that a
/// period the page shows is one its CSV link can fetch.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> AppResult<(NaiveDate, NaiveDate)> {
    let day = |what, s: Option<&str>| match s.filter(|s| !s.is_empty()) {
        Some(s) => parse_date(what, s),
        None => Ok(today),
    };
    let (from, to) = (day("from", from)?, day("to", to)?);
    if from > to {
        return Err(AppError::Unprocessable(
            "invalid_period",
            "from is after to".into(),
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::Unprocessable(
            "period_too_long",
            format!("at most {MAX_DAYS} days at a time"),
        ));
    }
    Ok((from, to))
}

/// Parses a date of the query string.
pub fn parse_date(what: &str, s: &str) -> AppResult<NaiveDate> {
    s.parse().map_err(|_| {
        AppError::Unprocessable(
            "invalid_date",
            format!("{what} must be a date YYYY-MM-DD, not {s:?}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;

    fn at(date: &str, h: u32, m: u32) -> i64 {
        let d: NaiveDate = date.parse().unwrap();
        STOCKHOLM
            .from_local_datetime(&d.and_hms_opt(h, m, 0).unwrap())
            .single()
            .unwrap()
            .timestamp_millis()
    }

    fn visit(date: &str, h: u32, m: u32) -> Visit {
        Visit {
            first_errand: "job".into(),
            language: "sv".into(),
            appointment: false,
            interpreter: false,
            status: "done".into(),
            checked_in_at: at(date, h, m),
            called_at: None,
            started_at: None,
            finished_at: None,
            transfers: 0,
            call_reason: None,
        }
    }

    #[test]
    fn a_small_day_computed_by_hand() {
        let day = "2026-11-23";
        let mut a = visit(day, 9, 0); // waits 10 min, served 20 min
        a.called_at = Some(at(day, 9, 10));
        a.started_at = Some(at(day, 9, 12));
        a.finished_at = Some(at(day, 9, 32));
        let mut b = visit(day, 9, 30); // waits 5 min, a no-show, booked, Arabic, interpreter
        b.language = "ar".into();
        b.appointment = true;
        b.interpreter = true;
        b.status = "no_show".into();
        b.called_at = Some(at(day, 9, 35));
        b.finished_at = Some(at(day, 9, 40));
        let mut c = visit(day, 13, 45); // waits 30 min, served 10, transferred once
        c.first_errand = "benefit".into();
        c.called_at = Some(at(day, 14, 15));
        c.started_at = Some(at(day, 14, 16));
        c.finished_at = Some(at(day, 14, 26));
        c.transfers = 1;
        c.call_reason = Some("interpreter".into()); // called out of turn
        let mut d = visit(day, 15, 50); // never called
        d.status = "waiting".into();
        let f = day_figures(&[a, b, c, d], STOCKHOLM);
        assert_eq!(f.visits, 4);
        assert_eq!((f.by_hour[9], f.by_hour[13], f.by_hour[15]), (2, 1, 1));
        assert_eq!(f.by_hour.iter().sum::<u32>(), 4);
        assert_eq!(
            f.by_errand,
            BTreeMap::from([("benefit".into(), 1), ("job".into(), 3)])
        );
        assert_eq!(
            f.by_language,
            BTreeMap::from([("ar".into(), 1), ("sv".into(), 3)])
        );
        assert_eq!(
            (
                f.appointments,
                f.interpreters,
                f.no_shows,
                f.left_waiting,
                f.transfers
            ),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(f.called_out_of_turn, 1);
        assert_eq!(
            f.out_of_turn_by_reason,
            BTreeMap::from([("interpreter".into(), 1)])
        );
        // Waits 300, 600, 1800 s: median 600, p90 1800. Services 1200, 600: median 600.
        assert_eq!(
            f.wait_s,
            Seconds {
                median: Some(600),
                p90: Some(1800)
            }
        );
        assert_eq!(
            f.service_s,
            Seconds {
                median: Some(600),
                p90: None
            }
        );
    }

    #[test]
    fn hours_follow_local_time_across_the_summer_time_change() {
        // 2026-10-25: clocks go back at 03:00, so 02:00–02:59 happens twice.
        let day = "2026-10-25";
        let first_two = STOCKHOLM
            .with_ymd_and_hms(2026, 10, 25, 2, 30, 0)
            .earliest()
            .unwrap()
            .timestamp_millis();
        let second_two = STOCKHOLM
            .with_ymd_and_hms(2026, 10, 25, 2, 30, 0)
            .latest()
            .unwrap()
            .timestamp_millis();
        assert_eq!(second_two - first_two, 3_600_000);
        let mut early = visit(day, 9, 0);
        early.checked_in_at = first_two;
        let mut late = visit(day, 9, 0);
        late.checked_in_at = second_two;
        let ten = visit(day, 10, 0);
        let f = day_figures(&[early, late, ten], STOCKHOLM);
        assert_eq!((f.by_hour[2], f.by_hour[3], f.by_hour[10]), (2, 0, 1));
        // In spring (2026-03-29) 02:00–02:59 never happens; 01:59 + 1 min is 03:00.
        let before = at("2026-03-29", 1, 59);
        let mut jump = visit("2026-03-29", 9, 0);
        jump.checked_in_at = before + 60_000;
        let f = day_figures(&[jump], STOCKHOLM);
        assert_eq!((f.by_hour[2], f.by_hour[3]), (0, 1));
    }

    #[test]
    fn help_requests_count_with_the_time_until_acknowledged_and_alarms_only_count() {
        let mut f = DayFigures::default();
        let help = |created_at: i64, acknowledged_at: Option<i64>| AlertFacts {
            help: true,
            created_at,
            acknowledged_at,
        };
        add_alerts(
            &mut f,
            &[
                help(0, Some(30_000)),
                help(0, Some(90_000)),
                help(0, Some(60_000)),
                help(0, None),
                AlertFacts {
                    help: false,
                    created_at: 0,
                    acknowledged_at: Some(5_000),
                },
            ],
        );
        assert_eq!((f.help_requests, f.alarms), (4, 1));
        assert_eq!(f.help_acknowledged_s.median, Some(60));
    }

    #[test]
    fn booked_visits_count_with_the_wait_after_their_time() {
        let mut f = DayFigures::default();
        let booked = |arrived, called_at| BookingFacts {
            arrived,
            at: 600_000,
            called_at,
        };
        add_bookings(
            &mut f,
            &[
                booked(true, Some(660_000)),
                // Called before the booked time: no wait after it.
                booked(true, Some(300_000)),
                booked(true, Some(900_000)),
                booked(true, None),
                booked(false, None),
            ],
        );
        assert_eq!(
            (f.booked, f.booked_arrived, f.booked_not_arrived),
            (5, 4, 1)
        );
        assert_eq!(f.booked_wait_s.median, Some(60));
        assert_eq!(f.booked_wait_s.p90, Some(300));
    }

    #[test]
    fn an_empty_day_has_zeros_and_no_times() {
        let f = day_figures(&[], STOCKHOLM);
        assert_eq!(f.visits, 0);
        assert_eq!(f.by_hour, vec![0; 24]);
        assert_eq!(f.wait_s, Seconds::default());
    }
}
