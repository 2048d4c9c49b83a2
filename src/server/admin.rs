//! Instance admins (the first account, and the addresses in `ADMIN_EMAILS`): the list of
//! accounts, and deactivating one. A deactivated account cannot log in, its sessions end at
//! once (they are deleted, and every request loads its user again), it is left out of person
//! pickers and emails; the history keeps its name.

use crate::{
    domain::{admin::UserListing, AppError, Message},
    server::{
        auth::{session_store::MysqlSessionStore, User},
        db::{users, Db},
        errors::ServerError,
    },
};

/// Whether `user` may see `/admin/users`: the instance's first account, or one of `admin_emails`.
#[tracing::instrument(skip_all, fields(user.id = user.id), err(level = "debug"))]
pub async fn is_instance_admin(db: &Db, admin_emails: &[String], user: &User) -> Result<bool, ServerError> {
    if admin_emails.contains(&user.email) {
        return Ok(true);
    }
    Ok(users::first_account(db).await? == Some(user.id))
}

/// `NotFound` for anyone but an instance admin: the page does not exist for them.
pub async fn require_instance_admin(db: &Db, admin_emails: &[String], user: &User) -> Result<(), ServerError> {
    if !is_instance_admin(db, admin_emails, user).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(user.id = viewer.id), err(level = "debug"))]
pub async fn list(db: &Db, admin_emails: &[String], viewer: &User) -> Result<Vec<UserListing>, ServerError> {
    require_instance_admin(db, admin_emails, viewer).await?;
    let rows = users::all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| UserListing {
            is_viewer: row.id == viewer.id,
            verified: row.email_verified_at.is_some(),
            active: row.is_active(),
            id: row.id,
            name: row.name,
            email: row.email,
        })
        .collect())
}

/// Deactivates (`active: false`) or reactivates account `user_id`. Nobody deactivates themself.
#[tracing::instrument(skip(db, admin_emails, sessions, actor), fields(user.id = actor.id), err(level = "debug"))]
pub async fn set_active(
    db: &Db,
    admin_emails: &[String],
    sessions: &MysqlSessionStore,
    actor: &User,
    user_id: i64,
    active: bool,
) -> Result<(), ServerError> {
    require_instance_admin(db, admin_emails, actor).await?;
    if user_id == actor.id && !active {
        return Err(AppError::Refused(Message::CannotDeactivateSelf).into());
    }
    if !users::set_active(db, user_id, active).await? {
        return Err(AppError::NotFound.into());
    }
    if !active {
        sessions.delete_all_for_user(user_id).await?;
    }
    tracing::info!(target.id = user_id, active, "account activity changed");
    Ok(())
}
