//! Recording a change: the audit event that goes into the outbox in the change's own
//! transaction (inside [`Db::write`](crate::server::db::Db::write)), from which the relay sends
//! it on to the audit table, and into the inbox of each person it concerns.

use crate::{
    domain::{
        audit::{AuditEvent, AuditKind, BoardRef, FieldChange, Recipient},
        Person,
    },
    server::db::{inbox, outbox},
};
use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::QueryResult;
use diesel_async::AsyncMysqlConnection;

/// What a write knows about its event; [`record`] adds the rest.
#[derive(Debug, Clone)]
pub struct EventDraft {
    /// `None`: a new random id. A creation passes its form's request id, so the same form
    /// sent twice collides on the outbox's unique key instead of creating twice.
    pub event_id: Option<String>,
    pub task_id: i64,
    pub board: BoardRef,
    /// The title after the change (before it, for a deletion).
    pub task_title: String,
    pub kind: AuditKind,
    pub actor: Person,
    pub changes: Vec<FieldChange>,
    /// Already without the actor (`domain::audit::recipients`).
    pub recipients: Vec<Recipient>,
}

/// Fills in the event's id, its number in the task's history and the time, and inserts its
/// outbox row and inbox entries. Runs in the write's transaction, which holds the task's row lock, so two
/// writes cannot take the same number (a unique key backs this up).
pub async fn record(conn: &mut AsyncMysqlConnection, draft: EventDraft) -> QueryResult<AuditEvent> {
    let event = AuditEvent {
        event_id: draft.event_id.unwrap_or_else(new_event_id),
        seq: outbox::next_seq(conn, draft.task_id).await?,
        task_id: draft.task_id,
        board: Some(draft.board),
        task_title: draft.task_title,
        kind: draft.kind,
        actor: draft.actor,
        at: now(),
        changes: draft.changes,
        recipients: draft.recipients,
    };
    let outbox_id = outbox::insert(conn, &event).await?;
    inbox::insert(conn, outbox_id, &event).await?;
    // Queued for the board's webhooks in the same transaction: sent if and only if committed.
    if let Some(board) = &event.board {
        crate::server::db::webhooks::enqueue(conn, board.id, outbox_id, event.task_id, event.at).await?;
    }
    Ok(event)
}

/// A random (version 4) UUID in its lower-case text form: an audit event's id.
pub fn new_event_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Now, to the microsecond MySQL keeps, so what we write is what we read back.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::is_event_id;

    #[test]
    fn event_ids_are_version_4_uuids() {
        for _ in 0..100 {
            let id = new_event_id();
            assert!(is_event_id(&id), "{id}");
            assert_eq!(&id[14..15], "4");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
    }

    #[test]
    fn times_keep_microseconds_only() {
        assert_eq!(now().nanosecond() % 1_000, 0);
    }
}
