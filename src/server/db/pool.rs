//! The connection pool, and the one way to use it: [`Db::run`].
//!
//! diesel-async's MySQL connection is not cancellation-safe: if a request is dropped while rows
//! are streaming (the browser went away), the connection goes back to the pool out of step with
//! the server and later queries fail ("Unexpected end of row"; diesel_async #139, #198). So every
//! unit of database work runs to completion in its own task, whatever happens to the request
//! that asked for it. That also makes each write all-or-nothing from the user's side.

use crate::server::errors::ServerError;
use diesel_async::{
    pooled_connection::{bb8, AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod},
    AsyncConnection, AsyncMysqlConnection,
};
use secrecy::{ExposeSecret, SecretString};
use std::{
    future::Future,
    path::{Path, PathBuf},
    pin::Pin,
    sync::Arc,
    time::Duration,
};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tracing::Instrument as _;

/// A connection checked out of the pool; it goes back when dropped. Queries take `&mut conn`.
pub type DbConn = bb8::PooledConnection<'static, AsyncMysqlConnection>;

/// What a [`Db::write`] closure returns: its work on the transaction's connection, boxed so the
/// helper can hold any write's future.
pub type WriteFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, ServerError>> + Send + 'c>>;

/// How long a request waits for a free connection before it gives up.
const POOL_CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Connect(#[from] diesel::ConnectionError),
    #[error("no database connection available")]
    Pool(#[from] bb8::RunError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("the database task ended abnormally")]
    Task(#[from] tokio::task::JoinError),
    #[error("no database connection came free in time")]
    Busy,
}

/// A cheap-to-clone handle on the MySQL pool.
#[derive(Clone)]
pub struct Db {
    pool: bb8::Pool<AsyncMysqlConnection>,
    /// Notified after every committed write: the audit relay waits on it, so a change's outbox
    /// row is picked up at once.
    outbox_written: Arc<Notify>,
    /// The same, for the live feed (a `Notify` wakes one waiter).
    changes_committed: Arc<Notify>,
    /// One permit per pooled connection: where work queues for the database (see `slot`).
    slots: Arc<Semaphore>,
}

impl Db {
    /// Checks that the database answers, then builds the pool, so a wrong URL or an unreachable
    /// server is reported at start-up rather than on the first request. With `ca_file`, every
    /// connection is TLS, verified against it (`connect::establish`).
    pub async fn connect(url: &SecretString, ca_file: Option<&Path>, max_size: u32) -> Result<Db, DbError> {
        // Open one connection directly first: bb8 retries a refused connection until its
        // timeout and then reports only "timed out", hiding the cause.
        super::connect::establish(url.expose_secret(), ca_file).await?;
        let mut manager_config = ManagerConfig::default();
        // A checked-out connection has answered a query, so a broken one is never handed out.
        manager_config.recycling_method = RecyclingMethod::Verified;
        let ca_file: Option<PathBuf> = ca_file.map(Path::to_path_buf);
        manager_config.custom_setup = Box::new(move |url| {
            let (url, ca_file) = (url.to_owned(), ca_file.clone());
            Box::pin(async move { super::connect::establish(&url, ca_file.as_deref()).await })
        });
        let manager =
            AsyncDieselConnectionManager::<AsyncMysqlConnection>::new_with_config(url.expose_secret(), manager_config);
        let pool = bb8::Pool::builder()
            .max_size(max_size)
            .connection_timeout(POOL_CHECKOUT_TIMEOUT)
            .test_on_check_out(true)
            .build_unchecked(manager);
        Ok(Db {
            pool,
            outbox_written: Arc::new(Notify::new()),
            changes_committed: Arc::new(Notify::new()),
            slots: Arc::new(Semaphore::new(max_size as usize)),
        })
    }

    /// Waits for one of the pool's connections to be ours to use. Work queues here, in the
    /// caller's future, not in the pool: a request whose client goes away while it waits is
    /// dropped with its place in the queue and never takes a connection. (The checkout itself
    /// runs a query on the connection, `test_on_check_out`, and must not be abandoned halfway:
    /// that left connections out of step in the pool. So it happens in the spawned task, which
    /// holds the slot and meets no queue there, since the slots are as many as the connections.)
    async fn slot(&self) -> Result<OwnedSemaphorePermit, DbError> {
        let slot = tokio::time::timeout(POOL_CHECKOUT_TIMEOUT, self.slots.clone().acquire_owned()).await;
        slot.map_err(|_| DbError::Busy)?.map_err(|_| DbError::Busy)
    }

    /// Runs `work` on a pooled connection in its own task and waits for it. A caller dropped
    /// while it waits for a connection ([`Db::slot`]) leaves nothing behind; once the work has
    /// its slot, it runs to the end even if the caller is dropped, and the connection returns to
    /// the pool clean. The task runs in the caller's span, so its logs say which request it
    /// served.
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
        let slot = self.slot().await?;
        let pool = self.pool.clone();
        tokio::spawn(
            async move {
                let _slot = slot;
                let conn = pool.get_owned().await?;
                Ok(work(conn).await?)
            }
            .instrument(tracing::Span::current()),
        )
        .await?
    }

    /// The one way data changes (the write path in `../shared/DESIGN.md`): `work` runs in one
    /// transaction on its own task (as [`Db::run`]), so it commits or rolls back whole even if
    /// the request goes away. Work that records an audit event (`audit::record`) does so inside
    /// it; once the transaction commits, the relay is woken to send the event on.
    ///
    /// `work` refuses by returning `Err(AppError)` (through `?` or `.into()`): the transaction
    /// rolls back and the refusal reaches the person as it is.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AsyncMysqlConnection) -> WriteFuture<'c, T> + Send + 'static,
    {
        let slot = self.slot().await?;
        let pool = self.pool.clone();
        let committed = tokio::spawn(
            async move {
                let _slot = slot;
                let mut conn = pool.get_owned().await.map_err(DbError::from)?;
                conn.transaction(async move |conn| work(conn).await).await
            }
            .instrument(tracing::Span::current()),
        )
        .await
        .map_err(DbError::from)?;
        if committed.is_ok() {
            self.outbox_written.notify_one();
            self.changes_committed.notify_one();
        }
        committed
    }

    /// Completes after the next committed write (or at once if one committed since the last
    /// wait): what the relay sleeps on between rounds.
    pub async fn outbox_written(&self) {
        self.outbox_written.notified().await;
    }

    /// The same wait, for the live feed.
    pub async fn changes_committed(&self) {
        self.changes_committed.notified().await;
    }
}
