//! A board's members: the members page, removing a member, leaving, changing a role. A board
//! always keeps one admin; a removed member's access ends at their next request (every read
//! and write checks membership), and the tasks they were in charge of there are unassigned.

use crate::{
    domain::{AppError, BoardRole, MembersPage},
    server::{
        audit::record::now,
        auth::User,
        boards::member_of,
        db::{boards as queries, invitations, Db},
        errors::ServerError,
        tasks::{person, unassign_everywhere_on},
    },
};

pub const LAST_ADMIN: &str = "A board needs an admin: make someone else an admin first.";

/// The members page for a member of the board (with the open invitations for an admin).
#[tracing::instrument(skip_all, fields(user.id = viewer.id, board.id = board_id), err(level = "debug"))]
pub async fn page(db: &Db, viewer: &User, board_id: i64) -> Result<MembersPage, ServerError> {
    let board = member_of(db, board_id, viewer.id).await?;
    let is_admin = board.role.is_admin();
    let (members, invitations) = db
        .run(move |mut conn| async move {
            let members = queries::members_of(&mut conn, board_id).await?;
            let invitations =
                if is_admin { invitations::pending(&mut conn, board_id, now()).await? } else { Vec::new() };
            Ok::<_, diesel::result::Error>((members, invitations))
        })
        .await?;
    Ok(MembersPage { board, members, invitations, viewer_id: viewer.id })
}

/// Takes `member_id` off board `board_id`: an admin removing someone, or anyone leaving
/// (`member_id` their own id). The last admin can do neither to themself.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id, member.id = member_id), err(level = "debug"))]
pub async fn remove(db: &Db, actor: &User, board_id: i64, member_id: i64) -> Result<(), ServerError> {
    let actor = person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = queries::info_for(conn, board_id, actor.id).await?.ok_or(AppError::NotFound)?;
            if member_id != actor.id && !board.role.is_admin() {
                return Err(AppError::Forbidden.into());
            }
            let admins = queries::lock_admins(conn, board_id).await?;
            if queries::lock_role_of(conn, board_id, member_id).await?.is_none() {
                return Err(AppError::NotFound.into());
            }
            if admins == [member_id] {
                return Err(AppError::Refused(LAST_ADMIN.to_owned()).into());
            }
            queries::remove_member(conn, board_id, member_id).await?;
            let unassigned = unassign_everywhere_on(conn, &board, member_id, actor).await?;
            tracing::info!(unassigned, "member removed");
            Ok(())
        })
    })
    .await
}

/// Gives `member_id` the role `role` on board `board_id` (admins only); the last admin cannot
/// be made a member.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id, member.id = member_id), err(level = "debug"))]
pub async fn change_role(
    db: &Db,
    actor: &User,
    board_id: i64,
    member_id: i64,
    role: BoardRole,
) -> Result<(), ServerError> {
    let actor_id = actor.id;
    db.write(move |conn| {
        Box::pin(async move {
            let board = queries::info_for(conn, board_id, actor_id).await?.ok_or(AppError::NotFound)?;
            if !board.role.is_admin() {
                return Err(AppError::Forbidden.into());
            }
            let admins = queries::lock_admins(conn, board_id).await?;
            let Some(current) = queries::lock_role_of(conn, board_id, member_id).await? else {
                return Err(AppError::NotFound.into());
            };
            if current == role {
                return Ok(());
            }
            if role == BoardRole::Member && admins == [member_id] {
                return Err(AppError::Refused(LAST_ADMIN.to_owned()).into());
            }
            queries::set_role(conn, board_id, member_id, role).await?;
            Ok(())
        })
    })
    .await
}
