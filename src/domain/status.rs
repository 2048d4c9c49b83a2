//! A task's status: the board's four columns, in board order.

use crate::i18n::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// In MySQL a status is its stored spelling ([`Status::as_str`]) in a `VARCHAR` column with a
/// CHECK constraint; diesel reads and writes it as this type directly (`sql` below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow))]
#[cfg_attr(feature = "ssr", diesel(sql_type = diesel::sql_types::Text))]
pub enum Status {
    Todo,
    InProgress,
    InReview,
    Done,
}

impl Status {
    /// Every status, in the order the board shows its columns.
    pub const ALL: [Status; 4] = [Status::Todo, Status::InProgress, Status::InReview, Status::Done];

    /// What people read: column headings, menu items, emails (in English, the UI contract's
    /// column names).
    pub fn text(self, locale: Locale) -> &'static str {
        match self {
            Status::Todo => td_string!(locale, board.todo),
            Status::InProgress => td_string!(locale, board.in_progress),
            Status::InReview => td_string!(locale, board.in_review),
            Status::Done => td_string!(locale, board.done),
        }
    }

    /// A status as an audit event recorded it: its stored spelling, or (events recorded before
    /// the catalog, issue 16) its English name.
    pub fn from_event(recorded: &str) -> Option<Status> {
        Status::parse(recorded).ok().or_else(|| Status::ALL.into_iter().find(|s| s.text(Locale::en) == recorded))
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
        f.write_str(self.text(Locale::en))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {0:?}: expected one of todo, in_progress, in_review, done")]
pub struct UnknownStatus(pub String);

/// The column's text is the stored spelling; anything else means code and schema disagree: an
/// error, not a guess.
#[cfg(feature = "ssr")]
mod sql {
    use super::Status;
    use diesel::{
        deserialize::{self, FromSql},
        mysql::{Mysql, MysqlValue},
        serialize::{self, Output, ToSql},
        sql_types::Text,
    };

    impl ToSql<Text, Mysql> for Status {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Mysql>) -> serialize::Result {
            <str as ToSql<Text, Mysql>>::to_sql(self.as_str(), out)
        }
    }

    impl FromSql<Text, Mysql> for Status {
        fn from_sql(value: MysqlValue<'_>) -> deserialize::Result<Self> {
            let text = <String as FromSql<Text, Mysql>>::from_sql(value)?;
            Ok(Status::parse(&text)?)
        }
    }
}

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
    fn english_names_are_the_ui_contract_column_names() {
        let names: Vec<_> = Status::ALL.iter().map(|s| s.text(Locale::en)).collect();
        assert_eq!(names, ["To do", "In progress", "In review", "Done"]);
        let names: Vec<_> = Status::ALL.iter().map(|s| s.text(Locale::ko)).collect();
        assert_eq!(names, ["할 일", "진행 중", "검토 중", "완료"]);
    }

    #[test]
    fn events_name_a_status_by_code_or_by_its_old_english_name() {
        assert_eq!(Status::from_event("in_review"), Some(Status::InReview));
        assert_eq!(Status::from_event("In review"), Some(Status::InReview));
        assert_eq!(Status::from_event("Blocked"), None);
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
