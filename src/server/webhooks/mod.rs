//! A board's webhooks: its admins add and delete them (`/boards/{id}/webhooks`), and every audit
//! event of the board is then POSTed to each, signed (`dispatcher`). Where one may point is
//! `address`'s to say.

pub mod address;
pub mod dispatcher;

use super::{
    audit::record::now,
    auth::User,
    boards::{lock_as_admin, record_event, require_admin},
    db::{webhooks as queries, Db},
    errors::ServerError,
};
use crate::domain::{
    audit::{AuditKind, FieldChange},
    webhook::{WebhookView, WebhooksPage, WEBHOOKS_PER_BOARD_MAX},
    AppError, Message,
};
use address::Allowances;
use rand::Rng as _;

/// The page: the board's webhooks, with their secrets and how delivery goes (admins only:
/// `Forbidden` for other members, `NotFound` for everyone else).
pub async fn page(db: &Db, viewer: &User, board_id: i64) -> Result<WebhooksPage, ServerError> {
    let board = require_admin(db, board_id, viewer.id).await?;
    let webhooks = queries::of_board(db, board_id)
        .await?
        .into_iter()
        .map(|(row, waiting)| WebhookView {
            id: row.id,
            url: row.url,
            secret: row.secret,
            created_at: row.created_at,
            disabled_at: row.disabled_at,
            failures: row.failures,
            last_attempt_at: row.last_attempt_at,
            last_status: row.last_status,
            last_error: row.last_error,
            last_success_at: row.last_success_at,
            waiting,
        })
        .collect();
    Ok(WebhooksPage { board, webhooks })
}

/// Adds a webhook for `url` to board `board_id` (an admin), with a new signing secret. The
/// board's events from now on go to it. A URL that is not https, or whose host is not on the
/// public internet, is refused beside the field.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id), err(level = "debug"))]
pub async fn add(db: &Db, actor: &User, board_id: i64, url: &str, allow: Allowances) -> Result<(), ServerError> {
    // Who asks comes before what they typed: an outsider learns nothing from the answer.
    require_admin(db, board_id, actor.id).await?;
    let invalid = |message: Message| ServerError::from(AppError::invalid("url", message));
    let url = address::parse(url, allow).map_err(invalid)?;
    address::check_destination(&url, allow).await.map_err(invalid)?;
    let random: String = rand::rng().sample_iter(rand::distr::Alphanumeric).take(40).map(char::from).collect();
    let secret = format!("whsec_{random}");
    let actor = super::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            if queries::count_of_board(conn, board_id).await? >= WEBHOOKS_PER_BOARD_MAX {
                return Err(AppError::invalid("url", Message::WebhooksFull).into());
            }
            // In the board's activity, and sent to its other webhooks: recorded before the
            // insert, so the new webhook's first event is the next change, not its own adding.
            let change = FieldChange::new("webhook", None, Some(url.to_string()));
            record_event(conn, &board, AuditKind::WebhookAdded, actor.clone(), vec![change], Vec::new()).await?;
            queries::insert(conn, board_id, url.as_str(), &secret, actor.id, now()).await?;
            Ok(())
        })
    })
    .await?;
    tracing::info!("webhook added");
    Ok(())
}

/// Deletes webhook `id` (an admin of its board), with the deliveries still waiting for it.
/// Returns its board.
#[tracing::instrument(skip(db, actor), fields(user.id = actor.id), err(level = "debug"))]
pub async fn delete(db: &Db, actor: &User, id: i64) -> Result<i64, ServerError> {
    change(db, actor, id, Some(AuditKind::WebhookDeleted), |conn, id| {
        Box::pin(async move { Ok(queries::delete(conn, id).await?) })
    })
    .await
}

/// Switches webhook `id` on again after it was switched off for failing (an admin of its
/// board); what waited for it is delivered from the oldest. Returns its board.
#[tracing::instrument(skip(db, actor), fields(user.id = actor.id), err(level = "debug"))]
pub async fn switch_on(db: &Db, actor: &User, id: i64) -> Result<i64, ServerError> {
    change(db, actor, id, None, |conn, id| Box::pin(async move { Ok(queries::switch_on(conn, id, now()).await?) }))
        .await
}

/// One admin's change to webhook `id`, under its board's lock, recorded in the board's activity
/// as `recorded` (if it is one the activity shows); someone else's webhook (or one gone) is
/// `NotFound`.
async fn change(
    db: &Db,
    actor: &User,
    id: i64,
    recorded: Option<AuditKind>,
    apply: for<'c> fn(&'c mut diesel_async::AsyncMysqlConnection, i64) -> crate::server::db::WriteFuture<'c, ()>,
) -> Result<i64, ServerError> {
    let board_id = queries::board_of(db, id).await?.ok_or(AppError::NotFound)?;
    let actor = super::tasks::person(actor);
    db.write(move |conn| {
        Box::pin(async move {
            let board = lock_as_admin(conn, board_id, actor.id).await?;
            let url = queries::url_on_board(conn, board_id, id).await?.ok_or(AppError::NotFound)?;
            apply(conn, id).await?;
            // After the change: a deleted webhook is not sent its own deletion.
            if let Some(kind) = recorded {
                let change = FieldChange::new("webhook", Some(url), None);
                record_event(conn, &board, kind, actor, vec![change], Vec::new()).await?;
            }
            Ok(board_id)
        })
    })
    .await
}
