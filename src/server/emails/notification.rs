//! The notification email for one audit event and one recipient: who changed what, in words,
//! with a link to the task (`templates/notification.*`), in the recipient's language and with
//! the time on their clock (both carried in the event's recipients; events recorded before
//! that render in English, in UTC).

use super::render;
use crate::{
    domain::{
        audit::{describe, shown_value, AuditEvent, AuditKind, FieldChange, Recipient},
        dates,
    },
    i18n::*,
    server::{mailer::Email, preferences::time_zone},
};

/// Longest value quoted in an email (descriptions can be 10,000 characters).
const VALUE_MAX_CHARS: usize = 200;

/// What both parts say, already in words.
struct Notification<'a> {
    greeting: String,
    /// The summary with the task and the board it is on.
    about: String,
    /// When it happened, on the recipient's clock.
    when: String,
    changes: Vec<ChangeLine>,
    why: &'a str,
    link: &'a str,
    link_text: &'a str,
    /// Why this person gets the email at all.
    footer: &'a str,
    signature: &'a str,
}

/// One changed field: "Status", "To do → In progress".
struct ChangeLine {
    field: String,
    change: String,
}

email_templates!(Notification, "notification.txt", "notification.html");

pub fn render_for(event: &AuditEvent, recipient: &Recipient, base_url: &str) -> Email {
    let locale = recipient.locale.unwrap_or_default();
    let zone = time_zone(recipient.time_zone.as_deref().unwrap_or("UTC"));
    let base = base_url.trim_end_matches('/');
    let summary = describe(event, locale);
    let board_event = event.kind.is_board_event();
    let board = event.board.as_ref().map(|board| board.name.as_str());
    let title = event.task_title.as_str();
    let (link, why, link_text, footer) = if board_event {
        let board = event.board.as_ref().map_or(0, |board| board.id);
        (
            format!("{base}/boards/{board}/members"),
            td_string!(locale, emails.why_board),
            td_string!(locale, emails.open_members),
            td_string!(locale, emails.footer_board),
        )
    } else {
        let why = match event.kind {
            AuditKind::Deleted => td_string!(locale, emails.why_deleted),
            _ => td_string!(locale, emails.why_task),
        };
        (
            format!("{base}/tasks/{}", event.task_id),
            why,
            td_string!(locale, emails.open_task),
            td_string!(locale, emails.footer_task),
        )
    };
    let about = match (board_event, board) {
        (false, Some(board)) => {
            td_string!(locale, emails.task_on_board, summary = &summary, title = title, board = board)
        }
        (false, None) => td_string!(locale, emails.task, summary = &summary, title = title),
        (true, Some(board)) => td_string!(locale, emails.on_board, summary = &summary, board = board),
        (true, None) => summary.clone(),
    }
    .to_string();
    let local = event.at.and_utc().with_timezone(&zone).naive_local();
    let notification = Notification {
        greeting: td_string!(locale, emails.hi, name = &recipient.name).to_string(),
        about,
        when: td_string!(locale, emails.when, when = dates::date_time(locale, local)).to_string(),
        changes: if board_event {
            Vec::new()
        } else {
            event.changes.iter().filter_map(|change| change_line(change, locale)).collect()
        },
        why,
        link: &link,
        link_text,
        footer,
        signature: td_string!(locale, emails.signature),
    };
    // The board in brackets first, so people can sort their mail by board.
    let prefix = board.map_or_else(String::new, |board| format!("[{board}] "));
    let subject = if board_event {
        format!("{prefix}{summary}")
    } else {
        format!("{prefix}{}", td_string!(locale, emails.subject_task, summary = &summary, title = title))
    };
    Email {
        to: recipient.email.clone(),
        subject: shorten(&subject, 150),
        text: render(&Text(&notification)),
        html: render(&Html(&notification)),
    }
}

/// "Status: To do → In progress"; nothing for fields the summary already says in full.
fn change_line(change: &FieldChange, locale: Locale) -> Option<ChangeLine> {
    let label = match change.field.as_str() {
        "title" => td_string!(locale, emails.field_title),
        "description" => td_string!(locale, emails.field_description),
        "deadline" => td_string!(locale, emails.field_deadline),
        "pic" => td_string!(locale, emails.field_pic),
        "status" => td_string!(locale, emails.field_status),
        "position" => return None,
        other => return Some(ChangeLine { field: other.to_owned(), change: values(change, locale) }),
    };
    Some(ChangeLine { field: label.to_owned(), change: values(change, locale) })
}

fn values(change: &FieldChange, locale: Locale) -> String {
    let value = |v: &Option<String>| match v {
        Some(recorded) => shorten(&shown_value(&change.field, recorded, locale), VALUE_MAX_CHARS),
        None => td_string!(locale, emails.none).to_owned(),
    };
    format!("{} → {}", value(&change.old), value(&change.new))
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
        Recipient { user_id: 2, name: "Sam".into(), email: "sam@example.com".into(), locale: None, time_zone: None }
    }

    fn min_jun() -> Recipient {
        Recipient {
            user_id: 3,
            name: "민준".into(),
            email: "minjun@example.com".into(),
            locale: Some(Locale::ko),
            time_zone: Some("Asia/Seoul".into()),
        }
    }

    #[test]
    fn the_text_part_says_who_changed_what_and_links_to_the_task() {
        let email = render_for(&event(), &sam(), "https://tasks.example.com/");
        assert_eq!(email.to, "sam@example.com");
        assert_eq!(email.subject, "[Launch] Mina moved it from To do to In progress: Write <the> guide");
        assert_eq!(
            email.text,
            "Hi Sam,\n\nMina moved it from To do to In progress: “Write <the> guide” on Launch.\nWhen: Fri, Nov 27, 2026, 10:00 AM\n\n- Status: To do → In progress\n\nOpen the task to see it in full.\nhttps://tasks.example.com/tasks/42\n\nYou get these emails because you supervise this task or are in charge of it.\n— Taskboard\n"
        );
    }

    #[test]
    fn a_korean_recipient_reads_korean_with_the_time_in_seoul() {
        let email = render_for(&event(), &min_jun(), "https://tasks.example.com/");
        assert_eq!(email.subject, "[Launch] Write <the> guide — Mina님: 상태 변경 할 일 → 진행 중");
        // 10:00 UTC is 19:00 in Seoul.
        assert!(email.text.contains("시각: 2026년 11월 27일 (금) 오후 7:00"), "{}", email.text);
        assert!(email.text.contains("- 상태: 할 일 → 진행 중"), "{}", email.text);
        insta::assert_snapshot!("notification_text_ko", email.text);
        insta::assert_snapshot!("notification_html_ko", email.html);
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
