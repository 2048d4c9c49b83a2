//! tower-sessions' store in MySQL, so every server instance sees every session.
//!
//! The table keeps a SHA-256 of each session id, never the id itself: someone who can read the
//! table (a backup, a replica, a leaked dump) cannot take over the sessions in it.

use super::user_cache::UserCache;
use crate::server::db::{
    schema::{sessions, users},
    Db, DbError,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::{
    prelude::*,
    result::{DatabaseErrorKind, Error as DieselError},
};
use diesel_async::RunQueryDsl;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    SessionStore,
};

/// The key under which axum-login keeps `{ user_id, auth_hash }` in the session data; set
/// explicitly on the auth layer so this store can read the user id out of it.
pub const AUTH_DATA_KEY: &str = "taskboard.auth";

#[derive(Clone)]
pub struct MysqlSessionStore {
    db: Db,
    /// Told, on each read, when the session's account last changed (`user_cache`).
    users: Arc<UserCache>,
}

impl MysqlSessionStore {
    pub fn new(db: Db) -> MysqlSessionStore {
        MysqlSessionStore { db, users: Arc::default() }
    }

    /// The cache of accounts this store's reads vouch for: the auth backend's.
    pub fn user_cache(&self) -> Arc<UserCache> {
        self.users.clone()
    }

    /// Ends every session of `user_id` (after a password reset).
    pub async fn delete_all_for_user(&self, user_id: i64) -> Result<(), DbError> {
        self.db
            .run(move |mut conn| async move {
                diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(&mut conn).await
            })
            .await?;
        Ok(())
    }
}

impl std::fmt::Debug for MysqlSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MysqlSessionStore")
    }
}

/// One row, ready to write.
#[derive(Insertable)]
#[diesel(table_name = sessions)]
struct Row {
    id: String,
    user_id: Option<i64>,
    data: String,
    expiry_date: NaiveDateTime,
}

/// The row key of session `id`: the SHA-256 of the id as the cookie carries it, in hex.
pub fn row_key(cookie_value: &str) -> String {
    hex::encode(Sha256::digest(cookie_value.as_bytes()))
}

fn key(id: &Id) -> String {
    row_key(&id.to_string())
}

impl Row {
    fn from_record(record: &Record) -> session_store::Result<Row> {
        let user_id = record.data.get(AUTH_DATA_KEY).and_then(|auth| auth.get("user_id")).and_then(|id| id.as_i64());
        Ok(Row {
            id: key(&record.id),
            user_id,
            data: serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?,
            expiry_date: to_naive_utc(record.expiry_date),
        })
    }
}

fn to_naive_utc(time: OffsetDateTime) -> NaiveDateTime {
    DateTime::<Utc>::from_timestamp(time.unix_timestamp(), time.nanosecond()).unwrap_or_default().naive_utc()
}

fn from_naive_utc(time: NaiveDateTime) -> session_store::Result<OffsetDateTime> {
    let utc = time.and_utc();
    OffsetDateTime::from_unix_timestamp_nanos(utc.timestamp_nanos_opt().unwrap_or_default() as i128)
        .map_err(|e| session_store::Error::Decode(e.to_string()))
}

fn backend_error(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for MysqlSessionStore {
    /// Inserts a new session; on the (astronomically unlikely) clash of ids, draws a new id.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let row = Row::from_record(record)?;
            let inserted = self
                .db
                .run(move |mut conn| async move {
                    diesel::insert_into(sessions::table).values(&row).execute(&mut conn).await
                })
                .await;
            match inserted {
                Ok(_) => return Ok(()),
                Err(DbError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
                    record.id = Id::default()
                }
                Err(other) => return Err(backend_error(other)),
            }
        }
    }

    /// Updates the session if it still exists. Never creates it: a request that was under way
    /// while the session was logged out (or ended by a password reset) must not bring it back by
    /// saving it afterwards. New sessions come through `create`.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = Row::from_record(record)?;
        self.db
            .run(move |mut conn| async move {
                diesel::update(sessions::table.find(&row.id))
                    .set((
                        sessions::user_id.eq(row.user_id),
                        sessions::data.eq(&row.data),
                        sessions::expiry_date.eq(row.expiry_date),
                    ))
                    .execute(&mut conn)
                    .await
            })
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    /// Reads the session and, in the same query, when its account last changed: the auth
    /// backend then needs no query of its own when it has not (`user_cache`).
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let key = key(id);
        let now = Utc::now().naive_utc();
        let row: Option<(String, NaiveDateTime, Option<i64>, Option<NaiveDateTime>)> = self
            .db
            .run(move |mut conn| async move {
                sessions::table
                    .left_join(users::table.on(sessions::user_id.eq(users::id.nullable())))
                    .filter(sessions::id.eq(key).and(sessions::expiry_date.gt(now)))
                    .select((sessions::data, sessions::expiry_date, sessions::user_id, users::updated_at.nullable()))
                    .first(&mut conn)
                    .await
                    .optional()
            })
            .await
            .map_err(backend_error)?;
        let Some((data, expiry_date, user_id, account_changed)) = row else { return Ok(None) };
        if let (Some(user_id), Some(changed)) = (user_id, account_changed) {
            self.users.saw(user_id, changed);
        }
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?,
            expiry_date: from_naive_utc(expiry_date)?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let key = key(id);
        self.db
            .run(move |mut conn| async move {
                diesel::delete(sessions::table.filter(sessions::id.eq(key))).execute(&mut conn).await
            })
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for MysqlSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let now = Utc::now().naive_utc();
        self.db
            .run(move |mut conn| async move {
                diesel::delete(sessions::table.filter(sessions::expiry_date.le(now))).execute(&mut conn).await
            })
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}
