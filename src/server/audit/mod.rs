//! The audit trail: outbox rows (written with each change, `server::tasks`) are relayed to the
//! DynamoDB audit table, one row per event, hash-chained per task; the task page reads them back.

pub mod chain;
pub mod history;
pub mod record;
pub mod relay;
pub mod table;

pub use record::{record, EventDraft};
pub use table::AuditTables;
