//! A task's checklist: reading it, and adding, ticking, renaming, moving and removing items.
//! A non-member of the task's board gets `NotFound`; a member without the right, `Forbidden`.

use crate::domain::{checklist::Checklist, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "checklist")]
pub async fn load_checklist(task: i64) -> Result<Checklist, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::checklist::load(&expect_context::<AppState>().db, &user, task).await
    })
    .await
}

/// Where a checklist form goes back to: the task's checklist.
#[cfg(feature = "ssr")]
fn back_to(task: i64) {
    leptos_axum::redirect(&format!("/tasks/{task}#checklist-heading"));
}

#[server(endpoint = "add_checklist_item")]
pub async fn add_checklist_item(task: i64, text: String) -> Result<(), AppError> {
    use crate::domain::checklist::ItemText;

    respond(async {
        let user = require_user().await?;
        let text = ItemText::parse(&text).map_err(|e| AppError::Invalid(vec![e]))?;
        let state = expect_context::<AppState>();
        crate::server::checklist::add(&state.db, &user, state.config.notifying_writes_per_minute, task, text).await?;
        back_to(task);
        Ok(())
    })
    .await
}

/// Ticks (`done`) or unticks an item; returns its new version (the checklist's island calls it).
#[server(endpoint = "tick_checklist_item")]
pub async fn tick_checklist_item(id: i64, version: i32, done: bool) -> Result<i32, AppError> {
    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        crate::server::checklist::tick(&state.db, &user, state.config.notifying_writes_per_minute, id, version, done)
            .await
    })
    .await
}

#[server(endpoint = "rename_checklist_item")]
pub async fn rename_checklist_item(id: i64, version: i32, text: String) -> Result<(), AppError> {
    use crate::domain::checklist::ItemText;

    respond(async {
        let user = require_user().await?;
        let text = ItemText::parse(&text).map_err(|e| AppError::Invalid(vec![e]))?;
        let state = expect_context::<AppState>();
        let task = crate::server::checklist::rename(
            &state.db,
            &user,
            state.config.notifying_writes_per_minute,
            id,
            version,
            text,
        )
        .await?;
        back_to(task);
        Ok(())
    })
    .await
}

/// Moves an item one place `up` or `down`.
#[server(endpoint = "move_checklist_item")]
pub async fn move_checklist_item(id: i64, version: i32, direction: String) -> Result<(), AppError> {
    use crate::domain::checklist::Direction;

    respond(async {
        let user = require_user().await?;
        let direction = Direction::parse(&direction).map_err(|e| AppError::Invalid(vec![e]))?;
        let state = expect_context::<AppState>();
        let task = crate::server::checklist::reorder(
            &state.db,
            &user,
            state.config.notifying_writes_per_minute,
            id,
            version,
            direction,
        )
        .await?;
        back_to(task);
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_checklist_item")]
pub async fn remove_checklist_item(id: i64, version: i32) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        let task =
            crate::server::checklist::remove(&state.db, &user, state.config.notifying_writes_per_minute, id, version)
                .await?;
        back_to(task);
        Ok(())
    })
    .await
}
