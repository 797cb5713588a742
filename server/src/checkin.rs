//! A kiosk's check-in, decided without the store: every check that needs
//! nothing stored, the request's canonical form for idempotency, the day it
//! counts for, and the new ticket. The store looks up what it must (an
//! earlier check-in with the same id, the booked visit, a free number) and
//! saves.

use protocol::{BookedVisit, CheckinRequest, OfflineNumber, TicketStatus};
use serde_json::json;

use crate::{
    clock::{local_day, local_time},
    config::{Config, Errand, Kiosk, Site},
    numbering::{self, OfflineRefusal},
    store::{StoreError, StoreResult},
    ticket::Ticket,
};

/// A check-in that passed every check made before the store is asked.
pub struct Accepted<'c> {
    pub site: &'c Site,
    pub errand: &'c Errand,
    /// The counter of the number the kiosk gave offline, if it did.
    pub counter: Option<u32>,
    /// The request in canonical form: a repeat must match it.
    pub fingerprint: String,
}

pub fn accept<'c>(
    config: &'c Config,
    kiosk: &Kiosk,
    slot: u32,
    r: &CheckinRequest,
    now: i64,
) -> StoreResult<Accepted<'c>> {
    let site = config
        .site(&kiosk.site)
        .ok_or(StoreError::NotFound("site"))?;
    let errand = config.errand(&r.errand).ok_or_else(|| {
        StoreError::Invalid("unknown_errand", format!("unknown errand {:?}", r.errand))
    })?;
    if !site.languages.contains(&r.language) {
        return Err(StoreError::Invalid(
            "unknown_language",
            format!("language {:?} is not offered at this site", r.language),
        ));
    }
    // A kiosk may send check-ins it took while offline, even days late, and
    // an earlier day's ticket waits in no queue; but one older than the
    // retention period would be purged at once, and no kiosk's outbox keeps
    // anything that old.
    let oldest = now - i64::from(config.retention_days) * 86_400_000;
    if r.created_at.timestamp_millis() < oldest {
        return Err(StoreError::Invalid(
            "created_at_too_old",
            format!(
                "created_at lies more than the retention period ({} days) in the past",
                config.retention_days
            ),
        ));
    }
    let counter = r
        .number
        .as_ref()
        .map(|n| offline_counter(n, errand.prefix, slot))
        .transpose()?;
    Ok(Accepted {
        site,
        errand,
        counter,
        fingerprint: fingerprint(&kiosk.id, r, counter),
    })
}

/// The request as compared for idempotency: the kiosk, and every field in one
/// canonical form (the instant in milliseconds, the number as its counter).
pub fn fingerprint(kiosk: &str, r: &CheckinRequest, counter: Option<u32>) -> String {
    let mut f = json!({
        "kiosk": kiosk,
        "errand": r.errand,
        "language": r.language,
        "appointment": r.appointment,
        "interpreter": r.interpreter,
        "created_at": r.created_at.timestamp_millis(),
        "number": counter,
    });
    // Only with a code: check-ins stored before codes existed keep matching
    // their own retries.
    if let Some(code) = &r.appointment_code {
        f["appointment_code"] = json!(code);
    }
    f.to_string()
}

/// The same check-in sent again with the number its kiosk gave the visitor
/// after our first answer came too late: the counter and number to adopt.
pub fn late_offline_number(
    a: &Accepted,
    kiosk: &str,
    r: &CheckinRequest,
    stored_fingerprint: &str,
) -> Option<(u32, String)> {
    let counter = a.counter?;
    (stored_fingerprint == fingerprint(kiosk, r, None))
        .then(|| (counter, numbering::format(a.errand.prefix, counter)))
}

/// Checks an offline number against the errand and the kiosk's range.
fn offline_counter(number: &OfflineNumber, prefix: char, slot: u32) -> StoreResult<u32> {
    numbering::offline_counter(number, prefix, slot).map_err(|refusal| match refusal {
        OfflineRefusal::Invalid => {
            StoreError::Invalid("invalid_number", "this is not a ticket number".into())
        }
        OfflineRefusal::WrongLetter => StoreError::Invalid(
            "number_prefix_mismatch",
            format!("the number does not start with the errand's letter {prefix:?}"),
        ),
        OfflineRefusal::OutOfRange(range) => StoreError::Invalid(
            "number_out_of_range",
            format!(
                "this kiosk's offline numbers are {} to {}",
                range.first, range.last
            ),
        ),
    })
}

/// When the visitor checked in and the site-local day that counts for.
pub fn when(site: &Site, r: &CheckinRequest, now: i64) -> StoreResult<(i64, String)> {
    // A kiosk clock ahead of the server's must not put a visitor ahead of
    // people already waiting, so no check-in is later than now.
    let checked_in_at = r.created_at.timestamp_millis().min(now);
    let day = local_day(site.timezone, checked_in_at);
    // Only a kiosk that was offline has a reason to send an earlier day's
    // check-in, and then it gave the visitor a number of its own: without
    // one, a check-in may go back at most to the start of the site's day.
    if r.number.is_none() && day < local_day(site.timezone, now) {
        return Err(StoreError::Invalid(
            "created_at_too_old",
            "a check-in from an earlier day must carry the number the kiosk gave offline".into(),
        ));
    }
    Ok((checked_in_at, day))
}

/// The refusal of a code that names no booked visit of the site and day.
pub fn unknown_code() -> StoreError {
    StoreError::Invalid(
        protocol::UNKNOWN_APPOINTMENT_CODE,
        "no booked visit of this day at this site has that code".into(),
    )
}

/// Whether a code can be one at all (six digits): anything else is refused
/// without looking.
pub fn code_shaped(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The booked visit a good code found, as the ticket tells it: a counsellor
/// who has left the site since booking cannot be waited for, so the visit
/// keeps its head start, in the queue for everyone.
pub fn booked_visit(config: &Config, site: &Site, counsellor: &str, at: i64) -> BookedVisit {
    let counsellor = config
        .counsellor(counsellor)
        .filter(|c| c.site == site.id && c.role.serves_visitors());
    BookedVisit {
        desk: counsellor.map(|c| c.desk.clone()).unwrap_or_default(),
        at: local_time(site.timezone, at).fixed_offset(),
        counsellor: counsellor.map(|c| c.username.clone()).unwrap_or_default(),
    }
}

/// The new ticket, before the store gives it its arrival.
pub fn new_ticket(
    a: &Accepted,
    r: &CheckinRequest,
    (checked_in_at, day): (i64, String),
    counter: u32,
    booked: Option<&BookedVisit>,
) -> Ticket {
    Ticket {
        id: r.id.to_string(),
        site: a.site.id.clone(),
        day,
        counter,
        number: numbering::format(a.errand.prefix, counter),
        offline: r.number.is_some(),
        errand: a.errand.id.clone(),
        language: r.language.clone(),
        // Where codes are required, a plain "yes" is taken on trust no more.
        appointment: booked.is_some() || (r.appointment && !a.site.appointment_codes_required),
        interpreter: r.interpreter,
        status: TicketStatus::Waiting,
        checked_in_at,
        called_at: None,
        started_at: None,
        finished_at: None,
        counsellor: None,
        desk: None,
        // Reserved for the counsellor who booked the visit, as a transfer
        // by name is.
        transferred_to: booked
            .map(|b| b.counsellor.clone())
            .filter(|c| !c.is_empty()),
        calls: 0,
        transfers: 0,
        call_reason: None,
        arrival: 0,
    }
}
