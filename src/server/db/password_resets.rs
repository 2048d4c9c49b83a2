//! Queries on `password_resets`, and the password change that consumes a reset link.

use super::{
    schema::{password_resets, users},
    Db, DbError,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

/// What consuming a link did.
#[derive(Debug, PartialEq, Eq)]
pub enum Consumed {
    /// The password was changed for this user; every reset link of theirs is now used.
    PasswordChanged { user_id: i64 },
    /// No such link, already used, or expired: nothing changed.
    Invalid,
}

/// In one transaction: claims the link (only if unused and unexpired — so two concurrent uses
/// cannot both succeed), sets the new password hash, and uses up the user's other links.
pub async fn consume(
    db: &Db,
    token_hash: String,
    new_password_hash: String,
    now: NaiveDateTime,
) -> Result<Consumed, DbError> {
    db.run(move |mut conn| async move {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let link = password_resets::table
                .filter(password_resets::token_hash.eq(&token_hash))
                .filter(password_resets::used_at.is_null())
                .filter(password_resets::expires_at.gt(now))
                .select(password_resets::user_id)
                .for_update()
                .first::<i64>(conn)
                .await
                .optional()?;
            let Some(user_id) = link else { return Ok(Consumed::Invalid) };
            diesel::update(users::table.find(user_id))
                .set((users::password_hash.eq(&new_password_hash), users::updated_at.eq(now)))
                .execute(conn)
                .await?;
            diesel::update(
                password_resets::table
                    .filter(password_resets::user_id.eq(user_id))
                    .filter(password_resets::used_at.is_null()),
            )
            .set(password_resets::used_at.eq(now))
            .execute(conn)
            .await?;
            // The link reached the address: that proves it.
            super::users::mark_verified(conn, user_id, now).await?;
            Ok(Consumed::PasswordChanged { user_id })
        })
        .await
    })
    .await
}

/// Whether a link can still be used (for showing the form, not for trusting it).
pub async fn is_usable(db: &Db, token_hash: String, now: NaiveDateTime) -> Result<bool, DbError> {
    db.run(move |mut conn| async move {
        let count: i64 = password_resets::table
            .filter(password_resets::token_hash.eq(token_hash))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now))
            .count()
            .get_result(&mut conn)
            .await?;
        Ok(count > 0)
    })
    .await
}

/// Stores a new link for `user_id` unless `max` were made in the hour before `now`, and says
/// whether it did. Under a lock on the user's row, so requests made at the same moment cannot
/// all slip under the limit.
pub async fn insert_within_limit(
    db: &Db,
    token_hash: String,
    user_id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
    max: i64,
) -> Result<bool, DbError> {
    db.run(move |mut conn| async move {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            users::table.find(user_id).select(users::id).for_update().first::<i64>(conn).await?;
            let recent: i64 = password_resets::table
                .filter(password_resets::user_id.eq(user_id))
                .filter(password_resets::created_at.gt(now - chrono::TimeDelta::hours(1)))
                .count()
                .get_result(conn)
                .await?;
            if recent >= max {
                return Ok(false);
            }
            diesel::insert_into(password_resets::table)
                .values((
                    password_resets::token_hash.eq(&token_hash),
                    password_resets::user_id.eq(user_id),
                    password_resets::created_at.eq(now),
                    password_resets::expires_at.eq(expires_at),
                ))
                .execute(conn)
                .await?;
            Ok(true)
        })
        .await
    })
    .await
}
