//! Queries on `webhooks` and `webhook_deliveries` (migration 000029). The dispatcher that
//! drives deliveries is `server::webhooks::dispatcher`.

use super::{
    schema::{audit_outbox, webhook_deliveries, webhooks},
    Db, DbError,
};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::{dsl::count_star, prelude::*};
use diesel_async::{AsyncConnection, AsyncMysqlConnection, RunQueryDsl};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
#[diesel(check_for_backend(diesel::mysql::Mysql))]
pub struct WebhookRow {
    pub id: i64,
    /// `None` once its board is deleted: it is kept until what waits for it is delivered.
    pub board_id: Option<i64>,
    pub url: String,
    pub secret: String,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
    pub failures: i32,
    pub last_status: Option<i16>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub last_success_at: Option<NaiveDateTime>,
}

/// Queues event `outbox_id` (of task `task_id`, on board `board_id`) for each of the board's
/// webhooks, switched off ones too (their events wait for them). Part of the event's own
/// transaction (`audit::record`); on a board without webhooks it writes nothing.
pub async fn enqueue(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    outbox_id: i64,
    task_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO webhook_deliveries (webhook_id, outbox_id, task_id, next_attempt_at) \
         SELECT id, ?, ?, ? FROM webhooks WHERE board_id = ?",
    )
    .bind::<diesel::sql_types::BigInt, _>(outbox_id)
    .bind::<diesel::sql_types::BigInt, _>(task_id)
    .bind::<diesel::sql_types::Datetime, _>(at)
    .bind::<diesel::sql_types::BigInt, _>(board_id)
    .execute(conn)
    .await
}

/// Board `board_id`'s webhooks, oldest first, each with how many events wait for it.
pub async fn of_board(db: &Db, board_id: i64) -> Result<Vec<(WebhookRow, i64)>, DbError> {
    db.run(move |mut conn| async move {
        let hooks: Vec<WebhookRow> = webhooks::table
            .filter(webhooks::board_id.eq(board_id))
            .order(webhooks::id.asc())
            .select(WebhookRow::as_select())
            .load(&mut conn)
            .await?;
        let ids: Vec<i64> = hooks.iter().map(|hook| hook.id).collect();
        let waiting: Vec<(i64, i64)> = webhook_deliveries::table
            .filter(webhook_deliveries::webhook_id.eq_any(&ids))
            .filter(webhook_deliveries::delivered_at.is_null())
            .group_by(webhook_deliveries::webhook_id)
            .select((webhook_deliveries::webhook_id, count_star()))
            .load(&mut conn)
            .await?;
        Ok(hooks
            .into_iter()
            .map(|hook| {
                let count = waiting.iter().find(|(id, _)| *id == hook.id).map_or(0, |(_, n)| *n);
                (hook, count)
            })
            .collect())
    })
    .await
}

/// The board of webhook `id`, if it exists and its board does.
pub async fn board_of(db: &Db, id: i64) -> Result<Option<i64>, DbError> {
    db.run(move |mut conn| async move {
        let board: Option<Option<i64>> =
            webhooks::table.find(id).select(webhooks::board_id).first(&mut conn).await.optional()?;
        Ok(board.flatten())
    })
    .await
}

/// Deletes the webhooks of deleted boards that have nothing left to deliver, or were switched
/// off (no admin is left to switch them on: what waited for them goes with them). Returns how
/// many.
pub async fn drop_orphans(db: &Db) -> Result<usize, DbError> {
    db.run(move |mut conn| async move {
        diesel::sql_query(
            "DELETE FROM webhooks WHERE board_id IS NULL AND (disabled_at IS NOT NULL OR NOT EXISTS \
             (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = webhooks.id AND d.delivered_at IS NULL))",
        )
        .execute(&mut conn)
        .await
    })
    .await
}

pub async fn count_of_board(conn: &mut AsyncMysqlConnection, board_id: i64) -> QueryResult<i64> {
    webhooks::table.filter(webhooks::board_id.eq(board_id)).count().get_result(conn).await
}

pub async fn insert(
    conn: &mut AsyncMysqlConnection,
    board_id: i64,
    url: &str,
    secret: &str,
    created_by: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::board_id.eq(board_id),
            webhooks::url.eq(url),
            webhooks::secret.eq(secret),
            webhooks::created_by_id.eq(created_by),
            webhooks::created_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The URL of webhook `id` on board `board_id`, if it is there.
pub async fn url_on_board(conn: &mut AsyncMysqlConnection, board_id: i64, id: i64) -> QueryResult<Option<String>> {
    webhooks::table
        .filter(webhooks::id.eq(id))
        .filter(webhooks::board_id.eq(board_id))
        .select(webhooks::url)
        .first(conn)
        .await
        .optional()
}

/// Deletes webhook `id`, and with it the deliveries still waiting for it.
pub async fn delete(conn: &mut AsyncMysqlConnection, id: i64) -> QueryResult<()> {
    diesel::delete(webhooks::table.find(id)).execute(conn).await.map(|_| ())
}

/// Switches webhook `id` on again with a clean count; its waiting events are due at once.
pub async fn switch_on(conn: &mut AsyncMysqlConnection, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(webhooks::table.find(id))
        .set((webhooks::disabled_at.eq(None::<NaiveDateTime>), webhooks::failures.eq(0)))
        .execute(conn)
        .await?;
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::webhook_id.eq(id))
            .filter(webhook_deliveries::delivered_at.is_null()),
    )
    .set(webhook_deliveries::next_attempt_at.eq(now))
    .execute(conn)
    .await
    .map(|_| ())
}

/// A delivery the dispatcher took: the event and where it goes.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub webhook_id: i64,
    pub outbox_id: i64,
    pub attempts: i32,
    pub url: String,
    pub secret: String,
    /// The audit event, as the outbox keeps it.
    pub payload: String,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    webhook_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    outbox_id: i64,
}

/// Takes up to `max` deliveries due at `now` for webhooks that are on, each the oldest waiting
/// one of its (webhook, task), so a task's events go out in order; holds them until
/// `lease_until` (another instance skips them meanwhile, and takes them over after it if this
/// one died mid-delivery: at least once).
pub async fn claim_due(
    db: &Db,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    max: i64,
) -> Result<Vec<Claimed>, DbError> {
    db.run(move |mut conn| async move {
        // Read without locks first: which deliveries are next in line.
        let candidates: Vec<Candidate> = diesel::sql_query(
            "SELECT d.webhook_id, d.outbox_id FROM webhook_deliveries d \
             JOIN webhooks w ON w.id = d.webhook_id AND w.disabled_at IS NULL \
             WHERE d.delivered_at IS NULL AND d.next_attempt_at <= ? \
               AND d.outbox_id = (SELECT MIN(e.outbox_id) FROM webhook_deliveries e \
                                  WHERE e.webhook_id = d.webhook_id AND e.task_id = d.task_id \
                                    AND e.delivered_at IS NULL) \
             ORDER BY d.next_attempt_at, d.outbox_id LIMIT ?",
        )
        .bind::<diesel::sql_types::Datetime, _>(now)
        .bind::<diesel::sql_types::BigInt, _>(max)
        .load(&mut conn)
        .await?;
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        // Then lock those still due, skipping any another instance holds. Read committed, as
        // the relay's claim: no gap locks that would hold up a write queueing its deliveries.
        diesel::sql_query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED").execute(&mut conn).await?;
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let mut claimed = Vec::new();
            for candidate in candidates {
                // Only the delivery's row is locked (MariaDB has no `FOR UPDATE OF`): a lock on
                // the outbox row would hold up the relay, one on the webhook the other claims.
                let attempts: Option<i32> = webhook_deliveries::table
                    .filter(webhook_deliveries::webhook_id.eq(candidate.webhook_id))
                    .filter(webhook_deliveries::outbox_id.eq(candidate.outbox_id))
                    .filter(webhook_deliveries::delivered_at.is_null())
                    .filter(webhook_deliveries::next_attempt_at.le(now))
                    .select(webhook_deliveries::attempts)
                    .for_update()
                    .skip_locked()
                    .first(conn)
                    .await
                    .optional()?;
                let Some(attempts) = attempts else { continue };
                let (url, secret, payload): (String, String, String) = webhooks::table
                    .inner_join(webhook_deliveries::table.inner_join(audit_outbox::table))
                    .filter(webhook_deliveries::webhook_id.eq(candidate.webhook_id))
                    .filter(webhook_deliveries::outbox_id.eq(candidate.outbox_id))
                    .select((webhooks::url, webhooks::secret, audit_outbox::payload))
                    .first(conn)
                    .await?;
                diesel::update(
                    webhook_deliveries::table
                        .filter(webhook_deliveries::webhook_id.eq(candidate.webhook_id))
                        .filter(webhook_deliveries::outbox_id.eq(candidate.outbox_id)),
                )
                .set((
                    webhook_deliveries::next_attempt_at.eq(lease_until),
                    webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                ))
                .execute(conn)
                .await?;
                claimed.push(Claimed {
                    webhook_id: candidate.webhook_id,
                    outbox_id: candidate.outbox_id,
                    attempts: attempts + 1,
                    url,
                    secret,
                    payload,
                });
            }
            Ok(claimed)
        })
        .await
    })
    .await
}

/// What came of one attempt.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// What went wrong, when it did (a status outside 2xx included).
    pub error: Option<String>,
}

/// Failed attempts in a row after which a webhook is switched off.
pub const FAILURES_BEFORE_OFF: i32 = 15;

/// Records an attempt at delivery `(webhook_id, outbox_id)`: done on success; otherwise due
/// again after `retry_in`, and the webhook switched off at its [`FAILURES_BEFORE_OFF`]th
/// failure in a row.
pub async fn record_attempt(
    db: &Db,
    claimed: &Claimed,
    outcome: Outcome,
    now: NaiveDateTime,
    retry_in: TimeDelta,
) -> Result<(), DbError> {
    let (webhook_id, outbox_id) = (claimed.webhook_id, claimed.outbox_id);
    let status = outcome.status.map(|s| s as i16);
    db.run(move |mut conn| async move {
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            let delivery = webhook_deliveries::table
                .filter(webhook_deliveries::webhook_id.eq(webhook_id))
                .filter(webhook_deliveries::outbox_id.eq(outbox_id));
            match &outcome.error {
                None => {
                    diesel::update(delivery)
                        .set((webhook_deliveries::delivered_at.eq(now), webhook_deliveries::last_status.eq(status)))
                        .execute(conn)
                        .await?;
                    diesel::update(webhooks::table.find(webhook_id))
                        .set((
                            webhooks::failures.eq(0),
                            webhooks::last_status.eq(status),
                            webhooks::last_error.eq(None::<String>),
                            webhooks::last_attempt_at.eq(now),
                            webhooks::last_success_at.eq(now),
                        ))
                        .execute(conn)
                        .await?;
                }
                Some(error) => {
                    diesel::update(delivery)
                        .set((
                            webhook_deliveries::next_attempt_at.eq(now + retry_in),
                            webhook_deliveries::last_status.eq(status),
                        ))
                        .execute(conn)
                        .await?;
                    let error: String = error.chars().take(300).collect();
                    diesel::update(webhooks::table.find(webhook_id))
                        .set((
                            webhooks::failures.eq(webhooks::failures + 1),
                            webhooks::last_status.eq(status),
                            webhooks::last_error.eq(Some(error)),
                            webhooks::last_attempt_at.eq(now),
                        ))
                        .execute(conn)
                        .await?;
                    diesel::update(
                        webhooks::table
                            .find(webhook_id)
                            .filter(webhooks::failures.ge(FAILURES_BEFORE_OFF))
                            .filter(webhooks::disabled_at.is_null()),
                    )
                    .set(webhooks::disabled_at.eq(Some(now)))
                    .execute(conn)
                    .await?;
                }
            }
            Ok(())
        })
        .await
    })
    .await
}
