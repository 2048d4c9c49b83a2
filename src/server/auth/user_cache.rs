//! Who is logged in, in one query a request rather than two (issue 20).
//!
//! Every request reads its session row; that read also brings the account's `updated_at`,
//! which MySQL moves on every change to the account's row (`ON UPDATE`, migration 000001):
//! a new name or setting, a new password, a deactivation. The user is then taken from this
//! cache when the copy kept here is of that same `updated_at`, and read again otherwise. So a
//! logout (the session row is gone) and a deactivation take effect on the next request, on
//! every instance, as before; what is saved is reading the account when it has not changed.

use super::User;
use chrono::NaiveDateTime;
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// How long after the session read its `updated_at` may vouch for a kept copy: the read and
/// the use are one request, a moment apart; a stale note is never trusted.
const NOTE_LIFETIME: Duration = Duration::from_secs(2);
/// Accounts kept per instance; past this the cache starts again empty.
const CAPACITY: usize = 4_096;

#[derive(Default)]
pub struct UserCache {
    entries: Mutex<HashMap<i64, Entry>>,
}

#[derive(Default)]
struct Entry {
    /// The account's `updated_at` as a session read just saw it, and when.
    seen: Option<(NaiveDateTime, Instant)>,
    /// The copy kept, as of its `updated_at`.
    kept: Option<(NaiveDateTime, User)>,
}

impl UserCache {
    /// A session read found account `user_id` last changed at `updated_at`.
    pub fn saw(&self, user_id: i64, updated_at: NaiveDateTime) {
        self.with(|entries| entries.entry(user_id).or_default().seen = Some((updated_at, Instant::now())));
    }

    /// The kept copy of account `user_id`, when a session read has just seen it unchanged.
    pub fn current(&self, user_id: i64) -> Option<User> {
        self.with(|entries| {
            let entry = entries.get(&user_id)?;
            let (seen, at) = entry.seen?;
            let (kept, user) = entry.kept.as_ref()?;
            (at.elapsed() < NOTE_LIFETIME && *kept == seen).then(|| user.clone())
        })
    }

    /// Keeps `user` as read with `updated_at`.
    pub fn keep(&self, user_id: i64, updated_at: NaiveDateTime, user: User) {
        self.with(|entries| {
            if entries.len() >= CAPACITY && !entries.contains_key(&user_id) {
                entries.clear();
            }
            entries.entry(user_id).or_default().kept = Some((updated_at, user));
        });
    }

    /// Drops account `user_id`'s copy (it is gone or inactive).
    pub fn forget(&self, user_id: i64) {
        self.with(|entries| {
            entries.remove(&user_id);
        });
    }

    fn with<T>(&self, f: impl FnOnce(&mut HashMap<i64, Entry>) -> T) -> T {
        f(&mut self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(seconds, 0).unwrap().naive_utc()
    }

    fn user(name: &str) -> User {
        User::for_tests(7, name)
    }

    #[test]
    fn a_copy_is_used_only_while_the_account_is_seen_unchanged() {
        let cache = UserCache::default();
        assert!(cache.current(7).is_none(), "nothing kept");
        cache.keep(7, at(100), user("Ann"));
        assert!(cache.current(7).is_none(), "kept, but no session read has vouched for it");
        cache.saw(7, at(100));
        assert_eq!(cache.current(7).map(|u| u.name), Some("Ann".to_owned()));
        // The account changed (renamed, deactivated, a new password): read it again.
        cache.saw(7, at(101));
        assert!(cache.current(7).is_none());
        cache.keep(7, at(101), user("Ann B"));
        assert_eq!(cache.current(7).map(|u| u.name), Some("Ann B".to_owned()));
        cache.forget(7);
        assert!(cache.current(7).is_none());
    }
}
