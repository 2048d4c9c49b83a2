//! An instance that already holds data is upgraded: the database as the previous release left
//! it (its ten migrations, a user, a logged-in session, an outbox row), then the server of this
//! release starts on it and applies the rest. Nothing is lost and nobody is logged out.

use crate::helpers::{TestApp, SESSION_COOKIE};
use diesel::{migration::MigrationSource, mysql::Mysql, prelude::*};
use diesel_async::{
    async_connection_wrapper::AsyncConnectionWrapper, AsyncConnection, AsyncMysqlConnection, RunQueryDsl,
};
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use taskboard::server::db::schema::{board_members, tasks, users};

/// The migrations the release before this one had.
const PREVIOUS_RELEASE_MIGRATIONS: usize = 10;

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_with_data_upgrades_without_losing_it_or_its_sessions() {
    // A database of its own, migrated as the previous release migrated it.
    let scratch = TestApp::builder().without_workers().spawn().await;
    let (server, scratch_name) = scratch.database_url.rsplit_once('/').unwrap();
    let database = format!("{scratch_name}_previous");
    let url = format!("{server}/{database}");
    let mut root = AsyncMysqlConnection::establish(&scratch.database_url).await.unwrap();
    diesel::sql_query(format!("CREATE DATABASE `{database}`")).execute(&mut root).await.unwrap();
    let migrate_url = url.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn =
            <AsyncConnectionWrapper<AsyncMysqlConnection> as diesel::Connection>::establish(&migrate_url).unwrap();
        let source = FileBasedMigrations::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap();
        conn.applied_migrations().unwrap(); // creates diesel's table of applied migrations
        let mut migrations = MigrationSource::<Mysql>::migrations(&source).unwrap();
        migrations.sort_by_key(|migration| migration.name().to_string());
        for migration in migrations.iter().take(PREVIOUS_RELEASE_MIGRATIONS) {
            conn.run_migration(migration).unwrap();
        }
    })
    .await
    .unwrap();

    // What the previous release stored: a user, a logged-in session under its plain id, and a
    // change waiting in the outbox.
    let mut old = AsyncMysqlConnection::establish(&url).await.unwrap();
    diesel::sql_query(
        "INSERT INTO users (id, email, name, password_hash, created_at) VALUES \
         (1, 'sam@example.com', 'Sam', 'kept-hash', '2026-11-26 09:00:00'), \
         (2, 'mina@example.com', '김민아', 'kept-hash', '2026-11-27 09:00:00')",
    )
    .execute(&mut old)
    .await
    .unwrap();
    let session_id = "AAAAAAAAAAAAAAAAAAAAAQ";
    let now = chrono::Utc::now().timestamp();
    let hash: Vec<u8> = b"kept-hash".to_vec();
    let data = serde_json::json!({
        "taskboard.auth": { "user_id": 1, "auth_hash": hash },
        "taskboard.authenticated_at": now,
        "taskboard.seen_at": now,
    });
    diesel::sql_query(format!(
        "INSERT INTO sessions (id, user_id, data, expiry_date) VALUES ('{session_id}', 1, '{data}', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR)"
    ))
    .execute(&mut old)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO tasks (id, title, description, status, position, supervisor_id, pic_id) VALUES \
         (7, 'Kept', '', 'todo', 1024, 1, 2), (8, 'Also kept', '', 'done', 1024, 2, NULL)",
    )
    .execute(&mut old)
    .await
    .unwrap();

    // This release's server on it.
    let app = TestApp::builder()
        .setting("DATABASE_URL", &url)
        .setting("TABLE_PREFIX", &scratch.table_prefix)
        .without_workers()
        .spawn()
        .await;
    let browser = app.new_client();
    browser.set_cookie(SESSION_COOKIE, session_id);
    let boards = browser.get("/boards").await;
    assert_eq!(boards.status, 200, "still logged in after the session ids were hashed");
    assert!(boards.body.contains(">Team board<"), "every task is on one board: {}", boards.body);
    assert!(boards.body.contains("1 open task"), "{}", boards.body);

    // Every task is on it, every user a member, the oldest account its admin, every address
    // treated as verified.
    let mut upgraded = AsyncMysqlConnection::establish(&url).await.unwrap();
    let rows: Vec<(i64, i64)> =
        tasks::table.select((tasks::id, tasks::board_id)).order(tasks::id).load(&mut upgraded).await.unwrap();
    let board = rows[0].1;
    assert_eq!(rows, [(7, board), (8, board)]);
    let members: Vec<(i64, String)> = board_members::table
        .filter(board_members::board_id.eq(board))
        .select((board_members::user_id, board_members::role))
        .order(board_members::user_id)
        .load(&mut upgraded)
        .await
        .unwrap();
    assert_eq!(members, [(1, "admin".to_owned()), (2, "member".to_owned())]);
    let unverified: i64 =
        users::table.filter(users::email_verified_at.is_null()).count().get_result(&mut upgraded).await.unwrap();
    assert_eq!(unverified, 0);
    // Accounts from before languages and zones (migration 000019) follow the browser, in UTC,
    // with the system's theme.
    let settings: Vec<(Option<String>, String, Option<String>)> =
        users::table.select((users::locale, users::time_zone, users::theme)).load(&mut upgraded).await.unwrap();
    assert!(settings.iter().all(|s| *s == (None, "UTC".to_owned(), None)), "{settings:?}");
    // And from before notification settings (migration 000021): every change mailed, deadline
    // reminders on, no morning run yet; their inbox starts empty and works.
    let notifications: Vec<(String, bool, Option<chrono::NaiveDate>, i64)> = users::table
        .select((users::email_mode, users::deadline_reminders, users::morning_on, users::digest_after))
        .load(&mut upgraded)
        .await
        .unwrap();
    assert!(notifications.iter().all(|n| *n == ("every".to_owned(), true, None, 0)), "{notifications:?}");
    let inbox = browser.call_server_fn("inbox", &[]).await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(inbox.json::<taskboard::domain::notifications::InboxPage>().entries.is_empty());
    let page = browser.get(&format!("/boards/{board}")).await;
    assert!(page.body.contains("<html lang=\"en\""), "no language chosen, no Accept-Language: English");
    assert!(page.body.contains(">Kept<") && page.body.contains(">Also kept<"), "the tasks are on the board");
    assert!(page.body.contains(">Log out<"));
    // Migration 000027 counted the columns of the data already there, and its triggers keep
    // them from then on.
    let totals = |page: taskboard::domain::BoardPage| -> Vec<usize> {
        page.board.columns.iter().map(|column| column.total).collect()
    };
    let read = browser.call_server_fn("board", &[("board", &board.to_string())]).await;
    assert_eq!(totals(read.json()), [1, 0, 0, 1], "{}", read.body);
    let stored: Vec<i32> = taskboard::server::db::schema::column_counts::table
        .filter(taskboard::server::db::schema::column_counts::board_id.eq(board))
        .select(taskboard::server::db::schema::column_counts::cards)
        .order(taskboard::server::db::schema::column_counts::status)
        .load(&mut upgraded)
        .await
        .unwrap();
    let counted = stored.iter().filter(|cards| **cards > 0).count();
    assert_eq!(counted, 2, "the counts are stored, not counted on the fly");
    // The column locks moved to the board: a move there works.
    let moved = browser.call_server_fn("move_task", &[("id", "7"), ("version", "1"), ("status", "done")]).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let read = browser.call_server_fn("board", &[("board", &board.to_string())]).await;
    assert_eq!(totals(read.json()), [0, 0, 0, 2], "{}", read.body);

    diesel::sql_query(format!("DROP DATABASE `{database}`")).execute(&mut root).await.unwrap();
}
