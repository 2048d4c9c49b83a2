//! Server functions: the one seam between the browser and the server. Each one is thin:
//! authenticate, parse input into domain types, call `server/`, map errors.

pub mod account;
pub mod admin;
pub mod auth;
pub mod board;
pub mod checklist;
pub mod comments;
pub mod csv_import;
pub mod inbox;
pub mod labels;
pub mod members;
pub mod tasks;
pub mod tokens;
pub mod trash;
pub mod webhooks;

use crate::domain::AppError;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

/// How `AppError` travels between browser and server (as JSON), and what a request that never
/// reached a server fn's body becomes: `AppError::Request`. On the server that is a request the
/// caller got wrong (arguments missing, of the wrong type, unreadable), so it answers 400 rather
/// than server_fn's default 500, which would count as our failure (and trip the 5xx alarm).
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        if matches!(
            error,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_)
                | ServerFnErrorErr::UnsupportedRequestMethod(_)
        ) {
            crate::server::errors::set_status(axum::http::StatusCode::BAD_REQUEST);
        }
        AppError::Request(error.to_string())
    }
}
