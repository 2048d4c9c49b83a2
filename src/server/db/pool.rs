//! The connection pool, and the one way to use it: [`Db::run`].
//!
//! diesel-async's MySQL connection is not cancellation-safe: if a request is dropped while rows
//! are streaming (the browser went away), the connection goes back to the pool out of step with
//! the server and later queries fail ("Unexpected end of row"; diesel_async #139, #198). So every
//! unit of database work runs to completion in its own task, whatever happens to the request
//! that asked for it. That also makes each write all-or-nothing from the user's side.

use diesel_async::{
    pooled_connection::{bb8, AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod},
    AsyncConnection, AsyncMysqlConnection,
};
use secrecy::{ExposeSecret, SecretString};
use std::{future::Future, time::Duration};

/// A connection checked out of the pool; it goes back when dropped. Queries take `&mut conn`.
pub type DbConn = bb8::PooledConnection<'static, AsyncMysqlConnection>;

/// How long a request waits for a free connection before it gives up.
const POOL_CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Connect(#[from] diesel::ConnectionError),
    #[error("no database connection available: {0}")]
    Pool(#[from] bb8::RunError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("database task ended abnormally: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// A cheap-to-clone handle on the MySQL pool.
#[derive(Clone)]
pub struct Db {
    pool: bb8::Pool<AsyncMysqlConnection>,
}

impl Db {
    /// Checks that the database answers, then builds the pool, so a wrong URL or an unreachable
    /// server is reported at start-up rather than on the first request.
    pub async fn connect(url: &SecretString, max_size: u32) -> Result<Db, DbError> {
        // Open one connection directly first: bb8 retries a refused connection until its
        // timeout and then reports only "timed out", hiding the cause.
        AsyncMysqlConnection::establish(url.expose_secret()).await?;
        let mut manager_config = ManagerConfig::default();
        // A checked-out connection has answered a query, so a broken one is never handed out.
        manager_config.recycling_method = RecyclingMethod::Verified;
        let manager =
            AsyncDieselConnectionManager::<AsyncMysqlConnection>::new_with_config(url.expose_secret(), manager_config);
        let pool = bb8::Pool::builder()
            .max_size(max_size)
            .connection_timeout(POOL_CHECKOUT_TIMEOUT)
            .test_on_check_out(true)
            .build_unchecked(manager);
        Ok(Db { pool })
    }

    /// Runs `work` on a pooled connection in its own task and waits for it. If the caller is
    /// dropped, the work still runs to the end and the connection returns to the pool clean.
    ///
    /// ```text
    /// let count = db.run(|mut conn| async move { tasks::table.count().get_result(&mut conn).await }).await?;
    /// ```
    pub async fn run<T, F, Fut>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(DbConn) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, diesel::result::Error>> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::spawn(async move {
            let conn = pool.get_owned().await?;
            Ok(work(conn).await?)
        })
        .await?
    }
}

/// Why a transaction rolled back: the database failed, or the work itself refused to go on
/// (a stale version, a missing permission) and says why.
#[derive(Debug)]
pub enum Rollback<R> {
    Refused(R),
    Db(diesel::result::Error),
}

impl<R> From<diesel::result::Error> for Rollback<R> {
    fn from(error: diesel::result::Error) -> Self {
        Rollback::Db(error)
    }
}

impl<R> Rollback<R> {
    /// Separates a refusal (an answer for the person) from a database failure (an error for
    /// [`Db::run`]).
    pub fn split<T>(result: Result<T, Rollback<R>>) -> Result<Result<T, R>, diesel::result::Error> {
        match result {
            Ok(value) => Ok(Ok(value)),
            Err(Rollback::Refused(reason)) => Ok(Err(reason)),
            Err(Rollback::Db(error)) => Err(error),
        }
    }
}
