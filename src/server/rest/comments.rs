//! `/api/v1/tasks/{id}/comments`: read a task's conversation and add to it (any member of its
//! board), through the same write path as the task page: mentions, inbox, emails, audit.

use super::{
    caller::{Body, Caller, Id, OrProblem as _},
    model::{Comment, Comments, NewComment},
    problem::Problem,
};
use crate::{
    domain::{comment::CommentBody, AppError},
    server::{boards, comments, db, AppState},
};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

/// A task's comments, oldest first.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/comments", tag = "comments",
    params(("id" = i64, Path, description = "The task's id")),
    responses((status = 200, description = "The comments, oldest first", body = Comments)))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn list_comments(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
) -> Result<Json<Comments>, Problem> {
    let (comments, more) = comments::list(&state.db, &caller.user, id).await.or_problem(&caller)?;
    Ok(Json(Comments { comments: comments.into_iter().map(Comment::from).collect(), more }))
}

/// Adds a comment (Markdown; `@handle` mentions a member, who is told).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/comments", tag = "comments",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = NewComment,
    responses(
        (status = 201, description = "The comment as stored", body = Comment),
        (status = 403, description = "The token may only read", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The comment is empty or too long", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn add_comment(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
    Body(new): Body<NewComment>,
) -> Result<Response, Problem> {
    caller.may_write()?;
    // Membership first, so an outsider's empty comment is a 404 too.
    let board = db::boards::board_of_task(&state.db, id).await.or_problem(&caller)?.or_problem(&caller)?;
    boards::member_of(&state.db, board, caller.user.id).await.or_problem(&caller)?;
    let body = CommentBody::parse(&new.body).map_err(|e| caller.problem(AppError::Invalid(vec![e])))?;
    let comment = comments::add(&state.db, &caller.user, state.config.notifying_writes_per_minute, id, body)
        .await
        .or_problem(&caller)?;
    let stored = db::comments::find(&state.db, comment).await.or_problem(&caller)?.or_problem(&caller)?;
    let location = format!("/api/v1/tasks/{id}/comments");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(Comment::from(stored))).into_response())
}
