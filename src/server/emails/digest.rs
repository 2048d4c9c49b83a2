//! The daily digest: one email per board with what changed since the last digest, grouped by
//! task (`templates/digest.*`), in the recipient's language and on their clock.

use super::render;
use crate::{
    domain::{
        audit::{describe, AuditEvent, Recipient},
        dates,
        notifications::EmailKind,
    },
    i18n::*,
    server::{mailer::Email, preferences::time_zone, unsubscribe::Links},
};
use chrono::NaiveDate;

struct Digest<'a> {
    greeting: String,
    intro: String,
    tasks: Vec<TaskLines>,
    footer: &'a str,
    unsubscribe: super::Unsubscribe,
    signature: &'a str,
}

/// One task (or the board's own events) and what happened to it, oldest first.
struct TaskLines {
    title: String,
    link: String,
    lines: Vec<String>,
}

email_templates!(Digest, "digest.txt", "digest.html");

/// The digest of `events` (one board's, oldest first) for `local_date`; `None` when there are none.
pub fn render_for(events: &[AuditEvent], recipient: &Recipient, local_date: NaiveDate, links: &Links) -> Option<Email> {
    let board = events.last()?.board.clone()?;
    let locale = recipient.locale.unwrap_or_default();
    let zone = time_zone(recipient.time_zone.as_deref().unwrap_or("UTC"));
    let mut tasks: Vec<(i64, TaskLines)> = Vec::new();
    for event in events {
        let local = event.at.and_utc().with_timezone(&zone).naive_local();
        let line = td_string!(
            locale,
            emails.digest_line,
            when = dates::date_time(locale, local),
            summary = describe(event, locale)
        )
        .to_string();
        let (title, link) = if event.kind.is_board_event() {
            (
                td_string!(locale, emails.digest_board_events).to_owned(),
                links.page(&format!("/boards/{}/members", board.id)),
            )
        } else {
            (event.task_title.clone(), links.page(&format!("/tasks/{}", event.task_id)))
        };
        match tasks.iter_mut().find(|(task_id, _)| *task_id == event.task_id) {
            Some((_, task)) => {
                // The title it has now.
                task.title = title;
                task.lines.push(line);
            }
            None => tasks.push((event.task_id, TaskLines { title, link, lines: vec![line] })),
        }
    }
    let unsubscribe = super::Unsubscribe::new(links, recipient, EmailKind::Changes);
    let unsubscribe_url = unsubscribe.url.clone();
    let digest = Digest {
        greeting: td_string!(locale, emails.hi, name = &recipient.name).to_string(),
        intro: td_string!(locale, emails.digest_intro, board = &board.name).to_string(),
        tasks: tasks.into_iter().map(|(_, task)| task).collect(),
        footer: td_string!(locale, emails.digest_footer),
        unsubscribe,
        signature: td_string!(locale, emails.signature),
    };
    let subject = format!(
        "[{}] {}",
        board.name,
        td_string!(locale, emails.digest_subject, date = dates::date(locale, local_date))
    );
    Some(Email {
        to: recipient.email.clone(),
        subject,
        text: render(&Text(&digest)),
        html: render(&Html(&digest)),
        unsubscribe: Some(unsubscribe_url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        audit::{AuditKind, BoardRef, FieldChange},
        Person,
    };

    fn event(task_id: i64, seq: i32, title: &str, at: &str) -> AuditEvent {
        AuditEvent {
            event_id: format!("0f8fad5b-d9cb-469f-a165-70867728950{seq}"),
            task_id,
            board: Some(BoardRef { id: 3, name: "Launch".into() }),
            seq,
            task_title: title.into(),
            kind: AuditKind::Moved,
            actor: Person { id: 1, name: "Ben".into() },
            at: at.parse().unwrap(),
            changes: vec![FieldChange::new("status", Some("todo".into()), Some("in_progress".into()))],
            recipients: Vec::new(),
        }
    }

    fn ann(zone: &str) -> Recipient {
        Recipient {
            user_id: 7,
            name: "Ann".into(),
            email: "ann@example.com".into(),
            locale: None,
            time_zone: Some(zone.into()),
            mail_each_change: false,
        }
    }

    fn links() -> Links {
        Links::new("https://tasks.example.com", secrecy::SecretString::from("test key".to_owned()))
    }

    #[test]
    fn a_digest_groups_changes_by_task_on_the_readers_clock() {
        let events = [
            event(42, 1, "Write the guide", "2026-11-30T23:30:00"),
            event(43, 1, "Book the venue", "2026-12-01T01:00:00"),
            event(42, 2, "Write the user guide", "2026-12-01T02:00:00"),
        ];
        let date = "2026-12-01".parse().unwrap();
        let email = render_for(&events, &ann("Asia/Seoul"), date, &links()).unwrap();
        assert_eq!(email.subject, "[Launch] Daily digest for Dec 1, 2026");
        let text = &email.text;
        // 23:30 UTC on Nov 30 is 08:30 on Dec 1 in Seoul.
        let guide = text
            .find("Write the user guide\nhttps://tasks.example.com/tasks/42\n- Tue, Dec 1, 2026, 8:30 AM: Ben moved it")
            .expect(text);
        let venue =
            text.find("Book the venue\nhttps://tasks.example.com/tasks/43\n- Tue, Dec 1, 2026, 10:00 AM").expect(text);
        assert!(guide < venue, "tasks in the order they first changed: {text}");
        assert!(
            text.contains("- Tue, Dec 1, 2026, 11:00 AM: Ben moved it"),
            "the second change under its task: {text}"
        );
        assert!(email.unsubscribe.as_deref().is_some_and(|url| text.contains(url)));
        insta::assert_snapshot!("digest_text", email.text);
        insta::assert_snapshot!("digest_html", email.html);
    }

    #[test]
    fn no_events_no_digest() {
        assert!(render_for(&[], &ann("UTC"), "2026-12-01".parse().unwrap(), &links()).is_none());
    }
}
