//! Is the wait we show honest? Replays past days ticket by ticket: at each
//! check-in, the range the visitor would have been shown (`estimate::wait`
//! with the people ahead in the staff order of that moment, the errand's
//! recent service times and the counsellors who take it), beside the wait
//! that followed. Pure: the tickets come from `store::tickets::past`.

use std::collections::BTreeMap;

use protocol::WaitRange;

use crate::{
    config::{Config, Site},
    estimate, routing,
};

/// A past ticket, as the replay needs it.
#[derive(Debug, Clone)]
pub struct Past {
    pub day: String,
    pub errand: String,
    pub language: String,
    pub appointment: bool,
    pub checked_in_at: i64,
    pub called_at: Option<i64>,
    /// Start of the call to done, for visits that were done.
    pub service_ms: Option<i64>,
    pub finished_at: Option<i64>,
    pub arrival: i64,
}

/// One check-in replayed: the range shown and the minutes actually waited.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    pub errand: String,
    pub shown: WaitRange,
    pub waited_min: f64,
}

/// Where the real wait fell against the range shown.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Coverage {
    pub visits: usize,
    pub inside: usize,
    /// Called sooner than the range said.
    pub below: usize,
    /// Waited longer than the range said.
    pub above: usize,
    /// Median of `high - low`, minutes.
    pub median_width: u32,
}

impl Coverage {
    pub fn of(replayed: &[&Replayed]) -> Coverage {
        let mut c = Coverage {
            visits: replayed.len(),
            ..Coverage::default()
        };
        let mut widths: Vec<u32> = Vec::new();
        for r in replayed {
            widths.push(r.shown.high - r.shown.low);
            if r.waited_min < f64::from(r.shown.low) {
                c.below += 1;
            } else if r.waited_min > f64::from(r.shown.high) {
                c.above += 1;
            } else {
                c.inside += 1;
            }
        }
        widths.sort_unstable();
        c.median_width = widths.get(widths.len() / 2).copied().unwrap_or(0);
        c
    }

    pub fn share(&self, n: usize) -> f64 {
        if self.visits == 0 {
            0.0
        } else {
            100.0 * n as f64 / self.visits as f64
        }
    }
}

/// Replays the check-ins of `past` (a site's tickets in arrival order) from
/// the instant `score_from` on; earlier ones only give service times.
pub fn replay(config: &Config, site: &Site, past: &[Past], score_from: i64) -> Vec<Replayed> {
    let bonuses = routing::Bonuses::of(site);
    let mut out = Vec::new();
    for (i, t) in past.iter().enumerate() {
        let Some(called) = t.called_at else { continue };
        if t.checked_in_at < score_from {
            continue;
        }
        let now = t.checked_in_at;
        // Who waited at that moment, this visitor among them (the tickets
        // come in arrival order: nobody after `i` had checked in yet).
        let waiting: Vec<&Past> = past[..=i]
            .iter()
            .filter(|p| p.day == t.day && p.called_at.is_none_or(|c| c >= now))
            .collect();
        let views: Vec<routing::Waiting> = waiting
            .iter()
            .map(|p| routing::Waiting {
                errand: &p.errand,
                language: &p.language,
                appointment: p.appointment,
                checked_in_at: p.checked_in_at,
                transferred_to: None,
                arrival: p.arrival,
            })
            .collect();
        let serving: Vec<&crate::config::Counsellor> =
            config.counsellors_for(&site.id, &t.errand).collect();
        let order = routing::queue_order(bonuses, &views);
        let ahead = order
            .iter()
            .take_while(|&&j| waiting[j].arrival != t.arrival)
            .filter(|&&j| estimate::competes(&serving, &t.errand, &waiting[j].errand))
            .count() as u32;
        let mut recent: Vec<(i64, u32)> = past[..i]
            .iter()
            .filter(|p| {
                p.errand == t.errand
                    && p.finished_at
                        .is_some_and(|f| f < now && f > now - estimate::SERVICE_HISTORY_MS)
            })
            .filter_map(|p| Some((p.finished_at?, (p.service_ms?.max(0) / 1000) as u32)))
            .collect();
        recent.sort_unstable_by_key(|(finished, _)| std::cmp::Reverse(*finished));
        let recent: Vec<u32> = recent
            .into_iter()
            .take(estimate::SERVICE_SAMPLES as usize)
            .map(|(_, s)| s)
            .collect();
        out.push(Replayed {
            errand: t.errand.clone(),
            shown: estimate::wait(ahead, &recent, serving.len() as u32),
            waited_min: (called - now) as f64 / 60_000.0,
        });
    }
    out
}

/// Coverage per errand, and over all.
pub fn by_errand(replayed: &[Replayed]) -> (BTreeMap<String, Coverage>, Coverage) {
    let mut groups: BTreeMap<String, Vec<&Replayed>> = BTreeMap::new();
    for r in replayed {
        groups.entry(r.errand.clone()).or_default().push(r);
    }
    let all: Vec<&Replayed> = replayed.iter().collect();
    (
        groups
            .into_iter()
            .map(|(e, rs)| (e, Coverage::of(&rs)))
            .collect(),
        Coverage::of(&all),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn past(arrival: i64, at_min: i64, called_min: i64) -> Past {
        Past {
            day: "2026-11-23".into(),
            errand: "job".into(),
            language: "sv".into(),
            appointment: false,
            checked_in_at: at_min * 60_000,
            called_at: Some(called_min * 60_000),
            service_ms: Some(10 * 60_000),
            finished_at: Some((called_min + 10) * 60_000),
            arrival,
        }
    }

    #[test]
    fn the_people_ahead_at_check_in_and_the_wait_that_followed() {
        let config = Config::parse("demo.toml", crate::config::DEMO_CONFIG).unwrap();
        let site = config.site("arby").unwrap();
        // Two wait when the third checks in; the third is called at 30.
        let day = [past(1, 0, 20), past(2, 1, 25), past(3, 2, 32)];
        let r = replay(&config, site, &day, 0);
        assert_eq!(r.len(), 3);
        assert_eq!(r[2].waited_min, 30.0);
        // With defaults (no service times yet): 2 ahead, 5–15 min a visitor,
        // over the counsellors who take job at Årby.
        let c = config.counsellors_for("arby", "job").count() as u32;
        assert_eq!(r[2].shown, estimate::wait(2, &[], c));
        let (_, all) = by_errand(&r);
        assert_eq!(all.visits, 3);
        assert_eq!(all.inside + all.below + all.above, 3);
    }
}
