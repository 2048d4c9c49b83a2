//! A task's checklist: reading it, and adding, ticking, renaming, reordering and removing
//! items. Each write is one [`Db::write`] transaction on the task write path: the board's lock,
//! the task's row lock (its events keep their order, it cannot go to the trash meanwhile), the
//! item's lock and version check, the change, the card's counters, and the audit event.

use super::{
    audit::{self, EventDraft},
    auth::User,
    db::{
        checklist::{self as queries, ItemRow},
        tasks::{self as task_queries, TaskRow},
        Db, WriteFuture,
    },
    errors::ServerError,
    tasks::{board_of, board_ref, check_pace, conflict, lock_board, lock_task, person, People},
};
use crate::domain::{
    audit::{recipients, AuditKind, FieldChange},
    checklist::{Checklist, ChecklistItem, Direction, ItemText, CHECKLIST_MAX_ITEMS},
    AppError, BoardInfo, Message, Person, TaskRoles,
};
use diesel_async::AsyncMysqlConnection;

/// Task `task_id`'s checklist for `viewer`, a member of its board (else `NotFound`).
#[tracing::instrument(skip_all, fields(user.id = viewer.id, task.id = task_id), err(level = "debug"))]
pub async fn load(db: &Db, viewer: &User, task_id: i64) -> Result<Checklist, ServerError> {
    let task = task_queries::find_details(db, task_id).await?.ok_or(AppError::NotFound)?;
    let board = super::boards::member_of(db, task.board_id, viewer.id).await?;
    let roles = TaskRoles::of(viewer.id, board.role, task.supervisor.id, task.pic.as_ref().map(|p| p.id));
    let items = queries::find_items(db, task_id).await?;
    Ok(Checklist {
        items: items.into_iter().map(view).collect(),
        can_tick: roles.can_move(),
        can_edit: roles.can_edit(),
    })
}

fn view(row: ItemRow) -> ChecklistItem {
    ChecklistItem { id: row.id, text: row.text, done: row.done, version: row.version }
}

/// Adds an item at the end of task `task_id`'s checklist (supervisor and admins).
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = task_id), err(level = "debug"))]
pub async fn add(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    task_id: i64,
    text: ItemText,
) -> Result<(), ServerError> {
    let actor = person(actor);
    let board_id = board_of(db, task_id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (task, board) = lock_allowed(conn, task_id, actor.id, TaskRoles::can_edit).await?;
            let items = queries::items_of(conn, task_id).await?;
            if items.len() as i64 >= CHECKLIST_MAX_ITEMS {
                return Err(AppError::invalid("text", Message::ChecklistFull).into());
            }
            check_pace(conn, actor.id, emails_per_minute).await?;
            let position = items.last().map_or(1, |item| item.position + 1);
            queries::insert(conn, task_id, text.as_str(), position, actor.id).await?;
            let change = FieldChange::new("item_added", None, Some(text.as_str().to_owned()));
            record(conn, &task, &board, actor, change).await
        })
    })
    .await
}

/// Ticks (`done`) or unticks item `id`, based on `version`; returns its new version. Person in
/// charge, supervisor and admins. Ticking what is already ticked writes nothing.
#[tracing::instrument(skip_all, fields(user.id = actor.id, item.id = id), err(level = "debug"))]
pub async fn tick(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
    done: bool,
) -> Result<i32, ServerError> {
    let actor = person(actor);
    change_item(db, id, version, actor.id, TaskRoles::can_move, move |conn, Locked { task, board, item }| {
        Box::pin(async move {
            if item.done == done {
                return Ok(item.version);
            }
            check_pace(conn, actor.id, emails_per_minute).await?;
            queries::set_done(conn, id, done, actor.id).await?;
            queries::recount(conn, task.id).await?;
            let field = if done { "item_checked" } else { "item_unchecked" };
            record(conn, &task, &board, actor, FieldChange::new(field, None, Some(item.text))).await?;
            Ok(item.version + 1)
        })
    })
    .await
}

/// Renames item `id` (supervisor and admins), based on `version`; returns its task's id.
#[tracing::instrument(skip_all, fields(user.id = actor.id, item.id = id), err(level = "debug"))]
pub async fn rename(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
    text: ItemText,
) -> Result<i64, ServerError> {
    let actor = person(actor);
    change_item(db, id, version, actor.id, TaskRoles::can_edit, move |conn, Locked { task, board, item }| {
        Box::pin(async move {
            if item.text == text.as_str() {
                return Ok(task.id);
            }
            check_pace(conn, actor.id, emails_per_minute).await?;
            queries::rename(conn, id, text.as_str(), actor.id).await?;
            let change = FieldChange::new("item_renamed", Some(item.text), Some(text.as_str().to_owned()));
            record(conn, &task, &board, actor, change).await?;
            Ok(task.id)
        })
    })
    .await
}

/// Moves item `id` one place up or down (supervisor and admins), based on `version`; at the
/// list's end it stays. Returns its task's id.
#[tracing::instrument(skip_all, fields(user.id = actor.id, item.id = id), err(level = "debug"))]
pub async fn reorder(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
    direction: Direction,
) -> Result<i64, ServerError> {
    let actor = person(actor);
    change_item(db, id, version, actor.id, TaskRoles::can_edit, move |conn, Locked { task, board, item }| {
        Box::pin(async move {
            let items = queries::items_of(conn, task.id).await?;
            let index = items.iter().position(|i| i.id == id).ok_or(AppError::NotFound)?;
            let other = match direction {
                Direction::Up => index.checked_sub(1),
                Direction::Down => Some(index + 1).filter(|&i| i < items.len()),
            };
            let Some(other) = other.map(|i| &items[i]) else { return Ok(task.id) };
            check_pace(conn, actor.id, emails_per_minute).await?;
            // A task's items have distinct positions (each is added after the last, under the
            // task's lock): the two swap theirs.
            queries::set_position(conn, id, other.position, actor.id).await?;
            queries::set_position(conn, other.id, item.position, actor.id).await?;
            let way = match direction {
                Direction::Up => "up",
                Direction::Down => "down",
            };
            record(conn, &task, &board, actor, FieldChange::new("item_moved", Some(item.text), Some(way.into())))
                .await?;
            Ok(task.id)
        })
    })
    .await
}

/// Removes item `id` (supervisor and admins), based on `version`; returns its task's id.
#[tracing::instrument(skip_all, fields(user.id = actor.id, item.id = id), err(level = "debug"))]
pub async fn remove(db: &Db, actor: &User, emails_per_minute: i64, id: i64, version: i32) -> Result<i64, ServerError> {
    let actor = person(actor);
    change_item(db, id, version, actor.id, TaskRoles::can_edit, move |conn, Locked { task, board, item }| {
        Box::pin(async move {
            check_pace(conn, actor.id, emails_per_minute).await?;
            queries::delete(conn, id).await?;
            queries::recount(conn, task.id).await?;
            record(conn, &task, &board, actor, FieldChange::new("item_removed", Some(item.text), None)).await?;
            Ok(task.id)
        })
    })
    .await
}

/// An item change's locked rows: its task, the task's board, and the item itself.
struct Locked {
    task: TaskRow,
    board: BoardInfo,
    item: ItemRow,
}

/// The one write path of a change to an existing item: in one transaction, the board's lock,
/// the task's lock and the actor's right (`allowed`), the item's lock and version check; then
/// `change` with what was locked.
async fn change_item<T, F>(
    db: &Db,
    id: i64,
    version: i32,
    actor_id: i64,
    allowed: fn(TaskRoles) -> bool,
    change: F,
) -> Result<T, ServerError>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c mut AsyncMysqlConnection, Locked) -> WriteFuture<'c, T> + Send + 'static,
{
    let (task_id, board_id) = task_and_board_of(db, id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (task, board) = lock_allowed(conn, task_id, actor_id, allowed).await?;
            let item = lock_item(conn, id, &task, version).await?;
            change(conn, Locked { task, board, item }).await
        })
    })
    .await
}

async fn task_and_board_of(db: &Db, item_id: i64) -> Result<(i64, i64), ServerError> {
    let task_id = queries::task_of(db, item_id).await?.ok_or(AppError::NotFound)?;
    Ok((task_id, board_of(db, task_id).await?))
}

/// [`lock_task`], then the actor's right to do this (`allowed`), else `Forbidden`.
async fn lock_allowed(
    conn: &mut AsyncMysqlConnection,
    task_id: i64,
    actor_id: i64,
    allowed: impl FnOnce(TaskRoles) -> bool,
) -> Result<(TaskRow, BoardInfo), ServerError> {
    let (task, board) = lock_task(conn, task_id, actor_id).await?;
    if !allowed(TaskRoles::of(actor_id, board.role, task.supervisor_id, task.pic_id)) {
        return Err(AppError::Forbidden.into());
    }
    Ok((task, board))
}

/// Locks item `id` of `task` and checks it is at `version`; a change by someone else meanwhile
/// is a `Conflict` naming them.
async fn lock_item(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    task: &TaskRow,
    version: i32,
) -> Result<ItemRow, ServerError> {
    let item = queries::lock(conn, id).await?.filter(|item| item.task_id == task.id).ok_or(AppError::NotFound)?;
    if item.version != version {
        return Err(conflict(conn, task.clone(), item.updated_by_id).await);
    }
    Ok(item)
}

/// The change's audit event, to the task's supervisor and person in charge (never the actor).
async fn record(
    conn: &mut AsyncMysqlConnection,
    task: &TaskRow,
    board: &BoardInfo,
    actor: Person,
    change: FieldChange,
) -> Result<(), ServerError> {
    let concerned = [Some(task.supervisor_id), task.pic_id];
    let people = People::load(conn, task.board_id, &concerned).await?;
    audit::record(
        conn,
        EventDraft {
            event_id: None,
            task_id: task.id,
            board: board_ref(board),
            task_title: task.title.clone(),
            kind: AuditKind::Checklist,
            changes: vec![change],
            recipients: recipients(people.contacts(concerned), actor.id),
            actor,
        },
    )
    .await?;
    Ok(())
}
