//! Reading the board.

use crate::domain::Board;
use leptos::prelude::*;

/// Every task on the board, grouped by column and ordered within each column.
#[server(endpoint = "board")]
pub async fn load_board() -> Result<Board, ServerFnError> {
    use crate::server::{db, AppState};

    let state = expect_context::<AppState>();
    let today = chrono::Utc::now().date_naive();
    let cards = db::board::load_cards(&state.db, today).await.map_err(|error| {
        tracing::error!(error = %error, "loading the board failed");
        ServerFnError::new("The board could not be loaded. Please try again.")
    })?;
    Ok(Board::from_cards(cards))
}
