//! The REST API's reads of tasks: a board's tasks under the board's filters, a page at a time
//! in board order (column by column, each top to bottom), and one task. Cursor pages walk the
//! `(board_id, trashed_at, status, position, id)` index, so page 100 costs what page 1 does.

use super::{
    board::{escape_like, narrowed},
    labels,
    schema::{task_labels, tasks},
    tasks::{contacts, Contact, TaskRow},
    Db, DbError,
};
use crate::domain::{label::Label, BoardFilter, Person, Status};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncMysqlConnection, RunQueryDsl};
use std::collections::HashMap;

/// A task as the API shows it: every field, its people's names, labels and checklist progress.
#[derive(Debug, Clone)]
pub struct ListedTask {
    pub row: TaskRow,
    pub supervisor: Person,
    pub pic: Option<Person>,
    pub updated_by: Option<Person>,
    pub labels: Vec<Label>,
    /// Ticked and all checklist items.
    pub checklist: (i16, i16),
}

/// Where a page ends: the last task's place in board order. The next page starts after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub status: Status,
    pub position: i64,
    pub id: i64,
}

/// Which tasks of a board a page holds.
#[derive(Debug, Clone)]
pub struct Slice {
    /// The board's filters (`mine` meaning the viewer's).
    pub filter: BoardFilter,
    /// Only this column.
    pub status: Option<Status>,
    /// Where the previous page ended.
    pub after: Option<After>,
    pub limit: u32,
}

/// Up to `slice.limit` of board `board_id`'s tasks (not in the trash) that `slice` selects, as
/// `viewer` on `today` (for "overdue") sees them, in board order. At most one query per
/// column, plus the people's names and the labels. Membership is the caller's check.
#[tracing::instrument(skip(db, slice), err(level = "debug"))]
pub async fn page(
    db: &Db,
    board_id: i64,
    viewer: i64,
    slice: Slice,
    today: NaiveDate,
) -> Result<Vec<ListedTask>, DbError> {
    let Slice { filter, status, after, limit } = slice;
    db.run(move |mut conn| async move {
        let mut rows: Vec<(TaskRow, i16, i16)> = Vec::new();
        let columns = Status::ALL.into_iter().filter(|s| status.is_none_or(|only| only == *s));
        for column in columns {
            // Columns before the cursor's are done; the cursor's own continues after it.
            let resume = match after {
                Some(after) if column.column_index() < after.status.column_index() => continue,
                Some(after) if column == after.status => Some((after.position, after.id)),
                _ => None,
            };
            let wanted = i64::from(limit) - rows.len() as i64;
            if wanted <= 0 {
                break;
            }
            let mut query = tasks::table
                .filter(tasks::board_id.eq(board_id))
                .filter(tasks::trashed_at.is_null())
                .filter(tasks::status.eq(column))
                .order((tasks::position.asc(), tasks::id.asc()))
                .limit(wanted)
                .select((TaskRow::as_select(), tasks::checklist_done, tasks::checklist_total))
                .into_boxed();
            if let Some((position, id)) = resume {
                query =
                    query.filter(tasks::position.gt(position).or(tasks::position.eq(position).and(tasks::id.gt(id))));
            }
            let found: Vec<(TaskRow, i16, i16)> = narrowed!(query, viewer, filter, today).load(&mut conn).await?;
            rows.extend(found);
        }
        complete(&mut conn, rows).await
    })
    .await
}

/// Task `id` (not in the trash), or `None`.
pub async fn one(db: &Db, id: i64) -> Result<Option<ListedTask>, DbError> {
    db.run(move |mut conn| async move {
        let row: Option<(TaskRow, i16, i16)> = tasks::table
            .find(id)
            .filter(tasks::trashed_at.is_null())
            .select((TaskRow::as_select(), tasks::checklist_done, tasks::checklist_total))
            .first(&mut conn)
            .await
            .optional()?;
        Ok(complete(&mut conn, row.into_iter().collect()).await?.pop())
    })
    .await
}

/// The rows with their people and labels: two more queries by primary keys, however many rows.
async fn complete(conn: &mut AsyncMysqlConnection, rows: Vec<(TaskRow, i16, i16)>) -> QueryResult<Vec<ListedTask>> {
    let mut ids: Vec<i64> =
        rows.iter().flat_map(|(row, ..)| [Some(row.supervisor_id), row.pic_id, row.updated_by_id]).flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    let people: HashMap<i64, Person> =
        contacts(conn, &ids).await?.iter().map(|c: &Contact| (c.id, c.person())).collect();
    let task_ids: Vec<i64> = rows.iter().map(|(row, ..)| row.id).collect();
    let pairs = labels::on_tasks(conn, &task_ids).await?;
    let mut board_labels: HashMap<i64, Label> = HashMap::new();
    if let Some((row, ..)) = rows.as_slice().first() {
        for label in labels::of_board(conn, row.board_id).await? {
            board_labels.insert(label.id, label);
        }
    }
    let mut carried: HashMap<i64, Vec<Label>> = HashMap::new();
    for (task, label) in pairs {
        if let Some(label) = board_labels.get(&label) {
            carried.entry(task).or_default().push(label.clone());
        }
    }
    let person = |id: Option<i64>| id.and_then(|id| people.get(&id).cloned());
    rows.into_iter()
        .map(|(row, done, total)| {
            let mut labels = carried.remove(&row.id).unwrap_or_default();
            labels.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            Ok(ListedTask {
                supervisor: person(Some(row.supervisor_id)).ok_or(diesel::result::Error::NotFound)?,
                pic: person(row.pic_id),
                updated_by: person(row.updated_by_id),
                labels,
                checklist: (done, total),
                row,
            })
        })
        .collect()
}

/// How many tasks each column of board `board_id` holds (kept by triggers, migration 000027),
/// in board order; a column never written to holds none.
pub async fn column_totals(db: &Db, board_id: i64) -> Result<Vec<(Status, i64)>, DbError> {
    use super::schema::column_counts;
    let kept: Vec<(Status, i32)> = db
        .run(move |mut conn| async move {
            column_counts::table
                .filter(column_counts::board_id.eq(board_id))
                .select((column_counts::status, column_counts::cards))
                .load(&mut conn)
                .await
        })
        .await?;
    Ok(Status::ALL
        .into_iter()
        .map(|status| {
            let cards = kept.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| i64::from(*n).max(0));
            (status, cards)
        })
        .collect())
}
