//! Queries on `api_tokens` (migration 000028): a person's personal access tokens, and finding
//! the account behind a token's hash.

use super::{
    schema::{api_tokens, users},
    users::UserRow,
    Db, DbError,
};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// How stale a token's "last used" may get before a request writes it again: a script calling
/// every second does not write the row every second.
const LAST_USED_PRECISION: TimeDelta = TimeDelta::minutes(1);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub hint: String,
    pub access: String,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A new token's row.
pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub secret_hash: &'a str,
    pub hint: &'a str,
    pub access: &'a str,
    pub expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// The most tokens one account keeps; making another asks to revoke one first.
pub const TOKENS_PER_ACCOUNT_MAX: i64 = 50;

/// Stores a new token, unless its owner already has [`TOKENS_PER_ACCOUNT_MAX`]: `false` then.
pub async fn insert(db: &Db, token: NewToken<'_>) -> Result<bool, DbError> {
    let (user_id, name, secret_hash, hint, access, expires_at, created_at) = (
        token.user_id,
        token.name.to_owned(),
        token.secret_hash.to_owned(),
        token.hint.to_owned(),
        token.access.to_owned(),
        token.expires_at,
        token.created_at,
    );
    db.run(move |mut conn| async move {
        let kept: i64 = api_tokens::table.filter(api_tokens::user_id.eq(user_id)).count().get_result(&mut conn).await?;
        if kept >= TOKENS_PER_ACCOUNT_MAX {
            return Ok(false);
        }
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::user_id.eq(user_id),
                api_tokens::name.eq(name),
                api_tokens::secret_hash.eq(secret_hash),
                api_tokens::hint.eq(hint),
                api_tokens::access.eq(access),
                api_tokens::expires_at.eq(expires_at),
                api_tokens::created_at.eq(created_at),
            ))
            .execute(&mut conn)
            .await?;
        Ok(true)
    })
    .await
}

/// `user_id`'s tokens, newest first.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<TokenRow>, DbError> {
    db.run(move |mut conn| async move {
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .order(api_tokens::id.desc())
            .select(TokenRow::as_select())
            .load(&mut conn)
            .await
    })
    .await
}

/// Deletes token `id` if it is `user_id`'s: its name when it was, `None` otherwise (someone
/// else's token is no different from one that does not exist).
pub async fn revoke(db: &Db, user_id: i64, id: i64) -> Result<Option<String>, DbError> {
    db.run(move |mut conn| async move {
        let name: Option<String> = api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user_id))
            .select(api_tokens::name)
            .first(&mut conn)
            .await
            .optional()?;
        if name.is_some() {
            diesel::delete(api_tokens::table.filter(api_tokens::id.eq(id)).filter(api_tokens::user_id.eq(user_id)))
                .execute(&mut conn)
                .await?;
        }
        Ok(name)
    })
    .await
}

/// The token whose secret hashes to `secret_hash`, with its owner's row, if it exists and has
/// not expired at `now`; its "last used" is brought up to `now` if it was older than a minute.
/// One query by the unique key (plus, at most once a minute, an update by primary key).
pub async fn authenticate(
    db: &Db,
    secret_hash: String,
    now: NaiveDateTime,
) -> Result<Option<(TokenRow, UserRow)>, DbError> {
    db.run(move |mut conn| async move {
        let found: Option<(TokenRow, UserRow)> = api_tokens::table
            .inner_join(users::table)
            .filter(api_tokens::secret_hash.eq(secret_hash))
            .filter(api_tokens::expires_at.is_null().or(api_tokens::expires_at.gt(now)))
            .select((TokenRow::as_select(), UserRow::as_select()))
            .first(&mut conn)
            .await
            .optional()?;
        if let Some((token, _)) = &found {
            if token.last_used_at.is_none_or(|at| at < now - LAST_USED_PRECISION) {
                diesel::update(api_tokens::table.find(token.id))
                    .set(api_tokens::last_used_at.eq(now))
                    .execute(&mut conn)
                    .await?;
            }
        }
        Ok(found)
    })
    .await
}
