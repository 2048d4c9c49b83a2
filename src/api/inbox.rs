//! The inbox, notification settings and the unsubscribe page.

use crate::domain::{
    notifications::{EmailKind, InboxPage, NotificationSettings},
    AppError,
};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

/// A page of the logged-in user's inbox, newest first (`before`: the page after that entry).
#[server(endpoint = "inbox")]
pub async fn load_inbox(before: Option<i64>) -> Result<InboxPage, AppError> {
    respond(async {
        let user = require_user().await?;
        let prefs = crate::server::preferences::current();
        crate::server::inbox::page(&expect_context::<AppState>().db, &user, before, prefs).await
    })
    .await
}

/// **Mark all as read**: up to the newest entry the page showed, then the inbox again.
#[server(endpoint = "mark_inbox_read")]
pub async fn mark_inbox_read(up_to: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::inbox::mark_read(&expect_context::<AppState>().db, user.id, up_to).await?;
        leptos_axum::redirect("/inbox");
        Ok(())
    })
    .await
}

#[server(endpoint = "notification_settings")]
pub async fn load_notification_settings() -> Result<NotificationSettings, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::inbox::settings(&expect_context::<AppState>().db, user.id).await
    })
    .await
}

/// The account page's **Save notification settings** (a ticked checkbox sends a value, an
/// unticked one nothing).
#[server(endpoint = "save_notification_settings")]
pub async fn save_notification_settings(emails: String, deadline_reminders: Option<String>) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let settings = NotificationSettings::parse(&emails, deadline_reminders.as_deref())
            .map_err(|error| AppError::Invalid(vec![error]))?;
        crate::server::inbox::save_settings(&expect_context::<AppState>().db, user.id, settings).await?;
        leptos_axum::redirect("/account?notifications_saved=1#notifications");
        Ok(())
    })
    .await
}

/// What an unsubscribe link turns off, when it is one of ours (no login needed: the link is
/// the authority). Changes nothing: the page's button does (`server::unsubscribe::post`).
#[server(endpoint = "unsubscribe_link")]
pub async fn check_unsubscribe_link(token: String) -> Result<EmailKind, AppError> {
    respond(async {
        let (_, kind) = expect_context::<AppState>().links.verify(&token).ok_or(AppError::NotFound)?;
        Ok(kind)
    })
    .await
}
