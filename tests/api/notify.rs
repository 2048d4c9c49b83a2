//! Notification emails: each audit row mails the people concerned once, never the actor, with
//! the change in words and a link; SES being away delays emails but loses and repeats none.
//! The apps here run without background workers: each test relays and delivers itself
//! (`relay_all`, `deliver_all`), so once those return, the SES stand-in's store holds exactly
//! what was sent, and "nothing more" is checked without waiting.

use crate::{
    helpers::{dynamodb_client, ses_emails, SwitchableProxy, TestApp, TEST_PASSWORD},
    tasks::{create, outbox, team_on, update, Team},
};
use aws_sdk_dynamodb::types::AttributeValue;
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

    // Pia: told about the creation and the rename (not about her own move).
    let to_pia = ses_emails(&team.pic_email).await;
    let subjects: Vec<&str> = to_pia.iter().map(|e| e["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        [
            "[Team board] Sophie Supervisor created it: Write the guide",
            "[Team board] Sophie Supervisor renamed it from “Write the guide” to “Write the user guide”: Write the user guide",
        ]
    );
    let rename = text(&to_pia[1]);
    assert!(rename.starts_with("Hi Pia 담당자,"), "{rename}");
    assert!(rename.contains("- Title: Write the guide → Write the user guide"), "{rename}");
    assert!(rename.contains(&format!("/tasks/{id}\n")), "a link to the task: {rename}");
    assert!(to_pia[1]["body"]["html"].as_str().unwrap().contains(&format!("/tasks/{id}\">Open the task</a>")));

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
    assert_eq!(ses_emails(&team.pic_email).await.len(), 2, "none twice");
    assert_eq!(ses_emails(&team.supervisor_email).await.len(), 1, "the actor is never emailed");
    assert!(ses_emails(&team.other_email).await.is_empty());
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
    let refused = app.try_deliver_all().await.expect_err("SES is away: the creation's email is still owed");
    assert!(refused.contains("emails are still owed"), "{refused}");
    assert!(app.try_deliver_all().await.is_err(), "and stays owed, however often the stream is read");
    assert!(ses_emails(&team.pic_email).await.is_empty(), "nothing got through");

    proxy.set_up(true);
    assert_eq!(app.deliver_all().await, 2, "both records, each handled once it could be");
    let emails = ses_emails(&team.pic_email).await;
    assert_eq!(emails.len(), 2);
    assert!(text(&emails[1]).contains("- Deadline: (none) → Jan 1, 2031"), "{}", text(&emails[1]));
    assert_eq!(app.deliver_all().await, 0);
    assert_eq!(ses_emails(&team.pic_email).await.len(), 2, "none twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_restart_the_stream_reader_neither_repeats_nor_skips() {
    let team = team().await;
    let first = &team.app;
    let id = create(first, &team, "Survives restarts", Some(team.pic_id)).await;
    assert_eq!(relay_and_deliver(first).await, 1);
    assert_eq!(ses_emails(&team.pic_email).await.len(), 1);
    let created = outbox(first).await.remove(0);

    // Stop the server, and forget that the creation's email was sent: only the stream
    // checkpoint now stands between a restart and a second email.
    first.stop_server();
    let claims = AuditTables::new(&first.table_prefix).claims;
    dynamodb_client()
        .delete_item()
        .table_name(&claims)
        .key("claim", AttributeValue::S(format!("{}#{}", created.event_id, team.pic_id)))
        .send()
        .await
        .expect("delete the claim");

    let second = TestApp::builder()
        .setting("DATABASE_URL", &first.database_url)
        .setting("TABLE_PREFIX", &first.table_prefix)
        .without_workers()
        .spawn()
        .await;
    let logged_in = second.log_in(&team.supervisor_email, TEST_PASSWORD).await;
    assert!(logged_in.status.is_success() || logged_in.status.is_redirection(), "{}", logged_in.body);
    assert_eq!(update(&second, first, id, 1, &[("title", "Survives restarts, renamed")]).await.status, 200);

    assert_eq!(relay_and_deliver(&second).await, 1, "the restarted reader starts after the creation");
    let emails = ses_emails(&team.pic_email).await;
    assert_eq!(emails.len(), 2, "the creation is not mailed again");
    assert!(emails[1]["subject"].as_str().unwrap().contains("renamed it"), "the change after the restart arrives");
}

/// The AWS driver: the Lambda handler fed a DynamoDB Streams event in the format AWS documents,
/// against the real claims table and SES stand-in. The same event delivered twice (as Lambda
/// does after a partial failure) mails once.
#[tokio::test(flavor = "multi_thread")]
async fn the_lambda_handler_mails_each_new_row_once_however_often_it_is_delivered() {
    use taskboard::server::{
        audit::table,
        mailer::Mailer,
        notify::{lambda_event, Notifier},
    };

    let prefix = format!("lambda-{:012x}-", rand::random::<u64>() >> 16);
    let tables = AuditTables::new(&prefix);
    table::create_if_missing(&dynamodb_client(), &tables).await.expect("create the tables");
    let ses = std::env::var("AWS_ENDPOINT_URL_SESV2").unwrap_or_else(|_| "http://127.0.0.1:8005".to_owned());
    let ses_client = aws_sdk_sesv2::Client::from_conf(
        aws_sdk_sesv2::Config::builder()
            .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
            .region(aws_sdk_sesv2::config::Region::new("us-east-1"))
            .endpoint_url(ses)
            .credentials_provider(aws_sdk_sesv2::config::Credentials::new("test", "test", None, None, "tests"))
            .build(),
    );
    let notifier = Notifier {
        mailer: Mailer::new(ses_client, "Taskboard <no-reply@taskboard.local>".into()),
        dynamodb: dynamodb_client(),
        tables,
        base_url: "https://tasks.example.com".into(),
    };

    let recipient = format!("{prefix}sam@example.com");
    let actor = format!("{prefix}mina@example.com");
    let audit_event = serde_json::json!({
        "event_id": "6c1d1b9e-3a52-4f0e-9d43-5d3c1f7a2b10",
        "task_id": 7, "seq": 2, "task_title": "Ship the release", "kind": "moved",
        "actor": { "id": 1, "name": "Mina" }, "at": "2026-11-27T09:30:00",
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
        let answer = lambda_event::handle(&notifier, &streams_event).await.expect("a Streams event");
        assert_eq!(answer, serde_json::json!({ "batchItemFailures": [] }));
    }
    // The handler has sent by the time it answers.
    let emails = ses_emails(&recipient).await;
    assert_eq!(emails.len(), 1, "delivered twice, mailed once");
    assert_eq!(emails[0]["subject"], "Mina moved it from In review to Done: Ship the release");
    assert!(text(&emails[0]).contains("https://tasks.example.com/tasks/7"));
    assert!(ses_emails(&actor).await.is_empty(), "never the actor");
}
