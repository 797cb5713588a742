//! Who is called next: the rule of DESIGN.md as a pure function.
//!
//! 1. Tickets transferred to the caller by name come first, oldest first.
//! 2. Otherwise, among tickets whose errand the caller handles, the highest
//!    `score = minutes waited + language bonus + appointment bonus` wins,
//!    ties to the earlier check-in.
//!
//! Every waiting ticket is scored at the same instant, so "minutes waited" only
//! shifts all scores alike; comparing `bonus - checked_in_at` gives the same
//! order exactly, in milliseconds, without rounding anyone's wait.
//!
//! The bonuses are bounded, which gives the fairness guarantee the tests check:
//! a visitor is never passed over by someone who arrived more than
//! `language_bonus + appointment_bonus` minutes later, and never by a later
//! arrival with the same flags.

use std::cmp::Ordering;

/// What routing needs to know of a waiting ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting<'a> {
    pub errand: &'a str,
    pub language: &'a str,
    pub appointment: bool,
    /// Milliseconds since the epoch.
    pub checked_in_at: i64,
    /// A colleague this ticket was transferred to by name.
    pub transferred_to: Option<&'a str>,
    /// The order in which the server received the tickets: breaks the last
    /// ties (two check-ins in the same millisecond) by arrival.
    pub arrival: i64,
}

/// What routing needs to know of the counsellor who presses "call next".
/// `None` as username and empty lists describe the neutral staff view of the
/// queue: every errand, no language.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub username: Option<&'a str>,
    /// `None` means every errand.
    pub errands: Option<&'a [String]>,
    pub languages: &'a [String],
}

/// The site's bonuses, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bonuses {
    pub language_min: u32,
    pub appointment_min: u32,
}

impl Bonuses {
    pub fn of(site: &crate::config::Site) -> Bonuses {
        Bonuses {
            language_min: site.language_bonus_min,
            appointment_min: site.appointment_bonus_min,
        }
    }
}

impl Caller<'_> {
    fn handles(&self, errand: &str) -> bool {
        self.errands
            .is_none_or(|list| list.iter().any(|e| e == errand))
    }

    fn speaks(&self, language: &str) -> bool {
        self.languages.iter().any(|l| l == language)
    }

    /// May this caller take the ticket at all?
    pub fn may_take(&self, t: &Waiting) -> bool {
        match t.transferred_to {
            Some(to) => self.username == Some(to),
            None => self.handles(t.errand),
        }
    }

    /// The ticket's priority for this caller: larger is sooner. A named
    /// transfer outranks every score.
    fn priority(&self, t: &Waiting, bonuses: Bonuses) -> (bool, i64) {
        let named = t.transferred_to.is_some() && t.transferred_to == self.username;
        let mut bonus_min = 0i64;
        if self.speaks(t.language) {
            bonus_min += i64::from(bonuses.language_min);
        }
        if t.appointment {
            bonus_min += i64::from(bonuses.appointment_min);
        }
        // Named transfers go oldest first, without bonuses.
        let score = if named {
            -t.checked_in_at
        } else {
            bonus_min * 60_000 - t.checked_in_at
        };
        (named, score)
    }

    /// Orders two tickets for this caller: `Less` means `a` is called first.
    fn order(&self, a: &Waiting, b: &Waiting, bonuses: Bonuses) -> Ordering {
        self.priority(b, bonuses)
            .cmp(&self.priority(a, bonuses))
            .then(a.checked_in_at.cmp(&b.checked_in_at))
            .then(a.arrival.cmp(&b.arrival))
    }
}

/// The index of the ticket this caller should call next, if any.
pub fn next(caller: Caller, bonuses: Bonuses, waiting: &[Waiting]) -> Option<usize> {
    waiting
        .iter()
        .enumerate()
        .filter(|(_, t)| caller.may_take(t))
        .min_by(|(_, a), (_, b)| caller.order(a, b, bonuses))
        .map(|(i, _)| i)
}

/// Indices of all waiting tickets in the order this caller would call them.
/// With [`Caller::everyone`] this is the queue staff see; tickets transferred
/// to a named colleague keep their place by score there.
pub fn order(caller: Caller, bonuses: Bonuses, waiting: &[Waiting]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..waiting.len())
        .filter(|&i| caller.may_take(&waiting[i]))
        .collect();
    idx.sort_by(|&a, &b| caller.order(&waiting[a], &waiting[b], bonuses));
    idx
}

impl<'a> Caller<'a> {
    /// A counsellor, as "Call next" sees them.
    pub fn of(c: &'a crate::config::Counsellor) -> Caller<'a> {
        Caller {
            username: Some(&c.username),
            errands: Some(&c.errands),
            languages: &c.languages,
        }
    }
}

impl Caller<'static> {
    /// The neutral view: every errand, no language, and named transfers ranked
    /// as ordinary tickets.
    pub fn everyone() -> Self {
        Caller {
            username: None,
            errands: None,
            languages: &[],
        }
    }
}

/// The staff view of the queue, which includes tickets transferred by name.
pub fn queue_order(bonuses: Bonuses, waiting: &[Waiting]) -> Vec<usize> {
    let unnamed: Vec<Waiting> = waiting
        .iter()
        .map(|t| Waiting {
            transferred_to: None,
            ..t.clone()
        })
        .collect();
    order(Caller::everyone(), bonuses, &unnamed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BONUS: Bonuses = Bonuses {
        language_min: 10,
        appointment_min: 30,
    };
    const MIN: i64 = 60_000;

    fn ticket<'a>(id: &'a str, errand: &'a str, language: &'a str, at_min: i64) -> Waiting<'a> {
        Waiting {
            errand,
            language,
            appointment: false,
            checked_in_at: at_min * MIN,
            transferred_to: None,
            arrival: i64::from(id.as_bytes()[0]),
        }
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn oldest_ticket_wins_without_bonuses() {
        let errands = strings(&["job"]);
        let anna = Caller {
            username: Some("anna"),
            errands: Some(&errands),
            languages: &[],
        };
        let q = [ticket("b", "job", "sv", 5), ticket("a", "job", "sv", 1)];
        assert_eq!(next(anna, BONUS, &q), Some(1));
    }

    #[test]
    fn only_errands_the_counsellor_handles_are_called() {
        let errands = strings(&["job"]);
        let anna = Caller {
            username: Some("anna"),
            errands: Some(&errands),
            languages: &[],
        };
        let q = [ticket("a", "benefit", "sv", 0)];
        assert_eq!(next(anna, BONUS, &q), None);
        assert_eq!(next(anna, BONUS, &[]), None);
    }

    #[test]
    fn language_bonus_lets_a_speaker_take_a_slightly_later_visitor() {
        let errands = strings(&["job"]);
        let langs = strings(&["ar"]);
        let anna = Caller {
            username: Some("anna"),
            errands: Some(&errands),
            languages: &langs,
        };
        // Arrived 9 minutes after the Swedish speaker: within the 10 minute bonus.
        let q = [ticket("sv", "job", "sv", 0), ticket("ar", "job", "ar", 9)];
        assert_eq!(next(anna, BONUS, &q), Some(1));
        // 11 minutes later: the bonus no longer covers the gap.
        let q = [ticket("sv", "job", "sv", 0), ticket("ar", "job", "ar", 11)];
        assert_eq!(next(anna, BONUS, &q), Some(0));
        // Exactly 10 minutes: a tie, which goes to the earlier check-in.
        let q = [ticket("sv", "job", "sv", 0), ticket("ar", "job", "ar", 10)];
        assert_eq!(next(anna, BONUS, &q), Some(0));
    }

    #[test]
    fn appointment_bonus_counts() {
        let errands = strings(&["benefit"]);
        let bo = Caller {
            username: Some("bo"),
            errands: Some(&errands),
            languages: &[],
        };
        let mut booked = ticket("booked", "benefit", "sv", 20);
        booked.appointment = true;
        let q = [ticket("walkin", "benefit", "sv", 0), booked];
        assert_eq!(next(bo, BONUS, &q), Some(1));
    }

    #[test]
    fn transfers_by_name_come_first_and_only_to_that_colleague() {
        let errands = strings(&["job"]);
        let anna = Caller {
            username: Some("anna"),
            errands: Some(&errands),
            languages: &[],
        };
        let bo = Caller {
            username: Some("bo"),
            errands: Some(&errands),
            languages: &[],
        };
        let mut to_anna = ticket("t", "benefit", "sv", 30);
        to_anna.transferred_to = Some("anna");
        let mut older_to_anna = ticket("u", "job", "sv", 20);
        older_to_anna.transferred_to = Some("anna");
        let q = [ticket("a", "job", "sv", 0), to_anna, older_to_anna];
        // Anna gets her transfers, oldest first, even for an errand she lacks.
        assert_eq!(next(anna, BONUS, &q), Some(2));
        assert_eq!(order(anna, BONUS, &q), vec![2, 1, 0]);
        // Bo never sees them.
        assert_eq!(order(bo, BONUS, &q), vec![0]);
        // The staff view shows everyone by score.
        assert_eq!(queue_order(BONUS, &q), vec![0, 2, 1]);
    }

    #[test]
    fn tickets_of_the_same_millisecond_go_in_arrival_order() {
        let q = [ticket("b", "job", "sv", 0), ticket("a", "job", "sv", 0)];
        assert_eq!(queue_order(BONUS, &q), vec![1, 0]);
    }

    fn arb_ticket() -> impl Strategy<Value = (usize, usize, bool, i64)> {
        (0usize..3, 0usize..3, any::<bool>(), 0i64..(180 * MIN))
    }

    proptest! {
        /// A visitor is never passed over by someone who arrived more than
        /// `language_bonus + appointment_bonus` minutes after them, and never
        /// by a later arrival with the same flags.
        #[test]
        fn nobody_is_passed_over_beyond_the_bonus_bound(
            raw in proptest::collection::vec(arb_ticket(), 1..40),
            caller_errands in proptest::collection::vec(0usize..3, 1..3),
            caller_langs in proptest::collection::vec(0usize..3, 0..3),
            language_min in 0u32..30,
            appointment_min in 0u32..60,
        ) {
            const ERRANDS: [&str; 3] = ["job", "study", "benefit"];
            const LANGS: [&str; 3] = ["sv", "ar", "ti"];
            let bonuses = Bonuses { language_min, appointment_min };
            let q: Vec<Waiting> = raw.iter().enumerate().map(|(i, &(e, l, appt, at))| Waiting {
                errand: ERRANDS[e], language: LANGS[l], appointment: appt,
                checked_in_at: at, transferred_to: None, arrival: i as i64,
            }).collect();
            let errands: Vec<String> = caller_errands.iter().map(|&e| ERRANDS[e].to_string()).collect();
            let langs: Vec<String> = caller_langs.iter().map(|&l| LANGS[l].to_string()).collect();
            let caller = Caller { username: Some("c"), errands: Some(&errands), languages: &langs };
            let bound = i64::from(language_min + appointment_min) * MIN;

            let order = order(caller, bonuses, &q);
            prop_assert_eq!(next(caller, bonuses, &q), order.first().copied());
            for (pos, &first) in order.iter().enumerate() {
                for &later in &order[pos + 1..] {
                    let (a, b) = (&q[first], &q[later]);
                    // `b` is called after `a`: so `a` must not have arrived
                    // more than the bound after `b` ...
                    prop_assert!(a.checked_in_at - b.checked_in_at <= bound,
                        "{a:?} overtook {b:?} by more than {bound} ms");
                    // ... and with the same flags, `a` arrived no later.
                    let same_flags = a.appointment == b.appointment
                        && caller.speaks(a.language) == caller.speaks(b.language);
                    if same_flags {
                        prop_assert!(a.checked_in_at <= b.checked_in_at,
                            "{a:?} overtook {b:?} with the same flags");
                    }
                }
            }
            // Everything the caller handles is in the order, nothing else.
            let handled = q.iter().filter(|t| errands.iter().any(|e| e == t.errand)).count();
            prop_assert_eq!(order.len(), handled);
        }
    }
}
