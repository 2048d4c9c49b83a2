//! Moving cards on the board: the card moves on the page at once, the server is asked, and a
//! refused move puts the card back with a message. Shared by the Move menu and drag-and-drop
//! through context.

use crate::{
    api::{board::load_board, tasks::move_task},
    domain::{live::LiveChange, AppError, Board, BoardFilter, Status, CARDS_PER_PAGE},
    i18n::*,
};
use leptos::{prelude::*, task::spawn_local};

#[derive(Clone, Copy)]
pub struct BoardMoves {
    /// The board as the page shows it, moves included.
    pub board: RwSignal<Board>,
    /// Read out by the board's polite live region.
    pub announcement: RwSignal<String>,
    /// Why the last move was refused, shown as an alert.
    pub problem: RwSignal<Option<String>>,
    /// The card being dragged, and where it would land: its column and the card it would go
    /// before (`None`: the end of the column).
    pub dragging: RwSignal<Option<i64>>,
    pub drop_target: RwSignal<Option<(Status, Option<i64>)>>,
    /// The board and the filters it was loaded with (and how many cards of each column), to
    /// load it again after a conflict (the page's copy is then out of date) or with more cards.
    pub board_id: i64,
    pub filter: RwSignal<BoardFilter>,
    /// A page of a long column is being loaded (`show_more`).
    loading_more: StoredValue<bool>,
    /// The card just created (when the board opens) or just changed by someone else (live),
    /// highlighted.
    pub highlight: RwSignal<Option<i64>>,
    /// Moves sent and not answered yet: a live refresh waits for them, or it could show a card
    /// back where it was before this page moved it.
    in_flight: StoredValue<u32>,
    /// A refresh was held back by a move in flight; it runs when the move is answered.
    stale: StoredValue<bool>,
    /// The language the announcements are made in.
    pub locale: Locale,
}

impl BoardMoves {
    pub fn new(board_id: i64, board: Board, filter: BoardFilter, highlight: Option<i64>, locale: Locale) -> BoardMoves {
        BoardMoves {
            board_id,
            highlight: RwSignal::new(highlight),
            in_flight: StoredValue::new(0),
            stale: StoredValue::new(false),
            locale,
            board: RwSignal::new(board),
            announcement: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            dragging: RwSignal::new(None),
            drop_target: RwSignal::new(None),
            filter: RwSignal::new(filter),
            loading_more: StoredValue::new(false),
        }
    }

    /// Moves card `id` into column `to`, before card `before` (or to the end).
    pub fn move_card(self, id: i64, to: Status, before: Option<i64>) {
        if before == Some(id) {
            return;
        }
        let Some((title, version)) = self.board.with_untracked(|b| b.card(id).map(|c| (c.title.clone(), c.version)))
        else {
            return;
        };
        let Some(Some(undo)) = self.board.try_update(|b| b.move_card(id, to, before)) else { return };
        if undo == (to, before) {
            return; // Dropped where it already was.
        }
        self.problem.set(None);
        self.in_flight.update_value(|n| *n += 1);
        spawn_local(async move {
            let answer = move_task(id, version, to.as_str().to_owned(), before).await;
            self.in_flight.update_value(|n| *n -= 1);
            if self.in_flight.get_value() == 0 && self.stale.get_value() {
                self.stale.set_value(false);
                self.refresh(None);
            }
            match answer {
                Ok(new_version) => {
                    self.board.update(|b| {
                        if let Some(card) = b.card_mut(id) {
                            card.version = new_version;
                        }
                    });
                    let column = to.text(self.locale);
                    self.announcement
                        .set(td_string!(self.locale, board.moved, title = &title, column = column).to_string());
                }
                Err(error) => {
                    self.board.update(|b| {
                        b.move_card(id, undo.0, undo.1);
                    });
                    let reason = error.text(self.locale);
                    self.problem.set(Some(
                        td_string!(self.locale, board.not_moved, title = &title, reason = reason).to_string(),
                    ));
                    if matches!(error, AppError::Conflict(_)) {
                        // Where the cards really are now; if this fails too, the message
                        // above already says what happened.
                        if let Ok(page) = load_board(self.board_id, self.filter.get_untracked()).await {
                            self.board.set(page.board);
                        }
                    }
                }
            }
        });
    }

    /// The next page of column `status`, loaded in place (the column's end came into view, or
    /// its "Show more" link was followed); the address bar follows, so a reload shows as much.
    pub fn show_more(self, status: Status) {
        if self.loading_more.get_value() || self.in_flight.get_value() > 0 {
            return;
        }
        self.loading_more.set_value(true);
        let filter = self.filter.get_untracked().show_more(status, CARDS_PER_PAGE);
        spawn_local(async move {
            let loaded = load_board(self.board_id, filter.clone()).await;
            self.loading_more.set_value(false);
            if let Ok(page) = loaded {
                crate::ui::dom::replace_query(&filter.to_query());
                self.filter.set(filter);
                self.board.set(page.board);
            }
        });
    }

    /// The first card of column `status`, as the page shows it.
    pub fn first_card(self, status: Status) -> Option<i64> {
        self.board.with_untracked(|board| board.columns[status.column_index()].cards.first().map(|card| card.id))
    }

    /// Loads the board again after a change someone made (`live::follow`), then highlights and
    /// announces it if it changed what this page shows. Waits while a move of this page's is
    /// in flight.
    pub fn refresh(self, change: Option<(LiveChange, Option<String>)>) {
        if self.in_flight.get_value() > 0 {
            self.stale.set_value(true);
            return;
        }
        spawn_local(async move {
            let Ok(page) = load_board(self.board_id, self.filter.get_untracked()).await else { return };
            if self.in_flight.get_value() > 0 {
                self.stale.set_value(true);
                return;
            }
            let before = self.board.get_untracked();
            self.board.set(page.board);
            if let Some((change, actor)) = change {
                let said = self.board.with_untracked(|after| {
                    crate::ui::live::announcement(self.locale, &change, actor.as_deref(), &before, after)
                });
                if let Some(text) = said {
                    self.highlight.set(Some(change.task_id));
                    self.announcement.set(text);
                }
            }
        });
    }

    /// Drops the dragged card where the pointer last pointed.
    pub fn drop_dragged(self) {
        let (Some(id), Some((status, before))) = (self.dragging.get_untracked(), self.drop_target.get_untracked())
        else {
            return;
        };
        self.dragging.set(None);
        self.drop_target.set(None);
        self.move_card(id, status, before);
    }
}
