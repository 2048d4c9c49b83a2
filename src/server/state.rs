//! What every handler and server fn can reach.

use super::{
    audit::{relay::RelayProgress, AuditTables},
    auth::{password::Hasher, session_store::MysqlSessionStore},
    config::Config,
    db::Db,
    mailer::Mailer,
};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub audit_tables: AuditTables,
    /// The audit relay's rounds, for the task page's history to wait on.
    pub relay_progress: RelayProgress,
    pub mailer: Mailer,
    /// The links emails carry, and checking unsubscribe tokens.
    pub links: super::unsubscribe::Links,
    pub sessions: MysqlSessionStore,
    /// Every Argon2 run goes through it (bounded; see `auth::password`).
    pub hasher: Hasher,
    /// This instance's view of every board's changes, for the live streams.
    pub live: super::live::LiveFeed,
    /// The boards this instance served lately, good until their stamp moves.
    pub board_cache: Arc<super::board_cache::BoardCache>,
    /// `/readyz`'s last answer, reused for a second.
    pub readiness: super::health::ReadinessCache,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
