//! Reading the board.

use crate::domain::{AppError, Board, BoardFilter};
use leptos::prelude::*;

/// The tasks on the board under `filter`, grouped by column and ordered within each column.
#[server(endpoint = "board")]
pub async fn load_board(#[server(default)] filter: BoardFilter) -> Result<Board, AppError> {
    use crate::server::{
        auth::require_user,
        db,
        errors::{respond, unavailable},
        AppState,
    };

    respond(
        async {
            let user = require_user().await?;
            let state = expect_context::<AppState>();
            let today = chrono::Utc::now().date_naive();
            db::board::load_board(&state.db, user.id, filter, today)
                .await
                .map_err(|e| unavailable("loading the board", e))
        }
        .await,
    )
}
