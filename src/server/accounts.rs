//! Signing up, logging in and out: the rules behind the account server fns.

use crate::{
    domain::{AppError, Email, FieldError, Password, PersonName},
    server::{
        auth::{layers::AUTHENTICATED_AT_KEY, password, throttle, AuthSession, Credentials, User},
        db::{users, Db},
        errors::unavailable,
    },
};
use std::net::IpAddr;

pub const INVALID_CREDENTIALS: &str = "Invalid email or password.";
pub const TOO_MANY_ATTEMPTS: &str = "Too many failed attempts. Please wait 15 minutes and try again.";
pub const EMAIL_TAKEN: &str = "An account with this email already exists.";
pub const PASSWORD_TOO_COMMON: &str = "This password is too common. Choose one that is harder to guess.";

/// Creates the account and logs it in.
pub async fn sign_up(
    db: &Db,
    auth: &mut AuthSession,
    name: PersonName,
    email: Email,
    password: Password,
) -> Result<User, AppError> {
    if password::is_common(&password) {
        return Err(AppError::invalid("password", PASSWORD_TOO_COMMON));
    }
    let hash = password::hash(password).await.map_err(|e| unavailable("hashing a new password", e))?;
    let user: User = match users::insert(db, name.as_str(), email.as_str(), &hash).await {
        Ok(row) => row.into(),
        Err(users::InsertUserError::EmailTaken) => {
            return Err(AppError::Invalid(vec![FieldError::new("email", EMAIL_TAKEN)]))
        }
        Err(users::InsertUserError::Db(error)) => return Err(unavailable("creating an account", error)),
    };
    start_session(auth, &user).await?;
    tracing::info!(user.id = user.id, "account created");
    Ok(user)
}

/// Checks the credentials (with throttling) and logs the user in.
pub async fn log_in(
    db: &Db,
    auth: &mut AuthSession,
    email: &str,
    password: String,
    ip: IpAddr,
) -> Result<User, AppError> {
    // Count attempts against the address as the account stores it, whatever the typing.
    let email = Email::parse(email).map(|e| e.as_str().to_owned()).unwrap_or_else(|_| email.trim().to_lowercase());
    if throttle::is_locked_out(db, &email, ip).await.map_err(|e| unavailable("checking login throttling", e))? {
        tracing::warn!(%ip, "login refused: too many failed attempts");
        return Err(AppError::Refused(TOO_MANY_ATTEMPTS.to_owned()));
    }
    let credentials = Credentials { email: email.clone(), password };
    let user = auth.authenticate(credentials).await.map_err(|e| unavailable("checking credentials", e))?;
    let Some(user) = user else {
        throttle::record_failure(db, &email, ip).await.map_err(|e| unavailable("recording a failed login", e))?;
        tracing::info!(%ip, "failed login");
        return Err(AppError::Refused(INVALID_CREDENTIALS.to_owned()));
    };
    throttle::clear_account(db, &email).await.map_err(|e| unavailable("clearing failed logins", e))?;
    start_session(auth, &user).await?;
    tracing::info!(user.id = user.id, "logged in");
    Ok(user)
}

pub async fn log_out(auth: &mut AuthSession) -> Result<(), AppError> {
    let user = auth.logout().await.map_err(|e| unavailable("logging out", e))?;
    if let Some(user) = user {
        tracing::info!(user.id = user.id, "logged out");
    }
    Ok(())
}

/// Logs `user` in on this session (axum-login gives it a new id: no session fixation) and
/// notes when, for the absolute session lifetime.
async fn start_session(auth: &mut AuthSession, user: &User) -> Result<(), AppError> {
    auth.login(user).await.map_err(|e| unavailable("starting a session", e))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    auth.session.insert(AUTHENTICATED_AT_KEY, now).await.map_err(|e| unavailable("starting a session", e))?;
    Ok(())
}
