//! Squashed bursts: one person's changes to one task within a short window reach each
//! recipient as one email, listing them in order; a change by anybody else (the recipient
//! included) starts a new one. The state lives in DynamoDB (`{prefix}notification-bursts`), so
//! it survives restarts and is shared by every instance and by the notifier Lambda; no timer is
//! held in memory. Two kinds of item:
//!
//! - **pointer** `open#{user}#{task}`: the recipient's latest burst on the task, the last event
//!   folded in (`last_seq`), whose it is (`actor`; 0 once someone else changed the task) and
//!   when its window ends.
//! - **burst** `burst#{user}#{task}#{first seq}`: the recipient, the events (JSON, in order),
//!   `due_at`. While unsent it carries `waiting`, which puts it in the `due` index
//!   (`waiting`, `due_at`) that the sweep ([`super::Notifier::sweep`]) reads.
//!
//! Folding is idempotent and safe with several readers: the stream delivers one task's events
//! in order, an event at or below the pointer's `last_seq` was folded before, and every change
//! is a transaction conditioned on the `last_seq` it read. The sweep seals a burst (`sealed`)
//! before it sends it; an event that finds its burst sealed starts the next one.

use super::claims::CLAIM_KEPT_FOR;
use crate::domain::audit::{AuditEvent, Recipient};
use aws_sdk_dynamodb::{
    error::{DisplayErrorContext, SdkError},
    types::{
        AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
        ProjectionType, Put, ReturnValue, ScalarAttributeType, TransactWriteItem, Update,
    },
    Client,
};
use std::{collections::HashMap, time::Duration};

/// The window of a burst: changes by one person within it, counted from the first, are one email.
pub const SQUASH_WINDOW: Duration = Duration::from_secs(120);
/// The `due` index's name.
pub const DUE_INDEX: &str = "due";
/// Tries to fold one event when other readers keep changing the same pointer.
const FOLD_ATTEMPTS: usize = 8;

#[derive(Clone)]
pub struct Bursts {
    pub client: Client,
    /// `{prefix}notification-bursts`.
    pub table: String,
    pub window: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum BurstError {
    #[error("notification burst request failed: {0}")]
    Request(String),
    #[error("a notification burst item is malformed: {0}")]
    Malformed(&'static str),
    #[error("the burst of user {user_id} on task {task_id} kept changing under us")]
    Contended { user_id: i64, task_id: i64 },
}

fn request<E: std::error::Error + 'static, R: std::fmt::Debug>(error: SdkError<E, R>) -> BurstError {
    BurstError::Request(DisplayErrorContext(&error).to_string())
}

/// A burst taken by the sweep: what its email says.
#[derive(Debug, Clone)]
pub struct Burst {
    pub id: String,
    pub recipient: Recipient,
    /// In the order they happened.
    pub events: Vec<AuditEvent>,
    /// Failed sends so far.
    pub attempts: u32,
}

struct Pointer {
    last_seq: i64,
    actor: i64,
    burst: String,
    window_ends_ms: i64,
}

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

fn pointer_id(user_id: i64, task_id: i64) -> String {
    format!("open#{user_id}#{task_id}")
}

/// Milliseconds since the epoch of an event's time (UTC).
fn millis(event: &AuditEvent) -> i64 {
    event.at.and_utc().timestamp_millis()
}

impl Bursts {
    /// Takes `event` into the bursts of the people it concerns: each recipient mailed about
    /// every change gets it added to their burst on the task (or a new one); for everybody else
    /// involved, the actor included, it ends the burst they had.
    #[tracing::instrument(skip_all, fields(event_id = %event.event_id, task.id = event.task_id), err(level = "debug"))]
    pub async fn fold(&self, event: &AuditEvent) -> Result<(), BurstError> {
        self.interrupt(event.actor.id, event).await?;
        for recipient in event.recipients.iter().filter(|r| r.user_id != event.actor.id) {
            if recipient.mail_each_change {
                self.add(recipient, event).await?;
            } else {
                self.interrupt(recipient.user_id, event).await?;
            }
        }
        Ok(())
    }

    /// Ends `user_id`'s burst on the event's task, if they have one: later changes start anew.
    async fn interrupt(&self, user_id: i64, event: &AuditEvent) -> Result<(), BurstError> {
        let update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("id", s(pointer_id(user_id, event.task_id)))
            .update_expression("SET last_seq = :seq, actor = :nobody")
            .condition_expression("attribute_exists(id) AND last_seq < :seq")
            .expression_attribute_values(":seq", n(event.seq.into()))
            .expression_attribute_values(":nobody", n(0))
            .send()
            .await;
        match update {
            Ok(_) => Ok(()),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(()),
            Err(error) => Err(request(error)),
        }
    }

    async fn add(&self, recipient: &Recipient, event: &AuditEvent) -> Result<(), BurstError> {
        let mut sealed: Option<String> = None;
        for _ in 0..FOLD_ATTEMPTS {
            let pointer = self.pointer(recipient.user_id, event.task_id).await?;
            if pointer.as_ref().is_some_and(|p| p.last_seq >= i64::from(event.seq)) {
                return Ok(()); // Folded before (a redelivery, or another reader).
            }
            let joins = pointer.as_ref().filter(|p| {
                p.actor == event.actor.id && millis(event) < p.window_ends_ms && sealed.as_ref() != Some(&p.burst)
            });
            let outcome = match joins {
                Some(open) => self.append(open, event).await?,
                None => self.start(pointer.as_ref(), recipient, event).await?,
            };
            match outcome {
                Outcome::Done => return Ok(()),
                Outcome::BurstSealed => sealed = joins.map(|p| p.burst.clone()),
                Outcome::PointerMoved => {}
            }
        }
        Err(BurstError::Contended { user_id: recipient.user_id, task_id: event.task_id })
    }

    async fn pointer(&self, user_id: i64, task_id: i64) -> Result<Option<Pointer>, BurstError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("id", s(pointer_id(user_id, task_id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(request)?;
        let Some(item) = output.item() else { return Ok(None) };
        Ok(Some(Pointer {
            last_seq: number(item, "last_seq")?,
            actor: number(item, "actor")?,
            burst: text(item, "burst")?,
            window_ends_ms: number(item, "window_ends_ms")?,
        }))
    }

    /// Adds `event` to the open burst `open` points to.
    async fn append(&self, open: &Pointer, event: &AuditEvent) -> Result<Outcome, BurstError> {
        let pointer = Update::builder()
            .table_name(&self.table)
            .key("id", s(pointer_id_of(&open.burst)?))
            .update_expression("SET last_seq = :seq")
            .condition_expression("last_seq = :read")
            .expression_attribute_values(":seq", n(event.seq.into()))
            .expression_attribute_values(":read", n(open.last_seq))
            .build()
            .map_err(|e| BurstError::Request(e.to_string()))?;
        let burst = Update::builder()
            .table_name(&self.table)
            .key("id", s(&open.burst))
            .update_expression("SET events = list_append(events, :event)")
            .condition_expression("attribute_exists(waiting) AND attribute_not_exists(sealed)")
            .expression_attribute_values(":event", AttributeValue::L(vec![s(event_json(event)?)]))
            .build()
            .map_err(|e| BurstError::Request(e.to_string()))?;
        self.transact(vec![
            TransactWriteItem::builder().update(pointer).build(),
            TransactWriteItem::builder().update(burst).build(),
        ])
        .await
    }

    /// Starts a burst with `event`, its window counted from it.
    async fn start(
        &self,
        read: Option<&Pointer>,
        recipient: &Recipient,
        event: &AuditEvent,
    ) -> Result<Outcome, BurstError> {
        let burst_id = format!("burst#{}#{}#{}", recipient.user_id, event.task_id, event.seq);
        let window_ends_ms = millis(event) + self.window.as_millis() as i64;
        let kept_until = (event.at.and_utc() + CLAIM_KEPT_FOR).timestamp();
        let mut pointer = Put::builder()
            .table_name(&self.table)
            .item("id", s(pointer_id(recipient.user_id, event.task_id)))
            .item("last_seq", n(event.seq.into()))
            .item("actor", n(event.actor.id))
            .item("burst", s(&burst_id))
            .item("window_ends_ms", n(window_ends_ms))
            .item("expires_at", n(kept_until));
        pointer = match read {
            Some(read) => {
                pointer.condition_expression("last_seq = :read").expression_attribute_values(":read", n(read.last_seq))
            }
            None => pointer.condition_expression("attribute_not_exists(id)"),
        };
        let recipient_json = serde_json::to_string(recipient).map_err(|_| BurstError::Malformed("recipient"))?;
        let burst = Put::builder()
            .table_name(&self.table)
            .item("id", s(&burst_id))
            .item("recipient", s(recipient_json))
            .item("events", AttributeValue::L(vec![s(event_json(event)?)]))
            .item("waiting", s("yes"))
            // Whole seconds, rounded up: never sent before the window is over.
            .item("due_at", n((window_ends_ms + 999).div_euclid(1000)))
            .item("attempts", n(0))
            .condition_expression("attribute_not_exists(id)");
        let build = |put: aws_sdk_dynamodb::types::builders::PutBuilder| {
            put.build()
                .map(|put| TransactWriteItem::builder().put(put).build())
                .map_err(|e| BurstError::Request(e.to_string()))
        };
        self.transact(vec![build(pointer)?, build(burst)?]).await
    }

    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<Outcome, BurstError> {
        match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
            Ok(_) => Ok(Outcome::Done),
            Err(error) => {
                let Some(cancelled) = error.as_service_error().and_then(|e| match e {
                    aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(c) => Some(c),
                    _ => None,
                }) else {
                    return Err(request(error));
                };
                // Reasons come in the items' order: the pointer, then the burst.
                let failed: Vec<bool> = cancelled
                    .cancellation_reasons()
                    .iter()
                    .map(|r| r.code() == Some("ConditionalCheckFailed"))
                    .collect();
                match failed.as_slice() {
                    [false, true] => Ok(Outcome::BurstSealed),
                    [true, ..] => Ok(Outcome::PointerMoved),
                    // A conflict with another transaction on the same items: read again.
                    _ if cancelled.cancellation_reasons().iter().any(|r| r.code() == Some("TransactionConflict")) => {
                        Ok(Outcome::PointerMoved)
                    }
                    _ => Err(request(error)),
                }
            }
        }
    }

    /// Up to `limit` unsent bursts due at `now_epoch` (seconds) or before.
    pub async fn due(&self, now_epoch: i64, limit: i32) -> Result<Vec<String>, BurstError> {
        let page = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(DUE_INDEX)
            .key_condition_expression("waiting = :yes AND due_at <= :now")
            .expression_attribute_values(":yes", s("yes"))
            .expression_attribute_values(":now", n(now_epoch))
            .limit(limit)
            .send()
            .await
            .map_err(request)?;
        page.items().iter().map(|item| text(item, "id")).collect()
    }

    /// Closes burst `id` to further changes and returns it; `None` once it has been sent.
    pub async fn seal(&self, id: &str) -> Result<Option<Burst>, BurstError> {
        let update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("id", s(id))
            .update_expression("SET sealed = :yes")
            .condition_expression("attribute_exists(waiting)")
            .expression_attribute_values(":yes", AttributeValue::Bool(true))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        let item = match update {
            Ok(output) => output.attributes.unwrap_or_default(),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                return Ok(None)
            }
            Err(error) => return Err(request(error)),
        };
        let recipient =
            serde_json::from_str(&text(&item, "recipient")?).map_err(|_| BurstError::Malformed("recipient"))?;
        let events = match item.get("events") {
            Some(AttributeValue::L(events)) => events
                .iter()
                .map(|event| event.as_s().ok().and_then(|json| serde_json::from_str(json).ok()))
                .collect::<Option<Vec<AuditEvent>>>()
                .ok_or(BurstError::Malformed("events"))?,
            _ => return Err(BurstError::Malformed("events")),
        };
        Ok(Some(Burst { id: id.to_owned(), recipient, events, attempts: number(&item, "attempts")? as u32 }))
    }

    /// Takes a sent (or given up) burst out of the `due` index; it is kept for a while to read.
    pub async fn finish(&self, id: &str, now_epoch: i64) -> Result<(), BurstError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("id", s(id))
            .update_expression("REMOVE waiting SET expires_at = :expires")
            .expression_attribute_values(":expires", n(now_epoch + CLAIM_KEPT_FOR.as_secs() as i64))
            .send()
            .await
            .map_err(request)?;
        Ok(())
    }

    /// Puts a burst whose email failed back in line, due at `due_epoch`.
    pub async fn retry_at(&self, id: &str, due_epoch: i64) -> Result<(), BurstError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("id", s(id))
            .update_expression("SET due_at = :due ADD attempts :one")
            .expression_attribute_values(":due", n(due_epoch))
            .expression_attribute_values(":one", n(1))
            .send()
            .await
            .map_err(request)?;
        Ok(())
    }
}

enum Outcome {
    Done,
    /// The burst was sealed by the sweep meanwhile: start the next one.
    BurstSealed,
    /// Another reader changed the pointer first: read it again.
    PointerMoved,
}

/// `open#{user}#{task}` for `burst#{user}#{task}#{seq}`.
fn pointer_id_of(burst_id: &str) -> Result<String, BurstError> {
    let mut parts = burst_id.split('#').skip(1);
    match (parts.next(), parts.next()) {
        (Some(user), Some(task)) => Ok(format!("open#{user}#{task}")),
        _ => Err(BurstError::Malformed("burst id")),
    }
}

fn event_json(event: &AuditEvent) -> Result<String, BurstError> {
    serde_json::to_string(event).map_err(|_| BurstError::Malformed("event"))
}

fn number(item: &HashMap<String, AttributeValue>, name: &'static str) -> Result<i64, BurstError> {
    item.get(name).and_then(|v| v.as_n().ok()).and_then(|v| v.parse().ok()).ok_or(BurstError::Malformed(name))
}

fn text(item: &HashMap<String, AttributeValue>, name: &'static str) -> Result<String, BurstError> {
    item.get(name).and_then(|v| v.as_s().ok()).cloned().ok_or(BurstError::Malformed(name))
}

/// Creates the table locally (in AWS, Terraform does): key `id`, the sparse `due` index over
/// unsent bursts, keys only (the sweep reads each burst as it seals it).
pub async fn create_table(
    client: &Client,
    table: &str,
) -> Result<
    (),
    SdkError<aws_sdk_dynamodb::operation::create_table::CreateTableError, aws_sdk_dynamodb::config::http::HttpResponse>,
> {
    let attribute = |name: &str, kind| {
        AttributeDefinition::builder().attribute_name(name).attribute_type(kind).build().expect("name and type are set")
    };
    let key = |name: &str, kind| {
        KeySchemaElement::builder().attribute_name(name).key_type(kind).build().expect("name and type are set")
    };
    client
        .create_table()
        .table_name(table)
        .attribute_definitions(attribute("id", ScalarAttributeType::S))
        .attribute_definitions(attribute("waiting", ScalarAttributeType::S))
        .attribute_definitions(attribute("due_at", ScalarAttributeType::N))
        .key_schema(key("id", KeyType::Hash))
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(DUE_INDEX)
                .key_schema(key("waiting", KeyType::Hash))
                .key_schema(key("due_at", KeyType::Range))
                .projection(Projection::builder().projection_type(ProjectionType::KeysOnly).build())
                .build()
                .expect("an index with a name, keys and a projection"),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_names_its_pointer() {
        assert_eq!(pointer_id_of("burst#12#-3#7").unwrap(), "open#12#-3");
        assert!(pointer_id_of("nonsense").is_err());
    }
}
