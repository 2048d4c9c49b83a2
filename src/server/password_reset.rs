//! "Forgot password": a single-use link by email, valid for one hour, that sets a new
//! password and ends every session of the account.

use crate::{
    domain::{AppError, Email, Message, Password},
    server::{
        auth::{
            password::{self, Hasher},
            session_store::MysqlSessionStore,
            throttle,
        },
        db::{password_resets, users, Db},
        emails,
        errors::ServerError,
        mailer::Mailer,
    },
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{TimeDelta, Utc};
use rand::RngCore as _;
use sha2::{Digest, Sha256};

pub const RESET_LINK_LIFETIME: TimeDelta = TimeDelta::hours(1);
/// Reset emails one address gets per hour, however many are asked for (and from wherever).
pub const LINKS_PER_ADDRESS_PER_HOUR: i64 = 3;

/// What the hashed form of a token looks like in the table.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// 32 random bytes, base64url: the secret of a one-time link.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts a reset for `email` and returns at once, the same way whether or not the account
/// exists: the lookup and the email happen in the background, so neither the answer nor its
/// timing tells an attacker which addresses have accounts.
#[tracing::instrument(skip_all)]
pub fn request(db: Db, mailer: Mailer, base_url: String, email: Email) {
    // In the request's span, though the request has been answered: its logs still say which
    // request asked.
    let work = async move {
        if let Err(error) = send_link(&db, &mailer, &base_url, &email).await {
            tracing::error!(error = %crate::server::errors::chain(&error), "password reset email failed");
        }
    };
    tokio::spawn(tracing::Instrument::in_current_span(work));
}

/// Why a reset email could not be sent (logged; the person was already answered).
#[derive(Debug, thiserror::Error)]
enum ResetEmailError {
    #[error("the database failed")]
    Db(#[from] crate::server::db::DbError),
    #[error("SES refused the email")]
    Send(#[from] crate::server::mailer::SendError),
}

#[tracing::instrument(skip_all)]
async fn send_link(db: &Db, mailer: &Mailer, base_url: &str, email: &Email) -> Result<(), ResetEmailError> {
    let Some(user) = users::find_by_email(db, email.as_str()).await? else {
        tracing::info!("password reset asked for an unknown address");
        return Ok(());
    };
    let now = Utc::now().naive_utc();
    let token = new_token();
    let expires_at = now + RESET_LINK_LIFETIME;
    if !password_resets::insert_within_limit(
        db,
        hash_token(&token),
        user.id,
        now,
        expires_at,
        LINKS_PER_ADDRESS_PER_HOUR,
    )
    .await?
    {
        tracing::warn!(user.id = user.id, "password reset link not sent: this address had its share this hour");
        return Ok(());
    }

    let link = format!("{base_url}/reset-password?token={token}");
    let locale = crate::server::preferences::email_locale(user.locale.as_deref());
    let minutes = RESET_LINK_LIFETIME.num_minutes();
    let email = emails::password_reset::render_for(locale, &user.name, &user.email, &link, minutes);
    mailer.send_with_retries(email).await?;
    tracing::info!(user.id = user.id, "password reset link sent");
    Ok(())
}

/// Whether the link in a reset page's URL can still be used.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn link_is_usable(db: &Db, token: &str) -> Result<bool, ServerError> {
    Ok(password_resets::is_usable(db, hash_token(token), Utc::now().naive_utc()).await?)
}

/// Sets the new password if the link is good, and ends every session of the account.
/// Returns the user's id.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn complete(
    db: &Db,
    hasher: &Hasher,
    sessions: &MysqlSessionStore,
    token: &str,
    new_password: Password,
) -> Result<i64, ServerError> {
    if password::is_common(&new_password) {
        return Err(AppError::invalid("password", Message::PasswordTooCommon).into());
    }
    // The link is checked before Argon2 runs, so a made-up token costs one indexed read, not a
    // hash. Consuming it below checks again, in the transaction that changes the password.
    if !password_resets::is_usable(db, hash_token(token), Utc::now().naive_utc()).await? {
        return Err(AppError::Refused(Message::ResetLinkInvalid).into());
    }
    let hash = hasher.hash(new_password).await?;
    let consumed = password_resets::consume(db, hash_token(token), hash, Utc::now().naive_utc()).await?;
    let password_resets::Consumed::PasswordChanged { user_id } = consumed else {
        return Err(AppError::Refused(Message::ResetLinkInvalid).into());
    };
    // Whoever proved they own the address gets in at once, whatever guessers did meanwhile.
    if let Some(user) = users::find_by_id(db, user_id).await? {
        throttle::clear_account(db, &user.email).await?;
    }
    // The new password hash already invalidates old sessions (axum-login compares it on every
    // request); deleting them makes it immediate and leaves nothing behind.
    sessions.delete_all_for_user(user_id).await?;
    tracing::info!(user.id = user_id, "password reset");
    Ok(user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_sha256() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes, base64url without padding");
        let hash = hash_token(&a);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&a));
        assert_eq!(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
