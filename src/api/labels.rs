//! A board's labels: the page, and an admin adding or deleting one. A non-member gets
//! `NotFound`; a member who is not an admin, `Forbidden`.

use crate::domain::{label::LabelsPage, AppError};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "labels")]
pub async fn load_labels(board: i64) -> Result<LabelsPage, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::labels::page(&expect_context::<AppState>().db, &user, board).await
    })
    .await
}

/// Adds a label to board `board`; then the labels page again, saying so.
#[server(endpoint = "add_label")]
pub async fn add_label(board: i64, name: String, colour: String) -> Result<(), AppError> {
    use crate::domain::{
        label::{LabelColour, LabelName},
        FormErrors,
    };

    respond(async {
        let user = require_user().await?;
        let mut form = FormErrors::default();
        let (name, colour) = (form.check(LabelName::parse(&name)), form.check(LabelColour::parse(&colour)));
        let (Some(name), Some(colour)) = (name, colour) else { return Err(form.into_error().into()) };
        crate::server::labels::create(&expect_context::<AppState>().db, &user, board, name, colour).await?;
        leptos_axum::redirect(&format!("/boards/{board}/labels?added=1"));
        Ok(())
    })
    .await
}

/// Deletes label `id`, taking it off its tasks; then the labels page again, saying so.
#[server(endpoint = "delete_label")]
pub async fn delete_label(id: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let board = crate::server::labels::delete(&expect_context::<AppState>().db, &user, id).await?;
        leptos_axum::redirect(&format!("/boards/{board}/labels?deleted=1"));
        Ok(())
    })
    .await
}
