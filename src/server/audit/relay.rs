//! The relay: a background task in every server instance that copies outbox rows to the
//! DynamoDB audit table, oldest first and in order per task, each exactly once.
//!
//! A round: find each task's oldest unrelayed events that are due, in order, claim them (`FOR
//! UPDATE SKIP LOCKED`, then a lease, so instances share the work and no transaction waits on
//! AWS), and for each in turn: link it to the task's previous event's hash, write it with a
//! conditional put (a retry finds its own row and counts it as written), and mark it relayed.
//! DynamoDB down → the row waits out a growing backoff and is tried again; nothing is dropped.

use super::{
    chain::{self, Link, GENESIS_HASH},
    table::{self, AuditRow, AuditTables},
};
use crate::server::{
    db::{outbox, Db},
    errors::chain as error_chain,
};
use chrono::{NaiveDateTime, Utc};
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::watch;

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

/// Woken by every committed write (`Db::write`), so an event is relayed at once.
#[derive(Clone)]
pub struct Relay {
    pub db: Db,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub tables: AuditTables,
    /// Create missing tables (local stand-ins) rather than only expect them.
    pub create_tables: bool,
    pub progress: RelayProgress,
    /// Set once the tables are known to exist (when creating them is this relay's job).
    pub tables_ready: Arc<AtomicBool>,
}

/// What readers of the audit table wait on: bumped after every round that relayed something,
/// so the task page can show a change saved a moment ago without polling MySQL.
#[derive(Clone)]
pub struct RelayProgress(Arc<watch::Sender<u64>>);

impl RelayProgress {
    pub fn new() -> RelayProgress {
        RelayProgress(Arc::new(watch::Sender::new(0)))
    }

    /// A receiver whose `changed()` completes at the next round that relays something.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.0.subscribe()
    }

    fn bump(&self) {
        self.0.send_modify(|rounds| *rounds += 1);
    }
}

impl Default for RelayProgress {
    fn default() -> Self {
        RelayProgress::new()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("the database failed")]
    Db(#[from] crate::server::db::DbError),
    #[error("the audit table failed")]
    Table(#[from] table::AuditTableError),
    #[error("event {seq} of task {task_id} waits for the event before it, which is not relayed")]
    BrokenOrder { task_id: i64, seq: i32 },
}

impl Relay {
    /// Runs until the task is aborted.
    pub async fn run(self) {
        let mut failures: u32 = 0;
        loop {
            match self.relay_round(now()).await {
                Ok(relayed) => {
                    failures = 0;
                    if relayed > 0 {
                        // More may be due: a round takes at most a batch.
                        continue;
                    }
                    tokio::select! {
                        _ = self.db.outbox_written() => {}
                        _ = tokio::time::sleep(RELAY_POLL_INTERVAL) => {}
                    }
                }
                Err(error) => {
                    failures += 1;
                    let wait = backoff(failures);
                    let backlog = outbox::backlog(&self.db).await.map(|(count, _)| count).unwrap_or(-1);
                    tracing::warn!(error = %error_chain(&error), failures, retry_in_ms = wait.as_millis() as u64, outbox_backlog = backlog, "audit relay round failed");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// Rounds until nothing is due at `now`; returns how many events they relayed. For tests,
    /// which drive the relay themselves (and pass a later `now` to skip a backoff).
    pub async fn relay_all(&self, now: NaiveDateTime) -> Result<usize, RelayError> {
        let mut total = 0;
        loop {
            match self.relay_round(now).await? {
                0 => return Ok(total),
                relayed => total += relayed,
            }
        }
    }

    /// One round at time `now` (creating the tables first if that is this relay's job and
    /// they are missing); returns how many events it relayed.
    #[tracing::instrument(name = "relay_round", skip_all, err(level = "debug"))]
    pub async fn relay_round(&self, now: NaiveDateTime) -> Result<usize, RelayError> {
        if self.create_tables && !self.tables_ready.load(Ordering::Relaxed) {
            table::create_if_missing(&self.dynamodb, &self.tables).await?;
            self.tables_ready.store(true, Ordering::Relaxed);
        }
        let due = outbox::due(&self.db, now, RELAY_SCAN, RELAY_BATCH).await?;
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
                outbox::postpone(&self.db, rest, until, error_chain(&error)).await?;
                if relayed > 0 {
                    self.progress.bump();
                }
                return Err(error);
            }
            relayed += 1;
        }
        if relayed > 0 {
            self.progress.bump();
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

    #[tracing::instrument(skip_all, fields(task.id = row.task_id, seq = row.seq, event_id = %row.event_id))]
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
