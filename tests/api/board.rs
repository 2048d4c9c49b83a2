use crate::helpers::{NewTask, TestApp};
use chrono::{Days, Utc};
use taskboard::domain::{Board, BoardPage, Status};

/// The HTML of one column: from its heading to the next column's (or the end).
fn column_html(page: &str, status: Status) -> &str {
    let start = page.find(&format!("id=\"column-{}-heading\"", status.as_str())).expect("column heading");
    let rest = &page[start..];
    let end = Status::ALL
        .iter()
        .skip(status.column_index() + 1)
        .find_map(|next| rest.find(&format!("id=\"column-{}-heading\"", next.as_str())))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test(flavor = "multi_thread")]
async fn empty_board_shows_four_named_columns_and_an_empty_state() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let board = app.create_board_ok("Launch").await;
    let path = format!("/boards/{board}");
    let response = app.get(&path).await;
    let (status, page) = (response.status, response.body);
    assert_eq!(status, 200);
    assert!(page.contains(">Launch</h1>"), "the heading names the board: {page}");
    for status in Status::ALL {
        let heading = format!("id=\"column-{}-heading\"", status.as_str());
        assert!(page.contains(&heading), "missing column {status}");
        assert!(column_html(&page, status).contains(&format!(">{}</h2>", status.text(taskboard::i18n::Locale::en))));
    }
    assert!(page.contains("No tasks yet"), "{page}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cards_appear_in_their_columns_in_position_order() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let board = app.create_board_ok("Launch").await;
    let path = format!("/boards/{board}");
    let sam = app.insert_user("Sam Lee", "sam@example.com").await;
    app.insert_tasks(&[
        NewTask::new(board, "Write the guide", "todo", 2048, sam),
        NewTask::new(board, "Draft the outline", "todo", 1024, sam),
        NewTask::new(board, "Ship the release", "done", 1024, sam),
        NewTask::new(board, "Review the design", "in_review", 1024, sam),
    ])
    .await;

    let response = app.get(&path).await;
    let (status, page) = (response.status, response.body);
    assert_eq!(status, 200);
    assert!(!page.contains("No tasks yet"));
    let todo = column_html(&page, Status::Todo);
    let outline = todo.find("Draft the outline").expect("outline in To do");
    let guide = todo.find("Write the guide").expect("guide in To do");
    assert!(outline < guide, "lower position comes first");
    assert!(column_html(&page, Status::Done).contains("Ship the release"));
    assert!(column_html(&page, Status::InReview).contains("Review the design"));
    assert!(!column_html(&page, Status::InProgress).contains("<article"));
}

#[tokio::test(flavor = "multi_thread")]
async fn korean_names_and_titles_round_trip() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let board = app.create_board_ok("Launch").await;
    let path = format!("/boards/{board}");
    let mina = app.insert_user("김민아", "mina@example.com").await;
    app.insert_tasks(&[NewTask {
        pic_id: Some(mina),
        ..NewTask::new(board, "디자인 검토 회의 준비", "in_progress", 1024, mina)
    }])
    .await;

    let page = app.get(&path).await.body;
    let column = column_html(&page, Status::InProgress);
    assert!(column.contains("디자인 검토 회의 준비"), "{column}");
    assert!(column.contains("김민아"), "{column}");

    let board: Board = app.call_server_fn("board", &[("board", &board.to_string())]).await.json::<BoardPage>().board;
    let card = &board.columns[Status::InProgress.column_index()].cards[0];
    assert_eq!(card.title, "디자인 검토 회의 준비");
    assert_eq!(card.pic_name.as_deref(), Some("김민아"));
}

#[tokio::test(flavor = "multi_thread")]
async fn past_deadline_is_overdue_unless_done() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let board = app.create_board_ok("Launch").await;
    let path = format!("/boards/{board}");
    let sam = app.insert_user("Sam Lee", "sam@example.com").await;
    let last_week = Utc::now().date_naive().checked_sub_days(Days::new(7));
    let next_week = Utc::now().date_naive().checked_add_days(Days::new(7));
    app.insert_tasks(&[
        NewTask { deadline: last_week, ..NewTask::new(board, "Late task", "todo", 1024, sam) },
        NewTask { deadline: next_week, ..NewTask::new(board, "Future task", "todo", 2048, sam) },
        NewTask { deadline: last_week, ..NewTask::new(board, "Finished late", "done", 1024, sam) },
    ])
    .await;

    let board: Board = app.call_server_fn("board", &[("board", &board.to_string())]).await.json::<BoardPage>().board;
    let overdue: Vec<(&str, bool)> =
        board.columns.iter().flat_map(|c| &c.cards).map(|card| (card.title.as_str(), card.overdue())).collect();
    assert_eq!(overdue, [("Late task", true), ("Future task", false), ("Finished late", false)]);

    let page = app.get(&path).await.body;
    // The badge (the filter bar has an "Overdue" checkbox label too).
    assert_eq!(page.matches(">Overdue</span>").count(), 1, "only the late To do card is marked");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_page_is_a_404_page() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let response = app.get("/no/such/page").await;
    let (status, page) = (response.status, response.body);
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"), "{page}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_column_shows_its_top_cards_and_a_link_to_more() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let board = app.create_board_ok("Launch").await;
    let path = format!("/boards/{board}");
    let sam = app.insert_user("Sam Lee", "sam@example.com").await;
    let titles: Vec<String> = (1..=120).map(|i| format!("Long column task {i:03}")).collect();
    let mut tasks: Vec<NewTask> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| NewTask::new(board, title, "todo", (i as i64 + 1) * 1024, sam))
        .collect();
    tasks.push(NewTask::new(board, "Finished task", "done", 1024, sam));
    app.insert_tasks(&tasks).await;
    let articles = |html: &str| html.matches("<article").count();

    let page = app.get(&path).await.body;
    let todo = column_html(&page, Status::Todo);
    assert_eq!(articles(todo), 50, "a column shows its top 50 cards");
    assert!(todo.contains("Long column task 001") && todo.contains("Long column task 050"));
    assert!(!todo.contains("Long column task 051"));
    assert!(todo.contains("Showing 50 of 120"), "{todo}");
    assert!(todo.contains(&format!("href=\"/boards/{board}?show_todo=100#column-todo\"")), "{todo}");
    assert!(!column_html(&page, Status::Done).contains("Showing"), "a short column has no link");

    let more = app.get(&format!("{path}?show_todo=100")).await.body;
    let todo = column_html(&more, Status::Todo);
    assert_eq!(articles(todo), 100);
    assert!(todo.contains("Show 20 more"), "{todo}");
    let all = app.get(&format!("{path}?show_todo=150")).await.body;
    assert_eq!(articles(column_html(&all, Status::Todo)), 120);
    assert!(!column_html(&all, Status::Todo).contains("Showing"));

    // The board server fn gives the same: the top cards and the column's total.
    let board: Board = app.call_server_fn("board", &[("board", &board.to_string())]).await.json::<BoardPage>().board;
    assert_eq!((board.columns[0].cards.len(), board.columns[0].total), (50, 120));
    assert_eq!(board.task_count(), 121);

    // Counts follow the filters: only "task 110" to "task 119" contain "task 11".
    let search = app.get(&format!("{path}?q=task+11")).await.body;
    let todo = column_html(&search, Status::Todo);
    assert_eq!(articles(todo), 10, "tasks 110–119");
    assert!(!todo.contains("Showing"));
}

/// A task that has no recorded events (made before the audit trail, or seeded) still has a
/// page, with an empty history: its board answers for it.
#[tokio::test(flavor = "multi_thread")]
async fn a_task_without_events_has_a_page_and_an_empty_history() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use taskboard::{domain::audit::TaskHistory, server::db::schema::tasks};

    let app = TestApp::spawn().await;
    app.sign_up_ok("Viewer", "viewer@example.com").await;
    let board = app.create_board_ok("Launch").await;
    let sam = app.insert_user("Sam Lee", "sam@example.com").await;
    app.insert_tasks(&[NewTask::new(board, "Seeded", "todo", 1024, sam)]).await;
    let id: i64 = tasks::table.select(tasks::id).first(&mut app.db().await).await.unwrap();
    let page = app.get(&format!("/tasks/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Nothing recorded yet."), "{}", page.body);
    let history: TaskHistory = app.call_server_fn("task_history", &[("id", &id.to_string())]).await.json();
    assert!(history.entries.is_empty() && history.verified);
}
