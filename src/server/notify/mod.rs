//! Notifications. Each audit row is folded into the bursts of the people it concerns
//! ([`bursts::Bursts::fold`]) by one of two drivers: locally the server reads the audit table's
//! stream (`stream`), in AWS a Lambda is fed the stream's records (`lambda_event`). Every
//! instance then sweeps the bursts whose window has passed and sends each as one email
//! ([`Notifier::sweep`]), claimed first so nobody gets it twice.

pub mod bursts;
pub mod claims;
pub mod lambda_event;
pub mod stream;

use crate::server::{
    audit::AuditTables,
    db::{tasks::mailed_each_change, Db, DbError},
    emails::notification,
    mailer::Mailer,
    unsubscribe::Links,
};
use bursts::{Burst, BurstError, Bursts};
use chrono::{DateTime, Utc};
use claims::Claim;
use std::time::Duration;

/// How often each instance looks for bursts that are due: one small query of the `due` index,
/// so an email goes out within a second of its window closing.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(1);
/// Bursts taken per sweep request.
const SWEEP_PAGE: i32 = 100;
/// Failed sends of one burst before it is given up (parked) and logged: with the pauses of
/// [`retry_pause`], about a quarter of an hour.
pub const BURST_MAX_ATTEMPTS: u32 = 12;

#[derive(Clone)]
pub struct Notifier {
    /// To check, as a burst goes out, that its recipient still wants it.
    pub db: Db,
    pub mailer: Mailer,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub tables: AuditTables,
    pub bursts: Bursts,
    /// The links in the emails: the task, and unsubscribing.
    pub links: Links,
}

/// What one sweep did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sent: usize,
    pub already_sent: usize,
    /// Left for a later sweep: sending failed, or another instance is sending it.
    pub failed: usize,
    pub parked: usize,
    /// Not sent: since the burst began its recipient turned these emails off, left the board
    /// or was deactivated.
    pub dropped: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Bursts(#[from] BurstError),
    #[error(transparent)]
    Claims(#[from] claims::ClaimError),
    #[error("the database failed")]
    Db(#[from] DbError),
}

impl Notifier {
    /// Sends every burst due at `now` (the clock is a parameter, so tests need not wait out
    /// the window). Passes over the `due` index until it finds nothing more to do.
    #[tracing::instrument(name = "notification_sweep", skip_all, err(level = "debug"))]
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<Swept, SweepError> {
        let mut swept = Swept::default();
        loop {
            let due = self.bursts.due(now.timestamp(), SWEEP_PAGE).await?;
            let mut progressed = false;
            for id in &due {
                let Some(burst) = self.bursts.seal(id).await? else { continue };
                match self.send(&burst, now).await? {
                    Outcome::Mailed => swept.sent += 1,
                    Outcome::MailedBefore => swept.already_sent += 1,
                    Outcome::Postponed => swept.failed += 1,
                    Outcome::GivenUp => swept.parked += 1,
                    Outcome::Dropped => swept.dropped += 1,
                }
                progressed = true;
            }
            // A failed burst is due again later, so a page of them cannot loop here.
            if due.len() < SWEEP_PAGE as usize || !progressed || swept.failed > 0 {
                return Ok(swept);
            }
        }
    }

    #[tracing::instrument(skip_all, fields(burst = %burst.id, user.id = burst.recipient.user_id, events = burst.events.len()))]
    async fn send(&self, burst: &Burst, now: DateTime<Utc>) -> Result<Outcome, SweepError> {
        let user_id = burst.recipient.user_id;
        // The recipients were worked out when the first change was made; by now (up to the
        // window later) someone may have switched to digests, unsubscribed or left the board.
        if let Some(board_id) = burst.events.first().and_then(|event| event.board.as_ref()).map(|board| board.id) {
            let wanted = self
                .db
                .run(move |mut conn| async move { mailed_each_change(&mut conn, user_id, board_id).await })
                .await?;
            if !wanted {
                self.bursts.finish(&burst.id, now.timestamp()).await?;
                tracing::info!("notification dropped: its recipient no longer gets these emails");
                return Ok(Outcome::Dropped);
            }
        }
        match claims::take(&self.dynamodb, &self.tables, &burst.id, user_id, now.timestamp()).await? {
            Claim::AlreadySent => {
                self.bursts.finish(&burst.id, now.timestamp()).await?;
                return Ok(Outcome::MailedBefore);
            }
            // Someone else is sending it; if they die, the claim's lease runs out and a later
            // sweep takes it.
            Claim::Busy => return Ok(Outcome::Postponed),
            Claim::Taken => {}
        }
        let email = notification::render_for(&burst.events, &burst.recipient, &self.links);
        match self.mailer.send(email).await {
            Ok(message_id) => {
                claims::mark(&self.dynamodb, &self.tables, &burst.id, user_id, "sent", &message_id).await?;
                self.bursts.finish(&burst.id, now.timestamp()).await?;
                let first = burst.events.first().map(|event| event.at);
                tracing::info!(
                    emails_sent = 1,
                    notify_lag_ms = first.map(|at| (now.naive_utc() - at).num_milliseconds()),
                    "notification sent"
                );
                Ok(Outcome::Mailed)
            }
            Err(error) if burst.attempts + 1 >= BURST_MAX_ATTEMPTS => {
                claims::mark(&self.dynamodb, &self.tables, &burst.id, user_id, "parked", &error.to_string()).await?;
                self.bursts.finish(&burst.id, now.timestamp()).await?;
                tracing::error!(error = %error, emails_parked = true, "notification parked after repeated failures");
                Ok(Outcome::GivenUp)
            }
            Err(error) => {
                claims::mark(&self.dynamodb, &self.tables, &burst.id, user_id, "failed", &error.to_string()).await?;
                let again = now + retry_pause(burst.attempts + 1);
                self.bursts.retry_at(&burst.id, again.timestamp()).await?;
                tracing::warn!(error = %error, attempt = burst.attempts + 1, emails_failed = true, "notification failed; will retry");
                Ok(Outcome::Postponed)
            }
        }
    }

    /// Runs until the task is aborted: a sweep every [`SWEEP_INTERVAL`].
    pub async fn run(self) {
        loop {
            if let Err(error) = self.sweep(Utc::now()).await {
                tracing::warn!(error = %crate::server::errors::chain(&error), "sweeping notification bursts failed");
            }
            tokio::time::sleep(SWEEP_INTERVAL).await;
        }
    }
}

/// What became of one burst.
enum Outcome {
    Mailed,
    MailedBefore,
    Postponed,
    GivenUp,
    Dropped,
}

/// The pause before a failed burst is tried again: 10 s, doubling, at most two minutes.
pub fn retry_pause(attempt: u32) -> chrono::Duration {
    chrono::Duration::seconds((10 * 2i64.pow(attempt.saturating_sub(1).min(6))).min(120))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_up_to_two_minutes() {
        assert_eq!(retry_pause(1).num_seconds(), 10);
        assert_eq!(retry_pause(2).num_seconds(), 20);
        assert_eq!(retry_pause(4).num_seconds(), 80);
        assert_eq!(retry_pause(12).num_seconds(), 120);
        let total: i64 = (1..BURST_MAX_ATTEMPTS).map(|a| retry_pause(a).num_seconds()).sum();
        assert!((600..=1_500).contains(&total), "{total} s before a burst is parked");
    }
}
