//! CSV import: a board's admin uploads a file, sees every row with its problems, and imports
//! all its rows as tasks in one go, or nothing while any row is wrong.

use crate::{
    helpers::{TestClient, TestResponse},
    tasks::{create, outbox, team, Team},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{audit::AuditKind, csv_import::ImportPreview, AppError, Message},
    server::db::schema::{task_labels, tasks},
};

const BOUNDARY: &str = "----taskboard-test-boundary";

/// Posts `content` as the upload form's `file` field (as a browser sends a form with a file).
async fn upload(client: &TestClient, board: i64, file_name: &str, content: &[u8]) -> TestResponse {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    send_upload(client, board, &format!("multipart/form-data; boundary={BOUNDARY}"), body).await
}

async fn send_upload(client: &TestClient, board: i64, content_type: &str, body: Vec<u8>) -> TestResponse {
    client.post_body(&format!("/boards/{board}/import"), content_type, body).await
}

/// Uploads a file that parses; the id of its preview.
async fn upload_ok(client: &TestClient, board: i64, content: &str) -> i64 {
    let response = upload(client, board, "tasks.csv", content.as_bytes()).await;
    assert_eq!(response.status, 303, "{}", response.body);
    let location = response.header("location").unwrap();
    let prefix = format!("/boards/{board}/import/");
    location.strip_prefix(&prefix).and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("{location}"))
}

async fn preview(client: &TestClient, board: i64, import: i64) -> TestResponse {
    client.call_server_fn("csv_import_preview", &[("board", &board.to_string()), ("import", &import.to_string())]).await
}

async fn run(client: &TestClient, board: i64, import: i64) -> TestResponse {
    client.call_server_fn("run_csv_import", &[("board", &board.to_string()), ("import", &import.to_string())]).await
}

async fn task_count(team: &Team) -> i64 {
    tasks::table.filter(tasks::board_id.eq(team.board_id)).count().get_result(&mut team.app.db().await).await.unwrap()
}

async fn add_label(team: &Team, id: i64, name: &str) {
    let sql = format!(
        "INSERT INTO labels (id, board_id, name, colour, created_at) VALUES ({id}, {}, '{name}', 'red', NOW(6))",
        team.board_id
    );
    diesel_async::RunQueryDsl::execute(diesel::sql_query(sql), &mut team.app.db().await).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_sees_every_row_and_imports_all_of_them_or_none() {
    let team = team().await;
    let app = &team.app;
    add_label(&team, 901, "Bug").await;
    let existing = create(app, &team, "Already on the board", None).await;

    // One good row, one with two problems: the preview shows both, the import writes nothing.
    let bad = format!("title,labels,person_in_charge\nFix login,Bug,{}\n,Nope,\n", team.pic_email);
    let import = upload_ok(app, team.board_id, &bad).await;
    let response = preview(app, team.board_id, import).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let shown: ImportPreview = response.json();
    assert_eq!((shown.rows.len(), shown.rows_with_problems(), shown.file_name.as_str()), (2, 1, "tasks.csv"));
    assert!(shown.rows[0].problems.is_empty());
    assert_eq!(shown.rows[0].person_in_charge, "Pia 담당자");
    let problems: Vec<Message> = shown.rows[1].problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(problems, vec![Message::TitleMissing, Message::CsvLabelUnknown("Nope".into())]);
    assert_eq!(shown.rows[1].line, 3);
    let (events, count) = (outbox(app).await.len(), task_count(&team).await);
    let refused = run(app, team.board_id, import).await;
    assert_eq!(refused.app_error(), AppError::Refused(Message::ImportOutOfDate));
    assert_eq!((outbox(app).await.len(), task_count(&team).await), (events, count), "nothing written");

    // A good file, with the export's extra columns: three tasks, each with its creation event.
    let good = format!(
        "id,title,description,status,deadline,person_in_charge,labels,version\n\
         7,Fix login,\"Steps:\n1. open\",,2027-03-01,{},bug,4\n\
         8,'=Not a formula,,In review,,,,1\n\
         9,Second to do,,todo,,,Bug; bug,1\n",
        team.pic_email
    );
    let import = upload_ok(app, team.board_id, &good).await;
    let shown: ImportPreview = preview(app, team.board_id, import).await.json();
    assert_eq!(shown.rows_with_problems(), 0, "{:?}", shown.rows);
    assert_eq!(shown.ignored_columns, vec!["id", "version"]);
    let response = run(app, team.board_id, import).await;
    assert!(response.status.is_success() || response.status.is_redirection(), "{}", response.body);
    assert_eq!(response.header("location"), Some(format!("/boards/{}?imported=3", team.board_id).as_str()));

    let mut conn = app.db().await;
    let imported: Vec<(i64, String, String, String, Option<i64>, i64)> = tasks::table
        .filter(tasks::board_id.eq(team.board_id))
        .filter(tasks::id.ne(existing))
        .order(tasks::id.asc())
        .select((tasks::id, tasks::title, tasks::description, tasks::status, tasks::pic_id, tasks::supervisor_id))
        .load(&mut conn)
        .await
        .unwrap();
    let summary: Vec<(&str, &str, &str, Option<i64>)> =
        imported.iter().map(|t| (t.1.as_str(), t.2.as_str(), t.3.as_str(), t.4)).collect();
    assert_eq!(
        summary,
        vec![
            ("Fix login", "Steps:\n1. open", "todo", Some(team.pic_id)),
            ("=Not a formula", "", "in_review", None),
            ("Second to do", "", "todo", None),
        ]
    );
    assert!(imported.iter().all(|t| t.5 == team.supervisor_id), "the importer supervises them");
    let labelled: Vec<i64> =
        task_labels::table.select(task_labels::task_id).order(task_labels::task_id).load(&mut conn).await.unwrap();
    assert_eq!(labelled, vec![imported[0].0, imported[2].0]);
    // The file's To do rows go on top of To do, in the file's order.
    let todo: Vec<i64> = tasks::table
        .filter(tasks::board_id.eq(team.board_id))
        .filter(tasks::status.eq("todo"))
        .order((tasks::position.asc(), tasks::id.asc()))
        .select(tasks::id)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(todo, vec![imported[0].0, imported[2].0, existing]);

    let created: Vec<_> = outbox(app).await.into_iter().skip(events).collect();
    assert_eq!(created.len(), 3, "one event per task");
    assert!(created.iter().all(|e| e.kind == AuditKind::Created));
    let first = &created[0];
    assert_eq!(first.recipients.iter().map(|r| r.email.as_str()).collect::<Vec<_>>(), vec![team.pic_email.as_str()]);
    assert!(
        first.changes.iter().any(|c| c.field == "labels" && c.new.as_deref() == Some("Bug")),
        "{:?}",
        first.changes
    );

    // The button pressed again imports nothing more, and says the same.
    let again = run(app, team.board_id, import).await;
    assert_eq!(again.header("location"), response.header("location"));
    assert_eq!(task_count(&team).await, 4);
    let shown: ImportPreview = preview(app, team.board_id, import).await.json();
    assert_eq!(shown.imported, Some(3));
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admins_import_and_a_file_that_cannot_be_read_is_named_beside_the_field() {
    let team = team().await;
    let app = &team.app;
    let board = team.board_id;
    let file = b"title\nA task\n";

    // A member who is not an admin may not; nobody else learns the board exists.
    assert_eq!(upload(&team.pic, board, "a.csv", file).await.status, 403);
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(upload(&outsider, board, "a.csv", file).await.status, 404);
    let anonymous = upload(&team.anonymous, board, "a.csv", file).await;
    assert_eq!((anonymous.status.as_u16(), anonymous.header("location")), (303, Some("/login")));
    let import = upload_ok(app, board, "title\nA task\n").await;
    assert_eq!(preview(&team.pic, board, import).await.status, 403);
    assert_eq!(preview(&outsider, board, import).await.status, 404);
    assert_eq!(run(&team.pic, board, import).await.status, 403);
    assert_eq!(run(&outsider, board, import).await.status, 404);
    assert_eq!(preview(&team.anonymous, board, import).await.status, 401);
    assert_eq!(run(&team.anonymous, board, import).await.status, 401);
    // An import is its uploader's: the id is no way into another board's.
    let other_board = app.create_board_ok("Other board").await;
    assert_eq!(preview(app, other_board, import).await.status, 404);
    assert_eq!(run(app, other_board, import).await.status, 404);
    assert_eq!(task_count(&team).await, 0);

    // Files that cannot be imported at all send the admin back to the form, saying why.
    let many = format!("title\n{}", "x\n".repeat(501));
    for (content, problem) in [
        (b"name,status\nx,todo\n".to_vec(), "no_title"),
        (vec![0xff, 0xfe, 0x00, b't'], "not_text"),
        (b"title\n".to_vec(), "empty"),
        (b"title\n\"never closed\n".to_vec(), "unclosed_quote_2"),
        (many.into_bytes(), "too_many_rows"),
        (vec![b'a'; 210 * 1024], "too_large"),
        (Vec::new(), "no_file"),
    ] {
        let response = upload(app, board, if content.is_empty() { "" } else { "f.csv" }, &content).await;
        assert_eq!(response.status, 303, "{problem}: {}", response.body);
        assert_eq!(response.header("location"), Some(format!("/boards/{board}/import?problem={problem}").as_str()));
    }
    let page = app.get(&format!("/boards/{board}/import?problem=no_title")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The first line must name the columns"), "{}", page.body);
    assert!(page.body.contains(r#"aria-invalid="true""#), "the field is marked");
    // Not a form at all: a 400, not a 500.
    let response = send_upload(app, board, "application/json", b"{}".to_vec()).await;
    assert_eq!(response.status, 400);
    // The upload page: admins only, and nobody else learns the board exists.
    assert_eq!(team.pic.get(&format!("/boards/{board}/import")).await.status, 403);
    assert_eq!(outsider.get(&format!("/boards/{board}/import")).await.status, 404);
    let page = team.anonymous.call_server_fn("csv_import_upload", &[("board", &board.to_string())]).await;
    assert_eq!(page.status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_boards_export_imports_into_another_board() {
    let team = team().await;
    let app = &team.app;
    for n in 0..5 {
        create(app, &team, &format!("Task {n}, with a comma"), Some(team.pic_id)).await;
    }
    let csv = app.get(&format!("/boards/{}/export.csv", team.board_id)).await.body;
    let copy = app.create_board_ok("Copy").await;
    app.add_member(copy, team.pic_id, "member").await;
    let import = upload_ok(app, copy, &csv).await;
    let shown: ImportPreview = preview(app, copy, import).await.json();
    assert_eq!((shown.rows.len(), shown.rows_with_problems()), (5, 0), "{:?}", shown.rows);
    assert_eq!(run(app, copy, import).await.header("location"), Some(format!("/boards/{copy}?imported=5").as_str()));
    let titles: Vec<String> = tasks::table
        .filter(tasks::board_id.eq(copy))
        .order((tasks::position.asc(), tasks::id.asc()))
        .select(tasks::title)
        .load(&mut app.db().await)
        .await
        .unwrap();
    let original: Vec<String> = (0..5).rev().map(|n| format!("Task {n}, with a comma")).collect();
    assert_eq!(titles, original, "in the board's order");
}
