//! Notifications: each new audit row becomes one email per recipient. One handler
//! ([`Notifier::deliver`]) with two drivers: locally the server reads the audit table's stream
//! (`stream`), in AWS a Lambda is fed the stream's records (`lambda_event`).

pub mod claims;
pub mod lambda_event;
pub mod stream;

use crate::{
    domain::audit::AuditEvent,
    server::{audit::AuditTables, emails::notification, mailer::Mailer},
};
use claims::Claim;

#[derive(Clone)]
pub struct Notifier {
    pub mailer: Mailer,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub tables: AuditTables,
    /// For the link to the task (`APP_BASE_URL`).
    pub base_url: String,
}

/// What handling one event did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub already_sent: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("{failed} of {recipients} emails for event {event_id} could not be sent yet: {cause}")]
    Incomplete { event_id: String, failed: usize, recipients: usize, cause: String },
}

impl Notifier {
    /// Emails every recipient of `event` who has not had this email yet. Never the actor.
    /// An `Err` means some emails are still owed: handle the event again later.
    #[tracing::instrument(skip_all, fields(event_id = %event.event_id, task.id = event.task_id), err(level = "debug"))]
    pub async fn deliver(&self, event: &AuditEvent) -> Result<Delivery, DeliveryError> {
        let mut delivery = Delivery::default();
        let mut failures = Vec::new();
        let recipients: Vec<_> = event.recipients.iter().filter(|r| r.user_id != event.actor.id).collect();
        for recipient in &recipients {
            let now = chrono::Utc::now().timestamp();
            match claims::take(&self.dynamodb, &self.tables, &event.event_id, recipient.user_id, now).await {
                Ok(Claim::AlreadySent) => delivery.already_sent += 1,
                Ok(Claim::Busy) => failures.push(format!("{}: being sent elsewhere or parked", recipient.user_id)),
                Err(error) => failures.push(error.to_string()),
                Ok(Claim::Taken) => {
                    let email = notification::render_for(event, recipient, &self.base_url);
                    let (state, detail) = match self.mailer.send(email).await {
                        Ok(message_id) => {
                            delivery.sent += 1;
                            ("sent", message_id)
                        }
                        Err(error) => {
                            failures.push(error.to_string());
                            ("failed", error.to_string())
                        }
                    };
                    if let Err(error) =
                        claims::mark(&self.dynamodb, &self.tables, &event.event_id, recipient.user_id, state, &detail)
                            .await
                    {
                        failures.push(error.to_string());
                    }
                }
            }
        }
        if failures.is_empty() {
            Ok(delivery)
        } else {
            Err(DeliveryError::Incomplete {
                event_id: event.event_id.clone(),
                failed: failures.len(),
                recipients: recipients.len(),
                cause: failures.join("; "),
            })
        }
    }

    /// Gives up on an event after too many tries: its unsent claims are parked (never sent by a
    /// later retry) and it is logged for a person to look at.
    pub async fn park(&self, event: &AuditEvent, why: &str) {
        for recipient in &event.recipients {
            let state = claims::state(&self.dynamodb, &self.tables, &event.event_id, recipient.user_id).await;
            if !matches!(state.as_ref().map(Option::as_deref), Ok(Some("sent"))) {
                let _ =
                    claims::mark(&self.dynamodb, &self.tables, &event.event_id, recipient.user_id, "parked", why).await;
            }
        }
        tracing::error!(event_id = %event.event_id, task_id = event.task_id, why, emails_parked = true, "notification parked after repeated failures");
    }
}
