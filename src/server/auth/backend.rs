//! The axum-login backend: how a user is found and how credentials are checked.

use super::password::{HashError, Hasher};
use super::user_cache::UserCache;
use crate::{
    domain::preferences::Theme,
    i18n::Locale,
    server::db::{users, Db, DbError},
};
use axum_login::{AuthUser, AuthnBackend, UserId};
use std::{fmt, sync::Arc};

/// A logged-in user, as the server knows them.
#[derive(Clone)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// A link sent to the address has been used (DESIGN.md "verified address").
    pub verified: bool,
    /// The board `/` opens (loaded with the user on every request anyway).
    pub last_board_id: Option<i64>,
    /// The account page's settings (`None`: follow the browser, the system).
    pub language: Option<Locale>,
    pub time_zone: String,
    pub theme: Option<Theme>,
    password_hash: String,
}

impl From<users::UserRow> for User {
    fn from(row: users::UserRow) -> Self {
        User {
            verified: row.email_verified_at.is_some(),
            last_board_id: row.last_board_id,
            language: row.locale.as_deref().and_then(|code| code.parse().ok()),
            time_zone: row.time_zone,
            theme: row.theme.as_deref().and_then(Theme::parse),
            id: row.id,
            name: row.name,
            email: row.email,
            password_hash: row.password_hash,
        }
    }
}

#[cfg(test)]
impl User {
    /// An active, verified account with settings left to the browser.
    pub fn for_tests(id: i64, name: &str) -> User {
        User {
            id,
            name: name.to_owned(),
            email: format!("user{id}@example.com"),
            verified: true,
            last_board_id: None,
            language: None,
            time_zone: "UTC".to_owned(),
            theme: None,
            password_hash: String::new(),
        }
    }
}

/// Leaves the hash out of logs.
impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User").field("id", &self.id).field("name", &self.name).finish_non_exhaustive()
    }
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    /// Sessions remember this; when the password changes it no longer matches, and axum-login
    /// ends every session made with the old password.
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

#[derive(Clone)]
pub struct Credentials {
    /// Already lower-cased and trimmed (see `Email::parse`), or the raw input if it did not parse.
    pub email: String,
    pub password: String,
}

#[derive(Clone)]
pub struct Backend {
    db: Db,
    hasher: Hasher,
    /// Shared with the session store, whose reads say when a kept copy is still current.
    users: Arc<UserCache>,
}

impl Backend {
    pub fn new(db: Db, hasher: Hasher, users: Arc<UserCache>) -> Backend {
        Backend { db, hasher, users }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("the database failed")]
    Db(#[from] DbError),
    #[error("checking the password failed")]
    Hash(#[from] HashError),
}

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = BackendError;

    async fn authenticate(&self, credentials: Credentials) -> Result<Option<User>, BackendError> {
        let user = users::find_by_email(&self.db, &credentials.email).await?;
        // Always run Argon2, even for an unknown email: same work, same time, same answer.
        let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
        let verified = self.hasher.verify(credentials.password, stored_hash).await?;
        // A deactivated account is refused like a wrong password: the same answer either way.
        Ok(user.filter(|user| verified && user.is_active()).map(User::from))
    }

    /// Every request checks its user again: a deactivated account's sessions end at once. The
    /// session read has just seen when the account last changed; unchanged, the copy kept
    /// from an earlier request is used (`user_cache`), else it is read now.
    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, BackendError> {
        if let Some(user) = self.users.current(*id) {
            return Ok(Some(user));
        }
        let Some(row) = users::find_by_id(&self.db, *id).await?.filter(users::UserRow::is_active) else {
            self.users.forget(*id);
            return Ok(None);
        };
        let updated_at = row.updated_at;
        let user = User::from(row);
        self.users.keep(*id, updated_at, user.clone());
        Ok(Some(user))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;
