//! Verified addresses, the sign-up policy and instance admins: a sign-up gets a confirmation
//! link and no notification emails until it is used; `SIGNUP` decides who may sign up without an
//! invitation; instance admins deactivate accounts.

use crate::{
    helpers::{ses_every_email_to, TestApp, TestClient, TEST_PASSWORD},
    tasks::{create, outbox, team, user_id},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::time::Duration;
use taskboard::{
    domain::{admin::UserListing, AppError, BoardListing, MembersPage, Message, NewTaskForm},
    server::db::schema::{audit_outbox, users},
};

fn address(app: &TestApp, name: &str) -> String {
    format!("{name}-{}@example.com", &app.table_prefix[5..17])
}

/// The path and query of the newest link to `path` in an email to `to`, once `count` emails came.
async fn link_in_email(to: &str, count: usize, path: &str) -> String {
    let emails = ses_every_email_to(to, count, Duration::from_secs(15)).await;
    let text = emails.last().unwrap()["body"]["text"].as_str().unwrap().to_owned();
    let start = text.find(path).unwrap_or_else(|| panic!("a link to {path} in {text}"));
    text[start..].split_whitespace().next().unwrap().to_owned()
}

async fn verified(app: &TestApp, email: &str) -> bool {
    let at: Option<chrono::NaiveDateTime> = users::table
        .filter(users::email.eq(email))
        .select(users::email_verified_at)
        .first(&mut app.db().await)
        .await
        .unwrap();
    at.is_some()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_address_is_confirmed_by_its_link_and_gets_no_notifications_before() {
    let team = team().await;
    let app = &team.app;
    let ann_email = address(app, "ann");
    let ann = app.new_client();
    ann.sign_up_ok("Ann New", &ann_email).await;
    let ann_id = user_id(app, &ann_email).await;
    app.add_member(team.board_id, ann_id, "member").await;
    assert!(!verified(app, &ann_email).await);
    let page = ann.get("/boards").await.body;
    assert!(page.contains("Resend confirmation email") && page.contains(&ann_email), "the notice: {page}");

    // Until she confirms, changes that concern her reach her inbox, not her address.
    create(app, &team, "For Ann, unconfirmed", Some(ann_id)).await;
    let recipients = outbox(app).await.last().unwrap().recipients.clone();
    assert_eq!(recipients.len(), 1);
    assert!(!recipients[0].mail_each_change, "no email to an unconfirmed address");
    // Nor may she invite anyone to a board of her own.
    let own = ann.create_board_ok("Ann's board").await;
    let invite = ann
        .call_server_fn("invite", &[("board", &own.to_string()), ("email", "x@example.com"), ("role", "member")])
        .await;
    assert_eq!(invite.status, 400, "{}", invite.body);
    assert_eq!(invite.app_error(), AppError::Refused(Message::ConfirmFirst));

    // The link from the sign-up email confirms it.
    let link = link_in_email(&ann_email, 1, "/verify-email?token=").await;
    let confirmed = app.new_client().get(&link).await;
    assert_eq!(confirmed.status, 200);
    assert!(confirmed.body.contains("Your email address is confirmed"), "{}", confirmed.body);
    assert!(verified(app, &ann_email).await);
    assert!(!ann.get("/boards").await.body.contains("Resend confirmation email"), "the notice is gone");
    let again = app.new_client().get(&link).await.body;
    assert!(again.contains("invalid, used or expired"), "a used link says so to someone else");
    assert!(ann.get(&link).await.body.contains("Your email address is confirmed"), "and its owner sees it is done");
    create(app, &team, "For Ann, confirmed", Some(ann_id)).await;
    let last = outbox(app).await.pop().unwrap();
    assert_eq!(last.recipients.iter().map(|r| r.email.as_str()).collect::<Vec<_>>(), [ann_email.as_str()]);
    let made_up = app.new_client().get("/verify-email?token=made-up").await.body;
    assert!(made_up.contains("invalid, used or expired"));
}

#[tokio::test(flavor = "multi_thread")]
async fn confirmation_emails_are_limited_per_account() {
    let app = TestApp::spawn().await;
    let email = address(&app, "rex");
    app.sign_up_ok("Rex Resend", &email).await;
    for _ in 0..2 {
        let response = app.call_server_fn("resend_confirmation", &[]).await;
        assert_eq!(response.status, 200, "{}", response.body);
    }
    ses_every_email_to(&email, 3, Duration::from_secs(15)).await;
    let refused = app.call_server_fn("resend_confirmation", &[]).await;
    assert_eq!(refused.status, 429, "three an hour, the sign-up's included: {}", refused.body);
    assert_eq!(TestApp::new_client(&app).call_server_fn("resend_confirmation", &[]).await.status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_reset_confirms_the_address() {
    let app = TestApp::spawn().await;
    let email = address(&app, "rita");
    app.sign_up_ok("Rita Reset", &email).await;
    assert_eq!(app.call_server_fn("request_password_reset", &[("email", &email)]).await.status, 200);
    let link = link_in_email(&email, 2, "/reset-password?token=").await;
    let token = link.split("token=").nth(1).unwrap();
    let reset = app.call_server_fn("reset_password", &[("token", token), ("password", "a brand new passphrase")]).await;
    assert!(reset.status.is_success() || reset.status.is_redirection(), "{}", reset.body);
    assert!(verified(&app, &email).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn invite_only_lets_in_the_first_account_and_the_invited() {
    let app = TestApp::builder().setting("SIGNUP", "invite").spawn().await;
    let ann_email = address(&app, "ann");
    app.sign_up_ok("Ann First", &ann_email).await; // the first account always may
    let stranger = app.new_client();
    let refused = stranger.sign_up("Sam", &address(&app, "sam"), TEST_PASSWORD).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.app_error(), AppError::Refused(Message::InviteOnly));
    let count: i64 = users::table.count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(count, 1);

    // Ann confirms her address, invites Ben, and Ben signs up through the invitation.
    let link = link_in_email(&ann_email, 1, "/verify-email?token=").await;
    app.get(&link).await;
    let board = app.create_board_ok("Invite only").await;
    let ben_email = address(&app, "ben");
    let invited =
        app.call_server_fn("invite", &[("board", &board.to_string()), ("email", &ben_email), ("role", "member")]).await;
    assert!(invited.status.is_redirection() || invited.status.is_success(), "{}", invited.body);
    let link = link_in_email(&ben_email, 1, "/invite/").await;
    let token = link.trim_start_matches("/invite/");
    let ben = app.new_client();
    let joined =
        ben.call_server_fn("sign_up_and_join", &[("token", token), ("name", "Ben"), ("password", TEST_PASSWORD)]).await;
    assert!(joined.status.is_redirection() || joined.status.is_success(), "{}", joined.body);
    assert!(verified(&app, &ben_email).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_domain_policy_lets_in_its_domains_only() {
    let app = TestApp::builder().setting("SIGNUP", "domains:example.com").spawn().await;
    app.sign_up_ok("First", &address(&app, "first")).await;
    let elsewhere = app.new_client().sign_up("Eve", "eve@elsewhere.test", TEST_PASSWORD).await;
    assert_eq!(elsewhere.status, 400);
    assert!(elsewhere.body.contains("example.com"), "{}", elsewhere.body);
    app.new_client().sign_up_ok("Dee", &address(&app, "dee")).await;
}

async fn users_page(client: &TestClient) -> Vec<UserListing> {
    let response = client.call_server_fn("admin_users", &[]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_admin_deactivates_an_account_and_its_sessions_end() {
    let team = team().await;
    let app = &team.app; // Sophie signed up first: the instance admin
    let id = create(app, &team, "Pia's task", Some(team.pic_id)).await;
    let listed = users_page(app).await;
    assert_eq!(listed.len(), 3);
    assert!(app.get("/admin/users").await.body.contains("Deactivate Pia 담당자"));
    // Nobody else learns the page exists.
    assert_eq!(team.pic.get("/admin/users").await.status, 404);
    assert_eq!(team.pic.call_server_fn("admin_users", &[]).await.status, 404);
    let pia = team.pic_id.to_string();
    assert_eq!(team.other.call_server_fn("set_user_active", &[("user", &pia), ("active", "false")]).await.status, 404);

    let done = app.call_server_fn("set_user_active", &[("user", &pia), ("active", "false")]).await;
    assert!(done.status.is_redirection() || done.status.is_success(), "{}", done.body);
    assert_eq!(team.pic.get("/boards").await.status, 303, "her session ended");
    let login = app.new_client().log_in(&team.pic_email, TEST_PASSWORD).await;
    assert_eq!(login.status, 400, "she cannot log in: {}", login.body);
    // Left out of the members and the pickers; her name stays on what she did.
    let board = team.board_id.to_string();
    let page: MembersPage = app.call_server_fn("members", &[("board", &board)]).await.json();
    assert!(!page.members.iter().any(|m| m.id == team.pic_id));
    let form: NewTaskForm = app.call_server_fn("new_task_form", &[("board", &board)]).await.json();
    assert!(!form.people.iter().any(|m| m.id == team.pic_id));
    assert!(app.get(&format!("/tasks/{id}")).await.body.contains("Pia 담당자"));
    // Nor is she mailed.
    crate::tasks::update(app, app, id, 1, &[("title", "Renamed while she is away")]).await;
    let last = outbox(app).await.pop().unwrap();
    assert!(last.recipients.is_empty(), "{:?}", last.recipients);
    assert!(users_page(app).await.iter().any(|u| u.id == team.pic_id && !u.active));
    // An admin cannot lock themself out.
    let me = team.supervisor_id.to_string();
    assert_eq!(app.call_server_fn("set_user_active", &[("user", &me), ("active", "false")]).await.status, 400);

    let back = app.call_server_fn("set_user_active", &[("user", &pia), ("active", "true")]).await;
    assert!(back.status.is_redirection() || back.status.is_success());
    assert_eq!(app.new_client().log_in(&team.pic_email, TEST_PASSWORD).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_emails_name_more_instance_admins() {
    let app = TestApp::builder().setting("ADMIN_EMAILS", "Boss@Example.com").spawn().await;
    app.sign_up_ok("First", &address(&app, "first")).await;
    let boss = app.new_client();
    boss.sign_up_ok("Boss", "boss@example.com").await;
    assert_eq!(users_page(&boss).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_renames_and_deletes_a_board_and_its_histories_stay() {
    let team = team().await;
    let app = &team.app;
    let board = team.board_id.to_string();
    let id = create(app, &team, "On the doomed board", Some(team.pic_id)).await;

    assert_eq!(team.pic.call_server_fn("rename_board", &[("board", &board), ("name", "Mine")]).await.status, 403);
    let blank = app.call_server_fn("rename_board", &[("board", &board), ("name", " ")]).await;
    assert_eq!(blank.status, 422);
    let renamed = app.call_server_fn("rename_board", &[("board", &board), ("name", "Launch 2027")]).await;
    assert!(renamed.status.is_redirection() || renamed.status.is_success(), "{}", renamed.body);
    let boards: Vec<BoardListing> = team.pic.call_server_fn("boards", &[]).await.json();
    assert_eq!(boards[0].name, "Launch 2027");
    assert!(app.get(&team.board_path("/members?delete_board=1")).await.body.contains(">Delete</button>"));

    assert_eq!(team.pic.call_server_fn("delete_board", &[("board", &board)]).await.status, 403);
    let deleted = app.call_server_fn("delete_board", &[("board", &board)]).await;
    assert!(deleted.status.is_redirection() || deleted.status.is_success(), "{}", deleted.body);
    assert_eq!(team.pic.get(&team.board_path("")).await.status, 404);
    assert_eq!(app.get(&format!("/tasks/{id}")).await.status, 404);
    let none: Vec<BoardListing> = team.pic.call_server_fn("boards", &[]).await.json();
    assert!(none.is_empty());
    // The task's deletion is in its history (the outbox, on its way to DynamoDB).
    let kinds: Vec<String> = audit_outbox::table
        .filter(audit_outbox::task_id.eq(id))
        .order(audit_outbox::id)
        .select(audit_outbox::kind)
        .load(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(kinds, ["created", "purged"], "deleted for good with its board");
    assert_eq!(app.get("/").await.header("location"), Some("/boards"), "home forgets the deleted board");
}
