mod alert;
mod back_link;
mod board_column;
mod form;
mod form_field;
mod history_list;
mod server_form;
mod task_card;

pub use alert::{Alert, Button, ButtonStyle, Tone};
pub use back_link::BackToBoard;
pub use board_column::BoardColumnView;
pub use form::{FormCard, FormMessage, LoadError, SubmitButton};
pub use form_field::{Choice, Control, Field, FormField};
pub use history_list::HistoryList;
pub use server_form::{FormSpec, ServerForm};
pub use task_card::TaskCardView;
