//! Booked visits, decided: who may book a visit for whom, which times can be
//! booked, who may cancel, and the brake on kiosks that guess codes. Pure:
//! the store keeps appointments, this module says what is allowed.

use std::{collections::HashMap, sync::Mutex};

use crate::config::{Config, Counsellor, Role};

/// How far ahead a visit can be booked.
pub const FURTHEST_AHEAD_DAYS: i64 = 366;

/// Why a booking or a cancellation is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A counsellor books and cancels only their own visits.
    NotYours,
    /// Staff book only for counsellors of their own site.
    OtherSite,
    /// Nobody of that name takes visitors.
    UnknownCounsellor,
    UnknownErrand,
    /// Before today, or more than a year ahead.
    OutOfRange,
}

/// The counsellor a visit is booked with: the caller, unless staff or an
/// admin names someone (`asked`).
pub fn counsellor_for<'c>(
    config: &'c Config,
    me: &'c Counsellor,
    asked: Option<&str>,
) -> Result<&'c Counsellor, Refusal> {
    let name = asked.unwrap_or(&me.username);
    let target = match config.counsellor(name) {
        Some(c) if c.role.serves_visitors() => c,
        _ => return Err(Refusal::UnknownCounsellor),
    };
    match me.role {
        Role::Counsellor if target.username != me.username => Err(Refusal::NotYours),
        Role::Staff | Role::Admin if !me.site.is_empty() && target.site != me.site => {
            Err(Refusal::OtherSite)
        }
        _ => Ok(target),
    }
}

/// A visit may be booked from the start of the site's day (`today`, a
/// local date) up to a year ahead; `day` is the booked time's local date.
pub fn bookable(day: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<(), Refusal> {
    let ahead = (day - today).num_days();
    if (0..=FURTHEST_AHEAD_DAYS).contains(&ahead) {
        Ok(())
    } else {
        Err(Refusal::OutOfRange)
    }
}

/// Who may cancel: the counsellor it is booked with, and staff and admins
/// of its site.
pub fn may_cancel(me: &Counsellor, counsellor: &str, site: &str) -> Result<(), Refusal> {
    match me.role {
        Role::Counsellor if me.username == counsellor => Ok(()),
        Role::Counsellor => Err(Refusal::NotYours),
        Role::Staff | Role::Admin if me.site.is_empty() || me.site == site => Ok(()),
        Role::Staff | Role::Admin => Err(Refusal::OtherSite),
    }
}

/// Wrong codes a kiosk may send before it is slowed down.
pub const FREE_GUESSES: u32 = 5;
/// Then one more wrong code each this often.
pub const GUESS_EVERY_MS: i64 = 60_000;

/// The brake on guessed codes, per kiosk: a bucket of [`FREE_GUESSES`] that
/// each wrong code empties by one and that refills by one every
/// [`GUESS_EVERY_MS`]. While it is empty, check-ins with a code from that
/// kiosk are refused (`429`), the right code too: a million codes at one a
/// minute take two years, and an honest visitor meanwhile gets a number
/// from the kiosk and has their code checked when the brake lifts.
#[derive(Debug, Default)]
pub struct CodeBrake(Mutex<HashMap<String, Bucket>>);

#[derive(Debug, Clone, Copy)]
struct Bucket {
    wrong: u32,
    /// When `wrong` last changed.
    at: i64,
}

impl Bucket {
    /// The count after refilling up to `now`, and when it last dropped.
    fn at(self, now: i64) -> Bucket {
        let refilled = ((now - self.at).max(0) / GUESS_EVERY_MS) as u32;
        Bucket {
            wrong: self.wrong.saturating_sub(refilled),
            at: self.at + i64::from(refilled.min(self.wrong)) * GUESS_EVERY_MS,
        }
    }
}

impl CodeBrake {
    /// `Err(seconds)` while `kiosk` must wait before its next code.
    pub fn check(&self, kiosk: &str, now: i64) -> Result<(), u64> {
        let map = self.0.lock().expect("code brake");
        match map.get(kiosk).map(|b| b.at(now)) {
            Some(b) if b.wrong >= FREE_GUESSES => {
                let wait_ms = (b.at + GUESS_EVERY_MS - now).max(1_000);
                Err((wait_ms as u64).div_ceil(1_000))
            }
            _ => Ok(()),
        }
    }

    /// Counts a wrong code from `kiosk`.
    pub fn wrong(&self, kiosk: &str, now: i64) {
        let mut map = self.0.lock().expect("code brake");
        let b = map
            .get(kiosk)
            .map_or(Bucket { wrong: 0, at: now }, |b| b.at(now));
        let at = if b.wrong == 0 { now } else { b.at };
        map.insert(
            kiosk.to_string(),
            Bucket {
                wrong: b.wrong + 1,
                at,
            },
        );
        // Kiosks are few and configured, but a map must not grow without
        // end: buckets that have refilled are dropped.
        if map.len() > 1_000 {
            map.retain(|_, b| b.at(now).wrong > 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counsellor(username: &str, site: &str, role: Role) -> Counsellor {
        Counsellor {
            username: username.into(),
            name: username.into(),
            site: site.into(),
            desk: "1".into(),
            errands: vec![],
            languages: vec![],
            role,
        }
    }

    #[test]
    fn counsellors_book_for_themselves_and_staff_for_their_site() {
        let config = Config::parse("demo.toml", crate::config::DEMO_CONFIG).unwrap();
        let anna = config.counsellor("anna").unwrap();
        assert_eq!(
            counsellor_for(&config, anna, None).unwrap().username,
            "anna"
        );
        let colleague = config
            .counsellors
            .iter()
            .find(|c| c.site == anna.site && c.username != "anna" && c.role.serves_visitors())
            .unwrap();
        assert_eq!(
            counsellor_for(&config, anna, Some(&colleague.username)).err(),
            Some(Refusal::NotYours)
        );
        let staff = counsellor("boss", &anna.site, Role::Staff);
        assert_eq!(
            counsellor_for(&config, &staff, Some(&colleague.username))
                .unwrap()
                .username,
            colleague.username
        );
        let elsewhere = counsellor("boss", "elsewhere", Role::Staff);
        assert_eq!(
            counsellor_for(&config, &elsewhere, Some("anna")).err(),
            Some(Refusal::OtherSite)
        );
        assert_eq!(
            counsellor_for(&config, &staff, Some("nobody")).err(),
            Some(Refusal::UnknownCounsellor)
        );
    }

    #[test]
    fn today_up_to_a_year_ahead_can_be_booked() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert!(bookable(today, today).is_ok());
        assert!(bookable(today + chrono::Duration::days(366), today).is_ok());
        assert_eq!(
            bookable(today - chrono::Duration::days(1), today),
            Err(Refusal::OutOfRange)
        );
        assert_eq!(
            bookable(today + chrono::Duration::days(367), today),
            Err(Refusal::OutOfRange)
        );
    }

    #[test]
    fn the_counsellor_and_staff_of_the_site_may_cancel() {
        let anna = counsellor("anna", "arby", Role::Counsellor);
        assert!(may_cancel(&anna, "anna", "arby").is_ok());
        assert_eq!(may_cancel(&anna, "bo", "arby"), Err(Refusal::NotYours));
        let staff = counsellor("boss", "arby", Role::Staff);
        assert!(may_cancel(&staff, "bo", "arby").is_ok());
        assert_eq!(
            may_cancel(&staff, "bo", "froslunda"),
            Err(Refusal::OtherSite)
        );
    }

    #[test]
    fn a_kiosk_that_guesses_is_slowed_to_one_code_a_minute() {
        let brake = CodeBrake::default();
        let t0 = 1_000_000;
        for i in 0..FREE_GUESSES {
            assert!(brake.check("k1", t0 + i64::from(i)).is_ok(), "guess {i}");
            brake.wrong("k1", t0 + i64::from(i));
        }
        assert_eq!(brake.check("k1", t0 + 10), Err(60));
        // Another kiosk is not braked.
        assert!(brake.check("k2", t0 + 10).is_ok());
        // One more a minute after the first wrong code, and only one.
        assert!(brake.check("k1", t0 + GUESS_EVERY_MS).is_ok());
        brake.wrong("k1", t0 + GUESS_EVERY_MS);
        assert!(brake.check("k1", t0 + GUESS_EVERY_MS + 1).is_err());
        // Left alone long enough, the kiosk is free again.
        assert!(brake.check("k1", t0 + 10 * GUESS_EVERY_MS).is_ok());
    }
}
