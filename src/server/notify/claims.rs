//! Claims in the `{prefix}notification-claims` table: one item per (event, recipient), taken
//! with a conditional put before an email is sent and marked sent after, so however often an
//! event is handled, each person gets its email once.
//!
//! The one gap left: a process that dies after SES accepted the email but before the claim is
//! marked sent leaves a claim whose lease runs out, and the retry sends again. Shrinking that
//! window further would need SES itself to be idempotent, which it is not.

use crate::server::audit::AuditTables;
use aws_sdk_dynamodb::{error::DisplayErrorContext, types::AttributeValue, Client};
use std::time::Duration;

/// How long a claim in state `sending` keeps others off before they may take it over.
pub const CLAIM_LEASE: Duration = Duration::from_secs(120);

/// Claims carry `expires_at` (epoch seconds), the claims table's TTL attribute in AWS, so the
/// table does not grow for ever. A stream keeps records for 24 hours, so no redelivery can
/// come anywhere near this age.
pub const CLAIM_KEPT_FOR: Duration = Duration::from_secs(90 * 24 * 3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Ours: send, then mark it.
    Taken,
    /// Sent before: nothing to do.
    AlreadySent,
    /// Someone else is sending it right now, or it was parked: leave it.
    Busy,
}

#[derive(Debug, thiserror::Error)]
#[error("notification claim request failed: {0}")]
pub struct ClaimError(String);

fn key(event_id: &str, user_id: i64) -> String {
    format!("{event_id}#{user_id}")
}

pub async fn take(
    client: &Client,
    tables: &AuditTables,
    event_id: &str,
    user_id: i64,
    now_epoch: i64,
) -> Result<Claim, ClaimError> {
    let put = client
        .put_item()
        .table_name(&tables.claims)
        .item("claim", AttributeValue::S(key(event_id, user_id)))
        .item("state", AttributeValue::S("sending".into()))
        .item("lease_until", AttributeValue::N((now_epoch + CLAIM_LEASE.as_secs() as i64).to_string()))
        .item("expires_at", AttributeValue::N((now_epoch + CLAIM_KEPT_FOR.as_secs() as i64).to_string()))
        // New, or failed before, or its sender's lease ran out; never once sent or parked.
        .condition_expression(
            "attribute_not_exists(claim) OR #state = :failed OR (#state = :sending AND lease_until < :now)",
        )
        .expression_attribute_names("#state", "state")
        .expression_attribute_values(":failed", AttributeValue::S("failed".into()))
        .expression_attribute_values(":sending", AttributeValue::S("sending".into()))
        .expression_attribute_values(":now", AttributeValue::N(now_epoch.to_string()))
        .send()
        .await;
    match put {
        Ok(_) => Ok(Claim::Taken),
        Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
            let state = state(client, tables, event_id, user_id).await?;
            Ok(if state.as_deref() == Some("sent") { Claim::AlreadySent } else { Claim::Busy })
        }
        Err(error) => Err(ClaimError(DisplayErrorContext(&error).to_string())),
    }
}

/// `sent` (with SES's message id), `failed` (free to be taken again) or `parked` (given up on).
pub async fn mark(
    client: &Client,
    tables: &AuditTables,
    event_id: &str,
    user_id: i64,
    state: &str,
    detail: &str,
) -> Result<(), ClaimError> {
    client
        .update_item()
        .table_name(&tables.claims)
        .key("claim", AttributeValue::S(key(event_id, user_id)))
        .update_expression("SET #state = :state, detail = :detail")
        .expression_attribute_names("#state", "state")
        .expression_attribute_values(":state", AttributeValue::S(state.to_owned()))
        .expression_attribute_values(":detail", AttributeValue::S(detail.chars().take(500).collect()))
        .send()
        .await
        .map_err(|error| ClaimError(DisplayErrorContext(&error).to_string()))?;
    Ok(())
}

pub async fn state(
    client: &Client,
    tables: &AuditTables,
    event_id: &str,
    user_id: i64,
) -> Result<Option<String>, ClaimError> {
    let output = client
        .get_item()
        .table_name(&tables.claims)
        .key("claim", AttributeValue::S(key(event_id, user_id)))
        .consistent_read(true)
        .send()
        .await
        .map_err(|error| ClaimError(DisplayErrorContext(&error).to_string()))?;
    Ok(output.item().and_then(|item| item.get("state")).and_then(|v| v.as_s().ok()).cloned())
}
