//! A board's members: the members page, removing a member, leaving, changing a role. A board
//! always keeps one admin; a removed member's access ends at their next request (every read
//! and write checks membership), and the tasks they were in charge of there are unassigned.
//! Each change takes the board's lock exclusively first and is recorded in the board's activity.

use crate::{
    domain::{
        audit::{AuditKind, FieldChange, TaskHistory},
        AppError, BoardRole, MembersPage, Message,
    },
    server::{
        audit::{history, record::now},
        auth::User,
        boards::{lock_as_admin, lock_exclusively, member_of, record_event},
        db::{boards as queries, invitations, tasks::member_contacts, Db},
        errors::ServerError,
        tasks::{person, unassign_everywhere_on},
        AppState,
    },
};

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

/// A page of the board's activity (its own audit events, newest first), for a member.
#[tracing::instrument(skip_all, fields(user.id = viewer.id, board.id = board_id), err(level = "debug"))]
pub async fn activity(
    state: &AppState,
    viewer: &User,
    board_id: i64,
    before: Option<i32>,
) -> Result<TaskHistory, ServerError> {
    member_of(&state.db, board_id, viewer.id).await?;
    let id = crate::domain::audit::BoardRef::activity_id(board_id);
    let locale = crate::server::preferences::current().locale;
    history::load(&state.db, &state.dynamodb, &state.audit_tables, &state.relay_progress, id, before, locale).await
}

/// Takes `member_id` off board `board_id`: an admin removing someone, or anyone leaving
/// (`member_id` their own id). The last admin can do neither to themself.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id, member.id = member_id), err(level = "debug"))]
pub async fn remove(db: &Db, actor: &User, board_id: i64, member_id: i64) -> Result<(), ServerError> {
    let actor = person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            lock_exclusively(conn, board_id).await?;
            let board = queries::info_for(conn, board_id, actor.id).await?.ok_or(AppError::NotFound)?;
            let leaving = member_id == actor.id;
            if !leaving && !board.role.is_admin() {
                return Err(AppError::Forbidden.into());
            }
            if queries::role_of(conn, board_id, member_id).await?.is_none() {
                return Err(AppError::NotFound.into());
            }
            if queries::admins(conn, board_id).await? == [member_id] {
                return Err(AppError::Refused(Message::LastAdmin).into());
            }
            let removed = crate::server::db::tasks::contacts(conn, &[member_id]).await?;
            queries::remove_member(conn, board_id, member_id).await?;
            let unassigned = unassign_everywhere_on(conn, &board, member_id, actor.clone()).await?;
            let (kind, changes) = if leaving {
                (AuditKind::MemberLeft, Vec::new())
            } else {
                let name = removed.first().map(|contact| contact.name.clone());
                (AuditKind::MemberRemoved, vec![FieldChange::new("member", name, None)])
            };
            // Nobody is mailed: the person who went hears no more about the board.
            record_event(conn, &board, kind, actor, changes, Vec::new()).await?;
            tracing::info!(unassigned, leaving, "member removed");
            Ok(())
        })
    })
    .await
}

/// Gives `member_id` the role `role` on board `board_id` (admins only); the last admin cannot
/// be made a member. The member is told by email.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id, member.id = member_id), err(level = "debug"))]
pub async fn change_role(
    db: &Db,
    actor: &User,
    board_id: i64,
    member_id: i64,
    role: BoardRole,
) -> Result<(), ServerError> {
    let actor = person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            let Some(current) = queries::role_of(conn, board_id, member_id).await? else {
                return Err(AppError::NotFound.into());
            };
            if current == role {
                return Ok(());
            }
            if role == BoardRole::Member && queries::admins(conn, board_id).await? == [member_id] {
                return Err(AppError::Refused(Message::LastAdmin).into());
            }
            queries::set_role(conn, board_id, member_id, role).await?;
            let name = crate::server::db::tasks::contacts(conn, &[member_id]).await?.first().map(|c| c.name.clone());
            let changes = vec![
                FieldChange::new("member", name.clone(), name),
                FieldChange::new("role", Some(current.as_str().into()), Some(role.as_str().into())),
            ];
            let told: Vec<_> = member_contacts(conn, board_id, &[member_id])
                .await?
                .iter()
                .map(crate::server::db::tasks::Contact::recipient)
                .filter(|recipient| recipient.user_id != actor.id)
                .collect();
            record_event(conn, &board, AuditKind::RoleChanged, actor, changes, told).await?;
            Ok(())
        })
    })
    .await
}
