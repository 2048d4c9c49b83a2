//! `audit_outbox`: the writes' side (a change's event goes in with it, `audit::record`) and the
//! relay's (which rows are due, claiming them, marking them relayed).

use super::{schema::audit_outbox, Db, DbError};
use crate::domain::audit::AuditEvent;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncMysqlConnection, RunQueryDsl};

/// The next event number of a task's history. Called in the write's transaction, which holds
/// the task's row lock, so two writes cannot take the same number (a unique key backs this up).
pub async fn next_seq(conn: &mut AsyncMysqlConnection, task_id: i64) -> QueryResult<i32> {
    let last: Option<i32> = audit_outbox::table
        .filter(audit_outbox::task_id.eq(task_id))
        .select(diesel::dsl::max(audit_outbox::seq))
        .first(conn)
        .await?;
    Ok(last.unwrap_or(0) + 1)
}

pub async fn insert(conn: &mut AsyncMysqlConnection, event: &AuditEvent) -> QueryResult<()> {
    let payload = serde_json::to_string(event).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(audit_outbox::table)
        .values((
            audit_outbox::event_id.eq(&event.event_id),
            audit_outbox::task_id.eq(event.task_id),
            audit_outbox::seq.eq(event.seq),
            audit_outbox::kind.eq(event.kind.as_str()),
            audit_outbox::actor_id.eq(event.actor.id),
            audit_outbox::payload.eq(payload),
            audit_outbox::created_at.eq(event.at),
            audit_outbox::next_attempt_at.eq(event.at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// An outbox row the relay has claimed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_outbox)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct OutboxRow {
    pub id: i64,
    pub event_id: String,
    pub task_id: i64,
    pub seq: i32,
    pub payload: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

/// Up to `limit` rows to relay now, oldest first: for each task only its oldest unrelayed event
/// (so a task's events reach DynamoDB in order even with several relays), and only if it is
/// due (not leased by another relay, not waiting out a backoff).
pub async fn due_heads(db: &Db, now: NaiveDateTime, scan: i64, limit: usize) -> Result<Vec<i64>, DbError> {
    let unrelayed: Vec<(i64, i64, NaiveDateTime)> = db
        .run(move |mut conn| async move {
            audit_outbox::table
                .filter(audit_outbox::relayed_at.is_null())
                .order(audit_outbox::id.asc())
                .limit(scan)
                .select((audit_outbox::id, audit_outbox::task_id, audit_outbox::next_attempt_at))
                .load(&mut conn)
                .await
        })
        .await?;
    let mut seen_tasks = std::collections::HashSet::new();
    Ok(unrelayed
        .into_iter()
        .filter(|(_, task_id, _)| seen_tasks.insert(*task_id))
        .filter(|(_, _, next_attempt_at)| *next_attempt_at <= now)
        .map(|(id, _, _)| id)
        .take(limit)
        .collect())
}

/// Claims the rows among `ids` that are still due and not locked by another relay, leasing
/// them until `lease_until` (counted as an attempt).
pub async fn claim(
    db: &Db,
    ids: Vec<i64>,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> Result<Vec<OutboxRow>, DbError> {
    db.run(move |mut conn| async move {
        // Read committed for this one transaction: under repeatable read the locking read below
        // also locks the gaps of the pending index, which blocks a write inserting its outbox row
        // there while the claim waits for that very row: a deadlock, and the user's change
        // failed (tasks::simultaneous_moves_across_columns_all_succeed caught it now and then).
        diesel::sql_query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED").execute(&mut conn).await?;
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let rows: Vec<OutboxRow> = audit_outbox::table
                .filter(audit_outbox::id.eq_any(&ids))
                .filter(audit_outbox::relayed_at.is_null())
                .filter(audit_outbox::next_attempt_at.le(now))
                .order(audit_outbox::id.asc())
                .select(OutboxRow::as_select())
                .for_update()
                .skip_locked()
                .load(conn)
                .await?;
            let claimed: Vec<i64> = rows.iter().map(|row| row.id).collect();
            diesel::update(audit_outbox::table.filter(audit_outbox::id.eq_any(&claimed)))
                .set((
                    audit_outbox::next_attempt_at.eq(lease_until),
                    audit_outbox::attempts.eq(audit_outbox::attempts + 1),
                ))
                .execute(conn)
                .await?;
            Ok(rows)
        })
        .await
    })
    .await
}

/// The chain hash the relay stored for a task's event `seq`, if that event has been relayed.
pub async fn relayed_hash(db: &Db, task_id: i64, seq: i32) -> Result<Option<String>, DbError> {
    db.run(move |mut conn| async move {
        audit_outbox::table
            .filter(audit_outbox::task_id.eq(task_id))
            .filter(audit_outbox::seq.eq(seq))
            .filter(audit_outbox::relayed_at.is_not_null())
            .select(audit_outbox::hash)
            .first::<Option<String>>(&mut conn)
            .await
            .optional()
            .map(Option::flatten)
    })
    .await
}

pub async fn mark_relayed(db: &Db, id: i64, hash: String, now: NaiveDateTime) -> Result<(), DbError> {
    db.run(move |mut conn| async move {
        diesel::update(audit_outbox::table.find(id))
            .set((
                audit_outbox::relayed_at.eq(now),
                audit_outbox::hash.eq(hash),
                audit_outbox::last_error.eq(None::<String>),
            ))
            .execute(&mut conn)
            .await
            .map(|_| ())
    })
    .await
}

/// Puts claimed rows back to wait until `until`, noting why.
pub async fn postpone(db: &Db, ids: Vec<i64>, until: NaiveDateTime, error: String) -> Result<(), DbError> {
    db.run(move |mut conn| async move {
        diesel::update(audit_outbox::table.filter(audit_outbox::id.eq_any(&ids)))
            .set((audit_outbox::next_attempt_at.eq(until), audit_outbox::last_error.eq(error)))
            .execute(&mut conn)
            .await
            .map(|_| ())
    })
    .await
}

/// How many rows wait to be relayed, and when the oldest was written.
pub async fn backlog(db: &Db) -> Result<(i64, Option<NaiveDateTime>), DbError> {
    db.run(|mut conn| async move {
        audit_outbox::table
            .filter(audit_outbox::relayed_at.is_null())
            .select((diesel::dsl::count_star(), diesel::dsl::min(audit_outbox::created_at)))
            .first(&mut conn)
            .await
    })
    .await
}

/// How many of a task's events are not relayed yet.
pub async fn unrelayed_for_task(db: &Db, task_id: i64) -> Result<i64, DbError> {
    db.run(move |mut conn| async move {
        audit_outbox::table
            .filter(audit_outbox::task_id.eq(task_id))
            .filter(audit_outbox::relayed_at.is_null())
            .count()
            .get_result(&mut conn)
            .await
    })
    .await
}
