//! Queries on `csv_imports` (migration 000030): an uploaded CSV file between its preview and
//! its import.

use super::{schema::csv_imports, Db, DbError};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

/// How long an uploaded file waits for its import.
pub const KEPT_FOR: TimeDelta = TimeDelta::days(1);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = csv_imports)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct ImportRow {
    pub id: i64,
    pub board_id: i64,
    pub user_id: i64,
    pub file_name: String,
    pub content: String,
    pub imported_count: Option<i32>,
}

/// Keeps an uploaded file; its id.
pub async fn insert(
    db: &Db,
    board_id: i64,
    user_id: i64,
    file_name: String,
    content: String,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    db.run(move |mut conn| async move {
        diesel::insert_into(csv_imports::table)
            .values((
                csv_imports::board_id.eq(board_id),
                csv_imports::user_id.eq(user_id),
                csv_imports::file_name.eq(file_name),
                csv_imports::content.eq(content),
                csv_imports::created_at.eq(now),
            ))
            .execute(&mut conn)
            .await?;
        diesel::select(super::tasks::last_insert_id()).get_result(&mut conn).await
    })
    .await
}

/// The file `id` of board `board_id` that `user_id` uploaded (nobody else's: an import is its
/// uploader's).
pub async fn find(db: &Db, id: i64, board_id: i64, user_id: i64) -> Result<Option<ImportRow>, DbError> {
    db.run(move |mut conn| async move {
        csv_imports::table
            .filter(csv_imports::id.eq(id))
            .filter(csv_imports::user_id.eq(user_id))
            .filter(csv_imports::board_id.eq(board_id))
            .select(ImportRow::as_select())
            .first(&mut conn)
            .await
            .optional()
    })
    .await
}

/// File `id` of `user_id`, locked for the import's transaction (the same button pressed twice
/// waits here).
pub async fn lock(conn: &mut AsyncMysqlConnection, id: i64, user_id: i64) -> QueryResult<Option<ImportRow>> {
    csv_imports::table
        .filter(csv_imports::id.eq(id))
        .filter(csv_imports::user_id.eq(user_id))
        .select(ImportRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Marks the file imported, with how many tasks it made.
pub async fn mark_imported(conn: &mut AsyncMysqlConnection, id: i64, count: i32) -> QueryResult<()> {
    diesel::update(csv_imports::table.find(id))
        .set(csv_imports::imported_count.eq(count))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes the files uploaded before `before` (housekeeping); how many.
pub async fn forget_old(db: &Db, before: NaiveDateTime) -> Result<usize, DbError> {
    db.run(move |mut conn| async move {
        diesel::delete(csv_imports::table.filter(csv_imports::created_at.lt(before))).execute(&mut conn).await
    })
    .await
}
