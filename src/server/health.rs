//! `/healthz` (the process is alive) and `/readyz` (it can do its job: MySQL and DynamoDB answer).
//! The load balancer routes traffic by `/readyz`; the container runtime restarts on `/healthz`.

use super::{db::Db, AppState};
use axum::{extract::State, http::StatusCode, Json};
use diesel_async::RunQueryDsl;
use serde::Serialize;
use std::time::Duration;

/// A dependency that takes longer than this to answer counts as down.
const READINESS_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz() -> &'static str {
    "ok"
}

#[derive(Debug, Serialize)]
pub struct Readiness {
    pub mysql: &'static str,
    pub dynamodb: &'static str,
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let (mysql, dynamodb) = tokio::join!(check_mysql(&state.db), check_dynamodb(&state.dynamodb));
    let status = if mysql && dynamodb { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    (status, Json(Readiness { mysql: word(mysql), dynamodb: word(dynamodb) }))
}

async fn check_mysql(db: &Db) -> bool {
    let ping = db.run(|mut conn| async move { diesel::sql_query("SELECT 1").execute(&mut conn).await });
    match tokio::time::timeout(READINESS_CHECK_TIMEOUT, ping).await {
        Ok(Ok(_)) => true,
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "readiness: MySQL check failed");
            false
        }
        Err(_) => {
            tracing::warn!("readiness: MySQL did not answer in time");
            false
        }
    }
}

async fn check_dynamodb(client: &aws_sdk_dynamodb::Client) -> bool {
    let ping = client.list_tables().limit(1).send();
    match tokio::time::timeout(READINESS_CHECK_TIMEOUT, ping).await {
        Ok(Ok(_)) => true,
        Ok(Err(error)) => {
            tracing::warn!(error = %aws_sdk_dynamodb::error::DisplayErrorContext(&error), "readiness: DynamoDB check failed");
            false
        }
        Err(_) => {
            tracing::warn!("readiness: DynamoDB did not answer in time");
            false
        }
    }
}
