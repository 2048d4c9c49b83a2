//! Queries on `boards` and `board_members`: which boards a user belongs to, in which role, and
//! who a board's members are. (The board's cards are `db::board`.) The write path that uses the
//! transaction-step functions is `server::boards`.

use super::{
    schema::{audit_outbox, board_members, boards, column_locks, tasks, users},
    Db, DbError,
};
use crate::domain::{BoardHeader, BoardInfo, BoardListing, BoardRole, Member, Status};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

/// Locks board `board_id`'s row until the transaction ends, shared (`exclusive: false`) or
/// exclusive; `false` when there is no such board. Every write on a board takes it first
/// (after its column lock, if it places a card): task writes shared, so they run side by side;
/// changes to the board or its members exclusive, so none of them runs while a task write is
/// in flight, and what a task write reads about members (who may be put in charge, emailed)
/// cannot change under it. It also orders a board's own audit events.
/// (Written out: MariaDB knows `LOCK IN SHARE MODE`, not diesel's `FOR SHARE`.)
pub async fn lock_board(conn: &mut AsyncMysqlConnection, board_id: i64, exclusive: bool) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        #[allow(dead_code)]
        id: i64,
    }
    let mode = if exclusive { "FOR UPDATE" } else { "LOCK IN SHARE MODE" };
    let locked: Vec<Locked> = diesel::sql_query(format!("SELECT id FROM boards WHERE id = ? {mode}"))
        .bind::<diesel::sql_types::BigInt, _>(board_id)
        .load(conn)
        .await?;
    Ok(!locked.is_empty())
}

/// `user_id`'s role on `board_id`, or `None` when they are not a member (or there is no such
/// board: the two look the same to everyone, on purpose).
pub async fn role_of(conn: &mut AsyncMysqlConnection, board_id: i64, user_id: i64) -> QueryResult<Option<BoardRole>> {
    board_members::table.find((board_id, user_id)).select(board_members::role).first::<BoardRole>(conn).await.optional()
}

/// A board's name (the caller holds its lock, so it exists).
pub async fn name_of(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<String> {
    boards::table.find(board_id).select(boards::name).first(conn).await
}

/// The ids of the board's admins.
pub async fn admins(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<Vec<i64>> {
    board_members::table
        .filter(board_members::board_id.eq(board_id))
        .filter(board_members::role.eq(BoardRole::Admin))
        .select(board_members::user_id)
        .load(conn)
        .await
}

pub async fn remove_member(conn: &mut AsyncMysqlConnection, board_id: i64, user_id: i64) -> QueryResult<()> {
    diesel::delete(board_members::table.find((board_id, user_id))).execute(conn).await.map(|_| ())
}

pub async fn set_role(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    user_id: i64,
    role: BoardRole,
) -> QueryResult<()> {
    diesel::update(board_members::table.find((board_id, user_id)))
        .set(board_members::role.eq(role))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The board as a member sees it named, or `None` for anyone else.
pub async fn info_for(conn: &mut AsyncMysqlConnection, board_id: i64, user_id: i64) -> QueryResult<Option<BoardInfo>> {
    boards::table
        .inner_join(board_members::table)
        .filter(boards::id.eq(board_id))
        .filter(board_members::user_id.eq(user_id))
        .select((boards::id, boards::name, board_members::role))
        .first::<(i64, String, BoardRole)>(conn)
        .await
        .optional()
        .map(|row| row.map(|(id, name, role)| BoardInfo { id, name, role }))
}

#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn find_info(db: &Db, board_id: i64, user_id: i64) -> Result<Option<BoardInfo>, DbError> {
    db.run(move |mut conn| async move { info_for(&mut conn, board_id, user_id).await }).await
}

/// The boards `user_id` is a member of, by name, each with its open (not Done) tasks counted.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn listings(db: &Db, user_id: i64) -> Result<Vec<BoardListing>, DbError> {
    db.run(move |mut conn| async move {
        let mine: Vec<(i64, String, BoardRole)> = boards::table
            .inner_join(board_members::table)
            .filter(board_members::user_id.eq(user_id))
            .select((boards::id, boards::name, board_members::role))
            .order((boards::name.asc(), boards::id.asc()))
            .load(&mut conn)
            .await?;
        let ids: Vec<i64> = mine.iter().map(|(id, _, _)| *id).collect();
        // Three index range counts per board (To do, In progress, In review) over `tasks_board`.
        let open: Vec<(i64, i64)> = tasks::table
            .filter(tasks::board_id.eq_any(&ids))
            .filter(tasks::trashed_at.is_null())
            .filter(tasks::status.ne(Status::Done))
            .group_by(tasks::board_id)
            .select((tasks::board_id, diesel::dsl::count_star()))
            .load(&mut conn)
            .await?;
        Ok(mine
            .into_iter()
            .map(|(id, name, role)| {
                let open_tasks = open.iter().find(|(board, _)| *board == id).map_or(0, |(_, n)| *n);
                BoardListing { id, name, open_tasks, role }
            })
            .collect())
    })
    .await
}

/// A board's members by name (then id, so the order is stable); deactivated accounts are left
/// out (of the members page and of every person picker).
pub async fn members_of(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<Vec<Member>> {
    let rows: Vec<(i64, String, String, String, BoardRole)> = board_members::table
        .inner_join(users::table)
        .filter(board_members::board_id.eq(board_id))
        .filter(users::deactivated_at.is_null())
        .select((users::id, users::name, users::email, users::handle, board_members::role))
        .order((users::name.asc(), users::id.asc()))
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, name, email, handle, role)| Member { id, name, email, handle, role }).collect())
}

#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn members(db: &Db, board_id: i64) -> Result<Vec<Member>, DbError> {
    db.run(move |mut conn| async move { members_of(&mut conn, board_id).await }).await
}

/// The board a task is on, read outside the write's transaction: a task never changes board,
/// and the write must take its column lock before it reads anything (see `lock_column`).
/// `None` when there is no such task.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn board_of_task(db: &Db, task_id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        tasks::table.find(task_id).select(tasks::board_id).first(&mut conn).await.optional()
    })
    .await
}

/// The board a task's history belongs to, from its first audit event (still there after the
/// task is deleted). `None` when the task never had an event.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn board_of_history(db: &Db, task_id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        audit_outbox::table
            .filter(audit_outbox::task_id.eq(task_id))
            .order(audit_outbox::id.asc())
            .select(audit_outbox::board_id)
            .first::<Option<i64>>(&mut conn)
            .await
            .optional()
            .map(Option::flatten)
    })
    .await
}

/// Creates a board with its column locks and `admin_id` as its admin; returns its id.
pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    name: &str,
    admin_id: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(boards::table)
        .values((boards::name.eq(name), boards::created_at.eq(now), boards::updated_at.eq(now)))
        .execute(conn)
        .await?;
    let id = diesel::select(super::tasks::last_insert_id()).get_result(conn).await?;
    let locks: Vec<_> = Status::ALL
        .iter()
        .map(|status| (column_locks::board_id.eq(id), column_locks::status.eq(status.as_str())))
        .collect();
    diesel::insert_into(column_locks::table).values(locks).execute(conn).await?;
    add_member(conn, id, admin_id, BoardRole::Admin, now).await?;
    Ok(id)
}

pub async fn add_member(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    user_id: i64,
    role: BoardRole,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(board_members::table)
        .values((
            board_members::board_id.eq(board_id),
            board_members::user_id.eq(user_id),
            board_members::role.eq(role),
            board_members::joined_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// For a member, the board's header (name, their role, the members); `None` for anyone else.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn header(db: &Db, board_id: i64, user_id: i64) -> Result<Option<BoardHeader>, DbError> {
    db.run(move |mut conn| async move {
        let Some(board) = info_for(&mut conn, board_id, user_id).await? else { return Ok(None) };
        let members = members_of(&mut conn, board_id).await?;
        Ok(Some(BoardHeader { board, members }))
    })
    .await
}

/// Remembers the board `user_id` opened last, for `/`.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn remember_opened(db: &Db, user_id: i64, board_id: i64) -> Result<(), DbError> {
    db.run(move |mut conn| async move {
        diesel::update(users::table.find(user_id))
            .set(users::last_board_id.eq(board_id))
            .execute(&mut conn)
            .await
            .map(|_| ())
    })
    .await
}

/// Where `/` takes `user_id`: the board they opened last, if they are still a member of it.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn home_board(db: &Db, user_id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        users::table
            .inner_join(board_members::table.on(
                board_members::user_id.eq(users::id).and(users::last_board_id.eq(board_members::board_id.nullable())),
            ))
            .filter(users::id.eq(user_id))
            .select(board_members::board_id)
            .first(&mut conn)
            .await
            .optional()
    })
    .await
}

pub async fn rename(conn: &mut AsyncMysqlConnection, board_id: i64, name: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(boards::table.find(board_id))
        .set((boards::name.eq(name), boards::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes the board row; its members, invitations and column locks go with it (foreign keys
/// on delete cascade). Its tasks must be gone first.
pub async fn delete(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<()> {
    diesel::delete(boards::table.find(board_id)).execute(conn).await.map(|_| ())
}
