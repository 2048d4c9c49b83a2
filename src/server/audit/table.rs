//! The DynamoDB tables of the audit trail: `{prefix}audit` (partition key `task_id`, sort key
//! `seq`, a stream of new images that drives the notifier), `{prefix}notification-claims`
//! (one item per email sent, so a retry never mails twice) and `{prefix}notification-bursts`
//! (the emails being gathered, `notify::bursts`).

use super::chain::Link;
use aws_sdk_dynamodb::{
    error::{DisplayErrorContext, SdkError},
    types::{
        AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
        StreamSpecification, StreamViewType,
    },
    Client,
};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct AuditTables {
    pub audit: String,
    pub claims: String,
    pub bursts: String,
}

impl AuditTables {
    pub fn new(prefix: &str) -> AuditTables {
        AuditTables {
            audit: format!("{prefix}audit"),
            claims: format!("{prefix}notification-claims"),
            bursts: format!("{prefix}notification-bursts"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditTableError {
    #[error("DynamoDB request failed: {0}")]
    Request(String),
    #[error("audit row {task_id}/{seq} is malformed: {problem}")]
    Malformed { task_id: i64, seq: i32, problem: &'static str },
    #[error("audit row {task_id}/{seq} already holds another event ({found})")]
    SeqTaken { task_id: i64, seq: i32, found: String },
}

fn request_error<E, R>(error: SdkError<E, R>) -> AuditTableError
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    // The SDK's own Display is terse ("service error"); this names the cause.
    AuditTableError::Request(DisplayErrorContext(&error).to_string())
}

/// Creates the tables if they are missing (local stand-ins; in AWS, Terraform creates them).
pub async fn create_if_missing(client: &Client, tables: &AuditTables) -> Result<(), AuditTableError> {
    let existing = client.list_tables().send().await.map_err(request_error)?;
    let names = existing.table_names();
    if !names.contains(&tables.audit) {
        let result = client
            .create_table()
            .table_name(&tables.audit)
            .attribute_definitions(attribute("task_id", ScalarAttributeType::N))
            .attribute_definitions(attribute("seq", ScalarAttributeType::N))
            .key_schema(key("task_id", KeyType::Hash))
            .key_schema(key("seq", KeyType::Range))
            .billing_mode(BillingMode::PayPerRequest)
            .stream_specification(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::NewImage)
                    .build()
                    .expect("stream specification has its required fields"),
            )
            .send()
            .await;
        ignore_if_exists(result.map(|_| ()))?;
    }
    if !names.contains(&tables.claims) {
        let result = client
            .create_table()
            .table_name(&tables.claims)
            .attribute_definitions(attribute("claim", ScalarAttributeType::S))
            .key_schema(key("claim", KeyType::Hash))
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await;
        ignore_if_exists(result.map(|_| ()))?;
    }
    if !names.contains(&tables.bursts) {
        ignore_if_exists(crate::server::notify::bursts::create_table(client, &tables.bursts).await)?;
    }
    Ok(())
}

/// Another instance may have created the table meanwhile.
fn ignore_if_exists<R>(
    result: Result<(), SdkError<aws_sdk_dynamodb::operation::create_table::CreateTableError, R>>,
) -> Result<(), AuditTableError>
where
    R: std::fmt::Debug,
{
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => Ok(()),
        Err(error) => Err(request_error(error)),
    }
}

fn attribute(name: &str, kind: ScalarAttributeType) -> AttributeDefinition {
    AttributeDefinition::builder().attribute_name(name).attribute_type(kind).build().expect("name and type are set")
}

fn key(name: &str, kind: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder().attribute_name(name).key_type(kind).build().expect("name and type are set")
}

/// One audit row as stored: the event (its JSON exactly as the outbox holds it, plus a few of
/// its fields as attributes for people reading the table) and its chain link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub task_id: i64,
    pub event_id: String,
    pub link: Link,
}

impl AuditRow {
    fn to_item(&self) -> HashMap<String, AttributeValue> {
        HashMap::from([
            ("task_id".to_owned(), AttributeValue::N(self.task_id.to_string())),
            ("seq".to_owned(), AttributeValue::N(self.link.seq.to_string())),
            ("event_id".to_owned(), AttributeValue::S(self.event_id.clone())),
            ("event".to_owned(), AttributeValue::S(self.link.event_json.clone())),
            ("previous".to_owned(), AttributeValue::S(self.link.previous.clone())),
            ("hash".to_owned(), AttributeValue::S(self.link.hash.clone())),
        ])
    }

    pub fn from_item(item: &HashMap<String, AttributeValue>) -> Result<AuditRow, AuditTableError> {
        let number = |name: &str| item.get(name).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<i64>().ok());
        let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
        let task_id = number("task_id").unwrap_or_default();
        let seq = number("seq").unwrap_or_default() as i32;
        let malformed = |problem| AuditTableError::Malformed { task_id, seq, problem };
        if task_id == 0 || seq == 0 {
            return Err(malformed("no task_id or seq"));
        }
        Ok(AuditRow {
            task_id,
            event_id: text("event_id").ok_or_else(|| malformed("no event_id"))?,
            link: Link {
                seq,
                event_json: text("event").ok_or_else(|| malformed("no event"))?,
                previous: text("previous").ok_or_else(|| malformed("no previous hash"))?,
                hash: text("hash").ok_or_else(|| malformed("no hash"))?,
            },
        })
    }
}

/// Writes `row` unless its `(task_id, seq)` is taken. A retry of the same event finds its own
/// row there and counts as written (idempotent on the event id); another event there is an error.
/// Returns the hash that is stored.
pub async fn put_once(client: &Client, tables: &AuditTables, row: &AuditRow) -> Result<String, AuditTableError> {
    let put = client
        .put_item()
        .table_name(&tables.audit)
        .set_item(Some(row.to_item()))
        .condition_expression("attribute_not_exists(task_id) AND attribute_not_exists(seq)")
        .send()
        .await;
    match put {
        Ok(_) => Ok(row.link.hash.clone()),
        Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
            let stored = get(client, tables, row.task_id, row.link.seq).await?;
            match stored {
                Some(stored) if stored.event_id == row.event_id => Ok(stored.link.hash),
                Some(stored) => {
                    Err(AuditTableError::SeqTaken { task_id: row.task_id, seq: row.link.seq, found: stored.event_id })
                }
                None => Err(AuditTableError::Request("conditional put refused, but no row is there".into())),
            }
        }
        Err(error) => Err(request_error(error)),
    }
}

pub async fn get(
    client: &Client,
    tables: &AuditTables,
    task_id: i64,
    seq: i32,
) -> Result<Option<AuditRow>, AuditTableError> {
    let output = client
        .get_item()
        .table_name(&tables.audit)
        .key("task_id", AttributeValue::N(task_id.to_string()))
        .key("seq", AttributeValue::N(seq.to_string()))
        .consistent_read(true)
        .send()
        .await
        .map_err(request_error)?;
    output.item().map(AuditRow::from_item).transpose()
}

/// A task's whole history, oldest first: one Query (paged).
/// Up to `limit` of a task's rows with `seq` below `before` (all, without it), newest first: one
/// query, however long the history.
pub async fn task_rows_newest(
    client: &Client,
    tables: &AuditTables,
    task_id: i64,
    before: Option<i32>,
    limit: usize,
) -> Result<Vec<AuditRow>, AuditTableError> {
    let mut query = client
        .query()
        .table_name(&tables.audit)
        .expression_attribute_values(":task", AttributeValue::N(task_id.to_string()))
        .scan_index_forward(false)
        .consistent_read(true)
        .limit(i32::try_from(limit).unwrap_or(i32::MAX));
    query = match before {
        Some(before) => query
            .key_condition_expression("task_id = :task AND seq < :before")
            .expression_attribute_values(":before", AttributeValue::N(before.to_string())),
        None => query.key_condition_expression("task_id = :task"),
    };
    let page = query.send().await.map_err(request_error)?;
    page.items().iter().map(AuditRow::from_item).collect()
}

pub async fn task_rows(client: &Client, tables: &AuditTables, task_id: i64) -> Result<Vec<AuditRow>, AuditTableError> {
    let mut rows = Vec::new();
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let page = client
            .query()
            .table_name(&tables.audit)
            .key_condition_expression("task_id = :task")
            .expression_attribute_values(":task", AttributeValue::N(task_id.to_string()))
            .scan_index_forward(true)
            .consistent_read(true)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(request_error)?;
        for item in page.items() {
            rows.push(AuditRow::from_item(item)?);
        }
        match page.last_evaluated_key() {
            Some(key) if !key.is_empty() => start = Some(key.clone()),
            _ => return Ok(rows),
        }
    }
}
