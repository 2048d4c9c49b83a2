//! The morning run. At 08:00 on each person's clock (or the first run after, if no instance was
//! up then), one instance — whichever claims that person's day first (`users.morning_on`), no
//! leader election — queues in the same transaction their daily digest (one email per board
//! with what changed since the last one, for those who chose digests) and their deadline
//! reminder (one email listing the tasks they answer for that are due tomorrow or became
//! overdue today; `reminders`' key allows one per task, person and date). The queued emails
//! are then sent by any instance, each taken with a lease so it goes out once.
//!
//! Every instance runs it each minute ([`Morning::run`]); the clock is a parameter of each step,
//! so tests move it instead of waiting.

use crate::{
    domain::{audit::Recipient, notifications::EmailMode},
    i18n::Locale,
    server::{
        db::{inbox, morning as queries, Db},
        emails::{digest, reminder},
        errors::{chain, ServerError},
        mailer::{Email, Mailer},
        preferences::time_zone,
        unsubscribe::Links,
    },
};
use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use std::time::Duration;

/// The hour on each person's clock their morning emails are made.
pub const MORNING_HOUR: u32 = 8;
const RUN_INTERVAL: Duration = Duration::from_secs(60);
/// People whose morning is claimed per zone per run; the next run takes the rest.
const CLAIMS_PER_ZONE: i64 = 500;
/// How long a sender may take before another may take its email over.
const SEND_LEASE: chrono::Duration = chrono::Duration::minutes(2);
const SEND_ATTEMPTS: i32 = 12;

#[derive(Clone)]
pub struct Morning {
    pub db: Db,
    pub mailer: Mailer,
    pub links: Links,
}

/// What one step did, for logs and tests.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MorningRun {
    /// People whose morning this instance claimed.
    pub claimed: usize,
    pub digests: usize,
    pub reminders: usize,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sending {
    pub sent: usize,
    /// Nothing to say any more (the person turned the emails off, or left, since).
    pub skipped: usize,
    pub failed: usize,
}

impl Morning {
    pub async fn run(self) {
        loop {
            let now = Utc::now();
            match self.plan(now).await {
                Ok(run) if run.claimed > 0 => tracing::info!(?run, "morning emails queued"),
                Ok(_) => {}
                Err(error) => tracing::warn!(error = %chain(&error), "the morning run failed"),
            }
            if let Err(error) = self.send_due(now).await {
                tracing::warn!(error = %chain(&error), "sending morning emails failed");
            }
            tokio::time::sleep(RUN_INTERVAL).await;
        }
    }

    /// Claims and queues the morning of everyone whose 08:00 has come by `now`.
    #[tracing::instrument(name = "morning_plan", skip(self), err(level = "debug"))]
    pub async fn plan(&self, now: DateTime<Utc>) -> Result<MorningRun, ServerError> {
        let zones = self.db.run(|mut conn| async move { queries::zones(&mut conn).await }).await?;
        let mut run = MorningRun::default();
        for zone in zones {
            let local = now.with_timezone(&time_zone(&zone));
            if local.hour() < MORNING_HOUR {
                continue;
            }
            let today = local.date_naive();
            let waiting = self
                .db
                .run(move |mut conn| async move { queries::waiting(&mut conn, &zone, today, CLAIMS_PER_ZONE).await })
                .await?;
            for user_id in waiting {
                let one = self.plan_one(user_id, today).await?;
                run.claimed += one.claimed;
                run.digests += one.digests;
                run.reminders += one.reminders;
            }
        }
        Ok(run)
    }

    /// One person's morning, in one transaction: the claim and what it queues stand or fall
    /// together, so a crash in between leaves the day to be claimed again.
    async fn plan_one(&self, user_id: i64, today: NaiveDate) -> Result<MorningRun, ServerError> {
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let mut run = MorningRun::default();
                    if !queries::claim(conn, user_id, today).await? {
                        return Ok(run); // Another instance was first.
                    }
                    run.claimed = 1;
                    let Some(person) = queries::person(conn, user_id).await? else { return Ok(run) };
                    let newest = inbox::newest_id(conn, user_id).await?;
                    let mailable = person.verified && person.active;
                    if mailable && person.email_mode == EmailMode::Digest.as_str() {
                        for (board_id, first, last) in inbox::boards_after(conn, user_id, person.digest_after).await? {
                            run.digests +=
                                queries::queue(conn, "digest", user_id, today, board_id, (first, last)).await?;
                        }
                    }
                    // Whatever the setting, the next digest starts after what is here now.
                    queries::set_digest_after(conn, user_id, newest).await?;
                    if mailable && person.deadline_reminders {
                        let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
                        let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
                        let mut any = false;
                        for (task_id, deadline) in queries::deadlines(conn, user_id, &[tomorrow, yesterday]).await? {
                            let kind = if deadline == tomorrow { "tomorrow" } else { "overdue" };
                            any |= queries::remind(conn, task_id, user_id, today, kind).await?;
                        }
                        if any {
                            run.reminders += queries::queue(conn, "reminder", user_id, today, 0, (0, 0)).await?;
                        }
                    }
                    Ok(run)
                })
            })
            .await
    }

    /// Sends the queued emails (each taken with a lease first).
    #[tracing::instrument(name = "morning_send", skip(self), err(level = "debug"))]
    pub async fn send_due(&self, now: DateTime<Utc>) -> Result<Sending, ServerError> {
        let now = now.naive_utc();
        let due = self.db.run(move |mut conn| async move { queries::due(&mut conn, now, 100).await }).await?;
        let mut sending = Sending::default();
        for queued in due {
            let id = queued.id;
            let taken = self
                .db
                .run(move |mut conn| async move { queries::take(&mut conn, id, now, now + SEND_LEASE).await })
                .await?;
            if !taken {
                continue;
            }
            let email = self.render(&queued).await?;
            let (state, failed, detail) = match email {
                None => {
                    sending.skipped += 1;
                    ("sent", false, "nothing to send".to_owned())
                }
                Some(email) => match self.mailer.send(email).await {
                    Ok(message_id) => {
                        sending.sent += 1;
                        ("sent", false, message_id)
                    }
                    Err(error) => {
                        sending.failed += 1;
                        let state = if queued.attempts + 1 >= SEND_ATTEMPTS { "parked" } else { "pending" };
                        tracing::warn!(error = %error, email = id, state, emails_failed = true, "a morning email failed");
                        (state, true, error.to_string())
                    }
                },
            };
            self.db
                .run(move |mut conn| async move { queries::settle(&mut conn, id, state, failed, &detail).await })
                .await?;
        }
        Ok(sending)
    }

    /// The email for `queued`, read as things are now; `None` when there is nothing to send
    /// (the person turned these emails off, left the board, or was deactivated meanwhile).
    async fn render(&self, queued: &queries::Queued) -> Result<Option<Email>, ServerError> {
        let queued = queued.clone();
        let links = self.links.clone();
        let email = self
            .db
            .run(move |mut conn| async move {
                let Some(person) = queries::person(&mut conn, queued.user_id).await? else { return Ok(None) };
                if !person.verified || !person.active {
                    return Ok(None);
                }
                let recipient = Recipient {
                    user_id: person.id,
                    name: person.name.clone(),
                    email: person.email.clone(),
                    locale: person.locale.as_deref().and_then(|code| code.parse::<Locale>().ok()),
                    time_zone: Some(person.time_zone.clone()),
                    mail_each_change: false,
                };
                match queued.kind.as_str() {
                    "digest" if person.email_mode == EmailMode::Digest.as_str() => {
                        let entries =
                            inbox::range(&mut conn, person.id, queued.board_id, queued.first_entry, queued.last_entry)
                                .await?;
                        let events: Vec<_> = entries.into_iter().map(|entry| entry.event).collect();
                        Ok(digest::render_for(&events, &recipient, queued.local_date, &links))
                    }
                    "reminder" if person.deadline_reminders => {
                        let reminders = queries::reminders_of(&mut conn, person.id, queued.local_date).await?;
                        Ok(reminder::render_for(&reminders, &recipient, &links))
                    }
                    _ => Ok(None),
                }
            })
            .await?;
        Ok(email)
    }
}
