//! A board's members and invitations. Admins invite, revoke, remove and change roles; anyone
//! may leave (but the last admin). A non-member gets `NotFound` for all of it.

use crate::domain::{audit::TaskHistory, AppError, InvitationView, MembersPage};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "members")]
pub async fn load_members(board: i64) -> Result<MembersPage, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::members::page(&expect_context::<AppState>().db, &user, board).await
    })
    .await
}

/// A page of the board's activity (who joined, left, was invited…), newest first, from the
/// audit trail.
#[server(endpoint = "board_activity")]
pub async fn load_activity(board: i64, #[server(default)] before: Option<i32>) -> Result<TaskHistory, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::members::activity(&expect_context::<AppState>(), &user, board, before).await
    })
    .await
}

/// Emails `email` a link to join the board as `role`, then back to the members page.
#[server(endpoint = "invite")]
pub async fn invite(board: i64, email: String, role: String) -> Result<(), AppError> {
    use crate::domain::{BoardRole, Email, FormErrors};

    respond(async {
        let user = require_user().await?;
        let mut errors = FormErrors::default();
        let email = errors.check(Email::parse(&email));
        let role = errors.check(BoardRole::parse(&role));
        let (Some(email), Some(role)) = (email, role) else { return Err(errors.into_error().into()) };
        let state = expect_context::<AppState>();
        crate::server::invitations::invite(&state.db, &state.mailer, &state.config.base_url, &user, board, email, role)
            .await?;
        leptos_axum::redirect(&format!("/boards/{board}/members?invited=1"));
        Ok(())
    })
    .await
}

#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(board: i64, invitation: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::invitations::revoke(&expect_context::<AppState>().db, &user, board, invitation).await?;
        leptos_axum::redirect(&format!("/boards/{board}/members"));
        Ok(())
    })
    .await
}

/// An admin takes `member` off the board.
#[server(endpoint = "remove_member")]
pub async fn remove_member(board: i64, member: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::members::remove(&expect_context::<AppState>().db, &user, board, member).await?;
        leptos_axum::redirect(&format!("/boards/{board}/members"));
        Ok(())
    })
    .await
}

/// The caller leaves the board, then goes to their boards.
#[server(endpoint = "leave_board")]
pub async fn leave_board(board: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::members::remove(&expect_context::<AppState>().db, &user, board, user.id).await?;
        leptos_axum::redirect("/boards");
        Ok(())
    })
    .await
}

#[server(endpoint = "change_role")]
pub async fn change_role(board: i64, member: i64, role: String) -> Result<(), AppError> {
    use crate::domain::BoardRole;

    respond(async {
        let user = require_user().await?;
        let role = BoardRole::parse(&role).map_err(|e| AppError::Invalid(vec![e]))?;
        crate::server::members::change_role(&expect_context::<AppState>().db, &user, board, member, role).await?;
        leptos_axum::redirect(&format!("/boards/{board}/members"));
        Ok(())
    })
    .await
}

/// What the invitation link's page shows (anyone may ask: the token is the secret).
#[server(endpoint = "invitation")]
pub async fn load_invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::server::auth::auth_session;

    respond(async {
        let viewer = auth_session().await?.user;
        crate::server::invitations::view(&expect_context::<AppState>().db, &token, viewer.as_ref()).await
    })
    .await
}

/// The logged-in owner of the invited address joins the board, then goes to it.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let board = crate::server::invitations::accept(&expect_context::<AppState>().db, &token, &user).await?;
        leptos_axum::redirect(&format!("/boards/{board}"));
        Ok(())
    })
    .await
}

/// Signs the invited address up with this name and password, joins the board and goes to it.
#[server(endpoint = "sign_up_and_join")]
pub async fn sign_up_and_join(
    token: String,
    name: String,
    password: String,
    time_zone: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        domain::{FormErrors, Password, PersonName},
        server::auth::auth_session,
    };

    respond(async {
        let mut errors = FormErrors::default();
        let name = errors.check(PersonName::parse(&name));
        let password = errors.check(Password::parse(&password));
        let (Some(name), Some(password)) = (name, password) else { return Err(errors.into_error().into()) };
        let state = expect_context::<AppState>();
        let mut auth = auth_session().await?;
        let time_zone = crate::server::accounts::browser_time_zone(time_zone.as_deref());
        let board = crate::server::invitations::sign_up_and_accept(
            &state.db,
            &state.hasher,
            &mut auth,
            &token,
            name,
            password,
            &time_zone,
        )
        .await?;
        leptos_axum::redirect(&format!("/boards/{board}"));
        Ok(())
    })
    .await
}
