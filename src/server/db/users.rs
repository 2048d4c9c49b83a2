//! Queries on `users`.

use super::{schema::users, Db, DbError};
use crate::domain::{
    preferences::{Preferences, Theme},
    Handle,
};
use crate::i18n::Locale;
use diesel::{
    prelude::*,
    result::{DatabaseErrorKind, Error as DieselError},
};
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};
use leptos_i18n::Locale as _;

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub email_verified_at: Option<chrono::NaiveDateTime>,
    pub deactivated_at: Option<chrono::NaiveDateTime>,
    pub last_board_id: Option<i64>,
    /// `en` or `ko`; `None` follows the browser.
    pub locale: Option<String>,
    /// An IANA name; checked when saved.
    pub time_zone: String,
    /// `light` or `dark`; `None` follows the system.
    pub theme: Option<String>,
    /// Moved on by MySQL on every change to the row (`auth::user_cache` relies on it).
    pub updated_at: chrono::NaiveDateTime,
}

impl UserRow {
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
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

/// Creates an account with the first free handle among `handle`, `handle2`, `handle3`, …
/// The unique indexes decide races: two sign-ups for one address (the second is refused), and
/// two for one handle (the second tries the next number).
pub async fn insert(
    db: &Db,
    name: &str,
    email: &str,
    password_hash: &str,
    time_zone: &str,
    locale: Locale,
    handle: Handle,
) -> Result<UserRow, InsertUserError> {
    let (name, email, password_hash, time_zone) =
        (name.to_owned(), email.to_owned(), password_hash.to_owned(), time_zone.to_owned());
    let locale = locale.as_str();
    let inserted = db
        .run(move |mut conn| async move {
            let mut attempt = 0;
            loop {
                let free = free_handle(&mut conn, &handle).await?;
                let result = diesel::insert_into(users::table)
                    .values((
                        users::name.eq(&name),
                        users::email.eq(&email),
                        users::handle.eq(free.as_str()),
                        users::password_hash.eq(&password_hash),
                        users::time_zone.eq(&time_zone),
                        users::locale.eq(locale),
                    ))
                    .execute(&mut conn)
                    .await;
                match result {
                    Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
                        if info.message().contains("users_handle") && attempt < 5 =>
                    {
                        attempt += 1; // someone took it meanwhile
                    }
                    other => {
                        other?;
                        break;
                    }
                }
            }
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

/// `handle` if nobody has it, else `handle` with the lowest number after it that nobody has.
/// One query: the taken handles that start with it.
async fn free_handle(conn: &mut AsyncMysqlConnection, handle: &Handle) -> QueryResult<Handle> {
    let pattern = format!("{}%", handle.as_str().replace('_', "\\_"));
    let taken: Vec<String> = users::table.filter(users::handle.like(pattern)).select(users::handle).load(conn).await?;
    let is_free = |candidate: &Handle| !taken.iter().any(|t| t == candidate.as_str());
    if is_free(handle) {
        return Ok(handle.clone());
    }
    Ok((2..).map(|n| handle.numbered(n)).find(is_free).expect("some number is free"))
}

/// Gives account `id` the handle `handle`; `false` when someone else has it.
pub async fn set_handle(db: &Db, id: i64, handle: &Handle) -> Result<bool, DbError> {
    let handle = handle.as_str().to_owned();
    let updated = db
        .run(move |mut conn| async move {
            diesel::update(users::table.find(id)).set(users::handle.eq(handle)).execute(&mut conn).await
        })
        .await;
    match updated {
        Ok(_) => Ok(true),
        Err(DbError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Account `id`'s handle.
pub async fn handle_of(db: &Db, id: i64) -> Result<String, DbError> {
    db.run(move |mut conn| async move { users::table.find(id).select(users::handle).first(&mut conn).await }).await
}

/// Saves the account page's settings (already parsed and checked).
pub async fn set_preferences(db: &Db, id: i64, preferences: &Preferences) -> Result<(), DbError> {
    let locale = preferences.language.map(|locale| locale.as_str().to_owned());
    let time_zone = preferences.time_zone.clone();
    let theme = preferences.theme.map(|theme| theme.as_str().to_owned());
    db.run(move |mut conn| async move {
        diesel::update(users::table.find(id))
            .set((users::locale.eq(locale), users::time_zone.eq(time_zone), users::theme.eq(theme)))
            .execute(&mut conn)
            .await
            .map(|_| ())
    })
    .await
}

/// Saves the theme alone (the header's toggle).
pub async fn set_theme(db: &Db, id: i64, theme: Theme) -> Result<(), DbError> {
    db.run(move |mut conn| async move {
        diesel::update(users::table.find(id)).set(users::theme.eq(theme.as_str())).execute(&mut conn).await.map(|_| ())
    })
    .await
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

/// The instance's first account (its first admin), if there is any account.
pub async fn first_account(db: &Db) -> Result<Option<i64>, DbError> {
    db.run(|mut conn| async move { users::table.select(diesel::dsl::min(users::id)).first(&mut conn).await }).await
}

/// Every account, by name.
pub async fn all(db: &Db) -> Result<Vec<UserRow>, DbError> {
    db.run(|mut conn| async move {
        users::table.select(UserRow::as_select()).order((users::name.asc(), users::id.asc())).load(&mut conn).await
    })
    .await
}

/// Deactivates or reactivates account `id`; `false` when there is no such account.
pub async fn set_active(db: &Db, id: i64, active: bool) -> Result<bool, DbError> {
    let deactivated_at = (!active).then(|| chrono::Utc::now().naive_utc());
    db.run(move |mut conn| async move {
        let changed = diesel::update(users::table.find(id))
            .set(users::deactivated_at.eq(deactivated_at))
            .execute(&mut conn)
            .await?;
        Ok(changed == 1)
    })
    .await
}
