//! What the board shows: task cards grouped into the four status columns.

use super::Status;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One card on the board: just what the card shows, not the whole task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCard {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub pic_name: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub overdue: bool,
}

impl TaskCard {
    /// A task is overdue when its deadline has passed and it is not Done.
    /// `today` is passed in so the rule is testable and every card of one board uses one date.
    pub fn is_overdue(deadline: Option<NaiveDate>, status: Status, today: NaiveDate) -> bool {
        status != Status::Done && deadline.is_some_and(|deadline| deadline < today)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: Status,
    pub cards: Vec<TaskCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// Always four columns, in [`Status::ALL`] order, even when empty.
    pub columns: Vec<BoardColumn>,
}

impl Board {
    /// Groups cards into columns, keeping the order they arrive in within each column
    /// (the query sorts them by their position).
    pub fn from_cards(cards: impl IntoIterator<Item = TaskCard>) -> Board {
        let mut columns: Vec<BoardColumn> =
            Status::ALL.into_iter().map(|status| BoardColumn { status, cards: Vec::new() }).collect();
        for card in cards {
            columns[card.status.column_index()].cards.push(card);
        }
        Board { columns }
    }

    pub fn task_count(&self) -> usize {
        self.columns.iter().map(|column| column.cards.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, status: Status) -> TaskCard {
        TaskCard { id, title: format!("task {id}"), status, pic_name: None, deadline: None, overdue: false }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn empty_board_still_has_four_columns_in_order() {
        let board = Board::from_cards([]);
        let statuses: Vec<_> = board.columns.iter().map(|c| c.status).collect();
        assert_eq!(statuses, Status::ALL);
        assert_eq!(board.task_count(), 0);
    }

    #[test]
    fn cards_land_in_their_column_keeping_order() {
        let board = Board::from_cards([
            card(1, Status::Done),
            card(2, Status::Todo),
            card(3, Status::Done),
            card(4, Status::InReview),
        ]);
        let ids = |i: usize| board.columns[i].cards.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(0), [2]);
        assert_eq!(ids(1), Vec::<i64>::new());
        assert_eq!(ids(2), [4]);
        assert_eq!(ids(3), [1, 3]);
        assert_eq!(board.task_count(), 4);
    }

    #[test]
    fn past_deadline_is_overdue_unless_done() {
        let today = date("2026-11-26");
        let yesterday = Some(date("2026-11-25"));
        assert!(TaskCard::is_overdue(yesterday, Status::Todo, today));
        assert!(TaskCard::is_overdue(yesterday, Status::InReview, today));
        assert!(!TaskCard::is_overdue(yesterday, Status::Done, today));
    }

    #[test]
    fn deadline_today_or_later_or_none_is_not_overdue() {
        let today = date("2026-11-26");
        assert!(!TaskCard::is_overdue(Some(today), Status::Todo, today));
        assert!(!TaskCard::is_overdue(Some(date("2027-01-01")), Status::Todo, today));
        assert!(!TaskCard::is_overdue(None, Status::Todo, today));
    }
}
