//! The in-app inbox: every event that concerns someone (as its emails would: they supervise
//! the task, are in charge of it, were just taken off it, or are told of a board change), never
//! their own, whatever their email settings. Entries are written with the event
//! (`db::inbox::insert`, from `audit::record`); this reads them in the reader's words.

use crate::{
    domain::{
        audit::{describe, AuditEvent},
        notifications::{InboxEntry, InboxPage, NotificationSettings},
    },
    server::{
        auth::User,
        db::{inbox, schema::users, Db},
        errors::ServerError,
        preferences::RequestPrefs,
    },
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Entries per page of the inbox.
pub const PAGE_SIZE: i64 = 50;

/// A page of `user`'s inbox, newest first, below entry `before` (the newest, without it).
#[tracing::instrument(skip(db, prefs), fields(user.id = user.id), err(level = "debug"))]
pub async fn page(db: &Db, user: &User, before: Option<i64>, prefs: RequestPrefs) -> Result<InboxPage, ServerError> {
    let user_id = user.id;
    let (stored, unread) = db
        .run(move |mut conn| async move {
            // One more than shown, to know whether there is an older page.
            let stored = inbox::newest(&mut conn, user_id, before, PAGE_SIZE + 1).await?;
            let unread = inbox::unread_count(&mut conn, user_id).await?;
            Ok((stored, unread))
        })
        .await?;
    let more = stored.len() as i64 > PAGE_SIZE;
    let entries: Vec<InboxEntry> = stored
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|entry| InboxEntry {
            id: entry.id,
            summary: describe(&entry.event, prefs.locale),
            subject: entry.event.task_title.clone(),
            board_name: entry.event.board.as_ref().map(|board| board.name.clone()).unwrap_or_default(),
            link: link(&entry.event),
            at: prefs.local(entry.event.at),
            unread: !entry.read,
        })
        .collect();
    let older = if more { entries.last().map(|entry| entry.id) } else { None };
    Ok(InboxPage { entries, unread, older, now: prefs.local(chrono::Utc::now().naive_utc()) })
}

/// Where an entry leads: the task, or for a board's own event its members page.
fn link(event: &AuditEvent) -> String {
    match &event.board {
        Some(board) if event.kind.is_board_event() => format!("/boards/{}/members", board.id),
        _ => format!("/tasks/{}", event.task_id),
    }
}

/// The header's count.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn unread(db: &Db, user_id: i64) -> Result<i64, ServerError> {
    Ok(db.run(move |mut conn| async move { inbox::unread_count(&mut conn, user_id).await }).await?)
}

/// Marks `user`'s entries up to `up_to` (the newest the page showed) read.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn mark_read(db: &Db, user_id: i64, up_to: i64) -> Result<usize, ServerError> {
    db.write(move |conn| {
        Box::pin(async move { Ok(inbox::mark_read(conn, user_id, up_to, crate::server::audit::record::now()).await?) })
    })
    .await
}

#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn settings(db: &Db, user_id: i64) -> Result<NotificationSettings, ServerError> {
    let (mode, reminders): (String, bool) = db
        .run(move |mut conn| async move {
            users::table.find(user_id).select((users::email_mode, users::deadline_reminders)).first(&mut conn).await
        })
        .await?;
    Ok(NotificationSettings {
        emails: crate::domain::notifications::EmailMode::parse(&mode).unwrap_or_default(),
        deadline_reminders: reminders,
    })
}

/// Saves `user_id`'s notification settings. Switching to digests starts the first one after
/// what is in the inbox now, which was mailed already.
#[tracing::instrument(skip(db), err(level = "debug"))]
pub async fn save_settings(db: &Db, user_id: i64, settings: NotificationSettings) -> Result<(), ServerError> {
    use crate::domain::notifications::EmailMode;
    db.write(move |conn| {
        Box::pin(async move {
            let before: String = users::table.find(user_id).select(users::email_mode).for_update().first(conn).await?;
            diesel::update(users::table.find(user_id))
                .set((
                    users::email_mode.eq(settings.emails.as_str()),
                    users::deadline_reminders.eq(settings.deadline_reminders),
                ))
                .execute(conn)
                .await?;
            if settings.emails == EmailMode::Digest && before != EmailMode::Digest.as_str() {
                let newest = inbox::newest_id(conn, user_id).await?;
                crate::server::db::morning::set_digest_after(conn, user_id, newest).await?;
            }
            Ok(())
        })
    })
    .await
}
