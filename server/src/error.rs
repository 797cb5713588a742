//! The one error type: each variant says its HTTP status.
//!
//! Callers get `{"error": "<machine code>", "message": "<text>"}`. The code is
//! the contract; the message is for the developer reading a log or a response,
//! and pages translate the code for people. Internals are logged, never sent.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use protocol::ErrorBody;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{1}")]
    BadRequest(&'static str, String),
    #[error("{1}")]
    Unauthorized(&'static str, String),
    #[error("{1}")]
    Forbidden(&'static str, String),
    #[error("{1}")]
    NotFound(&'static str, String),
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("the request took too long to arrive")]
    RequestTimeout,
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("{1}")]
    UnsupportedMediaType(&'static str, String),
    #[error("{1}")]
    Unprocessable(&'static str, String),
    #[error("too many attempts; try again in {retry_after_s} s")]
    TooManyRequests { retry_after_s: u64 },
    /// The store cannot take writes (disk full, read-only): the caller should
    /// keep what it has and try again later.
    #[error("{1}")]
    Unavailable(&'static str, String),
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(..) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(..) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(..) => StatusCode::FORBIDDEN,
            AppError::NotFound(..) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Conflict(..) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(..) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(..) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(..) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(code, _)
            | AppError::Unauthorized(code, _)
            | AppError::Forbidden(code, _)
            | AppError::NotFound(code, _)
            | AppError::Conflict(code, _)
            | AppError::UnsupportedMediaType(code, _)
            | AppError::Unprocessable(code, _)
            | AppError::Unavailable(code, _) => code,
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::RequestTimeout => "request_timeout",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::TooManyRequests { .. } => "too_many_attempts",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn not_found(what: &str) -> AppError {
        AppError::NotFound("not_found", format!("no such {what}"))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::not_found(what),
            StoreError::Invalid(code, msg) => AppError::Unprocessable(code, msg),
            StoreError::Conflict(code, msg) => AppError::Conflict(code, msg),
            StoreError::Forbidden(code, msg) => AppError::Forbidden(code, msg),
            StoreError::UnknownKiosk => {
                AppError::Unauthorized("invalid_token", StoreError::UnknownKiosk.to_string())
            }
            StoreError::Braked { retry_after_s } => AppError::TooManyRequests { retry_after_s },
            StoreError::Unavailable(why) => {
                tracing::error!(error = %why, "store cannot take writes");
                AppError::Unavailable(
                    "storage_unavailable",
                    "the server cannot store anything right now; keep the request and try again later"
                        .into(),
                )
            }
            StoreError::Unsupported(what) => AppError::Internal(anyhow::anyhow!(what)),
            StoreError::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<StoreError>() {
            Ok(store) => store.into(),
            Err(e) => AppError::Internal(e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                "something went wrong on the server; it has been logged".to_string()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: self.code().to_string(),
            message,
        };
        let code = ErrorCode(self.code());
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(code);
        if let AppError::TooManyRequests { retry_after_s } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// The machine code of an error response, for the log of refusals.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);
