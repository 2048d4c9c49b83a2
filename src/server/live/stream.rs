//! `GET /boards/{id}/live`: a board's changes as server-sent events, for its members only. Each
//! event is a [`LiveChange`] (`event: change`, `id:` its outbox id, the JSON as data); the page
//! refetches what it shows. A page that reconnects with `Last-Event-ID` first gets what it
//! missed, or `event: reload` when that is more than [`REPLAY_LIMIT`] changes (or when it fell
//! that far behind while connected). The stream ends when its member leaves or is removed, and
//! when the server shuts down.

use crate::{
    domain::{live::LiveChange, AppError},
    server::{auth::AuthSession, boards, db::outbox, errors::ServerError, AppState},
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use std::{
    collections::{HashSet, VecDeque},
    convert::Infallible,
    time::Duration,
};
use tokio::sync::{broadcast, watch};

/// The most missed changes a reconnecting page is sent; beyond, it reloads the board.
pub const REPLAY_LIMIT: i64 = 200;
/// A comment line this often keeps idle connections open through CloudFront (its origin read
/// timeout is 30 s by default) and the load balancer (60 s idle).
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// Kinds after which the viewer may no longer be a member (the stream then ends).
const MEMBERSHIP_KINDS: [&str; 2] = ["member_removed", "member_left"];

#[tracing::instrument(skip_all, fields(board.id = board))]
pub async fn board_stream(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(board): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = auth.user else { return StatusCode::UNAUTHORIZED.into_response() };
    if let Some(refused) = refusal(&state, board, user.id).await {
        return refused.into_response();
    }
    // Subscribed before the missed changes are read, so nothing falls between the two.
    let changes = state.live.subscribe();
    let closing = state.live.closing();
    let last_seen =
        headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<i64>().ok());
    let mut pending = VecDeque::new();
    let mut replayed = HashSet::new();
    if let Some(after) = last_seen {
        match outbox::board_changes_after(&state.db, board, after, REPLAY_LIMIT + 1).await {
            Ok(missed) if missed.len() as i64 > REPLAY_LIMIT => pending.push_back(reload()),
            Ok(missed) => {
                replayed.extend(missed.iter().map(|change| change.id));
                pending.extend(missed.iter().map(event));
            }
            Err(error) => {
                tracing::warn!(error = %error, "live board: reading the missed changes failed");
                pending.push_back(reload());
            }
        }
    }
    let open = Open { state, board, user_id: user.id, changes, closing, pending, replayed, ended: false };
    Sse::new(futures_util::stream::unfold(open, Open::next))
        .keep_alive(KeepAlive::new().interval(HEARTBEAT))
        .into_response()
}

/// Why `user_id` may not follow board `board`: 404 for a non-member (as for the board itself),
/// 503 when that cannot be told.
async fn refusal(state: &AppState, board: i64, user_id: i64) -> Option<StatusCode> {
    match boards::member_of(&state.db, board, user_id).await {
        Ok(_) => None,
        Err(ServerError::Answer(AppError::NotFound)) => Some(StatusCode::NOT_FOUND),
        Err(error) => {
            tracing::warn!(error = %error, "live board: the membership check failed");
            Some(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// One open stream.
struct Open {
    state: AppState,
    board: i64,
    user_id: i64,
    changes: broadcast::Receiver<LiveChange>,
    closing: watch::Receiver<bool>,
    /// Events to send before listening again (the missed changes, a last one before ending).
    pending: VecDeque<Event>,
    /// The ids sent as missed changes: one also heard live is not sent twice. (Not "every id
    /// up to the highest sent": ids can commit out of order, and a late one must still go.)
    replayed: HashSet<i64>,
    ended: bool,
}

impl Open {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Open)> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some((Ok(event), self));
            }
            if self.ended || *self.closing.borrow() {
                return None;
            }
            let heard = tokio::select! {
                changed = self.closing.changed() => match changed {
                    Ok(()) => continue,
                    // The feed is gone: the server is stopping.
                    Err(_) => return None,
                },
                heard = self.changes.recv() => heard,
            };
            match heard {
                Ok(change) if change.board_id == self.board && !self.replayed.remove(&change.id) => {
                    self.pending.push_back(event(&change));
                    if MEMBERSHIP_KINDS.contains(&change.kind.as_str())
                        && refusal(&self.state, self.board, self.user_id).await.is_some()
                    {
                        self.ended = true;
                    }
                }
                Ok(_) => {}
                // Too slow to keep up: the page reloads the board rather than miss changes.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    self.pending.push_back(reload());
                    self.ended = true;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

fn event(change: &LiveChange) -> Event {
    let data = serde_json::to_string(change).expect("a LiveChange is plain data");
    Event::default().id(change.id.to_string()).event("change").data(data)
}

fn reload() -> Event {
    Event::default().event("reload").data("")
}
