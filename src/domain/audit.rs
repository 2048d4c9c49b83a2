//! Audit events: one change to a task, field by field, with who made it and who should hear
//! about it. Written to the outbox in the same transaction as the change (the write path in
//! `../shared/DESIGN.md`) and self-contained, so the notifier never needs MySQL.

use super::{dates, BoardRole, Person, Status};
use crate::i18n::*;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Created,
    /// Title, description, deadline or several fields at once.
    Updated,
    /// Status or order within a column.
    Moved,
    /// Only the person in charge changed.
    Reassigned,
    /// Put in the board's trash (what "Delete task" does).
    Deleted,
    /// Taken out of the trash, back to its column.
    Restored,
    /// Deleted for good: from the trash (by a person, or after 30 days, by nobody: actor id 0),
    /// or with its board.
    Purged,
    /// A comment was written (an excerpt in the `comment` change; never the whole of it).
    Commented,
    CommentEdited,
    CommentDeleted,
    /// Its checklist changed: an item added, ticked, unticked, renamed, moved or removed (the
    /// change's field says which, `item_added` …).
    Checklist,
    // A board's own events: its activity (see `BoardRef::activity_id`).
    BoardCreated,
    BoardRenamed,
    /// An admin deleted the board, after each of its tasks (`purged`): the last event its
    /// webhooks get.
    BoardDeleted,
    /// Someone was invited (the address and role in the changes).
    Invited,
    InvitationRevoked,
    /// Someone joined by accepting an invitation (the actor is the new member).
    MemberJoined,
    /// An admin took someone off the board.
    MemberRemoved,
    /// Someone left the board themself.
    MemberLeft,
    RoleChanged,
    /// An admin added a label to the board (its name in the `label` change).
    LabelCreated,
    /// An admin deleted one of the board's labels, which came off its tasks.
    LabelDeleted,
    /// An admin added a webhook (its URL in the `webhook` change); the board's events from
    /// then on are POSTed to it.
    WebhookAdded,
    WebhookDeleted,
}

impl AuditKind {
    /// The spelling stored in `audit_outbox.kind` (and checked by its constraint).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Created => "created",
            AuditKind::Updated => "updated",
            AuditKind::Moved => "moved",
            AuditKind::Reassigned => "reassigned",
            AuditKind::Deleted => "deleted",
            AuditKind::Restored => "restored",
            AuditKind::Purged => "purged",
            AuditKind::Commented => "commented",
            AuditKind::CommentEdited => "comment_edited",
            AuditKind::CommentDeleted => "comment_deleted",
            AuditKind::Checklist => "checklist",
            AuditKind::BoardCreated => "board_created",
            AuditKind::BoardRenamed => "board_renamed",
            AuditKind::BoardDeleted => "board_deleted",
            AuditKind::Invited => "invited",
            AuditKind::InvitationRevoked => "invite_revoked",
            AuditKind::MemberJoined => "member_joined",
            AuditKind::MemberRemoved => "member_removed",
            AuditKind::MemberLeft => "member_left",
            AuditKind::RoleChanged => "role_changed",
            AuditKind::LabelCreated => "label_created",
            AuditKind::LabelDeleted => "label_deleted",
            AuditKind::WebhookAdded => "webhook_added",
            AuditKind::WebhookDeleted => "webhook_deleted",
        }
    }

    /// An event of a board itself, not of one of its tasks.
    pub fn is_board_event(self) -> bool {
        !matches!(
            self,
            AuditKind::Created
                | AuditKind::Updated
                | AuditKind::Moved
                | AuditKind::Reassigned
                | AuditKind::Deleted
                | AuditKind::Restored
                | AuditKind::Purged
                | AuditKind::Commented
                | AuditKind::CommentEdited
                | AuditKind::CommentDeleted
                | AuditKind::Checklist
        )
    }
}

/// The actor of what the app does by itself (the trash's purge): no account has id 0.
pub const NOBODY: i64 = 0;

/// One field's change, in words people read (a status's label, a person's name).
/// `None` means "not set": no deadline, nobody in charge, or the task did not exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// `title`, `description`, `deadline`, `pic`, `status` or `position` (1-based place in
    /// its column).
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl FieldChange {
    pub fn new(field: &str, old: Option<String>, new: Option<String>) -> FieldChange {
        FieldChange { field: field.to_owned(), old, new }
    }
}

/// Someone to email about an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// The language and time zone their email is written in. Events recorded before these were
    /// carried have neither (and their JSON, which the hash chain covers, has no such keys):
    /// English and UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Whether each burst of changes is emailed to them: their setting says every change, and
    /// their address is verified. Otherwise the event only reaches their inbox (and, for
    /// digests, the morning's email). Events recorded before this was carried were mailed.
    #[serde(default = "mailed", skip_serializing_if = "is_mailed")]
    pub mail_each_change: bool,
}

fn mailed() -> bool {
    true
}

fn is_mailed(mailed: &bool) -> bool {
    *mailed
}

/// The board an event happened on, by id and by the name it had then (emails name it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRef {
    pub id: i64,
    pub name: String,
}

impl BoardRef {
    /// Where a board's own events are kept in the audit trail: the history of a "task" whose id
    /// is the board's, negated. Task ids are positive, so the two never meet, and a board's
    /// activity gets everything a task's history has (the outbox, the relay, the hash chain,
    /// paging) without a second path.
    pub fn activity_id(board_id: i64) -> i64 {
        -board_id
    }
}

/// The outbox payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Unique per event: the relay's and notifier's idempotency key.
    pub event_id: String,
    pub task_id: i64,
    /// Events recorded before boards existed have none (and their JSON, which the hash chain
    /// covers as stored, has no such key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board: Option<BoardRef>,
    /// The event's place in its task's history: 1, 2, 3, … (the audit table's sort key).
    pub seq: i32,
    /// The title after the change (before it, for a deletion).
    pub task_title: String,
    pub kind: AuditKind,
    pub actor: Person,
    pub at: NaiveDateTime,
    pub changes: Vec<FieldChange>,
    pub recipients: Vec<Recipient>,
}

/// The fields of a task that an audit event compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSnapshot {
    pub title: String,
    pub description: String,
    pub status: Status,
    pub deadline: Option<NaiveDate>,
    pub pic: Option<Person>,
}

impl TaskSnapshot {
    /// Every field that differs, in a fixed order.
    pub fn changes_to(&self, after: &TaskSnapshot) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        if self.title != after.title {
            changes.push(FieldChange::new("title", Some(self.title.clone()), Some(after.title.clone())));
        }
        if self.description != after.description {
            changes.push(FieldChange::new("description", text(&self.description), text(&after.description)));
        }
        if self.deadline != after.deadline {
            changes.push(FieldChange::new("deadline", date(self.deadline), date(after.deadline)));
        }
        if self.pic.as_ref().map(|p| p.id) != after.pic.as_ref().map(|p| p.id) {
            changes.push(FieldChange::new("pic", name(&self.pic), name(&after.pic)));
        }
        if self.status != after.status {
            changes.push(FieldChange::new(
                "status",
                Some(self.status.as_str().into()),
                Some(after.status.as_str().into()),
            ));
        }
        changes
    }

    /// A new task's fields, each from "not set".
    pub fn creation(&self) -> Vec<FieldChange> {
        let mut changes = vec![FieldChange::new("title", None, Some(self.title.clone()))];
        if !self.description.is_empty() {
            changes.push(FieldChange::new("description", None, text(&self.description)));
        }
        if self.deadline.is_some() {
            changes.push(FieldChange::new("deadline", None, date(self.deadline)));
        }
        if self.pic.is_some() {
            changes.push(FieldChange::new("pic", None, name(&self.pic)));
        }
        changes.push(FieldChange::new("status", None, Some(self.status.as_str().into())));
        changes
    }
}

/// What kind of event an edit is: a change of the person in charge alone is a reassignment,
/// of the status alone a move; anything else an update.
pub fn kind_of_edit(changes: &[FieldChange]) -> AuditKind {
    match changes {
        [only] if only.field == "pic" => AuditKind::Reassigned,
        [only] if only.field == "status" => AuditKind::Moved,
        _ => AuditKind::Updated,
    }
}

/// Who hears about a change: everyone concerned (supervisor, person in charge, and a person
/// just taken off the task), each once, never the actor.
pub fn recipients(concerned: impl IntoIterator<Item = Recipient>, actor_id: i64) -> Vec<Recipient> {
    let mut recipients: Vec<Recipient> = Vec::new();
    for person in concerned {
        if person.user_id != actor_id && !recipients.iter().any(|r| r.user_id == person.user_id) {
            recipients.push(person);
        }
    }
    recipients
}

/// One line of a task's history (or a board's activity), in the reader's words: "Mina moved
/// it from To do to In progress", "Ann invited ben@example.com as Member". Statuses and roles
/// are recorded as codes (older events: as English names) and named in `locale`.
pub fn describe(event: &AuditEvent, locale: Locale) -> String {
    let actor = event.actor.name.as_str();
    let value = |field: &str, new: bool| {
        event
            .changes
            .iter()
            .find(|change| change.field == field)
            .and_then(|change| if new { change.new.clone() } else { change.old.clone() })
            .unwrap_or_default()
    };
    let role = |new: bool| {
        let recorded = value("role", new);
        BoardRole::from_event(&recorded).map_or(recorded, |role| role.text(locale).to_owned())
    };
    let line = match event.kind {
        AuditKind::Created => Some(td_string!(locale, history.created, actor = actor).to_string()),
        AuditKind::Deleted => Some(td_string!(locale, history.deleted, actor = actor).to_string()),
        AuditKind::Restored => Some(td_string!(locale, history.restored, actor = actor).to_string()),
        AuditKind::Purged if event.actor.id == NOBODY => {
            Some(td_string!(locale, history.purged_automatically).to_owned())
        }
        AuditKind::Purged => Some(td_string!(locale, history.purged, actor = actor).to_string()),
        AuditKind::Commented => {
            Some(td_string!(locale, history.commented, actor = actor, excerpt = value("comment", true)).to_string())
        }
        AuditKind::CommentEdited => Some(td_string!(locale, history.comment_edited, actor = actor).to_string()),
        AuditKind::CommentDeleted => Some(td_string!(locale, history.comment_deleted, actor = actor).to_string()),
        AuditKind::BoardCreated => Some(td_string!(locale, history.board_created, actor = actor).to_string()),
        AuditKind::BoardDeleted => Some(td_string!(locale, history.board_deleted, actor = actor).to_string()),
        AuditKind::BoardRenamed => Some(
            td_string!(
                locale,
                history.board_renamed,
                actor = actor,
                old = value("name", false),
                new = value("name", true)
            )
            .to_string(),
        ),
        AuditKind::Invited => Some(
            td_string!(locale, history.invited, actor = actor, invitee = value("invitee", true), role = role(true))
                .to_string(),
        ),
        AuditKind::InvitationRevoked => Some(
            td_string!(locale, history.invitation_revoked, actor = actor, invitee = value("invitee", false))
                .to_string(),
        ),
        AuditKind::MemberJoined => {
            Some(td_string!(locale, history.member_joined, actor = actor, role = role(true)).to_string())
        }
        AuditKind::MemberRemoved => {
            Some(td_string!(locale, history.member_removed, actor = actor, member = value("member", false)).to_string())
        }
        AuditKind::MemberLeft => Some(td_string!(locale, history.member_left, actor = actor).to_string()),
        AuditKind::RoleChanged => {
            let member = value("member", true);
            Some(match BoardRole::from_event(&value("role", true)) {
                Some(BoardRole::Admin) => {
                    td_string!(locale, history.made_admin, actor = actor, member = member).to_string()
                }
                _ => td_string!(locale, history.made_member, actor = actor, member = member).to_string(),
            })
        }
        AuditKind::LabelCreated => {
            Some(td_string!(locale, history.label_created, actor = actor, name = value("label", true)).to_string())
        }
        AuditKind::LabelDeleted => {
            Some(td_string!(locale, history.label_deleted, actor = actor, name = value("label", false)).to_string())
        }
        AuditKind::WebhookAdded => {
            Some(td_string!(locale, history.webhook_added, actor = actor, url = value("webhook", true)).to_string())
        }
        AuditKind::WebhookDeleted => {
            Some(td_string!(locale, history.webhook_deleted, actor = actor, url = value("webhook", false)).to_string())
        }
        AuditKind::Updated | AuditKind::Moved | AuditKind::Reassigned | AuditKind::Checklist => None,
    };
    if let Some(line) = line {
        return line;
    }
    let parts: Vec<String> = event.changes.iter().map(|change| describe_change(change, locale)).collect();
    let changes = match parts.as_slice() {
        [] => return td_string!(locale, history.no_changes, actor = actor).to_string(),
        [only] => only.clone(),
        [rest @ .., last] => format!(
            "{}{}{last}",
            rest.join(td_string!(locale, history.list_separator)),
            td_string!(locale, history.list_last)
        ),
    };
    td_string!(locale, history.changes, actor = actor, changes = changes).to_string()
}

/// A recorded value as the reader reads it: a status by its name in `locale`, a deadline
/// (recorded as 2026-12-04) as a date in `locale`'s words, anything else as it was typed.
pub fn shown_value(field: &str, recorded: &str, locale: Locale) -> String {
    match field {
        "status" => Status::from_event(recorded).map_or(recorded.to_owned(), |s| s.text(locale).to_owned()),
        "deadline" => {
            NaiveDate::parse_from_str(recorded, "%Y-%m-%d").map_or(recorded.to_owned(), |day| dates::date(locale, day))
        }
        _ => recorded.to_owned(),
    }
}

fn describe_change(change: &FieldChange, locale: Locale) -> String {
    let shown = |recorded: Option<&str>| recorded.map(|recorded| shown_value(&change.field, recorded, locale));
    let (old, new) = (shown(change.old.as_deref()), shown(change.new.as_deref()));
    match (change.field.as_str(), old, new) {
        ("title", Some(old), Some(new)) => td_string!(locale, history.renamed, old = old, new = new).to_string(),
        ("description", _, None) => td_string!(locale, history.description_removed).to_owned(),
        ("description", _, Some(_)) => td_string!(locale, history.description_changed).to_owned(),
        ("deadline", None, Some(new)) => td_string!(locale, history.deadline_set, new = new).to_string(),
        ("deadline", Some(_), None) => td_string!(locale, history.deadline_removed).to_owned(),
        ("deadline", Some(old), Some(new)) => {
            td_string!(locale, history.deadline_moved, old = old, new = new).to_string()
        }
        ("pic", None, Some(new)) => td_string!(locale, history.pic_set, new = new).to_string(),
        ("pic", Some(old), None) => td_string!(locale, history.pic_removed, old = old).to_string(),
        ("pic", Some(old), Some(new)) => td_string!(locale, history.pic_changed, old = old, new = new).to_string(),
        ("status", Some(old), Some(new)) => {
            td_string!(locale, history.status_changed, old = old, new = new).to_string()
        }
        ("position", Some(old), Some(new)) => {
            td_string!(locale, history.position_changed, old = old, new = new).to_string()
        }
        ("labels", None, Some(new)) => td_string!(locale, history.labels_set, new = new).to_string(),
        ("labels", Some(old), None) => td_string!(locale, history.labels_removed, old = old).to_string(),
        ("labels", Some(old), Some(new)) => {
            td_string!(locale, history.labels_changed, old = old, new = new).to_string()
        }
        ("item_added", _, Some(text)) => td_string!(locale, history.item_added, text = text).to_string(),
        ("item_checked", _, Some(text)) => td_string!(locale, history.item_checked, text = text).to_string(),
        ("item_unchecked", _, Some(text)) => td_string!(locale, history.item_unchecked, text = text).to_string(),
        ("item_renamed", Some(old), Some(new)) => {
            td_string!(locale, history.item_renamed, old = old, new = new).to_string()
        }
        ("item_removed", Some(text), _) => td_string!(locale, history.item_removed, text = text).to_string(),
        ("item_moved", Some(text), Some(way)) if way == "up" => {
            td_string!(locale, history.item_moved_up, text = text).to_string()
        }
        ("item_moved", Some(text), Some(_)) => td_string!(locale, history.item_moved_down, text = text).to_string(),
        (field, _, _) => td_string!(locale, history.field_changed, field = field).to_string(),
    }
}

/// How many history entries one page of a task's history shows.
pub const HISTORY_PAGE: usize = 50;

/// One page of a task's history as its page shows it: the newest [`HISTORY_PAGE`] entries, or
/// those before a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskHistory {
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
    /// Each entry's hash matches its contents and links to the entry before it (the oldest
    /// shown to the one just older, which is read for that; the first to the chain's start).
    pub verified: bool,
    /// The last event put the task in the trash or deleted it for good (first page only).
    pub deleted: bool,
    /// The title in the latest event (for a deleted task's page; first page only).
    pub title: String,
    /// Changes made but not yet in the audit trail (the relay is behind, e.g. DynamoDB is away).
    pub pending: i64,
    /// More, older entries exist: pass this as `before` for the next page.
    pub older: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub seq: i32,
    /// In the reader's words ([`describe`]).
    pub text: String,
    /// When, in UTC (the page shows it on the reader's clock); `None` for an entry that can no
    /// longer be read.
    pub at: Option<NaiveDateTime>,
}

/// Checks that `input` is a UUID in its 36-character text form (the outbox's `event_id`), so a
/// client-supplied request id can be used as one.
pub fn is_event_id(input: &str) -> bool {
    input.len() == 36
        && input.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
        })
}

fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn name(p: &Option<Person>) -> Option<String> {
    p.as_ref().map(|p| p.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, name: &str) -> Person {
        Person { id, name: name.into() }
    }

    fn recipient(id: i64) -> Recipient {
        Recipient {
            user_id: id,
            name: format!("user {id}"),
            email: format!("u{id}@example.com"),
            locale: None,
            time_zone: None,
            mail_each_change: true,
        }
    }

    fn snapshot() -> TaskSnapshot {
        TaskSnapshot {
            title: "Write the guide".into(),
            description: String::new(),
            status: Status::Todo,
            deadline: None,
            pic: Some(person(2, "Mina")),
        }
    }

    #[test]
    fn only_changed_fields_are_listed_in_words() {
        let before = snapshot();
        let after =
            TaskSnapshot { status: Status::InProgress, deadline: Some("2026-12-31".parse().unwrap()), ..snapshot() };
        assert_eq!(
            before.changes_to(&after),
            [
                FieldChange::new("deadline", None, Some("2026-12-31".into())),
                FieldChange::new("status", Some("todo".into()), Some("in_progress".into())),
            ]
        );
        assert!(before.changes_to(&snapshot()).is_empty());
    }

    #[test]
    fn the_kind_follows_what_changed() {
        let before = snapshot();
        let reassigned = TaskSnapshot { pic: Some(person(3, "Sam")), ..snapshot() };
        assert_eq!(kind_of_edit(&before.changes_to(&reassigned)), AuditKind::Reassigned);
        let moved = TaskSnapshot { status: Status::Done, ..snapshot() };
        assert_eq!(kind_of_edit(&before.changes_to(&moved)), AuditKind::Moved);
        let both = TaskSnapshot { status: Status::Done, pic: None, ..snapshot() };
        assert_eq!(kind_of_edit(&before.changes_to(&both)), AuditKind::Updated);
    }

    #[test]
    fn a_creation_lists_the_fields_that_were_set() {
        let fields: Vec<_> = snapshot().creation().into_iter().map(|c| c.field).collect();
        assert_eq!(fields, ["title", "pic", "status"]);
    }

    #[test]
    fn board_events_read_as_sentences() {
        let said = |kind, changes| describe(&AuditEvent { kind, changes, ..event(kind, Vec::new()) }, Locale::en);
        let invited = vec![
            FieldChange::new("invitee", None, Some("ben@example.com".into())),
            FieldChange::new("role", None, Some("member".into())),
        ];
        assert_eq!(said(AuditKind::Invited, invited.clone()), "Mina invited ben@example.com as Member");
        let in_korean = describe(&event(AuditKind::Invited, invited), Locale::ko);
        assert_eq!(in_korean, "Mina님이 ben@example.com 주소로 초대를 보냈습니다 (역할: 멤버)");
        // Recorded before the catalog: the role by its English name.
        let old_style = vec![
            FieldChange::new("member", Some("Ben".into()), Some("Ben".into())),
            FieldChange::new("role", Some("Member".into()), Some("Admin".into())),
        ];
        assert_eq!(said(AuditKind::RoleChanged, old_style.clone()), "Mina made Ben an Admin");
        assert_eq!(
            describe(&event(AuditKind::RoleChanged, old_style), Locale::ko),
            "Mina님이 Ben님을 관리자로 지정했습니다"
        );
        assert_eq!(
            said(AuditKind::BoardRenamed, vec![FieldChange::new("name", Some("A".into()), Some("B".into()))]),
            "Mina renamed the board from “A” to “B”"
        );
        assert_eq!(
            said(AuditKind::MemberRemoved, vec![FieldChange::new("member", Some("Ben".into()), None)]),
            "Mina removed Ben from the board"
        );
        assert_eq!(said(AuditKind::MemberLeft, Vec::new()), "Mina left the board");
        assert_eq!(said(AuditKind::BoardDeleted, Vec::new()), "Mina deleted the board");
        assert!(AuditKind::BoardDeleted.is_board_event());
        let label = |old: Option<&str>, new: Option<&str>| {
            vec![FieldChange::new("label", old.map(Into::into), new.map(Into::into))]
        };
        assert_eq!(said(AuditKind::LabelCreated, label(None, Some("Urgent"))), "Mina added the label “Urgent”");
        assert_eq!(said(AuditKind::LabelDeleted, label(Some("Urgent"), None)), "Mina deleted the label “Urgent”");
        assert!(AuditKind::LabelDeleted.is_board_event());
        let hook = vec![FieldChange::new("webhook", None, Some("https://ci.example.com/hook".into()))];
        assert_eq!(said(AuditKind::WebhookAdded, hook), "Mina added a webhook to https://ci.example.com/hook");
        assert!(AuditKind::WebhookDeleted.is_board_event());
        assert!(AuditKind::MemberJoined.is_board_event() && !AuditKind::Moved.is_board_event());
        for kind in
            [AuditKind::InvitationRevoked, AuditKind::MemberRemoved, AuditKind::BoardDeleted, AuditKind::WebhookDeleted]
        {
            assert!(kind.as_str().len() <= 16, "fits audit_outbox.kind");
        }
    }

    #[test]
    fn the_actor_is_never_a_recipient_and_nobody_is_listed_twice() {
        let got = recipients([recipient(1), recipient(2), recipient(1), recipient(3)], 3);
        assert_eq!(got, [recipient(1), recipient(2)]);
        assert!(recipients([recipient(1)], 1).is_empty(), "a supervisor who is their own PIC hears nothing");
    }

    fn event(kind: AuditKind, changes: Vec<FieldChange>) -> AuditEvent {
        AuditEvent {
            event_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            task_id: 1,
            board: None,
            seq: 2,
            task_title: "Write the guide".into(),
            kind,
            actor: person(1, "Mina"),
            at: "2026-11-27T10:00:00".parse().unwrap(),
            changes,
            recipients: Vec::new(),
        }
    }

    #[test]
    fn history_lines_say_who_changed_what_in_words() {
        let moved =
            event(AuditKind::Moved, vec![FieldChange::new("status", Some("todo".into()), Some("in_progress".into()))]);
        assert_eq!(describe(&moved, Locale::en), "Mina moved it from To do to In progress");
        assert_eq!(describe(&moved, Locale::ko), "Mina님: 상태 변경 할 일 → 진행 중");
        // Events recorded before the catalog name statuses in English; they read in both.
        let old_style =
            event(AuditKind::Moved, vec![FieldChange::new("status", Some("To do".into()), Some("In progress".into()))]);
        assert_eq!(describe(&old_style, Locale::en), "Mina moved it from To do to In progress");
        assert_eq!(describe(&old_style, Locale::ko), "Mina님: 상태 변경 할 일 → 진행 중");
        let edit = event(
            AuditKind::Updated,
            vec![
                FieldChange::new("title", Some("A".into()), Some("B".into())),
                FieldChange::new("deadline", None, Some("2026-12-31".into())),
                FieldChange::new("pic", Some("Sam".into()), None),
            ],
        );
        assert_eq!(
            describe(&edit, Locale::en),
            "Mina renamed it from “A” to “B”, set the deadline to Dec 31, 2026 and took Sam off the task"
        );
        assert_eq!(
            describe(&edit, Locale::ko),
            "Mina님: 제목 변경 “A” → “B”, 마감일 설정 2026년 12월 31일, 담당자 해제 Sam"
        );
        assert_eq!(describe(&event(AuditKind::Created, vec![]), Locale::en), "Mina created it");
        assert_eq!(describe(&event(AuditKind::Deleted, vec![]), Locale::ko), "Mina님이 휴지통으로 옮겼습니다");
        assert_eq!(describe(&event(AuditKind::Restored, vec![]), Locale::en), "Mina restored it from the trash");
        assert_eq!(describe(&event(AuditKind::Purged, vec![]), Locale::en), "Mina deleted it for good");
        let mut purged = event(AuditKind::Purged, vec![]);
        purged.actor = Person { id: NOBODY, name: String::new() };
        assert_eq!(describe(&purged, Locale::en), "Deleted for good after 30 days in the trash");
        let comment = event(AuditKind::Commented, vec![FieldChange::new("comment", None, Some("Looks good".into()))]);
        assert_eq!(describe(&comment, Locale::en), "Mina commented: “Looks good”");
        assert_eq!(describe(&comment, Locale::ko), "Mina님의 댓글: “Looks good”");
        let ticked = event(AuditKind::Checklist, vec![FieldChange::new("item_checked", None, Some("Print".into()))]);
        assert_eq!(describe(&ticked, Locale::en), "Mina ticked “Print”");
        let labelled = |old: Option<&str>, new: Option<&str>| {
            let change = FieldChange::new("labels", old.map(Into::into), new.map(Into::into));
            describe(&event(AuditKind::Updated, vec![change]), Locale::en)
        };
        assert_eq!(labelled(None, Some("Urgent")), "Mina labelled it “Urgent”");
        assert_eq!(labelled(Some("Bug"), Some("Bug, Urgent")), "Mina changed its labels from “Bug” to “Bug, Urgent”");
        assert_eq!(labelled(Some("Bug"), None), "Mina took off its labels “Bug”");
    }

    #[test]
    fn event_ids_are_lowercase_uuids() {
        assert!(is_event_id("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!is_event_id("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assert!(!is_event_id("0f8fad5bd9cb469fa16570867728950e"));
        assert!(!is_event_id("'; DROP TABLE tasks; --"));
    }
}
