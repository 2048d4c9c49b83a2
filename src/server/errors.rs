//! The server's own error type, and the one place it becomes what the browser sees.
//!
//! Services return [`ServerError`]: either an answer for the person ([`AppError`]: a refusal, a
//! conflict, fields to correct) or a failure of something we depend on, which keeps its cause
//! chain (`source()`). The server fn boundary ([`respond`]) turns it into an `AppError`, sets
//! the HTTP status, and logs a failure once, with its whole chain, inside the request's span.

use super::{
    audit::table::AuditTableError,
    auth::{
        password::{HashError, HASH_RETRY_AFTER_SECS},
        Backend, BackendError,
    },
    db::DbError,
};
use crate::domain::AppError;
use axum::http::StatusCode;
use std::future::Future;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Not a failure: what the person is told (and the status code says which kind).
    #[error("{0}")]
    Answer(AppError),
    #[error("the database failed")]
    Db(#[from] DbError),
    #[error("a database query failed")]
    Query(#[from] diesel::result::Error),
    #[error("hashing a password failed")]
    Hash(#[from] HashError),
    #[error("the session store failed")]
    Session(#[from] tower_sessions::session::Error),
    #[error("logging in or out failed")]
    Login(#[from] axum_login::Error<Backend>),
    #[error("the audit table failed")]
    AuditTable(#[from] AuditTableError),
    /// Something every request should carry was not there (a bug in the router's layers).
    #[error("the request has no {0}")]
    MissingContext(&'static str),
}

impl From<AppError> for ServerError {
    fn from(answer: AppError) -> Self {
        ServerError::Answer(answer)
    }
}

impl ServerError {
    /// What the browser is told. A failure is logged here, once, with its cause chain; the
    /// person sees "try again".
    pub fn into_app_error(self) -> AppError {
        match self {
            ServerError::Answer(answer) => answer,
            refused if refused.retry_after().is_some() => {
                tracing::warn!(error = %chain(&refused), "request refused: too busy");
                AppError::Unavailable
            }
            failure => {
                tracing::error!(error = %chain(&failure), "request failed");
                AppError::Unavailable
            }
        }
    }

    /// For a request refused because the server is busy rather than broken: how many seconds
    /// to wait before trying again (the answer's Retry-After).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ServerError::Hash(HashError::Busy)
            | ServerError::Login(axum_login::Error::Backend(BackendError::Hash(HashError::Busy))) => {
                Some(HASH_RETRY_AFTER_SECS)
            }
            _ => None,
        }
    }
}

/// The answer of a plain route (not a server fn, not the REST API) that failed: the status the
/// error calls for and its English text, the cause logged once (`into_app_error`).
pub fn plain_response(error: ServerError) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let error = error.into_app_error();
    (status_for(&error), error.to_string()).into_response()
}

pub fn status_for(error: &AppError) -> StatusCode {
    match error {
        AppError::Unauthorised => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Refused(_) | AppError::Request(_) => StatusCode::BAD_REQUEST,
        AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Every server fn's body runs in here: a [`ServerError`] becomes the [`AppError`] the browser
/// sees (a failure is logged once), and the response's status matches it, so a typo in a form
/// is a 4xx in the logs and the load balancer's metrics, not a 5xx.
pub async fn respond<T>(work: impl Future<Output = Result<T, ServerError>>) -> Result<T, AppError> {
    work.await.map_err(|error| {
        let retry_after = error.retry_after();
        let error = error.into_app_error();
        set_status(status_for(&error));
        if let Some(seconds) = retry_after {
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.insert_header(axum::http::header::RETRY_AFTER, seconds.into());
            }
        }
        error
    })
}

/// Sets the status of the server fn response being built, if there is one.
pub fn set_status(status: StatusCode) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// An error and its causes on one line, each cause once: "the database failed: no database
/// connection available: timed out".
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_names_every_cause_once() {
        let error = ServerError::Db(DbError::Query(diesel::result::Error::NotFound));
        assert_eq!(chain(&error), "the database failed: Record not found");
        let nested = ServerError::Db(DbError::Pool(diesel_async::pooled_connection::bb8::RunError::TimedOut));
        assert_eq!(chain(&nested), "the database failed: no database connection available: Timed out in bb8");
    }

    #[test]
    fn answers_pass_through_and_failures_become_unavailable() {
        assert_eq!(ServerError::from(AppError::NotFound).into_app_error(), AppError::NotFound);
        let failure = ServerError::MissingContext("session");
        assert!(std::error::Error::source(&failure).is_none());
        assert_eq!(failure.into_app_error(), AppError::Unavailable);
    }

    #[test]
    fn a_busy_hasher_asks_to_come_back_later() {
        assert_eq!(ServerError::Hash(HashError::Busy).retry_after(), Some(HASH_RETRY_AFTER_SECS));
        assert_eq!(ServerError::Hash(HashError::Task).retry_after(), None);
        assert_eq!(ServerError::from(AppError::NotFound).retry_after(), None);
    }
}
