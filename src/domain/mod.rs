//! Pure types shared by the server and the browser. Nothing here touches I/O.

pub mod account;
pub mod board;
pub mod error;
pub mod permission;
pub mod status;
pub mod task;

pub use account::{CurrentUser, Email, Password, PersonName};
pub use board::{Board, BoardColumn, TaskCard};
pub use error::{AppError, FieldError, FormErrors};
pub use permission::TaskRoles;
pub use status::Status;
pub use task::{Deadline, Description, TaskTitle};
