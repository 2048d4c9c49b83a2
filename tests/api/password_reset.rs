//! Password reset: emailed single-use link, one hour, ends every session, no account probing.

use crate::helpers::{ses_emails, ses_emails_to, TestApp, TEST_PASSWORD};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::time::Duration;
use taskboard::{
    domain::{AppError, Message},
    server::{
        db::schema::{password_resets, sessions},
        password_reset::hash_token,
    },
};

const NEW_PASSWORD: &str = "copper lantern meadow";

/// A unique address, so tests sharing the SES stand-in find their own mail.
fn unique_email(name: &str) -> String {
    format!("{name}-{:012x}@example.com", rand::random::<u64>() >> 16)
}

/// Asks for a reset of `email` and returns the token from the link in the email.
async fn emailed_token(app: &TestApp, email: &str) -> String {
    let response = app.new_client().call_server_fn("request_password_reset", &[("email", email)]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    // Mail goes to the address as the account stores it: lower-case.
    let emails = ses_emails_to(&email.to_lowercase(), 1, Duration::from_secs(15)).await;
    let text = emails[0]["body"]["text"].as_str().expect("a text part");
    let start = text.find("/reset-password?token=").expect("a reset link") + "/reset-password?token=".len();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_sets_a_new_password_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let email = unique_email("mina");
    app.sign_up_ok("Mina", &email).await;
    let laptop = app.new_client();
    laptop.log_in(&email, TEST_PASSWORD).await;
    assert_eq!(laptop.get("/boards").await.status, 200);

    let token = emailed_token(&app, &email.to_uppercase()).await;
    let emails = ses_emails_to(&email, 1, Duration::from_secs(1)).await;
    assert_eq!(emails[0]["subject"], "Reset your Taskboard password");
    assert!(emails[0]["body"]["html"].as_str().unwrap().contains("Hello Mina"));

    let browser = app.new_client();
    assert_eq!(browser.call_server_fn("check_reset_link", &[("token", &token)]).await.body, "true");
    let response = browser.call_server_fn("reset_password", &[("token", &token), ("password", NEW_PASSWORD)]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.header("location"), Some("/login?reset=done"));

    // Both earlier sessions are over, on the server.
    assert_eq!(app.get("/boards").await.status, 303);
    assert_eq!(laptop.get("/boards").await.status, 303);
    let mut conn = app.db().await;
    let left: i64 =
        sessions::table.filter(sessions::user_id.is_not_null()).count().get_result(&mut conn).await.unwrap();
    assert_eq!(left, 0);

    let old = app.new_client().log_in(&email, TEST_PASSWORD).await;
    assert_eq!(old.app_error(), AppError::Refused(Message::InvalidCredentials));
    assert_eq!(app.new_client().log_in(&email, NEW_PASSWORD).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_answer_is_the_same_whether_or_not_the_account_exists() {
    let app = TestApp::spawn().await;
    let known = unique_email("known");
    let unknown = unique_email("unknown");
    app.sign_up_ok("Known", &known).await;

    let browser = app.new_client();
    let for_unknown = browser.call_server_fn("request_password_reset", &[("email", &unknown)]).await;
    let for_known = browser.call_server_fn("request_password_reset", &[("email", &known)]).await;
    assert_eq!((for_known.status, for_known.body.as_str()), (for_unknown.status, for_unknown.body.as_str()));

    // Once the known address has its email, the unknown one has had as long: it gets none.
    ses_emails_to(&known, 1, Duration::from_secs(15)).await;
    assert!(ses_emails(&unknown).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_works_once() {
    let app = TestApp::spawn().await;
    let email = unique_email("sam");
    app.sign_up_ok("Sam", &email).await;
    let token = emailed_token(&app, &email).await;
    let browser = app.new_client();
    let first = browser.call_server_fn("reset_password", &[("token", &token), ("password", NEW_PASSWORD)]).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let second =
        browser.call_server_fn("reset_password", &[("token", &token), ("password", "another fine passphrase")]).await;
    assert_eq!(second.app_error(), AppError::Refused(Message::ResetLinkInvalid));
    assert_eq!(browser.call_server_fn("check_reset_link", &[("token", &token)]).await.body, "false");
    assert_eq!(app.new_client().log_in(&email, NEW_PASSWORD).await.status, 200, "the second use changed nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_expires_after_an_hour() {
    let app = TestApp::spawn().await;
    let email = unique_email("sam");
    app.sign_up_ok("Sam", &email).await;
    let token = emailed_token(&app, &email).await;

    let mut conn = app.db().await;
    let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) = password_resets::table
        .select((password_resets::created_at, password_resets::expires_at))
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(expires - created, chrono::TimeDelta::hours(1));
    diesel::sql_query("UPDATE password_resets SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND")
        .execute(&mut conn)
        .await
        .unwrap();

    let response =
        app.new_client().call_server_fn("reset_password", &[("token", &token), ("password", NEW_PASSWORD)]).await;
    assert_eq!(response.app_error(), AppError::Refused(Message::ResetLinkInvalid));
    assert_eq!(app.new_client().log_in(&email, TEST_PASSWORD).await.status, 200, "the old password still works");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_hash_of_the_token_is_stored() {
    let app = TestApp::spawn().await;
    let email = unique_email("sam");
    app.sign_up_ok("Sam", &email).await;
    let token = emailed_token(&app, &email).await;
    let mut conn = app.db().await;
    let stored: String = password_resets::table.select(password_resets::token_hash).first(&mut conn).await.unwrap();
    assert_eq!(stored, hash_token(&token));
    assert!(!stored.contains(&token));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_weak_new_password_is_refused_and_the_link_stays_usable() {
    let app = TestApp::spawn().await;
    let email = unique_email("sam");
    app.sign_up_ok("Sam", &email).await;
    let token = emailed_token(&app, &email).await;
    let browser = app.new_client();
    for weak in ["short", "qwertyuiop"] {
        let response = browser.call_server_fn("reset_password", &[("token", &token), ("password", weak)]).await;
        assert_eq!(response.status, 422, "{weak}");
        assert!(response.app_error().field_message("password").is_some(), "{weak}");
    }
    assert_eq!(browser.call_server_fn("check_reset_link", &[("token", &token)]).await.body, "true");
}
