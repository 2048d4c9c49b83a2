mod board_column;
mod form;
mod form_field;
mod task_card;

pub use board_column::BoardColumnView;
pub use form::{FormCard, FormMessage, LoadError, SubmitButton};
pub use form_field::{Control, FormField};
pub use task_card::TaskCardView;
