//! The notification email for one burst of changes (one person's changes to one task within
//! the squash window; usually just one) and one recipient: who changed what, in words, with a
//! link to the task and one to unsubscribe (`templates/notification.*`), in the recipient's
//! language and with the times on their clock (both carried in the event's recipients; events
//! recorded before that render in English, in UTC).

use super::render;
use crate::{
    domain::{
        audit::{describe, shown_value, AuditEvent, AuditKind, FieldChange, Recipient},
        dates,
        notifications::EmailKind,
    },
    i18n::*,
    server::{mailer::Email, preferences::time_zone, unsubscribe::Links},
};

/// Longest value quoted in an email (descriptions can be 10,000 characters).
const VALUE_MAX_CHARS: usize = 200;

/// What both parts say, already in words.
struct Notification<'a> {
    greeting: String,
    /// The summary (or, for a burst, who made how many changes) with the task and its board.
    about: String,
    /// When it happened (a burst: when it began), on the recipient's clock.
    when: String,
    entries: Vec<Entry>,
    why: &'a str,
    link: &'a str,
    link_text: &'a str,
    /// Why this person gets the email at all.
    footer: &'a str,
    unsubscribe: super::Unsubscribe,
    signature: &'a str,
}

/// One change of the email: in a burst headed by its time and summary, alone without.
struct Entry {
    heading: Option<String>,
    changes: Vec<ChangeLine>,
}

/// One changed field: "Status", "To do → In progress".
struct ChangeLine {
    field: String,
    change: String,
}

email_templates!(Notification, "notification.txt", "notification.html");

/// The email for `events` (a burst: one actor, one task, in order; never empty).
pub fn render_for(events: &[AuditEvent], recipient: &Recipient, links: &Links) -> Email {
    let (first, last) = match (events.first(), events.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => panic!("a burst has at least one event"),
    };
    let locale = recipient.locale.unwrap_or_default();
    let zone = time_zone(recipient.time_zone.as_deref().unwrap_or("UTC"));
    let local = |event: &AuditEvent| event.at.and_utc().with_timezone(&zone).naive_local();
    let board_event = last.kind.is_board_event();
    let board = last.board.as_ref().map(|board| board.name.as_str());
    let title = last.task_title.as_str();
    let actor = last.actor.name.as_str();
    let (link, why, link_text, footer) = if board_event {
        let board = last.board.as_ref().map_or(0, |board| board.id);
        (
            links.page(&format!("/boards/{board}/members")),
            td_string!(locale, emails.why_board),
            td_string!(locale, emails.open_members),
            td_string!(locale, emails.footer_board),
        )
    } else {
        let why = match last.kind {
            AuditKind::Deleted => td_string!(locale, emails.why_deleted),
            AuditKind::Purged => td_string!(locale, emails.why_purged),
            _ => td_string!(locale, emails.why_task),
        };
        (
            links.page(&format!("/tasks/{}", last.task_id)),
            why,
            td_string!(locale, emails.open_task),
            td_string!(locale, emails.footer_task),
        )
    };
    let summary = if events.len() == 1 {
        describe(first, locale)
    } else {
        let count = events.len();
        match board {
            Some(board) if board_event => {
                td_string!(locale, emails.burst_board, actor = actor, count = count, board = board).to_string()
            }
            _ => td_string!(locale, emails.burst_summary, actor = actor, count = count).to_string(),
        }
    };
    let about = match (board_event, board) {
        (false, Some(board)) => {
            td_string!(locale, emails.task_on_board, summary = &summary, title = title, board = board).to_string()
        }
        (false, None) => td_string!(locale, emails.task, summary = &summary, title = title).to_string(),
        (true, Some(board)) if events.len() == 1 => {
            td_string!(locale, emails.on_board, summary = &summary, board = board).to_string()
        }
        (true, _) => summary.clone(),
    };
    let entries = if events.len() == 1 {
        let changes = changes_of(first, locale);
        if changes.is_empty() {
            Vec::new()
        } else {
            vec![Entry { heading: None, changes }]
        }
    } else {
        events
            .iter()
            .map(|event| Entry {
                heading: Some(
                    td_string!(
                        locale,
                        emails.burst_entry,
                        time = dates::time(locale, local(event)),
                        summary = describe(event, locale)
                    )
                    .to_string(),
                ),
                changes: changes_of(event, locale),
            })
            .collect()
    };
    let unsubscribe = super::Unsubscribe::new(links, recipient, EmailKind::Changes);
    let unsubscribe_url = unsubscribe.url.clone();
    let notification = Notification {
        greeting: td_string!(locale, emails.hi, name = &recipient.name).to_string(),
        about,
        when: td_string!(locale, emails.when, when = dates::date_time(locale, local(first))).to_string(),
        entries,
        why,
        link: &link,
        link_text,
        footer,
        unsubscribe,
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
        unsubscribe: Some(unsubscribe_url),
    }
}

/// A task event's changed fields; a board's own events say all in their summary.
fn changes_of(event: &AuditEvent, locale: Locale) -> Vec<ChangeLine> {
    if event.kind.is_board_event() {
        return Vec::new();
    }
    event.changes.iter().filter_map(|change| change_line(change, locale)).collect()
}

/// "Status: To do → In progress"; nothing for fields the summary already says in full.
fn change_line(change: &FieldChange, locale: Locale) -> Option<ChangeLine> {
    let label = match change.field.as_str() {
        "title" => td_string!(locale, emails.field_title),
        "description" => td_string!(locale, emails.field_description),
        "deadline" => td_string!(locale, emails.field_deadline),
        "pic" => td_string!(locale, emails.field_pic),
        "status" => td_string!(locale, emails.field_status),
        "labels" => td_string!(locale, emails.field_labels),
        "position" => return None,
        // "Mina ticked “Print posters”": the summary line says it in full.
        field if field.starts_with("item_") => return None,
        // The excerpt as it was written (the summary already says who commented).
        "comment" => {
            let excerpt = change.new.as_ref().or(change.old.as_ref())?;
            let change = shorten(excerpt, VALUE_MAX_CHARS);
            return Some(ChangeLine { field: td_string!(locale, emails.field_comment).to_owned(), change });
        }
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
    use crate::domain::{audit::BoardRef, notifications::EmailKind, Person};

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

    fn links() -> Links {
        Links::new("https://tasks.example.com/", secrecy::SecretString::from("test key".to_owned()))
    }

    fn sam() -> Recipient {
        Recipient {
            user_id: 2,
            name: "Sam".into(),
            email: "sam@example.com".into(),
            locale: None,
            time_zone: None,
            mail_each_change: true,
        }
    }

    fn min_jun() -> Recipient {
        Recipient {
            user_id: 3,
            name: "민준".into(),
            email: "minjun@example.com".into(),
            locale: Some(Locale::ko),
            time_zone: Some("Asia/Seoul".into()),
            mail_each_change: true,
        }
    }

    #[test]
    fn the_text_part_says_who_changed_what_and_links_to_the_task() {
        let email = render_for(&[event()], &sam(), &links());
        assert_eq!(email.to, "sam@example.com");
        assert_eq!(email.subject, "[Launch] Mina moved it from To do to In progress: Write <the> guide");
        let unsubscribe = links().unsubscribe(2, EmailKind::Changes);
        assert_eq!(
            email.text,
            format!("Hi Sam,\n\nMina moved it from To do to In progress: “Write <the> guide” on Launch.\nWhen: Fri, Nov 27, 2026, 10:00 AM\n\n- Status: To do → In progress\n\nOpen the task to see it in full.\nhttps://tasks.example.com/tasks/42\n\nYou get these emails because you supervise this task or are in charge of it.\nDon’t want these emails? Unsubscribe: {unsubscribe}\n— Taskboard\n")
        );
        assert_eq!(email.unsubscribe, Some(links().unsubscribe(2, EmailKind::Changes)));
    }

    #[test]
    fn a_burst_lists_its_changes_in_order_in_one_email() {
        let mut renamed = event();
        renamed.seq = 4;
        renamed.kind = AuditKind::Updated;
        renamed.at = "2026-11-27T10:01:30".parse().unwrap();
        renamed.task_title = "Write the guide".into();
        renamed.changes =
            vec![FieldChange::new("title", Some("Write <the> guide".into()), Some("Write the guide".into()))];
        let email = render_for(&[event(), renamed], &sam(), &links());
        assert_eq!(email.subject, "[Launch] Mina made 2 changes: Write the guide");
        let text = &email.text;
        assert!(
            text.contains("Mina made 2 changes: “Write the guide” on Launch.\nWhen: Fri, Nov 27, 2026, 10:00 AM\n\n"),
            "{text}"
        );
        let moved = text
            .find("10:00 AM: Mina moved it from To do to In progress\n- Status: To do → In progress\n")
            .expect(text);
        let renamed =
            text.find("10:01 AM: Mina renamed it from “Write <the> guide” to “Write the guide”\n- Title:").expect(text);
        assert!(moved < renamed, "in the order they happened: {text}");
        insta::assert_snapshot!("burst_text", email.text);
        insta::assert_snapshot!("burst_html", email.html);
    }

    #[test]
    fn a_korean_recipient_reads_korean_with_the_time_in_seoul() {
        let email = render_for(&[event()], &min_jun(), &links());
        assert_eq!(email.subject, "[Launch] Write <the> guide — Mina님: 상태 변경 할 일 → 진행 중");
        // 10:00 UTC is 19:00 in Seoul.
        assert!(email.text.contains("시각: 2026년 11월 27일 (금) 오후 7:00"), "{}", email.text);
        assert!(email.text.contains("- 상태: 할 일 → 진행 중"), "{}", email.text);
        insta::assert_snapshot!("notification_text_ko", email.text);
        insta::assert_snapshot!("notification_html_ko", email.html);
    }

    #[test]
    fn the_html_part_escapes_what_people_typed() {
        let email = render_for(&[event()], &sam(), &links());
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
        let email = render_for(&[edit.clone()], &sam(), &links());
        insta::assert_snapshot!("notification_text", email.text);
        insta::assert_snapshot!("notification_html", email.html);
        let mut deleted = event();
        deleted.kind = AuditKind::Deleted;
        deleted.changes = Vec::new();
        let email = render_for(&[deleted.clone()], &sam(), &links());
        insta::assert_snapshot!("deletion_text", email.text);
        insta::assert_snapshot!("deletion_html", email.html);
    }

    #[test]
    fn an_event_from_before_boards_still_renders() {
        let mut old = event();
        old.board = None;
        let email = render_for(&[old.clone()], &sam(), &links());
        assert_eq!(email.subject, "Mina moved it from To do to In progress: Write <the> guide");
        assert!(email.text.contains("“Write <the> guide”.\n"), "{}", email.text);
    }

    #[test]
    fn a_board_event_links_to_the_board() {
        let mut joined = event();
        joined.task_id = -3;
        joined.kind = AuditKind::MemberJoined;
        joined.changes = vec![FieldChange::new("role", None, Some("Member".into()))];
        let email = render_for(&[joined.clone()], &sam(), &links());
        assert_eq!(email.subject, "[Launch] Mina joined the board as Member");
        assert!(email.text.contains("Mina joined the board as Member on Launch.\n"), "{}", email.text);
        assert!(email.text.contains("https://tasks.example.com/boards/3/members"), "{}", email.text);
        assert!(email.text.contains("because you are a member of this board"), "{}", email.text);
    }

    #[test]
    fn long_values_are_shortened() {
        let mut long = event();
        long.changes = vec![FieldChange::new("description", None, Some("x".repeat(5_000)))];
        let email = render_for(&[long.clone()], &sam(), &links());
        assert!(email.text.len() < 1_000, "{}", email.text.len());
        assert!(email.text.contains("…"));
    }
}
