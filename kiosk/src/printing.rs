//! Printing in a process of its own: `kiosk print-ticket` reads a ticket as
//! JSON, draws it (the drawing thread's Slint platform draws into memory,
//! which the window's cannot), sends it and answers as JSON; the kiosk runs
//! it off its window's thread and kills it if it outlives its time, so a
//! printer that hangs can hang nothing else. `kiosk print-test` is the
//! same with a sample ticket, for whoever installs the printer.

use std::{
    io::{Read, Write},
    path::PathBuf,
    process::{Command, Stdio},
    sync::Mutex,
    time::{Duration, Instant},
};

use protocol::PrinterState;
use serde::{Deserialize, Serialize};
use translations::Catalog;

use crate::{
    escpos::{self, Health},
    paper,
    printer::{self, Printed},
    render::Canvas,
    settings::Printer,
};

/// How long the printer has for its status and the ticket.
pub const PRINT_TIMEOUT: Duration = Duration::from_secs(10);

/// What `print-ticket` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The ticket came out.
    pub printed: bool,
    /// The printer's state after trying.
    pub printer: PrinterState,
    /// Why, when it could not be reached.
    pub detail: Option<String>,
    pub drawn_ms: u64,
    pub sent_ms: u64,
}

pub fn state_of(health: Health) -> PrinterState {
    match health {
        Health::Ready => PrinterState::Ready,
        Health::PaperLow => PrinterState::PaperLow,
        Health::PaperOut => PrinterState::PaperOut,
        Health::CoverOpen => PrinterState::CoverOpen,
        Health::Offline => PrinterState::Offline,
    }
}

/// How `print-test` names a state: as the health report does.
fn name(state: PrinterState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Draws `ticket` and sends it to `printer`, in this process.
pub fn print(printer: &Printer, ticket: &paper::Ticket) -> anyhow::Result<Answer> {
    let started = Instant::now();
    let catalog = Catalog::embedded().map_err(anyhow::Error::msg)?;
    if !catalog.has(&ticket.language) {
        anyhow::bail!("no translation for the language {:?}", ticket.language);
    }
    let mut canvas = Canvas::install(printer.dots, 100)?;
    let raster = paper::draw(&mut canvas, &catalog, ticket, printer.dots)?;
    let drawn = started.elapsed();
    let job = escpos::ticket_job(&raster);
    let outcome = printer::print(&printer.address, &job, PRINT_TIMEOUT);
    let sent = started.elapsed() - drawn;
    let (printed, state, detail) = match outcome {
        Printed::Yes(h) => (true, state_of(h), None),
        Printed::Refused(h) => (false, state_of(h), None),
        Printed::Unreachable(why) => (false, PrinterState::Unreachable, Some(why)),
    };
    Ok(Answer {
        printed,
        printer: state,
        detail,
        drawn_ms: drawn.as_millis() as u64,
        sent_ms: sent.as_millis() as u64,
    })
}

/// `kiosk print-ticket`: the ticket as JSON on stdin, the answer on stdout.
pub fn print_ticket(printer: &Printer) -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let ticket: paper::Ticket = serde_json::from_str(&input)?;
    let answer = print(printer, &ticket)?;
    // The kiosk may have gone meanwhile (shut down, restarted): the ticket
    // is printed all the same, and nobody is left to hear how it went.
    let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string(&answer)?);
    Ok(())
}

/// The ticket `print-test` prints: the screenshots' sample, today, now.
pub fn sample(language: &str) -> paper::Ticket {
    let issued = crate::screens::sample_ticket();
    let now = chrono::Local::now();
    paper::Ticket {
        language: language.into(),
        site: crate::screens::sample_config(Vec::new()).site.name,
        number: issued.number.unwrap_or_default(),
        people_ahead: issued.people_ahead,
        date: now.format("%Y-%m-%d").to_string(),
        time: now.format("%H:%M").to_string(),
        status_url: issued.status_url,
    }
}

/// `kiosk print-test`: prints the sample and says what the printer answered.
pub fn print_test(printer: &Printer, language: &str) -> anyhow::Result<()> {
    println!(
        "printing a sample ticket in {language:?}, {} dots wide, to {}",
        printer.dots, printer.address
    );
    let answer = print(printer, &sample(language))?;
    println!(
        "the printer answered: {}{} (drawn in {} ms, sent in {} ms)",
        name(answer.printer),
        answer
            .detail
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default(),
        answer.drawn_ms,
        answer.sent_ms
    );
    if !answer.printed {
        anyhow::bail!("nothing was printed");
    }
    println!("printed");
    Ok(())
}

/// Answers a print job, on another thread.
pub type OnPrinted = Box<dyn FnOnce(Answer) + Send>;

/// Where the kiosk sends its paper tickets.
pub trait PrintPort {
    /// Prints `ticket` without waiting for it; `done` hears how it went.
    fn print(&self, ticket: paper::Ticket, done: OnPrinted);
}

/// Prints through `kiosk print-ticket`, a process per ticket, each on a
/// thread of its own: the window never waits, and a process that outlives
/// its time is killed and the printer reported unreachable.
pub struct Subprocess {
    exe: PathBuf,
    printer: Printer,
}

impl Subprocess {
    /// Through this very program.
    pub fn new(printer: Printer) -> anyhow::Result<Subprocess> {
        Ok(Subprocess::using(std::env::current_exe()?, printer))
    }

    /// Through the kiosk program at `exe` (the tests', which are not it).
    pub fn using(exe: PathBuf, printer: Printer) -> Subprocess {
        Subprocess { exe, printer }
    }

    fn run(&self, ticket: &paper::Ticket) -> Answer {
        let unreachable = |why: String| Answer {
            printed: false,
            printer: PrinterState::Unreachable,
            detail: Some(why),
            drawn_ms: 0,
            sent_ms: 0,
        };
        let child = Command::new(&self.exe)
            .arg("print-ticket")
            .args(["--printer", &self.printer.address.to_string()])
            .args([
                "--paper-width-mm",
                &self.printer.paper_width_mm().to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => return unreachable(format!("cannot start {}: {e}", self.exe.display())),
        };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(serde_json::to_string(ticket).unwrap_or_default().as_bytes());
        }
        // Drawing takes a moment more than the printer's own time.
        let deadline = Instant::now() + PRINT_TIMEOUT + Duration::from_secs(5);
        loop {
            match child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return unreachable("printing took too long".into());
                }
            }
        }
        let mut out = String::new();
        if let Some(mut stdout) = child.stdout.take() {
            let _ = stdout.read_to_string(&mut out);
        }
        // The answer is the last line (anything before it is not ours).
        out.lines()
            .rev()
            .find_map(|line| serde_json::from_str(line.trim()).ok())
            .unwrap_or_else(|| unreachable("the printing process gave no answer".into()))
    }
}

/// One ticket at a time goes to the printer, and the health report's
/// status query waits its turn: many printers take one connection at a
/// time, and a USB one opens only once.
static PRINTER_LINE: Mutex<()> = Mutex::new(());

/// Runs `f` with the printer to itself, or not at all if a ticket is being
/// printed right now (the status query can wait a minute).
pub fn unless_printing<T>(f: impl FnOnce() -> T) -> Option<T> {
    let _line = PRINTER_LINE.try_lock().ok()?;
    Some(f())
}

impl PrintPort for Subprocess {
    fn print(&self, ticket: paper::Ticket, done: OnPrinted) {
        let job = Subprocess {
            exe: self.exe.clone(),
            printer: self.printer.clone(),
        };
        std::thread::spawn(move || {
            let line = PRINTER_LINE.lock().unwrap_or_else(|e| e.into_inner());
            let answer = job.run(&ticket);
            drop(line);
            if !answer.printed {
                tracing::warn!(printer = ?answer.printer, detail = ?answer.detail, "a ticket was not printed");
            }
            done(answer);
        });
    }
}
