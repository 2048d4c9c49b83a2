//! Tasks: create, read, edit, move, delete. Each server fn checks who asks; the write path in
//! `server::tasks` checks what they may touch against the locked row.

use crate::domain::{audit::TaskHistory, AppError, NewTaskForm, Person, TaskDetails, TaskPage};
use leptos::prelude::*;

/// Everyone who can be put in charge of a task or filtered by, by name.
#[server(endpoint = "people")]
pub async fn list_people() -> Result<Vec<Person>, AppError> {
    use crate::server::{auth::require_user, db, errors::respond, errors::unavailable, AppState};

    respond(
        async {
            require_user().await?;
            let state = expect_context::<AppState>();
            db::tasks::people(&state.db).await.map_err(|e| unavailable("listing people", e))
        }
        .await,
    )
}

/// What the new-task form needs: the people to choose from and a fresh request id.
#[server(endpoint = "new_task_form")]
pub async fn load_new_task_form() -> Result<NewTaskForm, AppError> {
    use crate::server::{auth::require_user, db, errors::respond, errors::unavailable, tasks, AppState};

    respond(
        async {
            require_user().await?;
            let state = expect_context::<AppState>();
            let people = db::tasks::people(&state.db).await.map_err(|e| unavailable("listing people", e))?;
            Ok(NewTaskForm { people, request_id: tasks::new_event_id() })
        }
        .await,
    )
}

/// Creates a task with the caller as supervisor, then goes to the board. The same form sent
/// twice (`request_id`) creates one task.
#[server(endpoint = "create_task")]
pub async fn create_task(
    request_id: String,
    title: String,
    description: String,
    deadline: String,
    pic: String,
) -> Result<i64, AppError> {
    use crate::{
        domain::{audit::is_event_id, task::parse_pic, Deadline, Description, FormErrors, TaskTitle},
        server::{auth::require_user, errors::respond, tasks, AppState},
    };

    respond(
        async {
            let user = require_user().await?;
            if !is_event_id(&request_id) {
                return Err(AppError::Refused("This form is out of date. Reload the page and try again.".into()));
            }
            let today = chrono::Utc::now().date_naive();
            let mut form = FormErrors::default();
            let title = form.check(TaskTitle::parse(&title));
            let description = form.check(Description::parse(&description));
            let deadline = form.check(Deadline::parse_new(&deadline, today));
            let pic_id = form.check(parse_pic(&pic));
            let (Some(title), Some(description), Some(deadline), Some(pic_id)) = (title, description, deadline, pic_id)
            else {
                return Err(form.into_error());
            };
            let state = expect_context::<AppState>();
            let new = tasks::NewTask { title, description, deadline, pic_id };
            let id = tasks::create(&state.db, &user, new, request_id).await?;
            state.wake_relay();
            leptos_axum::redirect("/");
            Ok(id)
        }
        .await,
    )
}

/// The task page: the task, what the caller may do with it, and who could be put in charge.
#[server(endpoint = "task")]
pub async fn load_task(id: i64) -> Result<TaskPage, AppError> {
    use crate::{
        domain::TaskRoles,
        server::{auth::require_user, db, errors::respond, errors::unavailable, AppState},
    };

    respond(
        async {
            let user = require_user().await?;
            let state = expect_context::<AppState>();
            let task = db::tasks::find_details(&state.db, id)
                .await
                .map_err(|e| unavailable("loading a task", e))?
                .ok_or(AppError::NotFound)?;
            let roles = TaskRoles::of(user.id, task.supervisor.id, task.pic.as_ref().map(|p| p.id));
            // Only the supervisor's form offers the list.
            let people = if roles.can_edit() {
                db::tasks::people(&state.db).await.map_err(|e| unavailable("listing people", e))?
            } else {
                Vec::new()
            };
            Ok(TaskPage { task, roles, people })
        }
        .await,
    )
}

/// Saves the supervisor's form on the task page: every field; then back to the page.
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
) -> Result<TaskDetails, AppError> {
    use crate::{
        domain::{
            task::{parse_pic, parse_status},
            Deadline, Description, FormErrors, TaskTitle,
        },
        server::{auth::require_user, errors::respond, tasks, AppState},
    };

    respond(
        async {
            let user = require_user().await?;
            let mut form = FormErrors::default();
            let title = form.check(TaskTitle::parse(&title));
            let description = form.check(Description::parse(&description));
            let deadline = form.check(Deadline::parse(&deadline));
            let pic_id = form.check(parse_pic(&pic));
            let status = form.check(parse_status(&status));
            let (Some(title), Some(description), Some(deadline), Some(pic_id), Some(status)) =
                (title, description, deadline, pic_id, status)
            else {
                return Err(form.into_error());
            };
            let state = expect_context::<AppState>();
            let edit = tasks::TaskEdit { title, description, deadline, pic_id, status };
            let task = tasks::edit(&state.db, &user, id, version, edit).await?;
            state.wake_relay();
            // The page again, showing what is stored (also for a form sent without JavaScript).
            leptos_axum::redirect(&saved_page(id));
            Ok(task)
        }
        .await,
    )
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

    let place = before.map_or(Place::End, Place::Before);
    move_with(id, version, status, place).await
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
    use crate::{
        domain::task::parse_status,
        server::{auth::require_user, errors::respond, tasks, AppState},
    };

    respond(
        async {
            let user = require_user().await?;
            let status = parse_status(&status).map_err(|e| AppError::Invalid(vec![e]))?;
            let state = expect_context::<AppState>();
            let version = tasks::move_to(&state.db, &user, id, version, status, place).await?;
            state.wake_relay();
            Ok(version)
        }
        .await,
    )
}

/// A task's history from the audit trail, newest first, with whether its hash chain holds.
/// Readable after the task is deleted.
#[server(endpoint = "task_history")]
pub async fn load_history(id: i64) -> Result<TaskHistory, AppError> {
    use crate::server::{audit::history, auth::require_user, errors::respond, errors::unavailable, AppState};

    respond(
        async {
            require_user().await?;
            let state = expect_context::<AppState>();
            let now = chrono::Utc::now().naive_utc();
            history::load(&state.db, &state.dynamodb, &state.audit_tables, id, now)
                .await
                .map_err(|e| unavailable("reading a task's history", e))
        }
        .await,
    )
}

/// Deletes a task, then goes to the board.
#[server(endpoint = "delete_task")]
pub async fn delete_task(id: i64, version: i32) -> Result<(), AppError> {
    use crate::server::{auth::require_user, errors::respond, tasks, AppState};

    respond(
        async {
            let user = require_user().await?;
            let state = expect_context::<AppState>();
            tasks::delete(&state.db, &user, id, version).await?;
            state.wake_relay();
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}
