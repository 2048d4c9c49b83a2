//! `/api/v1/boards…`: the caller's boards, one board with its column counts, its members, its
//! labels, and its tasks a page at a time. A board the caller is not a member of is 404.

use super::{
    caller::{Caller, Id, OrProblem as _, Params},
    cursor,
    model::{Board, BoardDetails, ColumnCount, Label, Member, Task, TaskPage, TaskQuery},
    problem::Problem,
};
use crate::{
    domain::{filter::SEARCH_MAX_CHARS, AppError, BoardFilter, Message},
    server::{boards, db, db::task_list::Slice, AppState},
};
use axum::{extract::State, Json};

/// Tasks a page holds unless `limit` says otherwise, and the most it may say.
const PAGE_DEFAULT: u32 = 50;
const PAGE_MAX: u32 = 100;

/// The boards the caller is a member of, by name.
#[utoipa::path(get, path = "/api/v1/boards", tag = "boards",
    responses((status = 200, description = "The caller's boards, by name", body = [Board])))]
#[tracing::instrument(skip_all)]
pub async fn list_boards(caller: Caller, State(state): State<AppState>) -> Result<Json<Vec<Board>>, Problem> {
    let listings = db::boards::listings(&state.db, caller.user.id).await.or_problem(&caller)?;
    Ok(Json(
        listings
            .into_iter()
            .map(|board| Board {
                id: board.id,
                name: board.name,
                role: board.role.into(),
                open_tasks: board.open_tasks,
            })
            .collect(),
    ))
}

/// A board, with how many tasks each column holds.
#[utoipa::path(get, path = "/api/v1/boards/{id}", tag = "boards",
    params(("id" = i64, Path, description = "The board's id")),
    responses((status = 200, description = "The board", body = BoardDetails)))]
#[tracing::instrument(skip_all, fields(board.id = id))]
pub async fn read_board(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
) -> Result<Json<BoardDetails>, Problem> {
    let board = boards::member_of(&state.db, id, caller.user.id).await.or_problem(&caller)?;
    let totals = db::task_list::column_totals(&state.db, id).await.or_problem(&caller)?;
    Ok(Json(BoardDetails {
        id: board.id,
        name: board.name,
        role: board.role.into(),
        columns: totals.into_iter().map(|(status, tasks)| ColumnCount { status: status.into(), tasks }).collect(),
    }))
}

/// The board's members (active accounts), by name.
#[utoipa::path(get, path = "/api/v1/boards/{id}/members", tag = "boards",
    params(("id" = i64, Path, description = "The board's id")),
    responses((status = 200, description = "The members, by name", body = [Member])))]
#[tracing::instrument(skip_all, fields(board.id = id))]
pub async fn list_members(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
) -> Result<Json<Vec<Member>>, Problem> {
    boards::member_of(&state.db, id, caller.user.id).await.or_problem(&caller)?;
    let members = db::boards::members(&state.db, id).await.or_problem(&caller)?;
    Ok(Json(members.into_iter().map(Member::from).collect()))
}

/// The board's labels, by name.
#[utoipa::path(get, path = "/api/v1/boards/{id}/labels", tag = "boards",
    params(("id" = i64, Path, description = "The board's id")),
    responses((status = 200, description = "The labels, by name", body = [Label])))]
#[tracing::instrument(skip_all, fields(board.id = id))]
pub async fn list_labels(
    caller: Caller,
    Id(id): Id,
    State(state): State<AppState>,
) -> Result<Json<Vec<Label>>, Problem> {
    boards::member_of(&state.db, id, caller.user.id).await.or_problem(&caller)?;
    let labels = db::labels::find_of_board(&state.db, id).await.or_problem(&caller)?;
    Ok(Json(labels.into_iter().map(Label::from).collect()))
}

/// A page of the board's tasks under the board's filters, in board order (column by column,
/// each top to bottom). Follow `next_cursor` for the next page.
#[utoipa::path(get, path = "/api/v1/boards/{id}/tasks", tag = "tasks",
    params(("id" = i64, Path, description = "The board's id"), TaskQuery),
    responses(
        (status = 200, description = "A page of tasks", body = TaskPage),
        (status = 422, description = "`limit` is not 1 to 100, or `cursor` is not one this list gave out", body = super::problem::Problem, content_type = "application/problem+json"),
    ))]
#[tracing::instrument(skip_all, fields(board.id = id))]
pub async fn list_tasks(
    caller: Caller,
    Id(id): Id,
    Params(query): Params<TaskQuery>,
    State(state): State<AppState>,
) -> Result<Json<TaskPage>, Problem> {
    let limit = query.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(caller.problem(AppError::invalid("limit", Message::PageSize)));
    }
    let after = match query.cursor.as_deref() {
        Some(text) => Some(
            cursor::decode(text).ok_or_else(|| caller.problem(AppError::invalid("cursor", Message::CursorInvalid)))?,
        ),
        None => None,
    };
    boards::member_of(&state.db, id, caller.user.id).await.or_problem(&caller)?;
    let filter = BoardFilter {
        mine: query.mine,
        person: query.person,
        overdue: query.overdue,
        label: query.label,
        search: query.q.unwrap_or_default().trim().chars().take(SEARCH_MAX_CHARS).collect(),
        ..BoardFilter::default()
    };
    // One more than the page, to know whether another page follows.
    let slice = Slice { filter, status: query.status.map(Into::into), after, limit: limit + 1 };
    let mut tasks =
        db::task_list::page(&state.db, id, caller.user.id, slice, caller.today).await.or_problem(&caller)?;
    let next_cursor = if tasks.len() > limit as usize {
        tasks.truncate(limit as usize);
        tasks.last().map(|last| cursor::encode(&last.row))
    } else {
        None
    };
    Ok(Json(TaskPage { tasks: tasks.into_iter().map(Task::from).collect(), next_cursor }))
}
