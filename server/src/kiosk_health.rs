//! What each kiosk last said about itself (`POST /api/v1/kiosk/health`):
//! how many check-ins wait in its outbox and whether its printer can print.
//! Kept in memory only: a kiosk reports again within minutes, and a server
//! that has not heard from one since its start simply knows nothing yet.
//! What staff should hear of it is decided here ([`Health::trouble`]).

use std::{collections::HashMap, sync::Mutex};

/// How long a kiosk may stay silent before staff are told: it reports at
/// least every minute while it runs.
pub const SILENT_AFTER_MS: i64 = 3 * 60_000;

pub use protocol::{KioskHealth as Report, PrinterState as Printer};

/// A kiosk's last report and when it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
    pub report: Report,
    pub at: i64,
}

/// What staff are told about a kiosk, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// Not heard from for [`SILENT_AFTER_MS`]: off, or cut off.
    Silent,
    PaperOut,
    /// Cover open, offline or not answering.
    PrinterDown,
    PaperLow,
}

impl Health {
    pub fn trouble(&self, now: i64) -> Option<Trouble> {
        if now - self.at > SILENT_AFTER_MS {
            return Some(Trouble::Silent);
        }
        match self.report.printer {
            Printer::PaperOut => Some(Trouble::PaperOut),
            Printer::CoverOpen | Printer::Offline | Printer::Unreachable => {
                Some(Trouble::PrinterDown)
            }
            Printer::PaperLow => Some(Trouble::PaperLow),
            Printer::None | Printer::Ready => None,
        }
    }

    /// Whether a ticket would come out now.
    pub fn prints(&self) -> bool {
        self.report.printer.prints()
    }
}

/// The last report of every kiosk that has reported since the start.
#[derive(Debug, Default)]
pub struct Kiosks(Mutex<HashMap<String, Health>>);

impl Kiosks {
    /// Keeps `report`; says whether what staff should hear changed.
    pub fn record(&self, kiosk: &str, report: Report, now: i64) -> bool {
        let mut all = self.0.lock().expect("kiosk health");
        let fresh = Health { report, at: now };
        let before = all.insert(kiosk.to_string(), fresh);
        before.map(|h| h.trouble(now)) != Some(fresh.trouble(now))
    }

    pub fn get(&self, kiosk: &str) -> Option<Health> {
        self.0.lock().expect("kiosk health").get(kiosk).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(printer: Printer) -> Report {
        Report { outbox: 0, printer }
    }

    #[test]
    fn staff_hear_of_a_printer_that_cannot_print_and_of_a_kiosk_gone_silent() {
        let kiosks = Kiosks::default();
        assert!(
            kiosks.record("arby-1", report(Printer::Ready), 0),
            "first word"
        );
        assert!(
            !kiosks.record("arby-1", report(Printer::Ready), 1000),
            "nothing new"
        );
        let health = kiosks.get("arby-1").unwrap();
        assert_eq!(health.trouble(1000), None);
        assert_eq!(
            health.trouble(1000 + SILENT_AFTER_MS + 1),
            Some(Trouble::Silent)
        );
        assert!(kiosks.record("arby-1", report(Printer::PaperOut), 2000));
        let health = kiosks.get("arby-1").unwrap();
        assert_eq!(health.trouble(2000), Some(Trouble::PaperOut));
        assert!(!health.prints());
        let low = Health {
            report: report(Printer::PaperLow),
            at: 0,
        };
        assert!(low.prints() && low.trouble(0) == Some(Trouble::PaperLow));
        let none = Health {
            report: report(Printer::None),
            at: 0,
        };
        assert_eq!(none.trouble(0), None, "no printer is no trouble");
    }
}
