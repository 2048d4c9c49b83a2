//! Languages, time zones and themes (issue 16): what an account stores, what a page is drawn in,
//! and "overdue" on the viewer's own calendar.

use crate::{
    helpers::{TestApp, TestClient, TestResponse, TEST_PASSWORD},
    tasks::{create, team, update},
};
use chrono::Timelike;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{AppError, BoardPage, Message},
    server::db::schema::users,
};

fn address(app: &TestApp, name: &str) -> String {
    format!("{name}-{}@example.com", &app.table_prefix[5..17])
}

/// A page as a browser that asks for `language` gets it.
async fn get_in(client: &TestClient, path: &str, language: &str) -> TestResponse {
    client.get_with_headers(path, &[("accept-language", language)]).await
}

/// The stored language, zone and theme of the account with `email`.
async fn stored(app: &TestApp, email: &str) -> (Option<String>, String, Option<String>) {
    users::table
        .filter(users::email.eq(email))
        .select((users::locale, users::time_zone, users::theme))
        .first(&mut app.db().await)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_up_keeps_the_pages_language_and_the_browsers_zone() {
    let app = TestApp::spawn().await;
    let korean = address(&app, "mina");
    let response = app
        .call_server_fn_with_headers(
            "sign_up",
            &[("name", "김민아"), ("email", &korean), ("password", TEST_PASSWORD), ("time_zone", "Asia/Seoul")],
            &[("accept-language", "ko-KR,ko;q=0.9")],
        )
        .await;
    assert!(response.status.is_redirection() || response.status.is_success(), "{}", response.body);
    assert_eq!(stored(&app, &korean).await, (Some("ko".into()), "Asia/Seoul".into(), None));

    // Without JavaScript no zone comes along, and a zone the server does not know is not kept.
    let english = address(&app, "sam");
    let other = app.new_client();
    let form = [("name", "Sam"), ("email", english.as_str()), ("password", TEST_PASSWORD), ("time_zone", "Mars/Base")];
    other.call_server_fn("sign_up", &form).await;
    assert_eq!(stored(&app, &english).await, (Some("en".into()), "UTC".into(), None));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_account_page_saves_language_zone_and_theme_and_refuses_what_it_does_not_know() {
    let app = TestApp::spawn().await;
    let email = address(&app, "ann");
    app.sign_up_ok("Ann", &email).await;

    let page = app.get("/account").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<html lang=\"en\""), "{}", &page.body[..200]);
    assert!(page.body.contains("Asia/Seoul"), "the zones to choose from");

    let bad = app
        .call_server_fn("save_preferences", &[("language", "fr"), ("time_zone", "Asia/Nowhere"), ("theme", "pink")])
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let error = bad.app_error();
    assert_eq!(error.field_message("language"), Some(Message::ChooseLanguage));
    assert_eq!(error.field_message("time_zone"), Some(Message::ChooseTimeZone));
    assert_eq!(error.field_message("theme"), Some(Message::ChooseTheme));
    assert_eq!(stored(&app, &email).await, (Some("en".into()), "UTC".into(), None), "nothing saved");

    let saved = app
        .call_server_fn("save_preferences", &[("language", "ko"), ("time_zone", "Asia/Seoul"), ("theme", "dark")])
        .await;
    assert_eq!(saved.header("location"), Some("/account?saved=1"), "{}", saved.body);
    assert_eq!(stored(&app, &email).await, (Some("ko".into()), "Asia/Seoul".into(), Some("dark".into())));

    // The setting wins over what the browser asks for; the page is drawn in it, dark.
    let page = get_in(&app, "/account?saved=1", "en-US,en").await;
    assert!(page.body.contains("<html lang=\"ko\" class=\"dark\""), "{}", &page.body[..200]);
    assert!(page.body.contains("저장했습니다.") && page.body.contains("시간대"));

    let anonymous = app.new_client();
    let refused =
        anonymous.call_server_fn("save_preferences", &[("language", "ko"), ("time_zone", "UTC"), ("theme", "")]).await;
    assert_eq!(refused.app_error(), AppError::Unauthorised);
}

#[tokio::test(flavor = "multi_thread")]
async fn logged_out_pages_follow_the_browser_and_a_cookie_keeps_their_theme() {
    let app = TestApp::spawn().await;
    let visitor = app.new_client();
    let korean = get_in(&visitor, "/login", "ko-KR,ko;q=0.9,en;q=0.8").await;
    assert!(korean.body.contains("<html lang=\"ko\""), "{}", &korean.body[..200]);
    assert!(korean.body.contains("비밀번호를 잊으셨나요?"));
    let english = get_in(&visitor, "/login", "fr-FR,en;q=0.5").await;
    assert!(english.body.contains("<html lang=\"en\"") && english.body.contains("Forgot password?"));

    let toggled = visitor.call_server_fn("set_theme", &[("theme", "dark"), ("back", "/login")]).await;
    assert_eq!(toggled.header("location"), Some("/login"), "{}", toggled.body);
    assert!(toggled.header("set-cookie").is_some_and(|c| c.starts_with("taskboard_theme=dark;")));
    let page = visitor.get("/login").await;
    assert!(page.body.contains("<html lang=\"en\" class=\"dark\""), "{}", &page.body[..200]);
    // Somewhere else than this site is not a way back.
    let elsewhere = visitor.call_server_fn("set_theme", &[("theme", "light"), ("back", "https://evil.example")]).await;
    assert_eq!(elsewhere.header("location"), Some("/"));
    assert_eq!(visitor.call_server_fn("set_theme", &[("theme", "sepia")]).await.status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_header_toggle_is_kept_with_the_account() {
    let app = TestApp::spawn().await;
    let email = address(&app, "dee");
    app.sign_up_ok("Dee", &email).await;
    app.call_server_fn("set_theme", &[("theme", "dark"), ("back", "/boards")]).await;
    assert_eq!(stored(&app, &email).await.2.as_deref(), Some("dark"));
    // Another browser, without the cookie: the account's theme.
    let laptop = app.new_client();
    laptop.log_in(&email, TEST_PASSWORD).await;
    assert!(laptop.get("/boards").await.body.contains("class=\"dark\""));
}

/// A task due the day before the viewer's today is overdue, on the viewer's calendar: whichever
/// zone puts the viewer on another date than UTC right now shows it differently from UTC.
#[tokio::test(flavor = "multi_thread")]
async fn overdue_follows_the_viewers_own_date() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Due soon", None).await;
    let now = chrono::Utc::now();
    let utc_today = now.date_naive();
    // Before 10:00 UTC, Pago Pago (UTC−11) is still on yesterday; from 10:00, Kiritimati
    // (UTC+14) is on tomorrow.
    let (zone, deadline, overdue_there, overdue_in_utc) = if now.hour() < 10 {
        ("Pacific/Pago_Pago", utc_today.pred_opt().unwrap(), false, true)
    } else {
        ("Pacific/Kiritimati", utc_today, true, false)
    };
    let response = update(app, app, id, 1, &[("deadline", &deadline.format("%Y-%m-%d").to_string())]).await;
    assert!(response.status.is_redirection() || response.status.is_success(), "{}", response.body);

    assert_eq!(overdue(&team.pic, team.board_id, id).await, overdue_in_utc, "Pia reads the board in UTC");
    team.pic.call_server_fn("save_preferences", &[("language", "en"), ("time_zone", zone), ("theme", "")]).await;
    assert_eq!(overdue(&team.pic, team.board_id, id).await, overdue_there, "Pia in {zone}");
}

/// Whether card `id` on board `board` shows as overdue to `client`.
async fn overdue(client: &TestClient, board: i64, id: i64) -> bool {
    let page: BoardPage = client.call_server_fn("board", &[("board", &board.to_string())]).await.json();
    page.board.card(id).expect("the card").overdue()
}
