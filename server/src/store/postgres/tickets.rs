//! Tickets on PostgreSQL: check-in, calling, the counsellor actions, and
//! what a visitor or counsellor may read; as `store::tickets` does on
//! SQLite, with the same pure decisions (`checkin`, `ticket`, `routing`).
//!
//! Several server instances may share the database. Every change to a
//! site's tickets but a check-in takes the site's advisory lock for its
//! transaction, so "call next" reads the queue and calls from it as one
//! step: two counsellors never get the same visitor, whichever instance
//! they use. Nothing of the queue is kept in memory, so nothing can go
//! stale when another instance changes it.

use std::collections::HashSet;

use deadpool_postgres::Transaction;
use protocol::{CallEvent, CheckinResponse, QueueEvent, TicketStatus, VisitorStatus, WaitRange};
use tokio_postgres::Row;

use super::Prepared;

use super::{appointments, counsellors, footfall};
use crate::{
    auth, checkin,
    clock::local_day,
    config::{Config, Counsellor, Site},
    estimate,
    events::SiteEvent,
    lifecycle::{Action, CallReason},
    numbering, routing,
    store::{
        counsellors::Availability,
        queue::{Entry, SiteQueue},
        tickets::{Acted, Checkin, CheckinOutcome, ShownCall, SpokenCall},
        StoreError, StoreResult,
    },
    ticket::{self, Change, Ticket, Trail, TransferTo},
};

const COLUMNS: &str = "id, site, day, counter, number, offline, errand, language, appointment, \
    interpreter, status, checked_in_at, called_at, started_at, finished_at, counsellor, desk, \
    transferred_to, calls, transfers, call_reason, arrival";

fn read_row(r: &Row) -> StoreResult<Ticket> {
    let status: String = r.get(10);
    let call_reason: Option<String> = r.get(20);
    let invalid = |what: &str| StoreError::Internal(anyhow::anyhow!("a stored ticket has {what}"));
    Ok(Ticket {
        id: r.get(0),
        site: r.get(1),
        day: r.get(2),
        counter: u32::try_from(r.get::<_, i64>(3)).map_err(|_| invalid("a bad counter"))?,
        number: r.get(4),
        offline: r.get(5),
        errand: r.get(6),
        language: r.get(7),
        appointment: r.get(8),
        interpreter: r.get(9),
        status: TicketStatus::parse(&status).ok_or_else(|| invalid("an unknown status"))?,
        checked_in_at: r.get(11),
        called_at: r.get(12),
        started_at: r.get(13),
        finished_at: r.get(14),
        counsellor: r.get(15),
        desk: r.get(16),
        transferred_to: r.get(17),
        calls: r.get::<_, i64>(18) as u32,
        transfers: r.get::<_, i64>(19) as u32,
        call_reason: call_reason
            .map(|s| CallReason::parse(&s).ok_or_else(|| invalid("an unknown call reason")))
            .transpose()?,
        arrival: r.get(21),
    })
}

fn read_rows(rows: Vec<Row>) -> StoreResult<Vec<Ticket>> {
    rows.iter().map(read_row).collect()
}

fn site_of<'a>(config: &'a Config, id: &str) -> StoreResult<&'a Site> {
    config.site(id).ok_or(StoreError::NotFound("site"))
}

async fn get(tx: &Transaction<'_>, id: &str) -> StoreResult<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = $1");
    tx.maybe_row(sql.as_str(), &[&id])
        .await?
        .as_ref()
        .map(read_row)
        .transpose()
}

/// Serialises the changes to one site's tickets until the transaction ends.
async fn lock_site(tx: &Transaction<'_>, site: &str) -> StoreResult<()> {
    tx.run(
        "SELECT pg_advisory_xact_lock(hashtext('queue:' || $1))",
        &[&site],
    )
    .await?;
    Ok(())
}

/// Today's waiting tickets at a site. Tickets left waiting on an earlier day
/// are not in anyone's queue: that visitor has gone home.
async fn waiting_today(tx: &Transaction<'_>, site: &Site, now: i64) -> StoreResult<Vec<Ticket>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE site = $1 AND status = 'waiting' AND day = $2"
    );
    let day = local_day(site.timezone, now);
    read_rows(tx.rows(sql.as_str(), &[&site.id, &day]).await?)
}

/// The site's queue of today, read afresh: only what ranking needs, since
/// "call next" reads it whole under the site's lock.
async fn site_queue(tx: &Transaction<'_>, site: &Site, now: i64) -> StoreResult<SiteQueue> {
    let day = local_day(site.timezone, now);
    let rows = tx
        .rows(
            "SELECT id, errand, language, appointment, checked_in_at, arrival, transferred_to
             FROM tickets WHERE site = $1 AND status = 'waiting' AND day = $2",
            &[&site.id, &day],
        )
        .await?;
    Ok(SiteQueue::new(
        day,
        rows.iter().map(|r| Entry {
            id: r.get(0),
            errand: r.get(1),
            language: r.get(2),
            appointment: r.get(3),
            checked_in_at: r.get(4),
            arrival: r.get(5),
            transferred_to: r.get(6),
        }),
    ))
}

async fn waiting_count(tx: &Transaction<'_>, site: &Site, now: i64) -> StoreResult<usize> {
    let n: i64 = tx
        .row(
            "SELECT COUNT(*) FROM tickets WHERE site = $1 AND status = 'waiting' AND day = $2",
            &[&site.id, &local_day(site.timezone, now)],
        )
        .await?
        .get(0);
    Ok(n as usize)
}

/// A site's tickets checked in from `from` to `to`, for the wait backtest.
pub async fn past(
    tx: &Transaction<'_>,
    site: &str,
    from: &str,
    to: &str,
) -> StoreResult<Vec<crate::backtest::Past>> {
    let rows = tx
        .rows(
            "SELECT day, errand, language, appointment, checked_in_at, called_at,
                CASE WHEN status = 'done' THEN finished_at - COALESCE(started_at, called_at) END,
                finished_at, arrival
             FROM tickets WHERE site = $1 AND day BETWEEN $2 AND $3 ORDER BY checked_in_at, arrival",
            &[&site, &from, &to],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| crate::backtest::Past {
            day: r.get(0),
            errand: r.get(1),
            language: r.get(2),
            appointment: r.get(3),
            checked_in_at: r.get(4),
            called_at: r.get(5),
            service_ms: r.get(6),
            finished_at: r.get(7),
            arrival: r.get(8),
        })
        .collect())
}

/// Who waits now at every site, per errand, for `/metrics`.
pub async fn waiting_now(
    tx: &Transaction<'_>,
    config: &Config,
    now: i64,
) -> StoreResult<Vec<crate::metrics::Waiting>> {
    let mut figures = Vec::new();
    for site in &config.sites {
        let day = local_day(site.timezone, now);
        let rows = tx
            .rows(
                "SELECT errand, COUNT(*), MIN(checked_in_at) FROM tickets
                 WHERE site = $1 AND status = 'waiting' AND day = $2 GROUP BY errand",
                &[&site.id, &day],
            )
            .await?;
        for errand in &config.errands {
            let (count, longest_wait_s) = rows
                .iter()
                .find(|r| r.get::<_, String>(0) == errand.id)
                .map_or((0, 0), |r| {
                    let first: i64 = r.get(2);
                    (
                        r.get::<_, i64>(1) as usize,
                        (now - first).max(0) as u64 / 1000,
                    )
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

/// Appends to the ticket's trail and discards its day's stored footfall if
/// that day is closed: every change to a ticket passes here. The entry's
/// place in the trail.
async fn log(tx: &Transaction<'_>, ticket: &Ticket, trail: &Trail) -> StoreResult<i64> {
    let seq: i64 = tx
        .row(
            "INSERT INTO ticket_events (ticket, at, action, status, counsellor, detail)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
            &[
                &ticket.id,
                &trail.at,
                &trail.action,
                &ticket.status.as_str(),
                &trail.by,
                &trail.detail,
            ],
        )
        .await?
        .get(0);
    footfall::ticket_changed(tx, &ticket.site, &ticket.day).await?;
    Ok(seq)
}

/// Writes a decided change once, only if the ticket is still in the status
/// it was decided from, then its trail; the trail entry's place and, for a
/// call, its spoken reference.
async fn save(
    tx: &Transaction<'_>,
    from: TicketStatus,
    change: &Change,
) -> StoreResult<(i64, Option<String>)> {
    let t = &change.ticket;
    let changed = tx
        .run(
            "UPDATE tickets SET status = $3, counsellor = $4, desk = $5, transferred_to = $6,
                errand = $7, calls = $8, called_at = $9, started_at = $10, finished_at = $11,
                transfers = $12, call_reason = $13, counter = $14, number = $15, offline = $16
             WHERE id = $1 AND status = $2",
            &[
                &t.id,
                &from.as_str(),
                &t.status.as_str(),
                &t.counsellor,
                &t.desk,
                &t.transferred_to,
                &t.errand,
                &i64::from(t.calls),
                &t.called_at,
                &t.started_at,
                &t.finished_at,
                &i64::from(t.transfers),
                &t.call_reason.map(CallReason::as_str),
                &i64::from(t.counter),
                &t.number,
                &t.offline,
            ],
        )
        .await?;
    if changed != 1 {
        return Err(StoreError::Conflict(
            "invalid_transition",
            "the ticket changed meanwhile; look again".into(),
        ));
    }
    let seq = log(tx, t, &change.trail).await?;
    if !change.announced {
        return Ok((seq, None));
    }
    let call_ref = auth::random_token(16);
    tx.run(
        "UPDATE tickets SET call_ref = $2, call_seq = $3 WHERE id = $1",
        &[&t.id, &call_ref, &seq],
    )
    .await?;
    Ok((seq, Some(call_ref)))
}

fn queue_event(waiting: usize) -> SiteEvent {
    SiteEvent::queue(&QueueEvent {
        waiting: waiting as u32,
    })
}

/// What the wait estimate needs besides the queue: the errand's recent
/// service times in seconds, newest first, and who is available now.
async fn standing_inputs(
    tx: &Transaction<'_>,
    site: &Site,
    errand: &str,
    now: i64,
) -> StoreResult<(Vec<i64>, HashSet<String>)> {
    let recent: Vec<i64> = tx
        .rows(
            "SELECT (finished_at - COALESCE(started_at, called_at)) / 1000 FROM tickets
             WHERE site = $1 AND errand = $2 AND status = 'done' AND finished_at > $3
             ORDER BY finished_at DESC LIMIT $4",
            &[
                &site.id,
                &errand,
                &(now - estimate::SERVICE_HISTORY_MS),
                &i64::from(estimate::SERVICE_SAMPLES),
            ],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok((recent, counsellors::available(tx).await?))
}

/// Where a waiting ticket stands: people ahead and the estimated wait, as
/// `estimate::standing` gives them on SQLite, with the people ahead counted
/// by the database instead of read into memory. A ticket is ahead when it
/// waits today for a competing errand and its score (check-in time less its
/// booked-time bonus) is lower; at an equal score, when its bonus is
/// smaller, or the same and it arrived earlier (`SiteQueue::ahead`).
async fn standing(
    tx: &Transaction<'_>,
    config: &Config,
    site: &Site,
    t: &Ticket,
    now: i64,
) -> StoreResult<(u32, WaitRange)> {
    let bonus = i64::from(site.appointment_bonus_min) * 60_000;
    let own = if t.appointment { bonus } else { 0 };
    let competing = estimate::competing_errands(config, site, &t.errand);
    let ahead: i64 = tx
        .row(
            "SELECT COUNT(*) FROM tickets
             WHERE site = $1 AND day = $2 AND status = 'waiting' AND errand = ANY($3)
               AND (checked_in_at - CASE WHEN appointment THEN $4::BIGINT ELSE 0 END,
                    CASE WHEN appointment THEN $4::BIGINT ELSE 0 END, arrival)
                   < ($5::BIGINT, $6::BIGINT, $7::BIGINT)",
            &[
                &site.id,
                &t.day,
                &competing,
                &bonus,
                &(t.checked_in_at - own),
                &own,
                &t.arrival,
            ],
        )
        .await?
        .get(0);
    let ahead = ahead as u32;
    let (recent, available) = standing_inputs(tx, site, &t.errand, now).await?;
    Ok((
        ahead,
        estimate::wait_at(config, site, &t.errand, ahead, &recent, &available),
    ))
}

// ---------------------------------------------------------------- check-in --

/// Whether a check-in with this id has been received already.
pub async fn is_known(tx: &Transaction<'_>, id: &str) -> StoreResult<bool> {
    Ok(tx
        .row(
            "SELECT EXISTS (SELECT 1 FROM tickets WHERE id = $1)",
            &[&id],
        )
        .await?
        .get(0))
}

/// The visitor's status token, derived from the ticket's id with the
/// server's secret key (see `store::tickets`).
async fn status_token(tx: &Transaction<'_>, ticket: &str) -> StoreResult<String> {
    let key: Vec<u8> = tx
        .row("SELECT value FROM secrets WHERE name = 'status_token'", &[])
        .await?
        .get(0);
    Ok(auth::keyed_token(&key, ticket))
}

async fn stored_answer(
    tx: &Transaction<'_>,
    id: &str,
    response: &str,
    public_url: &str,
) -> StoreResult<CheckinResponse> {
    let mut response: CheckinResponse = serde_json::from_str(response)?;
    response.status_url = format!("{public_url}/t/{}", status_token(tx, id).await?);
    Ok(response)
}

async fn check_number_free(
    tx: &Transaction<'_>,
    site: &str,
    day: &str,
    counter: u32,
) -> StoreResult<()> {
    let taken: bool = tx
        .row(
            "SELECT EXISTS (SELECT 1 FROM tickets WHERE site = $1 AND day = $2 AND counter = $3)",
            &[&site, &day, &i64::from(counter)],
        )
        .await?
        .get(0);
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

/// The next online number of a site's day. The counter's row is locked
/// until the transaction ends, so two instances never hand out the same.
async fn next_counter(tx: &Transaction<'_>, site: &str, day: &str) -> StoreResult<u32> {
    tx.run(
        "INSERT INTO day_counters (site, day, last) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
        &[&site, &day],
    )
    .await?;
    let last: i64 = tx
        .row(
            "SELECT last FROM day_counters WHERE site = $1 AND day = $2 FOR UPDATE",
            &[&site, &day],
        )
        .await?
        .get(0);
    let next = numbering::next_online(last as u32);
    tx.run(
        "UPDATE day_counters SET last = $3 WHERE site = $1 AND day = $2",
        &[&site, &day, &i64::from(next)],
    )
    .await?;
    Ok(next)
}

pub async fn checkin(
    tx: &Transaction<'_>,
    config: &Config,
    c: Checkin<'_>,
) -> StoreResult<CheckinOutcome> {
    let r = c.request;
    let accepted = checkin::accept(config, c.kiosk, c.slot, r, c.now)?;
    let site = accepted.site;
    let id = r.id.to_string();
    // The same check-in sent twice at once (a kiosk that gave up waiting
    // sends it again with its offline number): the second waits for the
    // first and then sees it, as on SQLite's one thread.
    tx.run(
        "SELECT pg_advisory_xact_lock(hashtext('checkin:' || $1))",
        &[&id],
    )
    .await?;
    let earlier = tx
        .maybe_row(
            "SELECT request, response FROM tickets WHERE id = $1",
            &[&id],
        )
        .await?;
    if let Some(earlier) = earlier {
        let (request, response): (String, String) = (earlier.get(0), earlier.get(1));
        if request == accepted.fingerprint {
            let response = stored_answer(tx, &id, &response, c.public_url).await?;
            return Ok(CheckinOutcome::Repeated(response, Vec::new()));
        }
        if let Some(number) = checkin::late_offline_number(&accepted, &c.kiosk.id, r, &request) {
            return adopt_offline_number(tx, config, site, &id, number, &accepted.fingerprint, &c)
                .await;
        }
        return Err(StoreError::Invalid(
            "idempotency_conflict",
            "a different check-in with this id was already received".into(),
        ));
    }
    let (checked_in_at, day) = checkin::when(site, r, c.now)?;
    let booked = match &r.appointment_code {
        Some(code) if checkin::code_shaped(code) => {
            let arrived = appointments::arrive(tx, site, &day, code, &id)
                .await?
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
    // Everything slow is read before the day's number is taken: its row
    // stays locked until the commit, and the site's other check-ins wait
    // for it. The new ticket is the newest arrival, behind everyone of its
    // score; a check-in from an earlier day waits in no queue.
    let token = status_token(tx, &id).await?;
    let today = day == local_day(site.timezone, c.now);
    let waiting = waiting_count(tx, site, c.now).await? + usize::from(today);
    let mut row = checkin::new_ticket(&accepted, r, (checked_in_at, day), 0, booked.as_ref());
    row.arrival = i64::MAX;
    let (people_ahead, estimated_wait_min) = if today {
        standing(tx, config, site, &row, c.now).await?
    } else {
        (0, WaitRange { low: 0, high: 0 })
    };
    let counter = match accepted.counter {
        Some(n) => {
            check_number_free(tx, &site.id, &row.day, n).await?;
            n
        }
        None => next_counter(tx, &site.id, &row.day).await?,
    };
    row.counter = counter;
    row.number = numbering::format(accepted.errand.prefix, counter);
    // Stored without the status URL: the token in it is the visitor's key.
    let response = CheckinResponse {
        id: r.id,
        number: row.number.clone(),
        status: row.status,
        people_ahead,
        estimated_wait_min,
        status_url: String::new(),
        appointment: booked.clone(),
    };
    row.arrival = tx
        .row(
            "INSERT INTO tickets (id, site, day, counter, number, errand, first_errand, language,
                appointment, interpreter, status, kiosk, offline, checked_in_at, status_token,
                request, response, transferred_to)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, 'waiting', $10, $11, $12, $13, $14, $15, $16)
             RETURNING arrival",
            &[
                &row.id,
                &row.site,
                &row.day,
                &i64::from(row.counter),
                &row.number,
                &row.errand,
                &row.language,
                &row.appointment,
                &row.interpreter,
                &c.kiosk.id,
                &row.offline,
                &row.checked_in_at,
                &auth::hash_token(&token),
                &accepted.fingerprint,
                &serde_json::to_string(&response)?,
                &row.transferred_to,
            ],
        )
        .await?
        .get(0);
    let trail = Trail {
        at: checked_in_at,
        action: "check-in",
        by: Some(c.kiosk.id.clone()),
        detail: booked.as_ref().map(|_| "appointment".to_string()),
    };
    log(tx, &row, &trail).await?;
    let mut events = vec![row.event()];
    if let Some(b) = &booked {
        events.push(SiteEvent::appointment(Some((&b.counsellor, &row.number))));
    }
    events.push(queue_event(waiting));
    let status_url = format!("{}/t/{token}", c.public_url);
    Ok(CheckinOutcome::Created(
        CheckinResponse {
            status_url,
            ..response
        },
        events,
    ))
}

/// The answer to a check-in, stored with the ticket (less `status_url`) so
/// that a repeat gets it unchanged; also how many tickets wait at the site.
async fn answer(
    tx: &Transaction<'_>,
    config: &Config,
    site: &Site,
    row: &Ticket,
    status_url: String,
    appointment: Option<protocol::BookedVisit>,
    now: i64,
) -> StoreResult<(CheckinResponse, usize)> {
    // A check-in from an earlier day waits in no queue.
    let (people_ahead, estimated_wait_min) = if row.day == local_day(site.timezone, now) {
        standing(tx, config, site, row, now).await?
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
    let json = serde_json::to_string(&response)?;
    tx.run(
        "UPDATE tickets SET response = $2 WHERE id = $1",
        &[&row.id, &json],
    )
    .await?;
    Ok((
        CheckinResponse {
            status_url,
            ..response
        },
        waiting_count(tx, site, now).await?,
    ))
}

/// Gives an online ticket the offline number its kiosk showed the visitor
/// (see [`ticket::renumber`]).
async fn adopt_offline_number(
    tx: &Transaction<'_>,
    config: &Config,
    site: &Site,
    id: &str,
    number: (u32, String),
    fingerprint: &str,
    c: &Checkin<'_>,
) -> StoreResult<CheckinOutcome> {
    lock_site(tx, &site.id).await?;
    let row = get(tx, id).await?.ok_or(StoreError::NotFound("ticket"))?;
    let first_answer: String = tx
        .row("SELECT response FROM tickets WHERE id = $1", &[&id])
        .await?
        .get(0);
    let Some(change) = ticket::renumber(&row, number, &c.kiosk.id, c.now) else {
        tracing::warn!(ticket = %id, "an offline number came after the ticket was called; the first number stands");
        let response = stored_answer(tx, id, &first_answer, c.public_url).await?;
        return Ok(CheckinOutcome::Repeated(response, Vec::new()));
    };
    check_number_free(tx, &site.id, &row.day, change.ticket.counter).await?;
    let booked = serde_json::from_str::<CheckinResponse>(&first_answer)
        .ok()
        .and_then(|a| a.appointment);
    save(tx, row.status, &change).await?;
    tx.run(
        "UPDATE tickets SET request = $2 WHERE id = $1",
        &[&id, &fingerprint],
    )
    .await?;
    let row = change.ticket;
    let status_url = format!("{}/t/{}", c.public_url, status_token(tx, id).await?);
    let (response, waiting) = answer(tx, config, site, &row, status_url, booked, c.now).await?;
    Ok(CheckinOutcome::Repeated(
        response,
        vec![row.event(), queue_event(waiting)],
    ))
}

// ----------------------------------------------------------------- calling --

fn speech_url(call_ref: &str) -> String {
    format!("/api/v1/speech/{call_ref}")
}

/// "Call next" across every instance: the site's lock, then the queue as
/// it is now, then the call.
pub async fn call_next(
    tx: &Transaction<'_>,
    config: &Config,
    me: &Counsellor,
    now: i64,
) -> StoreResult<Option<Acted>> {
    let site = site_of(config, &me.site)?;
    lock_site(tx, &site.id).await?;
    let queue = site_queue(tx, site, now).await?;
    let Some(pick) = queue
        .next(routing::Caller::of(me), routing::Bonuses::of(site))
        .map(str::to_string)
    else {
        // Pressing "next" means the counsellor is working.
        counsellors::set(tx, &me.username, Availability::Available, now).await?;
        return Ok(None);
    };
    let row = get(tx, &pick)
        .await?
        .ok_or(StoreError::NotFound("ticket"))?;
    let change = ticket::call(&row, me, now, None, false)?;
    apply(tx, site, me, &row, change, now).await.map(Some)
}

/// "Call this visitor", with the reason kept when out of turn.
pub async fn call_chosen(
    tx: &Transaction<'_>,
    config: &Config,
    me: &Counsellor,
    id: &str,
    reason: CallReason,
    now: i64,
) -> StoreResult<Acted> {
    let site = site_of(config, &me.site)?;
    lock_site(tx, &site.id).await?;
    let row = ticket_at_my_site(tx, me, id).await?;
    ticket::may_choose(&row, me, &local_day(site.timezone, now))?;
    let queue = site_queue(tx, site, now).await?;
    let next = queue.next(routing::Caller::of(me), routing::Bonuses::of(site));
    let change = ticket::call(&row, me, now, Some(reason), next != Some(id))?;
    apply(tx, site, me, &row, change, now).await
}

/// Recall, start, done, no-show, undo no-show, return.
pub async fn act(
    tx: &Transaction<'_>,
    config: &Config,
    me: &Counsellor,
    id: &str,
    action: Action,
    now: i64,
) -> StoreResult<Acted> {
    let site = site_of(config, &me.site)?;
    lock_site(tx, &site.id).await?;
    let row = ticket_at_my_site(tx, me, id).await?;
    let change = ticket::act(&row, me, action, now)?;
    apply(tx, site, me, &row, change, now).await
}

/// Sends a ticket on, keeping its number and its original check-in time.
pub async fn transfer(
    tx: &Transaction<'_>,
    config: &Config,
    me: &Counsellor,
    id: &str,
    to: TransferTo,
    now: i64,
) -> StoreResult<Acted> {
    let site = site_of(config, &me.site)?;
    lock_site(tx, &site.id).await?;
    let row = ticket_at_my_site(tx, me, id).await?;
    let change = ticket::transfer(&row, me, &to, ticket::served(config, site, &to), now)?;
    apply(tx, site, me, &row, change, now).await
}

/// Saves a counsellor's change and says what happened (as on SQLite).
async fn apply(
    tx: &Transaction<'_>,
    site: &Site,
    me: &Counsellor,
    before: &Ticket,
    change: Change,
    now: i64,
) -> StoreResult<Acted> {
    let (seq, call_ref) = save(tx, before.status, &change).await?;
    if change.trail.action == Action::Call.as_str() {
        counsellors::set(tx, &me.username, Availability::Available, now).await?;
    }
    let waiting = waiting_count(tx, site, now).await?;
    let row = change.ticket;
    let mut events = Vec::new();
    if let Some(call_ref) = call_ref {
        let call = CallEvent {
            number: row.number.clone(),
            desk: row.desk.clone().unwrap_or_default(),
            calls: row.calls,
            speech: speech_url(&call_ref),
        };
        events.push(SiteEvent::call(&call, seq));
    }
    events.push(row.event());
    events.push(queue_event(waiting));
    Ok(Acted {
        ticket: row.to_wire(site.timezone, now),
        events,
    })
}

async fn ticket_at_my_site(tx: &Transaction<'_>, me: &Counsellor, id: &str) -> StoreResult<Ticket> {
    match get(tx, id).await? {
        Some(row) if row.site == me.site => Ok(row),
        // Another site's tickets are none of this counsellor's business.
        _ => Err(StoreError::NotFound("ticket")),
    }
}

// ----------------------------------------------------------------- reading --

/// The site's waiting tickets in "call next" order for a counsellor who
/// handles every errand and speaks no language.
pub async fn queue(
    tx: &Transaction<'_>,
    config: &Config,
    site: &str,
    now: i64,
) -> StoreResult<Vec<protocol::Ticket>> {
    let site = site_of(config, site)?;
    let waiting = waiting_today(tx, site, now).await?;
    let view: Vec<routing::Waiting> = waiting.iter().map(Ticket::as_waiting).collect();
    Ok(routing::queue_order(routing::Bonuses::of(site), &view)
        .into_iter()
        .map(|i| waiting[i].to_wire(site.timezone, now))
        .collect())
}

/// The tickets a counsellor holds now, oldest call first.
pub async fn held_by(
    tx: &Transaction<'_>,
    config: &Config,
    me: &Counsellor,
    now: i64,
) -> StoreResult<Vec<protocol::Ticket>> {
    let site = site_of(config, &me.site)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE site = $1 AND counsellor = $2
         AND status IN ('called', 'serving') ORDER BY called_at"
    );
    let rows = read_rows(tx.rows(sql.as_str(), &[&site.id, &me.username]).await?)?;
    Ok(rows.iter().map(|t| t.to_wire(site.timezone, now)).collect())
}

/// Tickets this counsellor marked as no-show since `since`.
pub async fn recent_no_shows(
    tx: &Transaction<'_>,
    config: &Config,
    me: &Counsellor,
    since: i64,
    now: i64,
) -> StoreResult<Vec<protocol::Ticket>> {
    let site = site_of(config, &me.site)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE site = $1 AND counsellor = $2 AND status = 'no_show'
         AND finished_at >= $3 ORDER BY finished_at DESC"
    );
    let rows = read_rows(
        tx.rows(sql.as_str(), &[&site.id, &me.username, &since])
            .await?,
    )?;
    Ok(rows.iter().map(|t| t.to_wire(site.timezone, now)).collect())
}

/// The ticket a status token opens, while it is valid: until the end of the
/// visit's day.
async fn by_status_token(
    tx: &Transaction<'_>,
    config: &Config,
    token: &str,
    now: i64,
) -> StoreResult<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE status_token = $1");
    let row = tx
        .maybe_row(sql.as_str(), &[&auth::hash_token(token)])
        .await?
        .as_ref()
        .map(read_row)
        .transpose()?;
    Ok(row.filter(|row| {
        config
            .site(&row.site)
            .is_some_and(|site| row.day == local_day(site.timezone, now))
    }))
}

/// What the visitor holding `token` may see.
pub async fn visitor_status(
    tx: &Transaction<'_>,
    config: &Config,
    token: &str,
    now: i64,
) -> StoreResult<Option<VisitorStatus>> {
    let Some(row) = by_status_token(tx, config, token, now).await? else {
        return Ok(None);
    };
    let site = site_of(config, &row.site)?;
    let (people_ahead, estimated_wait_min) = match row.status {
        TicketStatus::Waiting => {
            let (ahead, wait) = standing(tx, config, site, &row, now).await?;
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

pub async fn token_site(
    tx: &Transaction<'_>,
    config: &Config,
    token: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    Ok(by_status_token(tx, config, token, now)
        .await?
        .map(|row| row.site))
}

/// Today's latest calls at a site, newest first.
pub async fn recent_calls(
    tx: &Transaction<'_>,
    config: &Config,
    site: &str,
    now: i64,
    limit: u32,
) -> StoreResult<Vec<ShownCall>> {
    let site = site_of(config, site)?;
    let day = local_day(site.timezone, now);
    let rows = tx
        .rows(
            "SELECT number, desk FROM tickets
             WHERE site = $1 AND day = $2 AND called_at IS NOT NULL AND desk IS NOT NULL
             ORDER BY called_at DESC LIMIT $3",
            &[&site.id, &day, &i64::from(limit)],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| ShownCall {
            number: r.get(0),
            desk: r.get(1),
        })
        .collect())
}

/// Where the trail stands now.
pub async fn trail_position(tx: &Transaction<'_>) -> StoreResult<i64> {
    Ok(tx
        .row("SELECT COALESCE(MAX(seq), 0) FROM ticket_events", &[])
        .await?
        .get(0))
}

/// How many missed calls a reconnecting board is sent at most.
const REPLAYED_CALLS: i64 = 10;

/// What a display board missed while its stream was down (see
/// `store::tickets::calls_since`).
pub async fn calls_since(
    tx: &Transaction<'_>,
    config: &Config,
    site: &str,
    after: i64,
    now: i64,
) -> StoreResult<Vec<(i64, CallEvent)>> {
    let site = site_of(config, site)?;
    let day = local_day(site.timezone, now);
    let rows = tx
        .rows(
            "SELECT call_seq, number, desk, calls, call_ref FROM (
                 SELECT call_seq, number, desk, calls, call_ref FROM tickets
                 WHERE site = $2 AND status = 'called' AND day = $3 AND call_seq > $1
                 ORDER BY call_seq DESC LIMIT $4) AS latest
             ORDER BY call_seq",
            &[&after, &site.id, &day, &REPLAYED_CALLS],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let call_ref: Option<String> = r.get(4);
            let call = CallEvent {
                number: r.get(1),
                desk: r.get::<_, Option<String>>(2).unwrap_or_default(),
                calls: r.get::<_, i64>(3) as u32,
                speech: speech_url(&call_ref.unwrap_or_default()),
            };
            (r.get(0), call)
        })
        .collect())
}

/// The call a board's speech reference names, if it was made today.
pub async fn spoken_call(
    tx: &Transaction<'_>,
    config: &Config,
    call_ref: &str,
    now: i64,
) -> StoreResult<Option<SpokenCall>> {
    let found = tx
        .maybe_row(
            "SELECT site, day, number, desk, language FROM tickets WHERE call_ref = $1",
            &[&call_ref],
        )
        .await?;
    Ok(found.and_then(|r| {
        let (site, day): (String, String) = (r.get(0), r.get(1));
        let site = config.site(&site)?;
        let desk: Option<String> = r.get(3);
        (day == local_day(site.timezone, now)).then_some(SpokenCall {
            number: r.get(2),
            desk: desk?,
            language: r.get(4),
        })
    }))
}

/// Writes made-up past tickets as they are; the number written.
pub async fn insert_past(
    tx: &Transaction<'_>,
    past: &[crate::history::PastTicket],
) -> StoreResult<u64> {
    let insert = tx
        .prepare(
            "INSERT INTO tickets (id, site, day, counter, number, errand, first_errand, language,
                appointment, interpreter, status, kiosk, offline, checked_in_at, called_at,
                started_at, finished_at, calls, transfers, status_token, request, response, counsellor)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, 'demo-history', FALSE, $11, $12,
                $13, $14, 1, $15, $16, '{}', '{}', $17)",
        )
        .await?;
    for t in past {
        tx.execute(
            &insert,
            &[
                &t.id,
                &t.site,
                &t.day,
                &i64::from(t.counter),
                &t.number,
                &t.errand,
                &t.language,
                &t.appointment,
                &t.interpreter,
                &t.status,
                &t.checked_in_at,
                &t.called_at,
                &t.started_at,
                &t.finished_at,
                &i64::from(t.transfers),
                &t.status_token_hash,
                &t.counsellor,
            ],
        )
        .await?;
    }
    Ok(past.len() as u64)
}
