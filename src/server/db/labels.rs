//! Queries on `labels` and `task_labels`. The write paths that combine them with the board's
//! lock and an audit event are `server::labels` (a board's labels) and `server::tasks::edit`
//! (a task's).

use super::{
    schema::{labels, task_labels, tasks},
    Db, DbError,
};
use crate::domain::label::{Label, LabelColour};
use chrono::NaiveDateTime;
use diesel::{dsl::count_star, prelude::*};
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

type LabelColumns = (labels::id, labels::name, labels::colour);
const LABEL_COLUMNS: LabelColumns = (labels::id, labels::name, labels::colour);

/// A row of [`LABEL_COLUMNS`] as the pages show it. A colour the constraint would not let in
/// cannot be read; were one there, it is drawn gray rather than failing the page.
fn label((id, name, colour): (i64, String, String)) -> Label {
    Label { id, name, colour: LabelColour::from_stored(&colour).unwrap_or(LabelColour::Gray) }
}

/// Board `board_id`'s labels by name (in the column's collation, as people sort words).
pub async fn of_board(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<Vec<Label>> {
    let rows: Vec<(i64, String, String)> = labels::table
        .filter(labels::board_id.eq(board_id))
        .order((labels::name.asc(), labels::id.asc()))
        .select(LABEL_COLUMNS)
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(label).collect())
}

#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn find_of_board(db: &Db, board_id: i64) -> Result<Vec<Label>, DbError> {
    db.run(move |mut conn| async move { of_board(&mut conn, board_id).await }).await
}

/// Task `task_id`'s labels by name.
pub async fn on_task(conn: &mut AsyncMysqlConnection, task_id: i64) -> QueryResult<Vec<Label>> {
    let rows: Vec<(i64, String, String)> = task_labels::table
        .inner_join(labels::table)
        .filter(task_labels::task_id.eq(task_id))
        .order((labels::name.asc(), labels::id.asc()))
        .select(LABEL_COLUMNS)
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(label).collect())
}

/// Which of `task_ids` carry which labels, as (task, label) pairs: the chips of a board's
/// shown cards in one query over the primary key.
pub async fn on_tasks(conn: &mut AsyncMysqlConnection, task_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if task_ids.is_empty() {
        return Ok(Vec::new());
    }
    task_labels::table
        .filter(task_labels::task_id.eq_any(task_ids))
        .select((task_labels::task_id, task_labels::label_id))
        .load(conn)
        .await
}

/// Puts exactly `label_ids` on task `task_id` (the caller holds the task's lock and checked
/// they are its board's).
pub async fn set_on_task(conn: &mut AsyncMysqlConnection, task_id: i64, label_ids: &[i64]) -> QueryResult<()> {
    diesel::delete(task_labels::table.filter(task_labels::task_id.eq(task_id))).execute(conn).await?;
    if label_ids.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> =
        label_ids.iter().map(|&id| (task_labels::task_id.eq(task_id), task_labels::label_id.eq(id))).collect();
    diesel::insert_into(task_labels::table).values(rows).execute(conn).await.map(|_| ())
}

/// How many tasks on board `board_id`, outside the trash, carry each of its labels (labels on
/// no task are left out).
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn uses(db: &Db, board_id: i64) -> Result<Vec<(i64, i64)>, DbError> {
    db.run(move |mut conn| async move {
        task_labels::table
            .inner_join(tasks::table)
            .filter(tasks::board_id.eq(board_id))
            .filter(tasks::trashed_at.is_null())
            .group_by(task_labels::label_id)
            .select((task_labels::label_id, count_star()))
            .load(&mut conn)
            .await
    })
    .await
}

/// The board a label belongs to (read before a write's transaction); `None`: no such label.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn board_of(db: &Db, id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        labels::table.find(id).select(labels::board_id).first(&mut conn).await.optional()
    })
    .await
}

pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    name: &str,
    colour: LabelColour,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(labels::table)
        .values((
            labels::board_id.eq(board_id),
            labels::name.eq(name),
            labels::colour.eq(colour.as_str()),
            labels::created_at.eq(at),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Label `id` of board `board_id`, if there is one.
pub async fn find_on_board(conn: &mut AsyncMysqlConnection, board_id: i64, id: i64) -> QueryResult<Option<Label>> {
    let row: Option<(i64, String, String)> = labels::table
        .find(id)
        .filter(labels::board_id.eq(board_id))
        .select(LABEL_COLUMNS)
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(label))
}

/// Deletes a label; it comes off its tasks with it (the foreign key cascades).
pub async fn delete(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<()> {
    diesel::delete(labels::table.find(id)).execute(conn).await.map(|_| ())
}
