//! The estimated wait shown on the ticket and the status page.
//!
//! A range, because one figure promises more than anyone can know:
//!
//! ```text
//! c    = counsellors at the site who handle the errand and are available
//!        (if none are, all who handle it: they are expected back), at least 1
//! S10, S75 = the 10th and 75th percentiles of the recent service times of
//!        that errand at that site (start of the call to done); 5 and 15
//!        minutes until there are 3 of them
//! low  = people_ahead       × S10 / c        rounded down
//! high = (people_ahead + 1) × S75 / c        rounded up
//! ```
//!
//! The percentiles were chosen by replaying generated history
//! (`server/src/bin/wait-backtest.rs`, run by `scripts/bench`): with S25 at
//! the low end 77 % of real waits fell inside the range, with S10 83 %, the
//! median range 23 minutes wide either way.
//!
//! The `+ 1` in `high` covers the visitor being served now at each desk:
//! even with nobody ahead, a visitor may have to wait for someone to finish.

use protocol::WaitRange;

/// How far back service times count for the estimate, and how many.
pub const SERVICE_HISTORY_MS: i64 = 14 * 24 * 3_600_000;
pub const SERVICE_SAMPLES: u32 = 20;

const LOW_Q: f64 = 0.10;
const HIGH_Q: f64 = 0.75;
const DEFAULT_LOW_S: u32 = 5 * 60;
const DEFAULT_HIGH_S: u32 = 15 * 60;
const MIN_SAMPLES: usize = 3;

/// Estimates the wait from the people ahead, recent service times (seconds)
/// and the counsellors who can take this visitor.
pub fn wait(people_ahead: u32, recent_service_s: &[u32], counsellors: u32) -> WaitRange {
    let (s25, s75) = if recent_service_s.len() >= MIN_SAMPLES {
        let mut sorted = recent_service_s.to_vec();
        sorted.sort_unstable();
        (quantile(&sorted, LOW_Q), quantile(&sorted, HIGH_Q))
    } else {
        (DEFAULT_LOW_S, DEFAULT_HIGH_S)
    };
    let c = u64::from(counsellors.max(1));
    let low_s = u64::from(people_ahead) * u64::from(s25) / c;
    let high_s = (u64::from(people_ahead) + 1) * u64::from(s75);
    let high_min = high_s.div_ceil(60 * c);
    WaitRange {
        low: (low_s / 60) as u32,
        high: high_min.max(1) as u32,
    }
}

/// Whether a visitor waiting for `other` competes for the same counsellors
/// as one waiting for `errand` (whom `serving` take): "people ahead" counts
/// only those.
pub fn competes(serving: &[&crate::config::Counsellor], errand: &str, other: &str) -> bool {
    other == errand || serving.iter().any(|c| c.errands.iter().any(|e| e == other))
}

/// Nearest-rank quantile of a sorted, non-empty slice.
fn quantile(sorted: &[u32], q: f64) -> u32 {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The errands whose visitors compete with `errand`'s for the same
/// counsellors at `site`: the visitors of these that stand before a ticket
/// are "ahead" of it. Someone waiting for economic assistance does not
/// delay a visitor whose errand other colleagues take.
pub fn competing_errands(
    config: &crate::config::Config,
    site: &crate::config::Site,
    errand: &str,
) -> Vec<String> {
    let serving: Vec<&crate::config::Counsellor> =
        config.counsellors_for(&site.id, errand).collect();
    config
        .errands
        .iter()
        .map(|e| e.id.clone())
        .filter(|e| competes(&serving, errand, e))
        .collect()
}

/// The wait of a visitor with `ahead` people before them, from the errand's
/// `recent` service times in seconds (newest first) and who is available now.
pub fn wait_at(
    config: &crate::config::Config,
    site: &crate::config::Site,
    errand: &str,
    ahead: u32,
    recent: &[i64],
    available: &std::collections::HashSet<String>,
) -> WaitRange {
    let serving: Vec<&crate::config::Counsellor> =
        config.counsellors_for(&site.id, errand).collect();
    let recent: Vec<u32> = recent
        .iter()
        .map(|s| (*s).clamp(0, i64::from(u32::MAX)) as u32)
        .collect();
    let on_duty = serving
        .iter()
        .filter(|c| available.contains(&c.username))
        .count();
    // With nobody available, count everyone who handles the errand: they are
    // expected back, and dividing by zero would promise nothing.
    let counsellors = if on_duty > 0 { on_duty } else { serving.len() };
    wait(ahead, &recent, counsellors as u32)
}

/// Where a waiting ticket stands in the site's queue: people ahead (of the
/// competing errands, in the staff order) and the estimated wait.
pub fn standing(
    config: &crate::config::Config,
    site: &crate::config::Site,
    ticket: &crate::ticket::Ticket,
    queue: &crate::store::queue::SiteQueue,
    recent: &[i64],
    available: &std::collections::HashSet<String>,
) -> (u32, WaitRange) {
    let competing = competing_errands(config, site, &ticket.errand);
    let ahead = queue
        .ahead(&ticket.id, crate::routing::Bonuses::of(site), |e| {
            competing.iter().any(|c| c == e)
        })
        .unwrap_or(0) as u32;
    (
        ahead,
        wait_at(config, site, &ticket.errand, ahead, recent, available),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_ahead_means_at_most_one_service_time() {
        assert_eq!(wait(0, &[], 1), WaitRange { low: 0, high: 15 });
    }

    #[test]
    fn more_counsellors_shorten_the_wait() {
        let one = wait(6, &[], 1);
        let three = wait(6, &[], 3);
        assert_eq!(one, WaitRange { low: 30, high: 105 });
        assert_eq!(three, WaitRange { low: 10, high: 35 });
    }

    #[test]
    fn recent_service_times_replace_the_defaults() {
        // 10th and 75th percentiles of 4, 6, 8, 10 minutes: 4 and 8.
        let recent = [600, 240, 480, 360];
        assert_eq!(wait(2, &recent, 1), WaitRange { low: 8, high: 24 });
        // Too few samples: defaults.
        assert_eq!(wait(2, &recent[..2], 1), wait(2, &[], 1));
        // Twenty samples of 1 to 20 minutes: the 10th percentile is the 2nd
        // (2 min), the 75th the 15th (15 min).
        let twenty: Vec<u32> = (1..=20).map(|m| m * 60).collect();
        assert_eq!(wait(3, &twenty, 1), WaitRange { low: 6, high: 60 });
    }

    #[test]
    fn zero_counsellors_count_as_one_and_low_never_exceeds_high() {
        for ahead in 0..50 {
            for c in 0..5 {
                let w = wait(ahead, &[60, 3600, 30, 900, 120], c);
                assert!(w.low <= w.high, "{ahead} {c} {w:?}");
            }
        }
    }
}
