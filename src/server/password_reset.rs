//! "Forgot password": a single-use link by email, valid for one hour, that sets a new
//! password and ends every session of the account.

use crate::{
    domain::{AppError, Email, Password},
    server::{
        auth::{password, session_store::MysqlSessionStore},
        db::{password_resets, users, Db},
        errors::unavailable,
        mailer::{escape_html, Email as OutgoingEmail, Mailer},
    },
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{TimeDelta, Utc};
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const RESET_LINK_LIFETIME: TimeDelta = TimeDelta::hours(1);
pub const LINK_INVALID: &str = "This reset link is invalid, used or expired. Ask for a new one.";
/// Attempts to hand the email to SES before giving up (logged).
const SEND_ATTEMPTS: u32 = 3;

/// What the hashed form of a token looks like in the table.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts a reset for `email` and returns at once, the same way whether or not the account
/// exists: the lookup and the email happen in the background, so neither the answer nor its
/// timing tells an attacker which addresses have accounts.
pub fn request(db: Db, mailer: Mailer, base_url: String, email: Email) {
    tokio::spawn(async move {
        if let Err(error) = send_link(&db, &mailer, &base_url, &email).await {
            tracing::error!(error = %error, "password reset email failed");
        }
    });
}

async fn send_link(db: &Db, mailer: &Mailer, base_url: &str, email: &Email) -> Result<(), String> {
    let Some(user) = users::find_by_email(db, email.as_str()).await.map_err(|e| e.to_string())? else {
        tracing::info!("password reset asked for an unknown address");
        return Ok(());
    };
    let token = new_token();
    let now = Utc::now().naive_utc();
    password_resets::insert(db, hash_token(&token), user.id, now, now + RESET_LINK_LIFETIME)
        .await
        .map_err(|e| e.to_string())?;

    let link = format!("{base_url}/reset-password?token={token}");
    let mut delay = Duration::from_secs(1);
    for attempt in 1..=SEND_ATTEMPTS {
        match mailer.send(reset_email(&user.name, &user.email, &link)).await {
            Ok(_) => {
                tracing::info!(user.id = user.id, "password reset link sent");
                return Ok(());
            }
            Err(error) if attempt < SEND_ATTEMPTS => {
                tracing::warn!(error = %error, attempt, "password reset email failed; retrying");
                tokio::time::sleep(delay).await;
                delay *= 4;
            }
            Err(error) => return Err(error.to_string()),
        }
    }
    Ok(())
}

fn reset_email(name: &str, to: &str, link: &str) -> OutgoingEmail {
    let minutes = RESET_LINK_LIFETIME.num_minutes();
    OutgoingEmail {
        to: to.to_owned(),
        subject: "Reset your Taskboard password".to_owned(),
        text: format!(
            "Hello {name},\n\nSomeone (hopefully you) asked to reset your Taskboard password. Open this link to \
             choose a new one:\n\n{link}\n\nThe link works once, for {minutes} minutes. If you did not ask, ignore \
             this email: your password stays as it is.\n"
        ),
        html: format!(
            "<p>Hello {name},</p><p>Someone (hopefully you) asked to reset your Taskboard password.</p>\
             <p><a href=\"{link}\">Choose a new password</a></p><p>The link works once, for {minutes} minutes. \
             If you did not ask, ignore this email: your password stays as it is.</p>",
            name = escape_html(name),
            link = escape_html(link),
        ),
    }
}

/// Whether the link in a reset page's URL can still be used.
pub async fn link_is_usable(db: &Db, token: &str) -> Result<bool, AppError> {
    password_resets::is_usable(db, hash_token(token), Utc::now().naive_utc())
        .await
        .map_err(|e| unavailable("checking a reset link", e))
}

/// Sets the new password if the link is good, and ends every session of the account.
/// Returns the user's id.
pub async fn complete(
    db: &Db,
    sessions: &MysqlSessionStore,
    token: &str,
    new_password: Password,
) -> Result<i64, AppError> {
    if password::is_common(&new_password) {
        return Err(AppError::invalid("password", crate::server::accounts::PASSWORD_TOO_COMMON));
    }
    let hash = password::hash(new_password).await.map_err(|e| unavailable("hashing a new password", e))?;
    let consumed = password_resets::consume(db, hash_token(token), hash, Utc::now().naive_utc())
        .await
        .map_err(|e| unavailable("consuming a reset link", e))?;
    let password_resets::Consumed::PasswordChanged { user_id } = consumed else {
        return Err(AppError::Refused(LINK_INVALID.to_owned()));
    };
    // The new password hash already invalidates old sessions (axum-login compares it on every
    // request); deleting them makes it immediate and leaves nothing behind.
    sessions
        .delete_all_for_user(user_id)
        .await
        .map_err(|e| unavailable("ending sessions after a password reset", e))?;
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

    #[test]
    fn reset_email_escapes_the_name_in_html() {
        let email = reset_email("<Mina>", "mina@example.com", "https://x.example/reset-password?token=t");
        assert!(email.html.contains("&lt;Mina&gt;"));
        assert!(email.text.contains("https://x.example/reset-password?token=t"));
    }
}
