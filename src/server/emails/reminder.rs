//! The deadline reminder: one email a day listing the tasks someone answers for that are due
//! tomorrow or became overdue today (`templates/reminder.*`), in their language.

use super::render;
use crate::{
    domain::{audit::Recipient, dates, notifications::EmailKind},
    i18n::*,
    server::{db::morning::Reminder, mailer::Email, unsubscribe::Links},
};

struct ReminderEmail<'a> {
    greeting: String,
    groups: Vec<Group>,
    footer: &'a str,
    unsubscribe: super::Unsubscribe,
    signature: &'a str,
}

/// "Due tomorrow (Wed, Dec 2)" and its tasks.
struct Group {
    heading: String,
    tasks: Vec<TaskLine>,
}

struct TaskLine {
    /// "Write the guide (Launch)".
    name: String,
    link: String,
}

email_templates!(ReminderEmail, "reminder.txt", "reminder.html");

/// The reminder listing `reminders`; `None` when there are none (their tasks were deleted).
pub fn render_for(reminders: &[Reminder], recipient: &Recipient, links: &Links) -> Option<Email> {
    if reminders.is_empty() {
        return None;
    }
    let locale = recipient.locale.unwrap_or_default();
    let group = |kind: &str| -> Option<Group> {
        let tasks: Vec<_> = reminders.iter().filter(|r| r.kind == kind).collect();
        let deadline = tasks.first()?.deadline.map(|day| dates::date(locale, day)).unwrap_or_default();
        let heading = match kind {
            "tomorrow" => td_string!(locale, emails.reminder_tomorrow, date = &deadline).to_string(),
            _ => td_string!(locale, emails.reminder_overdue, date = &deadline).to_string(),
        };
        Some(Group {
            heading,
            tasks: tasks
                .into_iter()
                .map(|r| TaskLine {
                    name: td_string!(locale, emails.reminder_task, title = &r.title, board = &r.board).to_string(),
                    link: links.page(&format!("/tasks/{}", r.task_id)),
                })
                .collect(),
        })
    };
    let groups: Vec<Group> = ["overdue", "tomorrow"].into_iter().filter_map(group).collect();
    let unsubscribe = super::Unsubscribe::new(links, recipient, EmailKind::Reminders);
    let unsubscribe_url = unsubscribe.url.clone();
    let email = ReminderEmail {
        greeting: td_string!(locale, emails.hi, name = &recipient.name).to_string(),
        groups,
        footer: td_string!(locale, emails.reminder_footer),
        unsubscribe,
        signature: td_string!(locale, emails.signature),
    };
    let subject = match reminders {
        [only] => td_string!(locale, emails.reminder_subject_one, title = &only.title).to_string(),
        _ => td_string!(locale, emails.reminder_subject, count = reminders.len()).to_string(),
    };
    Some(Email {
        to: recipient.email.clone(),
        subject,
        text: render(&Text(&email)),
        html: render(&Html(&email)),
        unsubscribe: Some(unsubscribe_url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reminder(task_id: i64, kind: &str, title: &str, deadline: &str) -> Reminder {
        Reminder {
            task_id,
            kind: kind.into(),
            title: title.into(),
            deadline: Some(deadline.parse().unwrap()),
            board: "Launch".into(),
        }
    }

    #[test]
    fn a_reminder_lists_overdue_tasks_first_then_those_due_tomorrow() {
        let recipient = Recipient {
            user_id: 7,
            name: "Ann".into(),
            email: "ann@example.com".into(),
            locale: None,
            time_zone: Some("UTC".into()),
            mail_each_change: true,
        };
        let links = Links::new("https://tasks.example.com", secrecy::SecretString::from("k".to_owned()));
        let reminders = [
            reminder(42, "tomorrow", "Write <the> guide", "2026-12-02"),
            reminder(43, "overdue", "Book the venue", "2026-11-30"),
        ];
        let email = render_for(&reminders, &recipient, &links).unwrap();
        assert_eq!(email.subject, "Deadline reminder: 2 tasks");
        let text = &email.text;
        let overdue = text.find("Overdue since today (due Nov 30, 2026):\n- Book the venue (Launch)").expect(text);
        let tomorrow = text.find("Due tomorrow (Dec 2, 2026):\n- Write <the> guide (Launch)").expect(text);
        assert!(overdue < tomorrow, "{text}");
        assert!(text.contains(&links.unsubscribe(7, EmailKind::Reminders)), "{text}");
        assert!(email.html.contains("Write &lt;the&gt; guide"), "{}", email.html);
        insta::assert_snapshot!("reminder_text", email.text);
        assert_eq!(
            render_for(&reminders[..1], &recipient, &links).unwrap().subject,
            "Deadline reminder: Write <the> guide"
        );
        assert!(render_for(&[], &recipient, &links).is_none());
    }
}
