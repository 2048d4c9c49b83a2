//! The local driver: the server reads the audit table's stream (DynamoDB Local) itself and
//! folds each new row into the notification bursts ([`Bursts::fold`]). Its place in each shard
//! is saved in MySQL after every record, so a restart neither skips nor repeats. In AWS a
//! Lambda does this instead.
//!
//! An event that cannot be folded (DynamoDB away) is tried again with a growing pause (the
//! stream waits meanwhile); after `NOTIFY_MAX_ATTEMPTS` it is logged and the stream moves on.

use super::bursts::{BurstError, Bursts};
use crate::{
    domain::audit::AuditEvent,
    server::{
        audit::AuditTables,
        db::{checkpoints, Db},
        errors::chain,
    },
};
use aws_sdk_dynamodbstreams::{
    error::{DisplayErrorContext, SdkError},
    types::{AttributeValue, OperationType, ShardIteratorType},
};
use std::time::Duration;

/// How often an idle stream is read again.
const STREAM_POLL_INTERVAL: Duration = Duration::from_millis(250);
/// Tries per event before it is parked: with the backoff below, about four minutes.
const NOTIFY_MAX_ATTEMPTS: u32 = 12;
const NOTIFY_MAX_BACKOFF: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct StreamReader {
    pub db: Db,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub streams: aws_sdk_dynamodbstreams::Client,
    pub tables: AuditTables,
    pub bursts: Bursts,
}

/// How a pass treats an event whose emails cannot all be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Try it `NOTIFY_MAX_ATTEMPTS` times with growing pauses, then park it and go on: the
    /// running server's way.
    RetryThenPark,
    /// Try it once; if emails are still owed, stop the pass before it, so the next pass starts
    /// there: a test's way, with no pauses.
    StopAtFailure,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Aws(String),
    #[error("the database failed")]
    Db(#[from] crate::server::db::DbError),
    #[error("the audit table has no stream yet")]
    NoStream,
    #[error("an event could not be folded into its bursts")]
    Unfolded(#[from] BurstError),
}

fn aws<E: std::error::Error + 'static, R: std::fmt::Debug>(error: SdkError<E, R>) -> ReadError {
    ReadError::Aws(DisplayErrorContext(&error).to_string())
}

impl StreamReader {
    /// Runs until the task is aborted.
    pub async fn run(self) {
        let mut failures: u32 = 0;
        loop {
            match self.pass(Persistence::RetryThenPark).await {
                Ok(handled) => {
                    failures = 0;
                    if handled == 0 {
                        tokio::time::sleep(STREAM_POLL_INTERVAL).await;
                    }
                }
                Err(error) => {
                    failures += 1;
                    // Quiet while the relay is still creating the table.
                    if !matches!(error, ReadError::NoStream) || failures > 20 {
                        tracing::warn!(error = %chain(&error), failures, "reading the audit stream failed");
                    }
                    tokio::time::sleep(backoff(failures)).await;
                }
            }
        }
    }

    /// Passes until one finds nothing new; returns how many records they handled. For tests,
    /// which drive the reader themselves.
    pub async fn deliver_all(&self) -> Result<usize, ReadError> {
        let mut total = 0;
        loop {
            match self.pass(Persistence::StopAtFailure).await? {
                0 => return Ok(total),
                handled => total += handled,
            }
        }
    }

    /// One pass over every shard of the audit table's stream; returns how many records it
    /// handled.
    #[tracing::instrument(name = "stream_pass", skip_all, err(level = "debug"))]
    pub async fn pass(&self, persistence: Persistence) -> Result<usize, ReadError> {
        let stream_arn = self.stream_arn().await?;
        self.read_once(&stream_arn, persistence).await
    }

    /// The audit table's current stream.
    async fn stream_arn(&self) -> Result<String, ReadError> {
        let table = self.dynamodb.describe_table().table_name(&self.tables.audit).send().await.map_err(|e| {
            if e.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()) {
                ReadError::NoStream
            } else {
                aws(e)
            }
        })?;
        Ok(table.table().and_then(|t| t.latest_stream_arn()).ok_or(ReadError::NoStream)?.to_owned())
    }

    /// Every shard of the stream, in order; returns how many records were handled.
    async fn read_once(&self, stream_arn: &str, persistence: Persistence) -> Result<usize, ReadError> {
        let mut shards = Vec::new();
        let mut start: Option<String> = None;
        loop {
            let page = self
                .streams
                .describe_stream()
                .stream_arn(stream_arn)
                .set_exclusive_start_shard_id(start.take())
                .send()
                .await
                .map_err(aws)?;
            let description = page.stream_description();
            shards.extend(description.map(|d| d.shards().to_vec()).unwrap_or_default());
            match description.and_then(|d| d.last_evaluated_shard_id()) {
                Some(last) => start = Some(last.to_owned()),
                None => break,
            }
        }
        // Older shards first: a child shard's records come after its parent's.
        shards.sort_by_key(|shard| {
            shard
                .sequence_number_range()
                .and_then(|r| r.starting_sequence_number())
                .map(|s| s.parse::<u128>().unwrap_or(0))
        });

        let mut handled = 0;
        for shard in shards {
            let Some(shard_id) = shard.shard_id() else { continue };
            handled += self.read_shard(stream_arn, shard_id, persistence).await?;
        }
        Ok(handled)
    }

    async fn read_shard(&self, stream_arn: &str, shard_id: &str, persistence: Persistence) -> Result<usize, ReadError> {
        let checkpoint = checkpoints::load(&self.db, stream_arn, shard_id).await?;
        if checkpoint.finished {
            return Ok(0);
        }
        let iterator = {
            let request = self.streams.get_shard_iterator().stream_arn(stream_arn).shard_id(shard_id);
            let request = match &checkpoint.sequence_number {
                Some(sequence_number) => {
                    request.shard_iterator_type(ShardIteratorType::AfterSequenceNumber).sequence_number(sequence_number)
                }
                None => request.shard_iterator_type(ShardIteratorType::TrimHorizon),
            };
            request.send().await.map_err(aws)?.shard_iterator().map(str::to_owned)
        };
        let Some(iterator) = iterator else { return Ok(0) };
        let page = self.streams.get_records().shard_iterator(iterator).limit(100).send().await.map_err(aws)?;
        let mut handled = 0;
        for record in page.records() {
            let Some(change) = record.dynamodb() else { continue };
            let Some(sequence_number) = change.sequence_number() else { continue };
            if record.event_name() == Some(&OperationType::Insert) {
                match change.new_image().and_then(|image| image.get("event")) {
                    Some(AttributeValue::S(json)) => match serde_json::from_str::<AuditEvent>(json) {
                        Ok(event) => self.deliver(&event, persistence).await?,
                        Err(error) => {
                            tracing::error!(error = %error, sequence_number, "an audit row's event cannot be read; skipped")
                        }
                    },
                    _ => tracing::error!(sequence_number, "an audit row without an event; skipped"),
                }
            }
            let next = checkpoints::Checkpoint { sequence_number: Some(sequence_number.to_owned()), finished: false };
            checkpoints::save(&self.db, stream_arn, shard_id, next).await?;
            handled += 1;
        }
        if page.records().is_empty() && page.next_shard_iterator().is_none() {
            // A closed shard, read to its end.
            let done = checkpoints::Checkpoint { sequence_number: checkpoint.sequence_number, finished: true };
            checkpoints::save(&self.db, stream_arn, shard_id, done).await?;
        }
        Ok(handled)
    }

    /// Folds `event` into its bursts. Only [`Persistence::StopAtFailure`] returns an error: the
    /// event is then handled again by the next pass.
    #[tracing::instrument(skip_all, fields(event_id = %event.event_id, task.id = event.task_id))]
    async fn deliver(&self, event: &AuditEvent, persistence: Persistence) -> Result<(), ReadError> {
        let attempts = match persistence {
            Persistence::RetryThenPark => NOTIFY_MAX_ATTEMPTS,
            Persistence::StopAtFailure => 1,
        };
        for attempt in 1..=attempts {
            match self.bursts.fold(event).await {
                Ok(()) => {
                    tracing::debug!(
                        fold_lag_ms = (chrono::Utc::now().naive_utc() - event.at).num_milliseconds(),
                        "event folded into its bursts"
                    );
                    return Ok(());
                }
                Err(error) if persistence == Persistence::StopAtFailure => return Err(error.into()),
                Err(error) => {
                    tracing::warn!(error = %error, attempt, emails_failed = true, "folding an event failed; will retry");
                    tokio::time::sleep(backoff(attempt)).await;
                }
            }
        }
        tracing::error!(event_id = %event.event_id, task_id = event.task_id, emails_parked = true, "an event's notifications were given up after repeated failures");
        Ok(())
    }
}

fn backoff(attempt: u32) -> Duration {
    (Duration::from_millis(250) * 2u32.pow(attempt.saturating_sub(1).min(10))).min(NOTIFY_MAX_BACKOFF)
}
