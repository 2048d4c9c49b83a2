//! The task write path: each write is one [`Db::write`] transaction that locks what it places
//! or changes, checks who is asking and which version they saw, changes the row, and records
//! its audit event. Anything refused rolls back whole, so a refused write leaves no trace and
//! a successful one always leaves exactly one outbox row.

use super::{
    audit::{self, record::now, EventDraft},
    auth::User,
    db::{
        tasks::{self as queries, Contact, TaskFields, TaskRow, POSITION_STEP},
        Db,
    },
    errors::ServerError,
};
use crate::domain::{
    audit::{kind_of_edit, recipients, AuditKind, FieldChange, Recipient, TaskSnapshot},
    AppError, Conflict, NewTask, Person, Status, TaskDetails, TaskEdit, TaskRoles,
};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncMysqlConnection;

const NO_SUCH_PIC: &str = "Choose a person from the list.";

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

pub const TOO_FAST: &str =
    "You are changing tasks faster than your teammates can read the emails. Please wait a minute.";

/// Refuses `actor_id`'s change once their changes that emailed somebody reached
/// `emails_per_minute` in the last minute. An early step of every write (after its column lock:
/// it is the transaction's first plain read), so a refused change writes nothing.
async fn check_pace(conn: &mut AsyncMysqlConnection, actor_id: i64, emails_per_minute: i64) -> Result<(), ServerError> {
    if emails_per_minute == 0 {
        return Ok(()); // no limit (NOTIFYING_WRITES_PER_MINUTE=0)
    }
    let since = now() - chrono::TimeDelta::minutes(1);
    if super::db::outbox::notified_at_least(conn, actor_id, since, emails_per_minute).await? {
        tracing::warn!("change refused: too many emailing changes this minute");
        return Err(AppError::TooMany(TOO_FAST.to_owned()).into());
    }
    Ok(())
}

/// Creates a task in To do with `actor` as its supervisor. The form's request id becomes the
/// audit event's id, so the same form sent twice creates one task: the second attempt hits the
/// outbox's unique key, rolls back, and answers with the first task's id.
#[tracing::instrument(skip_all, fields(user.id = actor.id), err(level = "debug"))]
pub async fn create(db: &Db, actor: &User, emails_per_minute: i64, task: NewTask) -> Result<i64, ServerError> {
    let actor = person(actor);
    let request_id = task.request_id.clone();
    let created = db
        .write(move |conn| {
            Box::pin(async move {
                queries::lock_column(conn, Status::Todo).await?;
                check_pace(conn, actor.id, emails_per_minute).await?;
                check_pic(conn, task.pic_id).await?;
                let fields = TaskFields {
                    title: task.title.as_str(),
                    description: task.description.as_str(),
                    deadline: task.deadline.date(),
                    pic_id: task.pic_id,
                    status: Status::Todo,
                };
                let position = queries::last_position(conn, Status::Todo, 0).await?.unwrap_or(0) + POSITION_STEP;
                let id = queries::insert(conn, &fields, position, actor.id, now()).await?;
                let people = People::load(conn, &[Some(actor.id), task.pic_id]).await?;
                audit::record(
                    conn,
                    EventDraft {
                        event_id: Some(task.request_id.clone()),
                        task_id: id,
                        task_title: fields.title.to_owned(),
                        kind: AuditKind::Created,
                        changes: people.snapshot(&fields).creation(),
                        recipients: recipients(people.contacts([task.pic_id]), actor.id),
                        actor,
                    },
                )
                .await?;
                Ok(id)
            })
        })
        .await;
    match created {
        Err(ServerError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            // This form was sent before: answer with the task it created.
            queries::task_of_event(db, request_id).await?.ok_or(ServerError::Answer(AppError::Unavailable))
        }
        other => other,
    }
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
    db.write(move |conn| {
        Box::pin(async move {
            // The edit may put the card at the end of another column: that column's lock comes
            // first (whether or not the status changes: nothing may be read before it, or the
            // transaction's snapshot would predate the lock).
            queries::lock_column(conn, edit.status).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let row = lock_for(conn, id, version, actor.id, TaskRoles::can_edit).await?;
            if edit.pic_id != row.pic_id {
                check_pic(conn, edit.pic_id).await?;
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
                People::load(conn, &[Some(actor.id), Some(row.supervisor_id), row.pic_id, edit.pic_id]).await?;
            let changes = people.snapshot(&before).changes_to(&people.snapshot(&after));
            if changes.is_empty() {
                return Ok(queries::details(conn, row).await?);
            }
            // A card that changes column goes to the end of its new column.
            let position = if after.status == old_status {
                row.position
            } else {
                queries::last_position(conn, after.status, id).await?.unwrap_or(0) + POSITION_STEP
            };
            queries::update_fields(conn, id, &after, position, actor.id, now()).await?;
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
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
    db.write(move |conn| {
        Box::pin(async move {
            queries::lock_column(conn, status).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let row = lock_for(conn, id, version, actor.id, TaskRoles::can_move).await?;
            let old_status = row.status;
            if matches!(place, Place::KeepOrEnd) && status == old_status {
                return Ok(row.version);
            }
            let before = card_to_go_before(conn, place, status, id).await?;
            let Some(changes) = what_the_move_changes(conn, &row, old_status, status, before).await? else {
                return Ok(row.version);
            };
            let position = free_position(conn, status, id, before).await?;
            queries::set_place(conn, id, status, position, actor.id, now()).await?;
            // Reordering within a column is recorded, but nobody is emailed about it.
            let concerned = if status == old_status {
                Vec::new()
            } else {
                let people = [Some(row.supervisor_id), row.pic_id];
                People::load(conn, &people).await?.contacts(people)
            };
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
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
/// is in column `status`; otherwise none (the column's end).
async fn card_to_go_before(
    conn: &mut AsyncMysqlConnection,
    place: Place,
    status: Status,
    id: i64,
) -> Result<Option<(i64, i64)>, DieselError> {
    let Place::Before(next) = place else { return Ok(None) };
    if next == id {
        return Ok(None);
    }
    Ok(queries::place_of(conn, next)
        .await?
        .filter(|(column, _)| *column == status)
        .map(|(_, position)| (position, next)))
}

/// The move's record: the status change between columns; within a column, the card's place
/// before and after (1-based; counted only for a reordering, whose record names both).
/// `None` when the card would land where it is.
async fn what_the_move_changes(
    conn: &mut AsyncMysqlConnection,
    row: &TaskRow,
    old_status: Status,
    status: Status,
    before: Option<(i64, i64)>,
) -> Result<Option<Vec<FieldChange>>, DieselError> {
    if status != old_status {
        return Ok(Some(vec![FieldChange::new(
            "status",
            Some(old_status.label().into()),
            Some(status.label().into()),
        )]));
    }
    let old_index = queries::count_before(conn, status, (row.position, row.id), row.id).await?;
    let index = match before {
        Some(next) => queries::count_before(conn, status, next, row.id).await?,
        None => queries::column_size(conn, status, row.id).await?,
    };
    Ok((old_index != index)
        .then(|| vec![FieldChange::new("position", Some((old_index + 1).to_string()), Some((index + 1).to_string()))]))
}

/// A position for card `id` in column `status` just before `before` (or at the end). When its
/// neighbours leave no room, the column is spread out first: the only step that reads the whole
/// column.
async fn free_position(
    conn: &mut AsyncMysqlConnection,
    status: Status,
    id: i64,
    before: Option<(i64, i64)>,
) -> Result<i64, DieselError> {
    let previous = match before {
        Some(next) => queries::position_before(conn, status, next, id).await?,
        None => queries::last_position(conn, status, id).await?,
    };
    if let Some(position) = position_between(previous, before.map(|(position, _)| position)) {
        return Ok(position);
    }
    let mut order = queries::column_order(conn, status, id).await?;
    queries::renumber(conn, &mut order).await?;
    let index = match before {
        Some((_, next)) => order.iter().position(|(card, _)| *card == next).unwrap_or(order.len()),
        None => order.len(),
    };
    let previous = index.checked_sub(1).map(|i| order[i].1);
    let next = order.get(index).map(|(_, position)| *position);
    Ok(position_between(previous, next).expect("renumbered positions leave gaps"))
}

/// Deletes a task. Its audit events stay (the outbox has no foreign key to tasks).
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, emails_per_minute: i64, id: i64, version: i32) -> Result<(), ServerError> {
    let actor = person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let row = lock_for(conn, id, version, actor.id, TaskRoles::can_delete).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let people = [Some(row.supervisor_id), row.pic_id];
            let concerned = People::load(conn, &people).await?.contacts(people);
            queries::delete(conn, id).await?;
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id: id,
                    task_title: row.title,
                    kind: AuditKind::Deleted,
                    changes: Vec::new(),
                    recipients: recipients(concerned, actor.id),
                    actor,
                },
            )
            .await?;
            Ok(())
        })
    })
    .await
}

/// Locks the task and checks, in this order: it exists, the actor may do this (`allowed`), and
/// it is still at the version the request was based on.
async fn lock_for(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    version: i32,
    actor_id: i64,
    allowed: impl FnOnce(TaskRoles) -> bool,
) -> Result<TaskRow, ServerError> {
    let row = queries::lock(conn, id).await?.ok_or(AppError::NotFound)?;
    if !allowed(TaskRoles::of(actor_id, row.supervisor_id, row.pic_id)) {
        return Err(AppError::Forbidden.into());
    }
    if row.version != version {
        let current = queries::details(conn, row).await?;
        let changed_by = current.updated_by.as_ref().map_or_else(|| "Someone".to_owned(), |p| p.name.clone());
        return Err(AppError::Conflict(Box::new(Conflict { changed_by, current })).into());
    }
    Ok(row)
}

/// A person put in charge must exist.
async fn check_pic(conn: &mut AsyncMysqlConnection, pic_id: Option<i64>) -> Result<(), ServerError> {
    match pic_id {
        Some(pic_id) if !queries::user_exists(conn, pic_id).await? => Err(AppError::invalid("pic", NO_SUCH_PIC).into()),
        _ => Ok(()),
    }
}

/// The users an event mentions, loaded in one query.
struct People(Vec<Contact>);

impl People {
    async fn load(conn: &mut AsyncMysqlConnection, ids: &[Option<i64>]) -> Result<People, DieselError> {
        let ids: Vec<i64> = ids.iter().flatten().copied().collect();
        Ok(People(queries::contacts(conn, &ids).await?))
    }

    fn get(&self, id: i64) -> Option<&Contact> {
        self.0.iter().find(|contact| contact.id == id)
    }

    fn contacts<const N: usize>(&self, ids: [Option<i64>; N]) -> Vec<Recipient> {
        ids.into_iter().flatten().filter_map(|id| self.get(id)).map(Contact::recipient).collect()
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
        (previous, Some(next)) => {
            let previous = previous.unwrap_or(0);
            (next - previous > 1).then(|| previous + (next - previous) / 2)
        }
    }
}

fn person(user: &User) -> Person {
    Person { id: user.id, name: user.name.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_goes_between_its_neighbours() {
        assert_eq!(position_between(None, Some(1024)), Some(512));
        assert_eq!(position_between(Some(1024), Some(2048)), Some(1536));
        assert_eq!(position_between(Some(2048), Some(2050)), Some(2049));
        assert_eq!(position_between(Some(2050), None), Some(2050 + POSITION_STEP));
        assert_eq!(position_between(None, None), Some(POSITION_STEP));
    }

    #[test]
    fn no_room_between_neighbours_asks_for_a_renumbering() {
        assert_eq!(position_between(Some(5), Some(6)), None);
        assert_eq!(position_between(None, Some(1)), None);
    }
}
