//! The account page's settings (language, time zone, theme) and the header's theme toggle.

#[cfg(feature = "ssr")]
use crate::domain::preferences::Preferences;
use crate::domain::{preferences::AccountSettings, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

/// The logged-in user's settings, as the account page shows them (a language that follows the
/// browser shows as the one the page is in).
#[server(endpoint = "account_settings")]
pub async fn load_account_settings() -> Result<AccountSettings, AppError> {
    use crate::server::preferences::{current, time_zone_choices};

    respond(async {
        let user = require_user().await?;
        let prefs = current();
        let handle = crate::server::db::users::handle_of(&expect_context::<AppState>().db, user.id).await?;
        Ok(AccountSettings {
            handle,
            preferences: Preferences {
                language: Some(user.language.unwrap_or(prefs.locale)),
                time_zone: prefs.time_zone.name().to_owned(),
                theme: user.theme,
            },
            time_zones: time_zone_choices().into_iter().map(str::to_owned).collect(),
        })
    })
    .await
}

/// Saves the account page, then shows it again in the (maybe new) language.
#[server(endpoint = "save_preferences")]
pub async fn save_preferences(language: String, time_zone: String, theme: String) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let preferences = crate::server::preferences::parse(&language, &time_zone, &theme)?;
        crate::server::preferences::save(&expect_context::<AppState>().db, &user, &preferences).await?;
        leptos_axum::redirect("/account?saved=1");
        Ok(())
    })
    .await
}

/// Saves the account page's handle (how others @mention this person), then shows the page again.
#[server(endpoint = "save_handle")]
pub async fn save_handle(handle: String) -> Result<(), AppError> {
    use crate::domain::{Handle, Message};

    respond(async {
        let user = require_user().await?;
        let handle = Handle::parse(&handle).map_err(|e| AppError::Invalid(vec![e]))?;
        if !crate::server::db::users::set_handle(&expect_context::<AppState>().db, user.id, &handle).await? {
            return Err(AppError::invalid("handle", Message::HandleTaken).into());
        }
        leptos_axum::redirect("/account?handle_saved=1");
        Ok(())
    })
    .await
}

/// The header's toggle: remembers `theme` (for the account when logged in, and in a cookie for
/// this browser), then back to the page it was pressed on.
#[server(endpoint = "set_theme")]
pub async fn set_theme(theme: String, back: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::{account::safe_next_path, preferences::Theme, FieldError, Message},
        server::auth::auth_session,
    };

    respond(async {
        let theme =
            Theme::parse(&theme).ok_or(AppError::Invalid(vec![FieldError::new("theme", Message::ChooseTheme)]))?;
        let state = expect_context::<AppState>();
        if let Some(user) = auth_session().await?.user {
            crate::server::preferences::save_theme(&state.db, &user, theme).await?;
        }
        crate::server::preferences::remember_theme_in_browser(theme, state.config.base_url.starts_with("https://"));
        leptos_axum::redirect(&safe_next_path(back.as_deref()));
        Ok(())
    })
    .await
}
