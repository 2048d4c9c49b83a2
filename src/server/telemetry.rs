//! Logging: readable lines in a terminal, one JSON object per line in production (CloudWatch).
//! Logs go to stdout; stderr is kept for the one-line start-up error.

use super::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// `RUST_LOG` overrides the default level (for example `RUST_LOG=debug,hyper=info`).
const DEFAULT_LOG_FILTER: &str = "info,tower_http=info,aws_config=warn,aws_smithy_runtime=warn";

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stdout);
    // try_init: the integration tests start several apps in one process.
    let _ = match format {
        // Each line carries the spans it happened in (the request's id, path and user, then
        // the service step), outermost first.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}
