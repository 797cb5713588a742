//! What can go wrong in the store, said without HTTP: `crate::error` maps
//! each kind to a status, and each engine maps its own errors to these.

/// A refusal carries a machine code (the API's `error`) and a sentence for
/// the developer reading it; the rest say what failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no such {0}")]
    NotFound(&'static str),
    /// The request names something that does not exist or breaks a rule.
    #[error("{1}")]
    Invalid(&'static str, String),
    /// The request clashes with what is stored (a ticket already moved on, a
    /// number taken, a unique key).
    #[error("{1}")]
    Conflict(&'static str, String),
    /// Someone else's to do.
    #[error("{1}")]
    Forbidden(&'static str, String),
    /// No kiosk has this token (or it was revoked).
    #[error("this kiosk token is unknown or revoked")]
    UnknownKiosk,
    /// Too many wrong tries; the caller may try again after a while.
    #[error("too many attempts; try again in {retry_after_s} s")]
    Braked { retry_after_s: u64 },
    /// The database cannot take writes now (disk full, read-only, gone): the
    /// caller keeps what it has and tries again later.
    #[error("the store cannot take writes: {0}")]
    Unavailable(String),
    /// This engine does not do that; the sentence says what to use instead.
    #[error("{0}")]
    Unsupported(&'static str),
    #[error("store error: {0:#}")]
    Internal(anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            // A unique constraint is the caller racing itself or another
            // caller for the same thing: theirs to resolve, not a crash.
            Some(ConstraintViolation) => StoreError::Conflict(
                "conflict",
                "this conflicts with something already stored".into(),
            ),
            Some(DiskFull | ReadOnly | CannotOpen | DatabaseBusy | DatabaseLocked) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Internal(e.into()),
        }
    }
}

impl From<anyhow::Error> for StoreError {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<rusqlite::Error>() {
            Ok(db) => db.into(),
            Err(e) => match e.downcast::<StoreError>() {
                Ok(store) => store,
                Err(e) => StoreError::Internal(e),
            },
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Internal(e.into())
    }
}

impl From<crate::ticket::Refusal> for StoreError {
    fn from(r: crate::ticket::Refusal) -> Self {
        use crate::ticket::Refusal::*;
        match r {
            Transition { from, action } => StoreError::Conflict(
                "invalid_transition",
                format!(
                    "a ticket that is {} cannot be given '{}'",
                    from.as_str(),
                    action.as_str()
                ),
            ),
            EarlierDay => StoreError::Conflict(
                "invalid_transition",
                "a ticket of an earlier day waits in no queue".into(),
            ),
            NotYours => StoreError::Forbidden(
                "not_your_ticket",
                "this ticket was called by a colleague".into(),
            ),
            NotForYou => StoreError::Forbidden(
                "not_for_you",
                "this visitor waits for another errand or a named colleague".into(),
            ),
            UnknownErrand(errand) => {
                StoreError::Invalid("unknown_errand", format!("unknown errand {errand:?}"))
            }
            NoCounsellorForErrand(errand) => StoreError::Invalid(
                "no_counsellor_for_errand",
                format!("nobody at this site handles {errand:?}"),
            ),
            UnknownCounsellor(name) => StoreError::Invalid(
                "unknown_counsellor",
                format!("{name:?} does not take visitors at this site"),
            ),
        }
    }
}
