//! PostgreSQL's errors as the store's.

use crate::store::StoreError;

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        use tokio_postgres::error::SqlState;
        match e.code() {
            Some(c) if *c == SqlState::UNIQUE_VIOLATION => StoreError::Conflict(
                "conflict",
                "this conflicts with something already stored".into(),
            ),
            // Disk full, out of memory, a read-only standby (mid-failover),
            // too many connections, a server shutting down, or this
            // transaction chosen as a deadlock's or a race's loser: nothing
            // was stored, and the caller keeps its request and tries again
            // later (a kiosk's outbox does).
            Some(c)
                if *c == SqlState::DISK_FULL
                    || *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::INSUFFICIENT_RESOURCES
                    || *c == SqlState::OUT_OF_MEMORY
                    || *c == SqlState::READ_ONLY_SQL_TRANSACTION
                    || *c == SqlState::TOO_MANY_CONNECTIONS
                    || *c == SqlState::ADMIN_SHUTDOWN
                    || *c == SqlState::CANNOT_CONNECT_NOW =>
            {
                StoreError::Unavailable(e.to_string())
            }
            Some(_) => StoreError::Internal(e.into()),
            // No SQLSTATE: the connection failed (closed, or its socket
            // did), or the client itself did (a bug, not the database).
            None if e.is_closed()
                || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) =>
            {
                StoreError::Unavailable(e.to_string())
            }
            None => StoreError::Internal(e.into()),
        }
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => e.into(),
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}
