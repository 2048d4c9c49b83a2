//! A browser that goes away mid-request must not break the database pool (`../shared/DESIGN.md`:
//! "Database work must survive a cancelled request"). diesel-async's MySQL connection is not
//! cancellation-safe; without `Db::run` spawning the work, an aborted board load returns a
//! desynchronised connection to the pool and later requests fail.

use crate::helpers::{NewTask, TestApp, SESSION_COOKIE};
use std::time::{Duration, Instant};
use taskboard::domain::{Board, BoardPage};
use tokio::{io::AsyncWriteExt, net::TcpStream};

/// Four columns of the most cards one request may show (`CARDS_SHOWN_MAX`, 500).
const TASKS: usize = 2_000;
const ABORTED_REQUESTS: usize = 60;
/// Every card of every column (500 each, the most a column shows), so each request streams
/// thousands of rows: the board normally shows only the top of each column.
const ALL_CARDS: &str = "show_todo=500&show_in_progress=500&show_in_review=500&show_done=500";
/// The board's page: the first board of a fresh database.
const BOARD_PAGE: &str = "/boards/1";
/// The same for the board server fn (its `filter` argument, as the browser encodes it).
const ALL_CARDS_FORM: [(&str, &str); 5] = [
    ("board", "1"),
    ("filter[shown][todo]", "500"),
    ("filter[shown][in_progress]", "500"),
    ("filter[shown][in_review]", "500"),
    ("filter[shown][done]", "500"),
];

/// The app after 60 board requests (the SSR page and the server fn alternately) that were hung
/// up on at 0–90 % of a full load, with a pool of 2 so a poisoned connection would be handed
/// out again at once. Returns the app and the title of the last card.
async fn app_after_aborted_board_requests() -> (TestApp, String) {
    let app = TestApp::builder().setting("DATABASE_POOL_SIZE", "2").spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let cookie = format!("{}={}", SESSION_COOKIE, app.session_cookie().unwrap());
    assert_eq!(app.create_board_ok("Big board").await, 1, "the board of BOARD_PAGE");
    let sam = app.insert_user("Sam Lee", "sam@example.com").await;
    let titles: Vec<String> = (0..TASKS)
        .map(|i| format!("Task {i:05} with a title long enough to make the rows take a while to stream"))
        .collect();
    let statuses = ["todo", "in_progress", "in_review", "done"];
    let tasks: Vec<NewTask> =
        titles.iter().enumerate().map(|(i, title)| NewTask::new(1, title, statuses[i % 4], i as i64, sam)).collect();
    app.insert_tasks(&tasks).await;

    // How long one whole board load takes, so the aborts land at every point within it.
    let started = Instant::now();
    assert_eq!(app.get(&format!("{BOARD_PAGE}?{ALL_CARDS}")).await.status, 200);
    let full_load = started.elapsed();

    let host = app.address.trim_start_matches("http://").to_owned();
    for i in 0..ABORTED_REQUESTS {
        let mut stream = TcpStream::connect(&host).await.expect("connect");
        let request = if i % 2 == 0 {
            format!("GET {BOARD_PAGE}?{ALL_CARDS} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n")
        } else {
            let query: Vec<String> = ALL_CARDS_FORM
                .iter()
                .map(|(k, v)| format!("{}={v}", k.replace('[', "%5B").replace(']', "%5D")))
                .collect();
            let body = query.join("&");
            // The board server fn (a GET: its arguments in the query).
            format!("GET /api/board?{body} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n")
        };
        stream.write_all(request.as_bytes()).await.expect("send request");
        tokio::time::sleep(full_load.mul_f64((i % 10) as f64 / 10.0)).await;
        drop(stream);
    }
    (app, titles.last().unwrap().clone())
}

/// The rule in `../shared/DESIGN.md`: after aborted requests, every later database read
/// succeeds in full. Read through the board server fn, which runs the same query as the page.
#[tokio::test(flavor = "multi_thread")]
async fn aborted_board_requests_leave_the_pool_healthy() {
    let (app, last_title) = app_after_aborted_board_requests().await;
    for attempt in 0..20 {
        let Ok(response) =
            tokio::time::timeout(Duration::from_secs(30), app.call_server_fn("board", &ALL_CARDS_FORM)).await
        else {
            panic!("board read {attempt} after the aborts hung for 30 s; {}", probe(&app).await);
        };
        assert_eq!(response.status, 200, "board read {attempt} after the aborts failed: {}", response.body);
        let board: Board = response.json::<BoardPage>().board;
        assert_eq!(board.task_count(), TASKS, "board read {attempt}: every card");
        assert_eq!(board.columns[3].cards.last().map(|c| c.title.as_str()), Some(last_title.as_str()));
    }
    let readyz = app.get("/readyz").await;
    assert_eq!(readyz.status, 200, "{}", readyz.body);
}

/// The same, read as the server-rendered page. (This one used to hang now and then: other tests
/// building their apps in this process generated Leptos route lists, which stalls any resource
/// first polled meanwhile, leptos-rs/leptos#4773; `startup::routes` now does that once.)
#[tokio::test(flavor = "multi_thread")]
async fn aborted_board_requests_leave_the_page_rendering() {
    let (app, last_title) = app_after_aborted_board_requests().await;
    for attempt in 0..20 {
        let Ok(response) =
            tokio::time::timeout(Duration::from_secs(30), app.get(&format!("{BOARD_PAGE}?{ALL_CARDS}"))).await
        else {
            panic!("request {attempt} after the aborts hung for 30 s; {}", probe(&app).await);
        };
        let (status, page) = (response.status, response.body);
        assert_eq!(status, 200, "request {attempt} after the aborts failed: {page}");
        assert!(page.contains(last_title.as_str()), "request {attempt} returned an incomplete board");
        assert_eq!(page.matches("<article").count(), TASKS, "request {attempt}: every card");
    }
}

/// What still answers when a board request hangs: the probe (no session, no Leptos), a public
/// page (session layers and Leptos, no database query for the page), and the board server fn.
async fn probe(app: &TestApp) -> String {
    let mut report = Vec::new();
    for path in ["/healthz", "/readyz", "/login"] {
        let answer = match tokio::time::timeout(Duration::from_secs(5), app.new_client().get(path)).await {
            Ok(response) => response.status.to_string(),
            Err(_) => "no answer in 5 s".to_owned(),
        };
        report.push(format!("{path}: {answer}"));
    }
    let board_fn =
        match tokio::time::timeout(Duration::from_secs(5), app.call_server_fn("board", &[("board", "1")])).await {
            Ok(response) => response.status.to_string(),
            Err(_) => "no answer in 5 s".to_owned(),
        };
    report.push(format!("POST /api/board (logged in): {board_fn}"));
    report.join(", ")
}

/// Work queued for the database by a request that went away is dropped before it takes a
/// connection: under overload the pool then serves only requests someone still waits for.
/// (Work that has its connection still runs to the end: the tests above.)
#[tokio::test(flavor = "multi_thread")]
async fn work_whose_request_went_away_while_queued_never_runs() {
    use diesel_async::RunQueryDsl;
    use secrecy::SecretString;
    use std::sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    };
    use taskboard::server::db::Db;

    let app = TestApp::spawn().await;
    let db = Db::connect(&SecretString::from(app.database_url.clone()), None, 1).await.unwrap();
    // A holds the one connection for a while.
    let (holding, held) = tokio::sync::oneshot::channel();
    let a = tokio::spawn({
        let db = db.clone();
        async move {
            db.run(move |mut conn| async move {
                let _ = holding.send(());
                diesel::sql_query("SELECT SLEEP(0.3)").execute(&mut conn).await
            })
            .await
        }
    });
    held.await.unwrap();
    // B queues behind it, and its caller goes away.
    let ran = Arc::new(AtomicBool::new(false));
    let b = db.run({
        let ran = ran.clone();
        move |_conn| async move {
            ran.store(true, Ordering::SeqCst);
            Ok::<_, diesel::result::Error>(())
        }
    });
    assert!(tokio::time::timeout(Duration::from_millis(50), b).await.is_err(), "B waits behind A");
    a.await.unwrap().unwrap();
    // The queue is first come, first served: once work queued after B has run, B would have too.
    db.run(|_conn| async { Ok::<_, diesel::result::Error>(()) }).await.unwrap();
    assert!(!AtomicBool::load(&ran, Ordering::SeqCst), "B's work never ran");
}
