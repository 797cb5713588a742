//! Time as the sites live it: instants are Unix milliseconds everywhere in
//! the server, and a ticket's day is the site's local date of its check-in.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// An instant on the site's wall clock.
pub fn local_time(tz: Tz, ms: i64) -> DateTime<Tz> {
    tz.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_else(|| Utc::now().with_timezone(&tz))
}

/// The site-local date of an instant: tickets are numbered and counted per day.
pub fn local_day(tz: Tz, ms: i64) -> String {
    local_time(tz, ms).format("%Y-%m-%d").to_string()
}
