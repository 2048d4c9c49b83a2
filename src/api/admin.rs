//! Instance administration: the accounts, and deactivating one. Anyone but an instance admin
//! gets `NotFound`.

use crate::domain::{admin::UserListing, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "admin_users")]
pub async fn list_users() -> Result<Vec<UserListing>, AppError> {
    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        crate::server::admin::list(&state.db, &state.config.admin_emails, &user).await
    })
    .await
}

/// Deactivates (`active=false`) or reactivates an account, then back to the list.
#[server(endpoint = "set_user_active")]
pub async fn set_user_active(user: i64, active: bool) -> Result<(), AppError> {
    respond(async {
        let actor = require_user().await?;
        let state = expect_context::<AppState>();
        crate::server::admin::set_active(&state.db, &state.config.admin_emails, &state.sessions, &actor, user, active)
            .await?;
        leptos_axum::redirect("/admin/users");
        Ok(())
    })
    .await
}
