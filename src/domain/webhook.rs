//! A board's webhooks as its admins see them on `/boards/{id}/webhooks`.

use super::BoardInfo;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The most webhooks one board keeps.
pub const WEBHOOKS_PER_BOARD_MAX: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    /// The key of its signatures, for the receiver to check them with.
    pub secret: String,
    pub created_at: NaiveDateTime,
    /// Switched off after too many failures in a row (its events wait until it is on again).
    pub disabled_at: Option<NaiveDateTime>,
    /// Failed attempts since the last success.
    pub failures: i32,
    /// The last attempt: when, the receiver's HTTP status (none if it could not be reached),
    /// and what went wrong.
    pub last_attempt_at: Option<NaiveDateTime>,
    pub last_status: Option<i16>,
    pub last_error: Option<String>,
    pub last_success_at: Option<NaiveDateTime>,
    /// Events waiting to be delivered.
    pub waiting: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksPage {
    pub board: BoardInfo,
    pub webhooks: Vec<WebhookView>,
}
