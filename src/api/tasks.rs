//! Tasks: create, read, edit, move, delete. Each server fn checks who asks and parses the form;
//! the write path in `server::tasks` checks what they may touch against the locked row.

use crate::domain::{audit::TaskHistory, AppError, NewTaskForm, TaskDetails, TaskPage};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

/// What the new-task form of board `board` needs: the board, its members to choose from and a
/// fresh request id.
#[server(endpoint = "new_task_form")]
pub async fn load_new_task_form(board: i64) -> Result<NewTaskForm, AppError> {
    use crate::server::{audit::record::new_event_id, boards};

    respond(async {
        let user = require_user().await?;
        let header = boards::header(&expect_context::<AppState>().db, board, user.id).await?;
        Ok(NewTaskForm { board: header.board, people: header.members, request_id: new_event_id() })
    })
    .await
}

/// Creates a task on board `board` with the caller as supervisor, then goes to the board, where
/// the new card is highlighted. The same form sent twice (`request_id`) creates one task.
#[server(endpoint = "create_task")]
pub async fn create_task(
    board: i64,
    request_id: String,
    title: String,
    description: String,
    deadline: String,
    pic: String,
) -> Result<i64, AppError> {
    use crate::{
        domain::{NewTask, TaskInput},
        server::tasks,
    };

    respond(async {
        let user = require_user().await?;
        let input = TaskInput { title: &title, description: &description, deadline: &deadline, pic: &pic };
        // "In the past" on the creator's own calendar.
        let today = crate::server::preferences::current().today();
        let task = NewTask::parse(&request_id, input, today)?;
        let state = expect_context::<AppState>();
        let id = tasks::create(&state.db, &user, state.config.notifying_writes_per_minute, board, task).await?;
        leptos_axum::redirect(&format!("/boards/{board}?created={id}"));
        Ok(id)
    })
    .await
}

/// The task page: the task, its board, what the caller may do with it, and who could be put in
/// charge. A task on a board the caller is not a member of is `NotFound`.
#[server(endpoint = "task")]
pub async fn load_task(id: i64) -> Result<TaskPage, AppError> {
    use crate::{
        domain::TaskRoles,
        server::{boards, db},
    };

    respond(async {
        let user = require_user().await?;
        let db = &expect_context::<AppState>().db;
        let task = db::tasks::find_details(db, id).await?.ok_or(AppError::NotFound)?;
        let board = boards::member_of(db, task.board_id, user.id).await?;
        let roles = TaskRoles::of(user.id, board.role, task.supervisor.id, task.pic.as_ref().map(|p| p.id));
        // Only the editor's form offers the lists.
        let (people, labels) = if roles.can_edit() {
            (db::boards::members(db, task.board_id).await?, db::labels::find_of_board(db, task.board_id).await?)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(TaskPage { task, board, roles, people, labels })
    })
    .await
}

/// Saves the supervisor's form on the task page: every field and the labels; then back to the
/// page.
#[server(endpoint = "update_task")]
#[allow(clippy::too_many_arguments)]
pub async fn update_task(
    id: i64,
    version: i32,
    title: String,
    description: String,
    deadline: String,
    pic: String,
    status: String,
    /// The ticked "Labels" boxes (`labels[]=3&labels[]=8`); none ticked sends none.
    #[server(default)]
    labels: Vec<i64>,
) -> Result<TaskDetails, AppError> {
    use crate::{
        domain::{TaskEdit, TaskInput},
        server::tasks,
    };

    respond(async {
        let user = require_user().await?;
        let input = TaskInput { title: &title, description: &description, deadline: &deadline, pic: &pic };
        let edit = TaskEdit::parse(input, &status, &labels)?;
        let state = expect_context::<AppState>();
        let task = tasks::edit(&state.db, &user, state.config.notifying_writes_per_minute, id, version, edit).await?;
        // The page again, showing what is stored (also for a form sent without JavaScript).
        leptos_axum::redirect(&saved_page(id));
        Ok(task)
    })
    .await
}

/// Moves a card on the board to the column `status`, just before the card `before` (or to the
/// column's end). Returns the task's new version, for the next move.
#[server(endpoint = "move_task")]
pub async fn move_task(
    id: i64,
    version: i32,
    status: String,
    #[server(default)] before: Option<i64>,
) -> Result<i32, AppError> {
    use crate::server::tasks::Place;

    move_with(id, version, status, before.map_or(Place::End, Place::Before)).await
}

/// The status form on the task page (the person in charge's, or anyone who may move the task):
/// a new status puts the card at the end of that column; the same status changes nothing.
#[server(endpoint = "change_status")]
pub async fn change_status(id: i64, version: i32, status: String) -> Result<i32, AppError> {
    let version = move_with(id, version, status, crate::server::tasks::Place::KeepOrEnd).await?;
    leptos_axum::redirect(&saved_page(id));
    Ok(version)
}

/// Where a saved task page form goes: the task's page, marked so it says "Saved.".
#[cfg(feature = "ssr")]
fn saved_page(id: i64) -> String {
    format!("/tasks/{id}?saved=1")
}

#[cfg(feature = "ssr")]
async fn move_with(id: i64, version: i32, status: String, place: crate::server::tasks::Place) -> Result<i32, AppError> {
    use crate::{domain::task::parse_status, server::tasks};

    respond(async {
        let user = require_user().await?;
        let status = parse_status(&status).map_err(|e| AppError::Invalid(vec![e]))?;
        let state = expect_context::<AppState>();
        tasks::move_to(&state.db, &user, state.config.notifying_writes_per_minute, id, version, status, place).await
    })
    .await
}

/// A page of a task's history from the audit trail, newest first (before event `before`, if
/// given), with whether its hash chain holds. Readable by the board's members after the task
/// is deleted.
#[server(endpoint = "task_history")]
pub async fn load_history(id: i64, #[server(default)] before: Option<i32>) -> Result<TaskHistory, AppError> {
    use crate::server::{audit::history, boards, db};

    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        // The task's board; for a deleted task, the board its first event names.
        let board = match db::boards::board_of_task(&state.db, id).await? {
            Some(board) => board,
            None => db::boards::board_of_history(&state.db, id).await?.ok_or(AppError::NotFound)?,
        };
        boards::member_of(&state.db, board, user.id).await?;
        let locale = crate::server::preferences::current().locale;
        history::load(&state.db, &state.dynamodb, &state.audit_tables, &state.relay_progress, id, before, locale).await
    })
    .await
}

/// Puts a task in its board's trash, then goes to the board, which says where it went.
#[server(endpoint = "delete_task")]
pub async fn delete_task(id: i64, version: i32) -> Result<(), AppError> {
    use crate::server::tasks;

    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        let board = tasks::delete(&state.db, &user, state.config.notifying_writes_per_minute, id, version).await?;
        leptos_axum::redirect(&format!("/boards/{board}?trashed=1"));
        Ok(())
    })
    .await
}
