//! A ticket's life: which counsellor action is allowed in which status.
//!
//! ```text
//! waiting --call--> called --start--> serving --done--> done
//!    ^                |  ^ recall        |
//!    |                |--+               |
//!    +---- return ----+------------------+
//!    +---- transfer --+------------------+   (number and check-in time stay)
//!    +-- undo no-show -- no_show <-- no-show -- called
//! ```
//!
//! `done` is also allowed straight from `called`, for a counsellor who forgot
//! to press "start": refusing it would only make them press two buttons.

use protocol::TicketStatus::{self, *};

/// Why a counsellor called a particular visitor rather than the next one:
/// kept in the trail and counted, so that calling out of turn stays visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallReason {
    /// Their booked time is now.
    Booked,
    /// The interpreter is ready (on the phone, or arrived).
    Interpreter,
    /// They were here before and come back to finish.
    Returning,
    Other,
}

impl CallReason {
    pub const ALL: [CallReason; 4] = [
        CallReason::Booked,
        CallReason::Interpreter,
        CallReason::Returning,
        CallReason::Other,
    ];

    pub fn parse(s: &str) -> Option<CallReason> {
        CallReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CallReason::Booked => "booked",
            CallReason::Interpreter => "interpreter",
            CallReason::Returning => "returning",
            CallReason::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Call,
    Recall,
    Start,
    Done,
    NoShow,
    UndoNoShow,
    Return,
    Transfer,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Call => "call",
            Action::Recall => "recall",
            Action::Start => "start",
            Action::Done => "done",
            Action::NoShow => "no-show",
            Action::UndoNoShow => "undo-no-show",
            Action::Return => "return",
            Action::Transfer => "transfer",
        }
    }

    /// The action named in a URL (`/api/v1/tickets/{id}/{action}`); calling
    /// and transferring have routes of their own.
    pub fn from_path(s: &str) -> Option<Action> {
        Some(match s {
            "recall" => Action::Recall,
            "start" => Action::Start,
            "done" => Action::Done,
            "no-show" => Action::NoShow,
            "undo-no-show" => Action::UndoNoShow,
            "return" => Action::Return,
            _ => return None,
        })
    }

    /// Does this action need the ticket to be in the caller's hands?
    pub fn needs_holder(self) -> bool {
        matches!(
            self,
            Action::Recall | Action::Start | Action::Done | Action::NoShow | Action::Return
        )
    }
}

/// The status after `action`, or `None` when the status does not allow it.
pub fn transition(from: TicketStatus, action: Action) -> Option<TicketStatus> {
    Some(match (from, action) {
        (Waiting, Action::Call) => Called,
        (Called, Action::Recall) => Called,
        (Called, Action::Start) => Serving,
        (Called | Serving, Action::Done) => Done,
        (Called, Action::NoShow) => NoShow,
        (NoShow, Action::UndoNoShow) => Waiting,
        (Called | Serving, Action::Return) => Waiting,
        (Waiting | Called | Serving, Action::Transfer) => Waiting,
        _ => return None,
    })
}

/// Why an action on a ticket was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The ticket's status does not allow the action.
    Transition { from: TicketStatus, action: Action },
    /// A colleague holds the ticket.
    NotYours,
}

/// Who acts on a ticket.
pub struct Actor<'a> {
    pub username: &'a str,
    /// Admins may act on a colleague's ticket (someone went home with a
    /// visitor still "called").
    pub admin: bool,
}

/// Decides whether `actor` may give a ticket in status `from`, held by
/// `holder`, the `action`; the status it then has.
pub fn decide(
    from: TicketStatus,
    holder: Option<&str>,
    actor: &Actor,
    action: Action,
) -> Result<TicketStatus, Refusal> {
    let to = transition(from, action).ok_or(Refusal::Transition { from, action })?;
    let holds = holder == Some(actor.username);
    // A waiting ticket is anyone's to transfer; one in a colleague's hands is not.
    let holder_needed = action.needs_holder() || (action == Action::Transfer && from != Waiting);
    if holder_needed && !holds && !actor.admin {
        return Err(Refusal::NotYours);
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_STATUSES: [TicketStatus; 5] = [Waiting, Called, Serving, Done, NoShow];
    const ALL_ACTIONS: [Action; 8] = [
        Action::Call,
        Action::Recall,
        Action::Start,
        Action::Done,
        Action::NoShow,
        Action::UndoNoShow,
        Action::Return,
        Action::Transfer,
    ];

    #[test]
    fn the_whole_table_is_as_drawn() {
        let allowed: Vec<(TicketStatus, Action, TicketStatus)> = ALL_STATUSES
            .iter()
            .flat_map(|&s| {
                ALL_ACTIONS
                    .iter()
                    .filter_map(move |&a| transition(s, a).map(|t| (s, a, t)))
            })
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Waiting, Action::Call, Called),
                (Waiting, Action::Transfer, Waiting),
                (Called, Action::Recall, Called),
                (Called, Action::Start, Serving),
                (Called, Action::Done, Done),
                (Called, Action::NoShow, NoShow),
                (Called, Action::Return, Waiting),
                (Called, Action::Transfer, Waiting),
                (Serving, Action::Done, Done),
                (Serving, Action::Return, Waiting),
                (Serving, Action::Transfer, Waiting),
                (NoShow, Action::UndoNoShow, Waiting),
            ]
        );
    }

    #[test]
    fn a_finished_visit_cannot_be_acted_on_twice() {
        for a in ALL_ACTIONS {
            assert_eq!(transition(Done, a), None, "{a:?} on a done ticket");
        }
        assert_eq!(transition(NoShow, Action::NoShow), None);
    }

    #[test]
    fn path_names_round_trip() {
        for a in ALL_ACTIONS {
            if let Some(parsed) = Action::from_path(a.as_str()) {
                assert_eq!(parsed, a);
            }
        }
        assert_eq!(Action::from_path("next"), None);
    }

    #[test]
    fn only_the_holder_or_an_admin_acts_on_a_called_ticket() {
        let anna = Actor {
            username: "anna",
            admin: false,
        };
        let bo = Actor {
            username: "bo",
            admin: false,
        };
        let admin = Actor {
            username: "admin",
            admin: true,
        };
        assert_eq!(
            decide(Called, Some("anna"), &anna, Action::Start),
            Ok(Serving)
        );
        assert_eq!(
            decide(Called, Some("anna"), &bo, Action::Start),
            Err(Refusal::NotYours)
        );
        assert_eq!(decide(Called, Some("anna"), &admin, Action::Done), Ok(Done));
        // A waiting ticket may be sent on by anyone; a called one only by its holder.
        assert_eq!(decide(Waiting, None, &bo, Action::Transfer), Ok(Waiting));
        assert_eq!(
            decide(Called, Some("anna"), &bo, Action::Transfer),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            decide(Done, Some("anna"), &anna, Action::Start),
            Err(Refusal::Transition {
                from: Done,
                action: Action::Start
            })
        );
    }
}
