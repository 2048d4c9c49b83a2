//! A board's trash: the page that lists it, and the purge that empties it after
//! [`TRASH_DAYS`] days. Putting a task there, restoring and purging one are writes on the task
//! write path (`server::tasks::{delete, restore, purge}`).

use crate::{
    domain::{
        trash::{TrashPage, TrashedTask, TRASH_DAYS},
        TaskRoles,
    },
    server::{
        auth::User,
        boards::member_of,
        db::{trash as queries, Db},
        errors::ServerError,
        tasks,
    },
};
use chrono::{NaiveDateTime, TimeDelta};

/// How many expired tasks one purge round reads at a time.
const PURGE_BATCH: i64 = 100;

/// The trash page of board `board_id`, for one of its members (others: `NotFound`).
#[tracing::instrument(skip_all, fields(user.id = viewer.id, board.id = board_id), err(level = "debug"))]
pub async fn page(db: &Db, viewer: &User, board_id: i64) -> Result<TrashPage, ServerError> {
    let board = member_of(db, board_id, viewer.id).await?;
    let mut rows = queries::trashed_on(db, board_id).await?;
    let more = rows.len() as i64 > queries::TRASH_PAGE;
    rows.truncate(queries::TRASH_PAGE as usize);
    let tasks = rows
        .into_iter()
        .filter_map(|row| {
            Some(TrashedTask {
                can_restore: TaskRoles::of(viewer.id, board.role, row.supervisor_id, row.pic_id).can_restore(),
                trashed_at: row.trashed_at?,
                id: row.id,
                title: row.title,
                status: row.status,
                version: row.version,
                trashed_by: row.trashed_by,
            })
        })
        .collect();
    Ok(TrashPage { board, tasks, more })
}

/// Deletes for good every task that has been in a trash for [`TRASH_DAYS`] days at `now`, each
/// in its own transaction (recorded in its history); returns how many went. Every instance runs
/// it (`startup`'s housekeeping); the row locks let each task go once.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn purge_expired(db: &Db, now: NaiveDateTime) -> Result<usize, ServerError> {
    let cutoff = now - TimeDelta::days(TRASH_DAYS);
    let mut purged = 0;
    loop {
        let batch = queries::expired(db, cutoff, PURGE_BATCH).await?;
        let full = batch.len() as i64 == PURGE_BATCH;
        let mut progress = false;
        for id in batch {
            if tasks::purge_expired(db, id, cutoff).await? {
                purged += 1;
                progress = true;
            }
        }
        // Another instance took this batch: the rest is theirs too, or the next round's.
        if !full || !progress {
            return Ok(purged);
        }
    }
}
