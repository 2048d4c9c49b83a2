//! Queries on `tasks` and `audit_outbox`. The write path that combines them in one transaction
//! is `server::tasks`; these are its steps, each taking the transaction's connection.

use super::{
    schema::{audit_outbox, board_members, column_locks, tasks, users},
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
    pub board_id: i64,
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

/// One column of one board: what a write that places a card locks, and where it reads the
/// neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub board_id: i64,
    pub status: Status,
}

impl Column {
    pub fn new(board_id: i64, status: Status) -> Column {
        Column { board_id, status }
    }
}

/// The columns of a [`Contact`].
#[allow(clippy::type_complexity)]
fn contact_columns() -> (
    users::id,
    users::name,
    users::email,
    users::locale,
    users::time_zone,
    users::email_mode,
    diesel::dsl::IsNotNull<users::email_verified_at>,
) {
    (
        users::id,
        users::name,
        users::email,
        users::locale,
        users::time_zone,
        users::email_mode,
        users::email_verified_at.is_not_null(),
    )
}

/// A user as an email recipient.
#[derive(Debug, Clone, Queryable)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// `None`: follows the browser (an email to them is in English).
    pub locale: Option<String>,
    pub time_zone: String,
    /// `users.email_mode`: `every`, `digest` or `never`.
    pub email_mode: String,
    pub verified: bool,
}

impl Contact {
    pub fn person(&self) -> Person {
        Person { id: self.id, name: self.name.clone() }
    }

    pub fn recipient(&self) -> Recipient {
        Recipient {
            user_id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            locale: self.locale.as_deref().and_then(|code| code.parse().ok()),
            time_zone: Some(self.time_zone.clone()),
            mail_each_change: self.verified && self.email_mode == "every",
        }
    }
}

/// Reads a task on its board (not in the trash) and locks its row until the transaction ends,
/// so the version check and the write cannot be split by another writer.
pub async fn lock(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<TaskRow>> {
    tasks::table
        .find(id)
        .filter(tasks::trashed_at.is_null())
        .select(TaskRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Reads a task in the trash and locks its row, with when it was put there.
pub async fn lock_trashed(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<(TaskRow, NaiveDateTime)>> {
    let found: Option<(TaskRow, Option<NaiveDateTime>)> = tasks::table
        .find(id)
        .filter(tasks::trashed_at.is_not_null())
        .select((TaskRow::as_select(), tasks::trashed_at))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(found.and_then(|(row, at)| Some((row, at?))))
}

pub async fn contacts(conn: &mut AsyncMysqlConnection, ids: &[i64]) -> QueryResult<Vec<Contact>> {
    users::table.filter(users::id.eq_any(ids)).select(contact_columns()).load(conn).await
}

/// Those of `ids` who may be told about board `board_id`: its members whose accounts are
/// active. Each one's inbox hears of it; only a verified address is emailed
/// ([`Contact::recipient`]).
pub async fn member_contacts(conn: &mut AsyncMysqlConnection, board_id: i64, ids: &[i64]) -> QueryResult<Vec<Contact>> {
    users::table
        .inner_join(board_members::table)
        .filter(board_members::board_id.eq(board_id))
        .filter(users::id.eq_any(ids))
        .filter(users::deactivated_at.is_null())
        .select(contact_columns())
        .load(conn)
        .await
}

/// Whether `user_id` is still to be emailed each change about board `board_id` when a burst
/// of them is sent: an active member, with a verified address, whose setting is every change.
pub async fn mailed_each_change(conn: &mut AsyncMysqlConnection, user_id: i64, board_id: i64) -> QueryResult<bool> {
    let found: i64 = users::table
        .inner_join(board_members::table)
        .filter(users::id.eq(user_id))
        .filter(board_members::board_id.eq(board_id))
        .filter(users::deactivated_at.is_null())
        .filter(users::email_verified_at.is_not_null())
        .filter(users::email_mode.eq("every"))
        .count()
        .get_result(conn)
        .await?;
    Ok(found > 0)
}

/// The row with its people's names and its labels, as the task page shows it.
pub async fn details(conn: &mut AsyncMysqlConnection, row: TaskRow) -> QueryResult<TaskDetails> {
    let ids: Vec<i64> = [Some(row.supervisor_id), row.pic_id, row.updated_by_id].into_iter().flatten().collect();
    let people = contacts(conn, &ids).await?;
    let person = |id: Option<i64>| id.and_then(|id| people.iter().find(|p| p.id == id)).map(Contact::person);
    let labels = super::labels::on_task(conn, row.id).await?;
    Ok(TaskDetails {
        id: row.id,
        board_id: row.board_id,
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
        labels,
    })
}

/// A task on its board; one in the trash is not found (the trash page lists it).
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn find_details(db: &Db, id: i64) -> Result<Option<TaskDetails>, DbError> {
    db.run(move |mut conn| async move {
        let row = tasks::table
            .find(id)
            .filter(tasks::trashed_at.is_null())
            .select(TaskRow::as_select())
            .first(&mut conn)
            .await
            .optional()?;
        match row {
            Some(row) => Ok(Some(details(&mut conn, row).await?)),
            None => Ok(None),
        }
    })
    .await
}

pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    fields: &TaskFields<'_>,
    position: i64,
    supervisor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(tasks::table)
        .values((
            fields,
            tasks::board_id.eq(board_id),
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

/// The tasks of a board that `user_id` is in charge of, locked (latest committed rows).
pub async fn lock_in_charge_of(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    user_id: i64,
) -> QueryResult<Vec<TaskRow>> {
    tasks::table
        .filter(tasks::pic_id.eq(user_id))
        .filter(tasks::board_id.eq(board_id))
        .order(tasks::id.asc())
        .select(TaskRow::as_select())
        .for_update()
        .load(conn)
        .await
}

/// Every task of a board, locked.
pub async fn lock_all_of(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<Vec<TaskRow>> {
    tasks::table
        .filter(tasks::board_id.eq(board_id))
        .order(tasks::id.asc())
        .select(TaskRow::as_select())
        .for_update()
        .load(conn)
        .await
}

/// Takes the person in charge off a task and bumps its version. The caller holds the row lock.
pub async fn clear_pic(conn: &mut AsyncMysqlConnection, id: i64, actor_id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(tasks::table.find(id))
        .set((
            tasks::pic_id.eq(None::<i64>),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_by_id.eq(actor_id),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes a task for good (a purge, or its board's deletion): its comments, labels and
/// checklist go with it (their foreign keys cascade); its audit events stay.
pub async fn delete(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<()> {
    diesel::delete(tasks::table.find(id)).execute(conn).await?;
    Ok(())
}

/// Puts a task in its board's trash (`Some(now)`) or takes it out (`None`), and bumps its
/// version. It keeps its column and position, so a restored card comes back where it was. The
/// caller holds the row lock.
pub async fn set_trashed(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    trashed: Option<NaiveDateTime>,
    actor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(tasks::table.find(id))
        .set((
            tasks::trashed_at.eq(trashed),
            tasks::trashed_by_id.eq(trashed.map(|_| actor_id)),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_by_id.eq(actor_id),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Locks a board's column for the rest of the transaction (see the `column_locks` migrations):
/// taken before the task's own lock, and before any plain read, by every write that places a
/// card. No such column (the board was deleted meanwhile) is `NotFound`.
pub async fn lock_column(conn: &mut AsyncMysqlConnection, column: Column) -> QueryResult<()> {
    column_locks::table
        .find((column.board_id, column.status.as_str()))
        .select(column_locks::status)
        .for_update()
        .first::<String>(conn)
        .await
        .map(|_| ())
}

/// The column's cards, leaving out `except` (the card being placed; 0 for none): what the
/// placing reads below start from.
fn column_without(column: Column, except: i64) -> tasks::BoxedQuery<'static, diesel::mysql::Mysql> {
    tasks::table
        .filter(tasks::board_id.eq(column.board_id))
        .filter(tasks::trashed_at.is_null())
        .filter(tasks::status.eq(column.status))
        .filter(tasks::id.ne(except))
        .into_boxed()
}

/// The column's cards before the place `(position, id)`, leaving out `except`.
fn earlier_cards(
    column: Column,
    (position, id): (i64, i64),
    except: i64,
) -> tasks::BoxedQuery<'static, diesel::mysql::Mysql> {
    column_without(column, except)
        .filter(tasks::position.lt(position).or(tasks::position.eq(position).and(tasks::id.lt(id))))
}

/// The position of the last card of `cards`: one step down the `(board_id, status, position, id)`
/// index.
async fn last_of(
    conn: &mut AsyncMysqlConnection,
    cards: tasks::BoxedQuery<'static, diesel::mysql::Mysql>,
) -> QueryResult<Option<i64>> {
    cards.order((tasks::position.desc(), tasks::id.desc())).select(tasks::position).first(conn).await.optional()
}

/// The last card's position in the column, leaving out `except` (0 for none).
pub async fn last_position(conn: &mut AsyncMysqlConnection, column: Column, except: i64) -> QueryResult<Option<i64>> {
    last_of(conn, column_without(column, except)).await
}

/// The first card's position in the column: where a new task goes in front of.
pub async fn first_position(conn: &mut AsyncMysqlConnection, column: Column) -> QueryResult<Option<i64>> {
    column_without(column, 0)
        .order((tasks::position.asc(), tasks::id.asc()))
        .select(tasks::position)
        .first(conn)
        .await
        .optional()
}

/// Where card `id` is: its column and position, or `None` when there is no such card on a
/// board (a trashed one has no place).
pub async fn place_of(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<(Column, i64)>> {
    place_where(conn, id, false).await
}

/// The column and position of task `id` if it is in the trash (`trashed`) or on its board.
async fn place_where(conn: &mut AsyncMysqlConnection, id: i64, trashed: bool) -> QueryResult<Option<(Column, i64)>> {
    let mut query = tasks::table.find(id).select((tasks::board_id, tasks::status, tasks::position)).into_boxed();
    query =
        if trashed { query.filter(tasks::trashed_at.is_not_null()) } else { query.filter(tasks::trashed_at.is_null()) };
    let place: Option<(i64, Status, i64)> = query.first(conn).await.optional()?;
    Ok(place.map(|(board_id, status, position)| (Column::new(board_id, status), position)))
}

/// Where trashed task `id` goes back to: its column and position, or `None` when it is not in
/// the trash. Read before the restore's transaction, which must take the column's lock first.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn trashed_place(db: &Db, id: i64) -> Result<Option<(Column, i64)>, DbError> {
    db.run(move |mut conn| async move { place_where(&mut conn, id, true).await }).await
}

/// The position of the card just before the place `(position, id)` in the column, leaving out
/// `except`.
pub async fn position_before(
    conn: &mut AsyncMysqlConnection,
    column: Column,
    place: (i64, i64),
    except: i64,
) -> QueryResult<Option<i64>> {
    last_of(conn, earlier_cards(column, place, except)).await
}

/// How many of the column's cards come before the place `(position, id)`, leaving out
/// `except` (an index range count; only a reordering within a column needs it, for its record).
pub async fn count_before(
    conn: &mut AsyncMysqlConnection,
    column: Column,
    place: (i64, i64),
    except: i64,
) -> QueryResult<i64> {
    earlier_cards(column, place, except).count().get_result(conn).await
}

/// How many cards the column holds, leaving out `except`.
pub async fn column_size(conn: &mut AsyncMysqlConnection, column: Column, except: i64) -> QueryResult<i64> {
    column_without(column, except).count().get_result(conn).await
}

/// The ids of a column's cards in board order, leaving out `except` (the card being moved).
/// Read only to renumber the column, under its lock.
pub async fn column_order(
    conn: &mut AsyncMysqlConnection,
    column: Column,
    except: i64,
) -> QueryResult<Vec<(i64, i64)>> {
    column_without(column, except)
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

/// The task an event was recorded for and the event as recorded (its outbox payload, JSON), if
/// that event exists: a create request sent again.
pub async fn event_of_request(db: &Db, event_id: String) -> Result<Option<(i64, String)>, DbError> {
    db.run(move |mut conn| async move {
        audit_outbox::table
            .filter(audit_outbox::event_id.eq(event_id))
            .select((audit_outbox::task_id, audit_outbox::payload))
            .first(&mut conn)
            .await
            .optional()
    })
    .await
}
