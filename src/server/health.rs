//! `/healthz` (the process is alive) and `/readyz` (it can do its job: MySQL and DynamoDB answer).
//! The load balancer routes traffic by `/readyz`; the container runtime restarts on `/healthz`.

use super::{db::Db, AppState};
use axum::{extract::State, http::StatusCode, Json};
use diesel_async::RunQueryDsl;
use serde::Serialize;
use std::{sync::Arc, time::Duration};

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

/// How long one readiness check answers for: however often `/readyz` is asked, MySQL and
/// DynamoDB are asked at most once per this.
const READINESS_REUSED_FOR: Duration = Duration::from_secs(1);

/// The last readiness check's answer, and when it was made.
#[derive(Clone, Default)]
pub struct ReadinessCache(Arc<tokio::sync::Mutex<Option<(tokio::time::Instant, bool, bool)>>>);

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    // Held across the check: concurrent probes wait for one check instead of each making one.
    let mut last = state.readiness.0.lock().await;
    let (mysql, dynamodb) = match *last {
        Some((at, mysql, dynamodb)) if at.elapsed() < READINESS_REUSED_FOR => (mysql, dynamodb),
        _ => {
            let (mysql, dynamodb) = tokio::join!(check_mysql(&state.db), check_dynamodb(&state.dynamodb));
            *last = Some((tokio::time::Instant::now(), mysql, dynamodb));
            (mysql, dynamodb)
        }
    };
    drop(last);
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

/// The container's own health check (`taskboard healthcheck`, Docker's `HEALTHCHECK`): asks this
/// server's `/healthz` over loopback, so the runtime image needs no curl. `listen_addr` is the
/// server's `LISTEN_ADDR`; an unspecified host (0.0.0.0) is reached at 127.0.0.1.
pub async fn probe(listen_addr: std::net::SocketAddr) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut target = listen_addr;
    if target.ip().is_unspecified() {
        target.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let exchange = async {
        let mut stream =
            tokio::net::TcpStream::connect(target).await.map_err(|e| format!("connect to {target}: {e}"))?;
        stream
            .write_all(format!("GET /healthz HTTP/1.0\r\nHost: {target}\r\n\r\n").as_bytes())
            .await
            .map_err(|e| format!("send: {e}"))?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned())
    };
    let status_line = tokio::time::timeout(READINESS_CHECK_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{target} did not answer within {READINESS_CHECK_TIMEOUT:?}"))??;
    if status_line.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        Err(format!("/healthz answered {status_line:?}"))
    }
}
