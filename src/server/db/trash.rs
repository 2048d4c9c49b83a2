//! Queries on the trash: trashed tasks are rows of `tasks` with `trashed_at` set (the other
//! queries on `tasks` leave them out), read here through the same `tasks_board` index.

use super::{
    schema::{tasks, users},
    Db, DbError,
};
use crate::domain::Status;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// How many trashed tasks the trash page lists (newest first).
pub const TRASH_PAGE: i64 = 200;

/// One trashed task, as its page needs it.
#[derive(Debug, Clone, Queryable)]
pub struct TrashedRow {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub version: i32,
    pub supervisor_id: i64,
    pub pic_id: Option<i64>,
    pub trashed_at: Option<NaiveDateTime>,
    pub trashed_by: Option<String>,
}

/// Board `board_id`'s trash, newest first: at most [`TRASH_PAGE`] + 1 rows (one more says there
/// are more). The caller has checked the viewer is a member.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn trashed_on(db: &Db, board_id: i64) -> Result<Vec<TrashedRow>, DbError> {
    db.run(move |mut conn| async move {
        tasks::table
            .left_join(users::table.on(tasks::trashed_by_id.eq(users::id.nullable())))
            .filter(tasks::board_id.eq(board_id))
            .filter(tasks::trashed_at.is_not_null())
            .order((tasks::trashed_at.desc(), tasks::id.desc()))
            .limit(TRASH_PAGE + 1)
            .select((
                tasks::id,
                tasks::title,
                tasks::status,
                tasks::version,
                tasks::supervisor_id,
                tasks::pic_id,
                tasks::trashed_at,
                users::name.nullable(),
            ))
            .load(&mut conn)
            .await
    })
    .await
}

/// Up to `limit` tasks trashed before `cutoff`, oldest first: the purge's next batch.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn expired(db: &Db, cutoff: NaiveDateTime, limit: i64) -> Result<Vec<i64>, DbError> {
    db.run(move |mut conn| async move {
        tasks::table
            .filter(tasks::trashed_at.lt(cutoff))
            .order((tasks::trashed_at.asc(), tasks::id.asc()))
            .limit(limit)
            .select(tasks::id)
            .load(&mut conn)
            .await
    })
    .await
}
