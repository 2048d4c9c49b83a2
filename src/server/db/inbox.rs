//! Queries on `inbox_entries`: one row per event and person it concerns, written in the
//! event's own transaction (`audit::record`), so the inbox misses no change and holds none
//! that was rolled back. The event itself is read from its outbox row.

use super::schema::{audit_outbox, inbox_entries};
use crate::domain::audit::AuditEvent;
use chrono::NaiveDateTime;
use diesel::{prelude::*, QueryResult};
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

/// An entry with its event, as stored.
pub struct StoredEntry {
    pub id: i64,
    pub read: bool,
    pub event: AuditEvent,
}

/// Puts `event` (outbox row `outbox_id`) in the inbox of each of its recipients but the actor.
pub async fn insert(conn: &mut AsyncMysqlConnection, outbox_id: i64, event: &AuditEvent) -> QueryResult<()> {
    let board_id = event.board.as_ref().map_or(0, |board| board.id);
    let rows: Vec<_> = event
        .recipients
        .iter()
        .filter(|recipient| recipient.user_id != event.actor.id)
        .map(|recipient| {
            (
                inbox_entries::user_id.eq(recipient.user_id),
                inbox_entries::outbox_id.eq(outbox_id),
                inbox_entries::board_id.eq(board_id),
                inbox_entries::created_at.eq(event.at),
            )
        })
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(inbox_entries::table).values(rows).execute(conn).await?;
    }
    Ok(())
}

pub async fn unread_count(conn: &mut AsyncMysqlConnection, user_id: i64) -> QueryResult<i64> {
    inbox_entries::table
        .filter(inbox_entries::user_id.eq(user_id))
        .filter(inbox_entries::read_at.is_null())
        .count()
        .get_result(conn)
        .await
}

/// Up to `limit` of `user_id`'s entries below `before` (all, without it), newest first.
pub async fn newest(
    conn: &mut AsyncMysqlConnection,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<StoredEntry>> {
    let mut query = inbox_entries::table
        .inner_join(audit_outbox::table.on(audit_outbox::id.eq(inbox_entries::outbox_id)))
        .filter(inbox_entries::user_id.eq(user_id))
        .select((inbox_entries::id, inbox_entries::read_at.is_not_null(), audit_outbox::payload))
        .order(inbox_entries::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(inbox_entries::id.lt(before));
    }
    let rows: Vec<(i64, bool, String)> = query.load(conn).await?;
    Ok(parse(rows))
}

/// `user_id`'s entries about board `board_id` from `first` to `last`, oldest first: a digest.
pub async fn range(
    conn: &mut AsyncMysqlConnection,
    user_id: i64,
    board_id: i64,
    first: i64,
    last: i64,
) -> QueryResult<Vec<StoredEntry>> {
    let rows: Vec<(i64, bool, String)> = inbox_entries::table
        .inner_join(audit_outbox::table.on(audit_outbox::id.eq(inbox_entries::outbox_id)))
        .filter(inbox_entries::user_id.eq(user_id))
        .filter(inbox_entries::board_id.eq(board_id))
        .filter(inbox_entries::id.between(first, last))
        .select((inbox_entries::id, inbox_entries::read_at.is_not_null(), audit_outbox::payload))
        .order(inbox_entries::id.asc())
        .load(conn)
        .await?;
    Ok(parse(rows))
}

/// An entry whose event cannot be read (it never should) is left out and logged, rather than
/// making the whole inbox fail.
fn parse(rows: Vec<(i64, bool, String)>) -> Vec<StoredEntry> {
    rows.into_iter()
        .filter_map(|(id, read, payload)| match serde_json::from_str(&payload) {
            Ok(event) => Some(StoredEntry { id, read, event }),
            Err(error) => {
                tracing::error!(entry = id, error = %error, "an inbox entry's event cannot be read; left out");
                None
            }
        })
        .collect()
}

/// Marks `user_id`'s entries up to `up_to` read (not ones that arrived after the page showed).
pub async fn mark_read(
    conn: &mut AsyncMysqlConnection,
    user_id: i64,
    up_to: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        inbox_entries::table
            .filter(inbox_entries::user_id.eq(user_id))
            .filter(inbox_entries::read_at.is_null())
            .filter(inbox_entries::id.le(up_to)),
    )
    .set(inbox_entries::read_at.eq(now))
    .execute(conn)
    .await
}

/// `user_id`'s newest entry, 0 for none.
pub async fn newest_id(conn: &mut AsyncMysqlConnection, user_id: i64) -> QueryResult<i64> {
    let newest: Option<i64> = inbox_entries::table
        .filter(inbox_entries::user_id.eq(user_id))
        .select(diesel::dsl::max(inbox_entries::id))
        .first(conn)
        .await?;
    Ok(newest.unwrap_or(0))
}

/// Per board: the first and last of `user_id`'s entries after `after`, on boards they are
/// still a member of (a former member's digest would tell them of a board they left).
pub async fn boards_after(
    conn: &mut AsyncMysqlConnection,
    user_id: i64,
    after: i64,
) -> QueryResult<Vec<(i64, i64, i64)>> {
    use super::schema::board_members;
    let rows: Vec<(i64, Option<i64>, Option<i64>)> = inbox_entries::table
        .inner_join(board_members::table.on(
            board_members::board_id.eq(inbox_entries::board_id).and(board_members::user_id.eq(inbox_entries::user_id)),
        ))
        .filter(inbox_entries::user_id.eq(user_id))
        .filter(inbox_entries::id.gt(after))
        .group_by(inbox_entries::board_id)
        .select((inbox_entries::board_id, diesel::dsl::min(inbox_entries::id), diesel::dsl::max(inbox_entries::id)))
        .load(conn)
        .await?;
    Ok(rows.into_iter().filter_map(|(board, first, last)| Some((board, first?, last?))).collect())
}
