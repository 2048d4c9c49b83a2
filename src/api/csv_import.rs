//! Importing a CSV file into a board: the upload page, a file's preview, and the import. The
//! file itself is uploaded to `POST /boards/{id}/import` (`server::csv_import::upload`): a
//! server fn takes URL-encoded forms, not files. For the board's admins; anyone else who is
//! not a member gets `NotFound`, a member `Forbidden`.

use crate::domain::{
    csv_import::{ImportPreview, ImportUpload},
    AppError,
};
#[cfg(feature = "ssr")]
use crate::server::{auth::require_user, errors::respond, AppState};
use leptos::prelude::*;

#[server(endpoint = "csv_import_upload")]
pub async fn load_import_upload(board: i64) -> Result<ImportUpload, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::csv_import::upload_page(&expect_context::<AppState>().db, &user, board).await
    })
    .await
}

#[server(endpoint = "csv_import_preview")]
pub async fn load_import_preview(board: i64, import: i64) -> Result<ImportPreview, AppError> {
    respond(async {
        let user = require_user().await?;
        crate::server::csv_import::preview(&expect_context::<AppState>().db, &user, board, import).await
    })
    .await
}

/// Creates the file's tasks; then the board, saying how many.
#[server(endpoint = "run_csv_import")]
pub async fn run_csv_import(board: i64, import: i64) -> Result<(), AppError> {
    respond(async {
        let user = require_user().await?;
        let state = expect_context::<AppState>();
        let count = crate::server::csv_import::import(
            &state.db,
            &user,
            state.config.notifying_writes_per_minute,
            board,
            import,
        )
        .await?;
        leptos_axum::redirect(&format!("/boards/{board}?imported={count}"));
        Ok(())
    })
    .await
}
