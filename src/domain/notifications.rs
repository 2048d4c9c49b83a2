//! What people choose about notifications, and what their inbox shows.

use super::{FieldError, Message};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// How changes reach someone by email. The inbox fills whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EmailMode {
    /// An email per burst of changes (one person's changes to one task within a few minutes).
    #[default]
    Every,
    /// One email a day per board, at 08:00 on the person's clock.
    Digest,
    Never,
}

impl EmailMode {
    pub const ALL: [EmailMode; 3] = [EmailMode::Every, EmailMode::Digest, EmailMode::Never];

    /// The stored spelling, also the form value.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailMode::Every => "every",
            EmailMode::Digest => "digest",
            EmailMode::Never => "never",
        }
    }

    pub fn parse(input: &str) -> Result<EmailMode, FieldError> {
        EmailMode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == input.trim())
            .ok_or_else(|| FieldError::new("emails", Message::ChooseEmailMode))
    }
}

/// The account page's section **Notifications**.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub emails: EmailMode,
    pub deadline_reminders: bool,
}

impl NotificationSettings {
    /// The form's values: a checkbox sends its value when ticked and nothing when not.
    pub fn parse(emails: &str, deadline_reminders: Option<&str>) -> Result<NotificationSettings, FieldError> {
        Ok(NotificationSettings { emails: EmailMode::parse(emails)?, deadline_reminders: deadline_reminders.is_some() })
    }
}

/// What an unsubscribe link turns off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailKind {
    /// Emails about changes, one by one or as a digest.
    Changes,
    Reminders,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Changes => "changes",
            EmailKind::Reminders => "reminders",
        }
    }

    pub fn parse(input: &str) -> Option<EmailKind> {
        [EmailKind::Changes, EmailKind::Reminders].into_iter().find(|kind| kind.as_str() == input)
    }
}

/// One line of the inbox, already in the reader's words and on their clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub id: i64,
    /// "Ben moved it from To do to In progress".
    pub summary: String,
    /// The task's title (the board's name, for a board's own event).
    pub subject: String,
    pub board_name: String,
    /// The task's page, or the board's members page.
    pub link: String,
    /// On the reader's clock.
    pub at: NaiveDateTime,
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub entries: Vec<InboxEntry>,
    pub unread: i64,
    /// The `before` of the next page of older entries, when there are more.
    pub older: Option<i64>,
    /// The reader's "now", for "3 minutes ago".
    pub now: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_parses_into_settings() {
        assert_eq!(
            NotificationSettings::parse("digest", None),
            Ok(NotificationSettings { emails: EmailMode::Digest, deadline_reminders: false })
        );
        assert_eq!(
            NotificationSettings::parse(" every ", Some("on")),
            Ok(NotificationSettings { emails: EmailMode::Every, deadline_reminders: true })
        );
        assert_eq!(NotificationSettings::parse("sometimes", Some("on")).unwrap_err().message, Message::ChooseEmailMode);
        for mode in EmailMode::ALL {
            assert_eq!(EmailMode::parse(mode.as_str()), Ok(mode));
        }
    }

    #[test]
    fn email_kinds_read_back() {
        for kind in [EmailKind::Changes, EmailKind::Reminders] {
            assert_eq!(EmailKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EmailKind::parse("all"), None);
    }
}
