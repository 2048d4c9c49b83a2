//! The trash: a deleted task leaves its board but not the database, comes back where it was,
//! and is purged for good after 30 days (an injected clock), once, whoever runs the purge.

use crate::{
    helpers::TestApp,
    tasks::{column_ids, create, load_status, outbox, team, team_on, Caller, Matrix, CALLERS},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{audit::AuditKind, trash::TrashPage, Status},
    server::db::schema::tasks,
};

fn ok(response: &crate::helpers::TestResponse) -> bool {
    response.status.is_success() || response.status.is_redirection()
}

async fn version(app: &crate::helpers::TestApp, id: i64) -> i32 {
    tasks::table.find(id).select(tasks::version).first(&mut app.db().await).await.unwrap()
}

async fn exists(app: &crate::helpers::TestApp, id: i64) -> bool {
    let found: i64 = tasks::table.find(id).count().get_result(&mut app.db().await).await.unwrap();
    found == 1
}

/// Moves task `id`'s time in the trash back by `days`, as if it had been deleted that long ago.
async fn trashed_days_ago(app: &crate::helpers::TestApp, id: i64, days: i64) {
    let at = chrono::Utc::now().naive_utc() - chrono::TimeDelta::days(days);
    diesel::update(tasks::table.find(id)).set(tasks::trashed_at.eq(at)).execute(&mut app.db().await).await.unwrap();
}

async fn trash(client: &crate::helpers::TestClient, board: i64) -> TrashPage {
    let response = client.call_server_fn("trash", &[("board", &board.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_task_waits_in_the_trash_and_comes_back_where_it_was() {
    let team = team().await;
    let app = &team.app;
    let a = create(app, &team, "A", Some(team.pic_id)).await;
    let b = create(app, &team, "B", Some(team.pic_id)).await;
    let c = create(app, &team, "C", None).await;
    assert_eq!(column_ids(app, &team, Status::Todo).await, [c, b, a]);

    let response = app.call_server_fn("delete_task", &[("id", &b.to_string()), ("version", "1")]).await;
    assert!(ok(&response), "{}", response.body);
    assert_eq!(response.header("location"), Some(format!("/boards/{}?trashed=1", team.board_id).as_str()));
    assert_eq!(column_ids(app, &team, Status::Todo).await, [c, a], "gone from its column");
    assert_eq!(load_status(app, b).await, 404, "its page is the deleted task's");
    let deleted = outbox(app).await.pop().unwrap();
    assert_eq!((deleted.kind, deleted.task_id), (AuditKind::Deleted, b));
    // Nothing can change it while it is there.
    let move_it =
        team.pic.call_server_fn("move_task", &[("id", &b.to_string()), ("version", "2"), ("status", "done")]).await;
    assert_eq!(move_it.status, 404, "{}", move_it.body);
    let card_before_it = app
        .call_server_fn(
            "move_task",
            &[("id", &c.to_string()), ("version", "1"), ("status", "todo"), ("before", &b.to_string())],
        )
        .await;
    assert!(ok(&card_before_it), "a trashed card is no place to move before: {}", card_before_it.body);
    assert_eq!(column_ids(app, &team, Status::Todo).await, [a, c], "…so the card went to the column's end");

    // Every member sees the trash; the person in charge may not restore it.
    for client in [app, &team.pic, &team.other] {
        let page = trash(client, team.board_id).await;
        assert_eq!(
            page.tasks.iter().map(|t| (t.id, t.title.as_str(), t.status)).collect::<Vec<_>>(),
            [(b, "B", Status::Todo)]
        );
        assert_eq!(page.tasks[0].trashed_by.as_deref(), Some("Sophie Supervisor"));
    }
    assert!(trash(app, team.board_id).await.tasks[0].can_restore);
    assert!(!trash(&team.pic, team.board_id).await.tasks[0].can_restore);

    let stale = app.call_server_fn("restore_task", &[("id", &b.to_string()), ("version", "1")]).await;
    assert_eq!(stale.status, 409, "a restore based on an old version is a conflict: {}", stale.body);
    let response = app.call_server_fn("restore_task", &[("id", &b.to_string()), ("version", "2")]).await;
    assert!(ok(&response), "{}", response.body);
    assert_eq!(response.header("location"), Some(format!("/boards/{}/trash?restored={b}", team.board_id).as_str()));
    // Back in To do at its old place: between where C was and A.
    let todo = column_ids(app, &team, Status::Todo).await;
    assert_eq!(todo, [b, a, c], "B keeps its position, ahead of A (C moved to the end meanwhile)");
    assert_eq!(load_status(app, b).await, 200);
    assert!(trash(app, team.board_id).await.tasks.is_empty());
    let restored = outbox(app).await.pop().unwrap();
    assert_eq!((restored.kind, restored.task_id, restored.actor.id), (AuditKind::Restored, b, team.supervisor_id));
    assert_eq!(restored.recipients.iter().map(|r| r.user_id).collect::<Vec<_>>(), [team.pic_id]);
    let again = app.call_server_fn("restore_task", &[("id", &b.to_string()), ("version", "3")]).await;
    assert_eq!(again.status, 404, "a task on its board is not in the trash: {}", again.body);
}

/// restore_task, purge_task and the trash page × every kind of caller.
#[tokio::test(flavor = "multi_thread")]
async fn only_the_supervisor_and_admins_restore_or_purge() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    // (anonymous, outsider, other, PIC, supervisor, admin)
    let allowed = [false, false, false, false, true, true];
    for endpoint in ["restore_task", "purge_task"] {
        for (caller, allowed) in CALLERS.into_iter().zip(allowed) {
            let id = create(app, team, "Matrix task", Some(team.pic_id)).await;
            let response = app.call_server_fn("delete_task", &[("id", &id.to_string()), ("version", "1")]).await;
            assert!(ok(&response), "{}", response.body);
            let events_before = outbox(app).await.len();
            let response =
                matrix.client(caller).call_server_fn(endpoint, &[("id", &id.to_string()), ("version", "2")]).await;
            let case = format!("{endpoint} as {caller:?}");
            let events = outbox(app).await;
            if allowed {
                assert!(ok(&response), "{case}: {}", response.body);
                assert_eq!(events.len(), events_before + 1, "{case}: one outbox row");
                let kind = if endpoint == "restore_task" { AuditKind::Restored } else { AuditKind::Purged };
                assert_eq!((events.last().unwrap().kind, events.last().unwrap().task_id), (kind, id), "{case}");
                assert_eq!(exists(app, id).await, endpoint == "restore_task", "{case}");
            } else {
                assert_eq!(response.status, Matrix::refusal(caller), "{case}: {}", response.body);
                assert_eq!(events.len(), events_before, "{case}: no outbox row");
                assert_eq!(version(app, id).await, 2, "{case}: still in the trash, unchanged");
            }
        }
    }
    let board = team.board_id.to_string();
    for caller in CALLERS {
        let response = matrix.client(caller).call_server_fn("trash", &[("board", &board)]).await;
        let expected = match caller {
            Caller::Anonymous => 401,
            Caller::Outsider => 404,
            _ => 200,
        };
        assert_eq!(response.status, expected, "trash as {caller:?}: {}", response.body);
    }
    let page = app.get(&format!("/boards/{board}/trash")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Restore Matrix task") && page.body.contains("Delete Matrix task for good"));
    assert_eq!(matrix.outsider.get(&format!("/boards/{board}/trash")).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_purge_deletes_tasks_thirty_days_in_the_trash_once() {
    // The test relays the events itself, so the history it reads is complete.
    let team = team_on(TestApp::builder().without_workers().spawn().await).await;
    let app = &team.app;
    let old = create(app, &team, "Old", None).await;
    let recent = create(app, &team, "Recent", None).await;
    let kept = create(app, &team, "On the board", None).await;
    for id in [old, recent] {
        let response = app.call_server_fn("delete_task", &[("id", &id.to_string()), ("version", "1")]).await;
        assert!(ok(&response), "{}", response.body);
    }
    trashed_days_ago(app, old, 31).await;
    trashed_days_ago(app, recent, 29).await;

    let now = chrono::Utc::now().naive_utc();
    // Two instances' housekeeping at once: the task goes once, with one event.
    let (first, second) = tokio::join!(app.purge_trash_at(now), app.purge_trash_at(now));
    assert_eq!(first + second, 1);
    assert!(!exists(app, old).await);
    assert!(exists(app, recent).await && exists(app, kept).await);
    let purged: Vec<_> = outbox(app).await.into_iter().filter(|e| e.kind == AuditKind::Purged).collect();
    assert_eq!(purged.len(), 1);
    assert_eq!((purged[0].task_id, purged[0].actor.id, purged[0].recipients.len()), (old, 0, 0));
    assert_eq!(trash(app, team.board_id).await.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), [recent]);

    // Two days later the other one's time is up too.
    assert_eq!(app.purge_trash_at(now + chrono::TimeDelta::days(2)).await, 1);
    assert!(!exists(app, recent).await && exists(app, kept).await);
    // Its history stays readable, ending with the purge.
    app.relay_all().await;
    let history = app.call_server_fn("task_history", &[("id", &old.to_string())]).await;
    assert_eq!(history.status, 200, "{}", history.body);
    let history: taskboard::domain::audit::TaskHistory = history.json();
    assert!(history.deleted);
    assert_eq!(history.entries[0].text, "Deleted for good after 30 days in the trash");
    assert_eq!(history.entries[1].text, "Sophie Supervisor moved it to the trash");
}
