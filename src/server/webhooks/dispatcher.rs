//! Sends each queued webhook delivery (`webhook_deliveries`): a signed JSON POST of the audit
//! event. Every instance runs one; they share the queue through row locks and leases, so each
//! delivery goes out at least once (a receiver tells repeats apart by `Taskboard-Delivery`),
//! a task's events in order, failures again after a growing wait.

use super::address::{self, Allowances, GuardedResolver};
use crate::{
    domain::audit::AuditEvent,
    server::{
        audit::record::now,
        db::{
            webhooks::{self as queries, Claimed, Outcome},
            Db,
        },
        errors::chain,
    },
};
use chrono::{NaiveDateTime, TimeDelta};
use hmac::{KeyInit, Mac};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper_util::{
    client::legacy::{connect::HttpConnector, Client},
    rt::TokioExecutor,
};
use serde::Serialize;
use std::{sync::Arc, time::Duration};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;
type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector<GuardedResolver>>, Full<Bytes>>;

/// Deliveries one round takes.
const BATCH: i64 = 16;
/// How long a taken delivery is this instance's: longer than an attempt can last.
const LEASE: TimeDelta = TimeDelta::seconds(60);
/// How long a receiver has to answer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// The wait between rounds when nothing was due.
const IDLE: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Dispatcher {
    pub db: Db,
    client: HttpsClient,
    allow: Allowances,
}

impl Dispatcher {
    pub fn new(db: Db, allow: Allowances) -> Dispatcher {
        Dispatcher { db, client: client(allow), allow }
    }

    /// Delivers what is due, round after round, until the server stops.
    pub async fn run(self) {
        loop {
            match self.round(now()).await {
                Ok(0) => tokio::time::sleep(IDLE).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %chain(&error), "webhook round failed");
                    tokio::time::sleep(IDLE * 5).await;
                }
            }
        }
    }

    /// One round as of `now`: takes the due deliveries and attempts each (concurrently);
    /// returns how many it attempted. A round with nothing due drops the webhooks of deleted
    /// boards that are done.
    #[tracing::instrument(skip_all, err(level = "debug"))]
    pub async fn round(&self, now: NaiveDateTime) -> Result<usize, crate::server::db::DbError> {
        let claimed = queries::claim_due(&self.db, now, now + LEASE, BATCH).await?;
        let attempts = claimed.len();
        if attempts == 0 {
            let dropped = queries::drop_orphans(&self.db).await?;
            if dropped > 0 {
                tracing::info!(dropped, "webhooks of deleted boards dropped");
            }
        }
        let results = futures_util::future::join_all(claimed.into_iter().map(|delivery| async move {
            let outcome = self.attempt(&delivery).await;
            if let Some(error) = &outcome.error {
                tracing::info!(
                    webhook.id = delivery.webhook_id,
                    attempt = delivery.attempts,
                    error,
                    "webhook delivery failed"
                );
            }
            queries::record_attempt(&self.db, &delivery, outcome, now, backoff(delivery.attempts)).await
        }))
        .await;
        for result in results {
            result?;
        }
        Ok(attempts)
    }

    async fn attempt(&self, delivery: &Claimed) -> Outcome {
        let failed = |error: String| Outcome { status: None, error: Some(error) };
        let Ok(event) = serde_json::from_str::<AuditEvent>(&delivery.payload) else {
            return failed("the event could not be read".to_owned());
        };
        // The URL was checked when added; the host may lead elsewhere now. (Names are checked
        // again as they are resolved; an address written in the URL is checked here.)
        let Ok(url) = address::parse(&delivery.url, self.allow) else {
            return failed("the URL is no longer allowed".to_owned());
        };
        if let Some(ip) = literal_ip(&url) {
            if !self.allow.private_addresses && !address::is_public(ip) {
                return failed("the address is not a public one".to_owned());
            }
        }
        let body = serde_json::to_vec(&WebhookBody::of(&event)).unwrap_or_default();
        let timestamp = chrono::Utc::now().timestamp();
        let request = hyper::Request::post(url.as_str())
            .header("content-type", "application/json")
            .header("user-agent", "Taskboard-Webhooks/1")
            .header("taskboard-event", event.kind.as_str())
            .header("taskboard-delivery", &event.event_id)
            .header("taskboard-signature", signature(&delivery.secret, timestamp, &body))
            .body(Full::new(Bytes::from(body)));
        let Ok(request) = request else { return failed("the request could not be made".to_owned()) };
        match tokio::time::timeout(ATTEMPT_TIMEOUT, self.client.request(request)).await {
            Err(_) => failed(format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs())),
            Ok(Err(error)) => failed(chain(&error)),
            Ok(Ok(response)) => {
                let status = response.status();
                // Read (and drop) a little of the answer so the connection can be reused.
                let _ = tokio::time::timeout(Duration::from_secs(2), response.into_body().collect()).await;
                let error = (!status.is_success()).then(|| format!("the receiver answered {status}"));
                Outcome { status: Some(status.as_u16()), error }
            }
        }
    }
}

/// The wait before attempt `attempts + 1`: 2 s, 4 s, 8 s, … up to an hour.
fn backoff(attempts: i32) -> TimeDelta {
    TimeDelta::seconds(2_i64.saturating_pow(attempts.clamp(1, 12) as u32).min(3600))
}

fn literal_ip(url: &url::Url) -> Option<std::net::IpAddr> {
    match url.host()? {
        url::Host::Ipv4(ip) => Some(ip.into()),
        url::Host::Ipv6(ip) => Some(ip.into()),
        url::Host::Domain(_) => None,
    }
}

/// `Taskboard-Signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}" with the
/// webhook's secret}`: the receiver recomputes it, and refuses an old `t` (a replay).
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The JSON a receiver gets: the event without its recipients' addresses.
#[derive(Serialize)]
struct WebhookBody<'a> {
    id: &'a str,
    kind: &'a str,
    at: chrono::DateTime<chrono::Utc>,
    board: Option<&'a crate::domain::audit::BoardRef>,
    /// Absent for a board's own events (a member joined, a label was added, …).
    task: Option<TaskRef<'a>>,
    actor: &'a crate::domain::Person,
    changes: &'a [crate::domain::audit::FieldChange],
}

#[derive(Serialize)]
struct TaskRef<'a> {
    id: i64,
    title: &'a str,
    /// Its place in the task's history: 1, 2, 3, …
    seq: i32,
}

impl<'a> WebhookBody<'a> {
    fn of(event: &'a AuditEvent) -> WebhookBody<'a> {
        WebhookBody {
            id: &event.event_id,
            kind: event.kind.as_str(),
            at: event.at.and_utc(),
            board: event.board.as_ref(),
            task: (event.task_id > 0).then_some(TaskRef {
                id: event.task_id,
                title: &event.task_title,
                seq: event.seq,
            }),
            actor: &event.actor,
            changes: &event.changes,
        }
    }
}

/// An HTTP(S) client that connects only where [`GuardedResolver`] allows, trusting the
/// system's certificate authorities (as the AWS SDK does).
fn client(allow: Allowances) -> HttpsClient {
    let mut http = HttpConnector::new_with_resolver(GuardedResolver { allow_private: allow.private_addresses });
    http.enforce_http(false);
    http.set_connect_timeout(Some(Duration::from_secs(5)));
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("aws-lc-rs supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Client::builder(TokioExecutor::new()).build(https)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_time_and_the_body() {
        let signed = signature("whsec_test", 1_733_150_000, b"{\"id\":1}");
        assert!(signed.starts_with("t=1733150000,v1="));
        assert_eq!(signed.len(), "t=1733150000,v1=".len() + 64);
        assert_ne!(signed, signature("whsec_test", 1_733_150_001, b"{\"id\":1}"));
        assert_ne!(signed, signature("whsec_test", 1_733_150_000, b"{\"id\":2}"));
        assert_ne!(signed, signature("whsec_other", 1_733_150_000, b"{\"id\":1}"));
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(backoff(1), TimeDelta::seconds(2));
        assert_eq!(backoff(2), TimeDelta::seconds(4));
        assert_eq!(backoff(20), TimeDelta::seconds(3600));
    }
}
