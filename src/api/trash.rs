//! A board's trash: the list, restoring a task, deleting one for good. A non-member gets
//! `NotFound`; a member who is neither the task's supervisor nor an admin, `Forbidden`.

use crate::domain::{trash::TrashPage, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "trash")]
pub async fn load_trash(board: i64) -> Result<TrashPage, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::trash::page(&expect_context::<AppState>().db, &user, board).await
    })
    .await
}

/// Takes task `id` out of the trash, back to its column; then the trash again, saying so.
#[server(endpoint = "restore_task")]
pub async fn restore_task(id: i64, version: i32) -> Result<i32, AppError> {
    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        let (board, version) =
            crate::server::tasks::restore(&state.db, &user, state.config.notifying_writes_per_minute, id, version)
                .await?;
        leptos_axum::redirect(&format!("/boards/{board}/trash?restored={id}"));
        Ok(version)
    })
    .await
}

/// Deletes task `id`, in the trash, for good; then the trash again.
#[server(endpoint = "purge_task")]
pub async fn purge_task(id: i64, version: i32) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let board = crate::server::tasks::purge(&expect_context::<AppState>().db, &user, id, version).await?;
        leptos_axum::redirect(&format!("/boards/{board}/trash?purged=1"));
        Ok(())
    })
    .await
}
