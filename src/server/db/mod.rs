//! MySQL through diesel-async: the schema, the pool and the queries, one file per resource.

pub mod board;
pub mod boards;
pub mod checklist;
pub mod checkpoints;
pub mod comments;
pub mod connect;
pub mod email_verifications;
pub mod inbox;
pub mod invitations;
pub mod labels;
pub mod migrations;
pub mod morning;
pub mod outbox;
pub mod password_resets;
pub mod pool;
pub mod schema;
pub mod tasks;
pub mod trash;
pub mod users;

pub use pool::{Db, DbError, WriteFuture};
