//! Accounts and sessions: every rule of the sign-up, login, logout and session issue.

use crate::helpers::{TestApp, SESSION_COOKIE, TEST_PASSWORD};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{AppError, FieldError, Message},
    server::{
        auth::session_store::row_key,
        db::schema::{sessions, users},
    },
};

fn field_errors(error: AppError) -> Vec<(String, String)> {
    match error {
        AppError::Invalid(errors) => {
            errors.into_iter().map(|FieldError { field, message }| (field, message.to_string())).collect()
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_logs_in_and_lands_on_the_board() {
    let app = TestApp::spawn().await;
    let response = app.sign_up("  김민아 ", "Mina@Example.com", TEST_PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.header("location"), Some("/"));
    let page = app.get("/boards").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("김민아"), "the user's name is on the page");
    assert!(page.body.contains(">Log out<"));

    let mut conn = app.db().await;
    let (email, name, hash): (String, String, String) =
        users::table.select((users::email, users::name, users::password_hash)).first(&mut conn).await.unwrap();
    assert_eq!(email, "mina@example.com", "stored lower-case");
    assert_eq!(name, "김민아", "stored trimmed");
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "argon2id with OWASP parameters: {hash}");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_bad_sign_up_field_gets_its_own_message() {
    let app = TestApp::spawn().await;
    let cases: [(&str, &str, &str, &str, &str); 7] = [
        ("", "a@example.com", TEST_PASSWORD, "name", "Enter your name."),
        (&"가".repeat(101), "a@example.com", TEST_PASSWORD, "name", "Use at most 100 characters."),
        ("Sam", "not-an-email", TEST_PASSWORD, "email", "Enter an email address like name@example.com."),
        ("Sam", "a@example.com", "short pw", "password", "Use at least 10 characters."),
        ("Sam", "a@example.com", &"x".repeat(129), "password", "Use at most 128 characters."),
        (
            "Sam",
            "a@example.com",
            "QwertyUIOP",
            "password",
            "This password is too common. Choose one that is harder to guess.",
        ),
        (
            "Sam",
            "a@example.com",
            "password123",
            "password",
            "This password is too common. Choose one that is harder to guess.",
        ),
    ];
    for (name, email, password, field, message) in cases {
        let response = app.sign_up(name, email, password).await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        assert_eq!(field_errors(response.app_error()), [(field.to_owned(), message.to_owned())]);
    }
    // Every wrong field at once.
    let fields: Vec<String> =
        field_errors(app.sign_up(" ", "x", "y").await.app_error()).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["name", "email", "password"]);

    let mut conn = app.db().await;
    let count: i64 = users::table.count().get_result(&mut conn).await.unwrap();
    assert_eq!(count, 0, "nothing was saved");
    assert!(app.session_cookie().is_none(), "nobody is logged in");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_email_can_have_only_one_account_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Mina", "mina@example.com").await;
    let other = app.new_client();
    let response = other.sign_up("Mina Two", "  MINA@example.COM", TEST_PASSWORD).await;
    assert_eq!(
        field_errors(response.app_error()),
        [("email".to_owned(), "An account with this email already exists.".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn log_in_accepts_the_right_password_and_any_case_of_email() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let browser = app.new_client();
    let response = browser.log_in("SAM@example.com ", TEST_PASSWORD).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(browser.get("/boards").await.body.contains(">Log out<"));
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let browser = app.new_client();
    let wrong_password = browser.log_in("sam@example.com", "not the password").await;
    let unknown_email = browser.log_in("nobody@example.com", "not the password").await;
    assert_eq!(wrong_password.status, unknown_email.status);
    assert_eq!(wrong_password.app_error(), AppError::Refused(Message::InvalidCredentials));
    assert_eq!(unknown_email.app_error(), AppError::Refused(Message::InvalidCredentials));
    assert!(browser.session_cookie().is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn after_login_only_a_local_next_path_is_followed() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let browser = app.new_client();
    let local = browser
        .call_server_fn("log_in", &[("email", "sam@example.com"), ("password", TEST_PASSWORD), ("next", "/tasks/7")])
        .await;
    assert_eq!(local.header("location"), Some("/tasks/7"));
    let browser = app.new_client();
    let foreign = browser
        .call_server_fn(
            "log_in",
            &[("email", "sam@example.com"), ("password", TEST_PASSWORD), ("next", "https://evil.example/")],
        )
        .await;
    assert_eq!(foreign.header("location"), Some("/"));
}

#[tokio::test(flavor = "multi_thread")]
async fn session_id_changes_on_login() {
    let app = TestApp::spawn().await;
    app.new_client().sign_up_ok("Sam", "sam@example.com").await;

    // An attacker-made session, planted in the victim's browser before they log in.
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let mut conn = app.db().await;
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(row_key(planted)),
            sessions::data.eq(r#"{"planted":true}"#),
            sessions::expiry_date.eq(chrono::Utc::now().naive_utc() + chrono::TimeDelta::hours(1)),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    let victim = app.new_client();
    victim.set_cookie(SESSION_COOKIE, planted);
    victim.log_in("sam@example.com", TEST_PASSWORD).await;

    let after = victim.session_cookie().expect("logged in");
    assert_ne!(after, planted, "the session id was cycled");
    let planted_rows: i64 =
        sessions::table.filter(sessions::id.eq(row_key(planted))).count().get_result(&mut conn).await.unwrap();
    assert_eq!(planted_rows, 0, "the planted session is gone");
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let cookie = app.session_cookie().unwrap();
    // A copy of the cookie (say, stolen) must die with the logout too.
    let copy = app.new_client();
    copy.set_cookie(SESSION_COOKIE, &cookie);
    assert_eq!(copy.get("/boards").await.status, 200);

    let response = app.call_server_fn("log_out", &[]).await;
    assert_eq!(response.header("location"), Some("/login"));
    assert!(app.session_cookie().is_none(), "the cookie is removed");
    let after = copy.get("/boards").await;
    assert_eq!(after.status, 303, "the copied cookie no longer logs anyone in");
    let mut conn = app.db().await;
    let rows: i64 =
        sessions::table.filter(sessions::id.eq(row_key(&cookie))).count().get_result(&mut conn).await.unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn anonymous_visitors_are_sent_to_login_and_back() {
    let app = TestApp::spawn().await;
    let board = app.get("/").await;
    assert_eq!(board.status, 303);
    assert_eq!(board.header("location"), Some("/login"));
    let task = app.get("/tasks/42?tab=history").await;
    assert_eq!(task.header("location"), Some("/login?next=/tasks/42%3Ftab%3Dhistory"));
    for public in ["/login", "/signup"] {
        assert_eq!(app.get(public).await.status, 200, "{public}");
    }
    assert_eq!(app.get("/favicon.svg").await.status, 200, "static files need no login");
}

#[tokio::test(flavor = "multi_thread")]
async fn anonymous_server_fn_calls_get_unauthorised_and_no_data() {
    let app = TestApp::spawn().await;
    let response = app.call_server_fn("board", &[("board", "1")]).await;
    assert_eq!(response.status, 401);
    assert_eq!(response.app_error(), AppError::Unauthorised);
    let me = app.call_server_fn("current_user", &[]).await;
    assert_eq!(me.body, "null");
}

#[tokio::test(flavor = "multi_thread")]
async fn five_failed_logins_lock_the_account_for_a_while() {
    let app = TestApp::spawn().await;
    app.new_client().sign_up_ok("Sam", "sam@example.com").await;
    let attacker = app.new_client();
    for _ in 0..5 {
        let refused = attacker.log_in("sam@example.com", "wrong password").await;
        assert_eq!(refused.app_error(), AppError::Refused(Message::InvalidCredentials));
    }
    // Now even the right password is refused, with a message that says why.
    let locked = app.new_client().log_in("sam@example.com", TEST_PASSWORD).await;
    assert_eq!(locked.app_error(), AppError::Refused(Message::TooManyAttempts));

    // The window is 15 minutes: move the failures into the past and the account opens again.
    let mut conn = app.db().await;
    diesel::sql_query("UPDATE login_attempts SET attempted_at = attempted_at - INTERVAL 16 MINUTE")
        .execute(&mut conn)
        .await
        .unwrap();
    let browser = app.new_client();
    assert_eq!(browser.log_in("sam@example.com", TEST_PASSWORD).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_failures_from_one_address_lock_that_address() {
    let app = TestApp::spawn().await;
    app.new_client().sign_up_ok("Sam", "sam@example.com").await;
    let attacker = app.new_client();
    // Spread over many accounts, so no single account reaches its limit of 5.
    for i in 0..20 {
        attacker.log_in(&format!("guess{}@example.com", i % 10), "wrong password").await;
    }
    let locked = attacker.log_in("sam@example.com", TEST_PASSWORD).await;
    assert_eq!(locked.app_error(), AppError::Refused(Message::TooManyAttempts));
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_site_requests_are_refused() {
    let app = TestApp::spawn().await;
    let form = [("name", "Sam"), ("email", "sam@example.com"), ("password", TEST_PASSWORD)];
    let evil_origin = app.call_server_fn_with_headers("sign_up", &form, &[("origin", "https://evil.example")]).await;
    assert_eq!(evil_origin.status, 403);
    let cross_site = app.call_server_fn_with_headers("sign_up", &form, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(cross_site.status, 403);
    let mut conn = app.db().await;
    let count: i64 = users::table.count().get_result(&mut conn).await.unwrap();
    assert_eq!(count, 0, "the refused requests changed nothing");

    let same_origin = app.call_server_fn_with_headers("sign_up", &form, &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(same_origin.status, 200, "{}", same_origin.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn session_cookie_is_http_only_and_same_site() {
    let app = TestApp::spawn().await;
    let response = app.sign_up("Sam", "sam@example.com", TEST_PASSWORD).await;
    let cookie = response.header("set-cookie").expect("a session cookie");
    assert!(cookie.starts_with("taskboard_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http locally: {cookie}");

    let https = TestApp::builder().setting("APP_BASE_URL", "https://tasks.example.com").spawn().await;
    let response = https
        .call_server_fn_with_headers(
            "sign_up",
            &[("name", "Sam"), ("email", "sam@example.com"), ("password", TEST_PASSWORD)],
            &[("origin", "https://tasks.example.com")],
        )
        .await;
    assert!(response.header("set-cookie").unwrap().contains("Secure"), "https base URL → Secure cookie");
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_end_after_their_absolute_lifetime() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    assert_eq!(app.get("/boards").await.status, 200);
    // Pretend the login happened eight days ago.
    let eight_days_ago = chrono::Utc::now().timestamp() - 8 * 24 * 3600;
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE sessions SET data = JSON_SET(data, '$.\"taskboard.authenticated_at\"', {eight_days_ago})"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(app.get("/boards").await.status, 303, "sent back to the login page");
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_sessions_expire_and_each_request_extends_them() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let cookie = app.session_cookie().unwrap();
    let mut conn = app.db().await;
    let first: chrono::NaiveDateTime = sessions::table
        .filter(sessions::id.eq(row_key(&cookie)))
        .select(sessions::expiry_date)
        .first(&mut conn)
        .await
        .unwrap();
    let idle = first - chrono::Utc::now().naive_utc();
    assert!(idle > chrono::TimeDelta::hours(11) && idle <= chrono::TimeDelta::hours(12), "12 hours idle: {idle}");

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.get("/boards").await.status, 200);
    let second: chrono::NaiveDateTime = sessions::table
        .filter(sessions::id.eq(row_key(&cookie)))
        .select(sessions::expiry_date)
        .first(&mut conn)
        .await
        .unwrap();
    assert!(second > first, "a request pushes the idle expiry back");

    // The next requests within five minutes write nothing; one after that pushes it again.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.get("/boards").await.status, 200);
    let third: chrono::NaiveDateTime = sessions::table
        .filter(sessions::id.eq(row_key(&cookie)))
        .select(sessions::expiry_date)
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(third, second, "no session write for every request");
    let data: String = sessions::table
        .filter(sessions::id.eq(row_key(&cookie)))
        .select(sessions::data)
        .first(&mut conn)
        .await
        .unwrap();
    let mut data: serde_json::Value = serde_json::from_str(&data).unwrap();
    let seen_at = data["taskboard.seen_at"].as_i64().expect("seen_at in the session");
    data["taskboard.seen_at"] = serde_json::json!(seen_at - 301);
    diesel::update(sessions::table.filter(sessions::id.eq(row_key(&cookie))))
        .set(sessions::data.eq(data.to_string()))
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(app.get("/boards").await.status, 200);
    let fourth: chrono::NaiveDateTime = sessions::table
        .filter(sessions::id.eq(row_key(&cookie)))
        .select(sessions::expiry_date)
        .first(&mut conn)
        .await
        .unwrap();
    assert!(fourth > third, "five minutes after the last push, a request pushes again");

    diesel::update(sessions::table.filter(sessions::id.eq(row_key(&cookie))))
        .set(sessions::expiry_date.eq(chrono::Utc::now().naive_utc() - chrono::TimeDelta::seconds(1)))
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(app.get("/boards").await.status, 303, "an idle-expired session logs nobody in");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_response_has_the_security_headers() {
    let app = TestApp::spawn().await;
    let page = app.get("/login").await;
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
    assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert!(!csp.contains("'unsafe-inline'"), "{csp}");
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));

    let again = app.get("/login").await;
    assert_ne!(again.header("content-security-policy"), Some(csp), "a new nonce per response");
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_request_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(300 * 1024);
    let response = app.sign_up("Sam", "sam@example.com", &huge).await;
    assert_eq!(response.status, 413);
}
