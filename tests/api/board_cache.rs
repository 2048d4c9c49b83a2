//! The board cache and the board page's ETag (issue 20): a board is served from each
//! instance's copy while its stamp stays put, and any change, on any instance, shows on the
//! next read; a browser asking again with the page's tag gets 304 until then. The columns'
//! counts are kept by triggers and must always equal a count of the tasks.

use crate::{
    helpers::{NewTask, TestApp, TestClient},
    tasks::{create, team, Team},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::domain::{BoardPage, Status};

async fn board(client: &TestClient, team: &Team) -> BoardPage {
    let response = client.call_server_fn("board", &[("board", &team.board_id.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

fn titles(page: &BoardPage, status: Status) -> Vec<String> {
    page.board.columns[status.column_index()].cards.iter().map(|card| card.title.clone()).collect()
}

async fn move_to(client: &TestClient, id: i64, version: i32, status: &str) -> u16 {
    let form = [("id", id.to_string()), ("version", version.to_string()), ("status", status.to_owned())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call_server_fn("move_task", &form).await.status.as_u16()
}

/// The page's GET with `If-None-Match: tag`.
async fn get_if_changed(client: &TestClient, path: &str, tag: &str) -> crate::helpers::TestResponse {
    client.get_with_headers(path, &[("if-none-match", tag)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_board_page_is_not_sent_again_until_something_on_it_changes() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Cached card", None).await;
    let path = team.board_path("");

    let first = app.get(&path).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let tag = first.header("etag").expect("the board page has an ETag").to_owned();
    assert_eq!(first.header("cache-control"), Some("private, no-cache"));
    assert!(first.header("content-security-policy").is_some());

    let again = get_if_changed(app, &path, &tag).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    // A new nonce would replace the one the browser keeps with the page, and block its script.
    assert_eq!(again.header("content-security-policy"), None, "no CSP on a 304");
    // Another filter is another page.
    assert_eq!(get_if_changed(app, &team.board_path("?mine=1"), &tag).await.status, 200);

    // A move by someone else changes the page.
    assert_eq!(move_to(app, id, 1, "in_progress").await, 200);
    let moved = get_if_changed(app, &path, &tag).await;
    assert_eq!(moved.status, 200);
    let moved_tag = moved.header("etag").unwrap().to_owned();
    assert_ne!(moved_tag, tag);
    assert!(moved.body.contains("Cached card"));
    assert_eq!(get_if_changed(app, &path, &moved_tag).await.status, 304);

    // So does a member's account changing (their name is on the cards), and the viewer's own
    // unread count (it is in the header).
    diesel::sql_query("UPDATE users SET name = 'Pia Renamed' WHERE id = ?")
        .bind::<diesel::sql_types::BigInt, _>(team.pic_id)
        .execute(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(get_if_changed(app, &path, &moved_tag).await.status, 200);
}

/// The board server fn (what the island asks after each live change) is a GET with its own
/// tag: asked again unchanged it is a 304, and after a change the new board.
#[tokio::test(flavor = "multi_thread")]
async fn the_board_server_fn_answers_304_until_the_board_changes() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Fetched card", None).await;
    let path = format!("/api/board?board={}", team.board_id);
    let first = app.get(&path).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let tag = first.header("etag").expect("the server fn's answer has an ETag").to_owned();
    let page_tag = app.get(&team.board_path("")).await.header("etag").unwrap().to_owned();
    assert_ne!(tag, page_tag, "the page and the data are different answers");
    assert_eq!(get_if_changed(app, &path, &tag).await.status, 304);
    let filtered = format!("{path}&filter%5Bmine%5D=true");
    assert_eq!(get_if_changed(app, &filtered, &tag).await.status, 200);

    assert_eq!(move_to(app, id, 1, "in_progress").await, 200);
    let moved = get_if_changed(app, &path, &tag).await;
    assert_eq!(moved.status, 200);
    let page: BoardPage = moved.json();
    assert_eq!(titles(&page, Status::InProgress), vec!["Fetched card"]);
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(get_if_changed(&outsider, &path, &tag).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tag_opens_nothing_to_anyone_who_is_not_a_member() {
    let team = team().await;
    let path = team.board_path("");
    let tag = team.pic.get(&path).await.header("etag").unwrap().to_owned();
    assert_eq!(get_if_changed(&team.pic, &path, &tag).await.status, 304);

    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(get_if_changed(&outsider, &path, &tag).await.status, 404);
    assert_eq!(get_if_changed(&team.anonymous, &path, &tag).await.status.as_u16(), 303);

    // Removed from the board, Pia's next request is refused, tag or not.
    let removed = team
        .app
        .call_server_fn("remove_member", &[("board", &team.board_id.to_string()), ("member", &team.pic_id.to_string())])
        .await;
    assert!(removed.status.is_success() || removed.status.is_redirection(), "{}", removed.body);
    assert_eq!(get_if_changed(&team.pic, &path, &tag).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_on_one_instance_is_on_the_next_read_of_another() {
    let team = team().await;
    let other_instance = TestApp::builder()
        .setting("DATABASE_URL", &team.app.database_url)
        .setting("TABLE_PREFIX", &team.app.table_prefix)
        .without_workers()
        .spawn()
        .await;
    // Pia's session works on both: sessions live in MySQL.
    let pia_there = other_instance.new_client();
    pia_there.set_cookie(crate::helpers::SESSION_COOKIE, &team.pic.session_cookie().unwrap());

    let id = create(&team.app, &team, "Made on the first", None).await;
    let before = board(&pia_there, &team).await;
    assert_eq!(titles(&before, Status::Todo), ["Made on the first"]);
    assert_eq!(board(&pia_there, &team).await, before, "read twice: the second from its copy");

    assert_eq!(move_to(&team.app, id, 1, "done").await, 200);
    let after = board(&pia_there, &team).await;
    assert!(titles(&after, Status::Todo).is_empty());
    assert_eq!(titles(&after, Status::Done), ["Made on the first"]);
    assert_eq!(after.board.columns[Status::Done.column_index()].total, 1);

    // A board event (a rename) is a change too.
    let renamed = team
        .app
        .call_server_fn("rename_board", &[("board", &team.board_id.to_string()), ("name", "Renamed board")])
        .await;
    assert!(renamed.status.is_redirection() || renamed.status.is_success(), "{}", renamed.body);
    assert_eq!(board(&pia_there, &team).await.header.board.name, "Renamed board");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_member_sees_their_own_rights_on_a_shared_copy() {
    let team = team().await;
    let app = &team.app;
    create(app, &team, "Sophie's", None).await;
    create(&team.pic, &team, "Pia's", None).await;
    let can_move = |page: &BoardPage| -> Vec<(String, bool)> {
        page.board.columns[0].cards.iter().map(|card| (card.title.clone(), card.can_move)).collect()
    };
    // Sophie is the board's admin: she may move both; Otto neither; Pia her own.
    assert_eq!(can_move(&board(app, &team).await), [("Pia's".into(), true), ("Sophie's".into(), true)]);
    assert_eq!(can_move(&board(&team.other, &team).await), [("Pia's".into(), false), ("Sophie's".into(), false)]);
    let pia = board(&team.pic, &team).await;
    assert_eq!(can_move(&pia), [("Pia's".into(), true), ("Sophie's".into(), false)]);
    assert_eq!(pia.header.board.role, taskboard::domain::BoardRole::Member);
}

/// The counts every column shows, and a count of the tasks themselves.
async fn counts(app: &TestApp, team: &Team) -> (Vec<usize>, Vec<i64>) {
    use taskboard::server::db::schema::tasks;
    let shown = board(app, team).await.board.columns.iter().map(|column| column.total).collect();
    let mut counted = Vec::new();
    for status in Status::ALL {
        let n: i64 = tasks::table
            .filter(tasks::board_id.eq(team.board_id))
            .filter(tasks::status.eq(status))
            .filter(tasks::trashed_at.is_null())
            .count()
            .get_result(&mut app.db().await)
            .await
            .unwrap();
        counted.push(n);
    }
    (shown, counted)
}

#[tokio::test(flavor = "multi_thread")]
async fn column_counts_follow_every_way_a_task_changes() {
    let team = team().await;
    let app = &team.app;
    let a = create(app, &team, "A", None).await;
    let b = create(app, &team, "B", None).await;
    let c = create(app, &team, "C", None).await;
    // Rows put straight into the table (as fixtures and imports do) are counted too.
    app.insert_tasks(&[NewTask::new(team.board_id, "Seeded", "in_review", 1024, team.supervisor_id)]).await;
    assert_eq!(counts(app, &team).await, (vec![3, 0, 1, 0], vec![3, 0, 1, 0]));

    assert_eq!(move_to(app, a, 1, "in_progress").await, 200);
    assert_eq!(move_to(app, b, 1, "done").await, 200);
    assert_eq!(move_to(app, b, 2, "done").await, 200, "a move within its column");
    assert_eq!(counts(app, &team).await, (vec![1, 1, 1, 1], vec![1, 1, 1, 1]));

    let trashed = app.call_server_fn("delete_task", &[("id", &c.to_string()), ("version", "1")]).await;
    assert!(trashed.status.is_success() || trashed.status.is_redirection(), "{}", trashed.body);
    assert_eq!(counts(app, &team).await, (vec![0, 1, 1, 1], vec![0, 1, 1, 1]));
    let restored = app.call_server_fn("restore_task", &[("id", &c.to_string()), ("version", "2")]).await;
    assert!(restored.status.is_success() || restored.status.is_redirection(), "{}", restored.body);
    assert_eq!(counts(app, &team).await, (vec![1, 1, 1, 1], vec![1, 1, 1, 1]));

    // A purge takes a task in the trash, which no column counts any more.
    let trashed = app.call_server_fn("delete_task", &[("id", &a.to_string()), ("version", "2")]).await;
    assert!(trashed.status.is_success() || trashed.status.is_redirection(), "{}", trashed.body);
    let purged = app.call_server_fn("purge_task", &[("id", &a.to_string()), ("version", "3")]).await;
    assert!(purged.status.is_success() || purged.status.is_redirection(), "{}", purged.body);
    assert_eq!(counts(app, &team).await, (vec![1, 0, 1, 1], vec![1, 0, 1, 1]));
}

#[tokio::test(flavor = "multi_thread")]
async fn cards_crossing_between_two_columns_at_once_never_deadlock() {
    let team = team().await;
    let app = &team.app;
    let mut ids = Vec::new();
    for n in 0..8 {
        ids.push(create(app, &team, &format!("Crossing {n}"), None).await);
    }
    for id in &ids[4..] {
        assert_eq!(move_to(app, *id, 1, "done").await, 200);
    }
    // Four cards go To do → Done while four go Done → To do, all at once, three times over.
    for round in 0..3 {
        let moves = ids.iter().enumerate().map(|(n, id)| {
            let to = if (n < 4) == (round % 2 == 0) { "done" } else { "todo" };
            let version = 1 + round + i32::from(n >= 4);
            async move { move_to(app, *id, version, to).await }
        });
        let statuses = futures_util::future::join_all(moves).await;
        assert!(statuses.iter().all(|status| *status == 200), "round {round}: {statuses:?}");
    }
    let (shown, counted) = counts(app, &team).await;
    assert_eq!(shown.iter().sum::<usize>(), 8);
    assert_eq!(shown.iter().map(|n| *n as i64).collect::<Vec<_>>(), counted);
}
