//! A board's labels: the labels page, and an admin adding or deleting one. Each change is one
//! [`Db::write`] under the board's exclusive lock (so it is ordered against every task write on
//! the board, which holds the lock shared while it reads and sets a task's labels), and one
//! event in the board's activity. Putting labels on a task is part of the task's edit
//! (`server::tasks::edit`).

use super::{
    audit::record::now,
    auth::User,
    boards::{lock_as_admin, member_of, record_event},
    db::{labels as queries, Db},
    errors::ServerError,
    tasks::person,
};
use crate::domain::{
    audit::{AuditKind, FieldChange},
    label::{LabelColour, LabelName, LabelUse, LabelsPage, LABELS_PER_BOARD_MAX},
    AppError, Message,
};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Board `board_id`'s labels page for `viewer`, a member (else `NotFound`).
#[tracing::instrument(skip_all, fields(user.id = viewer.id, board.id = board_id), err(level = "debug"))]
pub async fn page(db: &Db, viewer: &User, board_id: i64) -> Result<LabelsPage, ServerError> {
    let board = member_of(db, board_id, viewer.id).await?;
    let labels = queries::find_of_board(db, board_id).await?;
    let uses = queries::uses(db, board_id).await?;
    let labels = labels
        .into_iter()
        .map(|label| {
            let tasks = uses.iter().find(|(id, _)| *id == label.id).map_or(0, |(_, n)| *n);
            LabelUse { label, tasks }
        })
        .collect();
    Ok(LabelsPage { board, labels })
}

/// Adds a label to board `board_id` (admins). A name the board already has, in any case, is
/// refused beside the field.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn create(
    db: &Db,
    actor: &User,
    board_id: i64,
    name: LabelName,
    colour: LabelColour,
) -> Result<(), ServerError> {
    let actor = person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            if queries::of_board(conn, board_id).await?.len() >= LABELS_PER_BOARD_MAX {
                return Err(AppError::invalid("name", Message::LabelsFull).into());
            }
            match queries::insert(conn, board_id, name.as_str(), colour, now()).await {
                // The unique key compares in the column's collation: "urgent" is "Urgent".
                Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                    return Err(AppError::invalid("name", Message::LabelExists).into());
                }
                other => other?,
            }
            let changes = vec![FieldChange::new("label", None, Some(name.as_str().to_owned()))];
            record_event(conn, &board, AuditKind::LabelCreated, actor, changes, Vec::new()).await
        })
    })
    .await
}

/// Deletes label `id` (admins of its board); it comes off every task that carried it. Returns
/// its board's id.
#[tracing::instrument(skip_all, fields(user.id = actor.id, label.id = id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, id: i64) -> Result<i64, ServerError> {
    let actor = person(actor);
    let board_id = queries::board_of(db, id).await?.ok_or(AppError::NotFound)?;
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            let label = queries::find_on_board(conn, board_id, id).await?.ok_or(AppError::NotFound)?;
            queries::delete(conn, id).await?;
            let changes = vec![FieldChange::new("label", Some(label.name), None)];
            record_event(conn, &board, AuditKind::LabelDeleted, actor, changes, Vec::new()).await?;
            Ok(board_id)
        })
    })
    .await
}
