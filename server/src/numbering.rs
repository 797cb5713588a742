//! Ticket numbers: the errand's letter and a per-site, per-day counter ("J12").
//!
//! Counters 1..=899 are issued by the server. Each kiosk owns a slot, and slot
//! `s` owns the counters `900 + 100·s ..= 999 + 100·s` for tickets it has to
//! issue while it cannot reach the server. When a busy day reaches 900 the
//! server jumps over every slot that could ever exist, so online and offline
//! numbers never meet, whichever kiosks are added later in the day.

use protocol::NumberRange;

/// How many kiosks one site may have.
pub const KIOSK_SLOTS: u32 = 10;
const RESERVED_FIRST: u32 = 900;
const PER_KIOSK: u32 = 100;
const RESERVED_END: u32 = RESERVED_FIRST + PER_KIOSK * KIOSK_SLOTS;

/// The counters a kiosk in `slot` may use offline.
pub fn offline_range(slot: u32) -> NumberRange {
    let first = RESERVED_FIRST + PER_KIOSK * slot;
    NumberRange {
        first,
        last: first + PER_KIOSK - 1,
    }
}

/// The server's next counter after `last` (0 on a fresh day).
pub fn next_online(last: u32) -> u32 {
    let next = last + 1;
    if (RESERVED_FIRST..RESERVED_END).contains(&next) {
        RESERVED_END
    } else {
        next
    }
}

/// Is `counter` one the server itself would issue?
pub fn is_online(counter: u32) -> bool {
    counter >= 1 && !(RESERVED_FIRST..RESERVED_END).contains(&counter)
}

/// The number as printed and called out.
pub fn format(prefix: char, counter: u32) -> String {
    format!("{prefix}{counter}")
}

/// Splits a printed number ("J903") into its letter and counter.
pub fn parse(number: &str) -> Option<(char, u32)> {
    let mut chars = number.chars();
    let prefix = chars.next().filter(char::is_ascii_uppercase)?;
    let digits = chars.as_str();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    Some((prefix, digits.parse().ok()?))
}

/// Why an offline number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfflineRefusal {
    /// Not a ticket number at all.
    Invalid,
    /// It starts with another letter than the errand's.
    WrongLetter,
    /// The counter lies outside the kiosk's own range.
    OutOfRange(NumberRange),
}

/// The counter of a number a kiosk issued offline, checked against the
/// errand's letter and the kiosk's range.
pub fn offline_counter(
    number: &protocol::OfflineNumber,
    prefix: char,
    slot: u32,
) -> Result<u32, OfflineRefusal> {
    let counter = match number {
        protocol::OfflineNumber::Counter(n) => *n,
        protocol::OfflineNumber::Printed(s) => match parse(s) {
            Some((p, n)) if p == prefix => n,
            Some(_) => return Err(OfflineRefusal::WrongLetter),
            None => return Err(OfflineRefusal::Invalid),
        },
    };
    let range = offline_range(slot);
    if !range.contains(counter) {
        return Err(OfflineRefusal::OutOfRange(range));
    }
    Ok(counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_numbers_skip_every_kiosk_range() {
        let mut last = 0;
        let mut issued = Vec::new();
        for _ in 0..2000 {
            last = next_online(last);
            issued.push(last);
        }
        assert_eq!(issued[0], 1);
        assert_eq!(issued[898], 899);
        assert_eq!(issued[899], RESERVED_END);
        for slot in 0..KIOSK_SLOTS {
            let range = offline_range(slot);
            assert!(
                issued.iter().all(|&n| !range.contains(n)),
                "slot {slot} collides"
            );
            assert!((range.first..=range.last).all(|n| !is_online(n)));
        }
    }

    #[test]
    fn kiosk_ranges_do_not_overlap() {
        for a in 0..KIOSK_SLOTS {
            for b in (a + 1)..KIOSK_SLOTS {
                let (ra, rb) = (offline_range(a), offline_range(b));
                assert!(ra.last < rb.first);
            }
        }
        assert_eq!(
            offline_range(0),
            NumberRange {
                first: 900,
                last: 999
            }
        );
    }

    #[test]
    fn printed_numbers_round_trip() {
        assert_eq!(format('J', 12), "J12");
        assert_eq!(parse("J903"), Some(('J', 903)));
        for bad in ["", "J", "j12", "J012", "J1a", "12", "JJ1"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn offline_numbers_must_carry_the_errands_letter_and_the_kiosks_range() {
        use protocol::OfflineNumber::{Counter, Printed};
        assert_eq!(offline_counter(&Printed("J903".into()), 'J', 0), Ok(903));
        assert_eq!(offline_counter(&Counter(1005), 'J', 1), Ok(1005));
        assert_eq!(
            offline_counter(&Printed("S903".into()), 'J', 0),
            Err(OfflineRefusal::WrongLetter)
        );
        assert_eq!(
            offline_counter(&Printed("J09".into()), 'J', 0),
            Err(OfflineRefusal::Invalid)
        );
        assert_eq!(
            offline_counter(&Counter(903), 'J', 1),
            Err(OfflineRefusal::OutOfRange(offline_range(1)))
        );
    }
}
