//! Queries on `email_verifications`: the links that confirm an account's address.

use super::{
    schema::{email_verifications, users},
    Db, DbError,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

/// Stores a new link for `user_id` unless `max` were made in the hour before `now`; says
/// whether it did. Under a lock on the user's row, so requests at the same moment cannot all
/// slip under the limit.
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
            let recent: i64 = email_verifications::table
                .filter(email_verifications::user_id.eq(user_id))
                .filter(email_verifications::created_at.gt(now - chrono::TimeDelta::hours(1)))
                .count()
                .get_result(conn)
                .await?;
            if recent >= max {
                return Ok(false);
            }
            diesel::insert_into(email_verifications::table)
                .values((
                    email_verifications::token_hash.eq(&token_hash),
                    email_verifications::user_id.eq(user_id),
                    email_verifications::created_at.eq(now),
                    email_verifications::expires_at.eq(expires_at),
                ))
                .execute(conn)
                .await?;
            Ok(true)
        })
        .await
    })
    .await
}

/// Uses the link (if unused and unexpired) and marks its account's address verified, in one
/// transaction; returns the account's id, or `None` for a link that does not work.
pub async fn consume(db: &Db, token_hash: String, now: NaiveDateTime) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let user_id = email_verifications::table
                .filter(email_verifications::token_hash.eq(&token_hash))
                .filter(email_verifications::used_at.is_null())
                .filter(email_verifications::expires_at.gt(now))
                .select(email_verifications::user_id)
                .for_update()
                .first::<i64>(conn)
                .await
                .optional()?;
            let Some(user_id) = user_id else { return Ok(None) };
            diesel::update(email_verifications::table.filter(email_verifications::user_id.eq(user_id)))
                .filter(email_verifications::used_at.is_null())
                .set(email_verifications::used_at.eq(now))
                .execute(conn)
                .await?;
            super::users::mark_verified(conn, user_id, now).await?;
            Ok(Some(user_id))
        })
        .await
    })
    .await
}
