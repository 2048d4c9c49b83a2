//! The account page's API tokens: the list, making one (its secret shown once) and revoking one.

use crate::domain::{api_token::TokensPage, AppError};
#[cfg(feature = "ssr")]
use crate::server::{
    auth::{auth_session, require_user},
    errors::respond,
    AppState,
};
use leptos::prelude::*;

/// Where a token just made waits, in its owner's session, for the page that shows it once.
#[cfg(feature = "ssr")]
const CREATED_TOKEN_KEY: &str = "created_api_token";

/// The caller's tokens, and the one they just made if this is the page that shows it (reading
/// it takes it out of the session, so a reload does not show it again).
#[server(endpoint = "api_tokens")]
pub async fn load_api_tokens() -> Result<TokensPage, AppError> {
    use crate::domain::api_token::CreatedToken;

    respond(async {
        let auth = auth_session().await?;
        let user = auth.user.clone().ok_or(AppError::Unauthorised)?;
        let tokens = crate::server::api_tokens::list(&expect_context::<AppState>().db, &user).await?;
        let created = auth.session.remove::<CreatedToken>(CREATED_TOKEN_KEY).await?;
        Ok(TokensPage { tokens, created })
    })
    .await
}

/// Makes a token from the account page's form; then the page again, showing it once.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(name: String, access: String, expires: String) -> Result<(), AppError> {
    use crate::domain::api_token::NewTokenForm;

    respond(async {
        let auth = auth_session().await?;
        let user = auth.user.clone().ok_or(AppError::Unauthorised)?;
        let prefs = crate::server::preferences::current();
        let form = NewTokenForm::parse(&name, &access, &expires, prefs.today())?;
        let created =
            crate::server::api_tokens::create(&expect_context::<AppState>().db, &user, form, prefs.time_zone).await?;
        auth.session.insert(CREATED_TOKEN_KEY, created).await?;
        leptos_axum::redirect("/account?token_created=1#api-tokens");
        Ok(())
    })
    .await
}

/// Revokes one of the caller's tokens; then the page again, saying so.
#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::api_tokens::revoke(&expect_context::<AppState>().db, &user, id).await?;
        leptos_axum::redirect("/account?token_revoked=1#api-tokens");
        Ok(())
    })
    .await
}
