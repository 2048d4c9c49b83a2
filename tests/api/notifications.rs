//! Notifications people control: the inbox, the email settings, the daily digest, deadline
//! reminders and unsubscribing. The apps run without background workers; each test moves the
//! clock itself (`sweep_at`, `morning().plan(now)`), so nothing waits for 08:00.

use crate::{
    helpers::{ses_emails, NewTask, TestApp},
    tasks::{create, team_on, update, Team},
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use http_body_util::Full;
use hyper::{body::Bytes, header, Request};
use taskboard::{
    domain::notifications::{EmailKind, InboxPage},
    server::db::schema::{audit_outbox, reminders, users},
};

async fn team() -> Team {
    team_on(TestApp::builder().without_workers().spawn().await).await
}

fn subjects(emails: &[serde_json::Value]) -> Vec<String> {
    emails.iter().map(|e| e["subject"].as_str().unwrap().to_owned()).collect()
}

async fn inbox(client: &crate::helpers::TestClient) -> InboxPage {
    let response = client.call_server_fn("inbox", &[]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn move_task(client: &crate::helpers::TestClient, id: i64, version: i32, status: &str) {
    let moved = client
        .call_server_fn("move_task", &[("id", &id.to_string()), ("version", &version.to_string()), ("status", status)])
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
}

async fn set_zone(app: &TestApp, user_id: i64, zone: &str) {
    diesel::update(users::table.find(user_id))
        .set(users::time_zone.eq(zone))
        .execute(&mut app.db().await)
        .await
        .expect("set the time zone");
}

/// 08:30 in Seoul on `day` (23:30 UTC the day before).
fn seoul_morning(day: NaiveDate) -> DateTime<Utc> {
    chrono_tz::Asia::Seoul.from_local_datetime(&day.and_hms_opt(8, 30, 0).unwrap()).unwrap().with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_inbox_holds_what_concerns_me_never_my_own_changes_and_marks_them_read() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Write the guide", Some(team.pic_id)).await;
    move_task(&team.pic, id, 1, "in_progress").await;

    // Sophie (the supervisor): Pia's move, unread, linking to the task.
    let sophie = inbox(app).await;
    assert_eq!(sophie.unread, 1);
    assert_eq!(sophie.entries.len(), 1, "not her own creation: {:?}", sophie.entries);
    let entry = &sophie.entries[0];
    assert_eq!(entry.summary, "Pia 담당자 moved it from To do to In progress");
    assert_eq!((entry.subject.as_str(), entry.board_name.as_str()), ("Write the guide", "Team board"));
    assert_eq!(entry.link, format!("/tasks/{id}"));
    assert!(entry.unread);
    // Pia: the creation that put her in charge, not her own move. Otto: nothing.
    let pia = inbox(&team.pic).await;
    assert_eq!(pia.entries.iter().map(|e| e.summary.as_str()).collect::<Vec<_>>(), ["Sophie Supervisor created it"]);
    assert!(inbox(&team.other).await.entries.is_empty(), "not concerned, not told");
    assert_eq!(team.anonymous.call_server_fn("inbox", &[]).await.status, 401);

    // The header counts it on every page.
    let page = app.get("/boards").await;
    assert!(page.body.contains(">Inbox<") && page.body.contains(">1<"), "the header's count");

    let marked = app.call_server_fn("mark_inbox_read", &[("up_to", &entry.id.to_string())]).await;
    assert!(marked.status.is_redirection() || marked.status.is_success(), "{}", marked.body);
    let read = inbox(app).await;
    assert_eq!(read.unread, 0);
    assert!(!read.entries[0].unread);
    // Someone else's "mark all" does not touch mine.
    team.other.call_server_fn("mark_inbox_read", &[("up_to", &i64::MAX.to_string())]).await;
    assert_eq!(inbox(&team.pic).await.unread, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_notification_settings_are_saved_and_bad_ones_refused_beside_the_field() {
    let team = team().await;
    let app = &team.app;
    let saved = app.call_server_fn("save_notification_settings", &[("emails", "digest")]).await;
    assert!(saved.status.is_redirection() || saved.status.is_success(), "{}", saved.body);
    let settings: taskboard::domain::notifications::NotificationSettings =
        app.call_server_fn("notification_settings", &[]).await.json();
    assert_eq!(settings.emails, taskboard::domain::notifications::EmailMode::Digest);
    assert!(!settings.deadline_reminders, "an unticked checkbox sends nothing: off");
    let refused =
        app.call_server_fn("save_notification_settings", &[("emails", "hourly"), ("deadline_reminders", "on")]).await;
    assert_eq!(refused.status, 422);
    let taskboard::domain::AppError::Invalid(errors) = refused.app_error() else { panic!("{}", refused.body) };
    assert_eq!(errors[0].field, "emails");
    assert_eq!(errors[0].message, taskboard::domain::Message::ChooseEmailMode);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_digest_reader_gets_no_single_emails_and_one_digest_per_board_at_eight_on_their_clock() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Write the guide", Some(team.pic_id)).await;
    let other = create(app, &team, "Book the venue", Some(team.pic_id)).await;
    app.relay_all().await;
    app.deliver_all().await;
    set_zone(app, team.supervisor_id, "Asia/Seoul").await;
    let saved =
        app.call_server_fn("save_notification_settings", &[("emails", "digest"), ("deadline_reminders", "on")]).await;
    assert!(saved.status.is_redirection() || saved.status.is_success(), "{}", saved.body);
    let before = ses_emails(&team.supervisor_email).await.len();

    move_task(&team.pic, id, 1, "in_progress").await;
    move_task(&team.pic, other, 1, "in_progress").await;
    move_task(&team.pic, id, 2, "in_review").await;
    app.relay_all().await;
    app.deliver_all().await;
    assert_eq!(ses_emails(&team.supervisor_email).await.len(), before, "no single emails");
    assert_eq!(inbox(app).await.unread, 3, "the inbox fills all the same");

    // 07:30 in Seoul: not yet.
    let tomorrow = Utc::now().date_naive() + Duration::days(1);
    let morning = seoul_morning(tomorrow);
    let early = app.morning().plan(morning - Duration::hours(1)).await.expect("plan");
    assert_eq!(early.digests, 0);
    // 08:30 in Seoul (23:30 UTC the day before): one digest for the board.
    let run = app.morning().plan(morning).await.expect("plan");
    assert_eq!(run.digests, 1);
    assert_eq!(app.morning().send_due(morning).await.expect("send").sent, 1);
    let emails = ses_emails(&team.supervisor_email).await.split_off(before);
    let date = chrono_tz::Asia::Seoul.from_utc_datetime(&morning.naive_utc()).date_naive();
    assert_eq!(subjects(&emails), [format!("[Team board] Daily digest for {}", date.format("%b %-d, %Y"))]);
    let text = emails[0]["body"]["text"].as_str().unwrap();
    let guide = text.find("Write the guide\n").expect(text);
    let venue = text.find("Book the venue\n").expect(text);
    assert!(guide < venue, "grouped by task, in the order they first changed: {text}");
    assert_eq!(text.matches("Pia 담당자 moved it").count(), 3, "{text}");
    assert!(text[guide..venue].contains("from In progress to In review"), "both of the guide's moves under it: {text}");

    // The next morning, with nothing new: nothing sent; and no morning runs twice.
    assert_eq!(app.morning().plan(morning).await.expect("plan").claimed, 0);
    let next = app.morning().plan(morning + Duration::days(1)).await.expect("plan");
    assert_eq!((next.claimed > 0, next.digests), (true, 0));
    app.morning().send_due(morning + Duration::days(1)).await.expect("send");
    assert_eq!(ses_emails(&team.supervisor_email).await.len(), before + 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_send_one_reminder_per_task_person_and_day() {
    let team = team().await;
    let first = &team.app;
    let second = TestApp::builder()
        .setting("DATABASE_URL", &first.database_url)
        .setting("TABLE_PREFIX", &first.table_prefix)
        .without_workers()
        .spawn()
        .await;
    // The injected clock: 09:00 UTC (everyone here is on UTC) on a day well ahead.
    let now = Utc.with_ymd_and_hms(2031, 3, 10, 9, 0, 0).unwrap();
    let today = now.date_naive();
    let mut due_tomorrow = NewTask::new(team.board_id, "Due tomorrow", "todo", 1, team.supervisor_id);
    due_tomorrow.deadline = Some(today + Duration::days(1));
    due_tomorrow.pic_id = Some(team.pic_id);
    let mut overdue = NewTask::new(team.board_id, "Overdue since today", "in_progress", 1, team.supervisor_id);
    overdue.deadline = Some(today - Duration::days(1));
    overdue.pic_id = Some(team.pic_id);
    let mut nobody_in_charge = NewTask::new(team.board_id, "Nobody in charge", "todo", 2, team.supervisor_id);
    nobody_in_charge.deadline = Some(today + Duration::days(1));
    let mut done = NewTask::new(team.board_id, "Done already", "done", 1, team.supervisor_id);
    done.deadline = Some(today + Duration::days(1));
    done.pic_id = Some(team.pic_id);
    let mut later = NewTask::new(team.board_id, "Due next week", "todo", 3, team.supervisor_id);
    later.deadline = Some(today + Duration::days(7));
    later.pic_id = Some(team.pic_id);
    first.insert_tasks(&[due_tomorrow, overdue, nobody_in_charge, done, later]).await;

    let (a, b) = tokio::join!(first.morning().plan(now), second.morning().plan(now));
    let (a, b) = (a.expect("plan"), b.expect("plan"));
    assert_eq!(a.claimed + b.claimed, 3, "each of the three people's mornings claimed once");
    assert_eq!(a.reminders + b.reminders, 2, "Pia's and Sophie's");
    let (a, b) = tokio::join!(first.morning().send_due(now), second.morning().send_due(now));
    assert_eq!(a.expect("send").sent + b.expect("send").sent, 2);

    let to_pia = ses_emails(&team.pic_email).await;
    assert_eq!(subjects(&to_pia), ["Deadline reminder: 2 tasks"]);
    let text = to_pia[0]["body"]["text"].as_str().unwrap();
    assert!(text.contains("Overdue since today (due Mar 9, 2031):\n- Overdue since today (Team board)"), "{text}");
    assert!(text.contains("Due tomorrow (Mar 11, 2031):\n- Due tomorrow (Team board)"), "{text}");
    assert!(!text.contains("Done already") && !text.contains("Due next week"), "{text}");
    let to_sophie = ses_emails(&team.supervisor_email).await;
    assert_eq!(
        subjects(&to_sophie),
        ["Deadline reminder: Nobody in charge"],
        "the supervisor when nobody is in charge"
    );
    assert!(ses_emails(&team.other_email).await.is_empty());

    // Later the same day, on either instance: nothing more.
    let later_today = now + Duration::hours(5);
    for app in [first, &second] {
        assert_eq!(app.morning().plan(later_today).await.expect("plan").claimed, 0);
        assert_eq!(app.morning().send_due(later_today).await.expect("send").sent, 0);
    }
    let rows: i64 = reminders::table.count().get_result(&mut first.db().await).await.unwrap();
    assert_eq!(rows, 3, "one row per task, person and day");
    assert_eq!(ses_emails(&team.pic_email).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_is_not_sent_to_someone_who_turned_emails_off_while_it_gathered() {
    let team = team().await;
    let app = &team.app;
    create(app, &team, "Changed their mind", Some(team.pic_id)).await;
    app.relay_all().await;
    app.fold_all().await;
    // Pia switches to digests while Sophie's burst is still open.
    let saved = team.pic.call_server_fn("save_notification_settings", &[("emails", "digest")]).await;
    assert!(saved.status.is_redirection() || saved.status.is_success(), "{}", saved.body);
    let swept = app.sweep_at(Utc::now() + Duration::seconds(121)).await;
    assert_eq!((swept.sent, swept.dropped), (0, 1));
    assert!(ses_emails(&team.pic_email).await.is_empty());
    assert_eq!(inbox(&team.pic).await.entries.len(), 1, "the inbox has it all the same");
}

/// A POST as a mail provider sends it: no cookie, no Origin, the RFC 8058 body.
async fn one_click(app: &TestApp, url: &str) -> crate::helpers::TestResponse {
    let request = Request::post(url)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from("List-Unsubscribe=One-Click")))
        .unwrap();
    app.new_client().send(request).await
}

async fn email_mode(app: &TestApp, user_id: i64) -> (String, bool) {
    users::table
        .find(user_id)
        .select((users::email_mode, users::deadline_reminders))
        .first(&mut app.db().await)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_unsubscribe_link_turns_emails_off_by_post_without_a_login_and_a_get_changes_nothing() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Write the guide", Some(team.pic_id)).await;
    app.relay_all().await;
    app.deliver_all().await;
    let emails = ses_emails(&team.pic_email).await;
    let text = emails[0]["body"]["text"].as_str().unwrap();
    let link = text.lines().find_map(|line| line.split("Unsubscribe: ").nth(1)).expect(text);
    // The link is on APP_BASE_URL; this test's server listens elsewhere.
    let path = format!("/unsubscribe/{}", link.split("/unsubscribe/").nth(1).expect(link));
    assert!(path.starts_with(&format!("/unsubscribe/{}.changes.", team.pic_id)), "{path}");
    let url = format!("{}{path}", app.address);

    // A link scanner's GET: the page with its button, and nothing changed.
    let page = app.new_client().get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("action=\"{path}\"")) && page.body.contains(">Unsubscribe</button>"),
        "{}",
        page.body
    );
    assert_eq!(email_mode(app, team.pic_id).await, ("every".to_owned(), true));

    // A forged or altered link does nothing.
    let forged = url.replace(&format!("/{}.changes.", team.pic_id), &format!("/{}.changes.", team.other_id));
    assert_eq!(one_click(app, &forged).await.status, 404);
    assert!(!app
        .new_client()
        .get(forged.trim_start_matches(&app.address))
        .await
        .body
        .contains(">Unsubscribe</button>"));
    assert_eq!(email_mode(app, team.other_id).await.0, "every");

    // The one-click POST, without any cookie: off.
    assert_eq!(one_click(app, &url).await.status, 200);
    assert_eq!(email_mode(app, team.pic_id).await, ("never".to_owned(), true));
    assert_eq!(one_click(app, &url).await.status, 200, "twice is once");

    // Sophie's next change reaches Pia's inbox only.
    assert_eq!(update(app, app, id, 1, &[("title", "Write the user guide")]).await.status, 200);
    app.relay_all().await;
    app.deliver_all().await;
    assert_eq!(ses_emails(&team.pic_email).await.len(), 1);
    assert_eq!(inbox(&team.pic).await.entries.len(), 2);

    // The reminders link turns reminders off; the page's own button goes back to the page.
    let reminders = url.replace(".changes.", ".reminders.");
    assert_eq!(one_click(app, &reminders).await.status, 404, "a signature is for one kind only");
    let links = taskboard::server::unsubscribe::Links::new(
        &app.address,
        secrecy::SecretString::from("local-unsubscribe-key-for-development-only".to_owned()),
    );
    let reminders = links.unsubscribe(team.pic_id, EmailKind::Reminders);
    let button = Request::post(&reminders)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let answer = app.new_client().send(button).await;
    assert_eq!(answer.status, 303);
    assert!(answer.header("location").is_some_and(|to| to.ends_with("?done=1")));
    assert_eq!(email_mode(app, team.pic_id).await, ("never".to_owned(), false));
}

/// The closing note's figure: one scripted planning session, 30 changes by three people,
/// mailed one email per change and person before squashing, and now.
#[tokio::test(flavor = "multi_thread")]
async fn a_planning_session_of_thirty_changes_sends_far_fewer_emails() {
    let team = team().await;
    let app = &team.app;
    let mut tasks = Vec::new();
    for (title, pic) in
        [("Venue", team.pic_id), ("Catering", team.pic_id), ("Speakers", team.other_id), ("Badges", team.other_id)]
    {
        tasks.push((create(app, &team, title, Some(pic)).await, pic, 1));
    }
    let mut changes = tasks.len();
    // Sophie sets deadlines, then Pia and Otto work their tasks, then Sophie reviews: 30 in all.
    for (id, _, version) in tasks.iter_mut() {
        for day in ["2031-05-01", "2031-05-02"] {
            assert_eq!(update(app, app, *id, *version, &[("deadline", day)]).await.status, 200);
            *version += 1;
            changes += 1;
        }
    }
    for status in ["in_progress", "in_review", "todo", "in_progress"] {
        for (id, pic, version) in tasks.iter_mut() {
            let client = if *pic == team.pic_id { &team.pic } else { &team.other };
            move_task(client, *id, *version, status).await;
            *version += 1;
            changes += 1;
        }
    }
    for (id, _, version) in tasks.iter_mut().take(2) {
        assert_eq!(update(app, app, *id, *version, &[("description", "Agreed in planning")]).await.status, 200);
        *version += 1;
        changes += 1;
    }
    assert_eq!(changes, 30);
    app.relay_all().await;
    app.deliver_all().await;

    // Before: each change mailed to each person concerned but its actor.
    let payloads: Vec<String> = audit_outbox::table
        .filter(audit_outbox::task_id.gt(0))
        .select(audit_outbox::payload)
        .load(&mut app.db().await)
        .await
        .unwrap();
    let before: usize = payloads
        .iter()
        .map(|payload| {
            let event: taskboard::domain::audit::AuditEvent = serde_json::from_str(payload).unwrap();
            event.recipients.iter().filter(|r| r.user_id != event.actor.id && r.mail_each_change).count()
        })
        .sum();
    let mut after = 0;
    for email in [&team.supervisor_email, &team.pic_email, &team.other_email] {
        after += ses_emails(email).await.len();
    }
    println!("planning session of {changes} changes by three people: {before} emails one per change, {after} squashed");
    assert_eq!(before, 30, "each change concerned one other person");
    assert_eq!(after, 10, "one per task and person for each run of one actor's changes");
}
