//! A task's history as its page shows it: the audit table's rows for the task, in words,
//! newest first, a page at a time, with whether the hash chain holds.

use super::{
    chain,
    relay::RelayProgress,
    table::{self, AuditTables},
};
use crate::domain::audit::{describe, AuditEvent, AuditKind, HistoryEntry, TaskHistory, HISTORY_PAGE};
use crate::i18n::*;
use crate::server::{
    db::{outbox, Db},
    errors::ServerError,
};
use std::time::Duration;

/// How long a history read waits for the relay to catch up with the task's latest changes, so
/// a page loaded right after a save shows that save. It waits on the relay's rounds, not by
/// polling; if the rows are still on their way after this (DynamoDB slow or away, or another
/// instance relaying them), the page says they are being recorded.
const HISTORY_CATCH_UP_WAIT: Duration = Duration::from_secs(2);

#[tracing::instrument(skip_all, fields(task.id = task_id), err(level = "debug"))]
pub async fn load(
    db: &Db,
    client: &aws_sdk_dynamodb::Client,
    tables: &AuditTables,
    relay: &RelayProgress,
    task_id: i64,
    before: Option<i32>,
    locale: Locale,
) -> Result<TaskHistory, ServerError> {
    // Subscribed before the first count, so a round that ends in between is not missed.
    let mut relayed = relay.watch();
    let deadline = tokio::time::Instant::now() + HISTORY_CATCH_UP_WAIT;
    let mut pending = outbox::unrelayed_for_task(db, task_id).await?;
    while pending > 0 {
        match tokio::time::timeout_at(deadline, relayed.changed()).await {
            Ok(Ok(())) => pending = outbox::unrelayed_for_task(db, task_id).await?,
            // Out of time (or no relay in this process).
            _ => break,
        }
    }
    // A page, and the row just older than it: the oldest shown entry's link to it is checked
    // here, the older row's own on the next page.
    let mut rows = table::task_rows_newest(client, tables, task_id, before, HISTORY_PAGE + 1).await?;
    rows.reverse();
    let links: Vec<chain::Link> = rows.iter().map(|row| row.link.clone()).collect();
    let mut verified = chain::verify_segment(&links);
    let older = (rows.len() > HISTORY_PAGE).then(|| {
        rows.remove(0);
        rows[0].link.seq
    });
    let mut entries = Vec::with_capacity(rows.len());
    let mut last: Option<AuditEvent> = None;
    for row in &rows {
        match serde_json::from_str::<AuditEvent>(&row.link.event_json) {
            Ok(event) => {
                entries.push(HistoryEntry { seq: row.link.seq, text: describe(&event, locale), at: Some(event.at) });
                last = Some(event);
            }
            Err(_) => {
                // Only a changed row can fail to parse; the chain cannot hold then either.
                verified = false;
                entries.push(HistoryEntry {
                    seq: row.link.seq,
                    text: td_string!(locale, history.unreadable).to_owned(),
                    at: None,
                });
            }
        }
    }
    entries.reverse();
    Ok(TaskHistory {
        entries,
        verified,
        deleted: before.is_none()
            && last.as_ref().is_some_and(|event| matches!(event.kind, AuditKind::Deleted | AuditKind::Purged)),
        title: last.map(|event| event.task_title).unwrap_or_default(),
        pending,
        older,
    })
}
