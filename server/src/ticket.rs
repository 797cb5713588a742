//! A ticket and its changes, decided without the store: each change (call,
//! recall, start, done, no-show and its undo, return, transfer, taking the
//! number a kiosk gave offline) takes the ticket as loaded, who acts and the
//! time, and gives the ticket as it is to be saved with its trail entry, or
//! a refusal. The store loads, asks here, and saves once.
//!
//! Which actions a status allows and who may take them is `lifecycle`'s.

use chrono_tz::Tz;
use protocol::{TicketEvent, TicketStatus};

use crate::{
    clock::local_time,
    config::{Config, Counsellor, Role, Site},
    events::SiteEvent,
    lifecycle::{self, Action, Actor, CallReason},
    routing,
};

/// A ticket as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    pub site: String,
    /// The site-local date of the check-in.
    pub day: String,
    /// The number's digits, unique per site and day.
    pub counter: u32,
    pub number: String,
    /// Set when the number came from a kiosk's offline range.
    pub offline: bool,
    pub errand: String,
    pub language: String,
    pub appointment: bool,
    pub interpreter: bool,
    pub status: TicketStatus,
    pub checked_in_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub counsellor: Option<String>,
    pub desk: Option<String>,
    /// The colleague a ticket waits for, by transfer or booking.
    pub transferred_to: Option<String>,
    pub calls: u32,
    pub transfers: u32,
    /// Why the ticket was called out of turn, if it was.
    pub call_reason: Option<CallReason>,
    /// The order in which the store received the tickets.
    pub arrival: i64,
}

/// What the trail records of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trail {
    pub at: i64,
    /// A lifecycle action, "check-in" or "renumber".
    pub action: &'static str,
    pub by: Option<String>,
    pub detail: Option<String>,
}

/// A decided change: the ticket to save, its trail entry, and whether it is
/// a call the display board announces (a call or a recall).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub ticket: Ticket,
    pub trail: Trail,
    pub announced: bool,
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The ticket's status does not allow the action.
    Transition {
        from: TicketStatus,
        action: Action,
    },
    /// A colleague holds the ticket.
    NotYours,
    /// Only today's waiting tickets are in a queue to be called from.
    EarlierDay,
    /// The visitor waits for another errand or a named colleague.
    NotForYou,
    /// Where a ticket is sent must exist and be served at the site.
    UnknownErrand(String),
    NoCounsellorForErrand(String),
    UnknownCounsellor(String),
}

impl From<lifecycle::Refusal> for Refusal {
    fn from(r: lifecycle::Refusal) -> Self {
        match r {
            lifecycle::Refusal::Transition { from, action } => Refusal::Transition { from, action },
            lifecycle::Refusal::NotYours => Refusal::NotYours,
        }
    }
}

fn actor(me: &Counsellor) -> Actor<'_> {
    Actor {
        username: &me.username,
        admin: me.role == Role::Admin,
    }
}

fn trail(at: i64, action: Action, me: &Counsellor, detail: Option<String>) -> Trail {
    Trail {
        at,
        action: action.as_str(),
        by: Some(me.username.clone()),
        detail,
    }
}

/// May `me` call this visitor directly, out of the queue's order? Only a
/// waiting visitor of today whom `me` could be given by "call next".
pub fn may_choose(t: &Ticket, me: &Counsellor, today: &str) -> Result<(), Refusal> {
    if t.status != TicketStatus::Waiting {
        return Err(Refusal::Transition {
            from: t.status,
            action: Action::Call,
        });
    }
    if t.day != today {
        return Err(Refusal::EarlierDay);
    }
    if !routing::Caller::of(me).may_take(&t.as_waiting()) {
        return Err(Refusal::NotForYou);
    }
    Ok(())
}

/// `me` calls a waiting ticket. With a `reason` (a visitor chosen on the
/// page) the trail keeps it; the ticket keeps it only when someone else
/// would have been next, for the figures.
pub fn call(
    t: &Ticket,
    me: &Counsellor,
    now: i64,
    reason: Option<CallReason>,
    out_of_turn: bool,
) -> Result<Change, Refusal> {
    let status = lifecycle::transition(t.status, Action::Call).ok_or(Refusal::Transition {
        from: t.status,
        action: Action::Call,
    })?;
    let ticket = Ticket {
        status,
        counsellor: Some(me.username.clone()),
        desk: Some(me.desk.clone()),
        transferred_to: None,
        calls: t.calls + 1,
        // The first call ends the wait; a call after a return does not
        // start it again.
        called_at: Some(t.called_at.unwrap_or(now)),
        call_reason: if out_of_turn { reason } else { t.call_reason },
        ..t.clone()
    };
    Ok(Change {
        ticket,
        trail: trail(
            now,
            Action::Call,
            me,
            reason.map(|r| format!("reason:{}", r.as_str())),
        ),
        announced: true,
    })
}

/// Recall, start, done, no-show, undo no-show, return.
pub fn act(t: &Ticket, me: &Counsellor, action: Action, now: i64) -> Result<Change, Refusal> {
    assert!(
        !matches!(action, Action::Call | Action::Transfer),
        "calls and transfers have functions of their own"
    );
    let status = lifecycle::decide(t.status, t.counsellor.as_deref(), &actor(me), action)?;
    let mut ticket = Ticket {
        status,
        ..t.clone()
    };
    match action {
        Action::Recall => ticket.calls += 1,
        Action::Start => ticket.started_at = Some(now),
        Action::Done => {
            ticket.started_at = ticket.started_at.or(ticket.called_at);
            ticket.finished_at = Some(now);
        }
        Action::NoShow => ticket.finished_at = Some(now),
        // Back in the queue at its original place: check-in time and number
        // are untouched, so the visitor really reappears where they were.
        Action::UndoNoShow | Action::Return => {
            ticket.counsellor = None;
            ticket.desk = None;
            ticket.started_at = None;
            ticket.finished_at = None;
        }
        Action::Call | Action::Transfer => unreachable!(),
    }
    Ok(Change {
        ticket,
        trail: trail(now, action, me, None),
        announced: action == Action::Recall,
    })
}

/// Where a ticket is sent: another errand's queue, or a named colleague.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferTo {
    Errand(String),
    Counsellor(String),
}

/// Whether a transfer's target exists and takes visitors at `site`.
pub fn served(config: &Config, site: &Site, to: &TransferTo) -> Result<(), Refusal> {
    match to {
        TransferTo::Errand(errand) if config.errand(errand).is_none() => {
            Err(Refusal::UnknownErrand(errand.clone()))
        }
        TransferTo::Errand(errand) if config.counsellors_for(&site.id, errand).next().is_none() => {
            Err(Refusal::NoCounsellorForErrand(errand.clone()))
        }
        TransferTo::Errand(_) => Ok(()),
        TransferTo::Counsellor(name) => match config.counsellor(name) {
            Some(c) if c.site == site.id && c.role.serves_visitors() => Ok(()),
            _ => Err(Refusal::UnknownCounsellor(name.clone())),
        },
    }
}

/// Sends a ticket on, keeping its number and its original check-in time.
/// `served` says whether the target exists and takes visitors at the
/// ticket's site (the config's to know).
pub fn transfer(
    t: &Ticket,
    me: &Counsellor,
    to: &TransferTo,
    served: Result<(), Refusal>,
    now: i64,
) -> Result<Change, Refusal> {
    let status = lifecycle::decide(
        t.status,
        t.counsellor.as_deref(),
        &actor(me),
        Action::Transfer,
    )?;
    served?;
    let (errand, transferred_to, detail) = match to {
        TransferTo::Errand(errand) => (errand.clone(), None, format!("errand:{errand}")),
        TransferTo::Counsellor(name) => (
            t.errand.clone(),
            Some(name.clone()),
            format!("counsellor:{name}"),
        ),
    };
    let ticket = Ticket {
        status,
        errand,
        transferred_to,
        counsellor: None,
        desk: None,
        started_at: None,
        transfers: t.transfers + 1,
        ..t.clone()
    };
    Ok(Change {
        ticket,
        trail: trail(now, Action::Transfer, me, Some(detail)),
        announced: false,
    })
}

/// The ticket takes the number its kiosk gave the visitor offline, after
/// the server's first answer came too late. Once the ticket has been called
/// under its first number, changing it would confuse more than it helps:
/// `None`, and the first number stands.
pub fn renumber(
    t: &Ticket,
    (counter, number): (u32, String),
    kiosk: &str,
    now: i64,
) -> Option<Change> {
    if t.status != TicketStatus::Waiting {
        return None;
    }
    let ticket = Ticket {
        counter,
        number,
        offline: true,
        ..t.clone()
    };
    Some(Change {
        trail: Trail {
            at: now,
            action: "renumber",
            by: Some(kiosk.to_string()),
            detail: Some(t.number.clone()),
        },
        ticket,
        announced: false,
    })
}

impl Ticket {
    pub fn to_wire(&self, tz: Tz, now: i64) -> protocol::Ticket {
        let waited_until = match self.status {
            TicketStatus::Waiting => now,
            _ => self.called_at.unwrap_or(now),
        };
        protocol::Ticket {
            id: self.id.parse().expect("ticket ids are stored as UUIDs"),
            number: self.number.clone(),
            errand: self.errand.clone(),
            language: self.language.clone(),
            appointment: self.appointment,
            interpreter: self.interpreter,
            status: self.status,
            checked_in_at: local_time(tz, self.checked_in_at).fixed_offset(),
            waited_s: (waited_until.saturating_sub(self.checked_in_at).max(0) / 1000) as u64,
            counsellor: self.counsellor.clone(),
            desk: self.desk.clone(),
            calls: self.calls,
            transferred_to: self.transferred_to.clone(),
        }
    }

    pub fn as_waiting(&self) -> routing::Waiting<'_> {
        routing::Waiting {
            errand: &self.errand,
            language: &self.language,
            appointment: self.appointment,
            checked_in_at: self.checked_in_at,
            transferred_to: self.transferred_to.as_deref(),
            arrival: self.arrival,
        }
    }

    /// What the site's screens hear of a change.
    pub fn event(&self) -> SiteEvent {
        SiteEvent::ticket(&TicketEvent {
            number: self.number.clone(),
            status: self.status,
            desk: self.desk.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    fn counsellor(name: &str, role: Role) -> Counsellor {
        Counsellor {
            username: name.into(),
            name: name.into(),
            site: "arby".into(),
            desk: format!("desk of {name}"),
            errands: vec!["job".into()],
            languages: vec!["sv".into()],
            role,
        }
    }

    fn waiting() -> Ticket {
        Ticket {
            id: uuid::Uuid::nil().to_string(),
            site: "arby".into(),
            day: "2026-11-26".into(),
            counter: 1,
            number: "J1".into(),
            offline: false,
            errand: "job".into(),
            language: "ar".into(),
            appointment: false,
            interpreter: false,
            status: Waiting,
            checked_in_at: 1_000,
            called_at: None,
            started_at: None,
            finished_at: None,
            counsellor: None,
            desk: None,
            transferred_to: None,
            calls: 0,
            transfers: 0,
            call_reason: None,
            arrival: 1,
        }
    }

    fn held_by(me: &Counsellor, status: TicketStatus) -> Ticket {
        call(&waiting(), me, 2_000, None, false)
            .map(|c| Ticket { status, ..c.ticket })
            .unwrap()
    }

    #[test]
    fn a_call_hands_the_ticket_to_the_caller_and_keeps_the_first_call_time() {
        let anna = counsellor("anna", Role::Counsellor);
        let mut t = waiting();
        t.transferred_to = Some("anna".into());
        let c = call(&t, &anna, 2_000, None, false).unwrap();
        assert_eq!(c.ticket.status, Called);
        assert_eq!(c.ticket.counsellor.as_deref(), Some("anna"));
        assert_eq!(c.ticket.desk.as_deref(), Some("desk of anna"));
        assert_eq!((c.ticket.calls, c.ticket.called_at), (1, Some(2_000)));
        assert_eq!(c.ticket.transferred_to, None);
        assert!(c.announced);
        assert_eq!(c.trail.action, "call");
        // Returned to the queue and called again: the wait ended at the first call.
        let back = act(&c.ticket, &anna, Action::Return, 3_000).unwrap().ticket;
        let again = call(&back, &anna, 9_000, None, false).unwrap().ticket;
        assert_eq!((again.calls, again.called_at), (2, Some(2_000)));
    }

    #[test]
    fn only_a_call_out_of_turn_keeps_its_reason_on_the_ticket() {
        let anna = counsellor("anna", Role::Counsellor);
        let in_turn = call(&waiting(), &anna, 2_000, Some(CallReason::Booked), false).unwrap();
        assert_eq!(in_turn.ticket.call_reason, None);
        assert_eq!(in_turn.trail.detail.as_deref(), Some("reason:booked"));
        let out = call(&waiting(), &anna, 2_000, Some(CallReason::Booked), true).unwrap();
        assert_eq!(out.ticket.call_reason, Some(CallReason::Booked));
    }

    #[test]
    fn a_visitor_may_be_chosen_only_while_waiting_today_for_this_counsellor() {
        let anna = counsellor("anna", Role::Counsellor);
        let t = waiting();
        assert_eq!(may_choose(&t, &anna, "2026-11-26"), Ok(()));
        assert_eq!(
            may_choose(&t, &anna, "2026-11-27"),
            Err(Refusal::EarlierDay)
        );
        let other_errand = Ticket {
            errand: "benefit".into(),
            ..t.clone()
        };
        assert_eq!(
            may_choose(&other_errand, &anna, "2026-11-26"),
            Err(Refusal::NotForYou)
        );
        let for_bo = Ticket {
            transferred_to: Some("bo".into()),
            ..t.clone()
        };
        assert_eq!(
            may_choose(&for_bo, &anna, "2026-11-26"),
            Err(Refusal::NotForYou)
        );
        let called = held_by(&anna, Called);
        assert!(matches!(
            may_choose(&called, &anna, "2026-11-26"),
            Err(Refusal::Transition { from: Called, .. })
        ));
    }

    /// Every action on every status, by the holder, a colleague and an
    /// admin: allowed exactly as `lifecycle` says, and then with the fields
    /// each action sets.
    #[test]
    fn every_action_on_every_status_by_everyone() {
        let anna = counsellor("anna", Role::Counsellor);
        let bo = counsellor("bo", Role::Counsellor);
        let admin = counsellor("root", Role::Admin);
        let actions = [
            Action::Recall,
            Action::Start,
            Action::Done,
            Action::NoShow,
            Action::UndoNoShow,
            Action::Return,
        ];
        for status in [Waiting, Called, Serving, Done, NoShow] {
            let t = if status == Waiting {
                waiting()
            } else {
                held_by(&anna, status)
            };
            for action in actions {
                for me in [&anna, &bo, &admin] {
                    let expected =
                        lifecycle::decide(status, t.counsellor.as_deref(), &actor(me), action);
                    let got = act(&t, me, action, 5_000);
                    match (expected, got) {
                        (Err(e), Err(r)) => assert_eq!(Refusal::from(e), r),
                        (Ok(to), Ok(c)) => {
                            let n = &c.ticket;
                            assert_eq!(n.status, to, "{status:?} {action:?}");
                            assert_eq!(c.announced, action == Action::Recall);
                            assert_eq!(c.trail.by.as_deref(), Some(me.username.as_str()));
                            assert_eq!(n.calls, t.calls + u32::from(action == Action::Recall));
                            assert_eq!((n.number.as_str(), n.checked_in_at), ("J1", 1_000));
                            match action {
                                Action::Start => assert_eq!(n.started_at, Some(5_000)),
                                Action::Done => {
                                    assert_eq!(n.finished_at, Some(5_000));
                                    assert!(n.started_at.is_some());
                                }
                                Action::NoShow => assert_eq!(n.finished_at, Some(5_000)),
                                Action::UndoNoShow | Action::Return => {
                                    assert_eq!((&n.counsellor, &n.desk), (&None, &None));
                                    assert_eq!((n.started_at, n.finished_at), (None, None));
                                }
                                _ => {}
                            }
                        }
                        (e, g) => {
                            panic!("{status:?} {action:?} by {}: {e:?} vs {g:?}", me.username)
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_transfer_sends_the_ticket_back_to_wait_and_counts() {
        let anna = counsellor("anna", Role::Counsellor);
        let bo = counsellor("bo", Role::Counsellor);
        let serving = held_by(&anna, Serving);
        let to_errand = TransferTo::Errand("benefit".into());
        let c = transfer(&serving, &anna, &to_errand, Ok(()), 6_000).unwrap();
        assert_eq!(c.ticket.status, Waiting);
        assert_eq!(c.ticket.errand, "benefit");
        assert_eq!((c.ticket.transfers, c.ticket.started_at), (1, None));
        assert_eq!((&c.ticket.counsellor, &c.ticket.desk), (&None, &None));
        assert_eq!(c.trail.detail.as_deref(), Some("errand:benefit"));
        let to_bo = TransferTo::Counsellor("bo".into());
        let c = transfer(&serving, &anna, &to_bo, Ok(()), 6_000).unwrap();
        assert_eq!(
            (c.ticket.errand.as_str(), c.ticket.transferred_to.as_deref()),
            ("job", Some("bo"))
        );
        // Not bo's to send on while anna holds it; nowhere is refused.
        assert_eq!(
            transfer(&serving, &bo, &to_bo, Ok(()), 6_000),
            Err(Refusal::NotYours)
        );
        let nowhere = Err(Refusal::UnknownErrand("x".into()));
        assert_eq!(
            transfer(&serving, &anna, &to_errand, nowhere.clone(), 6_000),
            nowhere.map(|()| unreachable!())
        );
    }

    #[test]
    fn an_offline_number_is_taken_only_while_the_ticket_waits() {
        let c = renumber(&waiting(), (501, "J501".into()), "arby-1", 7_000).unwrap();
        assert_eq!((c.ticket.counter, c.ticket.number.as_str()), (501, "J501"));
        assert!(c.ticket.offline);
        assert_eq!(c.trail.detail.as_deref(), Some("J1"));
        let anna = counsellor("anna", Role::Counsellor);
        assert_eq!(
            renumber(
                &held_by(&anna, Called),
                (501, "J501".into()),
                "arby-1",
                7_000
            ),
            None
        );
    }
}
