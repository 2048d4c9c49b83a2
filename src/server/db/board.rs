//! The board query: the top of each of a board's columns, in column order, narrowed by the
//! board's filters, and how many tasks each column holds. Only for the board's members. Reading
//! the cards is bounded by how many the board shows (`ColumnsShown`), not by how many tasks
//! there are; the totals are a count over the status index, which does grow with the board
//! (0.9 ms at 5,000 tasks).

use super::{
    schema::{board_members, boards, task_labels, tasks, users},
    Db, DbError,
};
use crate::domain::{
    label::Label, Board, BoardColumn, BoardFilter, BoardHeader, BoardInfo, BoardPage, BoardRole, Member, Status,
    TaskCard, TaskRoles,
};
use chrono::NaiveDate;
use diesel::{dsl::count_star, prelude::*};
use diesel_async::RunQueryDsl;
use std::collections::HashMap;

/// One row of the board query.
#[derive(Queryable)]
struct CardRow {
    id: i64,
    title: String,
    deadline: Option<NaiveDate>,
    supervisor_id: i64,
    pic_id: Option<i64>,
    version: i32,
    pic_name: Option<String>,
    checklist_done: i16,
    checklist_total: i16,
}

/// Applies the board's filters to a boxed query over `tasks` (alone or joined): the same
/// conditions for the cards and for the counts, written once.
macro_rules! narrowed {
    ($query:expr, $viewer:expr, $filter:expr, $today:expr) => {{
        let mut query = $query;
        if $filter.mine {
            query = query.filter(tasks::supervisor_id.eq($viewer).or(tasks::pic_id.eq($viewer)));
        }
        if let Some(person) = $filter.person {
            query = query.filter(tasks::pic_id.eq(person));
        }
        if let Some(label) = $filter.label {
            // Through the (label_id, task_id) index; another board's label matches none of
            // this board's tasks.
            let labelled = task_labels::table.filter(task_labels::label_id.eq(label)).select(task_labels::task_id);
            query = query.filter(tasks::id.eq_any(labelled));
        }
        if $filter.overdue {
            query = query.filter(tasks::deadline.lt($today)).filter(tasks::status.ne(Status::Done));
        }
        if !$filter.search.is_empty() {
            // Bound as a parameter; only LIKE's own wildcards need escaping.
            query = query.filter(tasks::title.like(format!("%{}%", escape_like(&$filter.search))));
        }
        query
    }};
}

/// Board `board_id` as `viewer` sees it under `filter`, or `None` when they are not a member:
/// its header (name, the viewer's role, the members for the "In charge" filter), its labels (for
/// the "Label" filter and the chips) and per column the first `filter.shown` cards by position
/// (each read through the `(board_id, status, position)` index, with the PIC's name joined in)
/// and the column's total. Eight queries on one connection, however many cards: the members
/// (with the board's name, which says whether the viewer is one), the labels, four columns, the
/// counts, and the shown cards' labels (skipped on a board without labels).
#[tracing::instrument(skip_all, fields(user.id = viewer, board.id = board_id), err(level = "debug"))]
pub async fn load_board(
    db: &Db,
    viewer: i64,
    board_id: i64,
    filter: BoardFilter,
    today: NaiveDate,
) -> Result<Option<BoardPage>, DbError> {
    let loaded = db
        .run(move |mut conn| async move {
            let Some((info, members)) = header(&mut conn, board_id, viewer).await? else { return Ok(None) };
            let labels = super::labels::of_board(&mut conn, board_id).await?;
            let mut rows = Vec::with_capacity(Status::ALL.len());
            for status in Status::ALL {
                let query = tasks::table
                    .left_join(users::table.on(tasks::pic_id.eq(users::id.nullable())))
                    .filter(tasks::board_id.eq(board_id))
                    .filter(tasks::trashed_at.is_null())
                    .filter(tasks::status.eq(status))
                    .order((tasks::position.asc(), tasks::id.asc()))
                    .limit(i64::from(filter.shown.get(status)))
                    .select((
                        tasks::id,
                        tasks::title,
                        tasks::deadline,
                        tasks::supervisor_id,
                        tasks::pic_id,
                        tasks::version,
                        users::name.nullable(),
                        tasks::checklist_done,
                        tasks::checklist_total,
                    ))
                    .into_boxed();
                let column: Vec<CardRow> = narrowed!(query, viewer, filter, today).load(&mut conn).await?;
                rows.push(column);
            }
            let counts = tasks::table
                .filter(tasks::board_id.eq(board_id))
                .filter(tasks::trashed_at.is_null())
                .group_by(tasks::status)
                .select((tasks::status, count_star()))
                .into_boxed();
            let totals: Vec<(Status, i64)> = narrowed!(counts, viewer, filter, today).load(&mut conn).await?;
            let chips = if labels.is_empty() {
                Vec::new()
            } else {
                let shown: Vec<i64> = rows.iter().flatten().map(|row| row.id).collect();
                super::labels::on_tasks(&mut conn, &shown).await?
            };
            Ok::<_, diesel::result::Error>(Some((info, members, labels, rows, totals, chips)))
        })
        .await?;
    let Some((info, members, labels, rows, totals, chips)) = loaded else { return Ok(None) };
    let role = info.role;
    let mut label_ids: HashMap<i64, Vec<i64>> = HashMap::new();
    for (task, label) in chips {
        label_ids.entry(task).or_default().push(label);
    }

    let columns = Status::ALL
        .into_iter()
        .zip(rows)
        .map(|(status, rows)| {
            let total = totals.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n as usize);
            let cards = rows
                .into_iter()
                .map(|row| {
                    let ids = label_ids.get(&row.id).map_or(&[][..], Vec::as_slice);
                    let chips = labels.iter().filter(|label| ids.contains(&label.id)).cloned().collect();
                    card(row, status, viewer, role, today, chips)
                })
                .collect::<Vec<_>>();
            // A write between the two reads can leave the count a little behind; never show
            // fewer tasks than there are cards.
            BoardColumn { status, total: total.max(cards.len()), cards }
        })
        .collect();
    Ok(Some(BoardPage { header: BoardHeader { board: info, members }, labels, board: Board { columns } }))
}

/// The board's name and members (active accounts, by name) in one query, and the viewer's role
/// among them; `None` when the viewer is not a member (or there is no such board).
async fn header(
    conn: &mut diesel_async::AsyncMysqlConnection,
    board_id: i64,
    viewer: i64,
) -> QueryResult<Option<(BoardInfo, Vec<Member>)>> {
    let rows: Vec<(i64, String, String, String, BoardRole, String)> = board_members::table
        .inner_join(users::table)
        .inner_join(boards::table)
        .filter(board_members::board_id.eq(board_id))
        .filter(users::deactivated_at.is_null())
        .select((users::id, users::name, users::email, users::handle, board_members::role, boards::name))
        .order((users::name.asc(), users::id.asc()))
        .load(conn)
        .await?;
    let Some((.., role, name)) = rows.iter().find(|(id, ..)| *id == viewer).cloned() else { return Ok(None) };
    let members =
        rows.into_iter().map(|(id, name, email, handle, role, _)| Member { id, name, email, handle, role }).collect();
    Ok(Some((BoardInfo { id: board_id, name, role }, members)))
}

fn card(row: CardRow, status: Status, viewer: i64, role: BoardRole, today: NaiveDate, labels: Vec<Label>) -> TaskCard {
    TaskCard {
        id: row.id,
        past_deadline: TaskCard::is_past(row.deadline, today),
        title: row.title,
        status,
        pic_name: row.pic_name,
        deadline: row.deadline,
        version: row.version,
        can_move: TaskRoles::of(viewer, role, row.supervisor_id, row.pic_id).can_move(),
        checklist: (row.checklist_total > 0).then_some((row.checklist_done, row.checklist_total)),
        labels,
    }
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
