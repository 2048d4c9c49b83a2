//! The board query: every task's card, in column order.

use super::{
    schema::{tasks, users},
    Db, DbError,
};
use crate::domain::{Status, TaskCard};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// One row of the board query.
#[derive(Queryable)]
struct CardRow {
    id: i64,
    title: String,
    status: String,
    deadline: Option<NaiveDate>,
    pic_name: Option<String>,
}

/// Loads every card, sorted by column position (served by the `(status, position)` index).
/// One query with a join: no per-card lookups.
pub async fn load_cards(db: &Db, today: NaiveDate) -> Result<Vec<TaskCard>, DbError> {
    let rows: Vec<CardRow> = db
        .run(|mut conn| async move {
            tasks::table
                .left_join(users::table.on(tasks::pic_id.eq(users::id.nullable())))
                .order((tasks::status.asc(), tasks::position.asc(), tasks::id.asc()))
                .select((tasks::id, tasks::title, tasks::status, tasks::deadline, users::name.nullable()))
                .load(&mut conn)
                .await
        })
        .await?;

    rows.into_iter()
        .map(|row| {
            // The column has a CHECK constraint, so an unknown status means the schema and code
            // disagree: report it rather than guess a column.
            let status = Status::parse(&row.status)
                .map_err(|e| DbError::Query(diesel::result::Error::DeserializationError(Box::new(e))))?;
            Ok(TaskCard {
                id: row.id,
                overdue: TaskCard::is_overdue(row.deadline, status, today),
                title: row.title,
                status,
                pic_name: row.pic_name,
                deadline: row.deadline,
            })
        })
        .collect()
}
