//! Checklists: who may tick and who may edit, versions (two people ticking one item never
//! overwrite each other silently), the card's "done/total", and the items' life with the task.

use crate::{
    helpers::{TestClient, TestResponse},
    tasks::{column_ids, create, outbox, Caller, Matrix, CALLERS},
};
use taskboard::domain::{audit::AuditKind, checklist::Checklist, Board, BoardPage, Status};

fn ok(response: &TestResponse) -> bool {
    response.status.is_success() || response.status.is_redirection()
}

async fn checklist(client: &TestClient, task: i64) -> Checklist {
    let response = client.call_server_fn("checklist", &[("task", &task.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn add(client: &TestClient, task: i64, text: &str) -> TestResponse {
    client.call_server_fn("add_checklist_item", &[("task", &task.to_string()), ("text", text)]).await
}

async fn tick(client: &TestClient, id: i64, version: i32, done: bool) -> TestResponse {
    client
        .call_server_fn(
            "tick_checklist_item",
            &[
                ("id", &id.to_string()),
                ("version", &version.to_string()),
                ("done", if done { "true" } else { "false" }),
            ],
        )
        .await
}

fn expected(caller: Caller, allowed: bool) -> Option<u16> {
    if allowed {
        return None;
    }
    Some(Matrix::refusal(caller))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pic_ticks_the_supervisor_edits_and_the_card_counts() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    let task = create(app, team, "Launch checklist", Some(team.pic_id)).await;
    for text in ["Book the hall", "Print posters", "Send invitations"] {
        assert!(ok(&add(app, task, text).await));
    }
    let items = checklist(&team.pic, task).await;
    assert_eq!(
        items.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        ["Book the hall", "Print posters", "Send invitations"]
    );
    assert!(items.can_tick && !items.can_edit, "the person in charge ticks but does not edit");

    // Adding: supervisor and admins; ticking: also the person in charge.
    let (anonymous_to_admin, movers) =
        ([false, false, false, false, true, true], [false, false, false, true, true, true]);
    for (caller, (may_add, may_tick)) in CALLERS.into_iter().zip(anonymous_to_admin.into_iter().zip(movers)) {
        let before = outbox(app).await.len();
        let added = add(matrix.client(caller), task, &format!("Item by {caller:?}")).await;
        match expected(caller, may_add) {
            None => assert!(ok(&added), "add as {caller:?}: {}", added.body),
            Some(status) => assert_eq!(added.status, status, "add as {caller:?}: {}", added.body),
        }
        let item = checklist(app, task).await.items[0].clone();
        let ticked = tick(matrix.client(caller), item.id, item.version, !item.done).await;
        match expected(caller, may_tick) {
            None => assert_eq!(ticked.status, 200, "tick as {caller:?}: {}", ticked.body),
            Some(status) => assert_eq!(ticked.status, status, "tick as {caller:?}: {}", ticked.body),
        }
        let writes = usize::from(may_add) + usize::from(may_tick);
        assert_eq!(outbox(app).await.len(), before + writes, "{caller:?}: one event per write");
    }
    // Back to a known state: three items, two ticked by the person in charge.
    for item in checklist(app, task).await.items {
        if item.text.starts_with("Item by") {
            let removed = app
                .call_server_fn(
                    "remove_checklist_item",
                    &[("id", &item.id.to_string()), ("version", &item.version.to_string())],
                )
                .await;
            assert!(ok(&removed), "{}", removed.body);
        }
    }
    let items = checklist(app, task).await.items;
    for item in &items {
        if item.done {
            assert_eq!(tick(&team.pic, item.id, item.version, false).await.status, 200);
        }
    }
    let items = checklist(app, task).await.items;
    assert_eq!(tick(&team.pic, items[0].id, items[0].version, true).await.status, 200);
    assert_eq!(tick(&team.pic, items[1].id, items[1].version, true).await.status, 200);
    let event = outbox(app).await.pop().unwrap();
    assert_eq!(event.kind, AuditKind::Checklist);
    assert_eq!(event.recipients.iter().map(|r| r.user_id).collect::<Vec<_>>(), [team.supervisor_id]);

    // Two people ticking the same item from the same version: the second is told, not obeyed.
    let item = &checklist(app, task).await.items[2];
    assert_eq!(tick(&team.pic, item.id, item.version, true).await.status, 200);
    let late = tick(app, item.id, item.version, false).await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(checklist(app, task).await.items[2].done, "the first tick stands");
    assert_eq!(tick(&team.pic, item.id, item.version + 1, false).await.status, 200);

    // The card: 2 of 3.
    let board: Board =
        app.call_server_fn("board", &[("board", &team.board_id.to_string())]).await.json::<BoardPage>().board;
    let card = board.card(task).unwrap();
    assert_eq!(card.checklist, Some((2, 3)));
    assert!(app.get(&team.board_path("")).await.body.contains("2/3"));
    assert_eq!(column_ids(app, team, Status::Todo).await, [task]);

    // Reordering and renaming (supervisor); bad input beside the field.
    let items = checklist(app, task).await.items;
    let moved = app
        .call_server_fn(
            "move_checklist_item",
            &[("id", &items[2].id.to_string()), ("version", &items[2].version.to_string()), ("direction", "up")],
        )
        .await;
    assert!(ok(&moved), "{}", moved.body);
    let order: Vec<String> = checklist(app, task).await.items.into_iter().map(|i| i.text).collect();
    assert_eq!(order, ["Book the hall", "Send invitations", "Print posters"]);
    let refused = team
        .pic
        .call_server_fn(
            "move_checklist_item",
            &[("id", &items[0].id.to_string()), ("version", &items[0].version.to_string()), ("direction", "down")],
        )
        .await;
    assert_eq!(refused.status, 403);
    let empty = add(app, task, "   ").await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    let item = &checklist(app, task).await.items[0];
    let renamed = app
        .call_server_fn(
            "rename_checklist_item",
            &[("id", &item.id.to_string()), ("version", &item.version.to_string()), ("text", "Book the big hall")],
        )
        .await;
    assert!(ok(&renamed), "{}", renamed.body);
    assert_eq!(checklist(app, task).await.items[0].text, "Book the big hall");
    // The page shows the checkboxes by name.
    let page = app.get(&format!("/tasks/{task}")).await.body;
    assert!(page.contains("Checklist") && page.contains("Book the big hall") && page.contains("type=\"checkbox\""));
}

/// Renaming, moving and removing an item × every kind of caller (the supervisor and admins may),
/// and reading the checklist (every member may).
#[tokio::test(flavor = "multi_thread")]
async fn only_the_supervisor_and_admins_rename_move_or_remove_items() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    let task = create(app, team, "Matrix checklist", Some(team.pic_id)).await;
    let editors = [false, false, false, false, true, true];
    for (caller, allowed) in CALLERS.into_iter().zip(editors) {
        for endpoint in ["rename_checklist_item", "move_checklist_item", "remove_checklist_item"] {
            for text in ["First", "Second"] {
                assert!(ok(&add(app, task, text).await));
            }
            // The last item: moving it up moves it.
            let item = checklist(app, task).await.items.pop().unwrap();
            let (id, version) = (item.id.to_string(), item.version.to_string());
            let mut form = vec![("id", id.as_str()), ("version", version.as_str())];
            match endpoint {
                "rename_checklist_item" => form.push(("text", "Renamed")),
                "move_checklist_item" => form.push(("direction", "up")),
                _ => {}
            }
            let before = outbox(app).await.len();
            let response = matrix.client(caller).call_server_fn(endpoint, &form).await;
            let case = format!("{endpoint} as {caller:?}");
            if allowed {
                assert!(ok(&response), "{case}: {}", response.body);
                assert_eq!(outbox(app).await.len(), before + 1, "{case}: one event");
            } else {
                assert_eq!(response.status, Matrix::refusal(caller), "{case}: {}", response.body);
                assert_eq!(outbox(app).await.len(), before, "{case}: no event");
                assert_eq!(checklist(app, task).await.items.pop(), Some(item), "{case}: unchanged");
            }
            for item in checklist(app, task).await.items {
                let (id, version) = (item.id.to_string(), item.version.to_string());
                let removed = app.call_server_fn("remove_checklist_item", &[("id", &id), ("version", &version)]).await;
                assert!(ok(&removed), "{}", removed.body);
            }
        }
        let read = matrix.client(caller).call_server_fn("checklist", &[("task", &task.to_string())]).await;
        let expected = match caller {
            Caller::Anonymous => 401,
            Caller::Outsider => 404,
            _ => 200,
        };
        assert_eq!(read.status, expected, "checklist as {caller:?}: {}", read.body);
    }
}
