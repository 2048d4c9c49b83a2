//! A task's status: the board's four columns, in board order.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Todo,
    InProgress,
    InReview,
    Done,
}

impl Status {
    /// Every status, in the order the board shows its columns.
    pub const ALL: [Status; 4] = [Status::Todo, Status::InProgress, Status::InReview, Status::Done];

    /// What people read: column headings, menu items, emails.
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "To do",
            Status::InProgress => "In progress",
            Status::InReview => "In review",
            Status::Done => "Done",
        }
    }

    /// The stable spelling stored in MySQL and DynamoDB and used in URLs and element ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::InReview => "in_review",
            Status::Done => "done",
        }
    }

    /// Parses the stored spelling (see [`Status::as_str`]).
    pub fn parse(s: &str) -> Result<Status, UnknownStatus> {
        Status::ALL.into_iter().find(|status| status.as_str() == s).ok_or_else(|| UnknownStatus(s.to_owned()))
    }

    /// Position of the column on the board, 0-based.
    pub fn column_index(self) -> usize {
        match self {
            Status::Todo => 0,
            Status::InProgress => 1,
            Status::InReview => 2,
            Status::Done => 3,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {0:?}: expected one of todo, in_progress, in_review, done")]
pub struct UnknownStatus(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_spelling_round_trips() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Ok(status));
        }
    }

    #[test]
    fn labels_are_the_ui_contract_column_names() {
        let labels: Vec<_> = Status::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels, ["To do", "In progress", "In review", "Done"]);
    }

    #[test]
    fn column_index_follows_board_order() {
        for (i, status) in Status::ALL.into_iter().enumerate() {
            assert_eq!(status.column_index(), i);
        }
    }

    #[test]
    fn unknown_spelling_is_refused() {
        assert!(Status::parse("To do").is_err());
        assert!(Status::parse("").is_err());
    }
}
