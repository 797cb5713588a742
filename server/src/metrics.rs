//! The figures `GET /metrics` serves in Prometheus's text format: counts and
//! times only, never anything about a visitor (no number, no language, no
//! token). The names live here, so what IT graphs is written in one place.
//!
//! Counters and histograms go to the process's `metrics` recorder as things
//! happen; what is true *now* (who waits, how long, who listens) is read from
//! the store and the hub at each scrape instead, so it can never drift.

use std::{sync::OnceLock, time::Duration};

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Request and commit times, in seconds: from a cached page to a stuck disk.
const SECONDS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];
/// Jobs per store commit: up to the store's batch cap of 256.
const JOBS: [f64; 9] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Histograms keep their samples until a scrape or an upkeep folds them
/// in; without a Prometheus scraping, only this keeps them from piling up.
pub async fn keep_up() {
    let mut every = tokio::time::interval(Duration::from_secs(10));
    loop {
        every.tick().await;
        handle().run_upkeep();
    }
}

/// The process's recorder, installed on first use. Every server of the
/// process (the tests start several) shares it; the counters are the
/// process's, the gauges are set by whoever scrapes.
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS)
            .and_then(|b| b.set_buckets_for_metric(Matcher::Full(BATCH_JOBS.into()), &JOBS))
            .expect("the bucket lists are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Only fails when something else installed a recorder first; then
        // the figures go there and ours stays empty, which the scrape shows.
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics will be empty");
        }
        describe();
        handle
    })
}

const CHECKINS: &str = "vagvisare_checkins_total";
const CALLS: &str = "vagvisare_calls_total";
const REQUESTS: &str = "vagvisare_http_requests_total";
const REQUEST_SECONDS: &str = "vagvisare_http_request_duration_seconds";
const BATCH_JOBS: &str = "vagvisare_store_batch_jobs";
const COMMIT_SECONDS: &str = "vagvisare_store_commit_duration_seconds";
const WAITING: &str = "vagvisare_waiting";
const LONGEST_WAIT: &str = "vagvisare_longest_wait_seconds";
const SUBSCRIBERS: &str = "vagvisare_event_subscribers";
const KIOSK_REPORT_AGE: &str = "vagvisare_kiosk_last_report_age_seconds";
const KIOSK_OUTBOX: &str = "vagvisare_kiosk_outbox";
const KIOSK_PRINTS: &str = "vagvisare_kiosk_printer_ready";

/// The HELP lines: for the people who read the graphs, in the language of
/// the rest of the operator's tooling.
fn describe() {
    describe_counter!(CHECKINS, "New tickets, by site and errand");
    describe_counter!(CALLS, "Visitors called by a counsellor, by site and errand");
    describe_counter!(
        REQUESTS,
        "HTTP requests, by method, route pattern and status"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        "Time to answer an HTTP request (a live stream: to its first byte), by method, route pattern and status"
    );
    describe_histogram!(BATCH_JOBS, "Jobs that shared one store commit");
    describe_histogram!(
        COMMIT_SECONDS,
        "Time of one store commit, disk flush included"
    );
    describe_gauge!(WAITING, "Visitors waiting now, by site and errand");
    describe_gauge!(
        LONGEST_WAIT,
        "How long the longest-waiting visitor has waited, by site and errand (0 when nobody waits)"
    );
    describe_gauge!(SUBSCRIBERS, "Open live event streams, by site and audience");
    describe_gauge!(
        KIOSK_REPORT_AGE,
        "Seconds since the kiosk last reported (it does every minute)"
    );
    describe_gauge!(
        KIOSK_OUTBOX,
        "Check-ins the kiosk holds that the server has not acknowledged"
    );
    describe_gauge!(
        KIOSK_PRINTS,
        "1 when the kiosk's printer can print (or it has none), 0 when it cannot"
    );
}

pub fn checked_in(site: &str, errand: &str) {
    counter!(CHECKINS, "site" => site.to_string(), "errand" => errand.to_string()).increment(1);
}

pub fn called(site: &str, errand: &str) {
    counter!(CALLS, "site" => site.to_string(), "errand" => errand.to_string()).increment(1);
}

/// `route` is the matched pattern (`/t/{token}`), never the path. Methods
/// outside HTTP's own are counted as `other`: any client may send any
/// method, and each would otherwise open series of its own for good.
pub fn answered(method: &str, route: &str, status: u16, took: Duration) {
    const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];
    let method = KNOWN.into_iter().find(|m| *m == method).unwrap_or("other");
    let labels = [
        ("method", method.to_string()),
        ("route", route.to_string()),
        ("status", status.to_string()),
    ];
    counter!(REQUESTS, &labels).increment(1);
    histogram!(REQUEST_SECONDS, &labels).record(took.as_secs_f64());
}

pub fn committed(jobs: usize, took: Duration) {
    histogram!(BATCH_JOBS).record(jobs as f64);
    histogram!(COMMIT_SECONDS).record(took.as_secs_f64());
}

/// One site's errand as it stands at a scrape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub site: String,
    pub errand: String,
    pub count: usize,
    pub longest_wait_s: u64,
}

pub fn now_waiting(w: &Waiting) {
    let labels = [("site", w.site.clone()), ("errand", w.errand.clone())];
    gauge!(WAITING, &labels).set(w.count as f64);
    gauge!(LONGEST_WAIT, &labels).set(w.longest_wait_s as f64);
}

pub fn now_listening(site: &str, audience: &'static str, streams: usize) {
    gauge!(SUBSCRIBERS, "site" => site.to_string(), "audience" => audience).set(streams as f64);
}

/// A kiosk's last report, for kiosks that have reported since the start.
pub fn now_kiosk(kiosk: &str, age_s: u64, outbox: u32, printer_ready: bool) {
    let labels = [("kiosk", kiosk.to_string())];
    gauge!(KIOSK_REPORT_AGE, &labels).set(age_s as f64);
    gauge!(KIOSK_OUTBOX, &labels).set(f64::from(outbox));
    gauge!(KIOSK_PRINTS, &labels).set(if printer_ready { 1.0 } else { 0.0 });
}
