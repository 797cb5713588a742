//! Tickets: check-in, calling, the counsellor actions, and what a visitor or
//! counsellor may read. Each change runs as one store job, which the store
//! wraps in a savepoint of its own (see `store::run_batch`): a change that
//! fails leaves nothing behind. It returns the events to publish once it has
//! committed.
//!
//! The decisions themselves are pure and live elsewhere: what a change does
//! to a ticket in `ticket`, who is next in `routing`, numbers in
//! `numbering`, the wait in `estimate`. Each change is loaded, decided there,
//! and written once by [`save`].

use protocol::{
    BookedVisit, CallEvent, CheckinRequest, CheckinResponse, QueueEvent, TicketStatus,
    VisitorStatus, WaitRange,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{
    auth, checkin,
    clock::local_day,
    config::{Config, Counsellor, Kiosk, Site},
    estimate,
    events::SiteEvent,
    lifecycle::{Action, CallReason},
    numbering, routing,
    store::{
        appointments, counsellors,
        error::{StoreError, StoreResult},
        queue::{Entry, Queues, SiteQueue},
        sqlite::Sqlite,
    },
    ticket::{self, Change, Ticket, Trail, TransferTo},
};

const COLUMNS: &str = "id, site, day, counter, number, offline, errand, language, appointment, \
    interpreter, status, checked_in_at, called_at, started_at, finished_at, counsellor, desk, \
    transferred_to, calls, transfers, call_reason, rowid";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<Ticket> {
    let invalid = |i: usize, s: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, s.into())
    };
    let status: String = r.get(10)?;
    let call_reason: Option<String> = r.get(20)?;
    Ok(Ticket {
        id: r.get(0)?,
        site: r.get(1)?,
        day: r.get(2)?,
        counter: r.get(3)?,
        number: r.get(4)?,
        offline: r.get(5)?,
        errand: r.get(6)?,
        language: r.get(7)?,
        appointment: r.get(8)?,
        interpreter: r.get(9)?,
        status: TicketStatus::parse(&status).ok_or_else(|| invalid(10, status))?,
        checked_in_at: r.get(11)?,
        called_at: r.get(12)?,
        started_at: r.get(13)?,
        finished_at: r.get(14)?,
        counsellor: r.get(15)?,
        desk: r.get(16)?,
        transferred_to: r.get(17)?,
        calls: r.get(18)?,
        transfers: r.get(19)?,
        call_reason: call_reason
            .map(|s| CallReason::parse(&s).ok_or_else(|| invalid(20, s)))
            .transpose()?,
        arrival: r.get(21)?,
    })
}

fn entry(t: &Ticket) -> Entry {
    Entry {
        id: t.id.clone(),
        errand: t.errand.clone(),
        language: t.language.clone(),
        appointment: t.appointment,
        checked_in_at: t.checked_in_at,
        arrival: t.arrival,
        transferred_to: t.transferred_to.clone(),
    }
}

fn site_of<'a>(config: &'a Config, id: &str) -> StoreResult<&'a Site> {
    config.site(id).ok_or_else(|| StoreError::NotFound("site"))
}

fn get(conn: &Connection, id: &str) -> StoreResult<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], read_row)
        .optional()?)
}

/// Today's waiting tickets at a site. Tickets left waiting on an earlier day
/// are not in anyone's queue: that visitor has gone home.
fn waiting_today(conn: &Connection, site: &Site, now: i64) -> StoreResult<Vec<Ticket>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE site = ?1 AND status = 'waiting' AND day = ?2"
    );
    let day = local_day(site.timezone, now);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![site.id, day], read_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A site's tickets checked in from `from` to `to` (local days), as the
/// wait backtest replays them (`crate::backtest`), in arrival order.
pub fn past(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<Vec<crate::backtest::Past>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, errand, language, appointment, checked_in_at, called_at,
                CASE WHEN status = 'done' THEN finished_at - COALESCE(started_at, called_at) END,
                finished_at, rowid
         FROM tickets WHERE site = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY checked_in_at, rowid",
    )?;
    let rows = stmt.query_map(params![site, from, to], |r| {
        Ok(crate::backtest::Past {
            day: r.get(0)?,
            errand: r.get(1)?,
            language: r.get(2)?,
            appointment: r.get(3)?,
            checked_in_at: r.get(4)?,
            called_at: r.get(5)?,
            service_ms: r.get(6)?,
            finished_at: r.get(7)?,
            arrival: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Who waits now at every site, per errand, for `/metrics`: a count and the
/// longest wait, every configured errand listed even when nobody waits.
pub fn waiting_now(
    conn: &Connection,
    config: &Config,
    now: i64,
) -> StoreResult<Vec<crate::metrics::Waiting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT errand, COUNT(*), MIN(checked_in_at) FROM tickets
         WHERE site = ?1 AND status = 'waiting' AND day = ?2 GROUP BY errand",
    )?;
    let mut figures = Vec::new();
    for site in &config.sites {
        let day = local_day(site.timezone, now);
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map(params![site.id, day], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        for errand in &config.errands {
            let (count, longest_wait_s) = rows
                .iter()
                .find(|(e, ..)| *e == errand.id)
                .map_or((0, 0), |(_, n, first)| {
                    (*n as usize, (now - first).max(0) as u64 / 1000)
                });
            figures.push(crate::metrics::Waiting {
                site: site.id.clone(),
                errand: errand.id.clone(),
                count,
                longest_wait_s,
            });
        }
    }
    Ok(figures)
}

/// The site's queue of today, loaded from the database if need be.
fn site_queue<'q>(
    conn: &Connection,
    queues: &'q mut Queues,
    site: &Site,
    now: i64,
) -> StoreResult<&'q mut SiteQueue> {
    let day = local_day(site.timezone, now);
    if queues.get(&site.id, &day).is_none() {
        let entries = waiting_today(conn, site, now)?
            .iter()
            .map(entry)
            .collect::<Vec<_>>();
        return Ok(queues.insert(&site.id, SiteQueue::new(day, entries)));
    }
    Ok(queues.get(&site.id, &day).expect("the queue is loaded"))
}

/// Appends to the ticket's trail, puts the ticket in or out of its site's
/// queue, and discards its day's stored footfall if that day is closed: every
/// change to a ticket passes here, so neither can miss one. The entry's
/// place in the trail.
fn log(tx: &Connection, queues: &mut Queues, ticket: &Ticket, trail: &Trail) -> StoreResult<i64> {
    tx.prepare_cached(
        "INSERT INTO ticket_events (ticket, at, action, status, counsellor, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        ticket.id,
        trail.at,
        trail.action,
        ticket.status.as_str(),
        trail.by,
        trail.detail
    ])?;
    let seq = tx.last_insert_rowid();
    super::footfall::ticket_changed(tx, &ticket.site, &ticket.day)?;
    if let Some(queue) = queues.get(&ticket.site, &ticket.day) {
        match ticket.status {
            TicketStatus::Waiting => queue.put(entry(ticket)),
            _ => queue.remove(&ticket.id),
        }
    }
    Ok(seq)
}

/// Writes a decided change once: every field a change may touch, only if
/// the ticket is still in the status it was decided from, then its trail.
/// Returns the trail entry's place and, for a call, its spoken reference.
fn save(
    tx: &Connection,
    queues: &mut Queues,
    from: TicketStatus,
    change: &Change,
) -> StoreResult<(i64, Option<String>)> {
    let t = &change.ticket;
    let changed = tx
        .prepare_cached(
            "UPDATE tickets SET status = ?3, counsellor = ?4, desk = ?5, transferred_to = ?6,
                errand = ?7, calls = ?8, called_at = ?9, started_at = ?10, finished_at = ?11,
                transfers = ?12, call_reason = ?13, counter = ?14, number = ?15, offline = ?16
             WHERE id = ?1 AND status = ?2",
        )?
        .execute(params![
            t.id,
            from.as_str(),
            t.status.as_str(),
            t.counsellor,
            t.desk,
            t.transferred_to,
            t.errand,
            t.calls,
            t.called_at,
            t.started_at,
            t.finished_at,
            t.transfers,
            t.call_reason.map(CallReason::as_str),
            t.counter,
            t.number,
            t.offline,
        ])?;
    if changed != 1 {
        return Err(StoreError::Conflict(
            "invalid_transition",
            "the ticket changed meanwhile; look again".into(),
        ));
    }
    let seq = log(tx, queues, t, &change.trail)?;
    let call_ref = if change.announced {
        Some(new_call_ref(tx, &t.id, seq)?)
    } else {
        None
    };
    Ok((seq, call_ref))
}

fn queue_event(waiting: usize) -> SiteEvent {
    SiteEvent::queue(&QueueEvent {
        waiting: waiting as u32,
    })
}

// ---------------------------------------------------------------- standing --

/// Where a waiting ticket stands: people ahead and the estimated wait
/// (see [`estimate::standing`]).
fn standing(
    conn: &Connection,
    config: &Config,
    site: &Site,
    ticket: &Ticket,
    queue: &SiteQueue,
    now: i64,
) -> StoreResult<(u32, WaitRange)> {
    let recent: Vec<i64> = conn
        .prepare_cached(
            "SELECT (finished_at - COALESCE(started_at, called_at)) / 1000 FROM tickets
             WHERE site = ?1 AND errand = ?2 AND status = 'done' AND finished_at > ?3
             ORDER BY finished_at DESC LIMIT ?4",
        )?
        .query_map(
            params![
                site.id,
                ticket.errand,
                now - estimate::SERVICE_HISTORY_MS,
                estimate::SERVICE_SAMPLES
            ],
            |r| r.get::<_, i64>(0),
        )?
        .collect::<Result<_, _>>()?;
    let available = counsellors::available(conn)?;
    Ok(estimate::standing(
        config, site, ticket, queue, &recent, &available,
    ))
}

// ---------------------------------------------------------------- check-in --

/// What a kiosk sent, with who sent it.
pub struct Checkin<'a> {
    pub kiosk: &'a Kiosk,
    pub slot: u32,
    pub request: &'a CheckinRequest,
    /// Status URLs start with this.
    pub public_url: &'a str,
    pub now: i64,
}

pub enum CheckinOutcome {
    Created(CheckinResponse, Vec<SiteEvent>),
    /// The same check-in again: the first answer, unchanged, or renumbered
    /// with the offline number the kiosk gave the visitor (and its events).
    Repeated(CheckinResponse, Vec<SiteEvent>),
}

/// Whether a check-in with this id has been received already (a repeat is
/// answered as before, never braked).
pub fn is_known(conn: &Connection, id: &str) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM tickets WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?)
}

/// The visitor's status token: derived from the ticket's id with the
/// server's secret key, so only its hash needs storing and a repeated
/// check-in still gets the same status URL.
fn status_token(tx: &Connection, ticket: &str) -> StoreResult<String> {
    let key: Vec<u8> = tx
        .prepare_cached("SELECT value FROM secrets WHERE name = 'status_token'")?
        .query_row([], |r| r.get(0))?;
    Ok(auth::keyed_token(&key, ticket))
}

/// The first answer to a check-in, as stored (without its status URL, which
/// holds the visitor's token), made whole again.
fn stored_answer(
    tx: &Connection,
    id: &str,
    response: &str,
    public_url: &str,
) -> StoreResult<CheckinResponse> {
    let mut response: CheckinResponse =
        serde_json::from_str(response).map_err(anyhow::Error::from)?;
    response.status_url = format!("{public_url}/t/{}", status_token(tx, id)?);
    Ok(response)
}

pub fn checkin(store: &mut Sqlite, config: &Config, c: Checkin) -> StoreResult<CheckinOutcome> {
    let r = c.request;
    let accepted = checkin::accept(config, c.kiosk, c.slot, r, c.now)?;
    let site = accepted.site;
    let id = r.id.to_string();

    let (tx, queues) = (&store.conn, &mut store.queues);
    let earlier: Option<(String, String)> = tx
        .prepare_cached("SELECT request, response FROM tickets WHERE id = ?1")?
        .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if let Some((request, response)) = earlier {
        if request == accepted.fingerprint {
            let response = stored_answer(tx, &id, &response, c.public_url)?;
            return Ok(CheckinOutcome::Repeated(response, Vec::new()));
        }
        // The kiosk gave up waiting for our first answer and gave the visitor
        // a number from its own range: the visitor holds that number now, so
        // the ticket takes it.
        if let Some(number) = checkin::late_offline_number(&accepted, &c.kiosk.id, r, &request) {
            return adopt_offline_number(
                tx,
                queues,
                config,
                site,
                &id,
                number,
                &accepted.fingerprint,
                &c,
            );
        }
        return Err(StoreError::Invalid(
            "idempotency_conflict",
            "a different check-in with this id was already received".into(),
        ));
    }
    let (checked_in_at, day) = checkin::when(site, r, c.now)?;
    // A booked visit's code ties the ticket to its counsellor. Checked
    // before anything is stored, so a wrong code leaves no trace.
    let booked = match &r.appointment_code {
        Some(code) if checkin::code_shaped(code) => {
            let arrived = appointments::arrive(tx, site, &day, code, &id)?
                .ok_or_else(checkin::unknown_code)?;
            Some(checkin::booked_visit(
                config,
                site,
                &arrived.counsellor,
                arrived.at,
            ))
        }
        Some(_) => return Err(checkin::unknown_code()),
        None => None,
    };
    let counter = match accepted.counter {
        Some(n) => {
            check_number_free(tx, &site.id, &day, n)?;
            n
        }
        None => {
            let last: u32 = tx
                .prepare_cached("SELECT last FROM day_counters WHERE site = ?1 AND day = ?2")?
                .query_row(params![site.id, day], |row| row.get(0))
                .optional()?
                .unwrap_or(0);
            let next = numbering::next_online(last);
            tx.prepare_cached(
                "INSERT INTO day_counters (site, day, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT (site, day) DO UPDATE SET last = ?3",
            )?
            .execute(params![site.id, day, next])?;
            next
        }
    };
    // Made once: its hash is stored, the token itself goes to the kiosk.
    let token = status_token(tx, &id)?;
    let mut row = checkin::new_ticket(&accepted, r, (checked_in_at, day), counter, booked.as_ref());
    tx.prepare_cached(
        "INSERT INTO tickets (id, site, day, counter, number, errand, first_errand, language, appointment,
            interpreter, status, kiosk, offline, checked_in_at, status_token, request, response,
            transferred_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, 'waiting', ?10, ?11, ?12, ?13, ?14, '', ?15)",
    )?
    .execute(params![
        row.id,
        row.site,
        row.day,
        row.counter,
        row.number,
        row.errand,
        row.language,
        row.appointment,
        row.interpreter,
        c.kiosk.id,
        row.offline,
        row.checked_in_at,
        auth::hash_token(&token),
        accepted.fingerprint,
        row.transferred_to,
    ])?;
    row.arrival = tx.last_insert_rowid();
    let trail = Trail {
        at: checked_in_at,
        action: "check-in",
        by: Some(c.kiosk.id.clone()),
        detail: booked.as_ref().map(|_| "appointment".to_string()),
    };
    log(tx, queues, &row, &trail)?;
    let status_url = format!("{}/t/{token}", c.public_url);
    let mut events = vec![row.event()];
    if let Some(b) = &booked {
        events.push(SiteEvent::appointment(Some((&b.counsellor, &row.number))));
    }
    let (response, waiting) = answer(tx, queues, config, site, &row, status_url, booked, c.now)?;
    events.push(queue_event(waiting));
    Ok(CheckinOutcome::Created(response, events))
}

fn check_number_free(tx: &Connection, site: &str, day: &str, counter: u32) -> StoreResult<()> {
    let taken: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM tickets WHERE site = ?1 AND day = ?2 AND counter = ?3)",
        )?
        .query_row(params![site, day, counter], |row| row.get(0))?;
    if taken {
        return Err(StoreError::Conflict(
            "number_taken",
            format!(
                "number {counter} was already used that day at this site; \
                 send the check-in again without a number"
            ),
        ));
    }
    Ok(())
}

/// The answer to a check-in, stored with the ticket (less `status_url`) so
/// that a repeat gets it unchanged; also how many tickets wait at the site.
#[allow(clippy::too_many_arguments)]
fn answer(
    tx: &Connection,
    queues: &mut Queues,
    config: &Config,
    site: &Site,
    row: &Ticket,
    status_url: String,
    appointment: Option<BookedVisit>,
    now: i64,
) -> StoreResult<(CheckinResponse, usize)> {
    let queue = site_queue(tx, queues, site, now)?;
    // A check-in from an earlier day (a kiosk that was offline overnight) is
    // recorded for the statistics but waits in no queue.
    let (people_ahead, estimated_wait_min) = if row.day == queue.day() {
        standing(tx, config, site, row, queue, now)?
    } else {
        (0, WaitRange { low: 0, high: 0 })
    };
    let response = CheckinResponse {
        id: row.id.parse().expect("ticket ids are stored as UUIDs"),
        number: row.number.clone(),
        status: row.status,
        people_ahead,
        estimated_wait_min,
        status_url: String::new(),
        appointment,
    };
    // Stored without the status URL: the token in it is the visitor's key,
    // and only its hash is kept.
    let json = serde_json::to_string(&response).map_err(anyhow::Error::from)?;
    tx.prepare_cached("UPDATE tickets SET response = ?2 WHERE id = ?1")?
        .execute(params![row.id, json])?;
    Ok((
        CheckinResponse {
            status_url,
            ..response
        },
        queue.len(),
    ))
}

/// Gives an online ticket the offline number its kiosk showed the visitor
/// after our first answer came too late, unless it has been called (see
/// [`ticket::renumber`]).
#[allow(clippy::too_many_arguments)]
fn adopt_offline_number(
    tx: &Connection,
    queues: &mut Queues,
    config: &Config,
    site: &Site,
    id: &str,
    number: (u32, String),
    fingerprint: &str,
    c: &Checkin,
) -> StoreResult<CheckinOutcome> {
    let row = get(tx, id)?.ok_or(StoreError::NotFound("ticket"))?;
    let first_answer: String = tx
        .prepare_cached("SELECT response FROM tickets WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let Some(change) = ticket::renumber(&row, number, &c.kiosk.id, c.now) else {
        tracing::warn!(ticket = %id, "an offline number came after the ticket was called; the first number stands");
        let response = stored_answer(tx, id, &first_answer, c.public_url)?;
        return Ok(CheckinOutcome::Repeated(response, Vec::new()));
    };
    check_number_free(tx, &site.id, &row.day, change.ticket.counter)?;
    // The booked visit the first answer found, if any, stays in the new one.
    let booked = serde_json::from_str::<CheckinResponse>(&first_answer)
        .ok()
        .and_then(|a| a.appointment);
    save(tx, queues, row.status, &change)?;
    tx.prepare_cached("UPDATE tickets SET request = ?2 WHERE id = ?1")?
        .execute(params![id, fingerprint])?;
    let row = change.ticket;
    let status_url = format!("{}/t/{}", c.public_url, status_token(tx, id)?);
    let (response, waiting) = answer(tx, queues, config, site, &row, status_url, booked, c.now)?;
    Ok(CheckinOutcome::Repeated(
        response,
        vec![row.event(), queue_event(waiting)],
    ))
}

// ----------------------------------------------------------------- calling --

/// The result of a counsellor's action: the ticket as it is now, and what to
/// tell the site's screens.
pub struct Acted {
    pub ticket: protocol::Ticket,
    pub events: Vec<SiteEvent>,
}

fn call_event(row: &Ticket, call_ref: &str) -> CallEvent {
    CallEvent {
        number: row.number.clone(),
        desk: row.desk.clone().unwrap_or_default(),
        calls: row.calls,
        speech: speech_url(call_ref),
    }
}

fn speech_url(call_ref: &str) -> String {
    format!("/api/v1/speech/{call_ref}")
}

/// Each call (and recall) gets a new opaque reference, stored with the
/// ticket, by which the display board fetches the spoken call: the public
/// stream need not name the visitor's language, and nobody can have the
/// server speak a call that was not made.
///
/// `seq` is the call's trail entry, kept for [`calls_since`].
fn new_call_ref(tx: &Connection, id: &str, seq: i64) -> StoreResult<String> {
    let call_ref = auth::random_token(16);
    tx.prepare_cached("UPDATE tickets SET call_ref = ?2, call_seq = ?3 WHERE id = ?1")?
        .execute(params![id, call_ref, seq])?;
    Ok(call_ref)
}

/// `seq` is the call's entry in the trail: the display board's stream sends
/// it as the event's id, and a board that reconnects gets the calls after
/// the last one it heard (see [`calls_since`]).
fn call_events(row: &Ticket, call_ref: &str, waiting: usize, seq: i64) -> Vec<SiteEvent> {
    vec![
        SiteEvent::call(&call_event(row, call_ref), seq),
        row.event(),
        queue_event(waiting),
    ]
}

/// "Call next": picks, marks and returns the visitor this counsellor should
/// see now, or `None` when nobody waits for them. One transaction on the one
/// store thread, so two counsellors can never get the same visitor.
pub fn call_next(
    store: &mut Sqlite,
    config: &Config,
    me: &Counsellor,
    now: i64,
) -> StoreResult<Option<Acted>> {
    let site = site_of(config, &me.site)?;
    let (tx, queues) = (&store.conn, &mut store.queues);
    let pick = site_queue(tx, queues, site, now)?
        .next(routing::Caller::of(me), routing::Bonuses::of(site))
        .map(str::to_string);
    let Some(pick) = pick else {
        // Pressing "next" means the counsellor is working.
        counsellors::set(tx, &me.username, counsellors::Availability::Available, now)?;
        return Ok(None);
    };
    let row = match get(tx, &pick)? {
        Some(row) if row.status == TicketStatus::Waiting => row,
        // The queue in memory disagrees with the database: failing this job
        // makes the store forget the queue and load it afresh next time.
        _ => {
            return Err(StoreError::Internal(anyhow::anyhow!(
                "the queue held {pick}, which is not waiting"
            )))
        }
    };
    let change = ticket::call(&row, me, now, None, false)?;
    apply(tx, queues, site, me, &row, change, now).map(Some)
}

/// "Call this visitor": a waiting visitor this counsellor may serve, called
/// directly with a reason. When someone else would have been next for them,
/// the reason is kept on the ticket for the figures; the trail has it always.
pub fn call_chosen(
    store: &mut Sqlite,
    config: &Config,
    me: &Counsellor,
    id: &str,
    reason: CallReason,
    now: i64,
) -> StoreResult<Acted> {
    let site = site_of(config, &me.site)?;
    let (tx, queues) = (&store.conn, &mut store.queues);
    let row = ticket_at_my_site(tx, me, id)?;
    ticket::may_choose(&row, me, &local_day(site.timezone, now))?;
    let next = site_queue(tx, queues, site, now)?
        .next(routing::Caller::of(me), routing::Bonuses::of(site));
    let out_of_turn = next != Some(id);
    let change = ticket::call(&row, me, now, Some(reason), out_of_turn)?;
    apply(tx, queues, site, me, &row, change, now)
}

/// Recall, start, done, no-show, undo no-show, return.
pub fn act(
    store: &mut Sqlite,
    config: &Config,
    me: &Counsellor,
    id: &str,
    action: Action,
    now: i64,
) -> StoreResult<Acted> {
    let site = site_of(config, &me.site)?;
    let (tx, queues) = (&store.conn, &mut store.queues);
    let row = ticket_at_my_site(tx, me, id)?;
    let change = ticket::act(&row, me, action, now)?;
    apply(tx, queues, site, me, &row, change, now)
}

/// Sends a ticket on, keeping its number and its original check-in time.
pub fn transfer(
    store: &mut Sqlite,
    config: &Config,
    me: &Counsellor,
    id: &str,
    to: TransferTo,
    now: i64,
) -> StoreResult<Acted> {
    let site = site_of(config, &me.site)?;
    let (tx, queues) = (&store.conn, &mut store.queues);
    let row = ticket_at_my_site(tx, me, id)?;
    let change = ticket::transfer(&row, me, &to, ticket::served(config, site, &to), now)?;
    apply(tx, queues, site, me, &row, change, now)
}

/// Saves a counsellor's change and says what happened: a call also marks
/// the counsellor available, and is announced on the board.
fn apply(
    tx: &Connection,
    queues: &mut Queues,
    site: &Site,
    me: &Counsellor,
    before: &Ticket,
    change: Change,
    now: i64,
) -> StoreResult<Acted> {
    let (seq, call_ref) = save(tx, queues, before.status, &change)?;
    if change.trail.action == Action::Call.as_str() {
        counsellors::set(tx, &me.username, counsellors::Availability::Available, now)?;
    }
    let waiting = site_queue(tx, queues, site, now)?.len();
    let row = change.ticket;
    let events = match call_ref {
        Some(call_ref) => call_events(&row, &call_ref, waiting, seq),
        None => vec![row.event(), queue_event(waiting)],
    };
    Ok(Acted {
        ticket: row.to_wire(site.timezone, now),
        events,
    })
}

/// Loads a ticket of the counsellor's own site for an action.
fn ticket_at_my_site(tx: &Connection, me: &Counsellor, id: &str) -> StoreResult<Ticket> {
    match get(tx, id)? {
        Some(row) if row.site == me.site => Ok(row),
        // Another site's tickets are none of this counsellor's business; say
        // no more about them than about tickets that do not exist.
        _ => Err(StoreError::NotFound("ticket")),
    }
}

// ----------------------------------------------------------------- reading --

/// The site's waiting tickets in the order "call next" would take them for a
/// counsellor who handles every errand and speaks no language.
pub fn queue(
    conn: &Connection,
    config: &Config,
    site: &str,
    now: i64,
) -> StoreResult<Vec<protocol::Ticket>> {
    let site = site_of(config, site)?;
    let waiting = waiting_today(conn, site, now)?;
    let view: Vec<routing::Waiting> = waiting.iter().map(Ticket::as_waiting).collect();
    Ok(routing::queue_order(routing::Bonuses::of(site), &view)
        .into_iter()
        .map(|i| waiting[i].to_wire(site.timezone, now))
        .collect())
}

/// The tickets a counsellor holds now (called or serving), oldest call first.
pub fn held_by(
    conn: &Connection,
    config: &Config,
    me: &Counsellor,
    now: i64,
) -> StoreResult<Vec<protocol::Ticket>> {
    let site = site_of(config, &me.site)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE site = ?1 AND counsellor = ?2 AND status IN ('called', 'serving')
         ORDER BY called_at"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![site.id, me.username], read_row)?;
    rows.map(|r| Ok(r?.to_wire(site.timezone, now))).collect()
}

/// What the visitor holding `token` may see.
pub fn visitor_status(
    store: &mut Sqlite,
    config: &Config,
    token: &str,
    now: i64,
) -> StoreResult<Option<VisitorStatus>> {
    let Sqlite { conn, queues } = store;
    let Some(row) = by_status_token(conn, config, token, now)? else {
        return Ok(None);
    };
    let site = site_of(config, &row.site)?;
    let (people_ahead, estimated_wait_min) = match row.status {
        TicketStatus::Waiting => {
            let queue = site_queue(conn, queues, site, now)?;
            let (ahead, wait) = standing(conn, config, site, &row, queue, now)?;
            (ahead, Some(wait))
        }
        _ => (0, None),
    };
    let desk = match row.status {
        TicketStatus::Called | TicketStatus::Serving => row.desk.clone(),
        _ => None,
    };
    Ok(Some(VisitorStatus {
        number: row.number,
        status: row.status,
        people_ahead,
        estimated_wait_min,
        desk,
        language: row.language,
    }))
}

/// The ticket a status token opens, while it is valid: until the end of the
/// visit's day. Only the token's hash is stored.
fn by_status_token(
    conn: &Connection,
    config: &Config,
    token: &str,
    now: i64,
) -> StoreResult<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE status_token = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([auth::hash_token(token)], read_row)
        .optional()?;
    Ok(row.filter(|row| {
        config
            .site(&row.site)
            .is_some_and(|site| row.day == local_day(site.timezone, now))
    }))
}

/// A call as the display board shows it: number and desk, never the errand.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShownCall {
    pub number: String,
    pub desk: String,
}

/// Today's latest calls at a site, newest first.
pub fn recent_calls(
    conn: &Connection,
    config: &Config,
    site: &str,
    now: i64,
    limit: u32,
) -> StoreResult<Vec<ShownCall>> {
    let site = site_of(config, site)?;
    let day = local_day(site.timezone, now);
    let mut stmt = conn.prepare_cached(
        "SELECT number, desk FROM tickets
         WHERE site = ?1 AND day = ?2 AND called_at IS NOT NULL AND desk IS NOT NULL
         ORDER BY called_at DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![site.id, day, limit], |r| {
        Ok(ShownCall {
            number: r.get(0)?,
            desk: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Where the trail stands now: a board that connects is told this, so that
/// when it reconnects it can ask for what came after.
pub fn trail_position(conn: &Connection) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM ticket_events")?
        .query_row([], |r| r.get(0))?)
}

/// How many missed calls a reconnecting board is sent at most: more than
/// it shows, fewer than would keep it announcing for minutes.
const REPLAYED_CALLS: u32 = 10;

/// What a display board missed while its stream was down (a restart, a
/// dropped network): today's visitors at `site` called or recalled after the
/// trail entry `after` and still on their way to the desk, each once, as
/// their latest call, oldest first, with that call's entry.
pub fn calls_since(
    conn: &Connection,
    config: &Config,
    site: &str,
    after: i64,
    now: i64,
) -> StoreResult<Vec<(i64, CallEvent)>> {
    let site = site_of(config, site)?;
    let day = local_day(site.timezone, now);
    let mut stmt = conn.prepare_cached(
        "SELECT call_seq, number, desk, calls, call_ref FROM (
             SELECT call_seq, number, desk, calls, call_ref FROM tickets
             WHERE site = ?2 AND status = 'called' AND day = ?3 AND call_seq > ?1
             ORDER BY call_seq DESC LIMIT ?4)
         ORDER BY call_seq",
    )?;
    let rows = stmt.query_map(params![after, site.id, day, REPLAYED_CALLS], |r| {
        let call_ref: Option<String> = r.get(4)?;
        let call = CallEvent {
            number: r.get(1)?,
            desk: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            calls: r.get(3)?,
            speech: speech_url(&call_ref.unwrap_or_default()),
        };
        Ok((r.get(0)?, call))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Tickets this counsellor marked as no-show since `since`: the page offers
/// to undo them for a short while.
pub fn recent_no_shows(
    conn: &Connection,
    config: &Config,
    me: &Counsellor,
    since: i64,
    now: i64,
) -> StoreResult<Vec<protocol::Ticket>> {
    let site = site_of(config, &me.site)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE site = ?1 AND counsellor = ?2 AND status = 'no_show'
         AND finished_at >= ?3 ORDER BY finished_at DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![site.id, me.username, since], read_row)?;
    rows.map(|r| Ok(r?.to_wire(site.timezone, now))).collect()
}

/// The site of the ticket a status token opens, while it is valid.
pub fn token_site(
    conn: &Connection,
    config: &Config,
    token: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    Ok(by_status_token(conn, config, token, now)?.map(|row| row.site))
}

/// A call to be spoken: its number, desk and the visitor's language.
pub struct SpokenCall {
    pub number: String,
    pub desk: String,
    pub language: String,
}

/// The call a board's speech reference names, if it was made today (the
/// latest call or recall of a ticket, at its site's local date).
pub fn spoken_call(
    conn: &Connection,
    config: &Config,
    call_ref: &str,
    now: i64,
) -> StoreResult<Option<SpokenCall>> {
    let found: Option<(String, String, String, Option<String>, String)> = conn
        .prepare_cached(
            "SELECT site, day, number, desk, language FROM tickets WHERE call_ref = ?1",
        )?
        .query_row([call_ref], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    Ok(found.and_then(|(site, day, number, desk, language)| {
        let site = config.site(&site)?;
        (day == local_day(site.timezone, now)).then_some(SpokenCall {
            number,
            desk: desk?,
            language,
        })
    }))
}

/// Writes made-up past tickets (`crate::history`) as they are; the number of
/// tickets written.
pub fn insert_past(tx: &Connection, past: &[crate::history::PastTicket]) -> StoreResult<u64> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO tickets (id, site, day, counter, number, errand, first_errand, language, appointment,
            interpreter, status, kiosk, offline, checked_in_at, called_at, started_at, finished_at,
            calls, transfers, status_token, request, response, counsellor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, 'demo-history', 0, ?11, ?12, ?13, ?14,
            1, ?15, ?16, '{}', '{}', ?17)",
    )?;
    for t in past {
        insert.execute(params![
            t.id,
            t.site,
            t.day,
            t.counter,
            t.number,
            t.errand,
            t.language,
            t.appointment,
            t.interpreter,
            t.status,
            t.checked_in_at,
            t.called_at,
            t.started_at,
            t.finished_at,
            t.transfers,
            t.status_token_hash,
            t.counsellor,
        ])?;
    }
    Ok(past.len() as u64)
}
