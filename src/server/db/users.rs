//! Queries on `users`.

use super::{schema::users, Db, DbError};
use diesel::{
    prelude::*,
    result::{DatabaseErrorKind, Error as DieselError},
};
use diesel_async::RunQueryDsl;

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, DbError> {
    let email = email.to_owned();
    db.run(move |mut conn| async move {
        users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(&mut conn).await.optional()
    })
    .await
}

pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, DbError> {
    db.run(move |mut conn| async move {
        users::table.find(id).select(UserRow::as_select()).first(&mut conn).await.optional()
    })
    .await
}

#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Creates an account. The unique index on `email` decides races between two sign-ups.
pub async fn insert(db: &Db, name: &str, email: &str, password_hash: &str) -> Result<UserRow, InsertUserError> {
    let (name, email, password_hash) = (name.to_owned(), email.to_owned(), password_hash.to_owned());
    let inserted = db
        .run(move |mut conn| async move {
            diesel::insert_into(users::table)
                .values((users::name.eq(&name), users::email.eq(&email), users::password_hash.eq(&password_hash)))
                .execute(&mut conn)
                .await?;
            users::table.filter(users::email.eq(&email)).select(UserRow::as_select()).first(&mut conn).await
        })
        .await;
    match inserted {
        Ok(user) => Ok(user),
        Err(DbError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            Err(InsertUserError::EmailTaken)
        }
        Err(other) => Err(other.into()),
    }
}

/// Marks the account's address as verified (if it was not): a link sent to it was used.
pub async fn mark_verified(
    conn: &mut diesel_async::AsyncMysqlConnection,
    id: i64,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set(users::email_verified_at.eq(now))
        .execute(conn)
        .await
        .map(|_| ())
}
