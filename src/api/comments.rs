//! A task's comments: the list (also what an open page fetches when someone comments), writing,
//! editing and deleting one. A non-member of the task's board gets `NotFound`.

use crate::domain::{comment::TaskComments, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "comments")]
pub async fn load_comments(task: i64) -> Result<TaskComments, AppError> {
    respond(async {
        let user = require_user().await?;
        let (comments, more) = crate::server::comments::list(&expect_context::<AppState>().db, &user, task).await?;
        Ok(TaskComments { comments, more })
    })
    .await
}

/// Adds the caller's comment to task `task`, then back to the task page at the comment.
#[server(endpoint = "add_comment")]
pub async fn add_comment(task: i64, body: String) -> Result<i64, AppError> {
    use crate::domain::comment::CommentBody;

    respond(async {
        let user = require_user().await?;
        let body = CommentBody::parse(&body).map_err(|e| AppError::Invalid(vec![e]))?;
        let state = expect_context::<AppState>();
        let id = crate::server::comments::add(&state.db, &user, state.config.notifying_writes_per_minute, task, body)
            .await?;
        leptos_axum::redirect(&format!("/tasks/{task}#comment-{id}"));
        Ok(id)
    })
    .await
}

/// The author's edit of comment `id`, based on `version`; then back to it.
#[server(endpoint = "edit_comment")]
pub async fn edit_comment(id: i64, version: i32, body: String) -> Result<(), AppError> {
    use crate::domain::comment::CommentBody;

    respond(async {
        let user = require_user().await?;
        let body = CommentBody::parse(&body).map_err(|e| AppError::Invalid(vec![e]))?;
        let state = expect_context::<AppState>();
        let task = crate::server::comments::edit(
            &state.db,
            &user,
            state.config.notifying_writes_per_minute,
            id,
            version,
            body,
        )
        .await?;
        leptos_axum::redirect(&format!("/tasks/{task}#comment-{id}"));
        Ok(())
    })
    .await
}

/// Deletes comment `id` (its author, or an admin of the board); then back to the comments.
#[server(endpoint = "delete_comment")]
pub async fn delete_comment(id: i64, version: i32) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let task = crate::server::comments::delete(&expect_context::<AppState>().db, &user, id, version).await?;
        leptos_axum::redirect(&format!("/tasks/{task}#comments-heading"));
        Ok(())
    })
    .await
}
