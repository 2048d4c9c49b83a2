//! A board's webhooks: the page, and its admins adding, deleting and switching one on again.
//! A non-member gets `NotFound`; a member who is not an admin, `Forbidden`.

use crate::domain::{webhook::WebhooksPage, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "webhooks")]
pub async fn load_webhooks(board: i64) -> Result<WebhooksPage, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::webhooks::page(&expect_context::<AppState>().db, &user, board).await
    })
    .await
}

/// Adds a webhook for `url`; then the page again, saying so.
#[server(endpoint = "add_webhook")]
pub async fn add_webhook(board: i64, url: String) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        crate::server::webhooks::add(&state.db, &user, board, &url, state.config.webhook_allowances()).await?;
        leptos_axum::redirect(&format!("/boards/{board}/webhooks?added=1"));
        Ok(())
    })
    .await
}

#[server(endpoint = "delete_webhook")]
pub async fn delete_webhook(id: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let board = crate::server::webhooks::delete(&expect_context::<AppState>().db, &user, id).await?;
        leptos_axum::redirect(&format!("/boards/{board}/webhooks?deleted=1"));
        Ok(())
    })
    .await
}

#[server(endpoint = "switch_on_webhook")]
pub async fn switch_on_webhook(id: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let board = crate::server::webhooks::switch_on(&expect_context::<AppState>().db, &user, id).await?;
        leptos_axum::redirect(&format!("/boards/{board}/webhooks?switched_on=1"));
        Ok(())
    })
    .await
}
