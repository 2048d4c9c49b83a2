//! What the board shows: task cards grouped into the four status columns.

use super::{label::Label, Status};
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
    /// The deadline is before today (the server's date when the board was loaded).
    pub past_deadline: bool,
    /// The version a move of this card is based on.
    pub version: i32,
    /// Whether the viewer may move it (supervisor or person in charge): shows the Move menu
    /// and makes the card draggable. The server checks again on every move.
    pub can_move: bool,
    /// Its checklist's items done and in all ("2/5"); `None` without a checklist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<(i16, i16)>,
    /// Its labels, by name, as chips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
}

impl TaskCard {
    /// `today` is passed in so the rule is testable and every card of one board uses one date.
    pub fn is_past(deadline: Option<NaiveDate>, today: NaiveDate) -> bool {
        deadline.is_some_and(|deadline| deadline < today)
    }

    /// A task is overdue when its deadline has passed and it is not Done. A method, not a
    /// field, so a card moved into or out of Done on the page says the right thing at once.
    pub fn overdue(&self) -> bool {
        self.past_deadline && self.status != Status::Done
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: Status,
    /// The top of the column, in order: all of it, or as many cards as the board asked for.
    pub cards: Vec<TaskCard>,
    /// How many tasks the column holds (under the board's filters), shown or not.
    pub total: usize,
}

impl BoardColumn {
    /// Tasks in the column below the cards shown.
    pub fn hidden(&self) -> usize {
        self.total.saturating_sub(self.cards.len())
    }
}

/// What the board page shows: the board's header, its labels (for the "Label" filter) and its
/// columns, read in one go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPage {
    pub header: super::BoardHeader,
    pub labels: Vec<Label>,
    pub board: Board,
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
            Status::ALL.into_iter().map(|status| BoardColumn { status, cards: Vec::new(), total: 0 }).collect();
        for card in cards {
            let column = &mut columns[card.status.column_index()];
            column.cards.push(card);
            column.total += 1;
        }
        Board { columns }
    }

    /// Tasks on the board under its filters, shown or not.
    pub fn task_count(&self) -> usize {
        self.columns.iter().map(|column| column.total).sum()
    }

    pub fn card(&self, id: i64) -> Option<&TaskCard> {
        self.columns.iter().flat_map(|column| &column.cards).find(|card| card.id == id)
    }

    pub fn card_mut(&mut self, id: i64) -> Option<&mut TaskCard> {
        self.columns.iter_mut().flat_map(|column| &mut column.cards).find(|card| card.id == id)
    }

    /// Moves a card into column `to`, just before card `before` (or to the end when `before`
    /// is `None` or not in that column) — what the page shows at once, before the server
    /// answers. Returns where the card was (its column and the card after it), so a refused
    /// move can be undone with another `move_card`; `None` if there is no such card.
    pub fn move_card(&mut self, id: i64, to: Status, before: Option<i64>) -> Option<(Status, Option<i64>)> {
        let (from, index) = self
            .columns
            .iter()
            .enumerate()
            .find_map(|(c, column)| column.cards.iter().position(|card| card.id == id).map(|index| (c, index)))?;
        let old_place = (self.columns[from].status, self.columns[from].cards.get(index + 1).map(|card| card.id));
        let mut card = self.columns[from].cards.remove(index);
        self.columns[from].total -= 1;
        card.status = to;
        self.columns[to.column_index()].total += 1;
        let cards = &mut self.columns[to.column_index()].cards;
        let at = before.and_then(|b| cards.iter().position(|card| card.id == b)).unwrap_or(cards.len());
        cards.insert(at, card);
        Some(old_place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, status: Status) -> TaskCard {
        TaskCard {
            id,
            title: format!("task {id}"),
            status,
            pic_name: None,
            deadline: None,
            past_deadline: false,
            version: 1,
            can_move: false,
            checklist: None,
            labels: Vec::new(),
        }
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
        let past =
            TaskCard { past_deadline: TaskCard::is_past(Some(date("2026-11-25")), today), ..card(1, Status::Todo) };
        assert!(past.overdue());
        assert!(TaskCard { status: Status::InReview, ..past.clone() }.overdue());
        assert!(!TaskCard { status: Status::Done, ..past }.overdue());
    }

    #[test]
    fn deadline_today_or_later_or_none_is_not_past() {
        let today = date("2026-11-26");
        assert!(!TaskCard::is_past(Some(today), today));
        assert!(!TaskCard::is_past(Some(date("2027-01-01")), today));
        assert!(!TaskCard::is_past(None, today));
    }

    fn ids(board: &Board, status: Status) -> Vec<i64> {
        board.columns[status.column_index()].cards.iter().map(|c| c.id).collect()
    }

    #[test]
    fn a_card_moves_before_another_or_to_the_end() {
        let mut board = Board::from_cards([
            card(1, Status::Todo),
            card(2, Status::Todo),
            card(3, Status::Done),
            card(4, Status::Done),
        ]);
        assert_eq!(board.move_card(1, Status::Done, Some(4)), Some((Status::Todo, Some(2))));
        assert_eq!(ids(&board, Status::Done), [3, 1, 4]);
        assert_eq!(board.card(1).unwrap().status, Status::Done);
        board.move_card(2, Status::Done, None);
        assert_eq!(ids(&board, Status::Done), [3, 1, 4, 2]);
        assert!(ids(&board, Status::Todo).is_empty());
        assert_eq!(board.move_card(99, Status::Todo, None), None);
        let totals: Vec<usize> = board.columns.iter().map(|c| c.total).collect();
        assert_eq!(totals, [0, 0, 0, 4], "a move carries the count along");
    }

    #[test]
    fn a_column_showing_only_its_top_counts_the_rest_as_hidden() {
        let mut board = Board::from_cards([card(1, Status::Todo), card(2, Status::Todo)]);
        board.columns[0].total = 120;
        assert_eq!(board.columns[0].hidden(), 118);
        assert_eq!(board.task_count(), 120);
        board.move_card(1, Status::Done, None);
        assert_eq!((board.columns[0].total, board.columns[0].hidden()), (119, 118));
        assert_eq!(board.columns[3].total, 1);
    }

    #[test]
    fn a_move_is_undone_by_moving_back_to_where_it_was() {
        let cards = [card(1, Status::Todo), card(2, Status::Todo), card(3, Status::Todo), card(4, Status::InReview)];
        let mut board = Board::from_cards(cards.clone());
        let (status, before) = board.move_card(2, Status::InReview, Some(4)).unwrap();
        board.move_card(2, status, before);
        assert_eq!(board, Board::from_cards(cards));
    }

    #[test]
    fn reordering_within_a_column_keeps_the_other_cards_in_order() {
        let mut board = Board::from_cards([card(1, Status::Todo), card(2, Status::Todo), card(3, Status::Todo)]);
        board.move_card(3, Status::Todo, Some(1));
        assert_eq!(ids(&board, Status::Todo), [3, 1, 2]);
    }
}
