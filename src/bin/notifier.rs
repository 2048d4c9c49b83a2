//! The notifier Lambda. In AWS the audit table's stream feeds it (event source mapping: INSERT
//! records only, `ReportBatchItemFailures`, bisect on error, failures to an SQS dead-letter
//! queue). A thin wrapper: the handler is `server::notify`, the same the local server uses.
//!
//! It folds each new audit row into the notification bursts; the app's instances send them
//! when due. Settings: `TABLE_PREFIX`, optionally `NOTIFY_SQUASH_SECONDS` (and the region
//! Lambda provides).

// The handler's future nests the Lambda runtime's, the handler's spans' and the AWS SDK's:
// deeper than rustc's default limit (128) lets it work out the future's layout.
#![recursion_limit = "256"]

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::Value;
use taskboard::server::{
    audit::AuditTables,
    config::LogFormat,
    notify::{bursts::Bursts, lambda_event},
    telemetry,
};

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init(LogFormat::Json);
    let setting = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let window = match std::env::var("NOTIFY_SQUASH_SECONDS") {
        Ok(seconds) => {
            std::time::Duration::from_secs(seconds.trim().parse().map_err(|_| "NOTIFY_SQUASH_SECONDS is not a number")?)
        }
        Err(_) => taskboard::server::notify::bursts::SQUASH_WINDOW,
    };
    let bursts = Bursts {
        client: aws_sdk_dynamodb::Client::new(&sdk_config),
        table: AuditTables::new(&setting("TABLE_PREFIX")?).bursts,
        window,
    };
    let bursts = &bursts;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        lambda_event::handle(bursts, &event.payload).await.map_err(Error::from)
    }))
    .await
}
