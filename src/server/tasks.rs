//! The task write path: each write is one [`Db::write`] transaction that locks what it places
//! or changes, checks who is asking and which version they saw, changes the row, and records
//! its audit event. Anything refused rolls back whole, so a refused write leaves no trace and
//! a successful one always leaves exactly one outbox row.

use super::{
    audit::{self, record::now, EventDraft},
    auth::User,
    db::{
        boards as board_queries, labels as label_queries,
        tasks::{self as queries, Column, Contact, TaskFields, TaskRow, POSITION_STEP},
        Db,
    },
    errors::ServerError,
};
use crate::domain::{
    audit::{kind_of_edit, recipients, AuditEvent, AuditKind, BoardRef, FieldChange, Recipient, TaskSnapshot, NOBODY},
    label::recorded_names,
    AppError, BoardInfo, Conflict, Message, NewTask, Person, Status, TaskDetails, TaskEdit, TaskRoles,
};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncMysqlConnection;

/// Where a moved card goes in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Just before this card (the end, if it is not in that column).
    Before(i64),
    /// The end of the column.
    End,
    /// Where it is, if the column does not change; otherwise the end of the new column. For a
    /// status chosen in a form, which says nothing about order.
    KeepOrEnd,
}

/// Refuses `actor_id`'s change once their changes that emailed somebody reached
/// `emails_per_minute` in the last minute. An early step of every write (after its column lock:
/// it is the transaction's first plain read), so a refused change writes nothing.
pub(crate) async fn check_pace(
    conn: &mut AsyncMysqlConnection,
    actor_id: i64,
    emails_per_minute: i64,
) -> Result<(), ServerError> {
    if emails_per_minute == 0 {
        return Ok(()); // no limit (NOTIFYING_WRITES_PER_MINUTE=0)
    }
    let since = now() - chrono::TimeDelta::minutes(1);
    if super::db::outbox::notified_at_least(conn, actor_id, since, emails_per_minute).await? {
        tracing::warn!("change refused: too many emailing changes this minute");
        return Err(AppError::TooMany(Message::TooFast).into());
    }
    Ok(())
}

/// Creates a task at the top of board `board_id`'s To do (where it is seen however long the
/// column has grown) with `actor`, a member, as its supervisor. The form's request id becomes
/// the audit event's id, so the same form sent twice creates one task: the second attempt hits
/// the outbox's unique key, rolls back, and answers with the first task's id. Sent again with
/// other fields (a form edited after going back to it, an API client reusing an
/// `Idempotency-Key`), it is refused instead: answering with a task that does not hold what was
/// sent would drop the new values silently.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn create(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    board_id: i64,
    task: NewTask,
) -> Result<i64, ServerError> {
    let actor = person(actor);
    let sent = task.clone();
    let created = db
        .write(move |conn| {
            Box::pin(async move {
                let todo = Column::new(board_id, Status::Todo);
                lock_column(conn, todo).await?;
                lock_board(conn, board_id).await?;
                check_pace(conn, actor.id, emails_per_minute).await?;
                let board = member_of(conn, board_id, actor.id).await?;
                check_pic(conn, board_id, task.pic_id).await?;
                let fields = new_fields(&task);
                let position = queries::first_position(conn, todo).await?.map_or(POSITION_STEP, |p| p - POSITION_STEP);
                let people = People::load(conn, board_id, &[Some(actor.id), task.pic_id]).await?;
                let creation = Creation { fields, position, label_ids: &[], event_id: Some(task.request_id.clone()) };
                insert_created(conn, &board, &actor, &people, &[], creation).await
            })
        })
        .await;
    match created {
        Err(ServerError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            earlier_creation(db, board_id, sent).await
        }
        other => other,
    }
}

/// The task a create request sent before made, when `sent` is that request again: from this
/// board (a request id is no way into another board), with the same fields. The fields are
/// compared as the creation's audit event recorded them (the PIC by name, as of now: a rename
/// between a request and its retry would refuse the retry, which changes nothing).
async fn earlier_creation(db: &Db, board_id: i64, sent: NewTask) -> Result<i64, ServerError> {
    let (earlier, recorded) =
        queries::event_of_request(db, sent.request_id.clone()).await?.ok_or(AppError::Unavailable)?;
    match board_queries::board_of_task(db, earlier).await? {
        Some(board) if board == board_id => {}
        _ => return Err(AppError::NotFound.into()),
    }
    let pic = sent.pic_id;
    let people = db.run(move |mut conn| async move { People::load(&mut conn, board_id, &[pic]).await }).await?;
    let fields = new_fields(&sent);
    let recorded: AuditEvent = serde_json::from_str(&recorded).map_err(|error| {
        tracing::error!(%error, "a creation event's payload could not be read");
        AppError::Unavailable
    })?;
    if recorded.changes != people.snapshot(&fields).creation() {
        return Err(AppError::Refused(Message::RequestReused).into());
    }
    Ok(earlier)
}

/// A new task's fields as its row and its creation event hold them: in To do.
fn new_fields(task: &NewTask) -> TaskFields<'_> {
    TaskFields {
        title: task.title.as_str(),
        description: task.description.as_str(),
        deadline: task.deadline.date(),
        pic_id: task.pic_id,
        status: Status::Todo,
    }
}

/// A task for [`insert_created`]: its fields, its place in its column, its labels and the id
/// its creation event gets (`None`: a new random one).
pub(crate) struct Creation<'a> {
    pub fields: TaskFields<'a>,
    pub position: i64,
    pub label_ids: &'a [i64],
    pub event_id: Option<String>,
}

/// The part of every creation after its checks: inserts the task with `actor` as its
/// supervisor, puts its labels on and records its `created` event, mailed to the person in
/// charge. Used by the New task form (and the API) and by the CSV import. The caller holds the
/// column's lock and the board's, and has checked the person in charge and the labels
/// (`board_labels`: the board's, to name them in the history).
pub(crate) async fn insert_created(
    conn: &mut AsyncMysqlConnection,
    board: &BoardInfo,
    actor: &Person,
    people: &People,
    board_labels: &[crate::domain::label::Label],
    task: Creation<'_>,
) -> Result<i64, ServerError> {
    let id = queries::insert(conn, board.id, &task.fields, task.position, actor.id, now()).await?;
    let mut changes = people.snapshot(&task.fields).creation();
    if !task.label_ids.is_empty() {
        label_queries::set_on_task(conn, id, task.label_ids).await?;
        changes.push(FieldChange::new("labels", None, recorded_names(board_labels, task.label_ids)));
    }
    audit::record(
        conn,
        EventDraft {
            event_id: task.event_id,
            task_id: id,
            board: board_ref(board),
            task_title: task.fields.title.to_owned(),
            kind: AuditKind::Created,
            changes,
            recipients: recipients(people.contacts([task.fields.pic_id]), actor.id),
            actor: actor.clone(),
        },
    )
    .await?;
    Ok(id)
}

/// The board of task `id`, which a write must know before its transaction (to take that
/// board's column lock first); a task never changes board. No such task is `NotFound`.
pub(crate) async fn board_of(db: &Db, id: i64) -> Result<i64, ServerError> {
    Ok(board_queries::board_of_task(db, id).await?.ok_or(AppError::NotFound)?)
}

/// Takes a column lock of a board; a board that does not exist (or was just deleted) is
/// `NotFound`, like one the actor is not a member of.
pub(crate) async fn lock_column(conn: &mut AsyncMysqlConnection, column: Column) -> Result<(), ServerError> {
    match queries::lock_column(conn, column).await {
        Err(DieselError::NotFound) => Err(AppError::NotFound.into()),
        other => Ok(other?),
    }
}

/// Takes the shared lock on a task's board (`db::boards::lock_board`); a board that is gone is
/// `NotFound`.
pub(crate) async fn lock_board(conn: &mut AsyncMysqlConnection, board_id: i64) -> Result<(), ServerError> {
    if !board_queries::lock_board(conn, board_id, false).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// The board, when `user_id` is one of its members; `NotFound` otherwise (the same answer as
/// for a board that never existed).
pub async fn member_of(conn: &mut AsyncMysqlConnection, board_id: i64, user_id: i64) -> Result<BoardInfo, ServerError> {
    Ok(board_queries::info_for(conn, board_id, user_id).await?.ok_or(AppError::NotFound)?)
}

pub(crate) fn board_ref(board: &BoardInfo) -> BoardRef {
    BoardRef { id: board.id, name: board.name.clone() }
}

/// Applies the supervisor's edit from the task page. An edit that changes nothing writes nothing.
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = id), err(level = "debug"))]
pub async fn edit(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
    edit: TaskEdit,
) -> Result<TaskDetails, ServerError> {
    let actor = person(actor);
    let board_id = board_of(db, id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            // The edit may put the card at the end of another column: that column's lock comes
            // first (whether or not the status changes: nothing may be read before it, or the
            // transaction's snapshot would predate the lock).
            lock_column(conn, Column::new(board_id, edit.status)).await?;
            lock_board(conn, board_id).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let (row, board) = lock_for(conn, id, version, actor.id, TaskRoles::can_edit).await?;
            if edit.pic_id != row.pic_id {
                check_pic(conn, board_id, edit.pic_id).await?;
            }
            let old_status = row.status;
            let after = TaskFields {
                title: edit.title.as_str(),
                description: edit.description.as_str(),
                deadline: edit.deadline.date(),
                pic_id: edit.pic_id,
                status: edit.status,
            };
            let before = TaskFields {
                title: &row.title,
                description: &row.description,
                deadline: row.deadline,
                pic_id: row.pic_id,
                status: old_status,
            };
            let people =
                People::load(conn, board_id, &[Some(actor.id), Some(row.supervisor_id), row.pic_id, edit.pic_id])
                    .await?;
            let mut changes = people.snapshot(&before).changes_to(&people.snapshot(&after));
            let labels = label_change(conn, &row, &edit.labels).await?;
            changes.extend(labels.clone());
            if changes.is_empty() {
                return Ok(queries::details(conn, row).await?);
            }
            // A card that changes column goes to the end of its new column.
            let position = if after.status == old_status {
                row.position
            } else {
                queries::last_position(conn, Column::new(board_id, after.status), id).await?.unwrap_or(0)
                    + POSITION_STEP
            };
            queries::update_fields(conn, id, &after, position, actor.id, now()).await?;
            if labels.is_some() {
                label_queries::set_on_task(conn, id, &edit.labels).await?;
            }
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
                    board: board_ref(&board),
                    task_title: after.title.to_owned(),
                    kind: kind_of_edit(&changes),
                    changes,
                    // A person taken off the task hears about it too.
                    recipients: recipients(
                        people.contacts([Some(row.supervisor_id), edit.pic_id, row.pic_id]),
                        actor.id,
                    ),
                    actor,
                },
            )
            .await?;
            let row = queries::lock(conn, id).await?.ok_or(DieselError::NotFound)?;
            Ok(queries::details(conn, row).await?)
        })
    })
    .await
}

/// What putting exactly `wanted` (label ids, ascending, each once: `TaskEdit::labels`) on task
/// `row` changes: `None` when it carries them already, else the change as its history records
/// it (the names before and after). A label that is not (or no longer) its board's is refused
/// beside the field. Read under the board's shared lock, which a label's deletion takes
/// exclusively.
async fn label_change(
    conn: &mut AsyncMysqlConnection,
    row: &TaskRow,
    wanted: &[i64],
) -> Result<Option<FieldChange>, ServerError> {
    let board_labels = label_queries::of_board(conn, row.board_id).await?;
    if wanted.iter().any(|id| !board_labels.iter().any(|label| label.id == *id)) {
        return Err(AppError::invalid("labels", Message::LabelGone).into());
    }
    let mut current: Vec<i64> = label_queries::on_task(conn, row.id).await?.iter().map(|label| label.id).collect();
    current.sort_unstable();
    if current == wanted {
        return Ok(None);
    }
    let names = |ids: &[i64]| recorded_names(&board_labels, ids);
    Ok(Some(FieldChange::new("labels", names(&current), names(wanted))))
}

/// Moves a card to column `status` at `place` (the supervisor or the person in charge).
/// Returns the task's new version. A move to where the card already is writes nothing.
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = id, status = status.as_str()), err(level = "debug"))]
pub async fn move_to(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
    status: Status,
    place: Place,
) -> Result<i32, ServerError> {
    let actor = person(actor);
    let board_id = board_of(db, id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            let column = Column::new(board_id, status);
            lock_column(conn, column).await?;
            lock_board(conn, board_id).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let (row, board) = lock_for(conn, id, version, actor.id, TaskRoles::can_move).await?;
            let old_status = row.status;
            if matches!(place, Place::KeepOrEnd) && status == old_status {
                return Ok(row.version);
            }
            let before = card_to_go_before(conn, place, column, id).await?;
            let Some(changes) = what_the_move_changes(conn, &row, old_status, column, before).await? else {
                return Ok(row.version);
            };
            let position = free_position(conn, column, id, before).await?;
            queries::set_place(conn, id, status, position, actor.id, now()).await?;
            // Reordering within a column is recorded, but nobody is emailed about it.
            let concerned = if status == old_status {
                Vec::new()
            } else {
                let people = [Some(row.supervisor_id), row.pic_id];
                People::load(conn, row.board_id, &people).await?.contacts(people)
            };
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
                    board: board_ref(&board),
                    task_title: row.title.clone(),
                    kind: AuditKind::Moved,
                    changes,
                    recipients: recipients(concerned, actor.id),
                    actor,
                },
            )
            .await?;
            Ok(row.version + 1)
        })
    })
    .await
}

/// The card a moved card goes just before, as `(position, id)`: the one `place` names when it
/// is in `column` (of the same board); otherwise none (the column's end).
async fn card_to_go_before(
    conn: &mut AsyncMysqlConnection,
    place: Place,
    column: Column,
    id: i64,
) -> Result<Option<(i64, i64)>, DieselError> {
    let Place::Before(next) = place else { return Ok(None) };
    if next == id {
        return Ok(None);
    }
    Ok(queries::place_of(conn, next).await?.filter(|(its, _)| *its == column).map(|(_, position)| (position, next)))
}

/// The move's record: the status change between columns; within a column, the card's place
/// before and after (1-based; counted only for a reordering, whose record names both).
/// `None` when the card would land where it is.
async fn what_the_move_changes(
    conn: &mut AsyncMysqlConnection,
    row: &TaskRow,
    old_status: Status,
    column: Column,
    before: Option<(i64, i64)>,
) -> Result<Option<Vec<FieldChange>>, DieselError> {
    let status = column.status;
    if status != old_status {
        return Ok(Some(vec![FieldChange::new(
            "status",
            Some(old_status.as_str().into()),
            Some(status.as_str().into()),
        )]));
    }
    let old_index = queries::count_before(conn, column, (row.position, row.id), row.id).await?;
    let index = match before {
        Some(next) => queries::count_before(conn, column, next, row.id).await?,
        None => queries::column_size(conn, column, row.id).await?,
    };
    Ok((old_index != index)
        .then(|| vec![FieldChange::new("position", Some((old_index + 1).to_string()), Some((index + 1).to_string()))]))
}

/// A position for card `id` in `column` just before `before` (or at the end). When its
/// neighbours leave no room, the column is spread out first: the only step that reads the whole
/// column.
async fn free_position(
    conn: &mut AsyncMysqlConnection,
    column: Column,
    id: i64,
    before: Option<(i64, i64)>,
) -> Result<i64, DieselError> {
    let previous = match before {
        Some(next) => queries::position_before(conn, column, next, id).await?,
        None => queries::last_position(conn, column, id).await?,
    };
    if let Some(position) = position_between(previous, before.map(|(position, _)| position)) {
        return Ok(position);
    }
    let mut order = queries::column_order(conn, column, id).await?;
    queries::renumber(conn, &mut order).await?;
    let index = match before {
        Some((_, next)) => order.iter().position(|(card, _)| *card == next).unwrap_or(order.len()),
        None => order.len(),
    };
    let previous = index.checked_sub(1).map(|i| order[i].1);
    let next = order.get(index).map(|(_, position)| *position);
    Ok(position_between(previous, next).expect("renumbered positions leave gaps"))
}

/// Puts a task in its board's trash (what "Delete task" does); returns its board's id. It leaves
/// its column but keeps its place, comments, labels and checklist, so [`restore`] brings it
/// back whole; [`purge`] or the 30-day purge deletes it for good.
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, emails_per_minute: i64, id: i64, version: i32) -> Result<i64, ServerError> {
    let actor = person(actor);
    let board_id = board_of(db, id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (row, board) = lock_for(conn, id, version, actor.id, TaskRoles::can_delete).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let people = [Some(row.supervisor_id), row.pic_id];
            let concerned = People::load(conn, row.board_id, &people).await?.contacts(people);
            queries::set_trashed(conn, id, Some(now()), actor.id, now()).await?;
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
                    board: board_ref(&board),
                    task_title: row.title,
                    kind: AuditKind::Deleted,
                    changes: Vec::new(),
                    recipients: recipients(concerned, actor.id),
                    actor,
                },
            )
            .await?;
            Ok(board.id)
        })
    })
    .await
}

/// Takes a task out of its board's trash, back to its column where it was (its supervisor or
/// an admin of the board). Returns its board and its new version. A task that is not in the trash is
/// `NotFound`, as on the trash page; one restored meanwhile by someone else is a `Conflict`.
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = id), err(level = "debug"))]
pub async fn restore(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
) -> Result<(i64, i32), ServerError> {
    let actor = person(actor);
    // A trashed task cannot be moved, so the column read here is still its column under the lock.
    let Some((column, _)) = queries::trashed_place(db, id).await? else { return Err(AppError::NotFound.into()) };
    db.write(move |conn| {
        Box::pin(async move {
            lock_column(conn, column).await?;
            lock_board(conn, column.board_id).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let (row, board) = lock_trashed_for(conn, id, version, actor.id).await?;
            let people = [Some(row.supervisor_id), row.pic_id];
            let concerned = People::load(conn, row.board_id, &people).await?.contacts(people);
            queries::set_trashed(conn, id, None, actor.id, now()).await?;
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
                    board: board_ref(&board),
                    task_title: row.title,
                    kind: AuditKind::Restored,
                    changes: Vec::new(),
                    recipients: recipients(concerned, actor.id),
                    actor,
                },
            )
            .await?;
            Ok((board.id, row.version + 1))
        })
    })
    .await
}

/// Deletes a task in the trash for good, before its 30 days are up (its supervisor or an admin
/// of the board); returns its board's id. Nobody is emailed: they were told when it was trashed.
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = id), err(level = "debug"))]
pub async fn purge(db: &Db, actor: &User, id: i64, version: i32) -> Result<i64, ServerError> {
    let actor = person(actor);
    let board_id = board_of(db, id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (row, board) = lock_trashed_for(conn, id, version, actor.id).await?;
            purge_row(conn, row, board_ref(&board), actor).await?;
            Ok(board.id)
        })
    })
    .await
}

/// Deletes task `id` for good if it has been in the trash since before `cutoff` (the 30-day
/// purge; several instances may race for it: the row lock lets one do it, the others find it
/// gone). Returns whether this call deleted it.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn purge_expired(db: &Db, id: i64, cutoff: chrono::NaiveDateTime) -> Result<bool, ServerError> {
    let Some(board_id) = board_queries::board_of_task(db, id).await? else { return Ok(false) };
    db.write(move |conn| {
        Box::pin(async move {
            if !board_queries::lock_board(conn, board_id, false).await? {
                return Ok(false);
            }
            let Some((row, trashed_at)) = queries::lock_trashed(conn, id).await? else { return Ok(false) };
            if trashed_at >= cutoff {
                return Ok(false); // restored and trashed again meanwhile
            }
            let board = BoardRef { id: board_id, name: board_queries::name_of(conn, board_id).await? };
            purge_row(conn, row, board, Person { id: NOBODY, name: String::new() }).await?;
            Ok(true)
        })
    })
    .await
}

/// The last step of a purge: the row goes (its comments, labels and checklist with it), its
/// history stays and ends with the purge.
async fn purge_row(
    conn: &mut AsyncMysqlConnection,
    row: TaskRow,
    board: BoardRef,
    actor: Person,
) -> Result<(), ServerError> {
    queries::delete(conn, row.id).await?;
    audit::record(
        conn,
        EventDraft {
            event_id: None,
            task_id: row.id,
            board,
            task_title: row.title,
            kind: AuditKind::Purged,
            changes: Vec::new(),
            recipients: Vec::new(),
            actor,
        },
    )
    .await?;
    Ok(())
}

/// Locks a task on its board for a change to something of its own (a comment), which does not
/// change the task's version: it exists and the actor is a member of its board, else
/// `NotFound`. The lock orders the task's events (their `seq`) and keeps it out of the trash
/// meanwhile.
pub(crate) async fn lock_task(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    actor_id: i64,
) -> Result<(TaskRow, BoardInfo), ServerError> {
    let row = queries::lock(conn, id).await?.ok_or(AppError::NotFound)?;
    let board = member_of(conn, row.board_id, actor_id).await?;
    Ok((row, board))
}

/// [`lock_for`] for a task in the trash: it is there and the actor is a member (else
/// `NotFound`), may restore or purge it (else `Forbidden`), and saw this version (else
/// `Conflict`).
async fn lock_trashed_for(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    version: i32,
    actor_id: i64,
) -> Result<(TaskRow, BoardInfo), ServerError> {
    let row = queries::lock_trashed(conn, id).await?.map(|(row, _)| row);
    check_locked(conn, row, version, actor_id, TaskRoles::can_restore).await
}

/// Takes `user_id` off every task of `board` they are in charge of (they have left it, or were
/// removed), each change an audit event by `actor` to the supervisor. Part of the removal's
/// transaction (which holds the board's lock exclusively), after the membership row is gone;
/// returns how many tasks changed.
pub async fn unassign_everywhere_on(
    conn: &mut AsyncMysqlConnection,
    board: &BoardInfo,
    user_id: i64,
    actor: Person,
) -> Result<usize, ServerError> {
    let rows = queries::lock_in_charge_of(conn, board.id, user_id).await?;
    // The same person on every task: their name is read once.
    let former = queries::contacts(conn, &[user_id]).await?.first().map(|contact| contact.name.clone());
    for row in &rows {
        let people = People::load(conn, board.id, &[Some(row.supervisor_id)]).await?;
        queries::clear_pic(conn, row.id, actor.id, now()).await?;
        audit::record(
            conn,
            EventDraft {
                event_id: None,
                task_id: row.id,
                board: board_ref(board),
                task_title: row.title.clone(),
                kind: AuditKind::Reassigned,
                changes: vec![FieldChange::new("pic", former.clone(), None)],
                // Not the person who left: they hear no more about this board.
                recipients: recipients(people.contacts([Some(row.supervisor_id)]), actor.id),
                actor: actor.clone(),
            },
        )
        .await?;
    }
    Ok(rows.len())
}

/// Locks a board that is about to be deleted: its four column locks first, in column order
/// (every other write takes at most one, before the board's lock, so nothing waits in a
/// circle), then the board's row, exclusively. No such board is `NotFound`.
pub async fn lock_whole_board(conn: &mut AsyncMysqlConnection, board_id: i64) -> Result<(), ServerError> {
    for status in Status::ALL {
        lock_column(conn, Column::new(board_id, status)).await?;
    }
    if !board_queries::lock_board(conn, board_id, true).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// Deletes every task of `board` for good, the trashed ones too (the board is being deleted;
/// the caller holds [`lock_whole_board`]), each deletion recorded in the task's history by
/// `actor` and mailed to nobody. Returns how many tasks went.
pub async fn delete_every_task_of(
    conn: &mut AsyncMysqlConnection,
    board: &BoardInfo,
    actor: Person,
) -> Result<usize, ServerError> {
    let rows = queries::lock_all_of(conn, board.id).await?;
    let count = rows.len();
    for row in rows {
        purge_row(conn, row, board_ref(board), actor.clone()).await?;
    }
    Ok(count)
}

/// Locks the task and checks, in this order: it exists and the actor is a member of its board
/// (else `NotFound`: a non-member learns nothing), the actor may do this (`allowed`), and it is
/// still at the version the request was based on.
async fn lock_for(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    version: i32,
    actor_id: i64,
    allowed: impl FnOnce(TaskRoles) -> bool,
) -> Result<(TaskRow, BoardInfo), ServerError> {
    let row = queries::lock(conn, id).await?;
    check_locked(conn, row, version, actor_id, allowed).await
}

/// The checks of [`lock_for`] on a row just locked (`None`: there was none to lock).
async fn check_locked(
    conn: &mut AsyncMysqlConnection,
    row: Option<TaskRow>,
    version: i32,
    actor_id: i64,
    allowed: impl FnOnce(TaskRoles) -> bool,
) -> Result<(TaskRow, BoardInfo), ServerError> {
    let row = row.ok_or(AppError::NotFound)?;
    let board = member_of(conn, row.board_id, actor_id).await?;
    if !allowed(TaskRoles::of(actor_id, board.role, row.supervisor_id, row.pic_id)) {
        return Err(AppError::Forbidden.into());
    }
    if row.version != version {
        return Err(conflict(conn, row, None).await);
    }
    Ok((row, board))
}

/// The answer to a write based on an old version of the task, or of a part of it (a comment, a
/// checklist item): who changed it (`changed_by`; for the task itself, who changed it last) and
/// the task as it now is.
pub(crate) async fn conflict(conn: &mut AsyncMysqlConnection, row: TaskRow, changed_by: Option<i64>) -> ServerError {
    // `Some(None)`: the part's last editor, whose account is gone.
    let named = match changed_by {
        Some(user) => match queries::contacts(conn, &[user]).await {
            Ok(contacts) => Some(contacts.first().map(|contact| contact.name.clone())),
            Err(error) => return error.into(),
        },
        None => None,
    };
    match queries::details(conn, row).await {
        Ok(current) => {
            let changed_by = named
                .unwrap_or_else(|| current.updated_by.as_ref().map(|p| p.name.clone()))
                .unwrap_or_else(|| "Someone".to_owned());
            AppError::Conflict(Box::new(Conflict { changed_by, current })).into()
        }
        Err(error) => error.into(),
    }
}

/// A person put in charge must be a member of the task's board.
async fn check_pic(conn: &mut AsyncMysqlConnection, board_id: i64, pic_id: Option<i64>) -> Result<(), ServerError> {
    match pic_id {
        Some(pic_id) if board_queries::role_of(conn, board_id, pic_id).await?.is_none() => {
            Err(AppError::invalid("pic", Message::ChooseMember).into())
        }
        _ => Ok(()),
    }
}

/// The members of the task's board an event mentions, loaded in one query. Someone who has left
/// the board (a former supervisor) is not among them, so they are not emailed about it.
pub(crate) struct People(Vec<Contact>);

impl People {
    pub(crate) async fn load(
        conn: &mut AsyncMysqlConnection,
        board_id: i64,
        ids: &[Option<i64>],
    ) -> Result<People, DieselError> {
        let ids: Vec<i64> = ids.iter().flatten().copied().collect();
        Ok(People(queries::member_contacts(conn, board_id, &ids).await?))
    }

    fn get(&self, id: i64) -> Option<&Contact> {
        self.0.iter().find(|contact| contact.id == id)
    }

    pub(crate) fn contacts<const N: usize>(&self, ids: [Option<i64>; N]) -> Vec<Recipient> {
        self.contacts_of(ids.into_iter().flatten())
    }

    /// The members among `ids` as recipients, in that order.
    pub(crate) fn contacts_of(&self, ids: impl IntoIterator<Item = i64>) -> Vec<Recipient> {
        ids.into_iter().filter_map(|id| self.get(id)).map(Contact::recipient).collect()
    }

    fn snapshot(&self, fields: &TaskFields<'_>) -> TaskSnapshot {
        TaskSnapshot {
            title: fields.title.to_owned(),
            description: fields.description.to_owned(),
            status: fields.status,
            deadline: fields.deadline,
            pic: fields.pic_id.and_then(|id| self.get(id)).map(Contact::person),
        }
    }
}

/// The position for a card put between the cards at `previous` and `next` (`None`: the
/// column's start or end), or `None` when they leave no room and the column must be
/// renumbered first.
fn position_between(previous: Option<i64>, next: Option<i64>) -> Option<i64> {
    match (previous, next) {
        (None, None) => Some(POSITION_STEP),
        (Some(previous), None) => Some(previous + POSITION_STEP),
        // The column's top: positions may go below zero (new tasks go there).
        (None, Some(next)) => Some(next - POSITION_STEP),
        (Some(previous), Some(next)) => (next - previous > 1).then(|| previous + (next - previous) / 2),
    }
}

pub fn person(user: &User) -> Person {
    Person { id: user.id, name: user.name.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_goes_between_its_neighbours() {
        assert_eq!(position_between(None, Some(1024)), Some(0));
        assert_eq!(position_between(None, Some(-2048)), Some(-2048 - POSITION_STEP));
        assert_eq!(position_between(Some(1024), Some(2048)), Some(1536));
        assert_eq!(position_between(Some(2048), Some(2050)), Some(2049));
        assert_eq!(position_between(Some(2050), None), Some(2050 + POSITION_STEP));
        assert_eq!(position_between(None, None), Some(POSITION_STEP));
    }

    #[test]
    fn no_room_between_neighbours_asks_for_a_renumbering() {
        assert_eq!(position_between(Some(5), Some(6)), None);
        assert_eq!(position_between(Some(-7), Some(-6)), None);
    }
}
