//! Login throttling, counted in MySQL so every server instance shares it. Each attempt is
//! recorded *before* its password is checked, under a lock on its address (`login_locks`), so
//! concurrent guesses count each other.
//!
//! - One account from one client: after 5 failed attempts within 15 minutes, that client is
//!   refused for that account until the oldest leaves the window. Another client (the real
//!   owner, somewhere else) is not.
//! - One client, any accounts: after 20 failures within 15 minutes it is refused.
//! - One account from anywhere: past 10 failures within the window (a guesser spread over many
//!   addresses), each further attempt must wait a growing delay since the last one: 1 s, 2 s,
//!   4 s, … at most a minute. That slows guessing to a crawl without locking the owner out.
//!
//! A successful login forgets its own attempt and that client's failures for the account; a
//! password reset forgets every failure of the account.

use crate::server::db::{
    schema::{login_attempts, login_locks},
    Db, DbError,
};
use chrono::{NaiveDateTime, TimeDelta, Utc};
use diesel::{dsl::count_star, prelude::*};
use diesel_async::{AsyncConnection, RunQueryDsl};
use std::net::IpAddr;

pub const LOGIN_WINDOW: TimeDelta = TimeDelta::minutes(15);
pub const MAX_FAILURES_PER_CLIENT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
/// Failures of one account, from any client, before each further attempt has to wait.
pub const ACCOUNT_FAILURES_BEFORE_DELAY: i64 = 10;
pub const MAX_ACCOUNT_DELAY: TimeDelta = TimeDelta::minutes(1);

/// What an attempt may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password. The attempt is recorded (as a failure, until [`succeeded`] says
    /// otherwise) under this id.
    Allowed(i64),
    /// This client has failed too often (at this account, or at all): wait out the window.
    LockedOut,
    /// The account is under a spread-out attack: try again in a moment.
    SlowDown,
}

/// How long an account with `failures` failures in the window makes the next attempt wait.
pub fn account_delay(failures: i64) -> TimeDelta {
    if failures < ACCOUNT_FAILURES_BEFORE_DELAY {
        return TimeDelta::zero();
    }
    let doublings = (failures - ACCOUNT_FAILURES_BEFORE_DELAY).min(10) as u32;
    (TimeDelta::seconds(1) * 2i32.pow(doublings)).min(MAX_ACCOUNT_DELAY)
}

/// Decides whether an attempt at `email` from `ip` may check its password, and if so records it.
/// A refused attempt leaves no row: the counts are of passwords actually checked.
pub async fn begin_attempt(db: &Db, email: &str, ip: IpAddr) -> Result<Verdict, DbError> {
    let (email, ip) = (email.to_owned(), ip.to_string());
    db.run(move |mut conn| async move {
        conn.transaction(async |conn| {
            // Creates the address's lock row or, if it is there, locks it: either way the row is
            // ours, exclusively, until the transaction ends. (An INSERT IGNORE would take only a
            // shared lock on an existing row, and two attempts upgrading theirs would deadlock;
            // a row inserted outside the transaction could be cleared by the housekeeping task
            // before it is locked.)
            diesel::sql_query("INSERT INTO login_locks (email) VALUES (?) ON DUPLICATE KEY UPDATE email = email")
                .bind::<diesel::sql_types::Text, _>(&email)
                .execute(conn)
                .await?;
            // The time is read once the lock is ours: attempts are then recorded in the order
            // they were decided, and none sees another's as being in its future.
            let now = Utc::now().naive_utc();
            let since = now - LOGIN_WINDOW;
            let recent = || login_attempts::table.filter(login_attempts::attempted_at.gt(since));
            let from_client: i64 = recent()
                .filter(login_attempts::email.eq(&email))
                .filter(login_attempts::ip.eq(&ip))
                .select(count_star())
                .first(conn)
                .await?;
            let from_ip: i64 = recent().filter(login_attempts::ip.eq(&ip)).select(count_star()).first(conn).await?;
            if from_client >= MAX_FAILURES_PER_CLIENT || from_ip >= MAX_FAILURES_PER_IP {
                return Ok(Verdict::LockedOut);
            }
            let (for_account, last): (i64, Option<NaiveDateTime>) = recent()
                .filter(login_attempts::email.eq(&email))
                .select((count_star(), diesel::dsl::max(login_attempts::attempted_at)))
                .first(conn)
                .await?;
            let delay = account_delay(for_account);
            if delay > TimeDelta::zero() && last.is_some_and(|last| now - last < delay) {
                return Ok(Verdict::SlowDown);
            }
            diesel::insert_into(login_attempts::table)
                .values((
                    login_attempts::email.eq(&email),
                    login_attempts::ip.eq(&ip),
                    login_attempts::attempted_at.eq(now),
                ))
                .execute(conn)
                .await?;
            let id = diesel::select(last_insert_id()).get_result(conn).await?;
            Ok(Verdict::Allowed(id))
        })
        .await
    })
    .await
}

diesel::define_sql_function! {
    /// MySQL's id of the row this connection inserted last.
    #[sql_name = "LAST_INSERT_ID"]
    fn last_insert_id() -> diesel::sql_types::BigInt;
}

/// The attempt `attempt` logged in: it and this client's failures for the account are
/// forgotten (other clients' stay: they may be someone else's guesses).
pub async fn succeeded(db: &Db, attempt: i64, email: &str, ip: IpAddr) -> Result<(), DbError> {
    let (email, ip) = (email.to_owned(), ip.to_string());
    db.run(move |mut conn| async move {
        diesel::delete(login_attempts::table.filter(
            login_attempts::id.eq(attempt).or(login_attempts::email.eq(&email).and(login_attempts::ip.eq(&ip))),
        ))
        .execute(&mut conn)
        .await
    })
    .await?;
    Ok(())
}

/// An attempt that could not be decided (the server was busy): it counts for nothing.
pub async fn cancel(db: &Db, attempt: i64) -> Result<(), DbError> {
    db.run(move |mut conn| async move { diesel::delete(login_attempts::table.find(attempt)).execute(&mut conn).await })
        .await?;
    Ok(())
}

/// A password reset: the account's failures from every client are forgotten.
pub async fn clear_account(db: &Db, email: &str) -> Result<(), DbError> {
    let email = email.to_owned();
    db.run(move |mut conn| async move {
        diesel::delete(login_attempts::table.filter(login_attempts::email.eq(email))).execute(&mut conn).await
    })
    .await?;
    Ok(())
}

/// Drops failures that have left the window, and the lock rows of addresses with none left
/// (run periodically).
pub async fn forget_old(db: &Db) -> Result<usize, DbError> {
    let before: NaiveDateTime = Utc::now().naive_utc() - LOGIN_WINDOW;
    db.run(move |mut conn| async move {
        let attempts = diesel::delete(login_attempts::table.filter(login_attempts::attempted_at.le(before)))
            .execute(&mut conn)
            .await?;
        let still_counted = login_attempts::table.select(login_attempts::email);
        diesel::delete(login_locks::table.filter(login_locks::email.ne_all(still_counted))).execute(&mut conn).await?;
        Ok(attempts)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_delay_grows_from_the_tenth_failure_up_to_a_minute() {
        assert_eq!(account_delay(0), TimeDelta::zero());
        assert_eq!(account_delay(9), TimeDelta::zero());
        assert_eq!(account_delay(10), TimeDelta::seconds(1));
        assert_eq!(account_delay(11), TimeDelta::seconds(2));
        assert_eq!(account_delay(13), TimeDelta::seconds(8));
        assert_eq!(account_delay(16), TimeDelta::seconds(60));
        assert_eq!(account_delay(1_000), MAX_ACCOUNT_DELAY);
    }
}
