//! What every handler and server fn can reach.

use super::{auth::session_store::MysqlSessionStore, config::Config, db::Db, mailer::Mailer};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub mailer: Mailer,
    pub sessions: MysqlSessionStore,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
