//! Boards: the list of mine, a new one, and reading one. Every fn that names a board answers
//! `NotFound` to anyone who is not a member of it.

use crate::domain::{AppError, BoardFilter, BoardHeader, BoardListing, BoardPage};
use leptos::prelude::*;

/// The boards the caller is a member of, by name.
#[server(endpoint = "boards")]
pub async fn list_boards() -> Result<Vec<BoardListing>, AppError> {
    use crate::server::{auth::require_user, db, errors::respond, AppState};

    respond(async {
        let user = require_user().await?;
        Ok(db::boards::listings(&expect_context::<AppState>().db, user.id).await?)
    })
    .await
}

/// Creates a board with the caller as its admin, then goes to it.
#[server(endpoint = "create_board")]
pub async fn create_board(name: String) -> Result<i64, AppError> {
    use crate::{
        domain::BoardName,
        server::{auth::require_user, boards, errors::respond, AppState},
    };

    respond(async {
        let user = require_user().await?;
        let name = BoardName::parse(&name).map_err(|e| AppError::Invalid(vec![e]))?;
        let id = boards::create(&expect_context::<AppState>().db, &user, name).await?;
        leptos_axum::redirect(&format!("/boards/{id}"));
        Ok(id)
    })
    .await
}

/// Where `/` goes: the board the caller opened last, or the list of boards.
#[server(endpoint = "home")]
pub async fn go_home() -> Result<(), AppError> {
    use crate::server::{auth::require_user, db, errors::respond, AppState};

    respond(async {
        let user = require_user().await?;
        let path = match db::boards::home_board(&expect_context::<AppState>().db, user.id).await? {
            Some(board) => format!("/boards/{board}"),
            None => "/boards".to_owned(),
        };
        leptos_axum::redirect(&path);
        Ok(())
    })
    .await
}

/// The board's name, the caller's role and the members (for the "In charge" filter).
#[server(endpoint = "board_header")]
pub async fn load_board_header(board: i64) -> Result<BoardHeader, AppError> {
    use crate::server::{auth::require_user, boards, errors::respond, AppState};

    respond(async {
        let user = require_user().await?;
        boards::header(&expect_context::<AppState>().db, board, user.id).await
    })
    .await
}

/// The board page: the board's header and its tasks under `filter`, grouped by column and
/// ordered within each column. Remembers the board as the one the caller opened last.
///
/// A GET, so the browser may keep the answer and ask again with `If-None-Match`: the island
/// calls it after every live change, and a `304` then costs no board read (`server::etag`).
#[server(endpoint = "board", input = leptos::server_fn::codec::GetUrl)]
pub async fn load_board(board: i64, #[server(default)] filter: BoardFilter) -> Result<BoardPage, AppError> {
    use crate::server::{auth::require_user, boards, errors::respond, AppState};

    respond(async {
        let user = require_user().await?;
        // Overdue on the viewer's own calendar: in Seoul a task due yesterday is overdue from
        // midnight, not from 09:00 when the UTC date changes.
        let today = crate::server::preferences::current().today();
        let state = expect_context::<AppState>();
        // On the board page, its ETag has just read the board's stamp (`server::etag`).
        let stamp = crate::server::etag::Known::for_this_page().filter(|known| known.board_id == board);
        boards::page(&state.db, &state.board_cache, &user, board, filter, today, stamp.map(|known| known.stamp)).await
    })
    .await
}

/// Renames the board (admins), then back to the members page, where the form is.
#[server(endpoint = "rename_board")]
pub async fn rename_board(board: i64, name: String) -> Result<(), AppError> {
    use crate::{
        domain::BoardName,
        server::{auth::require_user, boards, errors::respond, AppState},
    };

    respond(async {
        let user = require_user().await?;
        let name = BoardName::parse(&name).map_err(|e| AppError::Invalid(vec![e]))?;
        boards::rename(&expect_context::<AppState>().db, &user, board, name).await?;
        leptos_axum::redirect(&format!("/boards/{board}/members?renamed=1"));
        Ok(())
    })
    .await
}

/// Deletes the board and its tasks (admins; their histories stay in the audit trail), then to
/// the list of boards.
#[server(endpoint = "delete_board")]
pub async fn delete_board(board: i64) -> Result<(), AppError> {
    use crate::server::{auth::require_user, boards, errors::respond, AppState};

    respond(async {
        let user = require_user().await?;
        boards::delete(&expect_context::<AppState>().db, &user, board).await?;
        leptos_axum::redirect("/boards");
        Ok(())
    })
    .await
}
