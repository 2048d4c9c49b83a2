//! Inviting people to a board: a one-time link by email (7 days; stored hashed) that signs the
//! invited address up, or lets its logged-in owner accept. Accepting makes them a member and
//! proves the address. Only a board's admins invite and revoke.

use crate::domain::audit::{AuditKind, FieldChange};
use crate::server::db::tasks::member_contacts;
use crate::{
    domain::{AppError, BoardRole, Email, InvitationView, InvitationViewer, Message, PersonName},
    server::{
        audit::record::now,
        auth::{password::Hasher, AuthSession, User},
        boards::{lock_as_admin, lock_exclusively, record_event, require_admin},
        db::{
            boards as board_queries,
            invitations::{self as queries, NewInvitation},
            Db,
        },
        emails,
        errors::ServerError,
        mailer::Mailer,
        password_reset::{hash_token, new_token},
        rate_limit::{self, Limit},
    },
};
use chrono::TimeDelta;

pub const INVITATION_LIFETIME: TimeDelta = TimeDelta::days(7);
/// Invitations are emails to addresses of the sender's choosing: bounded per account.
pub const INVITATIONS_PER_ACCOUNT: Limit =
    Limit { kind: "invitations_per_account", max: 20, window: TimeDelta::hours(1) };

/// Invites `email` to board `board_id` as `role`, on behalf of `actor` (an admin), and sends the
/// link in the background. A new invitation to the same address replaces the open one.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
#[allow(clippy::too_many_arguments)]
pub async fn invite(
    db: &Db,
    mailer: &Mailer,
    base_url: &str,
    actor: &User,
    board_id: i64,
    email: Email,
    role: BoardRole,
) -> Result<(), ServerError> {
    let board = require_admin(db, board_id, actor.id).await?;
    if !actor.verified {
        return Err(AppError::Refused(Message::ConfirmFirst).into());
    }
    if !rate_limit::allow(db, INVITATIONS_PER_ACCOUNT, &actor.id.to_string()).await? {
        tracing::warn!("invitation refused: this account's limit for the hour is reached");
        return Err(AppError::TooMany(Message::TooManyInvitations).into());
    }
    let token = new_token();
    let (address, inviter) = (email.as_str().to_owned(), crate::server::tasks::person(actor));
    let token_hash = hash_token(&token);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, inviter.id).await?;
            if let Some((_, true)) = queries::account_for(conn, board_id, &address).await? {
                return Err(AppError::invalid("email", Message::AlreadyAMember).into());
            }
            let now = now();
            let new = NewInvitation {
                board_id,
                email: &address,
                role,
                token_hash: &token_hash,
                invited_by_id: inviter.id,
                now,
                expires_at: now + INVITATION_LIFETIME,
            };
            queries::insert(conn, new).await?;
            let changes = vec![
                FieldChange::new("invitee", None, Some(address.clone())),
                FieldChange::new("role", None, Some(role.as_str().to_owned())),
            ];
            record_event(conn, &board, AuditKind::Invited, inviter, changes, Vec::new()).await?;
            Ok(())
        })
    })
    .await?;
    tracing::info!("invitation sent");
    // The invitee has no language on record yet; the inviter's is the best guess.
    let email = emails::invitation::render_for(
        crate::server::preferences::current().locale,
        &actor.name,
        &board.name,
        email.as_str(),
        &format!("{}/invite/{token}", base_url.trim_end_matches('/')),
        INVITATION_LIFETIME.num_days(),
    );
    mailer.send_in_background(email, "invitation email (the admin can invite again)");
    Ok(())
}

/// Revokes board `board_id`'s open invitation `id` (admins only).
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn revoke(db: &Db, actor: &User, board_id: i64, id: i64) -> Result<(), ServerError> {
    require_admin(db, board_id, actor.id).await?;
    let actor = crate::server::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            let email = queries::open_email(conn, board_id, id, now()).await?.ok_or(AppError::NotFound)?;
            queries::revoke(conn, board_id, id, now()).await?;
            let changes = vec![FieldChange::new("invitee", Some(email), None)];
            record_event(conn, &board, AuditKind::InvitationRevoked, actor, changes, Vec::new()).await?;
            Ok(())
        })
    })
    .await
}

/// What the link's page shows to `viewer` (nobody, or who is logged in).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn view(db: &Db, token: &str, viewer: Option<&User>) -> Result<InvitationView, ServerError> {
    let Some(found) = queries::find(db, hash_token(token)).await? else { return Ok(closed()) };
    if !found.is_open(now()) {
        return Ok(closed());
    }
    let viewer = match viewer {
        None => InvitationViewer::LoggedOut,
        Some(user) if user.email == found.email => InvitationViewer::Invited,
        Some(user) => InvitationViewer::OtherAccount { email: user.email.clone() },
    };
    Ok(InvitationView::Open { board_name: found.board_name, email: found.email, viewer })
}

fn closed() -> InvitationView {
    InvitationView::Closed
}

/// Accepts the invitation for `user`, who must be logged in with the invited address: they
/// become a member with its role and their address counts as verified. Returns the board's id.
#[tracing::instrument(skip_all, fields(user.id = user.id), err(level = "debug"))]
pub async fn accept(db: &Db, token: &str, user: &User) -> Result<i64, ServerError> {
    let closed = || ServerError::from(AppError::Refused(Message::InvitationClosed));
    let token_hash = hash_token(token);
    // Which board, read first: its lock comes before the invitation's row (as in `invite`).
    let board_id = queries::find(db, token_hash.clone()).await?.ok_or_else(closed)?.board_id;
    let (user_id, user_email, joiner) = (user.id, user.email.clone(), crate::server::tasks::person(user));
    db.write(move |conn| {
        Box::pin(async move {
            let now = now();
            lock_exclusively(conn, board_id).await.map_err(|_| closed())?;
            let found = queries::by_token(conn, &token_hash, true).await?;
            let found = found.filter(|found| found.is_open(now)).ok_or_else(closed)?;
            if found.email != user_email {
                return Err(AppError::Refused(Message::InvitationNotYours).into());
            }
            let joined = board_queries::role_of(conn, board_id, user_id).await?.is_none();
            if joined {
                board_queries::add_member(conn, board_id, user_id, found.role, now).await?;
            }
            queries::mark_accepted(conn, found.id, user_id, now).await?;
            crate::server::db::users::mark_verified(conn, user_id, now).await?;
            if joined {
                let board = crate::domain::BoardInfo { id: board_id, name: found.board_name.clone(), role: found.role };
                // The admin who sent the invitation hears that it was taken up.
                let inviter: Vec<_> = member_contacts(conn, board_id, &[found.invited_by_id])
                    .await?
                    .iter()
                    .map(crate::server::db::tasks::Contact::recipient)
                    .filter(|recipient| recipient.user_id != user_id)
                    .collect();
                let changes = vec![FieldChange::new("role", None, Some(found.role.as_str().to_owned()))];
                record_event(conn, &board, AuditKind::MemberJoined, joiner, changes, inviter).await?;
            }
            tracing::info!(board.id = board_id, "invitation accepted");
            Ok(board_id)
        })
    })
    .await
}

/// Signs the invited address up (name and password from the form) and accepts the invitation
/// for the new account, which is logged in. The link is checked before Argon2 runs, so a
/// made-up token costs one indexed read. Returns the board's id.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn sign_up_and_accept(
    db: &Db,
    hasher: &Hasher,
    auth: &mut AuthSession,
    token: &str,
    name: PersonName,
    password: crate::domain::Password,
    time_zone: &str,
) -> Result<i64, ServerError> {
    let found = queries::find(db, hash_token(token)).await?;
    let found = found.filter(|found| found.is_open(now())).ok_or(AppError::Refused(Message::InvitationClosed))?;
    let email = Email::parse(&found.email).map_err(|_| AppError::Refused(Message::InvitationClosed))?;
    let user = match crate::server::accounts::sign_up(db, hasher, auth, name, email, password, time_zone).await {
        // The form has no email field: say it about the whole form.
        Err(ServerError::Answer(AppError::Invalid(errors))) if errors.iter().any(|e| e.field == "email") => {
            return Err(AppError::Refused(Message::HasAnAccount).into());
        }
        other => other?,
    };
    accept(db, token, &user).await
}
