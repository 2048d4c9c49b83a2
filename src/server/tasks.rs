//! The task write path (DESIGN.md): in one MySQL transaction, lock the task's row, check who is
//! asking and which version they saw, change the row, and record the audit event in the
//! outbox. Anything refused rolls back whole, so a refused write leaves no trace and a
//! successful one always leaves exactly one outbox row.

use super::{
    auth::User,
    db::{
        tasks::{self as queries, Contact, TaskFields, TaskRow, POSITION_STEP},
        Db, Rollback,
    },
    errors::unavailable,
};
use crate::domain::{
    audit::{kind_of_edit, recipients, AuditEvent, AuditKind, FieldChange, TaskSnapshot},
    AppError, Conflict, Deadline, Description, Person, Status, TaskDetails, TaskRoles, TaskTitle,
};
use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncMysqlConnection};

const NO_SUCH_PIC: &str = "Choose a person from the list.";

/// A new task's parsed fields.
pub struct NewTask {
    pub title: TaskTitle,
    pub description: Description,
    pub deadline: Deadline,
    pub pic_id: Option<i64>,
}

/// The supervisor's edit from the task page: every field, parsed.
pub struct TaskEdit {
    pub title: TaskTitle,
    pub description: Description,
    pub deadline: Deadline,
    pub pic_id: Option<i64>,
    pub status: Status,
}

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

/// Creates a task in To do with `actor` as its supervisor. `request_id` (from the form) becomes
/// the audit event's id, so the same form sent twice creates one task: the second attempt
/// hits the outbox's unique key, rolls back, and answers with the first task's id.
pub async fn create(db: &Db, actor: &User, task: NewTask, request_id: String) -> Result<i64, AppError> {
    let actor = actor.clone();
    let event_id = request_id.clone();
    let created = db
        .run(move |mut conn| async move {
            let result = conn
                .transaction::<_, Rollback<AppError>, _>(async |conn| {
                    queries::lock_column(conn, Status::Todo).await?;
                    if let Some(pic_id) = task.pic_id {
                        if !queries::user_exists(conn, pic_id).await? {
                            return Err(Rollback::Refused(AppError::invalid("pic", NO_SUCH_PIC)));
                        }
                    }
                    let fields = TaskFields {
                        title: task.title.as_str(),
                        description: task.description.as_str(),
                        deadline: task.deadline.date(),
                        pic_id: task.pic_id,
                        status: Status::Todo,
                    };
                    let position = queries::last_position(conn, Status::Todo, 0).await?.unwrap_or(0) + POSITION_STEP;
                    let now = now();
                    let id = queries::insert(conn, &fields, position, actor.id, now).await?;
                    let people = People::load(conn, &[Some(actor.id), task.pic_id]).await?;
                    let snapshot = people.snapshot(&fields);
                    let event = AuditEvent {
                        event_id,
                        task_id: id,
                        seq: queries::next_seq(conn, id).await?,
                        task_title: fields.title.to_owned(),
                        kind: AuditKind::Created,
                        actor: person(&actor),
                        at: now,
                        changes: snapshot.creation(),
                        recipients: recipients(people.contacts([task.pic_id]), actor.id),
                    };
                    queries::insert_outbox(conn, &event).await?;
                    Ok(id)
                })
                .await;
            Rollback::split(result)
        })
        .await;
    match created {
        Ok(result) => result,
        Err(super::db::DbError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            // This form was sent before: answer with the task it created.
            match queries::task_of_event(db, request_id).await {
                Ok(Some(id)) => Ok(id),
                Ok(None) => Err(AppError::Unavailable),
                Err(e) => Err(unavailable("finding a repeated task creation", e)),
            }
        }
        Err(e) => Err(unavailable("creating a task", e)),
    }
}

/// Applies the supervisor's edit from the task page. An edit that changes nothing writes nothing.
pub async fn edit(db: &Db, actor: &User, id: i64, version: i32, edit: TaskEdit) -> Result<TaskDetails, AppError> {
    let actor = actor.clone();
    let result = db
        .run(move |mut conn| async move {
            let result = conn
                .transaction::<_, Rollback<AppError>, _>(async |conn| {
                    // The edit may put the card at the end of another column: that column's
                    // lock comes first (whether or not the status changes: nothing may be read
                    // before it, or the transaction's snapshot would predate the lock).
                    queries::lock_column(conn, edit.status).await?;
                    let row = lock_for(conn, id, version, &actor, TaskRoles::can_edit).await?;
                    let new_pic = edit.pic_id;
                    if let Some(pic_id) = new_pic.filter(|pic| Some(*pic) != row.pic_id) {
                        if !queries::user_exists(conn, pic_id).await? {
                            return Err(Rollback::Refused(AppError::invalid("pic", NO_SUCH_PIC)));
                        }
                    }
                    let old_status = row.status()?;
                    let after = TaskFields {
                        title: edit.title.as_str(),
                        description: edit.description.as_str(),
                        deadline: edit.deadline.date(),
                        pic_id: new_pic,
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
                        People::load(conn, &[Some(actor.id), Some(row.supervisor_id), row.pic_id, new_pic]).await?;
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
                    let now = now();
                    queries::update_fields(conn, id, &after, position, actor.id, now).await?;
                    let event = AuditEvent {
                        event_id: new_event_id(),
                        task_id: id,
                        seq: queries::next_seq(conn, id).await?,
                        task_title: after.title.to_owned(),
                        kind: kind_of_edit(&changes),
                        actor: person(&actor),
                        at: now,
                        changes,
                        // A person taken off the task hears about it too.
                        recipients: recipients(
                            people.contacts([Some(row.supervisor_id), new_pic, row.pic_id]),
                            actor.id,
                        ),
                    };
                    queries::insert_outbox(conn, &event).await?;
                    let row = queries::lock(conn, id).await?.ok_or(DieselError::NotFound)?;
                    Ok(queries::details(conn, row).await?)
                })
                .await;
            Rollback::split(result)
        })
        .await;
    result.map_err(|e| unavailable("editing a task", e))?
}

/// Moves a card to column `status` at `place` (the supervisor or the person in charge).
/// Returns the task's new version. A move to where the card already is writes nothing.
pub async fn move_to(
    db: &Db,
    actor: &User,
    id: i64,
    version: i32,
    status: Status,
    place: Place,
) -> Result<i32, AppError> {
    let actor = actor.clone();
    let result = db
        .run(move |mut conn| async move {
            let result = conn
                .transaction::<_, Rollback<AppError>, _>(async |conn| {
                    queries::lock_column(conn, status).await?;
                    let row = lock_for(conn, id, version, &actor, TaskRoles::can_move).await?;
                    let old_status = row.status()?;
                    if matches!(place, Place::KeepOrEnd) && status == old_status {
                        return Ok(row.version);
                    }
                    // The slot: before card `before` when it is in that column, else the end.
                    let before = match place {
                        Place::Before(before) if before != id => queries::place_of(conn, before)
                            .await?
                            .filter(|(column, _)| column == status.as_str())
                            .map(|(_, position)| (position, before)),
                        _ => None,
                    };
                    let previous = match before {
                        Some(next) => queries::position_before(conn, status, next, id).await?,
                        None => queries::last_position(conn, status, id).await?,
                    };
                    // Where the card lands among the others (0-based), worked out only for a
                    // reordering within its column, whose record names both places.
                    let changes = if status == old_status {
                        let old_index = queries::count_before(conn, status, (row.position, row.id), id).await?;
                        let index = match before {
                            Some(next) => queries::count_before(conn, status, next, id).await?,
                            None => queries::column_size(conn, status, id).await?,
                        };
                        if old_index == index {
                            return Ok(row.version);
                        }
                        vec![FieldChange::new(
                            "position",
                            Some((old_index + 1).to_string()),
                            Some((index + 1).to_string()),
                        )]
                    } else {
                        vec![FieldChange::new("status", Some(old_status.label().into()), Some(status.label().into()))]
                    };
                    let position = match position_between(previous, before.map(|(position, _)| position)) {
                        Some(position) => position,
                        None => {
                            // No room left between the neighbours: spread the column out (the
                            // only step that reads the whole column) and place the card again.
                            let mut order = queries::column_order(conn, status, id).await?;
                            queries::renumber(conn, &mut order).await?;
                            let index = match before {
                                Some((_, next)) => {
                                    order.iter().position(|(card, _)| *card == next).unwrap_or(order.len())
                                }
                                None => order.len(),
                            };
                            let previous = index.checked_sub(1).map(|i| order[i].1);
                            let next = order.get(index).map(|(_, position)| *position);
                            position_between(previous, next).expect("renumbered positions leave gaps")
                        }
                    };
                    let now = now();
                    queries::set_place(conn, id, status, position, actor.id, now).await?;
                    // Reordering within a column is recorded but nobody is emailed about it.
                    let concerned = if status == old_status {
                        Vec::new()
                    } else {
                        People::load(conn, &[Some(row.supervisor_id), row.pic_id])
                            .await?
                            .contacts([Some(row.supervisor_id), row.pic_id])
                    };
                    let event = AuditEvent {
                        event_id: new_event_id(),
                        task_id: id,
                        seq: queries::next_seq(conn, id).await?,
                        task_title: row.title.clone(),
                        kind: AuditKind::Moved,
                        actor: person(&actor),
                        at: now,
                        changes,
                        recipients: recipients(concerned, actor.id),
                    };
                    queries::insert_outbox(conn, &event).await?;
                    Ok(row.version + 1)
                })
                .await;
            Rollback::split(result)
        })
        .await;
    result.map_err(|e| unavailable("moving a task", e))?
}

/// Deletes a task. Its audit events stay (the outbox has no foreign key to tasks).
pub async fn delete(db: &Db, actor: &User, id: i64, version: i32) -> Result<(), AppError> {
    let actor = actor.clone();
    let result = db
        .run(move |mut conn| async move {
            let result = conn
                .transaction::<_, Rollback<AppError>, _>(async |conn| {
                    let row = lock_for(conn, id, version, &actor, TaskRoles::can_delete).await?;
                    let people = People::load(conn, &[Some(row.supervisor_id), row.pic_id]).await?;
                    queries::delete(conn, id).await?;
                    let event = AuditEvent {
                        event_id: new_event_id(),
                        task_id: id,
                        seq: queries::next_seq(conn, id).await?,
                        task_title: row.title.clone(),
                        kind: AuditKind::Deleted,
                        actor: person(&actor),
                        at: now(),
                        changes: Vec::new(),
                        recipients: recipients(people.contacts([Some(row.supervisor_id), row.pic_id]), actor.id),
                    };
                    queries::insert_outbox(conn, &event).await?;
                    Ok(())
                })
                .await;
            Rollback::split(result)
        })
        .await;
    result.map_err(|e| unavailable("deleting a task", e))?
}

/// Locks the task and checks, in this order: it exists, `actor` may do this (`allowed`), and
/// it is still at the version the request was based on.
async fn lock_for(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    version: i32,
    actor: &User,
    allowed: impl FnOnce(TaskRoles) -> bool,
) -> Result<TaskRow, Rollback<AppError>> {
    let row = queries::lock(conn, id).await?.ok_or(Rollback::Refused(AppError::NotFound))?;
    if !allowed(TaskRoles::of(actor.id, row.supervisor_id, row.pic_id)) {
        return Err(Rollback::Refused(AppError::Forbidden));
    }
    if row.version != version {
        let current = queries::details(conn, row).await?;
        let changed_by = current.updated_by.as_ref().map_or_else(|| "Someone".to_owned(), |p| p.name.clone());
        return Err(Rollback::Refused(AppError::Conflict(Box::new(Conflict { changed_by, current }))));
    }
    Ok(row)
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

    fn contacts<const N: usize>(&self, ids: [Option<i64>; N]) -> Vec<crate::domain::audit::Recipient> {
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

/// Now, to the microsecond MySQL keeps, so what we write is what we read back.
fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000).unwrap_or(now)
}

/// A random (version 4) UUID, the audit event's id.
pub fn new_event_id() -> String {
    let bits: u128 = rand::random();
    // Set the version (4) and variant (10xx) bits.
    let bits = (bits & !(0xF << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::is_event_id;

    #[test]
    fn event_ids_are_version_4_uuids() {
        for _ in 0..100 {
            let id = new_event_id();
            assert!(is_event_id(&id), "{id}");
            assert_eq!(&id[14..15], "4");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
    }

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
