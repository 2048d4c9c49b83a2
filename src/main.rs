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
    // The handlers are installed before anything else: the listener is bound early in `build`,
    // and a SIGTERM that came while the rest of start-up ran would otherwise kill the process
    // outright instead of stopping it gracefully.
    let shutdown = shutdown_signal();
    let config = Config::from_env().map_err(|e| format!("configuration error: {e}"))?;
    telemetry::init(config.log_format);
    let app = Application::build(config).await.map_err(|e| e.to_string())?;
    app.run_until(shutdown).await.map_err(|e| format!("server error: {e}"))?;
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

/// Completes on Ctrl-C or SIGTERM (what ECS sends before stopping a task). The handlers are
/// registered when this is called, not when the future is first polled.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        #[cfg(unix)]
        let terminate = async {
            match terminate.as_mut() {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            () = terminate => {},
        }
        tracing::info!("shutdown requested: finishing in-flight requests");
    }
}
