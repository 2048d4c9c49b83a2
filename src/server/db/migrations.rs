//! The SQL migrations in `migrations/`, compiled into the binary and applied at start-up.

use diesel_async::{async_connection_wrapper::AsyncConnectionWrapper, AsyncMysqlConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use secrecy::{ExposeSecret, SecretString};

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Applies every pending migration. Diesel's migration runner is synchronous, so it runs on a
/// blocking thread over a connection wrapper that drives the async connection.
pub async fn run_pending(url: &SecretString) -> Result<(), MigrationError> {
    let url = url.expose_secret().to_owned();
    tokio::task::spawn_blocking(move || -> Result<(), MigrationError> {
        use diesel::Connection;
        let mut conn = AsyncConnectionWrapper::<AsyncMysqlConnection>::establish(&url)?;
        conn.run_pending_migrations(MIGRATIONS)?;
        Ok(())
    })
    .await?
}
