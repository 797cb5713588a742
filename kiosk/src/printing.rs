//! Printing in a process of its own: `kiosk print-ticket` reads a ticket as
//! JSON, draws it (the drawing thread's Slint platform draws into memory,
//! which the window's cannot), sends it and answers as JSON; the kiosk runs
//! it off its window's thread and kills it if it outlives its time, so a
//! printer that hangs can hang nothing else. `kiosk print-test` is the
//! same with a sample ticket, for whoever installs the printer.

use std::{
    io::Read,
    time::{Duration, Instant},
};

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
    /// The printer's state after trying: ready, paper_low, paper_out,
    /// cover_open, offline, or unreachable.
    pub printer: String,
    /// Why, when it could not be reached.
    pub detail: Option<String>,
    pub drawn_ms: u64,
    pub sent_ms: u64,
}

pub fn health_name(health: Health) -> &'static str {
    match health {
        Health::Ready => "ready",
        Health::PaperLow => "paper_low",
        Health::PaperOut => "paper_out",
        Health::CoverOpen => "cover_open",
        Health::Offline => "offline",
    }
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
        Printed::Yes(h) => (true, health_name(h), None),
        Printed::Refused(h) => (false, health_name(h), None),
        Printed::Unreachable(why) => (false, "unreachable", Some(why)),
    };
    Ok(Answer {
        printed,
        printer: state.into(),
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
    println!("{}", serde_json::to_string(&answer)?);
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
        answer.printer,
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
