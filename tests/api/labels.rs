//! Labels: who manages a board's labels and who puts them on tasks, bad input beside its field,
//! the task's history, the card's chips, the board's "Label" filter, and a label's deletion.

use crate::{
    helpers::{TestClient, TestResponse},
    tasks::{board_events, create, outbox, update, Caller, Matrix, CALLERS},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{
        audit::{AuditKind, FieldChange},
        label::{LabelColour, LabelsPage},
        BoardPage, Message, Status, TaskPage,
    },
    server::db::schema::tasks,
};

fn ok(response: &TestResponse) -> bool {
    response.status.is_success() || response.status.is_redirection()
}

async fn add_label(client: &TestClient, board: i64, name: &str, colour: &str) -> TestResponse {
    client.call_server_fn("add_label", &[("board", &board.to_string()), ("name", name), ("colour", colour)]).await
}

async fn labels_page(client: &TestClient, board: i64) -> LabelsPage {
    let response = client.call_server_fn("labels", &[("board", &board.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

/// The id of board `board`'s label `name`.
async fn label_id(client: &TestClient, board: i64, name: &str) -> i64 {
    labels_page(client, board).await.labels.iter().find(|entry| entry.label.name == name).expect(name).label.id
}

async fn task_page(client: &TestClient, id: i64) -> TaskPage {
    let response = client.call_server_fn("task", &[("id", &id.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn version(app: &crate::helpers::TestApp, id: i64) -> i32 {
    tasks::table.find(id).select(tasks::version).first(&mut app.db().await).await.unwrap()
}

/// The board under `filter` (server fn arguments such as `("filter[label]", "3")`).
async fn board(client: &TestClient, board: i64, filter: &[(&str, &str)]) -> BoardPage {
    let board = board.to_string();
    let mut form = vec![("board", board.as_str())];
    form.extend_from_slice(filter);
    let response = client.call_server_fn("board", &form).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

#[tokio::test(flavor = "multi_thread")]
async fn admins_manage_a_board_s_labels_and_members_read_them() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    // The supervisor created the board: they and the second admin are its admins.
    let admins = [false, false, false, false, true, true];
    for (caller, allowed) in CALLERS.into_iter().zip(admins) {
        let before = board_events(app, team.board_id).await.len();
        let response = add_label(matrix.client(caller), team.board_id, &format!("By {caller:?}"), "blue").await;
        if allowed {
            assert!(ok(&response), "add as {caller:?}: {}", response.body);
            assert_eq!(response.header("location"), Some(format!("/boards/{}/labels?added=1", team.board_id).as_str()));
            let event = board_events(app, team.board_id).await.pop().unwrap();
            assert_eq!(event.kind, AuditKind::LabelCreated);
            assert_eq!(event.changes, [FieldChange::new("label", None, Some(format!("By {caller:?}")))]);
        } else {
            assert_eq!(response.status, Matrix::refusal(caller), "add as {caller:?}: {}", response.body);
            assert_eq!(board_events(app, team.board_id).await.len(), before, "{caller:?}: nothing recorded");
        }
        let read = matrix.client(caller).call_server_fn("labels", &[("board", &team.board_id.to_string())]).await;
        let expected = match caller {
            Caller::Anonymous => 401,
            Caller::Outsider => 404,
            _ => 200,
        };
        assert_eq!(read.status, expected, "read as {caller:?}: {}", read.body);
    }
    let page = labels_page(&team.other, team.board_id).await;
    assert!(!page.can_manage());
    assert_eq!(page.labels.iter().map(|e| e.label.name.as_str()).collect::<Vec<_>>(), ["By Admin", "By Supervisor"]);
    assert!(labels_page(app, team.board_id).await.can_manage());

    // Bad input, beside its field; a name the board has, in any case, is taken.
    let cases = [
        ("", "red", "name", Message::LabelNameMissing),
        (&"x".repeat(31), "red", "name", Message::TooLong(30)),
        ("Urgent", "pink", "colour", Message::ChooseColour),
        ("by admin", "red", "name", Message::LabelExists),
    ];
    for (name, colour, field, message) in cases {
        let response = add_label(app, team.board_id, name, colour).await;
        assert_eq!(response.status, 422, "{name:?}/{colour}: {}", response.body);
        assert_eq!(response.app_error().field_message(field), Some(message), "{name:?}/{colour}");
    }
    assert_eq!(labels_page(app, team.board_id).await.labels.len(), 2, "nothing added");

    // Deleting: admins only; the id of another board's label is no way into it.
    let by_admin = label_id(app, team.board_id, "By Admin").await;
    for caller in CALLERS {
        if matches!(caller, Caller::Supervisor | Caller::Admin) {
            continue;
        }
        let response = matrix.client(caller).call_server_fn("delete_label", &[("id", &by_admin.to_string())]).await;
        assert_eq!(response.status, Matrix::refusal(caller), "delete as {caller:?}: {}", response.body);
    }
    let response = matrix.admin.call_server_fn("delete_label", &[("id", &by_admin.to_string())]).await;
    assert!(ok(&response), "{}", response.body);
    assert_eq!(response.header("location"), Some(format!("/boards/{}/labels?deleted=1", team.board_id).as_str()));
    let event = board_events(app, team.board_id).await.pop().unwrap();
    assert_eq!(
        (event.kind, event.changes),
        (AuditKind::LabelDeleted, vec![FieldChange::new("label", Some("By Admin".into()), None)])
    );
    let again = app.call_server_fn("delete_label", &[("id", &by_admin.to_string())]).await;
    assert_eq!(again.status, 404, "{}", again.body);

    // The page, drawn on the server: a label's name is text, never markup.
    assert!(ok(&add_label(app, team.board_id, "<b>bold</b>", "yellow").await));
    let html = app.get(&format!("/boards/{}/labels", team.board_id)).await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("&lt;b&gt;bold&lt;/b&gt;") && !html.body.contains("<b>bold</b>"), "{}", html.body);
    assert!(html.body.contains("Delete label By Supervisor"));
    assert_eq!(matrix.outsider.get(&format!("/boards/{}/labels", team.board_id)).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_supervisor_labels_a_task_and_the_board_shows_and_filters_by_it() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    for (name, colour) in [("Urgent", "red"), ("Bug", "blue"), ("Web", "green")] {
        assert!(ok(&add_label(app, team.board_id, name, colour).await));
    }
    let (urgent, bug) = (label_id(app, team.board_id, "Urgent").await, label_id(app, team.board_id, "Bug").await);
    let task = create(app, team, "Fix the login page", Some(team.pic_id)).await;
    let other_task = create(app, team, "Plan the party", None).await;

    // The editor's form offers the board's labels; the person in charge's does not.
    let page = task_page(app, task).await;
    assert_eq!(page.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["Bug", "Urgent", "Web"]);
    assert!(task_page(&team.pic, task).await.labels.is_empty());

    let (urgent_id, bug_id) = (urgent.to_string(), bug.to_string());
    let response = update(app, app, task, 1, &[("labels[]", &urgent_id), ("labels[]", &bug_id)]).await;
    assert!(ok(&response), "{}", response.body);
    let page = task_page(&team.other, task).await;
    assert_eq!(
        page.task.labels.iter().map(|l| (l.name.as_str(), l.colour)).collect::<Vec<_>>(),
        [("Bug", LabelColour::Blue), ("Urgent", LabelColour::Red)]
    );
    assert_eq!(page.task.version, 2, "labelling is a change to the task");
    let event = outbox(app).await.pop().unwrap();
    assert_eq!((event.kind, event.task_id), (AuditKind::Updated, task));
    assert_eq!(event.changes, [FieldChange::new("labels", None, Some("Bug, Urgent".into()))]);
    assert_eq!(event.recipients.iter().map(|r| r.user_id).collect::<Vec<_>>(), [team.pic_id]);

    // The same labels again change nothing; a stale form is a conflict, not an overwrite.
    let events = outbox(app).await.len();
    assert!(ok(&update(app, app, task, 2, &[("labels[]", &bug_id), ("labels[]", &urgent_id)]).await));
    assert_eq!((outbox(app).await.len(), version(app, task).await), (events, 2));
    let stale = update(&matrix.admin, app, task, 1, &[]).await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(task_page(app, task).await.task.labels.len(), 2, "the labels stand");

    // Who may label: the supervisor and admins, as for any edit.
    for caller in [Caller::Anonymous, Caller::Outsider, Caller::Other, Caller::Pic] {
        let response = update(matrix.client(caller), app, task, 2, &[("labels[]", &urgent_id)]).await;
        assert_eq!(response.status, Matrix::refusal(caller), "label as {caller:?}: {}", response.body);
    }
    // Another board's label is refused beside the field, and nothing changes.
    let elsewhere = app.create_board_ok("Elsewhere").await;
    assert!(ok(&add_label(app, elsewhere, "Foreign", "teal").await));
    let foreign = label_id(app, elsewhere, "Foreign").await.to_string();
    let response = update(app, app, task, 2, &[("labels[]", &foreign), ("title", "Renamed")]).await;
    assert_eq!(response.status, 422, "{}", response.body);
    assert_eq!(response.app_error().field_message("labels"), Some(Message::LabelGone));
    assert_eq!(task_page(app, task).await.task.title, "Fix the login page");
    let garbage = update(app, app, task, 2, &[("labels[]", "urgent")]).await;
    assert_eq!(garbage.status, 400, "a label that is no id is a bad request: {}", garbage.body);

    // The card shows the chips (in the HTML too); the filter narrows the board to the label.
    let page = board(app, team.board_id, &[]).await;
    assert_eq!(page.labels.len(), 3);
    let card = page.board.card(task).unwrap();
    assert_eq!(card.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["Bug", "Urgent"]);
    assert!(page.board.card(other_task).unwrap().labels.is_empty());
    let html = app.get(&team.board_path("")).await.body;
    assert!(html.contains(r#"class="label label-red""#), "{html}");
    let filtered = board(app, team.board_id, &[("filter[label]", &urgent_id)]).await.board;
    assert_eq!(filtered.columns[Status::Todo.column_index()].cards.iter().map(|c| c.id).collect::<Vec<_>>(), [task]);
    assert_eq!(filtered.task_count(), 1, "the counts are filtered too");
    let html = app.get(&team.board_path(&format!("?label={urgent}"))).await.body;
    assert!(html.contains("Fix the login page") && !html.contains("Plan the party"));
    assert!(html.contains(&format!(r#"<option value="{urgent}" selected"#)), "the filter shows what it filters by");
    let web = label_id(app, team.board_id, "Web").await.to_string();
    assert_eq!(board(app, team.board_id, &[("filter[label]", &web)]).await.board.task_count(), 0);
    assert_eq!(board(app, team.board_id, &[("filter[label]", &foreign)]).await.board.task_count(), 0);

    // Taking one off is recorded with the names before and after.
    assert!(ok(&update(app, app, task, 2, &[("labels[]", &urgent_id)]).await));
    let event = outbox(app).await.pop().unwrap();
    assert_eq!(event.changes, [FieldChange::new("labels", Some("Bug, Urgent".into()), Some("Urgent".into()))]);

    // The labels page counts the tasks; deleting a label takes it off them (the board's
    // activity records it).
    let page = labels_page(app, team.board_id).await;
    let uses: Vec<(&str, i64)> = page.labels.iter().map(|e| (e.label.name.as_str(), e.tasks)).collect();
    assert_eq!(uses, [("Bug", 0), ("Urgent", 1), ("Web", 0)]);
    assert!(ok(&app.call_server_fn("delete_label", &[("id", &urgent_id)]).await));
    assert!(task_page(app, task).await.task.labels.is_empty());
    assert!(board(app, team.board_id, &[]).await.board.card(task).unwrap().labels.is_empty());
    let form = update(app, app, task, 3, &[("labels[]", &urgent_id)]).await;
    assert_eq!(form.app_error().field_message("labels"), Some(Message::LabelGone), "a form that still offered it");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_keeps_its_labels_through_the_trash() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    assert!(ok(&add_label(app, team.board_id, "Urgent", "orange").await));
    let urgent = label_id(app, team.board_id, "Urgent").await.to_string();
    let task = create(app, team, "Keep me", None).await;
    assert!(ok(&update(app, app, task, 1, &[("labels[]", &urgent)]).await));
    assert!(ok(&app.call_server_fn("delete_task", &[("id", &task.to_string()), ("version", "2")]).await));
    let page = labels_page(app, team.board_id).await;
    assert_eq!(page.labels[0].tasks, 0, "a task in the trash is not counted");
    assert_eq!(board(app, team.board_id, &[("filter[label]", &urgent)]).await.board.task_count(), 0);
    assert!(ok(&app.call_server_fn("restore_task", &[("id", &task.to_string()), ("version", "3")]).await));
    assert_eq!(task_page(app, task).await.task.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["Urgent"]);
    assert_eq!(labels_page(app, team.board_id).await.labels[0].tasks, 1);
}
