//! The visit being checked in: only what routing needs. There is no field for
//! a name, an identity number, a phone number or free text, so the kiosk
//! cannot collect them even by mistake.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visit {
    pub language: String,
    pub errand: String,
    pub appointment: bool,
    /// The booked visit's code, typed on the keypad: six digits.
    pub appointment_code: Option<String>,
    pub interpreter: bool,
}

/// What the ticket screen shows once the kiosk has a number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issued {
    /// `None` only if the kiosk could neither reach the server nor give a
    /// number of its own (no configuration yet, or the day's range used up).
    pub number: Option<String>,
    /// Known only when the server answered.
    pub people_ahead: Option<u32>,
    pub wait: Option<protocol::WaitRange>,
    pub status_url: Option<String>,
    /// The server found the booked visit of the code.
    pub booked: bool,
    /// The kiosk gave its own number, so the code is checked later.
    pub code_unchecked: bool,
    /// The server knows no booked visit with the code: no ticket was made,
    /// and the visitor may type it again or go on without it.
    pub code_refused: bool,
}
