//! The board cache (issue 20): each instance keeps the boards it served lately, one copy per
//! (board, filter, day), and serves a board from its copy for as long as the board's stamp
//! (`db::board::BoardStamp`) has not moved. A board changes only through the write path,
//! which moves the stamp in the same transaction, on whichever instance it runs, so the next
//! request after any change reads the board again. Reading the stamp is one query by primary
//! key; reading the board is eight, and they grow with the cards shown.
//!
//! Bounded by entries, the oldest going first. A filtered board is kept like any other: the
//! same search is often asked for twice in a row (the live board reloads it on every change).

use super::db::{
    board::{self, BoardStamp, SharedBoard},
    Db, DbError,
};
use crate::domain::BoardFilter;
use chrono::NaiveDate;
use std::{
    collections::{HashMap, VecDeque},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
};

/// What one copy is of. `mine` names the viewer only when the filter is "my tasks", the one
/// filter whose cards depend on who asks; otherwise every member shares the copy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    board_id: i64,
    filter: BoardFilter,
    mine: Option<i64>,
    /// Whether a deadline is past depends on the day (the viewer's own calendar).
    today: NaiveDate,
}

pub struct BoardCache {
    entries: Mutex<Entries>,
    capacity: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Entries {
    copies: HashMap<Key, (BoardStamp, Arc<SharedBoard>)>,
    /// Keys in the order they came in, for eviction.
    order: VecDeque<Key>,
}

impl BoardCache {
    /// A cache of at most `capacity` copies; 0 turns it off (every request reads the board).
    pub fn new(capacity: usize) -> BoardCache {
        BoardCache { entries: Mutex::default(), capacity, hits: AtomicU64::new(0), misses: AtomicU64::new(0) }
    }

    /// Board `board_id` under `filter`, as of `stamp` or later: the kept copy when it is of
    /// that stamp, else read now (and kept). `None` when the board has no active members.
    #[tracing::instrument(skip_all, fields(board.id = board_id, cache.hit), err(level = "debug"))]
    pub async fn get(
        &self,
        db: &Db,
        board_id: i64,
        filter: BoardFilter,
        viewer: i64,
        today: NaiveDate,
        stamp: BoardStamp,
    ) -> Result<Option<Arc<SharedBoard>>, DbError> {
        let key = Key { board_id, mine: filter.mine.then_some(viewer), filter, today };
        if let Some(copy) = self.lookup(&key, stamp) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            tracing::Span::current().record("cache.hit", true);
            return Ok(Some(copy));
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        tracing::Span::current().record("cache.hit", false);
        // Read after the stamp: the copy holds at least every change the stamp counts (perhaps
        // more, which the next stamp will not match, so it is read again then).
        let Some(loaded) = board::load_shared(db, board_id, key.filter.clone(), viewer, today).await? else {
            return Ok(None);
        };
        let loaded = Arc::new(loaded);
        self.keep(key, stamp, loaded.clone());
        Ok(Some(loaded))
    }

    /// Copies served from the cache and read afresh since the start (for `make bench`'s log).
    pub fn counts(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }

    fn lookup(&self, key: &Key, stamp: BoardStamp) -> Option<Arc<SharedBoard>> {
        let entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.copies.get(key).filter(|(kept, _)| *kept == stamp).map(|(_, copy)| copy.clone())
    }

    fn keep(&self, key: Key, stamp: BoardStamp, copy: Arc<SharedBoard>) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.copies.insert(key.clone(), (stamp, copy)).is_none() {
            entries.order.push_back(key);
        }
        while entries.copies.len() > self.capacity {
            let Some(oldest) = entries.order.pop_front() else { break };
            entries.copies.remove(&oldest);
        }
    }
}
