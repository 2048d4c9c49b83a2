//! The server binary: configuration → application → serve until SIGTERM or Ctrl-C.
//! `taskboard healthcheck` instead asks a running server's `/healthz` (the container's check);
//! `taskboard migrate` applies the migrations and sets up the app's database user (deployments).

use std::process::ExitCode;
use taskboard::server::{config::Config, startup::Application, telemetry};

/// Many small, short-lived allocations per request (rendering, rows): see Cargo.toml. The image
/// sets `MIMALLOC_ARENA_EAGER_COMMIT=0`, which keeps RSS down (Dockerfile).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("healthcheck") => return healthcheck().await,
        Some("migrate") => return migrate().await,
        _ => {}
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One line, no backtrace: the message names the setting to fix.
            eprintln!("taskboard: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| format!("configuration error: {e}"))?;
    telemetry::init(config.log_format);
    let app = Application::build(config).await.map_err(|e| e.to_string())?;
    app.run_until(shutdown_signal()).await.map_err(|e| format!("server error: {e}"))?;
    tracing::info!("Taskboard stopped");
    Ok(())
}

/// `taskboard migrate`: applies pending migrations to `DATABASE_URL` (as a user that may change
/// the schema) and, with `APP_DATABASE_USER` and `APP_DATABASE_PASSWORD`, makes sure the app's
/// own user exists with row access only. Run before each deployment; the servers then start
/// with `RUN_MIGRATIONS=false` as that user.
async fn migrate() -> ExitCode {
    use taskboard::server::db::migrations;

    let result = async {
        let config = Config::from_env().map_err(|e| format!("configuration error: {e}"))?;
        telemetry::init(config.log_format);
        migrations::run_pending(&config.database_url, config.database_ca_file.as_deref())
            .await
            .map_err(|e| format!("migrations failed: {e}"))?;
        if let Some(user) = &config.app_database_user {
            migrations::grant_app_user(&config.database_url, config.database_ca_file.as_deref(), user)
                .await
                .map_err(|e| format!("setting up the app's database user failed: {e}"))?;
        }
        tracing::info!(database = %config.database_url_redacted(), "migrations applied");
        Ok::<_, String>(())
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("taskboard migrate: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Exit 0 when the server on `LISTEN_ADDR` (default 127.0.0.1:3000) answers `/healthz` with 200.
async fn healthcheck() -> ExitCode {
    let listen_addr = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let result = match listen_addr.parse() {
        Ok(addr) => taskboard::server::health::probe(addr).await,
        Err(_) => Err(format!("LISTEN_ADDR={listen_addr} is not an address")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("taskboard healthcheck: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Completes on Ctrl-C or SIGTERM (what ECS sends before stopping a task).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested: finishing in-flight requests");
}
