//! HTTP status codes for server fn errors, so a typo in a form is a 4xx in the logs and the
//! load balancer's metrics, not a 5xx.

use crate::domain::AppError;
use axum::http::StatusCode;

pub fn status_for(error: &AppError) -> StatusCode {
    match error {
        AppError::Unauthorised => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Refused(_) | AppError::Request(_) => StatusCode::BAD_REQUEST,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Passes `result` through, setting the response status when it is an error.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status_for(error));
        }
    }
    result
}

/// Logs why a dependency failed and answers `Unavailable`: the cause stays in the logs, the
/// person sees "try again". `what` completes "… failed", e.g. "loading the board".
pub fn unavailable(what: &str, error: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %error, "{what} failed");
    AppError::Unavailable
}
