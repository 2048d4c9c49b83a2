//! The REST API (`/api/v1`) and its personal access tokens: made once and shown once, stored
//! hashed, revoked and expired; tokens only on the API and cookies never; the permission matrix
//! through the API with exactly one audit event per allowed write; idempotent creates, stale
//! versions, the task list's filters and cursor, problem answers, the rate limit, the document.

use crate::{
    helpers::{TestApp, TestClient, TestResponse},
    tasks::{create, outbox, Caller, Matrix, CALLERS},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use http_body_util::Full;
use hyper::{body::Bytes, Request};
use serde_json::{json, Value};
use taskboard::{
    domain::{api_token::TokensPage, Message},
    i18n::Locale,
    server::db::schema::{api_tokens, tasks},
};

/// Makes a token on `client`'s account page and returns its secret.
async fn make_token(client: &TestClient, name: &str, access: &str) -> String {
    let response =
        client.call_server_fn("create_api_token", &[("name", name), ("access", access), ("expires", "")]).await;
    assert!(response.status.is_redirection() || response.status.is_success(), "{}", response.body);
    let page: TokensPage = client.call_server_fn("api_tokens", &[]).await.json();
    page.created.expect("the new token, shown once").secret
}

/// An API request with `token` (if any) from a client without cookies.
async fn api(app: &TestApp, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
    api_with(app, method, path, token, body, &[]).await
}

async fn api_with(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> TestResponse {
    let mut request = Request::builder().method(method).uri(format!("{}/api/v1{path}", app.address));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
    app.new_client().send(request.body(Full::new(body)).unwrap()).await
}

fn problem(response: &TestResponse, status: u16) -> Value {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.header("content-type"), Some("application/problem+json"), "{}", response.body);
    response.json()
}

async fn version(app: &TestApp, id: i64) -> i32 {
    tasks::table.find(id).select(tasks::version).first(&mut app.db().await).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_is_shown_once_kept_hashed_and_stops_working_when_revoked() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Tina Token", "tina@example.com").await;
    let board = app.create_board_ok("Scripts").await;

    // Bad input is refused beside its fields, and nothing is made.
    let refused =
        app.call_server_fn("create_api_token", &[("name", " "), ("access", "admin"), ("expires", "2020-01-01")]).await;
    assert_eq!(refused.status, 422);
    let error = refused.app_error();
    assert_eq!(error.field_message("name"), Some(Message::TokenNameMissing));
    assert_eq!(error.field_message("access"), Some(Message::ChooseAccess));
    assert_eq!(error.field_message("expires"), Some(Message::ExpiryPast));

    let secret = make_token(&app, "CI", "read").await;
    assert!(secret.starts_with("tbp_") && secret.len() == 44, "{secret}");
    let again: TokensPage = app.call_server_fn("api_tokens", &[]).await.json();
    assert_eq!(again.created, None, "shown once");
    assert_eq!(again.tokens.len(), 1);
    assert_eq!(again.tokens[0].name, "CI");
    assert_eq!(again.tokens[0].hint, secret[..8]);
    assert_eq!(again.tokens[0].last_used_at, None);
    let stored: String = api_tokens::table.select(api_tokens::secret_hash).first(&mut app.db().await).await.unwrap();
    assert_ne!(stored, secret, "only the hash is kept");
    assert!(!stored.contains(&secret[4..]));

    let boards = api(&app, "GET", "/boards", Some(&secret), None).await;
    assert_eq!(boards.status, 200, "{}", boards.body);
    let boards: Value = boards.json();
    assert_eq!(boards[0]["id"], board);
    assert_eq!(boards[0]["role"], "admin");
    let used: TokensPage = app.call_server_fn("api_tokens", &[]).await.json();
    assert!(used.tokens[0].last_used_at.is_some(), "last use is shown");

    // Logged out, the token server fns ask to log in.
    let anonymous = app.new_client();
    for (endpoint, form) in [
        ("api_tokens", vec![]),
        ("create_api_token", vec![("name", "x"), ("access", "read"), ("expires", "")]),
        ("revoke_api_token", vec![("id", "1")]),
    ] {
        assert_eq!(anonymous.call_server_fn(endpoint, &form).await.status, 401, "{endpoint}");
    }

    // Someone else cannot revoke it; its owner can, and then it no longer works.
    let other = app.new_client();
    other.sign_up_ok("Otto Other", "otto@example.com").await;
    let id = used.tokens[0].id.to_string();
    assert_eq!(other.call_server_fn("revoke_api_token", &[("id", &id)]).await.status, 404);
    assert_eq!(api(&app, "GET", "/boards", Some(&secret), None).await.status, 200);
    let revoked = app.call_server_fn("revoke_api_token", &[("id", &id)]).await;
    assert!(revoked.status.is_redirection() || revoked.status.is_success(), "{}", revoked.body);
    let after = api(&app, "GET", "/boards", Some(&secret), None).await;
    let body = problem(&after, 401);
    assert_eq!(body["code"], "unauthorised");
    assert!(after.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")));

    // An expired token is refused too.
    let expiring = make_token(&app, "Old", "read").await;
    diesel::update(api_tokens::table.filter(api_tokens::name.eq("Old")))
        .set(api_tokens::expires_at.eq(Some(chrono::Utc::now().naive_utc() - chrono::TimeDelta::seconds(1))))
        .execute(&mut app.db().await)
        .await
        .unwrap();
    problem(&api(&app, "GET", "/boards", Some(&expiring), None).await, 401);
    // As are a made-up token, another scheme and nothing.
    problem(&api(&app, "GET", "/boards", Some(&format!("tbp_{}", "a".repeat(40))), None).await, 401);
    problem(&api_with(&app, "GET", "/boards", None, None, &[("authorization", "Basic dGluYTpwdw==")]).await, 401);
    problem(&api(&app, "GET", "/boards", None, None).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn cookies_do_not_open_the_api_and_tokens_do_not_open_the_pages() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Cora Cookie", "cora@example.com").await;
    let board = app.create_board_ok("Private").await;
    let secret = make_token(&app, "bot", "write").await;

    // The logged-in browser's own cookie, sent to the API: refused, and no session is touched.
    let request = Request::get(format!("{}/api/v1/boards", app.address)).body(Full::default()).unwrap();
    assert!(app.session_cookie().is_some());
    let with_cookie = app.send(request).await;
    problem(&with_cookie, 401);
    assert!(with_cookie.header("set-cookie").is_none());

    // The token on page routes and server fns: nobody is logged in.
    let anonymous = app.new_client();
    let mut request = Request::get(format!("{}/boards/{board}", app.address)).body(Full::default()).unwrap();
    request.headers_mut().insert("authorization", format!("Bearer {secret}").parse().unwrap());
    let board_page = anonymous.send(request).await;
    assert!(board_page.status.is_redirection(), "{} {}", board_page.status, board_page.body);
    assert!(board_page.header("location").is_some_and(|l| l.starts_with("/login")));
    let request = Request::post(format!("{}/api/account_settings", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("authorization", format!("Bearer {secret}"))
        .body(Full::default())
        .unwrap();
    assert_eq!(anonymous.send(request).await.status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_applies_the_board_s_permissions_and_records_each_write_once() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    let mut tokens = Vec::new();
    for caller in CALLERS {
        tokens.push(match caller {
            Caller::Anonymous => None,
            _ => Some(make_token(matrix.client(caller), "matrix", "write").await),
        });
    }
    let editors = [false, false, false, false, true, true];
    let movers = [false, false, false, true, true, true];
    let members = [false, false, true, true, true, true];
    // (what, allowed callers, whether it writes)
    let cases: [(&str, [bool; 6]); 6] = [
        ("read", members),
        ("history", members),
        ("edit", editors),
        ("move", movers),
        ("comment", members),
        ("delete", editors),
    ];
    for (what, allowed) in cases {
        for (index, caller) in CALLERS.into_iter().enumerate() {
            let id = create(app, team, &format!("{what} by {caller:?}"), Some(team.pic_id)).await;
            let v = version(app, id).await;
            let before = outbox(app).await.len();
            let token = tokens[index].as_deref();
            let response = match what {
                "read" => api(app, "GET", &format!("/tasks/{id}"), token, None).await,
                "history" => api(app, "GET", &format!("/tasks/{id}/history"), token, None).await,
                "edit" => {
                    api(app, "PATCH", &format!("/tasks/{id}"), token, Some(json!({"version": v, "title": "Edited"})))
                        .await
                }
                "move" => {
                    api(app, "POST", &format!("/tasks/{id}/move"), token, Some(json!({"version": v, "status": "done"})))
                        .await
                }
                "comment" => {
                    api(app, "POST", &format!("/tasks/{id}/comments"), token, Some(json!({"body": "Looks good"}))).await
                }
                _ => api(app, "DELETE", &format!("/tasks/{id}?version={v}"), token, None).await,
            };
            let writes = !matches!(what, "read" | "history");
            let after = outbox(app).await.len();
            if allowed[index] {
                assert!(response.status.is_success(), "{what} by {caller:?}: {} {}", response.status, response.body);
                assert_eq!(after - before, usize::from(writes), "{what} by {caller:?}: one audit event per write");
            } else {
                let expected = match caller {
                    Caller::Anonymous => 401,
                    Caller::Outsider => 404,
                    _ => 403,
                };
                problem(&response, expected);
                assert_eq!(after, before, "{what} by {caller:?} was refused and wrote nothing");
            }
        }
    }

    // A read-only token of the supervisor, who may edit: reads, but cannot write.
    let read_only = make_token(&team.app, "reader", "read").await;
    let id = create(app, team, "Read only", None).await;
    assert_eq!(api(app, "GET", &format!("/tasks/{id}"), Some(&read_only), None).await.status, 200);
    let before = outbox(app).await.len();
    let refused =
        api(app, "PATCH", &format!("/tasks/{id}"), Some(&read_only), Some(json!({"version": 1, "title": "x"}))).await;
    assert_eq!(problem(&refused, 403)["detail"], Message::TokenReadOnly.text(Locale::en).as_ref());
    let refused =
        api(app, "POST", &format!("/boards/{}/tasks", team.board_id), Some(&read_only), Some(json!({"title": "x"})))
            .await;
    problem(&refused, 403);
    assert_eq!(outbox(app).await.len(), before);

    // An outsider learns nothing about the board, whatever they send.
    let outsider = tokens[1].as_deref();
    for path in ["", "/tasks", "/members", "/labels"] {
        problem(&api(app, "GET", &format!("/boards/{}{path}", team.board_id), outsider, None).await, 404);
    }
    let empty =
        api(app, "POST", &format!("/boards/{}/tasks", team.board_id), outsider, Some(json!({"title": ""}))).await;
    problem(&empty, 404);
    let boards: Value = api(app, "GET", "/boards", outsider, None).await.json();
    assert_eq!(boards, json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn creates_are_idempotent_and_stale_versions_are_refused() {
    let app = TestApp::builder().setting("NOTIFYING_WRITES_PER_MINUTE", "0").spawn().await;
    app.sign_up_ok("Ivy Idem", "ivy@example.com").await;
    let board = app.create_board_ok("Retries").await;
    let token = make_token(&app, "ci", "write").await;
    let path = format!("/boards/{board}/tasks");
    let new = json!({"title": "Deploy 1234", "description": "From CI", "deadline": null});
    let key = [("idempotency-key", "deploy-1234")];

    let first = api_with(&app, "POST", &path, Some(&token), Some(new.clone()), &key).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let first: Value = first.json();
    let again = api_with(&app, "POST", &path, Some(&token), Some(new.clone()), &key).await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.json::<Value>()["id"], first["id"], "the same key answers with the same task");
    let count: i64 =
        tasks::table.filter(tasks::board_id.eq(board)).count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(count, 1);
    assert_eq!(outbox(&app).await.len(), 1, "one audit event");
    // The same key with other fields: refused, naming the key, and nothing more is created.
    let changed = json!({"title": "Deploy 1234 again", "description": "From CI", "deadline": null});
    let reused = api_with(&app, "POST", &path, Some(&token), Some(changed), &key).await;
    let body = problem(&reused, 422);
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(body["errors"][0]["message"], Message::IdempotencyKeyReused.text(Locale::en).as_ref());
    let count: i64 =
        tasks::table.filter(tasks::board_id.eq(board)).count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!((count, outbox(&app).await.len()), (1, 1), "nothing created by the reused key");
    let other =
        api_with(&app, "POST", &path, Some(&token), Some(new.clone()), &[("idempotency-key", "deploy-1235")]).await;
    assert_ne!(other.json::<Value>()["id"], first["id"]);
    let bad_key = api_with(&app, "POST", &path, Some(&token), Some(new), &[("idempotency-key", "")]).await;
    problem(&bad_key, 422);

    // A change based on an old version: 409 with the version now, and nothing saved.
    let id = first["id"].as_i64().unwrap();
    let task = format!("/tasks/{id}");
    // A whole number written as a float is a whole number (JSON Schema says so); a fraction is not.
    let fraction = api(&app, "PATCH", &task, Some(&token), Some(json!({"version": 1.5, "title": "x"}))).await;
    problem(&fraction, 422);
    let saved =
        api(&app, "PATCH", &task, Some(&token), Some(json!({"version": 1.0, "title": "Deploy 1234 done"}))).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let saved: Value = saved.json();
    assert_eq!((saved["title"].as_str(), saved["version"].as_i64()), (Some("Deploy 1234 done"), Some(2)));
    assert_eq!(saved["description"], "From CI", "left out, kept");
    let stale = api(&app, "PATCH", &task, Some(&token), Some(json!({"version": 1, "title": "Overwritten"}))).await;
    let body = problem(&stale, 409);
    assert_eq!((body["code"].as_str(), body["current_version"].as_i64()), (Some("conflict"), Some(2)));
    let stale_move =
        api(&app, "POST", &format!("{task}/move"), Some(&token), Some(json!({"version": 1, "status": "done"}))).await;
    problem(&stale_move, 409);
    let title: String = tasks::table.find(id).select(tasks::title).first(&mut app.db().await).await.unwrap();
    assert_eq!(title, "Deploy 1234 done");
    // A late retry of the first request still answers with its task, renamed since: the retry is
    // compared with what was sent the first time, not with the task as it is now.
    let late = api_with(
        &app,
        "POST",
        &path,
        Some(&token),
        Some(json!({"title": "Deploy 1234", "description": "From CI", "deadline": null})),
        &key,
    )
    .await;
    assert_eq!(late.status, 201, "{}", late.body);
    assert_eq!(late.json::<Value>()["id"], first["id"]);

    // Trash and restore with the versions the answers give.
    let trashed = api(&app, "DELETE", &format!("{task}?version=2"), Some(&token), None).await;
    assert_eq!(trashed.status, 200, "{}", trashed.body);
    let trashed: Value = trashed.json();
    problem(&api(&app, "GET", &task, Some(&token), None).await, 404);
    let restored =
        api(&app, "POST", &format!("{task}/restore"), Some(&token), Some(json!({"version": trashed["version"]}))).await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(restored.json::<Value>()["version"], 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_task_list_pages_through_a_board_in_board_order_under_its_filters() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Lena List", "lena@example.com").await;
    let board = app.create_board_ok("Many").await;
    let token = make_token(&app, "lister", "read").await;
    let me: i64 = crate::tasks::user_id(&app, "lena@example.com").await;
    let mut fixtures = Vec::new();
    let titles: Vec<String> = (0..9).map(|n| format!("Report {n}")).collect();
    for (n, title) in titles.iter().enumerate() {
        let status = ["todo", "in_progress", "done"][n % 3];
        fixtures.push(crate::helpers::NewTask::new(board, title, status, (n as i64) * 1024, me));
    }
    app.insert_tasks(&fixtures).await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = cursor.as_ref().map_or("?limit=4".to_owned(), |c| format!("?limit=4&cursor={c}"));
        let page = api(&app, "GET", &format!("/boards/{board}/tasks{query}"), Some(&token), None).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let page: Value = page.json();
        pages += 1;
        for task in page["tasks"].as_array().unwrap() {
            seen.push((task["status"].as_str().unwrap().to_owned(), task["title"].as_str().unwrap().to_owned()));
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<(String, String)> = ["todo", "in_progress", "done"]
        .into_iter()
        .flat_map(|status| {
            (0..9)
                .filter(move |n| ["todo", "in_progress", "done"][n % 3] == status)
                .map(move |n| (status.to_owned(), format!("Report {n}")))
        })
        .collect();
    assert_eq!(seen, expected, "every task once, column by column, top to bottom");

    let done: Value = api(&app, "GET", &format!("/boards/{board}/tasks?status=done"), Some(&token), None).await.json();
    assert_eq!(done["tasks"].as_array().unwrap().len(), 3);
    let found: Value =
        api(&app, "GET", &format!("/boards/{board}/tasks?q=report%204"), Some(&token), None).await.json();
    assert_eq!(found["tasks"][0]["title"], "Report 4");
    assert_eq!(found["tasks"].as_array().unwrap().len(), 1);
    let details: Value = api(&app, "GET", &format!("/boards/{board}"), Some(&token), None).await.json();
    assert_eq!(
        details["columns"],
        json!([
            {"status": "todo", "tasks": 3}, {"status": "in_progress", "tasks": 3},
            {"status": "in_review", "tasks": 0}, {"status": "done", "tasks": 3}
        ])
    );

    problem(&api(&app, "GET", &format!("/boards/{board}/tasks?cursor=nonsense"), Some(&token), None).await, 422);
    problem(&api(&app, "GET", &format!("/boards/{board}/tasks?limit=0"), Some(&token), None).await, 422);
    problem(&api(&app, "GET", &format!("/boards/{board}/tasks?limit=abc"), Some(&token), None).await, 400);
    problem(&api(&app, "GET", &format!("/boards/{board}/tasks?status=later"), Some(&token), None).await, 400);
    problem(&api(&app, "GET", &format!("/boards/{}/tasks", board + 1000), Some(&token), None).await, 404);
    problem(&api(&app, "GET", "/boards/abc/tasks", Some(&token), None).await, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_the_form_s_message_as_a_problem_in_the_caller_s_language() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Kim Korean", "kim@example.com").await;
    let board = app.create_board_ok("보드").await;
    let token = make_token(&app, "bot", "write").await;
    let path = format!("/boards/{board}/tasks");

    let empty = api(&app, "POST", &path, Some(&token), Some(json!({"title": " ", "deadline": "2020-01-01"}))).await;
    let body = problem(&empty, 422);
    assert_eq!(body["errors"][0]["field"], "title");
    assert_eq!(body["errors"][0]["message"], Message::TitleMissing.text(Locale::en).as_ref());
    assert_eq!(body["errors"][1]["field"], "deadline");
    // In the account's language once it has one; before a token is read, the browser's.
    let saved =
        app.call_server_fn("save_preferences", &[("language", "ko"), ("time_zone", "Asia/Seoul"), ("theme", "")]).await;
    assert!(saved.status.is_redirection() || saved.status.is_success(), "{}", saved.body);
    let korean = api(&app, "POST", &path, Some(&token), Some(json!({"title": ""}))).await;
    assert_eq!(problem(&korean, 422)["errors"][0]["message"], Message::TitleMissing.text(Locale::ko).as_ref());
    let no_token = api_with(&app, "GET", "/boards", None, None, &[("accept-language", "ko-KR,ko;q=0.9")]).await;
    assert_eq!(problem(&no_token, 401)["detail"], Message::TokenInvalid.text(Locale::ko).as_ref());

    let outsider_pic = api(&app, "POST", &path, Some(&token), Some(json!({"title": "x", "pic": 999999}))).await;
    assert_eq!(problem(&outsider_pic, 422)["errors"][0]["field"], "pic");
    // Unreadable requests: 400, 415 and 422 as problems, never a 500.
    let request = Request::post(format!("{}/api/v1{path}", app.address))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(b"{\"title\": ")))
        .unwrap();
    problem(&app.new_client().send(request).await, 400);
    let request = Request::post(format!("{}/api/v1{path}", app.address))
        .header("authorization", format!("Bearer {token}"))
        .body(Full::new(Bytes::from_static(b"title=x")))
        .unwrap();
    problem(&app.new_client().send(request).await, 415);
    problem(&api(&app, "POST", &path, Some(&token), Some(json!({"title": 7}))).await, 422);
    problem(&api(&app, "POST", &path, Some(&token), Some(json!([]))).await, 422);
    problem(&api(&app, "GET", "/nowhere", Some(&token), None).await, 404);
    problem(&api(&app, "PUT", &path, Some(&token), None).await, 405);

    // A comment, and the task's history read through the API.
    let created: Value = api(&app, "POST", &path, Some(&token), Some(json!({"title": "Write the notes"}))).await.json();
    let id = created["id"].as_i64().unwrap();
    let comment =
        api(&app, "POST", &format!("/tasks/{id}/comments"), Some(&token), Some(json!({"body": "**Done** soon"}))).await;
    assert_eq!(comment.status, 201, "{}", comment.body);
    assert!(comment.json::<Value>()["html"].as_str().unwrap().contains("<strong>Done</strong>"));
    problem(&api(&app, "POST", &format!("/tasks/{id}/comments"), Some(&token), Some(json!({"body": ""}))).await, 422);
    let comments: Value = api(&app, "GET", &format!("/tasks/{id}/comments"), Some(&token), None).await.json();
    assert_eq!(comments["comments"].as_array().unwrap().len(), 1);
    app.relay_all().await;
    let history: Value = api(&app, "GET", &format!("/tasks/{id}/history"), Some(&token), None).await.json();
    assert!(history["entries"].as_array().unwrap().len() >= 2, "{history}");
    assert_eq!(history["verified"], true);
    let members: Value = api(&app, "GET", &format!("/boards/{board}/members"), Some(&token), None).await.json();
    assert_eq!(members[0]["name"], "Kim Korean");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_over_its_rate_is_told_when_to_come_back() {
    let app = TestApp::builder().setting("API_REQUESTS_PER_MINUTE", "3").spawn().await;
    app.sign_up_ok("Rita Rate", "rita@example.com").await;
    let token = make_token(&app, "fast", "read").await;
    for _ in 0..3 {
        assert_eq!(api(&app, "GET", "/boards", Some(&token), None).await.status, 200);
    }
    let refused = api(&app, "GET", "/boards", Some(&token), None).await;
    problem(&refused, 429);
    let wait: u64 = refused.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&wait));
    // Another token of the same person has its own count.
    let other = make_token(&app, "slow", "read").await;
    assert_eq!(api(&app, "GET", "/boards", Some(&other), None).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_describes_every_operation() {
    let app = TestApp::spawn().await;
    let response = api(&app, "GET", "/openapi.json", None, None).await;
    assert_eq!(response.status, 200);
    let document: Value = response.json();
    assert_eq!(document["openapi"], "3.1.0");
    for path in ["/api/v1/boards", "/api/v1/boards/{id}/tasks", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}/comments"] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
    assert!(document["components"]["schemas"]["Task"].is_object());
    assert!(document["components"]["schemas"]["Problem"].is_object());
}
