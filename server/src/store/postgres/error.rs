//! PostgreSQL's errors as the store's.

use crate::store::StoreError;

/// SQLSTATEs a transaction is retried on: the database chose it as the
/// loser of a race (serialization failure, deadlock), not a mistake.
pub fn is_retryable(e: &tokio_postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == tokio_postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
            || *c == tokio_postgres::error::SqlState::T_R_DEADLOCK_DETECTED
    })
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        use tokio_postgres::error::SqlState;
        match e.code() {
            Some(c) if *c == SqlState::UNIQUE_VIOLATION => StoreError::Conflict(
                "conflict",
                "this conflicts with something already stored".into(),
            ),
            // Disk full, out of memory, a read-only standby, too many
            // connections, a server shutting down: try again later.
            Some(c)
                if *c == SqlState::DISK_FULL
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
            // No SQLSTATE: the connection itself failed.
            None if e.is_closed() || e.as_db_error().is_none() => {
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
