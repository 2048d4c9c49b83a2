//! The notifier Lambda. In AWS the audit table's stream feeds it (event source mapping: INSERT
//! records only, `ReportBatchItemFailures`, bisect on error, failures to an SQS dead-letter
//! queue). A thin wrapper: the handler is `server::notify`, the same the local server uses.
//!
//! Settings: `TABLE_PREFIX`, `APP_BASE_URL`, `EMAIL_FROM` (and the region Lambda provides).

// The handler's future nests the Lambda runtime's, the handler's spans' and the AWS SDK's:
// deeper than rustc's default limit (128) lets it work out the future's layout.
#![recursion_limit = "256"]

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::Value;
use taskboard::server::{
    audit::AuditTables,
    config::LogFormat,
    mailer::Mailer,
    notify::{lambda_event, Notifier},
    telemetry,
};

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init(LogFormat::Json);
    let setting = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let notifier = Notifier {
        mailer: Mailer::new(aws_sdk_sesv2::Client::new(&sdk_config), setting("EMAIL_FROM")?),
        dynamodb: aws_sdk_dynamodb::Client::new(&sdk_config),
        tables: AuditTables::new(&setting("TABLE_PREFIX")?),
        base_url: setting("APP_BASE_URL")?,
    };
    let notifier = &notifier;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        lambda_event::handle(notifier, &event.payload).await.map_err(Error::from)
    }))
    .await
}
