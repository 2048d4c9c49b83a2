//! Notification emails: the changes mail the people concerned, never the actor, with the change
//! in words and a link; one person's changes to a task within the window come as one email; SES
//! being away delays emails but loses and repeats none. The apps here run without background
//! workers: each test relays, folds and sweeps itself (`relay_all`, `fold_all`, `sweep_at`, or
//! `deliver_all` for all three with the window passed), with the clock as a parameter, so once
//! those return the SES stand-in's store holds exactly what was sent, and "nothing more" is
//! checked without waiting.

use crate::{
    helpers::{dynamodb_client, ses_emails, SwitchableProxy, TestApp, TEST_PASSWORD},
    tasks::{create, team_on, update, Team},
};
use chrono::{Duration, Utc};
use taskboard::server::audit::AuditTables;

async fn team() -> Team {
    team_on(TestApp::builder().without_workers().spawn().await).await
}

/// Relays every pending event and sends its emails; returns how many stream records that took.
async fn relay_and_deliver(app: &TestApp) -> usize {
    app.relay_all().await;
    app.deliver_all().await
}

fn text(email: &serde_json::Value) -> &str {
    email["body"]["text"].as_str().expect("a text part")
}

#[tokio::test(flavor = "multi_thread")]
async fn each_change_emails_the_people_concerned_once_and_never_the_actor() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Write the guide", Some(team.pic_id)).await;
    assert_eq!(update(app, app, id, 1, &[("title", "Write the user guide")]).await.status, 200);
    let moved = team
        .pic
        .call_server_fn("move_task", &[("id", &id.to_string()), ("version", "2"), ("status", "in_progress")])
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);

    assert_eq!(relay_and_deliver(app).await, 3, "one stream record per change");

    // Pia: told about the creation and the rename, Sophie's two changes within the window, in
    // one email (not about her own move).
    let to_pia = ses_emails(&team.pic_email).await;
    assert_eq!(to_pia.len(), 1, "{to_pia:#?}");
    assert_eq!(to_pia[0]["subject"], "[Team board] Sophie Supervisor made 2 changes: Write the user guide");
    let both = text(&to_pia[0]);
    assert!(both.starts_with("Hi Pia 담당자,"), "{both}");
    let created = both.find("Sophie Supervisor created it").expect(both);
    let renamed =
        both.find("Sophie Supervisor renamed it from “Write the guide” to “Write the user guide”").expect(both);
    assert!(created < renamed, "in the order they happened: {both}");
    assert!(both.contains("- Title: Write the guide → Write the user guide"), "{both}");
    assert!(both.contains(&format!("/tasks/{id}\n")), "a link to the task: {both}");
    assert!(both.contains("/unsubscribe/"), "a way to stop them: {both}");
    assert!(to_pia[0]["body"]["html"].as_str().unwrap().contains(&format!("/tasks/{id}\">Open the task</a>")));

    // Sophie: only Pia's move.
    let to_sophie = ses_emails(&team.supervisor_email).await;
    assert_eq!(
        to_sophie[0]["subject"], "[Team board] Pia 담당자 moved it from To do to In progress: Write the user guide",
        "the board comes first, to sort mail by"
    );
    assert!(text(&to_sophie[0]).contains("“Write the user guide” on Team board."), "{}", text(&to_sophie[0]));
    assert!(text(&to_sophie[0]).contains("- Status: To do → In progress"));

    // Reading the stream again finds nothing new and sends nothing more; Otto (not concerned)
    // got nothing.
    assert_eq!(relay_and_deliver(app).await, 0);
    assert_eq!(ses_emails(&team.pic_email).await.len(), 1, "none twice");
    assert_eq!(ses_emails(&team.supervisor_email).await.len(), 1, "the actor is never emailed");
    assert!(ses_emails(&team.other_email).await.is_empty());
}

/// The window, and a little: a sweep then finds every burst of the changes just made due.
fn after_the_window() -> chrono::DateTime<Utc> {
    Utc::now() + Duration::seconds(121)
}

fn subjects(emails: &[serde_json::Value]) -> Vec<String> {
    emails.iter().map(|e| e["subject"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn five_edits_by_one_person_within_the_window_are_one_email_listing_five_changes() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Plan the launch", Some(team.pic_id)).await;
    app.relay_all().await;
    app.fold_all().await;
    assert_eq!(app.sweep_at(Utc::now()).await.sent, 0, "nothing goes out while the window is open");
    for (version, deadline) in (1..=4).zip(["2031-01-01", "2031-01-02", "2031-01-03", "2031-01-04"]) {
        assert_eq!(update(app, app, id, version, &[("deadline", deadline)]).await.status, 200);
    }
    assert_eq!(relay_and_deliver(app).await, 4);

    let emails = ses_emails(&team.pic_email).await;
    assert_eq!(subjects(&emails), ["[Team board] Sophie Supervisor made 5 changes: Plan the launch"]);
    let body = text(&emails[0]);
    let mut at = 0;
    for change in [
        "created it",
        "(none) → Jan 1, 2031",
        "Jan 1, 2031 → Jan 2, 2031",
        "Jan 2, 2031 → Jan 3, 2031",
        "Jan 3, 2031 → Jan 4, 2031",
    ] {
        at += body[at..].find(change).unwrap_or_else(|| panic!("{change:?} after byte {at}: {body}"));
    }
    assert_eq!(app.sweep_at(after_the_window() + Duration::minutes(10)).await.sent, 0, "sent once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_by_someone_else_in_between_starts_a_new_email() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Shared work", Some(team.pic_id)).await;
    app.relay_all().await;
    app.deliver_all().await;
    let before = ses_emails(&team.supervisor_email).await.len();
    let id_text = id.to_string();
    let moved = async |version: &str, status: &str| {
        team.pic.call_server_fn("move_task", &[("id", &id_text), ("version", version), ("status", status)]).await
    };
    // Pia moves it, Sophie renames it, Pia moves it again, all within the window.
    assert_eq!(moved("1", "in_progress").await.status, 200);
    assert_eq!(update(app, app, id, 2, &[("title", "Shared work, renamed")]).await.status, 200);
    assert_eq!(moved("3", "in_review").await.status, 200);
    assert_eq!(relay_and_deliver(app).await, 3);

    // Sophie: Pia's two moves, split by her own change, are two emails.
    let to_sophie = ses_emails(&team.supervisor_email).await.split_off(before);
    assert_eq!(
        subjects(&to_sophie),
        [
            "[Team board] Pia 담당자 moved it from To do to In progress: Shared work",
            "[Team board] Pia 담당자 moved it from In progress to In review: Shared work, renamed",
        ]
    );
    // Pia: Sophie's rename alone (the creation went out before).
    let to_pia = ses_emails(&team.pic_email).await;
    assert_eq!(to_pia.len(), 2, "{:?}", subjects(&to_pia));
    assert!(subjects(&to_pia)[1].contains("renamed it"), "{:?}", subjects(&to_pia));
}

#[tokio::test(flavor = "multi_thread")]
async fn emails_owed_while_ses_is_away_arrive_once_it_is_back_and_only_once() {
    let ses = std::env::var("AWS_ENDPOINT_URL_SESV2").unwrap_or_else(|_| "http://127.0.0.1:8005".to_owned());
    let proxy = SwitchableProxy::start(ses.trim_start_matches("http://")).await;
    let app = TestApp::builder().setting("AWS_ENDPOINT_URL_SESV2", &proxy.address).without_workers().spawn().await;
    let team = team_on(app).await;
    let app = &team.app;

    proxy.set_up(false);
    let id = create(app, &team, "Sent later", Some(team.pic_id)).await;
    assert_eq!(update(app, app, id, 1, &[("deadline", "2031-01-01")]).await.status, 200);
    assert_eq!(app.relay_all().await, 2);
    assert_eq!(app.fold_all().await, 2, "the stream moves on: the email is owed in its burst");
    let due = after_the_window();
    assert_eq!(app.sweep_at(due).await.failed, 1, "SES is away: the burst's email is still owed");
    assert_eq!(app.sweep_at(due).await.failed, 0, "and waits out its pause before the next try");
    assert!(ses_emails(&team.pic_email).await.is_empty(), "nothing got through");

    proxy.set_up(true);
    assert_eq!(app.sweep_at(due + Duration::minutes(1)).await.sent, 1);
    let emails = ses_emails(&team.pic_email).await;
    assert_eq!(emails.len(), 1);
    assert!(text(&emails[0]).contains("- Deadline: (none) → Jan 1, 2031"), "{}", text(&emails[0]));
    assert_eq!(app.sweep_at(due + Duration::minutes(5)).await.sent, 0);
    assert_eq!(ses_emails(&team.pic_email).await.len(), 1, "none twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_inside_the_window_loses_nothing_and_repeats_nothing() {
    let team = team().await;
    let first = &team.app;
    let id = create(first, &team, "Survives restarts", Some(team.pic_id)).await;
    first.relay_all().await;
    assert_eq!(first.fold_all().await, 1);
    assert!(ses_emails(&team.pic_email).await.is_empty(), "the window is open");
    first.stop_server();

    // A new instance on the same database and tables: the burst lives in DynamoDB and the
    // stream's place in MySQL, not in the stopped process.
    let second = TestApp::builder()
        .setting("DATABASE_URL", &first.database_url)
        .setting("TABLE_PREFIX", &first.table_prefix)
        .without_workers()
        .spawn()
        .await;
    let logged_in = second.log_in(&team.supervisor_email, TEST_PASSWORD).await;
    assert!(logged_in.status.is_success() || logged_in.status.is_redirection(), "{}", logged_in.body);
    assert_eq!(update(&second, first, id, 1, &[("title", "Survives restarts, renamed")]).await.status, 200);
    second.relay_all().await;
    assert_eq!(second.fold_all().await, 1, "the restarted reader starts after the creation");
    assert_eq!(second.sweep_at(after_the_window()).await.sent, 1);

    let emails = ses_emails(&team.pic_email).await;
    assert_eq!(subjects(&emails), ["[Team board] Sophie Supervisor made 2 changes: Survives restarts, renamed"]);
    assert_eq!(second.deliver_all().await, 0);
    assert_eq!(ses_emails(&team.pic_email).await.len(), 1, "the creation is not mailed again");
}

/// The AWS driver: the Lambda handler fed a DynamoDB Streams event in the format AWS documents
/// folds it into the real bursts table; the same event delivered twice (as Lambda does after a
/// partial failure) is one email when the instances sweep.
#[tokio::test(flavor = "multi_thread")]
async fn the_lambda_handler_folds_each_new_row_once_however_often_it_is_delivered() {
    use taskboard::server::notify::{bursts::Bursts, lambda_event};

    let app = TestApp::builder().without_workers().spawn().await;
    let tables = AuditTables::new(&app.table_prefix);
    // The app created its tables at start-up (as Terraform does in AWS).
    app.relay_all().await;
    let bursts =
        Bursts { client: dynamodb_client(), table: tables.bursts.clone(), window: std::time::Duration::from_secs(120) };

    let prefix = &app.table_prefix;
    let recipient = format!("{prefix}sam@example.com");
    let actor = format!("{prefix}mina@example.com");
    let at = (Utc::now() - Duration::seconds(5)).naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string();
    let audit_event = serde_json::json!({
        "event_id": "6c1d1b9e-3a52-4f0e-9d43-5d3c1f7a2b10",
        "task_id": 7, "seq": 2, "task_title": "Ship the release", "kind": "moved",
        "actor": { "id": 1, "name": "Mina" }, "at": at,
        "changes": [{ "field": "status", "old": "In review", "new": "Done" }],
        "recipients": [
            { "user_id": 2, "name": "Sam", "email": recipient },
            { "user_id": 1, "name": "Mina", "email": actor }
        ]
    })
    .to_string();
    let streams_event = serde_json::json!({
        "Records": [{
            "eventID": "1", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "ApproximateCreationDateTime": 1_764_235_800,
                "Keys": { "task_id": { "N": "7" }, "seq": { "N": "2" } },
                "NewImage": {
                    "task_id": { "N": "7" }, "seq": { "N": "2" },
                    "event_id": { "S": "6c1d1b9e-3a52-4f0e-9d43-5d3c1f7a2b10" },
                    "event": { "S": audit_event }, "previous": { "S": "ab" }, "hash": { "S": "cd" }
                },
                "SequenceNumber": "111", "SizeBytes": 300, "StreamViewType": "NEW_IMAGE"
            },
            "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/taskboard-audit/stream/2026-11-27T00:00:00.000"
        }]
    });

    for _ in 0..2 {
        let answer = lambda_event::handle(&bursts, &streams_event).await.expect("a Streams event");
        assert_eq!(answer, serde_json::json!({ "batchItemFailures": [] }));
    }
    assert_eq!(app.sweep_at(after_the_window()).await.sent, 1);
    let emails = ses_emails(&recipient).await;
    assert_eq!(emails.len(), 1, "delivered twice, mailed once");
    assert_eq!(emails[0]["subject"], "Mina moved it from In review to Done: Ship the release");
    assert!(text(&emails[0]).contains("/tasks/7"));
    assert!(ses_emails(&actor).await.is_empty(), "never the actor");
}

/// The SES stand-in keeps no headers, so this reads the SendEmail request the mailer builds:
/// a notification carries RFC 8058's two headers, naming its unsubscribe page.
#[tokio::test(flavor = "multi_thread")]
async fn the_send_email_request_carries_the_one_click_unsubscribe_headers() {
    use taskboard::server::mailer::Email;

    let app = TestApp::builder().without_workers().spawn().await;
    let url = format!("{}/unsubscribe/2.changes.abc", app.address);
    let email = Email {
        to: "sam@example.com".into(),
        subject: "Hi".into(),
        text: "Hi".into(),
        html: "<p>Hi</p>".into(),
        unsubscribe: Some(url.clone()),
    };
    let request = app.notifier().mailer.request(email.clone()).expect("a request");
    let headers: Vec<(String, String)> = request
        .get_content()
        .as_ref()
        .and_then(|content| content.simple())
        .map(|message| message.headers().iter().map(|h| (h.name().to_owned(), h.value().to_owned())).collect())
        .unwrap_or_default();
    assert_eq!(
        headers,
        [
            ("List-Unsubscribe".to_owned(), format!("<{url}>")),
            ("List-Unsubscribe-Post".to_owned(), "List-Unsubscribe=One-Click".to_owned()),
        ]
    );
    let secret_link = Email { unsubscribe: None, ..email };
    let request = app.notifier().mailer.request(secret_link).expect("a request");
    assert!(request.get_content().as_ref().and_then(|c| c.simple()).is_some_and(|m| m.headers().is_empty()));
}
