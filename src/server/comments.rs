//! Comments: the list on a task page, and writing, editing and deleting one. Each write is one
//! [`Db::write`] transaction on the task write path: the board's lock, the task's row lock (so
//! the task's events keep their order and it cannot go to the trash meanwhile), the comment's
//! row lock and version check, the change, and its audit event (an excerpt, never the whole
//! comment) to the task's supervisor, its person in charge and whoever it newly mentions.

use super::{
    audit::{self, record::now, EventDraft},
    auth::User,
    db::{
        comments::{self as queries, CommentRow},
        tasks::TaskRow,
        Db,
    },
    errors::ServerError,
    markdown::{self, Handles, Rendered},
    tasks::{board_of, board_ref, check_pace, conflict, lock_board, lock_task, person, People},
};
use crate::domain::{
    audit::{recipients, AuditKind, FieldChange},
    comment::{comment_rights, CommentBody, CommentView},
    dates, AppError, Person,
};
use diesel_async::AsyncMysqlConnection;

/// The comments on task `task_id` for `viewer`, a member of its board (else `NotFound`), oldest
/// first, and whether there are more than the page shows.
#[tracing::instrument(skip_all, fields(user.id = viewer.id, task.id = task_id), err(level = "debug"))]
pub async fn list(db: &Db, viewer: &User, task_id: i64) -> Result<(Vec<CommentView>, bool), ServerError> {
    let board_id = board_of(db, task_id).await?;
    let board = super::boards::member_of(db, board_id, viewer.id).await?;
    let prefs = super::preferences::current();
    let mut rows = queries::of_task(db, task_id).await?;
    let more = rows.len() as i64 > queries::COMMENTS_SHOWN;
    rows.truncate(queries::COMMENTS_SHOWN as usize);
    let views = rows
        .into_iter()
        .map(|(row, author_name)| {
            let (can_edit, can_delete) = comment_rights(viewer.id, board.role, row.author_id);
            CommentView {
                id: row.id,
                author: row.author_id.zip(author_name).map(|(id, name)| Person { id, name }),
                html: row.html,
                source: if can_edit { row.body } else { String::new() },
                created_at: row.created_at,
                when: dates::date_time(prefs.locale, prefs.local(row.created_at)),
                edited_at: row.edited_at,
                version: row.version,
                can_edit,
                can_delete,
            }
        })
        .collect();
    Ok((views, more))
}

/// Writes `actor`'s comment on task `task_id`; returns its id.
#[tracing::instrument(skip_all, fields(user.id = actor.id, task.id = task_id), err(level = "debug"))]
pub async fn add(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    task_id: i64,
    body: CommentBody,
) -> Result<i64, ServerError> {
    let actor = person(actor);
    let board_id = board_of(db, task_id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (row, board) = lock_task(conn, task_id, actor.id).await?;
            check_pace(conn, actor.id, emails_per_minute).await?;
            let Rendered { html, mentioned } =
                markdown::render(body.as_str(), board_id, &handles(conn, board_id).await?);
            let id = queries::insert(conn, task_id, actor.id, body.as_str(), &html, now()).await?;
            let concerned: Vec<i64> = [row.supervisor_id].into_iter().chain(row.pic_id).chain(mentioned).collect();
            let people = People::load(conn, board_id, &concerned.iter().copied().map(Some).collect::<Vec<_>>()).await?;
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id,
                    board: board_ref(&board),
                    task_title: row.title,
                    kind: AuditKind::Commented,
                    changes: vec![FieldChange::new("comment", None, Some(body.excerpt()))],
                    recipients: recipients(people.contacts_of(concerned), actor.id),
                    actor,
                },
            )
            .await?;
            Ok(id)
        })
    })
    .await
}

/// The author's edit of comment `id`, based on `version`; returns its task's id. Those it
/// mentions for the first time hear of it; nobody else is told again. An edit that changes
/// nothing writes nothing.
#[tracing::instrument(skip_all, fields(user.id = actor.id, comment.id = id), err(level = "debug"))]
pub async fn edit(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    id: i64,
    version: i32,
    body: CommentBody,
) -> Result<i64, ServerError> {
    let actor = person(actor);
    let task_id = queries::task_of(db, id).await?.ok_or(AppError::NotFound)?;
    let board_id = board_of(db, task_id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (task, board) = lock_task(conn, task_id, actor.id).await?;
            let comment = lock_comment(conn, id, &task, version, |author| author == Some(actor.id)).await?;
            if comment.body == body.as_str() {
                return Ok(task_id);
            }
            check_pace(conn, actor.id, emails_per_minute).await?;
            let handles = handles(conn, board_id).await?;
            let before = markdown::render(&comment.body, board_id, &handles).mentioned;
            let Rendered { html, mentioned } = markdown::render(body.as_str(), board_id, &handles);
            queries::update(conn, id, body.as_str(), &html, now()).await?;
            let newly: Vec<i64> = mentioned.into_iter().filter(|user| !before.contains(user)).collect();
            let people = People::load(conn, board_id, &newly.iter().copied().map(Some).collect::<Vec<_>>()).await?;
            let old = CommentBody::parse(&comment.body).map(|b| b.excerpt()).ok();
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id,
                    board: board_ref(&board),
                    task_title: task.title,
                    kind: AuditKind::CommentEdited,
                    changes: vec![FieldChange::new("comment", old, Some(body.excerpt()))],
                    recipients: recipients(people.contacts_of(newly), actor.id),
                    actor,
                },
            )
            .await?;
            Ok(task_id)
        })
    })
    .await
}

/// Deletes comment `id` (its author, or an admin of the board), based on `version`; returns its
/// task's id. Nobody is emailed about it.
#[tracing::instrument(skip_all, fields(user.id = actor.id, comment.id = id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, id: i64, version: i32) -> Result<i64, ServerError> {
    let actor = person(actor);
    let task_id = queries::task_of(db, id).await?.ok_or(AppError::NotFound)?;
    let board_id = board_of(db, task_id).await?;
    db.write(move |conn| {
        Box::pin(async move {
            lock_board(conn, board_id).await?;
            let (task, board) = lock_task(conn, task_id, actor.id).await?;
            let role = board.role;
            let comment =
                lock_comment(conn, id, &task, version, |author| comment_rights(actor.id, role, author).1).await?;
            queries::delete(conn, id).await?;
            let old = CommentBody::parse(&comment.body).map(|b| b.excerpt()).ok();
            audit::record(
                conn,
                EventDraft {
                    event_id: None,
                    task_id,
                    board: board_ref(&board),
                    task_title: task.title,
                    kind: AuditKind::CommentDeleted,
                    changes: vec![FieldChange::new("comment", old, None)],
                    recipients: Vec::new(),
                    actor,
                },
            )
            .await?;
            Ok(task_id)
        })
    })
    .await
}

/// Locks comment `id` of `task` (locked) and checks the actor may do this (`allowed`, given its
/// author) and saw this version; someone else's change meanwhile is a `Conflict`.
async fn lock_comment(
    conn: &mut AsyncMysqlConnection,
    id: i64,
    task: &TaskRow,
    version: i32,
    allowed: impl FnOnce(Option<i64>) -> bool,
) -> Result<CommentRow, ServerError> {
    let comment = queries::lock(conn, id).await?.filter(|c| c.task_id == task.id).ok_or(AppError::NotFound)?;
    if !allowed(comment.author_id) {
        return Err(AppError::Forbidden.into());
    }
    if comment.version != version {
        // Only its author edits a comment: they changed it meanwhile (in another tab).
        return Err(conflict(conn, task.clone(), comment.author_id).await);
    }
    Ok(comment)
}

async fn handles(conn: &mut AsyncMysqlConnection, board_id: i64) -> Result<Handles, ServerError> {
    Ok(queries::member_handles(conn, board_id).await?.into_iter().collect())
}
