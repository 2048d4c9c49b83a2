//! Limits on what sends email, counted in MySQL so every instance shares them
//! (`rate_limit_events`). An event over its limit is refused and not counted.
//!
//! Counting and recording are two statements, so requests arriving at the same moment can pass
//! a limit by a few: these limits keep inboxes from being flooded, and a handful over is no flood.

use crate::server::db::{schema::rate_limit_events, Db, DbError};
use chrono::{TimeDelta, Utc};
use diesel::{dsl::count_star, prelude::*};
use diesel_async::RunQueryDsl;

/// How many events of one kind one subject may cause within a window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub kind: &'static str,
    pub max: i64,
    pub window: TimeDelta,
}

/// Password reset requests from one client address: each may mail someone.
pub const RESET_REQUESTS_PER_CLIENT: Limit = Limit { kind: "reset_per_client", max: 10, window: TimeDelta::hours(1) };

/// How long events are kept: longer than any window.
const KEPT_FOR: TimeDelta = TimeDelta::days(1);

/// Counts one event of `limit`'s kind for `subject` if it is within the limit; `false` (and
/// nothing counted) if it is not.
#[tracing::instrument(skip(db), fields(kind = limit.kind), err(level = "debug"))]
pub async fn allow(db: &Db, limit: Limit, subject: &str) -> Result<bool, DbError> {
    let subject = subject.to_owned();
    let now = Utc::now().naive_utc();
    db.run(move |mut conn| async move {
        let recent: i64 = rate_limit_events::table
            .filter(rate_limit_events::kind.eq(limit.kind))
            .filter(rate_limit_events::subject.eq(&subject))
            .filter(rate_limit_events::at.gt(now - limit.window))
            .select(count_star())
            .first(&mut conn)
            .await?;
        if recent >= limit.max {
            return Ok(false);
        }
        diesel::insert_into(rate_limit_events::table)
            .values((
                rate_limit_events::kind.eq(limit.kind),
                rate_limit_events::subject.eq(&subject),
                rate_limit_events::at.eq(now),
            ))
            .execute(&mut conn)
            .await?;
        Ok(true)
    })
    .await
}

/// Drops events older than every window (run periodically).
pub async fn forget_old(db: &Db) -> Result<usize, DbError> {
    let before = Utc::now().naive_utc() - KEPT_FOR;
    db.run(move |mut conn| async move {
        diesel::delete(rate_limit_events::table.filter(rate_limit_events::at.le(before))).execute(&mut conn).await
    })
    .await
}
