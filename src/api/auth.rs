//! Accounts: who is logged in, sign up, log in, log out, password resets.

use crate::domain::{AppError, CurrentUser};
#[cfg(feature = "ssr")]
use crate::server::{auth::auth_session, errors::respond, AppState};
use leptos::prelude::*;

/// The logged-in user, or `None`. The only server fn anonymous visitors may call for data.
#[server(endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    respond(async {
        let Some(user) = auth_session().await?.user else { return Ok(None) };
        // The board page's ETag has just counted them (`server::etag`).
        let unread = match crate::server::etag::Known::for_this_page() {
            Some(known) => known.unread,
            None => crate::server::inbox::unread(&expect_context::<AppState>().db, user.id).await?,
        };
        Ok(Some(CurrentUser { id: user.id, name: user.name, email: user.email, verified: user.verified, unread }))
    })
    .await
}

/// Creates an account (if the instance's `SIGNUP` policy lets this address in) and logs it in;
/// a link to confirm the address goes out by email.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    /// The browser's zone (the form's island adds it; without JavaScript there is none: UTC).
    time_zone: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        domain::account::SignUp,
        server::{accounts, verification},
    };

    respond(async {
        let SignUp { name, email, password } = SignUp::parse(&name, &email, &password)?;
        let state = expect_context::<AppState>();
        accounts::check_signup_policy(&state.db, &state.config.signup, &email).await?;
        let mut auth = auth_session().await?;
        let time_zone = accounts::browser_time_zone(time_zone.as_deref());
        let user = accounts::sign_up(&state.db, &state.hasher, &mut auth, name, email, password, &time_zone).await?;
        verification::send_link(&state.db, &state.mailer, &state.config.base_url, user.id).await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Sends the logged-in user a new link to confirm their address (a few an hour at most).
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation() -> Result<(), AppError> {
    use crate::server::{auth::require_user, verification};

    respond(async {
        let user = require_user().await?;
        if user.verified {
            return Ok(());
        }
        let state = expect_context::<AppState>();
        if !verification::send_link(&state.db, &state.mailer, &state.config.base_url, user.id).await? {
            return Err(AppError::TooMany(crate::domain::Message::TooManyConfirmations).into());
        }
        Ok(())
    })
    .await
}

/// Uses a confirmation link: whether the address is now confirmed (also when the logged-in
/// user's already was, so opening the link twice still says so).
#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<bool, AppError> {
    use crate::server::verification;

    respond(async {
        if verification::confirm(&expect_context::<AppState>().db, &token).await? {
            return Ok(true);
        }
        Ok(auth_session().await?.user.is_some_and(|user| user.verified))
    })
    .await
}

#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::account::safe_next_path,
        server::{accounts, auth::client_ip},
    };

    respond(async {
        let state = expect_context::<AppState>();
        let mut auth = auth_session().await?;
        let ip = client_ip(&state).await?;
        accounts::log_in(&state.db, &mut auth, &email, password, ip).await?;
        leptos_axum::redirect(&safe_next_path(next.as_deref()));
        Ok(())
    })
    .await
}

#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    respond(async {
        crate::server::accounts::log_out(&mut auth_session().await?).await?;
        // The board page may be kept by the browser (it revalidates it with its ETag,
        // `server::etag`): logging out clears what it kept, the back-forward cache included.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                axum::http::HeaderName::from_static("clear-site-data"),
                axum::http::HeaderValue::from_static("\"cache\""),
            );
        }
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

/// Emails a reset link if the account exists. Answers the same either way.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::{
        domain::Email,
        server::{auth::client_ip, password_reset, rate_limit},
    };

    respond(async {
        let email = Email::parse(&email).map_err(|error| AppError::Invalid(vec![error]))?;
        let state = expect_context::<AppState>();
        // Counted per client whether or not the address has an account, so the answer still
        // tells nothing about which addresses do.
        let client = client_ip(&state).await?.to_string();
        if !rate_limit::allow(&state.db, rate_limit::RESET_REQUESTS_PER_CLIENT, &client).await? {
            return Err(AppError::TooMany(crate::domain::Message::TooManyResets).into());
        }
        password_reset::request(state.db.clone(), state.mailer.clone(), state.config.base_url.clone(), email);
        Ok(())
    })
    .await
}

/// Whether a reset link can still be used, so the page can say so before anyone types.
#[server(endpoint = "check_reset_link")]
pub async fn check_reset_link(token: String) -> Result<bool, AppError> {
    use crate::server::password_reset;

    respond(password_reset::link_is_usable(&expect_context::<AppState>().db, &token)).await
}

/// Sets a new password from a reset link; every session of the account ends.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::{domain::Password, server::password_reset};

    respond(async {
        let password = Password::parse(&password).map_err(|error| AppError::Invalid(vec![error]))?;
        let state = expect_context::<AppState>();
        password_reset::complete(&state.db, &state.hasher, &state.sessions, &token, password).await?;
        leptos_axum::redirect("/login?reset=done");
        Ok(())
    })
    .await
}
