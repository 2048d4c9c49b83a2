//! Confirming an account's address: sign-up sends a one-time link (valid for 3 days) to
//! `/verify-email?token=…`. Until an address is confirmed (by this link, a password reset or an
//! accepted invitation) it gets no notification emails and its account may not invite anyone.

use crate::server::{
    db::{email_verifications, users, Db},
    emails,
    errors::ServerError,
    mailer::Mailer,
    password_reset::{hash_token, new_token},
};
use chrono::{TimeDelta, Utc};

pub const LINK_LIFETIME: TimeDelta = TimeDelta::days(3);
/// Confirmation emails one account gets per hour, however often it asks.
pub const LINKS_PER_HOUR: i64 = 3;

/// Sends a confirmation link to `user_id`'s address in the background (the request does not
/// wait on SES); `false` when the account had its share this hour (nothing sent).
#[tracing::instrument(skip(db, mailer, base_url), err(level = "debug"))]
pub async fn send_link(db: &Db, mailer: &Mailer, base_url: &str, user_id: i64) -> Result<bool, ServerError> {
    let Some(user) = users::find_by_id(db, user_id).await? else { return Ok(false) };
    let now = Utc::now().naive_utc();
    let token = new_token();
    if !email_verifications::insert_within_limit(
        db,
        hash_token(&token),
        user.id,
        now,
        now + LINK_LIFETIME,
        LINKS_PER_HOUR,
    )
    .await?
    {
        tracing::warn!("confirmation email not sent: this account had its share this hour");
        return Ok(false);
    }
    let link = format!("{}/verify-email?token={token}", base_url.trim_end_matches('/'));
    let locale = crate::server::preferences::email_locale(user.locale.as_deref());
    let email =
        emails::email_confirmation::render_for(locale, &user.name, &user.email, &link, LINK_LIFETIME.num_days());
    mailer.send_in_background(email, "confirmation email");
    Ok(true)
}

/// Uses a confirmation link: `true` when it worked and the address is now verified.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn confirm(db: &Db, token: &str) -> Result<bool, ServerError> {
    let confirmed = email_verifications::consume(db, hash_token(token), Utc::now().naive_utc()).await?;
    if let Some(user_id) = confirmed {
        tracing::info!(user.id = user_id, "email address confirmed");
    }
    Ok(confirmed.is_some())
}
