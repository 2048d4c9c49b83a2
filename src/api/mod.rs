//! Server functions: the one seam between the browser and the server. Each one is thin:
//! authenticate, parse input into domain types, call `server/`, map errors.

pub mod auth;
pub mod board;
pub mod tasks;
