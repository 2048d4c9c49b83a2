//! `/api/v1/…/tasks…`: create, read, change, move, trash and restore a task, and read its
//! history. Every write goes through the same write path as the pages (`server::tasks`): the
//! same permissions, version checks, audit events and emails.

use super::{
    caller::{Body, Caller, Id, OrProblem as _, Params},
    model::{History, HistoryQuery, NewTask, Task, TaskChange, TaskMove, Trashed, VersionBody, VersionOf},
    problem::Problem,
};
use crate::{
    domain::{self, AppError, Message, TaskEdit, TaskInput},
    server::{
        audit::{history, record::new_event_id},
        boards, db,
        errors::ServerError,
        tasks::{self, Place},
        AppState,
    },
};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use sha2::{Digest as _, Sha256};

/// Creates a task at the top of the board's To do, with the caller as its supervisor. The same
/// `Idempotency-Key` sent again (by the same caller) creates nothing more and answers with the
/// task the first request created; sent with other fields, it is refused (422).
#[utoipa::path(post, path = "/api/v1/boards/{id}/tasks", tag = "tasks",
    params(
        ("id" = i64, Path, description = "The board's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any 1 to 255 visible ASCII characters; a retry with the same key creates nothing more"),
    ),
    request_body = NewTask,
    responses(
        (status = 201, description = "The task created (or created before with this key)", body = Task),
        (status = 403, description = "The token may only read", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is wrong, or the Idempotency-Key was sent before with other fields; nothing was created", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(board.id = board))]
pub async fn create_task(
    caller: Caller,
    Id(board): Id,
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(new): Body<NewTask>,
) -> Result<Response, Problem> {
    caller.may_write()?;
    // Membership before anything about the input is said: an outsider learns nothing.
    boards::member_of(&state.db, board, caller.user.id).await.or_problem(&caller)?;
    let request_id = match headers.get("idempotency-key") {
        Some(key) => event_id_for(caller.user.id, key.as_bytes())
            .ok_or_else(|| caller.problem(AppError::invalid("Idempotency-Key", Message::IdempotencyKeyInvalid)))?,
        None => new_event_id(),
    };
    let pic = new.pic.map(|id| id.to_string()).unwrap_or_default();
    let input = TaskInput {
        title: &new.title,
        description: &new.description,
        deadline: new.deadline.as_deref().unwrap_or(""),
        pic: &pic,
    };
    let task = domain::NewTask::parse(&request_id, input, caller.today).or_problem(&caller)?;
    let id = match tasks::create(&state.db, &caller.user, state.config.notifying_writes_per_minute, board, task).await {
        // In the API's words: the key is what was reused (422, as the IETF draft on the
        // Idempotency-Key header asks).
        Err(ServerError::Answer(AppError::Refused(Message::RequestReused))) => {
            return Err(caller.problem(AppError::invalid("Idempotency-Key", Message::IdempotencyKeyReused)))
        }
        created => created.or_problem(&caller)?,
    };
    let task = read(&state, &caller, id).await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/api/v1/tasks/{id}"))], Json(task)).into_response())
}

/// A task.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    responses((status = 200, description = "The task", body = Task)))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn read_task(caller: Caller, Id(id): Id, State(state): State<AppState>) -> Result<Json<Task>, Problem> {
    Ok(Json(read(&state, &caller, id).await?))
}

/// Changes a task (its supervisor or a board admin). Fields left out keep their value. A change
/// based on an older `version` than the task's is refused with 409 and changes nothing.
#[utoipa::path(patch, path = "/api/v1/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = TaskChange,
    responses(
        (status = 200, description = "The task as saved", body = Task),
        (status = 403, description = "The token may only read, or the caller may not edit this task", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the task since `version`; nothing was saved", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is wrong; nothing was saved", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn update_task(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
    Body(change): Body<TaskChange>,
) -> Result<Json<Task>, Problem> {
    caller.may_write()?;
    // What is left out is what the task has now (read as a member: an outsider gets 404 before
    // their input is looked at). The write checks `version` under the task's lock, so this
    // read cannot carry an older value over a newer one.
    let now = read(&state, &caller, id).await?;
    let deadline = match change.deadline {
        Some(deadline) => deadline.unwrap_or_default(),
        None => now.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
    };
    let pic = match change.pic {
        Some(pic) => pic,
        None => now.pic.as_ref().map(|p| p.id),
    }
    .map(|id| id.to_string())
    .unwrap_or_default();
    let input = TaskInput {
        title: change.title.as_deref().unwrap_or(&now.title),
        description: change.description.as_deref().unwrap_or(&now.description),
        deadline: &deadline,
        pic: &pic,
    };
    let status = domain::Status::from(change.status.unwrap_or(now.status));
    let labels = change.labels.unwrap_or_else(|| now.labels.iter().map(|label| label.id).collect());
    let edit = TaskEdit::parse(input, status.as_str(), &labels).or_problem(&caller)?;
    tasks::edit(&state.db, &caller.user, state.config.notifying_writes_per_minute, id, change.version, edit)
        .await
        .or_problem(&caller)?;
    Ok(Json(read(&state, &caller, id).await?))
}

/// Moves a task to a column (its person in charge, its supervisor or a board admin): just
/// above `before`, or at the column's end.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/move", tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = TaskMove,
    responses(
        (status = 200, description = "The task where it now is", body = Task),
        (status = 403, description = "The token may only read, or the caller may not move this task", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the task since `version`", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn move_task(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
    Body(change): Body<TaskMove>,
) -> Result<Json<Task>, Problem> {
    caller.may_write()?;
    let place = change.before.map_or(Place::End, Place::Before);
    let per_minute = state.config.notifying_writes_per_minute;
    tasks::move_to(&state.db, &caller.user, per_minute, id, change.version, change.status.into(), place)
        .await
        .or_problem(&caller)?;
    Ok(Json(read(&state, &caller, id).await?))
}

/// Puts a task in its board's trash (its supervisor or a board admin), where it stays 30
/// days unless restored.
#[utoipa::path(delete, path = "/api/v1/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "The task's id"), VersionOf),
    responses(
        (status = 200, description = "The task is in the trash", body = Trashed),
        (status = 403, description = "The token may only read, or the caller may not delete this task", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the task since `version`", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn delete_task(
    caller: Caller,
    Id(id): Id,
    Params(VersionOf { version }): Params<VersionOf>,
    State(state): State<AppState>,
) -> Result<Json<Trashed>, Problem> {
    caller.may_write()?;
    let board_id = tasks::delete(&state.db, &caller.user, state.config.notifying_writes_per_minute, id, version)
        .await
        .or_problem(&caller)?;
    // Trashing bumped the version the write checked.
    Ok(Json(Trashed { id, board_id, version: version + 1 }))
}

/// Takes a task out of the trash, back where it was (its supervisor or a board admin).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/restore", tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = VersionBody,
    responses(
        (status = 200, description = "The task, back on its board", body = Task),
        (status = 403, description = "The token may only read, or the caller may not restore this task", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone changed the task since `version`", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn restore_task(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
    Body(VersionBody { version }): Body<VersionBody>,
) -> Result<Json<Task>, Problem> {
    caller.may_write()?;
    tasks::restore(&state.db, &caller.user, state.config.notifying_writes_per_minute, id, version)
        .await
        .or_problem(&caller)?;
    Ok(Json(read(&state, &caller, id).await?))
}

/// A page of a task's history from the audit trail, newest first; also for a task since
/// deleted.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/history", tag = "tasks",
    params(("id" = i64, Path, description = "The task's id"), HistoryQuery),
    responses((status = 200, description = "The history, newest first", body = History)))]
#[tracing::instrument(skip_all, fields(task.id = id))]
pub async fn task_history(
    caller: Caller,
    Id(id): Id,
    Params(HistoryQuery { before }): Params<HistoryQuery>,
    State(state): State<AppState>,
) -> Result<Json<History>, Problem> {
    let board = match db::boards::board_of_task(&state.db, id).await.or_problem(&caller)? {
        Some(board) => board,
        None => db::boards::board_of_history(&state.db, id).await.or_problem(&caller)?.or_problem(&caller)?,
    };
    boards::member_of(&state.db, board, caller.user.id).await.or_problem(&caller)?;
    let history = history::load(
        &state.db,
        &state.dynamodb,
        &state.audit_tables,
        &state.relay_progress,
        id,
        before,
        caller.locale,
    )
    .await
    .or_problem(&caller)?;
    Ok(Json(history.into()))
}

/// Task `id` as the API shows it, when the caller is a member of its board; else `NotFound`.
async fn read(state: &AppState, caller: &Caller, id: i64) -> Result<Task, Problem> {
    let task = db::task_list::one(&state.db, id).await.or_problem(caller)?.or_problem(caller)?;
    boards::member_of(&state.db, task.row.board_id, caller.user.id).await.or_problem(caller)?;
    Ok(task.into())
}

/// The audit event id a create with Idempotency-Key `key` from user `user_id` gets: the same
/// key from the same person is the same event (the outbox's unique key then refuses the second
/// create), another person's same key is another. `None` for a key that is not 1 to 255
/// visible ASCII characters.
fn event_id_for(user_id: i64, key: &[u8]) -> Option<String> {
    if key.is_empty() || key.len() > 255 || !key.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        return None;
    }
    let digest = Sha256::new().chain_update(user_id.to_be_bytes()).chain_update(b":").chain_update(key).finalize();
    let hex = hex::encode(&digest[..16]);
    Some(format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idempotency_key_is_an_event_id_per_person() {
        let id = event_id_for(7, b"deploy-1234").unwrap();
        assert!(crate::domain::audit::is_event_id(&id), "{id}");
        assert_eq!(event_id_for(7, b"deploy-1234"), Some(id.clone()));
        assert_ne!(event_id_for(8, b"deploy-1234"), Some(id));
        assert_eq!(event_id_for(7, b""), None);
        assert_eq!(event_id_for(7, &[b'a'; 256]), None);
        assert_eq!(event_id_for(7, "ключ".as_bytes()), None);
        assert_eq!(event_id_for(7, b"tab\there"), None);
    }
}
