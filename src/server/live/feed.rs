//! One instance's view of the audit outbox: a task that reads the rows committed since its last
//! look — woken at once by this instance's own writes, and every [`POLL_INTERVAL`] for the
//! other instances' — and broadcasts them to this instance's open streams.
//!
//! Outbox ids are handed out when a transaction inserts and become visible when it commits, so
//! a later id can be seen before an earlier one (a transaction that started first commits
//! last). The feed therefore keeps a floor under which every id is settled, remembers which ids
//! above it it has sent, and reads from the floor each time: a late commit is sent when it
//! appears. An id that never appears (its transaction rolled back) is given up after
//! [`HOLE_PATIENCE`].

use crate::{
    domain::live::LiveChange,
    server::db::{outbox, Db},
};
use std::{
    collections::{BTreeSet, HashMap},
    time::{Duration, Instant},
};
use tokio::sync::{broadcast, watch};

/// How often an instance looks for the other instances' changes (its own wake it at once).
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// How long a missing id is waited for before it counts as a rolled-back insert. Writes are
/// short transactions; one that holds its outbox row longer than this is not expected.
pub const HOLE_PATIENCE: Duration = Duration::from_secs(10);
/// Rows read per look; more are read on the next one, at once.
const BATCH: i64 = 500;
/// Changes a slow stream may fall behind by before it is told to reload instead.
const BACKLOG: usize = 1_024;

/// The instance's live feed: subscribe to hear every change committed from now on.
#[derive(Clone)]
pub struct LiveFeed {
    changes: broadcast::Sender<LiveChange>,
    /// `true` once the server is shutting down: open streams end, so a deploy is not held up.
    closing: watch::Sender<bool>,
}

impl Default for LiveFeed {
    fn default() -> Self {
        LiveFeed::new()
    }
}

impl LiveFeed {
    pub fn new() -> LiveFeed {
        LiveFeed { changes: broadcast::channel(BACKLOG).0, closing: watch::channel(false).0 }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveChange> {
        self.changes.subscribe()
    }

    /// Completes when the server starts shutting down (at once if it has).
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends every open stream (graceful shutdown).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Watches the outbox until the process ends: every change committed after it starts is
    /// sent once, in id order as far as commits allow.
    pub async fn run(self, db: Db) {
        let mut cursor = loop {
            match outbox::highest_id(&db).await {
                Ok(highest) => break Cursor::new(highest),
                Err(error) => {
                    tracing::warn!(error = %error, "live feed: cannot read the outbox yet");
                    tokio::time::sleep(POLL_INTERVAL).await;
                }
            }
        };
        loop {
            match outbox::changes_after(&db, cursor.floor, BATCH).await {
                Ok(rows) => {
                    let full = rows.len() as i64 == BATCH;
                    for change in cursor.take(rows, Instant::now()) {
                        // Nobody listening is fine: there is no open page.
                        let _ = self.changes.send(change);
                    }
                    if full {
                        continue;
                    }
                }
                Err(error) => tracing::warn!(error = %error, "live feed: reading the outbox failed"),
            }
            tokio::select! {
                () = db.changes_committed() => {}
                () = tokio::time::sleep(POLL_INTERVAL) => {}
            }
        }
    }
}

/// What the feed has sent: every id up to `floor`, and those in `sent` above it; `missing`
/// holds the ids between that have not appeared, since when.
#[derive(Debug)]
struct Cursor {
    floor: i64,
    sent: BTreeSet<i64>,
    missing: HashMap<i64, Instant>,
}

impl Cursor {
    fn new(floor: i64) -> Cursor {
        Cursor { floor, sent: BTreeSet::new(), missing: HashMap::new() }
    }

    /// The rows (ids above the floor, ascending) not sent before; then moves the floor up over
    /// what is settled: sent, or missing for longer than [`HOLE_PATIENCE`].
    fn take(&mut self, rows: Vec<LiveChange>, now: Instant) -> Vec<LiveChange> {
        let fresh: Vec<LiveChange> = rows.into_iter().filter(|row| self.sent.insert(row.id)).collect();
        for change in &fresh {
            self.missing.remove(&change.id);
        }
        if let Some(&highest) = self.sent.last() {
            for id in self.floor + 1..highest {
                if !self.sent.contains(&id) {
                    self.missing.entry(id).or_insert(now);
                }
            }
        }
        loop {
            let next = self.floor + 1;
            if self.sent.remove(&next) {
                self.floor = next;
            } else if self.missing.get(&next).is_some_and(|since| now.duration_since(*since) >= HOLE_PATIENCE) {
                self.missing.remove(&next);
                self.floor = next;
            } else {
                break;
            }
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: i64) -> LiveChange {
        LiveChange { id, board_id: 1, task_id: 7, kind: "moved".into(), actor_id: 2 }
    }

    fn ids(changes: &[LiveChange]) -> Vec<i64> {
        changes.iter().map(|c| c.id).collect()
    }

    #[test]
    fn a_late_commit_below_the_highest_id_is_still_sent_once() {
        let start = Instant::now();
        let mut cursor = Cursor::new(10);
        // 12 committed before 11.
        assert_eq!(ids(&cursor.take(vec![change(12)], start)), [12]);
        assert_eq!(cursor.floor, 10, "11 is not settled yet");
        // The next look reads from the floor again: 12 is not sent twice, 11 is sent now.
        assert_eq!(ids(&cursor.take(vec![change(11), change(12)], start)), [11]);
        assert_eq!(cursor.floor, 12);
        assert!(cursor.sent.is_empty() && cursor.missing.is_empty());
    }

    #[test]
    fn an_id_that_never_commits_is_given_up_after_a_while() {
        let start = Instant::now();
        let mut cursor = Cursor::new(0);
        assert_eq!(ids(&cursor.take(vec![change(1), change(3)], start)), [1, 3]);
        assert_eq!(cursor.floor, 1, "2 may still commit");
        assert!(cursor.take(vec![change(3)], start + HOLE_PATIENCE / 2).is_empty());
        assert_eq!(cursor.floor, 1);
        assert!(cursor.take(vec![change(3)], start + HOLE_PATIENCE).is_empty());
        assert_eq!(cursor.floor, 3, "2 rolled back: the floor moves past it");
    }
}
