//! A task's checklist: up to [`CHECKLIST_MAX_ITEMS`] short items in an order. Its person in
//! charge, supervisor and the board's admins tick them; the supervisor and admins add, rename,
//! remove and reorder them. The card shows how many are done ("2/5").

use super::{error::FieldError, message::Message};
use serde::{Deserialize, Serialize};

pub const ITEM_MAX_CHARS: usize = 200;
pub const CHECKLIST_MAX_ITEMS: i64 = 100;

/// An item's text: 1–200 characters on one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemText(String);

impl ItemText {
    pub fn parse(input: &str) -> Result<ItemText, FieldError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(FieldError::new("text", Message::ItemMissing));
        }
        if text.chars().count() > ITEM_MAX_CHARS {
            return Err(FieldError::new("text", Message::TooLong(ITEM_MAX_CHARS)));
        }
        if text.chars().any(char::is_control) {
            return Err(FieldError::new("text", Message::SingleLine));
        }
        Ok(ItemText(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which way a reordered item goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn parse(input: &str) -> Result<Direction, FieldError> {
        match input {
            "up" => Ok(Direction::Up),
            "down" => Ok(Direction::Down),
            _ => Err(FieldError::new("direction", Message::ChooseDirection)),
        }
    }
}

/// An item as the task page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub id: i64,
    pub text: String,
    pub done: bool,
    pub version: i32,
}

/// A task's checklist for one viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
    /// The viewer may tick items (person in charge, supervisor, admins).
    pub can_tick: bool,
    /// The viewer may add, rename, remove and reorder items (supervisor, admins).
    pub can_edit: bool,
}

impl Checklist {
    pub fn done(&self) -> usize {
        self.items.iter().filter(|item| item.done).count()
    }
}
