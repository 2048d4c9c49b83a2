//! The live board (issue 17): every instance watches the audit outbox and streams a board's
//! changes to its members' open pages (`GET /boards/{id}/live`, server-sent events). Two
//! instances here are two in-process servers on one database, as two ECS tasks behind the load
//! balancer are on one Aurora.

use crate::{
    helpers::{TestApp, TestClient, SESSION_COOKIE},
    tasks::{create, team, team_on, Team},
};

use diesel_async::RunQueryDsl;
use http_body_util::{BodyExt, Full};
use hyper::{
    body::{Bytes, Incoming},
    Request, StatusCode,
};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use std::time::{Duration, Instant};
use taskboard::domain::live::LiveChange;

/// A second instance of `team`'s app: its own server, the same database and tables.
async fn second_instance(team: &Team) -> TestApp {
    TestApp::builder()
        .setting("DATABASE_URL", &team.app.database_url)
        .setting("TABLE_PREFIX", &team.app.table_prefix)
        .without_workers()
        .spawn()
        .await
}

/// One event of a stream (heartbeats are skipped).
#[derive(Debug)]
struct Received {
    id: Option<String>,
    event: String,
    data: String,
}

impl Received {
    fn change(&self) -> LiveChange {
        assert_eq!(self.event, "change", "{self:?}");
        serde_json::from_str(&self.data).expect("a change's JSON")
    }
}

#[derive(Debug)]
enum Next {
    Event(Received),
    Ended,
    Quiet,
}

struct LiveStream {
    body: Incoming,
    buffer: String,
}

/// Opens board `board`'s stream on the server at `address` as `client` (its session cookie).
async fn open(address: &str, client: &TestClient, board: i64, last_event_id: Option<&str>) -> (StatusCode, LiveStream) {
    let http = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut request = Request::get(format!("{address}/boards/{board}/live")).header("accept", "text/event-stream");
    if let Some(cookie) = client.session_cookie() {
        request = request.header("cookie", format!("{SESSION_COOKIE}={cookie}"));
    }
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    let response = http.request(request.body(Full::default()).unwrap()).await.expect("the stream's response");
    (response.status(), LiveStream { body: response.into_body(), buffer: String::new() })
}

impl LiveStream {
    /// The next event within `wait`: `Ended` when the server closed the stream, `Quiet` when
    /// nothing came.
    async fn next(&mut self, wait: Duration) -> Next {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, String::from("message"), Vec::new());
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id:") {
                        id = Some(value.trim().to_owned());
                    } else if let Some(value) = line.strip_prefix("event:") {
                        event = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push(value.trim_start().to_owned());
                    }
                }
                // A block of comments only is a heartbeat.
                if id.is_some() || !data.is_empty() || event != "message" {
                    return Next::Event(Received { id, event, data: data.join("\n") });
                }
            }
            match tokio::time::timeout_at(deadline, self.body.frame()).await {
                Err(_) => return Next::Quiet,
                Ok(None) => return Next::Ended,
                Ok(Some(Err(_))) => return Next::Ended,
                Ok(Some(Ok(frame))) => {
                    if let Ok(bytes) = frame.into_data() {
                        self.buffer.push_str(&String::from_utf8_lossy(&bytes));
                    }
                }
            }
        }
    }

    /// The next change within `wait`, or a panic saying what came instead.
    async fn change(&mut self, wait: Duration) -> (String, LiveChange) {
        match self.next(wait).await {
            Next::Event(received) => (received.id.clone().unwrap_or_default(), received.change()),
            other => panic!("expected a change, got {other:?}"),
        }
    }
}

async fn move_to(client: &TestClient, id: i64, version: i32, status: &str) {
    let response = client
        .call_server_fn("move_task", &[("id", &id.to_string()), ("version", &version.to_string()), ("status", status)])
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_move_through_one_instance_reaches_a_stream_on_another() {
    let team = team().await;
    let other = second_instance(&team).await;
    let id = create(&team.app, &team, "Live one", Some(team.pic_id)).await;

    let (status, mut stream) = open(&other.address, &team.pic, team.board_id, None).await;
    assert_eq!(status, 200);
    let started = Instant::now();
    move_to(&team.app, id, 1, "in_progress").await;
    // (The task's creation, committed just before the stream opened, may come first.)
    let (event_id, change) = loop {
        let (event_id, change) = stream.change(Duration::from_secs(2)).await;
        if change.kind != "created" {
            break (event_id, change);
        }
    };
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!((change.board_id, change.task_id, change.kind.as_str()), (team.board_id, id, "moved"));
    assert_eq!(event_id, change.id.to_string(), "the event id is the outbox id, for Last-Event-ID");
    // The same instance's own streams hear it too, at once.
    let (_, mut here) = open(&team.app.address, &team.other, team.board_id, None).await;
    move_to(&team.app, id, 2, "in_review").await;
    assert_eq!(here.change(Duration::from_secs(2)).await.1.kind, "moved");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reconnecting_page_is_replayed_both_changes_it_missed() {
    let team = team().await;
    let id = create(&team.app, &team, "Missed", None).await;
    let (_, mut stream) = open(&team.app.address, &team.pic, team.board_id, None).await;
    move_to(&team.app, id, 1, "in_progress").await;
    let (last_seen, _) = stream.change(Duration::from_secs(2)).await;
    drop(stream);

    move_to(&team.app, id, 2, "in_review").await;
    create(&team.app, &team, "Also missed", None).await;
    let (status, mut back) = open(&team.app.address, &team.pic, team.board_id, Some(&last_seen)).await;
    assert_eq!(status, 200);
    let first = back.change(Duration::from_secs(2)).await.1;
    let second = back.change(Duration::from_secs(2)).await.1;
    assert_eq!((first.kind.as_str(), second.kind.as_str()), ("moved", "created"));
    assert!(first.id < second.id);
    assert!(matches!(back.next(Duration::from_millis(700)).await, Next::Quiet), "nothing twice");
}

/// A transaction that took its outbox id first but commits last is still streamed.
#[tokio::test(flavor = "multi_thread")]
async fn a_change_that_commits_out_of_order_is_not_skipped() {
    let team = team_on(TestApp::builder().without_workers().spawn().await).await;
    let id = create(&team.app, &team, "Slow writer", None).await;
    let (_, mut stream) = open(&team.app.address, &team.pic, team.board_id, None).await;

    // A write that has inserted its outbox row but not committed yet.
    let mut slow = team.app.db().await;
    diesel::sql_query("BEGIN").execute(&mut slow).await.unwrap();
    diesel::sql_query(format!(
        "INSERT INTO audit_outbox (event_id, task_id, board_id, seq, kind, actor_id, payload, created_at, next_attempt_at) \
         VALUES (UUID(), {id}, {}, 999, 'updated', {}, '{{}}', NOW(), NOW())",
        team.board_id, team.supervisor_id
    ))
    .execute(&mut slow)
    .await
    .unwrap();
    // A later write commits first, and is streamed (after the creation, if that came late).
    move_to(&team.app, id, 1, "done").await;
    let mut later = stream.change(Duration::from_secs(2)).await.1;
    if later.kind == "created" {
        later = stream.change(Duration::from_secs(2)).await.1;
    }
    assert_eq!(later.kind, "moved");
    // Then the slow one commits: below the highest id already sent, and still streamed.
    diesel::sql_query("COMMIT").execute(&mut slow).await.unwrap();
    let earlier = stream.change(Duration::from_secs(2)).await.1;
    assert_eq!(earlier.kind, "updated");
    assert!(earlier.id < later.id, "{} < {}", earlier.id, later.id);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_members_may_follow_a_board_and_a_removed_members_stream_ends() {
    let team = team().await;
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(open(&team.app.address, &outsider, team.board_id, None).await.0, 404);
    assert_eq!(open(&team.app.address, &team.pic, team.board_id + 1000, None).await.0, 404);
    let anonymous = open(&team.app.address, &team.anonymous, team.board_id, None).await.0;
    assert!(anonymous.is_redirection() || anonymous == 401, "{anonymous}");

    let (_, mut pia) = open(&team.app.address, &team.pic, team.board_id, None).await;
    let board = team.board_id.to_string();
    let removed =
        team.app.call_server_fn("remove_member", &[("board", &board), ("member", &team.pic_id.to_string())]).await;
    assert!(removed.status.is_success() || removed.status.is_redirection(), "{}", removed.body);
    // The removal itself is the last thing Pia's page hears.
    let mut kinds = Vec::new();
    loop {
        match pia.next(Duration::from_secs(2)).await {
            Next::Event(received) => kinds.push(received.change().kind),
            Next::Ended => break,
            Next::Quiet => panic!("the stream did not end; heard {kinds:?}"),
        }
    }
    assert_eq!(kinds.last().map(String::as_str), Some("member_removed"), "{kinds:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_with_open_streams_takes_under_a_second() {
    use taskboard::server::{config::Config, startup::Application};

    let team = team().await;
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(team.app.database_url.clone()),
        "TABLE_PREFIX" => Some(team.app.table_prefix.clone()),
        "LISTEN_ADDR" => Some("127.0.0.1:0".to_owned()),
        _ => std::env::var(name).ok(),
    })
    .unwrap();
    let app = Application::build(config).await.unwrap();
    let address = format!("http://{}", app.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    let mut streams = Vec::new();
    for client in [&team.pic, &team.other, &*team.app] {
        let (status, stream) = open(&address, client, team.board_id, None).await;
        assert_eq!(status, 200);
        streams.push(stream);
    }
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("the server stops").unwrap().unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    for stream in &mut streams {
        assert!(matches!(stream.next(Duration::from_secs(1)).await, Next::Ended));
    }
}
