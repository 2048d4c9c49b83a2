//! What every handler and server fn can reach.

use super::{audit::AuditTables, auth::session_store::MysqlSessionStore, config::Config, db::Db, mailer::Mailer};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub audit_tables: AuditTables,
    /// Wakes the audit relay (`server::audit::relay`) after a write commits.
    pub relay_wakeup: Arc<Notify>,
    pub mailer: Mailer,
    pub sessions: MysqlSessionStore,
    pub config: Arc<Config>,
}

impl AppState {
    /// Call after a write that added an outbox row has committed.
    pub fn wake_relay(&self) {
        self.relay_wakeup.notify_one();
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
