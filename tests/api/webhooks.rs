//! Webhooks: only a board's admins manage them; no URL on our own network is accepted; each
//! event reaches the receiver signed, in order per task, again after the receiver was down, and
//! a webhook that keeps failing is switched off until switched on again, losing nothing.

use crate::{
    helpers::{TestApp, TestClient},
    tasks::{create, team_on, Matrix, Team},
};
use axum::{extract::State, http::HeaderMap, routing::post, Router};
use hmac::{KeyInit, Mac};
use serde_json::Value;
use std::sync::{
    atomic::{AtomicU16, Ordering},
    Arc, Mutex,
};
use taskboard::domain::{audit::AuditKind, webhook::WebhooksPage, Message};

/// A receiver on a random local port: answers every POST with `status` and keeps what came.
#[derive(Clone, Default)]
struct Receiver {
    status: Arc<AtomicU16>,
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

impl Receiver {
    async fn start() -> (Receiver, String) {
        let receiver = Receiver::default();
        receiver.status.store(200, Ordering::SeqCst);
        let app = Router::new()
            .route(
                "/hook",
                post(|State(receiver): State<Receiver>, headers: HeaderMap, body: String| async move {
                    receiver.got.lock().unwrap().push((headers, body));
                    axum::http::StatusCode::from_u16(receiver.status.load(Ordering::SeqCst)).unwrap()
                }),
            )
            .with_state(receiver.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (receiver, url)
    }

    fn bodies(&self) -> Vec<Value> {
        self.got.lock().unwrap().iter().map(|(_, body)| serde_json::from_str(body).unwrap()).collect()
    }
}

async fn add(client: &TestClient, board: i64, url: &str) -> crate::helpers::TestResponse {
    client.call_server_fn("add_webhook", &[("board", &board.to_string()), ("url", url)]).await
}

async fn page(client: &TestClient, board: i64) -> WebhooksPage {
    let response = client.call_server_fn("webhooks", &[("board", &board.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

/// A team whose app may deliver to this machine (a local instance's allowance), driven by hand.
async fn local_team() -> Team {
    team_on(
        TestApp::builder()
            .setting("WEBHOOK_PRIVATE_ADDRESSES", "allow")
            .setting("NOTIFYING_WRITES_PER_MINUTE", "0")
            .without_workers()
            .spawn()
            .await,
    )
    .await
}

fn hmac_hex(secret: &str, signed: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admins_add_webhooks_and_never_to_our_own_network() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let board = team.board_id;
    // A member who is not an admin, and an outsider.
    let refused = add(&team.other, board, "https://hooks.example.com/x").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(add(&matrix.outsider, board, "https://hooks.example.com/x").await.status, 404);
    assert_eq!(team.other.call_server_fn("webhooks", &[("board", &board.to_string())]).await.status, 403);
    assert_eq!(matrix.outsider.call_server_fn("webhooks", &[("board", &board.to_string())]).await.status, 404);

    // Addresses on this machine or its network, by number or by name: refused beside the field.
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://[::1]/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:3000/hook",
    ] {
        let response = add(&matrix.admin, board, url).await;
        assert_eq!(response.status, 422, "{url}: {}", response.body);
        assert_eq!(response.app_error().field_message("url"), Some(Message::WebhookPrivateAddress), "{url}");
    }
    for (url, message) in [
        ("ftp://hooks.example.com/", Message::WebhookHttpsOnly),
        ("hooks.example.com", Message::WebhookUrlInvalid),
        ("https://user:secret@hooks.example.com/", Message::WebhookUrlInvalid),
    ] {
        assert_eq!(add(&matrix.admin, board, url).await.app_error().field_message("url"), Some(message), "{url}");
    }
    assert!(page(&matrix.admin, board).await.webhooks.is_empty(), "nothing was added");

    // Deleting or switching on a webhook: its board's admins only (404 outside, 403 inside).
    let insert = diesel::sql_query(format!(
        "INSERT INTO webhooks (id, board_id, url, secret, created_at, disabled_at) \
         VALUES (77, {board}, 'https://hooks.example.com/x', 'whsec_x', NOW(6), NOW(6))"
    ));
    // Called by its trait's name: the receiver's `status.load` would be taken for a query's.
    diesel_async::RunQueryDsl::execute(insert, &mut team.app.db().await).await.unwrap();
    for endpoint in ["switch_on_webhook", "delete_webhook"] {
        assert_eq!(team.anonymous.call_server_fn(endpoint, &[("id", "77")]).await.status, 401, "{endpoint}");
        assert_eq!(matrix.outsider.call_server_fn(endpoint, &[("id", "77")]).await.status, 404, "{endpoint}");
        assert_eq!(team.other.call_server_fn(endpoint, &[("id", "77")]).await.status, 403, "{endpoint}");
        assert_eq!(team.pic.call_server_fn(endpoint, &[("id", "77")]).await.status, 403, "{endpoint}");
        assert_eq!(
            matrix.admin.call_server_fn(endpoint, &[("id", "78")]).await.status,
            404,
            "{endpoint}: no such webhook"
        );
    }
    assert_eq!(page(&matrix.admin, board).await.webhooks.len(), 1, "nothing changed");
    let on = matrix.admin.call_server_fn("switch_on_webhook", &[("id", "77")]).await;
    assert!(on.status.is_redirection() || on.status.is_success(), "{}", on.body);
    assert_eq!(page(&matrix.admin, board).await.webhooks[0].disabled_at, None);
    let deleted = team.app.call_server_fn("delete_webhook", &[("id", "77")]).await;
    assert!(deleted.status.is_redirection() || deleted.status.is_success(), "{}", deleted.body);
    assert!(page(&matrix.admin, board).await.webhooks.is_empty());
    // Deleting is in the board's activity (switching on is not: it changes no setting).
    let events = crate::tasks::board_events(&team.app, board).await;
    let last = events.last().unwrap();
    assert_eq!(
        (last.kind, last.changes[0].old.as_deref()),
        (AuditKind::WebhookDeleted, Some("https://hooks.example.com/x"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn events_arrive_signed_in_order_and_again_after_the_receiver_was_down() {
    let team = local_team().await;
    let app = &team.app;
    let (receiver, url) = Receiver::start().await;
    let added = add(app, team.board_id, &url).await;
    assert!(added.status.is_redirection() || added.status.is_success(), "{}", added.body);
    let hook = page(app, team.board_id).await.webhooks.pop().unwrap();
    assert!(hook.secret.starts_with("whsec_"));
    // The board's activity says who added it (the webhook is not sent its own adding: below,
    // the first thing it gets is the task's creation).
    let events = crate::tasks::board_events(app, team.board_id).await;
    let last = events.last().unwrap();
    assert_eq!((last.kind, last.changes[0].new.as_deref()), (AuditKind::WebhookAdded, Some(hook.url.as_str())));

    // Two events of one task: the second goes out only once the first is through.
    let id = create(app, &team, "Ship it", Some(team.pic_id)).await;
    let moved =
        team.pic.call_server_fn("move_task", &[("id", &id.to_string()), ("version", "1"), ("status", "done")]).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(app.deliver_webhooks_at(now).await, 1, "one per task at a time");
    assert_eq!(app.deliver_webhooks_at(now).await, 1);
    assert_eq!(app.deliver_webhooks_at(now).await, 0);
    let bodies = receiver.bodies();
    let kinds: Vec<&str> = bodies.iter().map(|b| b["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "moved"]);
    assert_eq!(bodies[0]["task"]["id"], id);
    assert_eq!(bodies[0]["board"]["id"], team.board_id);
    assert_eq!(bodies[1]["actor"]["name"], "Pia 담당자");
    assert!(!receiver.got.lock().unwrap()[0].1.contains(&team.pic_email), "no recipients' addresses");

    // Each is signed with the webhook's secret over its timestamp and body.
    for (headers, body) in receiver.got.lock().unwrap().iter() {
        let signature = headers["taskboard-signature"].to_str().unwrap();
        let (t, v1) = signature.strip_prefix("t=").unwrap().split_once(",v1=").unwrap();
        assert_eq!(v1, hmac_hex(&hook.secret, &format!("{t}.{body}")));
        assert!((chrono::Utc::now().timestamp() - t.parse::<i64>().unwrap()).abs() < 60);
        assert_eq!(headers["content-type"], "application/json");
        assert!(headers.contains_key("taskboard-delivery"));
    }

    // The receiver is down (500): the event waits, and goes again after the backoff.
    receiver.status.store(500, Ordering::SeqCst);
    create(app, &team, "Write notes", None).await;
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(app.deliver_webhooks_at(now).await, 1);
    let failing = page(app, team.board_id).await.webhooks.pop().unwrap();
    assert_eq!((failing.failures, failing.last_status, failing.waiting), (1, Some(500), 1));
    assert_eq!(app.deliver_webhooks_at(now).await, 0, "not before its retry is due");
    receiver.status.store(200, Ordering::SeqCst);
    assert_eq!(app.deliver_webhooks_at(now + chrono::TimeDelta::seconds(3)).await, 1);
    let healthy = page(app, team.board_id).await.webhooks.pop().unwrap();
    assert_eq!((healthy.failures, healthy.last_status, healthy.waiting), (0, Some(200), 0));
    let got = receiver.got.lock().unwrap();
    assert_eq!(got.len(), 4);
    assert_eq!(got[2].0["taskboard-delivery"], got[3].0["taskboard-delivery"], "the same event, again");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_webhook_that_keeps_failing_is_switched_off_and_loses_nothing() {
    let team = local_team().await;
    let app = &team.app;
    let (receiver, url) = Receiver::start().await;
    add(app, team.board_id, &url).await;
    receiver.status.store(503, Ordering::SeqCst);
    create(app, &team, "Flaky", None).await;
    let mut at = chrono::Utc::now().naive_utc();
    for _ in 0..15 {
        assert_eq!(app.deliver_webhooks_at(at).await, 1);
        at += chrono::TimeDelta::hours(2);
    }
    let off = page(app, team.board_id).await.webhooks.pop().unwrap();
    assert!(off.disabled_at.is_some(), "switched off after 15 failures in a row");
    assert_eq!(off.waiting, 1);
    create(app, &team, "While it is off", None).await;
    assert_eq!(app.deliver_webhooks_at(at).await, 0, "nothing goes to a switched-off webhook");

    // An admin switches it on: both events go out.
    receiver.status.store(204, Ordering::SeqCst);
    let on = app.call_server_fn("switch_on_webhook", &[("id", &off.id.to_string())]).await;
    assert!(on.status.is_redirection() || on.status.is_success(), "{}", on.body);
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(app.deliver_webhooks_at(now).await, 2, "two tasks, one event each");
    let mut titles: Vec<String> =
        receiver.bodies().iter().skip(15).map(|b| b["task"]["title"].as_str().unwrap().to_owned()).collect();
    titles.sort();
    assert_eq!(titles, ["Flaky", "While it is off"]);

    // Deleting it takes its queue along.
    let other = app.call_server_fn("delete_webhook", &[("id", &off.id.to_string())]).await;
    assert!(other.status.is_redirection() || other.status.is_success(), "{}", other.body);
    assert!(page(app, team.board_id).await.webhooks.is_empty());
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_board_is_told_to_its_webhooks_which_go_once_they_are_through() {
    let team = local_team().await;
    let app = &team.app;
    let (receiver, url) = Receiver::start().await;
    add(app, team.board_id, &url).await;
    let id = create(app, &team, "Pack up", None).await;
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(app.deliver_webhooks_at(now).await, 1, "the creation");

    // The board is deleted while its receiver is down: the task's end and the board's wait.
    receiver.status.store(502, Ordering::SeqCst);
    let deleted = app.call_server_fn("delete_board", &[("board", &team.board_id.to_string())]).await;
    assert!(deleted.status.is_redirection() || deleted.status.is_success(), "{}", deleted.body);
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(app.deliver_webhooks_at(now).await, 2, "a task's purge and the board's deletion");
    assert_eq!(app.deliver_webhooks_at(now).await, 0, "not before their retry is due");
    let webhooks_left = || async {
        let query = diesel::sql_query("SELECT COUNT(*) AS n FROM webhooks");
        diesel_async::RunQueryDsl::get_result::<Count>(query, &mut app.db().await).await.unwrap().n
    };
    assert_eq!(webhooks_left().await, 1, "kept while something waits for it");

    // Back up: both arrive, once more, and then the webhook is gone.
    receiver.status.store(200, Ordering::SeqCst);
    let later = now + chrono::TimeDelta::seconds(3);
    assert_eq!(app.deliver_webhooks_at(later).await, 2);
    let mut last: Vec<(String, Option<i64>, i64)> = receiver
        .bodies()
        .iter()
        .skip(3)
        .map(|b| (b["kind"].as_str().unwrap().to_owned(), b["task"]["id"].as_i64(), b["board"]["id"].as_i64().unwrap()))
        .collect();
    last.sort();
    assert_eq!(
        last,
        [("board_deleted".to_owned(), None, team.board_id), ("purged".to_owned(), Some(id), team.board_id)]
    );
    assert_eq!(webhooks_left().await, 1, "until a round with nothing to send drops it");
    assert_eq!(app.deliver_webhooks_at(later).await, 0);
    assert_eq!(webhooks_left().await, 0);
}
