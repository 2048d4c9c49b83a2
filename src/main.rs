//! The server binary: configuration → application → serve until SIGTERM or Ctrl-C.

use std::process::ExitCode;
use taskboard::server::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
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
