//! The REST API, `/api/v1`: one more client of the same services as the pages (the same write
//! path, permissions, versions, audit events and emails), for scripts that hold a personal
//! access token (`server::api_tokens`). JSON in and out; every refusal is
//! `application/problem+json` ([`problem`]). The OpenAPI 3.1 document at
//! `/api/v1/openapi.json` is derived from the handlers and their types ([`openapi`]).
//!
//! Outside the session layers: no cookie is read or set here, and tokens are read nowhere else.

mod boards;
mod caller;
mod comments;
mod cursor;
pub mod model;
mod openapi;
pub mod problem;
mod tasks;

use super::AppState;
use axum::{
    extract::Request,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Router,
};
use caller::{request_locale, TokenLimits};
use problem::Problem;
use std::sync::Arc;

/// The routes under `/api/v1`.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/boards", get(boards::list_boards))
        .route("/boards/{id}", get(boards::read_board))
        .route("/boards/{id}/tasks", get(boards::list_tasks).post(tasks::create_task))
        .route("/boards/{id}/members", get(boards::list_members))
        .route("/boards/{id}/labels", get(boards::list_labels))
        .route("/tasks/{id}", get(tasks::read_task).patch(tasks::update_task).delete(tasks::delete_task))
        .route("/tasks/{id}/move", post(tasks::move_task))
        .route("/tasks/{id}/restore", post(tasks::restore_task))
        .route("/tasks/{id}/history", get(tasks::task_history))
        .route("/tasks/{id}/comments", get(comments::list_comments).post(comments::add_comment))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(Extension(Arc::new(TokenLimits::new(state.config.api_requests_per_minute))))
        .layer(middleware::from_fn(api_headers))
}

async fn not_found(headers: HeaderMap) -> Problem {
    Problem::not_found(request_locale(&headers))
}

async fn method_not_allowed() -> Problem {
    Problem::unreadable(StatusCode::METHOD_NOT_ALLOWED, "This address does not take that method.".to_owned())
}

/// API answers are never cached by the browser or a proxy (they are per token), and are read
/// as the type they say they are.
async fn api_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
