//! Signing up, logging in and out: the rules behind the account server fns.

use crate::{
    domain::{AppError, Email, Handle, Message, Password, PersonName},
    server::{
        auth::{
            layers::AUTHENTICATED_AT_KEY,
            password::{self, Hasher},
            throttle::{self, Verdict},
            AuthSession, Credentials, User,
        },
        db::{users, Db},
        errors::ServerError,
        signup_policy::SignupPolicy,
    },
};
use std::net::IpAddr;

/// Refuses a sign-up without an invitation that the instance's `SIGNUP` policy does not let in
/// (checked before any password is hashed). The first account is always let in.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn check_signup_policy(db: &Db, policy: &SignupPolicy, email: &Email) -> Result<(), ServerError> {
    if *policy == SignupPolicy::Open {
        return Ok(());
    }
    let first_account = users::first_account(db).await?.is_none();
    match policy.refusal(email, first_account) {
        Some(message) => {
            tracing::info!("sign-up refused by the SIGNUP policy");
            Err(AppError::Refused(message).into())
        }
        None => Ok(()),
    }
}

/// Creates the account and logs it in.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn sign_up(
    db: &Db,
    hasher: &Hasher,
    auth: &mut AuthSession,
    name: PersonName,
    email: Email,
    password: Password,
    time_zone: &str,
) -> Result<User, ServerError> {
    if password::is_common(&password) {
        return Err(AppError::invalid("password", Message::PasswordTooCommon).into());
    }
    // The cheap check first: a taken address never costs an Argon2 run. (Two sign-ups racing
    // for one address are still decided by the unique index below.)
    if users::find_by_email(db, email.as_str()).await?.is_some() {
        return Err(AppError::invalid("email", Message::EmailTaken).into());
    }
    let hash = hasher.hash(password).await?;
    // A new account starts in the language its sign-up page was shown in, so its emails (which
    // have no browser to ask) are in that language too; the account page changes it.
    let locale = crate::server::preferences::current().locale;
    let handle = Handle::suggest(&email);
    let user: User = match users::insert(db, name.as_str(), email.as_str(), &hash, time_zone, locale, handle).await {
        Ok(row) => row.into(),
        Err(users::InsertUserError::EmailTaken) => return Err(AppError::invalid("email", Message::EmailTaken).into()),
        Err(users::InsertUserError::Db(error)) => return Err(error.into()),
    };
    start_session(auth, &user).await?;
    tracing::info!(user.id = user.id, "account created");
    Ok(user)
}

/// The zone a sign-up form sent from the browser (`Intl`), if the tz database knows it; else UTC
/// (the browser sent none, or a name this server's database does not have).
pub fn browser_time_zone(input: Option<&str>) -> String {
    input.and_then(|zone| crate::server::preferences::parse_time_zone(zone).ok()).unwrap_or_else(|| "UTC".to_owned())
}

/// Checks the credentials (with throttling) and logs the user in.
#[tracing::instrument(skip_all, fields(%ip), err(level = "debug"))]
pub async fn log_in(
    db: &Db,
    auth: &mut AuthSession,
    email: &str,
    password: String,
    ip: IpAddr,
) -> Result<User, ServerError> {
    // Attempts count against the address as the account stores it, whatever the typing. Input
    // that is no address at all cannot be an account: refused at once, without a lookup (where
    // MySQL's collation would ignore control characters in it) and without Argon2.
    let Ok(email) = Email::parse(email).map(|e| e.as_str().to_owned()) else {
        return Err(AppError::Refused(Message::InvalidCredentials).into());
    };
    // Recorded before the password is checked, so concurrent guesses count each other.
    let attempt = match throttle::begin_attempt(db, &email, ip).await? {
        Verdict::Allowed(attempt) => attempt,
        Verdict::LockedOut => {
            tracing::warn!("login refused: too many failed attempts from this client");
            return Err(AppError::Refused(Message::TooManyAttempts).into());
        }
        Verdict::SlowDown => {
            tracing::warn!("login refused: the account is under a spread-out attack");
            return Err(AppError::Refused(Message::SlowDown).into());
        }
    };
    let credentials = Credentials { email: email.clone(), password };
    let user = match auth.authenticate(credentials).await {
        Ok(user) => user,
        Err(error) => {
            throttle::cancel(db, attempt).await?;
            return Err(error.into());
        }
    };
    let Some(user) = user else {
        tracing::info!("failed login");
        return Err(AppError::Refused(Message::InvalidCredentials).into());
    };
    throttle::succeeded(db, attempt, &email, ip).await?;
    start_session(auth, &user).await?;
    tracing::info!(user.id = user.id, "logged in");
    Ok(user)
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn log_out(auth: &mut AuthSession) -> Result<(), ServerError> {
    if let Some(user) = auth.logout().await? {
        tracing::info!(user.id = user.id, "logged out");
    }
    Ok(())
}

/// Logs `user` in on this session with a new id, and notes when, for the absolute session
/// lifetime. axum-login cycles the id only of a session nobody is logged in on; a login on a
/// logged-in session (a shared computer, a planted cookie) must not keep its id either.
async fn start_session(auth: &mut AuthSession, user: &User) -> Result<(), ServerError> {
    auth.session.cycle_id().await?;
    auth.login(user).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    auth.session.insert(AUTHENTICATED_AT_KEY, now).await?;
    Ok(())
}
