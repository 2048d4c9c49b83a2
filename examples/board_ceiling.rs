//! The benchmark's ceiling (`make bench`): the least a server can do to answer the board —
//! axum, the same diesel-async pool and the same board query as the app
//! (`server::db::board::load_board`), the result as JSON. No session, no rendering, no headers.
//! What the real board page achieves is reported as a fraction of this, measured in the same
//! run, so the figure holds on a noisy machine.
//!
//! The membership check and the members for the filter are part of the query, as they are of
//! the page.
//!
//! Settings: `DATABASE_URL`, `LISTEN_ADDR` (default 127.0.0.1:3301), `VIEWER_ID` and `BOARD_ID`
//! (default 1 each).

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use secrecy::SecretString;
use taskboard::{
    domain::{Board, BoardFilter},
    server::db::{board::load_board, Db},
};

#[derive(Clone)]
struct Ceiling {
    db: Db,
    viewer: i64,
    board: i64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set")?;
    let listen = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:3301".to_owned());
    let viewer = std::env::var("VIEWER_ID").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let board_id = std::env::var("BOARD_ID").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    // The app's default pool size, so both sides have the same number of connections.
    let db = Db::connect(&SecretString::from(url), None, 10).await?;
    let app = Router::new().route("/", get(board)).with_state(Ceiling { db, viewer, board: board_id });
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn board(State(ceiling): State<Ceiling>) -> Result<Json<Board>, StatusCode> {
    let today = chrono::Utc::now().date_naive();
    match load_board(&ceiling.db, ceiling.viewer, ceiling.board, BoardFilter::default(), today).await {
        Ok(Some(page)) => Ok(Json(page.board)),
        Ok(None) => Err(StatusCode::NOT_FOUND),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR),
    }
}
