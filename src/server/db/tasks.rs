//! Queries on `tasks` and `audit_outbox`. The write path that combines them in one transaction
//! is `server::tasks`; these are its steps, each taking the transaction's connection.

use super::{
    schema::{audit_outbox, column_locks, tasks, users},
    Db, DbError,
};
use crate::domain::{audit::Recipient, Person, Status, TaskDetails};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

/// Gap between neighbouring cards' positions, so a card can usually be put between two others
/// by writing only its own row.
pub const POSITION_STEP: i64 = 1024;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub position: i64,
    pub deadline: Option<NaiveDate>,
    pub supervisor_id: i64,
    pub pic_id: Option<i64>,
    pub version: i32,
    pub updated_by_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The fields a write sets, as columns (inserted and updated as they are, a `None` as NULL); the
/// row's id, position, version and timestamps are set beside them.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = tasks)]
#[diesel(treat_none_as_null = true)]
pub struct TaskFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub deadline: Option<NaiveDate>,
    pub pic_id: Option<i64>,
    pub status: Status,
}

/// A user as an email recipient.
#[derive(Debug, Clone, Queryable)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub email: String,
}

impl Contact {
    pub fn person(&self) -> Person {
        Person { id: self.id, name: self.name.clone() }
    }

    pub fn recipient(&self) -> Recipient {
        Recipient { user_id: self.id, name: self.name.clone(), email: self.email.clone() }
    }
}

/// Reads a task and locks its row until the transaction ends, so the version check and the
/// write cannot be split by another writer.
pub async fn lock(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<TaskRow>> {
    tasks::table.find(id).select(TaskRow::as_select()).for_update().first(conn).await.optional()
}

pub async fn contacts(conn: &mut AsyncMysqlConnection, ids: &[i64]) -> QueryResult<Vec<Contact>> {
    users::table.filter(users::id.eq_any(ids)).select((users::id, users::name, users::email)).load(conn).await
}

/// Whether a user exists (a person in charge must).
pub async fn user_exists(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.find(id))).get_result(conn).await
}

/// The row with its people's names, as the task page shows it.
pub async fn details(conn: &mut AsyncMysqlConnection, row: TaskRow) -> QueryResult<TaskDetails> {
    let ids: Vec<i64> = [Some(row.supervisor_id), row.pic_id, row.updated_by_id].into_iter().flatten().collect();
    let people = contacts(conn, &ids).await?;
    let person = |id: Option<i64>| id.and_then(|id| people.iter().find(|p| p.id == id)).map(Contact::person);
    Ok(TaskDetails {
        id: row.id,
        status: row.status,
        supervisor: person(Some(row.supervisor_id)).ok_or(diesel::result::Error::NotFound)?,
        pic: person(row.pic_id),
        updated_by: person(row.updated_by_id),
        title: row.title,
        description: row.description,
        deadline: row.deadline,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn find_details(db: &Db, id: i64) -> Result<Option<TaskDetails>, DbError> {
    db.run(move |mut conn| async move {
        let row = tasks::table.find(id).select(TaskRow::as_select()).first(&mut conn).await.optional()?;
        match row {
            Some(row) => Ok(Some(details(&mut conn, row).await?)),
            None => Ok(None),
        }
    })
    .await
}

/// Everyone who could be put in charge, by name.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn people(db: &Db) -> Result<Vec<Person>, DbError> {
    let rows: Vec<(i64, String)> = db
        .run(|mut conn| async move {
            users::table
                .select((users::id, users::name))
                .order((users::name.asc(), users::id.asc()))
                .load(&mut conn)
                .await
        })
        .await?;
    Ok(rows.into_iter().map(|(id, name)| Person { id, name }).collect())
}

pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    fields: &TaskFields<'_>,
    position: i64,
    supervisor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(tasks::table)
        .values((
            fields,
            tasks::position.eq(position),
            tasks::supervisor_id.eq(supervisor_id),
            tasks::updated_by_id.eq(supervisor_id),
            tasks::created_at.eq(now),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    diesel::select(last_insert_id()).get_result(conn).await
}

diesel::define_sql_function! {
    /// MySQL's id of the row this connection inserted last.
    #[sql_name = "LAST_INSERT_ID"]
    fn last_insert_id() -> diesel::sql_types::BigInt;
}

/// Writes new field values and bumps the version. The caller holds the row lock and has
/// checked the version.
pub async fn update_fields(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    fields: &TaskFields<'_>,
    position: i64,
    actor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(tasks::table.find(id))
        .set((
            fields,
            tasks::position.eq(position),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_by_id.eq(actor_id),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts a task in a column at a position and bumps its version.
pub async fn set_place(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    status: Status,
    position: i64,
    actor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(tasks::table.find(id))
        .set((
            tasks::status.eq(status),
            tasks::position.eq(position),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_by_id.eq(actor_id),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<()> {
    diesel::delete(tasks::table.find(id)).execute(conn).await?;
    Ok(())
}

/// Locks column `status` for the rest of the transaction (see the `column_locks` migration):
/// taken before the task's own lock by every write that places a card.
pub async fn lock_column(conn: &mut AsyncMysqlConnection, status: Status) -> QueryResult<()> {
    column_locks::table
        .find(status.as_str())
        .select(column_locks::status)
        .for_update()
        .first::<String>(conn)
        .await
        .map(|_| ())
}

/// Column `status`'s cards, leaving out `except` (the card being placed; 0 for none): what the
/// placing reads below start from.
fn column_without(status: Status, except: i64) -> tasks::BoxedQuery<'static, diesel::mysql::Mysql> {
    tasks::table.filter(tasks::status.eq(status)).filter(tasks::id.ne(except)).into_boxed()
}

/// The cards of column `status` before the place `(position, id)`, leaving out `except`.
fn earlier_cards(
    status: Status,
    (position, id): (i64, i64),
    except: i64,
) -> tasks::BoxedQuery<'static, diesel::mysql::Mysql> {
    column_without(status, except)
        .filter(tasks::position.lt(position).or(tasks::position.eq(position).and(tasks::id.lt(id))))
}

/// The position of the last card of `cards`: one step down the `(status, position, id)` index.
async fn last_of(
    conn: &mut AsyncMysqlConnection,
    cards: tasks::BoxedQuery<'static, diesel::mysql::Mysql>,
) -> QueryResult<Option<i64>> {
    cards.order((tasks::position.desc(), tasks::id.desc())).select(tasks::position).first(conn).await.optional()
}

/// The last card's position in column `status`, leaving out `except` (0 for none).
pub async fn last_position(conn: &mut AsyncMysqlConnection, status: Status, except: i64) -> QueryResult<Option<i64>> {
    last_of(conn, column_without(status, except)).await
}

/// Where card `id` is: its column and position, or `None` when there is no such card.
pub async fn place_of(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<(Status, i64)>> {
    tasks::table.find(id).select((tasks::status, tasks::position)).first(conn).await.optional()
}

/// The position of the card just before the place `(position, id)` in column `status`,
/// leaving out `except`.
pub async fn position_before(
    conn: &mut AsyncMysqlConnection,
    status: Status,
    place: (i64, i64),
    except: i64,
) -> QueryResult<Option<i64>> {
    last_of(conn, earlier_cards(status, place, except)).await
}

/// How many cards of column `status` come before the place `(position, id)`, leaving out
/// `except` (an index range count; only a reordering within a column needs it, for its record).
pub async fn count_before(
    conn: &mut AsyncMysqlConnection,
    status: Status,
    place: (i64, i64),
    except: i64,
) -> QueryResult<i64> {
    earlier_cards(status, place, except).count().get_result(conn).await
}

/// How many cards column `status` holds, leaving out `except`.
pub async fn column_size(conn: &mut AsyncMysqlConnection, status: Status, except: i64) -> QueryResult<i64> {
    column_without(status, except).count().get_result(conn).await
}

/// The ids of a column's cards in board order, leaving out `except` (the card being moved).
/// Read only to renumber the column, under its lock.
pub async fn column_order(
    conn: &mut AsyncMysqlConnection,
    status: Status,
    except: i64,
) -> QueryResult<Vec<(i64, i64)>> {
    column_without(status, except)
        .order((tasks::position.asc(), tasks::id.asc()))
        .select((tasks::id, tasks::position))
        .load(conn)
        .await
}

/// Spreads a column's positions out again (`POSITION_STEP` apart) when there is no room left
/// between two cards. `order` is the column as [`column_order`] returned it.
pub async fn renumber(conn: &mut AsyncMysqlConnection, order: &mut [(i64, i64)]) -> QueryResult<()> {
    for (index, (id, position)) in order.iter_mut().enumerate() {
        *position = (index as i64 + 1) * POSITION_STEP;
        diesel::update(tasks::table.find(*id)).set(tasks::position.eq(*position)).execute(conn).await?;
    }
    Ok(())
}

/// The task an event was recorded for, if that event exists (a repeated create request).
pub async fn task_of_event(db: &Db, event_id: String) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        audit_outbox::table
            .filter(audit_outbox::event_id.eq(event_id))
            .select(audit_outbox::task_id)
            .first(&mut conn)
            .await
            .optional()
    })
    .await
}
