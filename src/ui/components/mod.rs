mod board_column;
mod task_card;

pub use board_column::BoardColumnView;
pub use task_card::TaskCardView;
