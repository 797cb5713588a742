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
}
