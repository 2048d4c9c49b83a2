//! `audit_outbox`: the writes' side (a change's event goes in with it, `audit::record`) and the
//! relay's (which rows are due, claiming them, marking them relayed).

use super::{
    schema::{audit_outbox, board_versions},
    Db, DbError,
};
use crate::domain::{audit::AuditEvent, live::LiveChange};
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

/// Inserts `event`'s outbox row; returns its id.
pub async fn insert(conn: &mut AsyncMysqlConnection, event: &AuditEvent) -> QueryResult<i64> {
    let payload = serde_json::to_string(event).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(audit_outbox::table)
        .values((
            audit_outbox::event_id.eq(&event.event_id),
            audit_outbox::task_id.eq(event.task_id),
            audit_outbox::board_id.eq(event.board.as_ref().map(|board| board.id)),
            audit_outbox::seq.eq(event.seq),
            audit_outbox::kind.eq(event.kind.as_str()),
            audit_outbox::actor_id.eq(event.actor.id),
            audit_outbox::payload.eq(payload),
            audit_outbox::created_at.eq(event.at),
            audit_outbox::next_attempt_at.eq(event.at),
            audit_outbox::notifies.eq(event.recipients.iter().any(|recipient| recipient.mail_each_change)),
        ))
        .execute(conn)
        .await?;
    let id = diesel::select(super::tasks::last_insert_id()).get_result(conn).await?;
    if let Some(board) = &event.board {
        bump_board_version(conn, board.id).await?;
    }
    Ok(id)
}

/// Moves the board's version on (migration 000027): the board cache and the board page's ETag
/// see the change. The row stays locked until the write commits, so versions follow commits.
async fn bump_board_version(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<()> {
    diesel::insert_into(board_versions::table)
        .values((board_versions::board_id.eq(board_id), board_versions::version.eq(1)))
        .on_conflict(diesel::dsl::DuplicatedKeys)
        .do_update()
        .set(board_versions::version.eq(board_versions::version + 1))
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether `actor_id` caused `max` or more events since `since` that email somebody. Reads at
/// most `max` entries of the `(actor_id, notifies, created_at)` index, however many there are.
pub async fn notified_at_least(
    conn: &mut AsyncMysqlConnection,
    actor_id: i64,
    since: NaiveDateTime,
    max: i64,
) -> QueryResult<bool> {
    let the_maxth = audit_outbox::table
        .filter(audit_outbox::actor_id.eq(actor_id))
        .filter(audit_outbox::notifies.eq(true))
        .filter(audit_outbox::created_at.gt(since))
        .order(audit_outbox::created_at.desc())
        .select(audit_outbox::id)
        .offset(max - 1)
        .first::<i64>(conn)
        .await
        .optional()?;
    Ok(the_maxth.is_some())
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

/// Up to `limit` rows to relay now, oldest first. For each task, a run of its oldest unrelayed
/// events, in order, as far as they are due (not leased by another relay, not waiting out a
/// backoff): a task's events reach DynamoDB in order even with several relays, and a task with
/// many events pending moves many per round, not one.
pub async fn due(db: &Db, now: NaiveDateTime, scan: i64, limit: usize) -> Result<Vec<Due>, DbError> {
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
    Ok(runs_in_order(unrelayed, now, limit))
}

/// An outbox row that is due, and its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub id: i64,
    pub task_id: i64,
}

/// The rows of `rows` (unrelayed, by id) that may go now: a task's rows up to its first one that
/// is not due (the rest of that task waits behind it), at most `limit` in all.
fn runs_in_order(rows: Vec<(i64, i64, NaiveDateTime)>, now: NaiveDateTime, limit: usize) -> Vec<Due> {
    let mut waiting_tasks = std::collections::HashSet::new();
    let mut due = Vec::new();
    for (id, task_id, next_attempt_at) in rows {
        if due.len() == limit {
            break;
        }
        if waiting_tasks.contains(&task_id) {
            continue;
        }
        if next_attempt_at > now {
            waiting_tasks.insert(task_id);
            continue;
        }
        due.push(Due { id, task_id });
    }
    due
}

/// Claims the rows among `ids` (in order, as [`due`] gave them) that are still due and not
/// locked by another relay, leasing them until `lease_until` (counted as an attempt). A task's
/// rows are claimed only as an unbroken run from its first: if another relay holds one of them,
/// this one leaves the task's later rows alone, so no row is relayed before the one it follows.
pub async fn claim(
    db: &Db,
    wanted: Vec<Due>,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> Result<Vec<OutboxRow>, DbError> {
    let ids: Vec<i64> = wanted.iter().map(|due| due.id).collect();
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
            let rows = unbroken_runs(&wanted, rows);
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

/// The rows of `locked` that continue their task's run in `wanted` order without a gap.
fn unbroken_runs(wanted: &[Due], locked: Vec<OutboxRow>) -> Vec<OutboxRow> {
    let mut by_id: std::collections::HashMap<i64, OutboxRow> = locked.into_iter().map(|row| (row.id, row)).collect();
    let mut broken_tasks = std::collections::HashSet::new();
    let mut kept = Vec::new();
    for due in wanted {
        match by_id.remove(&due.id) {
            Some(row) if !broken_tasks.contains(&due.task_id) => kept.push(row),
            // Locked by another relay, or no longer due: the task's later rows wait for it.
            _ => {
                broken_tasks.insert(due.task_id);
            }
        }
    }
    kept
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

/// The highest outbox id so far (0 for none): where a new live feed starts.
pub async fn highest_id(db: &Db) -> Result<i64, DbError> {
    db.run(|mut conn| async move {
        let highest: Option<i64> =
            audit_outbox::table.select(diesel::dsl::max(audit_outbox::id)).first(&mut conn).await?;
        Ok(highest.unwrap_or(0))
    })
    .await
}

type ChangeColumns = (i64, Option<i64>, i64, String, i64);

fn live_change((id, board_id, task_id, kind, actor_id): ChangeColumns) -> Option<LiveChange> {
    // Events from before boards name none; no page is open on them.
    board_id.map(|board_id| LiveChange { id, board_id, task_id, kind, actor_id })
}

/// The changes committed with ids above `after`, oldest first, at most `limit` (a range of the
/// primary key): what the live feed reads each time.
pub async fn changes_after(db: &Db, after: i64, limit: i64) -> Result<Vec<LiveChange>, DbError> {
    changes(db, None, after, limit).await
}

/// Board `board_id`'s changes with ids above `after`, oldest first, at most `limit` (a range of
/// `audit_outbox_board`): what a reconnecting page missed.
pub async fn board_changes_after(db: &Db, board_id: i64, after: i64, limit: i64) -> Result<Vec<LiveChange>, DbError> {
    changes(db, Some(board_id), after, limit).await
}

async fn changes(db: &Db, board_id: Option<i64>, after: i64, limit: i64) -> Result<Vec<LiveChange>, DbError> {
    db.run(move |mut conn| async move {
        let mut query = audit_outbox::table.filter(audit_outbox::id.gt(after)).into_boxed();
        if let Some(board_id) = board_id {
            query = query.filter(audit_outbox::board_id.eq(board_id));
        }
        let rows: Vec<ChangeColumns> = query
            .order(audit_outbox::id.asc())
            .limit(limit)
            .select((
                audit_outbox::id,
                audit_outbox::board_id,
                audit_outbox::task_id,
                audit_outbox::kind,
                audit_outbox::actor_id,
            ))
            .load(&mut conn)
            .await?;
        Ok(rows.into_iter().filter_map(live_change).collect())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(10, minute, 0).unwrap()
    }

    #[test]
    fn a_task_sends_a_run_of_its_events_up_to_the_first_that_is_not_due() {
        let now = at(30);
        // Task 7 has four events, the third waiting out a backoff; task 8 has two.
        let rows = vec![(1, 7, at(0)), (2, 8, at(0)), (3, 7, at(0)), (4, 7, at(40)), (5, 8, at(0)), (6, 7, at(0))];
        let ids: Vec<i64> = runs_in_order(rows.clone(), now, 25).into_iter().map(|d| d.id).collect();
        assert_eq!(ids, [1, 2, 3, 5], "task 7 stops before its waiting event; 6 waits behind it");
        let first_two: Vec<i64> = runs_in_order(rows, now, 2).into_iter().map(|d| d.id).collect();
        assert_eq!(first_two, [1, 2]);
    }

    fn row(id: i64, task_id: i64) -> OutboxRow {
        OutboxRow {
            id,
            event_id: String::new(),
            task_id,
            seq: 0,
            payload: String::new(),
            attempts: 0,
            created_at: at(0),
        }
    }

    #[test]
    fn a_run_stops_where_another_relay_holds_one_of_its_rows() {
        let wanted = [
            Due { id: 1, task_id: 7 },
            Due { id: 2, task_id: 8 },
            Due { id: 3, task_id: 7 },
            Due { id: 4, task_id: 8 },
        ];
        // Row 1 (task 7's first) is locked elsewhere: task 7's row 3 must not go before it.
        let kept: Vec<i64> =
            unbroken_runs(&wanted, vec![row(2, 8), row(3, 7), row(4, 8)]).iter().map(|r| r.id).collect();
        assert_eq!(kept, [2, 4]);
    }
}
