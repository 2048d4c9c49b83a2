//! Comments on a task: Markdown written by a board member, rendered on the server when written
//! (`server::markdown`), shown oldest first. The author edits or deletes theirs; an admin of the
//! board deletes any.

use super::{error::FieldError, message::Message, BoardRole, Person};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub const COMMENT_MAX_CHARS: usize = 10_000;
/// How much of a comment its audit event (and so its email) quotes.
pub const EXCERPT_CHARS: usize = 140;

/// A comment's Markdown as written: 1 to 10,000 characters, line breaks kept (as LF), surrounding
/// blank space dropped, no control characters but tabs and line breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentBody(String);

impl CommentBody {
    pub fn parse(input: &str) -> Result<CommentBody, FieldError> {
        let text = input.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldError::new("body", Message::CommentMissing));
        }
        if text.chars().count() > COMMENT_MAX_CHARS {
            return Err(FieldError::new("body", Message::TooLong(COMMENT_MAX_CHARS)));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::new("body", Message::ControlCharacters));
        }
        Ok(CommentBody(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The start of the comment on one line, for its audit event: never the whole of a long one
    /// (the audit trail and the emails quote, the task page shows it in full).
    pub fn excerpt(&self) -> String {
        let line = self.0.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.chars().count() <= EXCERPT_CHARS {
            return line;
        }
        let cut: String = line.chars().take(EXCERPT_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A comment as the task page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    /// `None`: the author's account is gone.
    pub author: Option<Person>,
    /// Sanitised HTML, rendered when the comment was written.
    pub html: String,
    /// The Markdown, for the author's edit form (empty for everyone else).
    pub source: String,
    pub created_at: NaiveDateTime,
    /// When it was written, as the reader's clock shows it (formatted by the server, which
    /// knows the reader's zone: the list is an island, and the browser build shows UTC).
    pub when: String,
    /// When it was last edited ("edited" beside it), if it was.
    pub edited_at: Option<NaiveDateTime>,
    pub version: i32,
    pub can_edit: bool,
    pub can_delete: bool,
}

/// A task's conversation, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskComments {
    pub comments: Vec<CommentView>,
    /// There are more than the page lists (the newest are left out).
    pub more: bool,
}

/// What `viewer` may do with a comment by `author_id` on a board where their role is `role`.
pub fn comment_rights(viewer: i64, role: BoardRole, author_id: Option<i64>) -> (bool, bool) {
    let is_author = author_id == Some(viewer);
    (is_author, is_author || role.is_admin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_some_text_of_bounded_length() {
        assert_eq!(CommentBody::parse("  Looks good\r\n\r\n- ship it \n").unwrap().as_str(), "Looks good\n\n- ship it");
        assert!(CommentBody::parse(" \n ").is_err());
        assert!(CommentBody::parse(&"a".repeat(COMMENT_MAX_CHARS)).is_ok());
        assert!(CommentBody::parse(&"a".repeat(COMMENT_MAX_CHARS + 1)).is_err());
        assert!(CommentBody::parse("bell \u{7}").is_err());
    }

    #[test]
    fn an_excerpt_is_one_short_line() {
        let body = CommentBody::parse("First line\n\nsecond   line").unwrap();
        assert_eq!(body.excerpt(), "First line second line");
        let long = CommentBody::parse(&"word ".repeat(100)).unwrap().excerpt();
        assert!(long.chars().count() <= EXCERPT_CHARS && long.ends_with('…'), "{long}");
    }

    #[test]
    fn authors_edit_and_admins_delete() {
        assert_eq!(comment_rights(1, BoardRole::Member, Some(1)), (true, true));
        assert_eq!(comment_rights(1, BoardRole::Member, Some(2)), (false, false));
        assert_eq!(comment_rights(1, BoardRole::Admin, Some(2)), (false, true));
        assert_eq!(comment_rights(1, BoardRole::Admin, None), (false, true));
    }
}
