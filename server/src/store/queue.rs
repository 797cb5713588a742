//! Today's waiting tickets per site, held in memory by the store thread, so
//! that "call next" and "people ahead" never read a whole queue from disk.
//!
//! The database stays the truth. A site's queue is loaded from it on first
//! use and again each new day, changed by every ticket change in the same
//! job, and forgotten (to be loaded again) whenever a job or a batch that
//! touched it rolls back.
//!
//! Tickets are grouped in classes that every caller ranks alike: same errand,
//! language, appointment flag and named colleague. Within a class the order is
//! check-in time, then arrival, for everyone; so the best ticket for a caller
//! is the best of the class heads, which `routing::next` picks, and the
//! routing rule stays in one place.

use std::collections::{BTreeMap, HashMap};

use crate::routing;

/// What puts tickets in the same class.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Class {
    errand: String,
    language: String,
    appointment: bool,
    transferred_to: Option<String>,
}

/// A ticket's place within its class: check-in time, then arrival.
type Place = (i64, i64);

/// A waiting ticket as the queue holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub errand: String,
    pub language: String,
    pub appointment: bool,
    pub checked_in_at: i64,
    pub arrival: i64,
    pub transferred_to: Option<String>,
}

impl Entry {
    fn class(&self) -> Class {
        Class {
            errand: self.errand.clone(),
            language: self.language.clone(),
            appointment: self.appointment,
            transferred_to: self.transferred_to.clone(),
        }
    }

    fn place(&self) -> Place {
        (self.checked_in_at, self.arrival)
    }
}

/// One site's waiting tickets of one day.
#[derive(Debug, Default)]
pub struct SiteQueue {
    day: String,
    by_id: HashMap<String, (Class, Place)>,
    classes: BTreeMap<Class, BTreeMap<Place, String>>,
}

impl SiteQueue {
    pub fn new(day: String, entries: impl IntoIterator<Item = Entry>) -> SiteQueue {
        let mut queue = SiteQueue {
            day,
            ..SiteQueue::default()
        };
        for e in entries {
            queue.put(e);
        }
        queue
    }

    pub fn day(&self) -> &str {
        &self.day
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Adds the ticket, or moves it if it is already here.
    pub fn put(&mut self, e: Entry) {
        self.remove(&e.id);
        let (class, place) = (e.class(), e.place());
        self.classes
            .entry(class.clone())
            .or_default()
            .insert(place, e.id.clone());
        self.by_id.insert(e.id, (class, place));
    }

    pub fn remove(&mut self, id: &str) {
        let Some((class, place)) = self.by_id.remove(id) else {
            return;
        };
        if let Some(members) = self.classes.get_mut(&class) {
            members.remove(&place);
            if members.is_empty() {
                self.classes.remove(&class);
            }
        }
    }

    /// The id of the ticket `caller` should call next.
    pub fn next(&self, caller: routing::Caller, bonuses: routing::Bonuses) -> Option<&str> {
        let heads: Vec<(routing::Waiting, &str)> = self
            .classes
            .iter()
            .filter_map(|(class, members)| {
                let (&(checked_in_at, arrival), id) = members.first_key_value()?;
                let waiting = routing::Waiting {
                    errand: &class.errand,
                    language: &class.language,
                    appointment: class.appointment,
                    checked_in_at,
                    transferred_to: class.transferred_to.as_deref(),
                    arrival,
                };
                Some((waiting, id.as_str()))
            })
            .collect();
        let views: Vec<routing::Waiting> = heads.iter().map(|(w, _)| w.clone()).collect();
        routing::next(caller, bonuses, &views).map(|i| heads[i].1)
    }

    /// How many tickets stand before `id` in the staff order of the queue
    /// (`routing::queue_order`) among those whose errand `competes`; `None`
    /// if `id` is not waiting here.
    pub fn ahead(
        &self,
        id: &str,
        bonuses: routing::Bonuses,
        competes: impl Fn(&str) -> bool,
    ) -> Option<usize> {
        let (class, (checked_in_at, arrival)) = self.by_id.get(id)?;
        let bonus = |appointment: bool| {
            if appointment {
                i64::from(bonuses.appointment_min) * 60_000
            } else {
                0
            }
        };
        // In the staff order a ticket of another class is ahead when its
        // score is higher (it checked in before `checked_in_at + d`), or
        // equal and it checked in earlier; within the same bonus, ties go by
        // arrival. That is a bound on the place within each class.
        let ahead = self
            .classes
            .iter()
            .filter(|(c, _)| competes(&c.errand))
            .map(|(c, members)| {
                let d = bonus(c.appointment) - bonus(class.appointment);
                let tie = match d.signum() {
                    -1 => i64::MAX,
                    1 => i64::MIN,
                    _ => *arrival,
                };
                count_below(members, (checked_in_at.saturating_add(d), tie))
            })
            .sum();
        Some(ahead)
    }
}

/// How many places lie below `bound`: counted from whichever end is nearer,
/// so that the newest and the oldest ticket of a long queue are both cheap.
fn count_below(members: &BTreeMap<Place, String>, bound: Place) -> usize {
    let mut below = members.range(..bound);
    let mut above = members.range(bound..);
    let (mut b, mut a) = (0, 0);
    loop {
        if below.next_back().is_none() {
            return b;
        }
        b += 1;
        if above.next().is_none() {
            return members.len() - a;
        }
        a += 1;
    }
}

/// Every site's queue, and whether the current job has changed any.
#[derive(Debug, Default)]
pub struct Queues {
    sites: HashMap<String, SiteQueue>,
    touched: bool,
}

impl Queues {
    /// The site's queue for `day`, if it is loaded and still of that day.
    /// Handing it out counts as touching it: the caller may change it, and a
    /// rollback then forgets it rather than guess.
    pub fn get(&mut self, site: &str, day: &str) -> Option<&mut SiteQueue> {
        self.sites
            .get_mut(site)
            .filter(|q| q.day == day)
            .inspect(|_| self.touched = true)
    }

    /// Keeps a freshly loaded queue.
    pub fn insert(&mut self, site: &str, queue: SiteQueue) -> &mut SiteQueue {
        self.touched = true;
        self.sites.insert(site.to_string(), queue);
        self.sites.get_mut(site).expect("just inserted")
    }

    /// Drops every queue: they are loaded again from the database on use.
    pub fn forget(&mut self) {
        self.sites.clear();
    }

    /// Called before each job: what it changes is tracked from here.
    pub(super) fn begin_job(&mut self) {
        self.touched = false;
    }

    /// A job rolled back: if it changed a queue, that change is undone by
    /// forgetting them all.
    pub(super) fn job_rolled_back(&mut self) {
        if self.touched {
            self.forget();
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const ERRANDS: [&str; 3] = ["job", "study", "benefit"];
    const LANGUAGES: [&str; 3] = ["sv", "ar", "so"];
    const PEOPLE: [&str; 2] = ["anna", "hodan"];

    fn entry() -> impl Strategy<Value = Entry> {
        (
            0..3usize,
            0..3usize,
            any::<bool>(),
            0..40i64,
            prop::option::weighted(0.15, 0..2usize),
        )
            .prop_map(|(e, l, appointment, minute, to)| Entry {
                id: String::new(),
                errand: ERRANDS[e].into(),
                language: LANGUAGES[l].into(),
                appointment,
                // Whole minutes make ties between classes common.
                checked_in_at: minute * 60_000,
                arrival: 0,
                transferred_to: to.map(|i| PEOPLE[i].to_string()),
            })
    }

    fn numbered(entries: Vec<Entry>) -> Vec<Entry> {
        entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| Entry {
                id: format!("t{i}"),
                arrival: i as i64,
                ..e
            })
            .collect()
    }

    fn view(e: &Entry) -> routing::Waiting<'_> {
        routing::Waiting {
            errand: &e.errand,
            language: &e.language,
            appointment: e.appointment,
            checked_in_at: e.checked_in_at,
            transferred_to: e.transferred_to.as_deref(),
            arrival: e.arrival,
        }
    }

    const BONUSES: routing::Bonuses = routing::Bonuses {
        language_min: 10,
        appointment_min: 30,
    };

    proptest! {
        /// The queue calls exactly whom routing over the whole list calls,
        /// for every kind of caller, while tickets are called one by one.
        #[test]
        fn next_agrees_with_routing_over_the_whole_queue(
            entries in prop::collection::vec(entry(), 0..60),
            errands in prop::sample::subsequence(ERRANDS.to_vec(), 1..=3),
            languages in prop::sample::subsequence(LANGUAGES.to_vec(), 0..=3),
            who in 0..2usize,
        ) {
            let mut all = numbered(entries);
            let mut queue = SiteQueue::new("d".into(), all.clone());
            let errands: Vec<String> = errands.into_iter().map(String::from).collect();
            let languages: Vec<String> = languages.into_iter().map(String::from).collect();
            let caller = routing::Caller {
                username: Some(PEOPLE[who]),
                errands: Some(&errands),
                languages: &languages,
            };
            loop {
                let views: Vec<routing::Waiting> = all.iter().map(view).collect();
                let expected = routing::next(caller, BONUSES, &views).map(|i| all[i].id.clone());
                let got = queue.next(caller, BONUSES).map(str::to_string);
                prop_assert_eq!(&got, &expected);
                let Some(id) = got else { break };
                queue.remove(&id);
                all.retain(|e| e.id != id);
                prop_assert_eq!(queue.len(), all.len());
            }
        }

        /// "People ahead" counts exactly the competing tickets before each
        /// ticket in the staff order.
        #[test]
        fn ahead_agrees_with_the_staff_order(
            entries in prop::collection::vec(entry(), 1..60),
            competing in prop::sample::subsequence(ERRANDS.to_vec(), 0..=3),
        ) {
            let all = numbered(entries);
            let queue = SiteQueue::new("d".into(), all.clone());
            let views: Vec<routing::Waiting> = all.iter().map(view).collect();
            let order = routing::queue_order(BONUSES, &views);
            for (position, &i) in order.iter().enumerate() {
                let me = &all[i];
                let competes = |errand: &str| errand == me.errand || competing.contains(&errand);
                let expected = order[..position]
                    .iter()
                    .filter(|&&j| competes(&all[j].errand))
                    .count();
                prop_assert_eq!(queue.ahead(&me.id, BONUSES, competes), Some(expected));
            }
        }
    }

    #[test]
    fn moving_and_removing_keeps_the_classes_tidy() {
        let mut all = numbered(vec![
            Entry {
                id: String::new(),
                errand: "job".into(),
                language: "sv".into(),
                appointment: false,
                checked_in_at: 0,
                arrival: 0,
                transferred_to: None,
            };
            3
        ]);
        let mut queue = SiteQueue::new("d".into(), all.clone());
        all[1].errand = "study".into();
        queue.put(all[1].clone());
        assert_eq!(queue.len(), 3);
        assert_eq!(queue.classes.len(), 2);
        queue.remove("t1");
        queue.remove("t1");
        assert_eq!(queue.len(), 2);
        assert_eq!(queue.classes.len(), 1);
        assert!(queue.ahead("t1", BONUSES, |_| true).is_none());
        assert_eq!(queue.ahead("t2", BONUSES, |_| true), Some(1));
    }
}
