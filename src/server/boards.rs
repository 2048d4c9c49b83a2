//! Boards: creating one, and who may see one. Every check that a page or server fn makes about
//! a board goes through [`member_of`]: a non-member gets `NotFound`, the same answer as for a
//! board that never existed.

use super::{
    audit::{self, record::now, EventDraft},
    auth::User,
    db::{boards as queries, Db},
    errors::ServerError,
};
use crate::domain::{
    audit::{AuditKind, BoardRef, FieldChange, Recipient},
    AppError, BoardHeader, BoardInfo, BoardName, Person,
};
use diesel_async::AsyncMysqlConnection;

/// Creates a board with `actor` as its admin; returns its id.
#[tracing::instrument(skip_all, fields(user.id = actor.id), err(level = "debug"))]
pub async fn create(db: &Db, actor: &User, name: BoardName) -> Result<i64, ServerError> {
    let actor = super::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let id = queries::insert(conn, name.as_str(), actor.id, now()).await?;
            lock_exclusively(conn, id).await?;
            let board = BoardInfo { id, name: name.as_str().to_owned(), role: crate::domain::BoardRole::Admin };
            record_event(conn, &board, AuditKind::BoardCreated, actor, Vec::new(), Vec::new()).await?;
            Ok(id)
        })
    })
    .await
}

/// Takes board `board_id`'s lock exclusively (see `db::boards::lock_board`): the first step of
/// every change to the board or its members. No such board is `NotFound`.
pub async fn lock_exclusively(conn: &mut AsyncMysqlConnection, board_id: i64) -> Result<(), ServerError> {
    if !queries::lock_board(conn, board_id, true).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// [`lock_exclusively`], then (under the lock: they may have been demoted or removed
/// meanwhile) the actor's role: `NotFound` for a non-member, `Forbidden` for a member who is not
/// an admin. The first step of every admin's change to a board.
pub async fn lock_as_admin(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    actor_id: i64,
) -> Result<BoardInfo, ServerError> {
    lock_exclusively(conn, board_id).await?;
    let board = queries::info_for(conn, board_id, actor_id).await?.ok_or(AppError::NotFound)?;
    if !board.role.is_admin() {
        return Err(AppError::Forbidden.into());
    }
    Ok(board)
}

/// Records one of the board's own events in its activity (`BoardRef::activity_id`), in the
/// write's transaction, which holds the board's lock exclusively (so the events are numbered
/// one after the other).
pub async fn record_event(
    conn: &mut AsyncMysqlConnection,
    board: &BoardInfo,
    kind: AuditKind,
    actor: Person,
    changes: Vec<FieldChange>,
    recipients: Vec<Recipient>,
) -> Result<(), ServerError> {
    audit::record(
        conn,
        EventDraft {
            event_id: None,
            task_id: BoardRef::activity_id(board.id),
            board: BoardRef { id: board.id, name: board.name.clone() },
            task_title: board.name.clone(),
            kind,
            actor,
            changes,
            recipients,
        },
    )
    .await?;
    Ok(())
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

/// The board page for a member (`NotFound` for anyone else), remembering it as the board they
/// opened last: written only when it changes, so viewing a board costs no write. Served from
/// `cache` while the board's stamp stays where it was: one query, when nothing changed, none
/// when the caller `known`s the stamp (read for this viewer, so they are a member).
#[tracing::instrument(skip(db, cache, filter), fields(user.id = viewer.id), err(level = "debug"))]
pub async fn page(
    db: &Db,
    cache: &super::board_cache::BoardCache,
    viewer: &User,
    board_id: i64,
    filter: crate::domain::BoardFilter,
    today: chrono::NaiveDate,
    known: Option<super::db::board::BoardStamp>,
) -> Result<crate::domain::BoardPage, ServerError> {
    let stamp = match known {
        Some(stamp) => stamp,
        None => super::db::board::stamp(db, board_id, viewer.id).await?.ok_or(AppError::NotFound)?,
    };
    let shared = cache.get(db, board_id, filter, viewer.id, today, stamp).await?.ok_or(AppError::NotFound)?;
    let page = shared.for_viewer(viewer.id).ok_or(AppError::NotFound)?;
    if viewer.last_board_id != Some(board_id) {
        queries::remember_opened(db, viewer.id, board_id).await?;
    }
    Ok(page)
}

/// The board's name, the viewer's role and its members, for a member; `NotFound` otherwise.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn header(db: &Db, board_id: i64, user_id: i64) -> Result<BoardHeader, ServerError> {
    Ok(queries::header(db, board_id, user_id).await?.ok_or(AppError::NotFound)?)
}

/// Renames board `board_id` (admins only).
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn rename(db: &Db, actor: &User, board_id: i64, name: BoardName) -> Result<(), ServerError> {
    let actor = super::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            if board.name == name.as_str() {
                return Ok(());
            }
            queries::rename(conn, board_id, name.as_str(), now()).await?;
            let renamed = BoardInfo { name: name.as_str().to_owned(), ..board.clone() };
            let changes = vec![FieldChange::new("name", Some(board.name), Some(renamed.name.clone()))];
            record_event(conn, &renamed, AuditKind::BoardRenamed, actor, changes, Vec::new()).await
        })
    })
    .await
}

/// Deletes board `board_id` (admins only) with its tasks, members and invitations. Each task's
/// deletion is recorded in its history (nobody is emailed about each one), so the audit trail
/// keeps every task's story, and a last `board_deleted` event closes the board's activity.
/// Those events are queued for the board's webhooks in this transaction, and the webhooks
/// outlive the board until they are delivered (migration 000032), so a receiver learns of the
/// deletion. The board's column locks are taken first, in column order, so no write can place
/// a card on it meanwhile.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, board_id: i64) -> Result<usize, ServerError> {
    let actor = super::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            super::tasks::lock_whole_board(conn, board_id).await?;
            let board = queries::info_for(conn, board_id, actor.id).await?.ok_or(AppError::NotFound)?;
            if !board.role.is_admin() {
                return Err(AppError::Forbidden.into());
            }
            let deleted = super::tasks::delete_every_task_of(conn, &board, actor.clone()).await?;
            record_event(conn, &board, AuditKind::BoardDeleted, actor, Vec::new(), Vec::new()).await?;
            queries::delete(conn, board_id).await?;
            tracing::info!(deleted, "board deleted");
            Ok(deleted)
        })
    })
    .await
}
