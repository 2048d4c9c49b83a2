//! The relay: a background task in every server instance that copies outbox rows to the
//! DynamoDB audit table, oldest first and in order per task, each exactly once.
//!
//! A round: find each task's oldest unrelayed event that is due, claim it (`FOR UPDATE SKIP
//! LOCKED`, then a lease, so instances share the work and no transaction waits on AWS), link it
//! to the task's previous event's hash, write it with a conditional put (a retry finds its own
//! row and counts it as written), and mark it relayed. DynamoDB down → the row waits out a
//! growing backoff and is tried again; nothing is dropped.

use super::{
    chain::{self, Link, GENESIS_HASH},
    table::{self, AuditRow, AuditTables},
};
use crate::server::db::{outbox, Db};
use chrono::{NaiveDateTime, Utc};
use std::{sync::Arc, time::Duration};
use tokio::sync::Notify;

/// Events claimed per round.
const RELAY_BATCH: usize = 25;
/// How many unrelayed rows a round looks at to find each task's oldest.
const RELAY_SCAN: i64 = 500;
/// How long a claimed row is left to its relay before another may take it.
const RELAY_LEASE: Duration = Duration::from_secs(30);
/// The safety net: a round this often even when no write woke the relay.
const RELAY_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// Backoff after failures: 0.5 s, 1 s, 2 s, … up to this.
const RELAY_MAX_BACKOFF: Duration = Duration::from_secs(20);

pub struct Relay {
    pub db: Db,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub tables: AuditTables,
    /// Notified after every committed write, so an event is relayed at once.
    pub wakeup: Arc<Notify>,
    /// Create missing tables (local stand-ins) rather than only expect them.
    pub create_tables: bool,
}

#[derive(Debug, thiserror::Error)]
enum RelayError {
    #[error("database: {0}")]
    Db(#[from] crate::server::db::DbError),
    #[error("{0}")]
    Table(#[from] table::AuditTableError),
    #[error("event {seq} of task {task_id} waits for the event before it, which is not relayed")]
    BrokenOrder { task_id: i64, seq: i32 },
}

impl Relay {
    /// Runs until the task is aborted.
    pub async fn run(self) {
        let mut tables_ready = !self.create_tables;
        let mut failures: u32 = 0;
        loop {
            let round = async {
                if !tables_ready {
                    table::create_if_missing(&self.dynamodb, &self.tables).await?;
                    tables_ready = true;
                }
                self.relay_round().await
            }
            .await;
            match round {
                Ok(relayed) => {
                    failures = 0;
                    if relayed > 0 {
                        // More may be due: a round takes one event per task, so a task changed
                        // twice in quick succession needs a second round for its second event.
                        continue;
                    }
                    tokio::select! {
                        _ = self.wakeup.notified() => {}
                        _ = tokio::time::sleep(RELAY_POLL_INTERVAL) => {}
                    }
                }
                Err(error) => {
                    failures += 1;
                    let wait = backoff(failures);
                    let backlog = outbox::backlog(&self.db).await.map(|(count, _)| count).unwrap_or(-1);
                    tracing::warn!(error = %error, failures, retry_in_ms = wait.as_millis() as u64, outbox_backlog = backlog, "audit relay round failed");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// One round; returns how many events it relayed.
    async fn relay_round(&self) -> Result<usize, RelayError> {
        let now = now();
        let due = outbox::due_heads(&self.db, now, RELAY_SCAN, RELAY_BATCH).await?;
        if due.is_empty() {
            return Ok(0);
        }
        let lease_until = now + chrono::Duration::from_std(RELAY_LEASE).expect("a short duration");
        let claimed = outbox::claim(&self.db, due, now, lease_until).await?;
        let mut relayed = 0;
        for (index, row) in claimed.iter().enumerate() {
            if let Err(error) = self.relay_one(row).await {
                // This row and the rest of the batch wait out a backoff (from this row's tries).
                let until =
                    now + chrono::Duration::from_std(backoff(row.attempts as u32 + 1)).expect("a short duration");
                let rest: Vec<i64> = claimed[index..].iter().map(|r| r.id).collect();
                outbox::postpone(&self.db, rest, until, error.to_string()).await?;
                return Err(error);
            }
            relayed += 1;
        }
        if relayed > 0 {
            let (backlog, oldest) = outbox::backlog(&self.db).await?;
            let lag_ms = claimed.iter().map(|r| (now - r.created_at).num_milliseconds()).max().unwrap_or(0);
            tracing::info!(
                relayed,
                outbox_backlog = backlog,
                oldest_unrelayed_age_ms = oldest.map(|at| (Utc::now().naive_utc() - at).num_milliseconds()),
                relay_lag_ms = lag_ms,
                "audit events relayed"
            );
        }
        Ok(relayed)
    }

    async fn relay_one(&self, row: &outbox::OutboxRow) -> Result<(), RelayError> {
        let previous = if row.seq == 1 {
            GENESIS_HASH.to_owned()
        } else {
            outbox::relayed_hash(&self.db, row.task_id, row.seq - 1)
                .await?
                .ok_or(RelayError::BrokenOrder { task_id: row.task_id, seq: row.seq })?
        };
        let hash = chain::link(&previous, row.seq, &row.payload);
        let audit_row = AuditRow {
            task_id: row.task_id,
            event_id: row.event_id.clone(),
            link: Link { seq: row.seq, event_json: row.payload.clone(), previous, hash },
        };
        let stored_hash = table::put_once(&self.dynamodb, &self.tables, &audit_row).await?;
        outbox::mark_relayed(&self.db, row.id, stored_hash, now()).await?;
        Ok(())
    }
}

fn backoff(failures: u32) -> Duration {
    let exponent = failures.saturating_sub(1).min(10);
    (Duration::from_millis(500) * 2u32.pow(exponent)).min(RELAY_MAX_BACKOFF)
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_ceiling() {
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(2), Duration::from_secs(1));
        assert_eq!(backoff(4), Duration::from_secs(4));
        assert_eq!(backoff(50), RELAY_MAX_BACKOFF);
    }
}
