//! When a visitor walks away: after a while without a touch the kiosk asks
//! "Are you still there?", gives at least 20 seconds to answer, then starts
//! over with everything forgotten. Pure, so it is tested without a screen.

use std::time::{Duration, Instant};

use crate::Screen;

/// Quiet time on the errand and question screens before the warning.
pub const IDLE_AFTER: Duration = Duration::from_secs(45);
/// The ticket screen stays longer: the visitor is reading or scanning.
pub const TICKET_IDLE_AFTER: Duration = Duration::from_secs(60);
/// How long the warning stands before the kiosk starts over.
pub const WARNING: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleStep {
    Nothing,
    Warn { seconds_left: u64 },
    Reset,
}

#[derive(Debug)]
pub struct IdleClock {
    last_touch: Instant,
}

impl IdleClock {
    pub fn new(now: Instant) -> IdleClock {
        IdleClock { last_touch: now }
    }

    pub fn touched(&mut self, now: Instant) {
        self.last_touch = now;
    }

    pub fn step(&mut self, now: Instant, screen: Screen) -> IdleStep {
        let quiet_for = match screen {
            Screen::Welcome => return IdleStep::Nothing,
            Screen::Ticket => TICKET_IDLE_AFTER,
            Screen::Errand | Screen::Questions | Screen::Code => IDLE_AFTER,
        };
        let idle = now.saturating_duration_since(self.last_touch);
        if idle < quiet_for {
            IdleStep::Nothing
        } else if idle < quiet_for + WARNING {
            let left = quiet_for + WARNING - idle;
            IdleStep::Warn {
                seconds_left: left.as_secs_f64().ceil() as u64,
            }
        } else {
            IdleStep::Reset
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_after_quiet_time_counts_down_twenty_seconds_then_resets() {
        let start = Instant::now();
        let mut clock = IdleClock::new(start);
        let at = |s: u64| start + Duration::from_secs(s);
        assert_eq!(clock.step(at(44), Screen::Errand), IdleStep::Nothing);
        assert_eq!(
            clock.step(at(45), Screen::Errand),
            IdleStep::Warn { seconds_left: 20 }
        );
        assert_eq!(
            clock.step(at(64), Screen::Questions),
            IdleStep::Warn { seconds_left: 1 }
        );
        assert_eq!(clock.step(at(65), Screen::Questions), IdleStep::Reset);
        // The ticket screen waits longer, the welcome screen never resets.
        assert_eq!(clock.step(at(59), Screen::Ticket), IdleStep::Nothing);
        assert_eq!(clock.step(at(3600), Screen::Welcome), IdleStep::Nothing);
    }

    #[test]
    fn a_touch_during_the_warning_gives_the_full_time_again() {
        let start = Instant::now();
        let mut clock = IdleClock::new(start);
        let at = |s: u64| start + Duration::from_secs(s);
        assert!(matches!(
            clock.step(at(50), Screen::Errand),
            IdleStep::Warn { .. }
        ));
        clock.touched(at(50));
        assert_eq!(clock.step(at(94), Screen::Errand), IdleStep::Nothing);
    }
}
