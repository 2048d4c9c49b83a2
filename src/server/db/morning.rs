//! Queries of the morning run (`server::morning`): claiming a person's day, queuing their
//! digest and reminder emails, and taking queued emails to send.

use super::schema::{board_members, boards, morning_emails, reminders, tasks, users};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::{prelude::*, QueryResult};
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};

/// The time zones of active accounts.
pub async fn zones(conn: &mut AsyncMysqlConnection) -> QueryResult<Vec<String>> {
    users::table.filter(users::deactivated_at.is_null()).select(users::time_zone).distinct().load(conn).await
}

/// Up to `limit` active accounts in `zone` whose morning of `today` has not run.
pub async fn waiting(
    conn: &mut AsyncMysqlConnection,
    zone: &str,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    users::table
        .filter(users::time_zone.eq(zone))
        .filter(users::morning_on.is_null().or(users::morning_on.lt(today)))
        .filter(users::deactivated_at.is_null())
        .select(users::id)
        .limit(limit)
        .load(conn)
        .await
}

/// Takes `user_id`'s morning of `today`: true for exactly one caller, however many race.
pub async fn claim(conn: &mut AsyncMysqlConnection, user_id: i64, today: NaiveDate) -> QueryResult<bool> {
    let claimed =
        diesel::update(users::table.find(user_id).filter(users::morning_on.is_null().or(users::morning_on.lt(today))))
            .set(users::morning_on.eq(today))
            .execute(conn)
            .await?;
    Ok(claimed == 1)
}

/// What the morning needs to know of a person.
#[derive(Debug, Clone, Queryable)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub locale: Option<String>,
    pub time_zone: String,
    pub email_mode: String,
    pub deadline_reminders: bool,
    pub digest_after: i64,
    pub verified: bool,
    pub active: bool,
}

pub async fn person(conn: &mut AsyncMysqlConnection, user_id: i64) -> QueryResult<Option<Person>> {
    users::table
        .find(user_id)
        .select((
            users::id,
            users::name,
            users::email,
            users::locale,
            users::time_zone,
            users::email_mode,
            users::deadline_reminders,
            users::digest_after,
            users::email_verified_at.is_not_null(),
            users::deactivated_at.is_null(),
        ))
        .first(conn)
        .await
        .optional()
}

pub async fn set_digest_after(conn: &mut AsyncMysqlConnection, user_id: i64, entry: i64) -> QueryResult<()> {
    diesel::update(users::table.find(user_id).filter(users::digest_after.lt(entry)))
        .set(users::digest_after.eq(entry))
        .execute(conn)
        .await?;
    Ok(())
}

/// Queues an email; a second one with the same kind, person, date and board is ignored.
pub async fn queue(
    conn: &mut AsyncMysqlConnection,
    kind: &str,
    user_id: i64,
    local_date: NaiveDate,
    board_id: i64,
    entries: (i64, i64),
) -> QueryResult<usize> {
    diesel::insert_or_ignore_into(morning_emails::table)
        .values((
            morning_emails::kind.eq(kind),
            morning_emails::user_id.eq(user_id),
            morning_emails::local_date.eq(local_date),
            morning_emails::board_id.eq(board_id),
            morning_emails::first_entry.eq(entries.0),
            morning_emails::last_entry.eq(entries.1),
        ))
        .execute(conn)
        .await
}

/// The open tasks `user_id` answers for (in charge, or supervising one nobody is in charge of)
/// on boards they are a member of, due on one of `dates`: `(task id, deadline)`.
pub async fn deadlines(
    conn: &mut AsyncMysqlConnection,
    user_id: i64,
    dates: &[NaiveDate],
) -> QueryResult<Vec<(i64, NaiveDate)>> {
    let rows: Vec<(i64, Option<NaiveDate>)> = tasks::table
        .inner_join(
            board_members::table
                .on(board_members::board_id.eq(tasks::board_id).and(board_members::user_id.eq(user_id))),
        )
        .filter(tasks::deadline.eq_any(dates.to_vec()))
        .filter(tasks::trashed_at.is_null())
        .filter(tasks::status.ne("done"))
        .filter(tasks::pic_id.eq(user_id).or(tasks::pic_id.is_null().and(tasks::supervisor_id.eq(user_id))))
        .select((tasks::id, tasks::deadline))
        .load(conn)
        .await?;
    Ok(rows.into_iter().filter_map(|(id, deadline)| Some((id, deadline?))).collect())
}

/// Records a reminder; false when this task already had one for this person today.
pub async fn remind(
    conn: &mut AsyncMysqlConnection,
    task_id: i64,
    user_id: i64,
    local_date: NaiveDate,
    kind: &str,
) -> QueryResult<bool> {
    let inserted = diesel::insert_or_ignore_into(reminders::table)
        .values((
            reminders::task_id.eq(task_id),
            reminders::user_id.eq(user_id),
            reminders::local_date.eq(local_date),
            reminders::kind.eq(kind),
        ))
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// A reminder as its email lists it.
#[derive(Debug, Clone, Queryable)]
pub struct Reminder {
    pub task_id: i64,
    pub kind: String,
    pub title: String,
    pub deadline: Option<NaiveDate>,
    pub board: String,
}

/// The reminders of `user_id` on `local_date` whose tasks are still on their boards.
pub async fn reminders_of(
    conn: &mut AsyncMysqlConnection,
    user_id: i64,
    local_date: NaiveDate,
) -> QueryResult<Vec<Reminder>> {
    reminders::table
        .inner_join(tasks::table.on(tasks::id.eq(reminders::task_id)))
        .inner_join(boards::table.on(boards::id.eq(tasks::board_id)))
        .filter(reminders::user_id.eq(user_id))
        .filter(reminders::local_date.eq(local_date))
        .filter(tasks::trashed_at.is_null())
        .select((reminders::task_id, reminders::kind, tasks::title, tasks::deadline, boards::name))
        .order((tasks::deadline.asc(), tasks::id.asc()))
        .load(conn)
        .await
}

/// A queued email.
#[derive(Debug, Clone, Queryable)]
pub struct Queued {
    pub id: i64,
    pub kind: String,
    pub user_id: i64,
    pub local_date: NaiveDate,
    pub board_id: i64,
    pub first_entry: i64,
    pub last_entry: i64,
    pub attempts: i32,
}

/// Up to `limit` queued emails to send at `now`: pending, or left `sending` by a sender whose
/// lease ran out.
pub async fn due(conn: &mut AsyncMysqlConnection, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<Queued>> {
    morning_emails::table
        .filter(
            morning_emails::state
                .eq("pending")
                .or(morning_emails::state.eq("sending").and(morning_emails::lease_until.lt(now))),
        )
        .select((
            morning_emails::id,
            morning_emails::kind,
            morning_emails::user_id,
            morning_emails::local_date,
            morning_emails::board_id,
            morning_emails::first_entry,
            morning_emails::last_entry,
            morning_emails::attempts,
        ))
        .order(morning_emails::id.asc())
        .limit(limit)
        .load(conn)
        .await
}

/// Takes queued email `id` to send until `lease_until`: true for exactly one taker.
pub async fn take(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let taken = diesel::update(
        morning_emails::table.find(id).filter(
            morning_emails::state
                .eq("pending")
                .or(morning_emails::state.eq("sending").and(morning_emails::lease_until.lt(now))),
        ),
    )
    .set((morning_emails::state.eq("sending"), morning_emails::lease_until.eq(lease_until)))
    .execute(conn)
    .await?;
    Ok(taken == 1)
}

/// `sent` (with SES's message id or why nothing went), `pending` again after a failure, or
/// `parked` (given up).
pub async fn settle(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    state: &str,
    failed: bool,
    detail: &str,
) -> QueryResult<()> {
    diesel::update(morning_emails::table.find(id))
        .set((
            morning_emails::state.eq(state),
            morning_emails::attempts.eq(morning_emails::attempts + i32::from(failed)),
            morning_emails::detail.eq(detail.chars().take(500).collect::<String>()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
