//! Queries on `checklist_items` and the checklist counters on `tasks`. The write path that
//! combines them with the task's lock and its audit event is `server::checklist`.

use super::{
    schema::{checklist_items, tasks},
    Db, DbError,
};
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = checklist_items)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct ItemRow {
    pub id: i64,
    pub task_id: i64,
    pub text: String,
    pub done: bool,
    pub position: i32,
    pub version: i32,
    pub updated_by_id: Option<i64>,
}

/// Task `task_id`'s items in their order.
pub async fn items_of(conn: &mut AsyncMysqlConnection, task_id: i64) -> QueryResult<Vec<ItemRow>> {
    checklist_items::table
        .filter(checklist_items::task_id.eq(task_id))
        .order((checklist_items::position.asc(), checklist_items::id.asc()))
        .select(ItemRow::as_select())
        .load(conn)
        .await
}

#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn find_items(db: &Db, task_id: i64) -> Result<Vec<ItemRow>, DbError> {
    db.run(move |mut conn| async move { items_of(&mut conn, task_id).await }).await
}

/// The task an item is on (read before a write's transaction); `None`: no such item.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn task_of(db: &Db, id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        checklist_items::table.find(id).select(checklist_items::task_id).first(&mut conn).await.optional()
    })
    .await
}

pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    task_id: i64,
    text: &str,
    position: i32,
    actor_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(checklist_items::table)
        .values((
            checklist_items::task_id.eq(task_id),
            checklist_items::text.eq(text),
            checklist_items::position.eq(position),
            checklist_items::updated_by_id.eq(actor_id),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Reads an item and locks it until the transaction ends.
pub async fn lock(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<ItemRow>> {
    checklist_items::table.find(id).select(ItemRow::as_select()).for_update().first(conn).await.optional()
}

/// Ticks or unticks an item and bumps its version.
pub async fn set_done(conn: &mut AsyncMysqlConnection, id: i64, done: bool, actor_id: i64) -> QueryResult<()> {
    diesel::update(checklist_items::table.find(id))
        .set((
            checklist_items::done.eq(done),
            checklist_items::version.eq(checklist_items::version + 1),
            checklist_items::updated_by_id.eq(actor_id),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn rename(conn: &mut AsyncMysqlConnection, id: i64, text: &str, actor_id: i64) -> QueryResult<()> {
    diesel::update(checklist_items::table.find(id))
        .set((
            checklist_items::text.eq(text),
            checklist_items::version.eq(checklist_items::version + 1),
            checklist_items::updated_by_id.eq(actor_id),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Puts an item at `position` and bumps its version (a reordering swaps two).
pub async fn set_position(conn: &mut AsyncMysqlConnection, id: i64, position: i32, actor_id: i64) -> QueryResult<()> {
    diesel::update(checklist_items::table.find(id))
        .set((
            checklist_items::position.eq(position),
            checklist_items::version.eq(checklist_items::version + 1),
            checklist_items::updated_by_id.eq(actor_id),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn delete(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<()> {
    diesel::delete(checklist_items::table.find(id)).execute(conn).await.map(|_| ())
}

/// Writes the card's counters from the items as they now are (the caller holds the task's lock).
pub async fn recount(conn: &mut AsyncMysqlConnection, task_id: i64) -> QueryResult<()> {
    let items = checklist_items::table.filter(checklist_items::task_id.eq(task_id));
    let total: i64 = items.count().get_result(conn).await?;
    let done: i64 = items.filter(checklist_items::done.eq(true)).count().get_result(conn).await?;
    // At most CHECKLIST_MAX_ITEMS items: the counts fit.
    diesel::update(tasks::table.find(task_id))
        .set((tasks::checklist_done.eq(done as i16), tasks::checklist_total.eq(total as i16)))
        .execute(conn)
        .await
        .map(|_| ())
}
