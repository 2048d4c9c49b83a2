//! Notification emails: each audit row mails the people concerned once, never the actor, with
//! the change in words and a link; SES being away delays emails but loses and repeats none.
//! Emails are read from the SES stand-in's store.

use crate::{
    helpers::{ses_emails_to, SwitchableProxy, TestApp},
    tasks::{create, team, team_on, update},
};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

fn text(email: &serde_json::Value) -> &str {
    email["body"]["text"].as_str().expect("a text part")
}

#[tokio::test(flavor = "multi_thread")]
async fn each_change_emails_the_people_concerned_once_and_never_the_actor() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, app, "Write the guide", Some(team.pic_id)).await;
    assert_eq!(update(app, app, id, 1, &[("title", "Write the user guide")]).await.status, 200);
    let moved = team
        .pic
        .call_server_fn("move_task", &[("id", &id.to_string()), ("version", "2"), ("status", "in_progress")])
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);

    // Pia: told about the creation and the rename (not about her own move).
    let to_pia = ses_emails_to(&team.pic_email, 2, WAIT).await;
    let subjects: Vec<&str> = to_pia.iter().map(|e| e["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        [
            "Sophie Supervisor created it: Write the guide",
            "Sophie Supervisor renamed it from “Write the guide” to “Write the user guide”: Write the user guide",
        ]
    );
    let rename = text(&to_pia[1]);
    assert!(rename.starts_with("Hi Pia 담당자,"), "{rename}");
    assert!(rename.contains("- Title: Write the guide → Write the user guide"), "{rename}");
    assert!(rename.contains(&format!("/tasks/{id}\n")), "a link to the task: {rename}");
    assert!(to_pia[1]["body"]["html"].as_str().unwrap().contains(&format!("/tasks/{id}\">Open the task</a>")));

    // Sophie: only Pia's move.
    let to_sophie = ses_emails_to(&team.supervisor_email, 1, WAIT).await;
    assert_eq!(to_sophie[0]["subject"], "Pia 담당자 moved it from To do to In progress: Write the user guide");
    assert!(text(&to_sophie[0]).contains("- Status: To do → In progress"));

    // Nothing more arrives, and Otto (not concerned) gets nothing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(ses_emails_to(&team.pic_email, 2, WAIT).await.len(), 2, "none twice");
    assert_eq!(ses_emails_to(&team.supervisor_email, 1, WAIT).await.len(), 1, "the actor is never emailed");
    assert!(ses_emails_to(&team.other_email, 0, Duration::from_millis(200)).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn emails_owed_while_ses_is_away_arrive_once_it_is_back_and_only_once() {
    let ses = std::env::var("AWS_ENDPOINT_URL_SESV2").unwrap_or_else(|_| "http://127.0.0.1:8005".to_owned());
    let proxy = SwitchableProxy::start(ses.trim_start_matches("http://")).await;
    let app = TestApp::builder().setting("AWS_ENDPOINT_URL_SESV2", &proxy.address).spawn().await;
    let team = team_on(app).await;
    let app = &team.app;

    proxy.set_up(false);
    let id = create(app, app, "Sent later", Some(team.pic_id)).await;
    assert_eq!(update(app, app, id, 1, &[("deadline", "2031-01-01")]).await.status, 200);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(ses_emails_to(&team.pic_email, 0, Duration::from_millis(100)).await.is_empty(), "nothing got through");

    proxy.set_up(true);
    let emails = ses_emails_to(&team.pic_email, 2, Duration::from_secs(60)).await;
    assert!(text(&emails[1]).contains("- Deadline: (none) → 2031-01-01"), "{}", text(&emails[1]));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(ses_emails_to(&team.pic_email, 2, WAIT).await.len(), 2, "none twice");
}
