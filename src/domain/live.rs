//! What the live board tells an open page: that something changed, and where — never what (the
//! audit payload holds names and addresses); the page asks the server fns for the rest, so
//! permissions and filters stay on the server.

use serde::{Deserialize, Serialize};

/// One committed change on a board: its outbox row's id (the stream's event id), the task it
/// concerns (for a board's own event, its activity id, which is negative), its kind (the outbox's
/// spelling: `moved`, `member_removed`, …) and who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    pub id: i64,
    pub board_id: i64,
    pub task_id: i64,
    pub kind: String,
    pub actor_id: i64,
}
