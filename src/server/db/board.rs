//! The board query: the top of each of a board's columns, in column order, narrowed by the
//! board's filters, and how many tasks each column holds. Only for the board's members. Reading
//! the cards is bounded by how many the board shows (`ColumnsShown`), not by how many tasks
//! there are, and so are the totals of an unfiltered board (kept in `column_counts`). And the
//! board's stamp, which says whether a cached copy is still good.

use super::{
    schema::{board_members, boards, column_counts, task_labels, tasks, users},
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
/// For the REST API's task list (`db::task_list`), which narrows by the same filters.
pub(super) use narrowed;

/// Board `board_id` as `viewer` sees it under `filter`, or `None` when they are not a member
/// (what the board cache keeps, [`load_shared`], seen through the viewer's eyes).
#[tracing::instrument(skip_all, fields(user.id = viewer, board.id = board_id), err(level = "debug"))]
pub async fn load_board(
    db: &Db,
    viewer: i64,
    board_id: i64,
    filter: BoardFilter,
    today: NaiveDate,
) -> Result<Option<BoardPage>, DbError> {
    Ok(load_shared(db, board_id, filter, viewer, today).await?.and_then(|board| board.for_viewer(viewer)))
}

/// A board under one filter as every member sees it: what the board cache keeps
/// (`server::board_cache`). Who may move which card differs between members, so each card
/// keeps its supervisor and person in charge, and [`SharedBoard::for_viewer`] works it out.
#[derive(Debug, Clone)]
pub struct SharedBoard {
    id: i64,
    name: String,
    /// Active accounts, by name.
    members: Vec<Member>,
    labels: Vec<Label>,
    columns: Vec<SharedColumn>,
}

#[derive(Debug, Clone)]
struct SharedColumn {
    status: Status,
    total: usize,
    cards: Vec<SharedCard>,
}

#[derive(Debug, Clone)]
struct SharedCard {
    /// `can_move` is false here; [`SharedBoard::for_viewer`] sets it.
    card: TaskCard,
    supervisor_id: i64,
    pic_id: Option<i64>,
}

impl SharedBoard {
    /// The board page for `viewer`: their role, and the cards they may move. `None` when they
    /// are not among the board's (active) members.
    pub fn for_viewer(&self, viewer: i64) -> Option<BoardPage> {
        let role = self.members.iter().find(|member| member.id == viewer)?.role;
        let columns = self
            .columns
            .iter()
            .map(|column| BoardColumn {
                status: column.status,
                total: column.total,
                cards: column
                    .cards
                    .iter()
                    .map(|shared| TaskCard {
                        can_move: TaskRoles::of(viewer, role, shared.supervisor_id, shared.pic_id).can_move(),
                        ..shared.card.clone()
                    })
                    .collect(),
            })
            .collect();
        Some(BoardPage {
            header: BoardHeader {
                board: BoardInfo { id: self.id, name: self.name.clone(), role },
                members: self.members.clone(),
            },
            labels: self.labels.clone(),
            board: Board { columns },
        })
    }

    /// How many cards it holds: what the cache weighs it by.
    pub fn cards(&self) -> usize {
        self.columns.iter().map(|column| column.cards.len()).sum()
    }
}

/// Board `board_id` under `filter` (`mine` meaning `viewer`'s tasks), or `None` when it has no
/// active members (or does not exist). Membership is the caller's to check: the board cache
/// checks it with the board's stamp, [`load_board`] through [`SharedBoard::for_viewer`].
///
/// Per column, the first `filter.shown` cards by position, each column read through the
/// `(board_id, trashed_at, status, position, id)` index with the PIC's name joined in, and the
/// column's total: from `column_counts` (kept by triggers, migration 000027) when nothing is
/// filtered, else counted over the filtered cards. Eight queries on one connection, however
/// many cards: the members (with the board's name), the labels, four columns, the counts, and
/// the shown cards' labels (skipped on a board without labels).
#[tracing::instrument(skip_all, fields(board.id = board_id), err(level = "debug"))]
pub async fn load_shared(
    db: &Db,
    board_id: i64,
    filter: BoardFilter,
    viewer: i64,
    today: NaiveDate,
) -> Result<Option<SharedBoard>, DbError> {
    let loaded = db
        .run(move |mut conn| async move {
            let Some((name, members)) = members(&mut conn, board_id).await? else { return Ok(None) };
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
            let totals: Vec<(Status, i64)> = if filter.is_active() {
                let counts = tasks::table
                    .filter(tasks::board_id.eq(board_id))
                    .filter(tasks::trashed_at.is_null())
                    .group_by(tasks::status)
                    .select((tasks::status, count_star()))
                    .into_boxed();
                narrowed!(counts, viewer, filter, today).load(&mut conn).await?
            } else {
                let kept: Vec<(Status, i32)> = column_counts::table
                    .filter(column_counts::board_id.eq(board_id))
                    .select((column_counts::status, column_counts::cards))
                    .load(&mut conn)
                    .await?;
                kept.into_iter().map(|(status, cards)| (status, i64::from(cards))).collect()
            };
            let chips = if labels.is_empty() {
                Vec::new()
            } else {
                let shown: Vec<i64> = rows.iter().flatten().map(|row| row.id).collect();
                super::labels::on_tasks(&mut conn, &shown).await?
            };
            Ok::<_, diesel::result::Error>(Some((name, members, labels, rows, totals, chips)))
        })
        .await?;
    let Some((name, members, labels, rows, totals, chips)) = loaded else { return Ok(None) };
    let mut label_ids: HashMap<i64, Vec<i64>> = HashMap::new();
    for (task, label) in chips {
        label_ids.entry(task).or_default().push(label);
    }

    let columns = Status::ALL
        .into_iter()
        .zip(rows)
        .map(|(status, rows)| {
            let total = totals.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| (*n).max(0) as usize);
            let cards = rows
                .into_iter()
                .map(|row| {
                    let ids = label_ids.get(&row.id).map_or(&[][..], Vec::as_slice);
                    let chips = labels.iter().filter(|label| ids.contains(&label.id)).cloned().collect();
                    card(row, status, today, chips)
                })
                .collect::<Vec<_>>();
            // A write between the two reads can leave the count a little behind; never show
            // fewer tasks than there are cards.
            SharedColumn { status, total: total.max(cards.len()), cards }
        })
        .collect();
    Ok(Some(SharedBoard { id: board_id, name, members, labels, columns }))
}

/// What a board's cached copy is good for (`server::board_cache`): its version, moved on by
/// every write to the board (migration 000027), and a checksum of what the board shows of its
/// members (names on the cards, handles and addresses in the pickers; a deactivated account
/// leaves them), which change outside the board's writes. A checksum of the members' rows
/// rather than their `updated_at`: opening another board changes the viewer's row too, and
/// that must not throw away every copy of every board they are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BoardStamp {
    pub version: i64,
    pub people: i64,
}

#[derive(QueryableByName)]
struct StampRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    version: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    people: i64,
}

/// Board `board_id`'s stamp, or `None` when `viewer` is not one of its members: one query, by
/// primary keys and the board's member rows (a board's members, not its tasks: flat as the
/// board grows).
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn stamp(db: &Db, board_id: i64, viewer: i64) -> Result<Option<BoardStamp>, DbError> {
    let row: Option<StampRow> = db
        .run(move |mut conn| async move {
            diesel::sql_query(
                "SELECT COALESCE((SELECT v.version FROM board_versions v WHERE v.board_id = m.board_id), 0) AS version, \
                        (SELECT CAST(COALESCE(SUM(CRC32(CONCAT_WS(0x1f, u.id, u.name, u.handle, u.email, \
                                 u.deactivated_at, o.role))), 0) AS SIGNED) \
                         FROM board_members o JOIN users u ON u.id = o.user_id WHERE o.board_id = m.board_id) AS people \
                 FROM board_members m WHERE m.board_id = ? AND m.user_id = ?",
            )
            .bind::<diesel::sql_types::BigInt, _>(board_id)
            .bind::<diesel::sql_types::BigInt, _>(viewer)
            .get_result(&mut conn)
            .await
            .optional()
        })
        .await?;
    Ok(row.map(|row| BoardStamp { version: row.version, people: row.people }))
}

/// The board's name and its active members, by name, in one query; `None` when it has none.
async fn members(
    conn: &mut diesel_async::AsyncMysqlConnection,
    board_id: i64,
) -> QueryResult<Option<(String, Vec<Member>)>> {
    let rows: Vec<(i64, String, String, String, BoardRole, String)> = board_members::table
        .inner_join(users::table)
        .inner_join(boards::table)
        .filter(board_members::board_id.eq(board_id))
        .filter(users::deactivated_at.is_null())
        .select((users::id, users::name, users::email, users::handle, board_members::role, boards::name))
        .order((users::name.asc(), users::id.asc()))
        .load(conn)
        .await?;
    let Some((.., name)) = rows.as_slice().first().cloned() else { return Ok(None) };
    let members =
        rows.into_iter().map(|(id, name, email, handle, role, _)| Member { id, name, email, handle, role }).collect();
    Ok(Some((name, members)))
}

fn card(row: CardRow, status: Status, today: NaiveDate, labels: Vec<Label>) -> SharedCard {
    SharedCard {
        supervisor_id: row.supervisor_id,
        pic_id: row.pic_id,
        card: TaskCard {
            id: row.id,
            past_deadline: TaskCard::is_past(row.deadline, today),
            title: row.title,
            status,
            pic_name: row.pic_name,
            deadline: row.deadline,
            version: row.version,
            can_move: false,
            checklist: (row.checklist_total > 0).then_some((row.checklist_done, row.checklist_total)),
            labels,
        },
    }
}

/// Escapes `%`, `_` and the escape character itself, so a search for "50%" finds "50%".
pub(super) fn escape_like(text: &str) -> String {
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
