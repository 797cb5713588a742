//! The worker that owns the outbox and talks to the server, on a thread of
//! its own so the touchscreen never waits for the disk or the network.
//!
//! A check-in is recorded in the outbox first; then the server is asked with
//! a short deadline. If no answer comes in time the kiosk gives a number from
//! its own range. Whatever is unsent is sent again later, in order, with
//! capped exponential backoff and jitter, and marked sent only after a 2xx.
//! The server recognises repeats by id, so a late answer does no harm.

use std::{sync::Arc, time::Duration};

use protocol::{
    CheckinRequest, CheckinResponse, ErrorBody, KioskConfig, KioskHealth, PrinterState,
    UNKNOWN_APPOINTMENT_CODE,
};
use rand::Rng;
use reqwest::StatusCode;
use tokio::{
    sync::mpsc,
    time::{sleep_until, timeout, Instant},
};

use crate::{
    outbox::Outbox,
    settings::Settings,
    visit::{Issued, Visit},
};

/// How long a visitor waits for the server before the kiosk gives its own number.
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(2);
/// Every request has a deadline, so a hanging server never hangs the worker.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONFIG_REFRESH: Duration = Duration::from_secs(300);
/// The health report: soon after start, then every minute (the server
/// tells staff of a kiosk silent for three).
const HEALTH_FIRST: Duration = Duration::from_secs(2);
const HEALTH_EVERY: Duration = Duration::from_secs(60);
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_CAP: Duration = Duration::from_secs(60);

/// What the worker tells the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The site's configuration, from the cache at start and then from the server.
    Config(KioskConfig),
    /// For the staff mark: connected, and check-ins not yet sent.
    Status { online: bool, unsent: u32 },
}

/// Called on the worker thread with the number to show.
pub type OnIssued = Box<dyn FnOnce(Issued) + Send>;

/// Called with whether the staff were told of a help request.
pub type OnHelp = Box<dyn FnOnce(bool) + Send>;

/// How long a help request may take before the visitor is told to ask at
/// the reception instead.
pub const HELP_DEADLINE: Duration = Duration::from_secs(3);

/// The kiosk's way to its outbox and the server. The real one is [`Worker`];
/// UI tests put a fake in its place.
pub trait CheckinPort {
    fn check_in(&self, visit: Visit, on_issued: OnIssued);

    /// Tells the staff at once that a visitor (speaking `language`) needs
    /// help. Never through the outbox: help an hour late is no help.
    fn ask_for_help(&self, language: String, on_answer: OnHelp);

    /// The printer's state after a ticket (`printing::Answer::printer`), for
    /// the kiosk's health report.
    fn printer_state(&self, _state: PrinterState) {}
}

/// A kiosk that sends nowhere: for rendering screens and measuring them.
pub struct Unconnected;

impl CheckinPort for Unconnected {
    fn check_in(&self, _: Visit, _: OnIssued) {}

    fn ask_for_help(&self, _: String, on_answer: OnHelp) {
        on_answer(false);
    }
}

enum Command {
    CheckIn(Visit, OnIssued),
    Help(String, OnHelp),
    Printer(PrinterState),
}

/// The kiosk's side of the worker. Answers come on the worker's thread;
/// the kiosk posts them to its mailbox for the UI thread (`app::Mailbox`).
pub struct Worker {
    commands: mpsc::UnboundedSender<Command>,
}

impl CheckinPort for Worker {
    fn check_in(&self, visit: Visit, on_issued: OnIssued) {
        if self
            .commands
            .send(Command::CheckIn(visit, on_issued))
            .is_err()
        {
            tracing::error!("the sync worker has stopped; the check-in was not recorded");
        }
    }

    fn ask_for_help(&self, language: String, on_answer: OnHelp) {
        if let Err(mpsc::error::SendError(Command::Help(_, on_answer))) =
            self.commands.send(Command::Help(language, on_answer))
        {
            tracing::error!("the sync worker has stopped; help could not be asked for");
            on_answer(false);
        }
    }

    fn printer_state(&self, state: PrinterState) {
        let _ = self.commands.send(Command::Printer(state));
    }
}

impl Worker {
    /// Opens the outbox and starts the worker thread. `report` is called on
    /// that thread and hands what it gets to the UI, as the answers to
    /// check-ins and help requests do.
    pub fn start(
        settings: &Settings,
        report: impl Fn(Report) + Send + 'static,
    ) -> anyhow::Result<Worker> {
        let outbox = Outbox::open(&settings.database)?;
        let client = Client::new(settings)?;
        let printer = settings.printer.clone();
        let (commands, rx) = mpsc::unbounded_channel();
        std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime for the sync worker");
                runtime.block_on(
                    SyncLoop {
                        outbox,
                        client,
                        report: Box::new(report),
                        config: None,
                        online: true,
                        health: Arc::new(Health::new(printer)),
                    }
                    .run(rx),
                );
            })?;
        Ok(Worker { commands })
    }
}

/// The server's answer, sorted by what the kiosk should do with it.
#[derive(Debug)]
pub enum Sent {
    Accepted(CheckinResponse),
    /// A 4xx the server will give every time: keep it, stop sending it.
    Refused(String),
    /// The server slows this kiosk's codes down (someone typed wrong codes
    /// at it): send it again later, and the check-ins after it meanwhile.
    Braked,
    /// Network down, timeout, 5xx, or a token problem: try again later.
    NotNow(String),
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    pub fn new(settings: &Settings) -> anyhow::Result<Client> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(3))
            .build()?;
        Ok(Client {
            http,
            base: settings.server_url.clone(),
            token: settings.token.clone(),
        })
    }

    pub async fn config(&self) -> Result<KioskConfig, String> {
        let res = self
            .http
            .get(format!("{}/api/v1/kiosk/config", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !res.status().is_success() {
            return Err(format!("the server answered {}", res.status()));
        }
        res.json().await.map_err(|e| e.to_string())
    }

    /// `POST /api/v1/kiosk/health`: this kiosk's outbox and printer. A
    /// report that does not arrive is not retried: the next one comes soon.
    pub async fn health(&self, report: &KioskHealth) {
        let request = self
            .http
            .post(format!("{}/api/v1/kiosk/health", self.base))
            .bearer_auth(&self.token)
            .json(report)
            .send();
        match timeout(HELP_DEADLINE, request).await {
            Ok(Ok(res)) if res.status().is_success() => {}
            Ok(Ok(res)) => {
                tracing::warn!(status = %res.status(), "the server refused the health report")
            }
            Ok(Err(e)) => tracing::debug!(error = %e, "the health report could not be sent"),
            Err(_) => tracing::debug!("the health report took too long"),
        }
    }

    /// `POST /api/v1/kiosk/help`: whether the staff were told in time.
    pub async fn help(&self, language: &str) -> bool {
        let body = serde_json::json!({
            "id": uuid::Uuid::new_v4(),
            "language": language,
            "created_at": chrono::Utc::now().to_rfc3339(),
        });
        let request = self
            .http
            .post(format!("{}/api/v1/kiosk/help", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send();
        match timeout(HELP_DEADLINE, request).await {
            Ok(Ok(res)) if res.status().is_success() => true,
            Ok(Ok(res)) => {
                tracing::warn!(status = %res.status(), "the server refused the help request");
                false
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the help request could not be sent");
                false
            }
            Err(_) => {
                tracing::warn!("the help request took too long");
                false
            }
        }
    }

    pub async fn send(&self, request: &CheckinRequest) -> Sent {
        let res = match self
            .http
            .post(format!("{}/api/v1/checkins", self.base))
            .bearer_auth(&self.token)
            .json(request)
            .send()
            .await
        {
            Ok(res) => res,
            Err(e) => return Sent::NotNow(e.to_string()),
        };
        let status = res.status();
        if status.is_success() {
            return match res.json().await {
                Ok(body) => Sent::Accepted(body),
                Err(e) => Sent::NotNow(format!("unreadable answer: {e}")),
            };
        }
        let code = res
            .json::<ErrorBody>()
            .await
            .map(|b| b.error)
            .unwrap_or_else(|_| status.to_string());
        if status == StatusCode::TOO_MANY_REQUESTS && request.appointment_code.is_some() {
            return Sent::Braked;
        }
        match status {
            // A revoked token or a busy server are someone's to fix, and then
            // the check-in goes through: never drop it for them.
            StatusCode::UNAUTHORIZED
            | StatusCode::FORBIDDEN
            | StatusCode::REQUEST_TIMEOUT
            | StatusCode::TOO_MANY_REQUESTS => Sent::NotNow(code),
            s if s.is_client_error() => Sent::Refused(code),
            _ => Sent::NotNow(code),
        }
    }
}

/// `first · 2^failures`, capped, then scaled by a random factor in [0.5, 1)
/// so that kiosks coming back together do not all knock at once.
pub fn backoff(failures: u32) -> Duration {
    let exp = BACKOFF_FIRST.saturating_mul(2u32.saturating_pow(failures.min(16)));
    exp.min(BACKOFF_CAP)
        .mul_f64(rand::thread_rng().gen_range(0.5..1.0))
}

struct SyncLoop {
    outbox: Outbox,
    client: Client,
    report: Box<dyn Fn(Report) + Send>,
    config: Option<KioskConfig>,
    online: bool,
    /// What the health report says, shared with its own task.
    health: Arc<Health>,
}

/// The kiosk's health report, sent by a task of its own so that a printer
/// that does not answer, or a slow server, never holds up a check-in.
struct Health {
    printer: Option<crate::settings::Printer>,
    /// As the last ticket or status query found it; "none" without a printer.
    printer_state: std::sync::Mutex<PrinterState>,
    unsent: std::sync::atomic::AtomicU32,
    /// Send now: a ticket did not print.
    now: tokio::sync::Notify,
}

impl Health {
    fn new(printer: Option<crate::settings::Printer>) -> Health {
        Health {
            printer,
            printer_state: std::sync::Mutex::new(PrinterState::None),
            unsent: Default::default(),
            now: tokio::sync::Notify::new(),
        }
    }

    /// Soon after start, then every minute (asking the printer first), and
    /// at once when told.
    async fn run(self: Arc<Self>, client: Client) {
        let mut next = Instant::now() + HEALTH_FIRST;
        loop {
            tokio::select! {
                _ = sleep_until(next) => {
                    self.ask_printer().await;
                    next = Instant::now() + HEALTH_EVERY;
                }
                _ = self.now.notified() => {}
            }
            let report = KioskHealth {
                outbox: self.unsent.load(std::sync::atomic::Ordering::Relaxed),
                printer: *self.printer_state.lock().expect("health"),
            };
            client.health(&report).await;
        }
    }

    /// Asks the printer how it is, off the runtime's thread and never while
    /// a ticket is printing: paper put in again clears the staff's notice
    /// without waiting for a ticket.
    async fn ask_printer(&self) {
        let Some(printer) = self.printer.clone() else {
            return;
        };
        let asked = tokio::task::spawn_blocking(move || {
            crate::printing::unless_printing(|| {
                crate::printer::status(&printer.address, Duration::from_secs(5))
            })
        });
        let state = match timeout(Duration::from_secs(6), asked).await {
            Ok(Ok(Some(Ok(health)))) => crate::printing::state_of(health),
            // Printing right now: the ticket's answer tells.
            Ok(Ok(None)) => return,
            _ => PrinterState::Unreachable,
        };
        *self.printer_state.lock().expect("health") = state;
    }
}

impl SyncLoop {
    async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        match self.outbox.cached_config() {
            Ok(Some(config)) => {
                (self.report)(Report::Config(config.clone()));
                self.config = Some(config);
            }
            Ok(None) => tracing::warn!("no cached site configuration yet; waiting for the server"),
            Err(e) => tracing::error!(error = %e, "cannot read the cached configuration"),
        }
        self.report_status();
        let mut next_config = Instant::now();
        let mut next_flush = Instant::now();
        tokio::spawn(self.health.clone().run(self.client.clone()));
        let mut config_failures = 0;
        let mut flush_failures = 0;
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    None => break,
                    Some(Command::Help(language, on_answer)) => {
                        // Beside whatever the loop is doing: a flush that
                        // waits on a slow server must not hold up help.
                        let client = self.client.clone();
                        tokio::spawn(async move { on_answer(client.help(&language).await) });
                        continue;
                    }
                    Some(Command::Printer(state)) => {
                        // Staff hear of a printer that stopped at once.
                        *self.health.printer_state.lock().expect("health") = state;
                        self.health.now.notify_one();
                        continue;
                    }
                    Some(Command::CheckIn(visit, on_issued)) => {
                        next_flush = if self.check_in(visit, on_issued).await {
                            // Reachable again: send what waited, now.
                            Instant::now()
                        } else {
                            Instant::now() + backoff(flush_failures)
                        };
                        continue;
                    }
                },
                _ = sleep_until(next_config.min(next_flush)) => {}
            }
            let now = Instant::now();
            if now >= next_config {
                next_config = if self.refresh_config().await {
                    config_failures = 0;
                    now + CONFIG_REFRESH
                } else {
                    config_failures += 1;
                    now + backoff(config_failures)
                };
            }
            if now >= next_flush {
                next_flush = if self.flush().await {
                    flush_failures = 0;
                    // Nothing left: the next check-in or config refresh wakes us.
                    now + CONFIG_REFRESH
                } else {
                    flush_failures += 1;
                    now + backoff(flush_failures)
                };
            }
        }
    }

    fn report_status(&self) {
        let unsent = self.outbox.unsent_count().unwrap_or(0);
        self.health
            .unsent
            .store(unsent, std::sync::atomic::Ordering::Relaxed);
        (self.report)(Report::Status {
            online: self.online,
            unsent,
        });
    }

    async fn refresh_config(&mut self) -> bool {
        match self.client.config().await {
            Ok(config) => {
                if let Some(days) = config.retention_days {
                    if let Err(e) = self.outbox.forget_older_than(days) {
                        tracing::error!(error = %e, "cannot forget old check-ins");
                    }
                }
                if self.config.as_ref() != Some(&config) {
                    if let Err(e) = self.outbox.cache_config(&config) {
                        tracing::error!(error = %e, "cannot cache the site configuration");
                    }
                    (self.report)(Report::Config(config.clone()));
                    self.config = Some(config);
                }
                self.set_online(true);
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot fetch the site configuration");
                self.set_online(false);
                false
            }
        }
    }

    fn set_online(&mut self, online: bool) {
        if self.online != online {
            self.online = online;
            self.report_status();
        }
    }

    /// Records, asks the server briefly, and falls back to an offline number.
    /// Returns whether the server answered.
    async fn check_in(&mut self, visit: Visit, on_issued: OnIssued) -> bool {
        let request = match self.outbox.record(&visit) {
            Ok(request) => request,
            Err(e) => {
                tracing::error!(error = %e, "cannot record a check-in in the outbox");
                on_issued(Issued::default());
                return false;
            }
        };
        self.report_status();
        match timeout(ANSWER_DEADLINE, self.client.send(&request)).await {
            Ok(Sent::Accepted(answer)) => {
                if let Err(e) = self.outbox.mark_sent(request.id, &answer.number) {
                    tracing::error!(error = %e, "cannot mark a check-in sent; it will be sent again");
                }
                on_issued(Issued {
                    number: Some(answer.number),
                    people_ahead: Some(answer.people_ahead),
                    wait: Some(answer.estimated_wait_min),
                    status_url: Some(answer.status_url),
                    booked: answer.appointment.is_some(),
                    ..Issued::default()
                });
                self.online = true;
                self.report_status();
                true
            }
            Ok(Sent::Refused(code)) if code == UNKNOWN_APPOINTMENT_CODE => {
                // Nothing was stored: the visitor may type the code again,
                // or go on without it, as a new check-in.
                if let Err(e) = self.outbox.mark_rejected(request.id, &code) {
                    tracing::error!(error = %e, "cannot mark a check-in refused");
                }
                on_issued(Issued {
                    code_refused: true,
                    ..Issued::default()
                });
                self.online = true;
                self.report_status();
                true
            }
            Ok(Sent::Braked) => {
                // The server is there; the code waits. The visitor gets a
                // number now, and the code is checked when the brake lifts.
                tracing::warn!(
                    "this kiosk's appointment codes are braked; the code will be checked later"
                );
                let number = self.offline_number(&request);
                on_issued(Issued {
                    number,
                    code_unchecked: true,
                    ..Issued::default()
                });
                self.report_status();
                false
            }
            other => {
                if let Ok(Sent::Refused(code)) | Ok(Sent::NotNow(code)) = &other {
                    tracing::warn!(%code, "the server did not take the check-in now");
                } else {
                    tracing::warn!("no answer from the server within {ANSWER_DEADLINE:?}");
                }
                let number = self.offline_number(&request);
                on_issued(Issued {
                    number,
                    code_unchecked: request.appointment_code.is_some(),
                    ..Issued::default()
                });
                self.online = false;
                self.report_status();
                false
            }
        }
    }

    fn offline_number(&mut self, request: &CheckinRequest) -> Option<String> {
        let config = self.config.as_ref()?;
        let prefix = &config
            .errands
            .iter()
            .find(|e| e.id == request.errand)?
            .prefix;
        match self
            .outbox
            .assign_offline_number(request.id, prefix, config.offline_numbers)
        {
            Ok(Some(number)) => Some(number),
            Ok(None) => {
                tracing::error!("today's offline numbers are used up");
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot give an offline number");
                None
            }
        }
    }

    /// Sends everything unsent, oldest first; stops at the first failure so
    /// the order holds. Returns whether nothing is left to retry.
    async fn flush(&mut self) -> bool {
        let unsent = match self.outbox.unsent() {
            Ok(unsent) => unsent,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the outbox");
                return false;
            }
        };
        let mut braked = false;
        for item in unsent {
            let mut request = item.request;
            let mut sent = self.client.send(&request).await;
            if matches!(&sent, Sent::Refused(code) if code == UNKNOWN_APPOINTMENT_CODE) {
                // A code typed while the kiosk was offline names no booked
                // visit: the visitor holds a number, so the check-in goes
                // in without the code and its head start.
                tracing::warn!(id = %request.id, "a code typed offline was not booked; sending the check-in without it");
                if let Err(e) = self.outbox.drop_code(request.id) {
                    tracing::error!(error = %e, "cannot drop the code from a check-in");
                    return false;
                }
                request.appointment_code = None;
                request.appointment = false;
                sent = self.client.send(&request).await;
            }
            match sent {
                Sent::Accepted(answer) => {
                    if let Err(e) = self.outbox.mark_sent(request.id, &answer.number) {
                        tracing::error!(error = %e, "cannot mark a check-in sent");
                        return false;
                    }
                    self.online = true;
                }
                Sent::Refused(code) => {
                    tracing::error!(id = %request.id, %code, "the server refused a check-in for good; kept in the outbox");
                    if let Err(e) = self.outbox.mark_rejected(request.id, &code) {
                        tracing::error!(error = %e, "cannot mark a check-in refused");
                        return false;
                    }
                }
                Sent::NotNow(reason) => {
                    tracing::info!(%reason, "the server cannot take check-ins now; will retry");
                    self.set_online(false);
                    return false;
                }
                // Only this one waits: the visitors after it (their times
                // kept) are not held up by someone's wrong codes.
                Sent::Braked => {
                    braked = true;
                    continue;
                }
            }
            self.report_status();
        }
        self.report_status();
        !braked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_cap_with_jitter() {
        for failures in 0..30 {
            let d = backoff(failures);
            let full = BACKOFF_FIRST
                .saturating_mul(2u32.saturating_pow(failures.min(16)))
                .min(BACKOFF_CAP);
            assert!(d >= full / 2 && d <= full, "{failures}: {d:?} vs {full:?}");
        }
        assert!(backoff(30) <= BACKOFF_CAP);
    }
}
