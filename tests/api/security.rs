//! Attacks from the security review (issue 14), each performed against the real server: every
//! test here does what an attacker would and checks that it fails.

use crate::{
    helpers::{TestApp, SESSION_COOKIE, TEST_PASSWORD},
    tasks::{create, team},
};
use taskboard::domain::AppError;

/// A title that closes `<title>` and opens a meta refresh would send every viewer of the task
/// elsewhere (CSP stops scripts, not a refresh). It must reach the head as text.
#[tokio::test(flavor = "multi_thread")]
async fn a_task_title_cannot_write_into_the_page_head() {
    let team = team().await;
    let app = &team.app;
    let attack = r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><script>alert(1)</script>"#;
    let id = create(app, app, attack, None).await;
    for page in [format!("/tasks/{id}"), "/".to_owned()] {
        let html = app.get(&page).await.body;
        let head = &html[..html.find("</head>").expect("a head")];
        assert!(!head.contains("http-equiv"), "{page}: the head holds only our own meta tags: {head}");
        assert!(!html.contains(r#"<meta http-equiv="refresh""#), "{page}: no injected element anywhere");
        assert!(!html.contains("<script>alert(1)</script>"), "{page}: no injected script");
    }
    let head = app.get(&format!("/tasks/{id}")).await.body;
    assert!(head.contains("<title>&lt;/title&gt;&lt;meta http-equiv="), "the title shows the text as typed: {head}");
}

/// Logging in on a session that is already logged in (someone else's planted or shared one)
/// must not keep its id: whoever knew the old id would ride on the new login.
#[tokio::test(flavor = "multi_thread")]
async fn every_login_gets_a_new_session_id() {
    let team = team().await;
    let browser = team.app.new_client();
    assert_eq!(browser.log_in(&team.pic_email, TEST_PASSWORD).await.status, 200);
    let first = browser.session_cookie().expect("logged in");
    assert_eq!(browser.log_in(&team.supervisor_email, TEST_PASSWORD).await.status, 200);
    let second = browser.session_cookie().expect("logged in again");
    assert_ne!(first, second, "a login on a logged-in session cycles its id");

    // The old id no longer logs anybody in.
    let attacker = team.app.new_client();
    attacker.set_cookie(SESSION_COOKIE, &first);
    assert_eq!(attacker.get("/").await.status, 303, "sent to the login page");
}

/// On https the session cookie carries the `__Host-` prefix: a browser then only accepts it
/// when Secure, for the whole site and from this host, so a sibling subdomain cannot plant one.
#[tokio::test(flavor = "multi_thread")]
async fn the_session_cookie_is_host_only_on_https() {
    let https = TestApp::builder().setting("APP_BASE_URL", "https://tasks.example.com").spawn().await;
    let response = https
        .call_server_fn_with_headers(
            "sign_up",
            &[("name", "Sam"), ("email", "sam@example.com"), ("password", TEST_PASSWORD)],
            &[("origin", "https://tasks.example.com")],
        )
        .await;
    let cookie = response.header("set-cookie").expect("a session cookie");
    assert!(cookie.starts_with("__Host-taskboard_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

/// Pages and server fn answers for a logged-in user must not be kept by a shared cache or the
/// browser's back-forward cache after logout.
#[tokio::test(flavor = "multi_thread")]
async fn authenticated_answers_are_not_stored() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, app, "Private", None).await;
    for response in [
        app.get("/").await,
        app.get(&format!("/tasks/{id}")).await,
        app.call_server_fn("task", &[("id", &id.to_string())]).await,
    ] {
        assert_eq!(response.header("cache-control"), Some("no-store"), "{}", response.status);
    }
}

/// Anonymous requests that are going to be refused must not cost an Argon2 run (19 MiB and a
/// core each): 24 concurrent resets with made-up links took the server from 72 MB to 505 MB
/// when the password was hashed before the link was checked.
#[tokio::test(flavor = "multi_thread")]
async fn made_up_reset_links_and_taken_addresses_never_reach_argon2() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let runs = app.argon2_runs();

    let resets: Vec<_> = (0..24)
        .map(|i| {
            let client = app.new_client();
            tokio::spawn(async move {
                let token = format!("made-up-{i}");
                client.call_server_fn("reset_password", &[("token", &token), ("password", "a brand new passphrase")]).await
            })
        })
        .collect();
    for reset in resets {
        let answer = reset.await.unwrap();
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(
            answer.app_error(),
            AppError::Refused("This reset link is invalid, used or expired. Ask for a new one.".into())
        );
    }
    let taken = app.new_client().sign_up("Sam Again", "sam@example.com", TEST_PASSWORD).await;
    assert_eq!(taken.app_error().field_message("email").as_deref(), Some("An account with this email already exists."));
    assert_eq!(app.argon2_runs(), runs, "none of them ran Argon2");
}
