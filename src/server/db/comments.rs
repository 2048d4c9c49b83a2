//! Queries on `comments`. The write path that combines them with the task's lock and its audit
//! event is `server::comments`.

use super::{
    schema::{board_members, comments, users},
    tasks::last_insert_id,
    Db, DbError,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct CommentRow {
    pub id: i64,
    pub task_id: i64,
    pub author_id: Option<i64>,
    pub body: String,
    pub html: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
}

/// The handles of board `board_id`'s active members, with their ids: who a comment there can
/// mention.
pub async fn member_handles(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<Vec<(String, i64)>> {
    users::table
        .inner_join(board_members::table)
        .filter(board_members::board_id.eq(board_id))
        .filter(users::deactivated_at.is_null())
        .select((users::handle, users::id))
        .load(conn)
        .await
}

pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    task_id: i64,
    author_id: i64,
    body: &str,
    html: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(comments::table)
        .values((
            comments::task_id.eq(task_id),
            comments::author_id.eq(author_id),
            comments::body.eq(body),
            comments::html.eq(html),
            comments::created_at.eq(now),
        ))
        .execute(conn)
        .await?;
    diesel::select(last_insert_id()).get_result(conn).await
}

/// Reads a comment and locks it until the transaction ends.
pub async fn lock(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<Option<CommentRow>> {
    comments::table.find(id).select(CommentRow::as_select()).for_update().first(conn).await.optional()
}

/// Writes an edited comment and bumps its version. The caller holds its lock.
pub async fn update(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    body: &str,
    html: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(comments::table.find(id))
        .set((
            comments::body.eq(body),
            comments::html.eq(html),
            comments::version.eq(comments::version + 1),
            comments::edited_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn delete(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<()> {
    diesel::delete(comments::table.find(id)).execute(conn).await.map(|_| ())
}

/// The task a comment is on (read before a write's transaction, which must lock its task's
/// board first). `None` when there is no such comment.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn task_of(db: &Db, id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        comments::table.find(id).select(comments::task_id).first(&mut conn).await.optional()
    })
    .await
}

/// How many comments one task page lists (oldest first); a conversation longer than that shows
/// its first ones and says there are more.
pub const COMMENTS_SHOWN: i64 = 500;

/// Task `task_id`'s comments, oldest first (at most [`COMMENTS_SHOWN`] + 1), with their
/// authors' names.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn of_task(db: &Db, task_id: i64) -> Result<Vec<(CommentRow, Option<String>)>, DbError> {
    db.run(move |mut conn| async move {
        comments::table
            .left_join(users::table.on(comments::author_id.eq(users::id.nullable())))
            .filter(comments::task_id.eq(task_id))
            .order(comments::id.asc())
            .limit(COMMENTS_SHOWN + 1)
            .select((CommentRow::as_select(), users::name.nullable()))
            .load(&mut conn)
            .await
    })
    .await
}

/// Comment `id` with its author's name, if it exists.
pub async fn find(db: &Db, id: i64) -> Result<Option<(CommentRow, Option<String>)>, DbError> {
    db.run(move |mut conn| async move {
        comments::table
            .left_join(users::table.on(comments::author_id.eq(users::id.nullable())))
            .filter(comments::id.eq(id))
            .select((CommentRow::as_select(), users::name.nullable()))
            .first(&mut conn)
            .await
            .optional()
    })
    .await
}
