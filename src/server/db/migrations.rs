//! The SQL migrations in `migrations/`, compiled into the binary. Locally the server applies
//! them at start-up; in AWS `taskboard migrate` does, as the database's admin user, before a
//! deployment, and grants the app's own user only what serving needs (`grant_app_user`), so
//! the running server cannot change the schema or drop a table, whatever it is made to do.

use super::connect::establish;
use diesel_async::{async_connection_wrapper::AsyncConnectionWrapper, AsyncMysqlConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Applies every pending migration. Diesel's migration runner is synchronous, so it runs on a
/// blocking thread over a connection wrapper that drives the async connection.
pub async fn run_pending(url: &SecretString, ca_file: Option<&Path>) -> Result<(), MigrationError> {
    let conn = establish(url.expose_secret(), ca_file).await?;
    tokio::task::spawn_blocking(move || -> Result<(), MigrationError> {
        let mut conn = AsyncConnectionWrapper::<AsyncMysqlConnection>::from(conn);
        conn.run_pending_migrations(MIGRATIONS)?;
        Ok(())
    })
    .await?
}

/// The names of the migrations not applied yet. Read without diesel's migration harness, which
/// would first try to create its table: a user with row access only may not (not even "if not
/// exists").
pub async fn pending(url: &SecretString, ca_file: Option<&Path>) -> Result<Vec<String>, MigrationError> {
    use diesel::{migration::MigrationSource, mysql::Mysql, sql_types::Text, QueryableByName};
    use diesel_async::RunQueryDsl;

    #[derive(QueryableByName)]
    struct Applied {
        #[diesel(sql_type = Text)]
        version: String,
    }
    let mut conn = establish(url.expose_secret(), ca_file).await?;
    let applied: Vec<String> = match diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
        .load::<Applied>(&mut conn)
        .await
    {
        Ok(rows) => rows.into_iter().map(|row| row.version).collect(),
        // No table yet: nothing was ever applied.
        Err(diesel::result::Error::DatabaseError(_, info)) if info.message().contains("doesn't exist") => Vec::new(),
        Err(error) => return Err(error.into()),
    };
    let known = MigrationSource::<Mysql>::migrations(&MIGRATIONS)?;
    Ok(known
        .iter()
        .filter(|migration| !applied.contains(&migration.name().version().to_string()))
        .map(|migration| migration.name().to_string())
        .collect())
}

/// The app's own database user: who it is and its password. Both are checked when read
/// (`config`): the name is a plain identifier and the password letters and digits, so they can
/// be written into the statements below, which MySQL does not let take parameters.
#[derive(Clone, Debug)]
pub struct AppUser {
    pub name: String,
    pub password: SecretString,
}

/// Creates (or updates the password of) `user`, able to read and write rows of the database in
/// `url` and nothing more: no CREATE, ALTER, DROP, GRANT or FILE.
pub async fn grant_app_user(url: &SecretString, ca_file: Option<&Path>, user: &AppUser) -> Result<(), MigrationError> {
    use diesel_async::RunQueryDsl;

    let database = url::Url::parse(url.expose_secret())?.path().trim_start_matches('/').to_owned();
    let mut conn = establish(url.expose_secret(), ca_file).await?;
    let (name, password) = (&user.name, user.password.expose_secret());
    for statement in [
        format!("CREATE USER IF NOT EXISTS '{name}'@'%' IDENTIFIED BY '{password}'"),
        format!("ALTER USER '{name}'@'%' IDENTIFIED BY '{password}'"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON `{database}`.* TO '{name}'@'%'"),
    ] {
        diesel::sql_query(statement).execute(&mut conn).await?;
    }
    Ok(())
}
