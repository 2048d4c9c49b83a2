//! Pure types shared by the server and the browser. Nothing here touches I/O.

pub mod board;
pub mod status;

pub use board::{Board, BoardColumn, TaskCard};
pub use status::Status;
