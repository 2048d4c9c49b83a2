//! The notification email for one audit event and one recipient: who changed what, in words,
//! with a link to the task (`templates/notification.*`).

use super::render;
use crate::{
    domain::audit::{describe, AuditEvent, AuditKind, FieldChange, Recipient},
    server::mailer::Email,
};

/// Longest value quoted in an email (descriptions can be 10,000 characters).
const VALUE_MAX_CHARS: usize = 200;

/// What both parts say.
struct Notification<'a> {
    name: &'a str,
    summary: &'a str,
    /// The task's title; none for a board's own event (the board is named below).
    title: Option<&'a str>,
    /// The board's name (events from before boards have none).
    board: Option<&'a str>,
    changes: Vec<ChangeLine>,
    why: &'a str,
    link: &'a str,
    /// Why this person gets the email at all.
    footer: &'a str,
}

/// One changed field: "Status", "To do → In progress".
struct ChangeLine {
    field: String,
    change: String,
}

email_templates!(Notification, "notification.txt", "notification.html");

pub fn render_for(event: &AuditEvent, recipient: &Recipient, base_url: &str) -> Email {
    let base = base_url.trim_end_matches('/');
    let summary = describe(event);
    let board_event = event.kind.is_board_event();
    let (link, why, footer) = if board_event {
        let board = event.board.as_ref().map_or(0, |board| board.id);
        (
            format!("{base}/boards/{board}/members"),
            "Open the board's members page to see its activity.",
            "You get these emails because you are a member of this board.",
        )
    } else {
        let why = match event.kind {
            AuditKind::Deleted => "The task is gone from the board; its history stays on its page.",
            _ => "Open the task to see it in full.",
        };
        (
            format!("{base}/tasks/{}", event.task_id),
            why,
            "You get these emails because you supervise this task or are in charge of it.",
        )
    };
    let notification = Notification {
        name: &recipient.name,
        summary: &summary,
        title: (!board_event).then_some(event.task_title.as_str()),
        board: event.board.as_ref().map(|board| board.name.as_str()),
        changes: if board_event { Vec::new() } else { event.changes.iter().filter_map(change_line).collect() },
        why,
        link: &link,
        footer,
    };
    // The board in brackets first, so people can sort their mail by board.
    let board = event.board.as_ref().map_or_else(String::new, |board| format!("[{}] ", board.name));
    let subject =
        if board_event { format!("{board}{summary}") } else { format!("{board}{summary}: {}", event.task_title) };
    Email {
        to: recipient.email.clone(),
        subject: shorten(&subject, 150),
        text: render(&Text(&notification)),
        html: render(&Html(&notification)),
    }
}

/// "Status: To do → In progress"; nothing for fields the summary already says in full.
fn change_line(change: &FieldChange) -> Option<ChangeLine> {
    let label = match change.field.as_str() {
        "title" => "Title",
        "description" => "Description",
        "deadline" => "Deadline",
        "pic" => "Person in charge",
        "status" => "Status",
        "position" => return None,
        other => other,
    };
    let value = |v: &Option<String>| v.as_deref().map_or_else(|| "(none)".to_owned(), |v| shorten(v, VALUE_MAX_CHARS));
    Some(ChangeLine { field: label.to_owned(), change: format!("{} → {}", value(&change.old), value(&change.new)) })
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{audit::BoardRef, Person};

    fn event() -> AuditEvent {
        AuditEvent {
            event_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            task_id: 42,
            board: Some(BoardRef { id: 3, name: "Launch".into() }),
            seq: 3,
            task_title: "Write <the> guide".into(),
            kind: AuditKind::Moved,
            actor: Person { id: 1, name: "Mina".into() },
            at: "2026-11-27T10:00:00".parse().unwrap(),
            changes: vec![FieldChange::new("status", Some("To do".into()), Some("In progress".into()))],
            recipients: Vec::new(),
        }
    }

    fn sam() -> Recipient {
        Recipient { user_id: 2, name: "Sam".into(), email: "sam@example.com".into() }
    }

    #[test]
    fn the_text_part_says_who_changed_what_and_links_to_the_task() {
        let email = render_for(&event(), &sam(), "https://tasks.example.com/");
        assert_eq!(email.to, "sam@example.com");
        assert_eq!(email.subject, "[Launch] Mina moved it from To do to In progress: Write <the> guide");
        assert_eq!(
            email.text,
            "Hi Sam,\n\nMina moved it from To do to In progress: “Write <the> guide” on Launch.\n\n- Status: To do → In progress\n\nOpen the task to see it in full.\nhttps://tasks.example.com/tasks/42\n\nYou get these emails because you supervise this task or are in charge of it.\n— Taskboard\n"
        );
    }

    #[test]
    fn the_html_part_escapes_what_people_typed() {
        let email = render_for(&event(), &sam(), "https://tasks.example.com");
        assert!(email.html.contains("“Write &lt;the&gt; guide”"));
        assert!(email.html.contains("<a href=\"https://tasks.example.com/tasks/42\">Open the task</a>"));
        assert!(!email.html.contains("<the>"));
    }

    #[test]
    fn a_notification_reads_as_written() {
        let mut edit = event();
        edit.kind = AuditKind::Updated;
        edit.changes = vec![
            FieldChange::new("title", Some("Write the guide".into()), Some("Write <the> guide".into())),
            FieldChange::new("pic", None, Some("Sam & Co".into())),
        ];
        let email = render_for(&edit, &sam(), "https://tasks.example.com");
        insta::assert_snapshot!("notification_text", email.text);
        insta::assert_snapshot!("notification_html", email.html);
        let mut deleted = event();
        deleted.kind = AuditKind::Deleted;
        deleted.changes = Vec::new();
        let email = render_for(&deleted, &sam(), "https://tasks.example.com");
        insta::assert_snapshot!("deletion_text", email.text);
        insta::assert_snapshot!("deletion_html", email.html);
    }

    #[test]
    fn an_event_from_before_boards_still_renders() {
        let mut old = event();
        old.board = None;
        let email = render_for(&old, &sam(), "https://tasks.example.com");
        assert_eq!(email.subject, "Mina moved it from To do to In progress: Write <the> guide");
        assert!(email.text.contains("“Write <the> guide”.\n"), "{}", email.text);
    }

    #[test]
    fn a_board_event_links_to_the_board() {
        let mut joined = event();
        joined.task_id = -3;
        joined.kind = AuditKind::MemberJoined;
        joined.changes = vec![FieldChange::new("role", None, Some("Member".into()))];
        let email = render_for(&joined, &sam(), "https://tasks.example.com");
        assert_eq!(email.subject, "[Launch] Mina joined the board as Member");
        assert!(email.text.contains("Mina joined the board as Member on Launch.\n"), "{}", email.text);
        assert!(email.text.contains("https://tasks.example.com/boards/3/members"), "{}", email.text);
        assert!(email.text.contains("because you are a member of this board"), "{}", email.text);
    }

    #[test]
    fn long_values_are_shortened() {
        let mut long = event();
        long.changes = vec![FieldChange::new("description", None, Some("x".repeat(5_000)))];
        let email = render_for(&long, &sam(), "http://localhost");
        assert!(email.text.len() < 1_000, "{}", email.text.len());
        assert!(email.text.contains("…"));
    }
}
