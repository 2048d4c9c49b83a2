//! A task's history as its page shows it: the audit table's rows for the task, in words,
//! newest first, with whether the hash chain holds.

use super::{
    chain,
    table::{self, AuditTableError, AuditTables},
};
use crate::domain::audit::{describe, time_ago, AuditEvent, AuditKind, HistoryEntry, TaskHistory};
use chrono::NaiveDateTime;

pub async fn load(
    client: &aws_sdk_dynamodb::Client,
    tables: &AuditTables,
    task_id: i64,
    now: NaiveDateTime,
) -> Result<TaskHistory, AuditTableError> {
    let rows = table::task_rows(client, tables, task_id).await?;
    let links: Vec<chain::Link> = rows.iter().map(|row| row.link.clone()).collect();
    let mut verified = chain::verify(&links);
    let mut entries = Vec::with_capacity(rows.len());
    let mut last: Option<AuditEvent> = None;
    for row in &rows {
        match serde_json::from_str::<AuditEvent>(&row.link.event_json) {
            Ok(event) => {
                entries.push(HistoryEntry {
                    seq: row.link.seq,
                    text: describe(&event),
                    at: event.at,
                    ago: time_ago(event.at, now),
                });
                last = Some(event);
            }
            Err(_) => {
                // Only a changed row can fail to parse; the chain cannot hold then either.
                verified = false;
                entries.push(HistoryEntry {
                    seq: row.link.seq,
                    text: "An entry that can no longer be read".to_owned(),
                    at: NaiveDateTime::default(),
                    ago: String::new(),
                });
            }
        }
    }
    entries.reverse();
    Ok(TaskHistory {
        entries,
        verified,
        deleted: last.as_ref().is_some_and(|event| event.kind == AuditKind::Deleted),
        title: last.map(|event| event.task_title).unwrap_or_default(),
    })
}
