//! Reading the board.

use crate::domain::{AppError, Board, BoardFilter};
use leptos::prelude::*;

/// The tasks on the board under `filter`, grouped by column and ordered within each column.
#[server(endpoint = "board")]
pub async fn load_board(#[server(default)] filter: BoardFilter) -> Result<Board, AppError> {
    use crate::server::{auth::require_user, db, errors::respond, AppState};

    respond(async {
        let user = require_user().await?;
        let today = chrono::Utc::now().date_naive();
        Ok(db::board::load_board(&expect_context::<AppState>().db, user.id, filter, today).await?)
    })
    .await
}
