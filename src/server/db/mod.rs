//! MySQL through diesel-async: the schema, the pool and the queries, one file per resource.

pub mod api_tokens;
pub mod board;
pub mod boards;
pub mod checklist;
pub mod checkpoints;
pub mod comments;
pub mod connect;
pub mod csv_imports;
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
pub mod task_list;
pub mod tasks;
pub mod trash;
pub mod users;
pub mod webhooks;

pub use pool::{Db, DbError, WriteFuture};
