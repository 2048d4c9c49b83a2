//! The board query: every task's card, in column order, narrowed by the board's filters.

use super::{
    schema::{tasks, users},
    Db, DbError,
};
use crate::domain::{BoardFilter, Status, TaskCard, TaskRoles};
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
    supervisor_id: i64,
    pic_id: Option<i64>,
    version: i32,
    pic_name: Option<String>,
}

/// Loads the cards `viewer` sees under `filter`, sorted by column position (served by the
/// `(status, position)` index). One query with a join: no per-card lookups.
pub async fn load_cards(db: &Db, viewer: i64, filter: BoardFilter, today: NaiveDate) -> Result<Vec<TaskCard>, DbError> {
    let rows: Vec<CardRow> = db
        .run(move |mut conn| async move {
            let mut query = tasks::table
                .left_join(users::table.on(tasks::pic_id.eq(users::id.nullable())))
                .order((tasks::status.asc(), tasks::position.asc(), tasks::id.asc()))
                .select((
                    tasks::id,
                    tasks::title,
                    tasks::status,
                    tasks::deadline,
                    tasks::supervisor_id,
                    tasks::pic_id,
                    tasks::version,
                    users::name.nullable(),
                ))
                .into_boxed();
            if filter.mine {
                query = query.filter(tasks::supervisor_id.eq(viewer).or(tasks::pic_id.eq(viewer)));
            }
            if let Some(person) = filter.person {
                query = query.filter(tasks::pic_id.eq(person));
            }
            if filter.overdue {
                query = query.filter(tasks::deadline.lt(today)).filter(tasks::status.ne(Status::Done.as_str()));
            }
            if !filter.search.is_empty() {
                // Bound as a parameter; only LIKE's own wildcards need escaping.
                query = query.filter(tasks::title.like(format!("%{}%", escape_like(&filter.search))));
            }
            query.load(&mut conn).await
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
                past_deadline: TaskCard::is_past(row.deadline, today),
                title: row.title,
                status,
                pic_name: row.pic_name,
                deadline: row.deadline,
                version: row.version,
                can_move: TaskRoles::of(viewer, row.supervisor_id, row.pic_id).can_move(),
            })
        })
        .collect()
}

/// Escapes `%`, `_` and the escape character itself, so a search for "50%" finds "50%".
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(super::escape_like(r"50%_off\now"), r"50\%\_off\\now");
    }
}
