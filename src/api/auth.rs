//! Accounts: who is logged in, sign up, log in, log out.

use crate::domain::{AppError, CurrentUser};
use leptos::prelude::*;

/// The logged-in user, or `None`. The only server fn anonymous visitors may call for data.
#[server(endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    let auth = crate::server::auth::auth_session().await?;
    Ok(auth.user.map(|user| CurrentUser { id: user.id, name: user.name }))
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::{Email, FormErrors, Password, PersonName},
        server::{accounts, errors::respond, AppState},
    };

    respond(
        async {
            let mut form = FormErrors::default();
            let name = form.check(PersonName::parse(&name));
            let email = form.check(Email::parse(&email));
            let password = form.check(Password::parse(&password));
            let (Some(name), Some(email), Some(password)) = (name, email, password) else {
                return Err(form.into_error());
            };
            let state = expect_context::<AppState>();
            let mut auth = crate::server::auth::auth_session().await?;
            accounts::sign_up(&state.db, &mut auth, name, email, password).await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::account::safe_next_path,
        server::{accounts, auth::client_ip, errors::respond, AppState},
    };

    respond(
        async {
            let state = expect_context::<AppState>();
            let mut auth = crate::server::auth::auth_session().await?;
            let ip = client_ip(&state).await?;
            accounts::log_in(&state.db, &mut auth, &email, password, ip).await?;
            leptos_axum::redirect(&safe_next_path(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    let mut auth = crate::server::auth::auth_session().await?;
    crate::server::accounts::log_out(&mut auth).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Emails a reset link if the account exists. Answers the same either way.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::{
        domain::Email,
        server::{errors::respond, password_reset, AppState},
    };

    respond(
        async {
            let email = Email::parse(&email).map_err(|error| AppError::Invalid(vec![error]))?;
            let state = expect_context::<AppState>();
            password_reset::request(state.db.clone(), state.mailer.clone(), state.config.base_url.clone(), email);
            Ok(())
        }
        .await,
    )
}

/// Whether a reset link can still be used, so the page can say so before anyone types.
#[server(endpoint = "check_reset_link")]
pub async fn check_reset_link(token: String) -> Result<bool, AppError> {
    use crate::server::{errors::respond, password_reset, AppState};

    respond(password_reset::link_is_usable(&expect_context::<AppState>().db, &token).await)
}

/// Sets a new password from a reset link; every session of the account ends.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::{
        domain::Password,
        server::{errors::respond, password_reset, AppState},
    };

    respond(
        async {
            let password = Password::parse(&password).map_err(|error| AppError::Invalid(vec![error]))?;
            let state = expect_context::<AppState>();
            password_reset::complete(&state.db, &state.sessions, &token, password).await?;
            leptos_axum::redirect("/login?reset=done");
            Ok(())
        }
        .await,
    )
}
