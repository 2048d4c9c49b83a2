//! Boards: creating one, and who may see one. Every check that a page or server fn makes about
//! a board goes through [`member_of`]: a non-member gets `NotFound`, the same answer as for a
//! board that never existed.

use super::{
    audit::record::now,
    auth::User,
    db::{boards as queries, Db},
    errors::ServerError,
};
use crate::domain::{AppError, BoardHeader, BoardInfo, BoardName};

/// Creates a board with `actor` as its admin; returns its id.
#[tracing::instrument(skip_all, fields(user.id = actor.id), err(level = "debug"))]
pub async fn create(db: &Db, actor: &User, name: BoardName) -> Result<i64, ServerError> {
    let admin_id = actor.id;
    db.write(move |conn| Box::pin(async move { Ok(queries::insert(conn, name.as_str(), admin_id, now()).await?) }))
        .await
}

/// The board, when `user_id` is one of its members; `NotFound` otherwise.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn member_of(db: &Db, board_id: i64, user_id: i64) -> Result<BoardInfo, ServerError> {
    Ok(queries::find_info(db, board_id, user_id).await?.ok_or(AppError::NotFound)?)
}

/// The board, when `user_id` is one of its admins; `NotFound` for a non-member, `Forbidden`
/// for a member who is not an admin.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn require_admin(db: &Db, board_id: i64, user_id: i64) -> Result<BoardInfo, ServerError> {
    let board = member_of(db, board_id, user_id).await?;
    if !board.role.is_admin() {
        return Err(AppError::Forbidden.into());
    }
    Ok(board)
}

/// The board's name, the viewer's role and its members, for a member; `NotFound` otherwise.
/// Remembers the board as the one `user_id` opened last.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn header(db: &Db, board_id: i64, user_id: i64) -> Result<BoardHeader, ServerError> {
    Ok(queries::header(db, board_id, user_id).await?.ok_or(AppError::NotFound)?)
}

/// Renames board `board_id` (admins only).
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn rename(db: &Db, actor: &User, board_id: i64, name: BoardName) -> Result<(), ServerError> {
    require_admin(db, board_id, actor.id).await?;
    db.write(move |conn| Box::pin(async move { Ok(queries::rename(conn, board_id, name.as_str(), now()).await?) }))
        .await
}

/// Deletes board `board_id` (admins only) with its tasks, members and invitations. Each task's
/// deletion is recorded in its history (nobody is emailed about each one), so the audit trail
/// keeps every task's story. The board's column locks are taken first, in column order, so no
/// write can place a card on it meanwhile.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, board_id: i64) -> Result<usize, ServerError> {
    let actor = super::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = queries::info_for(conn, board_id, actor.id).await?.ok_or(AppError::NotFound)?;
            if !board.role.is_admin() {
                return Err(AppError::Forbidden.into());
            }
            let deleted = super::tasks::delete_every_task_of(conn, &board, actor).await?;
            queries::delete(conn, board_id).await?;
            tracing::info!(deleted, "board deleted");
            Ok(deleted)
        })
    })
    .await
}
