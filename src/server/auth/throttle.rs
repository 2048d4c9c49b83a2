//! Login throttling: after 5 failed logins for one account, or 20 from one IP address, within
//! 15 minutes, further attempts are refused until the oldest failure leaves the window.
//! Failures are counted in MySQL so every server instance shares the count.

use crate::server::db::{schema::login_attempts, Db, DbError};
use chrono::{NaiveDateTime, TimeDelta, Utc};
use diesel::{dsl::count_star, prelude::*};
use diesel_async::RunQueryDsl;
use std::net::IpAddr;

pub const LOGIN_WINDOW: TimeDelta = TimeDelta::minutes(15);
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;

/// Whether another attempt may be made now.
pub async fn is_locked_out(db: &Db, email: &str, ip: IpAddr) -> Result<bool, DbError> {
    let (email, ip) = (email.to_owned(), ip.to_string());
    let since = Utc::now().naive_utc() - LOGIN_WINDOW;
    db.run(move |mut conn| async move {
        let for_account: i64 = login_attempts::table
            .filter(login_attempts::email.eq(&email).and(login_attempts::attempted_at.gt(since)))
            .select(count_star())
            .first(&mut conn)
            .await?;
        if for_account >= MAX_FAILURES_PER_ACCOUNT {
            return Ok(true);
        }
        let for_ip: i64 = login_attempts::table
            .filter(login_attempts::ip.eq(&ip).and(login_attempts::attempted_at.gt(since)))
            .select(count_star())
            .first(&mut conn)
            .await?;
        Ok(for_ip >= MAX_FAILURES_PER_IP)
    })
    .await
}

pub async fn record_failure(db: &Db, email: &str, ip: IpAddr) -> Result<(), DbError> {
    let (email, ip) = (email.to_owned(), ip.to_string());
    let now = Utc::now().naive_utc();
    db.run(move |mut conn| async move {
        diesel::insert_into(login_attempts::table)
            .values((login_attempts::email.eq(email), login_attempts::ip.eq(ip), login_attempts::attempted_at.eq(now)))
            .execute(&mut conn)
            .await
    })
    .await?;
    Ok(())
}

/// A successful login clears the account's failures (not the IP's).
pub async fn clear_account(db: &Db, email: &str) -> Result<(), DbError> {
    let email = email.to_owned();
    db.run(move |mut conn| async move {
        diesel::delete(login_attempts::table.filter(login_attempts::email.eq(email))).execute(&mut conn).await
    })
    .await?;
    Ok(())
}

/// Drops failures that have left the window (run periodically).
pub async fn forget_old(db: &Db) -> Result<usize, DbError> {
    let before: NaiveDateTime = Utc::now().naive_utc() - LOGIN_WINDOW;
    db.run(move |mut conn| async move {
        diesel::delete(login_attempts::table.filter(login_attempts::attempted_at.le(before))).execute(&mut conn).await
    })
    .await
}
