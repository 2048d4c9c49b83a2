//! The notification email for one audit event and one recipient: who changed what, in words,
//! with a link to the task. Text and HTML parts.

use crate::{
    domain::audit::{describe, AuditEvent, AuditKind, FieldChange, Recipient},
    server::mailer::{escape_html, Email},
};

/// Longest value quoted in an email (descriptions can be 10,000 characters).
const VALUE_MAX_CHARS: usize = 200;

pub fn render(event: &AuditEvent, recipient: &Recipient, base_url: &str) -> Email {
    let link = format!("{}/tasks/{}", base_url.trim_end_matches('/'), event.task_id);
    let summary = describe(event);
    let changes: Vec<(String, String)> = event.changes.iter().filter_map(change_line).collect();
    let why = match event.kind {
        AuditKind::Deleted => "The task is gone from the board; its history stays on its page.",
        _ => "Open the task to see it in full.",
    };

    let mut text = format!("Hi {},\n\n{summary}: “{}”.\n", recipient.name, event.task_title);
    if !changes.is_empty() {
        text.push('\n');
        for (field, change) in &changes {
            text.push_str(&format!("- {field}: {change}\n"));
        }
    }
    text.push_str(&format!(
        "\n{why}\n{link}\n\nYou get these emails because you supervise this task or are in charge of it.\n— Taskboard\n"
    ));

    let mut html = format!(
        "<p>Hi {},</p>\n<p>{}: “{}”.</p>\n",
        escape_html(&recipient.name),
        escape_html(&summary),
        escape_html(&event.task_title)
    );
    if !changes.is_empty() {
        html.push_str("<ul>\n");
        for (field, change) in &changes {
            html.push_str(&format!("<li><strong>{}</strong>: {}</li>\n", escape_html(field), escape_html(change)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(&format!(
        "<p>{} <a href=\"{}\">Open the task</a></p>\n<p style=\"color:#64748b\">You get these emails because you supervise this task or are in charge of it.</p>\n",
        escape_html(why),
        escape_html(&link)
    ));

    Email {
        to: recipient.email.clone(),
        subject: shorten(&format!("{summary}: {}", event.task_title), 150),
        text,
        html,
    }
}

/// "Status: To do → In progress"; nothing for fields the summary already says in full.
fn change_line(change: &FieldChange) -> Option<(String, String)> {
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
    Some((label.to_owned(), format!("{} → {}", value(&change.old), value(&change.new))))
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
    use crate::domain::Person;

    fn event() -> AuditEvent {
        AuditEvent {
            event_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            task_id: 42,
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
        let email = render(&event(), &sam(), "https://tasks.example.com/");
        assert_eq!(email.to, "sam@example.com");
        assert_eq!(email.subject, "Mina moved it from To do to In progress: Write <the> guide");
        assert_eq!(
            email.text,
            "Hi Sam,\n\nMina moved it from To do to In progress: “Write <the> guide”.\n\n- Status: To do → In progress\n\nOpen the task to see it in full.\nhttps://tasks.example.com/tasks/42\n\nYou get these emails because you supervise this task or are in charge of it.\n— Taskboard\n"
        );
    }

    #[test]
    fn the_html_part_escapes_what_people_typed() {
        let email = render(&event(), &sam(), "https://tasks.example.com");
        assert!(email.html.contains("“Write &lt;the&gt; guide”"));
        assert!(email.html.contains("<a href=\"https://tasks.example.com/tasks/42\">Open the task</a>"));
        assert!(!email.html.contains("<the>"));
    }

    #[test]
    fn long_values_are_shortened() {
        let mut long = event();
        long.changes = vec![FieldChange::new("description", None, Some("x".repeat(5_000)))];
        let email = render(&long, &sam(), "http://localhost");
        assert!(email.text.len() < 1_000, "{}", email.text.len());
        assert!(email.text.contains("…"));
    }
}
