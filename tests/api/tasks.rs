//! Tasks: who may do what (the permission table in `../shared/DESIGN.md`, every server fn ×
//! every kind of caller), stale writes, bad input, and the outbox row every write leaves.

use crate::helpers::{TestApp, TestClient, TestResponse};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{
        audit::{AuditEvent, AuditKind, FieldChange},
        AppError, Board, BoardPage, Message, NewTaskForm, Status, TaskPage,
    },
    server::db::schema::{audit_outbox, tasks, users},
};

/// A supervisor (the app's own client), a person in charge and another member, all on the board
/// the supervisor created (so its admin), and a visitor who is not logged in.
pub struct Team {
    pub app: TestApp,
    pub board_id: i64,
    pub pic: TestClient,
    pub other: TestClient,
    pub anonymous: TestClient,
    pub supervisor_id: i64,
    pub pic_id: i64,
    pub other_id: i64,
    /// Their email addresses: unique per test, since the SES stand-in's store is shared.
    pub supervisor_email: String,
    pub pic_email: String,
    pub other_email: String,
}

pub async fn team() -> Team {
    team_on(TestApp::spawn().await).await
}

/// The three people signed up on `app`.
pub async fn team_on(app: TestApp) -> Team {
    let suffix = &app.table_prefix[5..17];
    let [supervisor_email, pic_email, other_email] =
        ["sophie", "pia", "otto"].map(|name| format!("{name}-{suffix}@example.com"));
    app.sign_up_ok("Sophie Supervisor", &supervisor_email).await;
    let pic = app.new_client();
    pic.sign_up_ok("Pia 담당자", &pic_email).await;
    let other = app.new_client();
    other.sign_up_ok("Otto Other", &other_email).await;
    let anonymous = app.new_client();
    let supervisor_id = user_id(&app, &supervisor_email).await;
    let pic_id = user_id(&app, &pic_email).await;
    let other_id = user_id(&app, &other_email).await;
    app.confirm_every_address().await;
    let board_id = app.create_board_ok("Team board").await;
    for member in [pic_id, other_id] {
        app.add_member(board_id, member, "member").await;
    }
    // The board's creation is in its activity; an app that a test drives itself sends it on now,
    // so what the test then relays and delivers is its own.
    if !app.background_workers {
        app.relay_all().await;
        app.deliver_all().await;
    }
    Team {
        app,
        board_id,
        pic,
        other,
        anonymous,
        supervisor_id,
        pic_id,
        other_id,
        supervisor_email,
        pic_email,
        other_email,
    }
}

impl Team {
    /// The board's page, with `query` (e.g. `?mine=1`, or "").
    pub fn board_path(&self, query: &str) -> String {
        format!("/boards/{}{query}", self.board_id)
    }

    /// Someone signed up on the same app who is not a member of the board.
    pub async fn outsider(&self, name: &str) -> (TestClient, i64) {
        let suffix = &self.app.table_prefix[5..17];
        let email = format!("{}-{suffix}@example.com", name.split(' ').next().unwrap().to_lowercase());
        let client = self.app.new_client();
        client.sign_up_ok(name, &email).await;
        self.app.confirm_every_address().await;
        let id = user_id(&self.app, &email).await;
        (client, id)
    }
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::table.filter(users::email.eq(email)).select(users::id).first(&mut app.db().await).await.unwrap()
}

pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Creates a task on the team's board through the server fn and returns its id.
pub async fn create(client: &TestClient, team: &Team, title: &str, pic: Option<i64>) -> i64 {
    let pic = pic.map(|id| id.to_string()).unwrap_or_default();
    let response = create_with(client, team.board_id, &new_request_id(), title, "", "", &pic).await;
    assert!(response.status.is_success() || response.status.is_redirection(), "create failed: {}", response.body);
    tasks::table
        .filter(tasks::title.eq(title))
        .select(tasks::id)
        .order(tasks::id.desc())
        .first(&mut team.app.db().await)
        .await
        .unwrap()
}

pub async fn create_with(
    client: &TestClient,
    board: i64,
    request_id: &str,
    title: &str,
    description: &str,
    deadline: &str,
    pic: &str,
) -> TestResponse {
    client
        .call_server_fn(
            "create_task",
            &[
                ("board", &board.to_string()),
                ("request_id", request_id),
                ("title", title),
                ("description", description),
                ("deadline", deadline),
                ("pic", pic),
            ],
        )
        .await
}

/// The status of the task page's load for `client`: 200, or 404 for a task not on its board.
pub async fn load_status(client: &TestClient, id: i64) -> u16 {
    client.call_server_fn("task", &[("id", &id.to_string())]).await.status.as_u16()
}

async fn load(client: &TestClient, id: i64) -> TaskPage {
    let response = client.call_server_fn("task", &[("id", &id.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

/// The tasks' audit events in the outbox, oldest first (boards' own events are [`board_events`]).
pub async fn outbox(app: &TestApp) -> Vec<AuditEvent> {
    let payloads: Vec<String> = audit_outbox::table
        .filter(audit_outbox::task_id.gt(0))
        .order(audit_outbox::id.asc())
        .select(audit_outbox::payload)
        .load(&mut app.db().await)
        .await
        .unwrap();
    payloads.iter().map(|p| serde_json::from_str(p).expect("outbox payload is an AuditEvent")).collect()
}

/// Board `board_id`'s own audit events in the outbox (its activity), oldest first.
pub async fn board_events(app: &TestApp, board_id: i64) -> Vec<AuditEvent> {
    let payloads: Vec<String> = audit_outbox::table
        .filter(audit_outbox::task_id.eq(-board_id))
        .order(audit_outbox::id.asc())
        .select(audit_outbox::payload)
        .load(&mut app.db().await)
        .await
        .unwrap();
    payloads.iter().map(|p| serde_json::from_str(p).expect("outbox payload is an AuditEvent")).collect()
}

/// The title, status, PIC and version as stored.
pub async fn stored(app: &TestApp, id: i64) -> Option<(String, String, Option<i64>, i32)> {
    tasks::table
        .find(id)
        .select((tasks::title, tasks::status, tasks::pic_id, tasks::version))
        .first(&mut app.db().await)
        .await
        .optional()
        .unwrap()
}

/// The supervisor's edit form as the task page fills it in from what is stored, with `changes`
/// made (each `labels[]` is a ticked label box: none, none ticked), sent by `client`.
pub async fn update(
    client: &TestClient,
    app: &TestApp,
    id: i64,
    version: i32,
    changes: &[(&str, &str)],
) -> TestResponse {
    let (title, description, deadline, pic, status): (String, String, Option<chrono::NaiveDate>, Option<i64>, String) =
        tasks::table
            .find(id)
            .select((tasks::title, tasks::description, tasks::deadline, tasks::pic_id, tasks::status))
            .first(&mut app.db().await)
            .await
            .unwrap();
    let mut form: Vec<(&str, String)> = vec![
        ("id", id.to_string()),
        ("version", version.to_string()),
        ("title", title),
        ("description", description),
        ("deadline", deadline.map(|d| d.to_string()).unwrap_or_default()),
        ("pic", pic.map(|p| p.to_string()).unwrap_or_default()),
        ("status", status),
    ];
    for (field, value) in changes {
        if *field == "labels[]" {
            form.push(("labels[]", (*value).to_owned())); // one per ticked box
            continue;
        }
        form.iter_mut().find(|(name, _)| name == field).expect("a field of the form").1 = (*value).to_owned();
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call_server_fn("update_task", &form).await
}

/// The message for a person in charge who is not on the board (or does not exist).
const NOT_A_MEMBER: Message = Message::ChooseMember;

fn recipients(event: &AuditEvent) -> Vec<&str> {
    event.recipients.iter().map(|r| r.email.as_str()).collect()
}

/// Everyone a server fn can be called by: nobody logged in, someone who is not a member of the
/// board, a member with no part in the task, its person in charge, its supervisor, and an admin
/// of the board who is none of these.
#[derive(Clone, Copy, Debug)]
pub enum Caller {
    Anonymous,
    Outsider,
    Other,
    Pic,
    Supervisor,
    Admin,
}

pub const CALLERS: [Caller; 6] =
    [Caller::Anonymous, Caller::Outsider, Caller::Other, Caller::Pic, Caller::Supervisor, Caller::Admin];

/// The team, plus an outsider and a second admin of the board.
pub struct Matrix {
    pub team: Team,
    pub outsider: TestClient,
    pub admin: TestClient,
}

impl Matrix {
    pub async fn new() -> Matrix {
        // Dozens of emailing changes by one person within a minute: the pace limit would meet them.
        let team = team_on(TestApp::builder().setting("NOTIFYING_WRITES_PER_MINUTE", "0").spawn().await).await;
        let (outsider, _) = team.outsider("Olga Outsider").await;
        let (admin, admin_id) = team.outsider("Ada Admin").await;
        team.app.add_member(team.board_id, admin_id, "admin").await;
        Matrix { team, outsider, admin }
    }

    pub fn client(&self, caller: Caller) -> &TestClient {
        match caller {
            Caller::Anonymous => &self.team.anonymous,
            Caller::Outsider => &self.outsider,
            Caller::Other => &self.team.other,
            Caller::Pic => &self.team.pic,
            Caller::Supervisor => &self.team.app,
            Caller::Admin => &self.admin,
        }
    }

    /// What a refused caller gets: 401 without a login, 404 (as for a task that never existed)
    /// outside the board, 403 for a member who may not.
    pub fn refusal(caller: Caller) -> u16 {
        match caller {
            Caller::Anonymous => 401,
            Caller::Outsider => 404,
            _ => 403,
        }
    }
}

/// Every task server fn × every caller: the allowed ones succeed and leave exactly one outbox
/// row; the others are refused with the right status, change nothing and leave none.
#[tokio::test(flavor = "multi_thread")]
async fn permission_matrix() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    let first_task = create(app, team, "Already on the board", None).await;
    // (server fn, what it changes, who may call it: anonymous, outsider, other, PIC, supervisor, admin)
    type Case = (&'static str, Vec<(&'static str, String)>, [bool; 6]);
    let editors = [false, false, false, false, true, true];
    let movers = [false, false, false, true, true, true];
    let cases: Vec<Case> = vec![
        ("update_task", vec![("title", "Renamed".into())], editors),
        ("update_task", vec![("description", "More words".into())], editors),
        ("update_task", vec![("deadline", "2031-01-01".into())], editors),
        ("update_task", vec![("pic", team.other_id.to_string())], editors),
        ("update_task", vec![("status", "in_review".into())], editors),
        ("change_status", vec![("status", "in_review".into())], movers),
        ("move_task", vec![("status", "done".into())], movers),
        ("move_task", vec![("status", "todo".into()), ("before", "1".into())], movers),
        ("delete_task", vec![], editors),
    ];
    for (endpoint, fields, allowed) in cases {
        for (caller, allowed) in CALLERS.into_iter().zip(allowed) {
            let id = create(app, team, "Matrix task", Some(team.pic_id)).await;
            let before = stored(app, id).await;
            let events_before = outbox(app).await.len();
            let changes: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let client = matrix.client(caller);
            let response = if endpoint == "update_task" {
                update(client, app, id, 1, &changes).await
            } else {
                // `before` names the first task of this test, ahead of which the card moves.
                let (id_text, before) = (id.to_string(), first_task.to_string());
                let mut form: Vec<(&str, &str)> = vec![("id", &id_text), ("version", "1")];
                form.extend(changes.iter().map(|(k, v)| (*k, if *k == "before" { before.as_str() } else { *v })));
                client.call_server_fn(endpoint, &form).await
            };
            let events = outbox(app).await;
            let case = format!("{endpoint} {fields:?} as {caller:?}");
            if allowed {
                assert!(response.status.is_success() || response.status.is_redirection(), "{case}: {}", response.body);
                assert_eq!(events.len(), events_before + 1, "{case}: one outbox row");
                assert_eq!(events.last().unwrap().task_id, id, "{case}");
            } else {
                assert_eq!(response.status, Matrix::refusal(caller), "{case}: {}", response.body);
                assert_eq!(stored(app, id).await, before, "{case}: nothing changed");
                assert_eq!(events.len(), events_before, "{case}: no outbox row");
            }
        }
    }
}

/// The reads: the task, its history, the board, its header and the new-task form. A member
/// reads them all; an outsider gets 404 for each, as for ids that never existed.
#[tokio::test(flavor = "multi_thread")]
async fn reading_needs_membership_and_shows_what_the_viewer_may_do() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let id = create(&team.app, team, "Read me", Some(team.pic_id)).await;
    let (id_text, board) = (id.to_string(), team.board_id.to_string());
    let reads: [(&str, Vec<(&str, &str)>); 5] = [
        ("task", vec![("id", &id_text)]),
        ("task_history", vec![("id", &id_text)]),
        ("board", vec![("board", &board)]),
        ("board_header", vec![("board", &board)]),
        ("new_task_form", vec![("board", &board)]),
    ];
    for (endpoint, form) in &reads {
        for caller in CALLERS {
            let response = matrix.client(caller).call_server_fn(endpoint, form).await;
            let expected = match caller {
                Caller::Anonymous => 401,
                Caller::Outsider => 404,
                _ => 200,
            };
            assert_eq!(response.status, expected, "{endpoint} as {caller:?}: {}", response.body);
        }
        // An id that never existed gets the same answer as the outsider.
        let unknown: Vec<(&str, &str)> = form.iter().map(|(k, _)| (*k, "987654321")).collect();
        assert_eq!(team.app.call_server_fn(endpoint, &unknown).await.status, 404, "{endpoint}");
    }
    for path in [format!("/tasks/{id}"), team.board_path(""), team.board_path("/tasks/new")] {
        let page = matrix.outsider.get(&path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(!page.body.contains("Read me") && !page.body.contains("Team board"), "{path} says nothing");
    }
    for (caller, (edit, mv, delete)) in [
        (Caller::Other, (false, false, false)),
        (Caller::Pic, (false, true, false)),
        (Caller::Supervisor, (true, true, true)),
        (Caller::Admin, (true, true, true)),
    ] {
        let page = load(matrix.client(caller), id).await;
        assert_eq!(page.board.name, "Team board");
        assert_eq!(page.task.title, "Read me");
        assert_eq!(page.task.supervisor.name, "Sophie Supervisor");
        assert_eq!(page.task.pic.as_ref().map(|p| p.name.as_str()), Some("Pia 담당자"));
        let roles = page.roles;
        assert_eq!((roles.can_edit(), roles.can_move(), roles.can_delete()), (edit, mv, delete), "{caller:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn creating_needs_membership_and_makes_the_caller_supervisor() {
    let team = team().await;
    let response = create_with(&team.anonymous, team.board_id, &new_request_id(), "Sneaky", "", "", "").await;
    assert_eq!(response.status, 401);
    let (outsider, outsider_id) = team.outsider("Olga Outsider").await;
    let response = create_with(&outsider, team.board_id, &new_request_id(), "Sneaky", "", "", "").await;
    assert_eq!(response.status, 404, "{}", response.body);
    assert!(outbox(&team.app).await.is_empty());

    let board = team.board_id.to_string();
    let form: NewTaskForm = team.other.call_server_fn("new_task_form", &[("board", &board)]).await.json();
    let names: Vec<&str> = form.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Otto Other", "Pia 담당자", "Sophie Supervisor"], "the board's members, by name");
    // Someone who is not a member cannot be put in charge, nor hear about the task.
    let error =
        create_with(&team.other, team.board_id, &new_request_id(), "For Olga", "", "", &outsider_id.to_string()).await;
    assert_eq!(error.app_error().field_message("pic"), Some(NOT_A_MEMBER));

    let id = create(&team.other, &team, "Otto's task", None).await;
    let page = load(&team.other, id).await;
    assert_eq!(page.task.supervisor.id, team.other_id);
    assert_eq!(page.task.status, Status::Todo);
    assert_eq!(page.task.version, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn stale_version_is_refused_and_changes_nothing() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Contested", Some(team.pic_id)).await;
    let seen = load(app, id).await.task.version;
    let moved = team
        .pic
        .call_server_fn("move_task", &[("id", &id.to_string()), ("version", "1"), ("status", "in_progress")])
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let events = outbox(app).await.len();

    let response = update(app, app, id, seen, &[("title", "My rename"), ("status", "todo")]).await;
    assert_eq!(response.status, 409, "{}", response.body);
    let AppError::Conflict(conflict) = response.app_error() else { panic!("expected a conflict: {}", response.body) };
    assert_eq!(conflict.changed_by, "Pia 담당자");
    assert_eq!(conflict.current.status, Status::InProgress);
    assert_eq!(conflict.current.version, 2);
    assert!(response.app_error().to_string().contains("Pia 담당자 changed this task"));
    assert_eq!(stored(app, id).await, Some(("Contested".into(), "in_progress".into(), Some(team.pic_id), 2)));
    assert_eq!(outbox(app).await.len(), events, "a refused write leaves no outbox row");

    // The same for a stale move and a stale delete.
    let stale_move =
        team.pic.call_server_fn("move_task", &[("id", &id.to_string()), ("version", "1"), ("status", "done")]).await;
    assert_eq!(stale_move.status, 409);
    let stale_delete = app.call_server_fn("delete_task", &[("id", &id.to_string()), ("version", "1")]).await;
    assert_eq!(stale_delete.status, 409);
    assert!(stored(app, id).await.is_some());
    assert_eq!(outbox(app).await.len(), events);
}

/// A request whose arguments cannot be read at all is the caller's mistake: 400 with a message
/// saying what was wrong, never a 500 (which would count as our failure), and nothing changes.
#[tokio::test(flavor = "multi_thread")]
async fn arguments_a_server_fn_cannot_read_are_a_400_not_a_500() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Valid", None).await;
    let id_text = id.to_string();
    let events = outbox(app).await.len();
    for (endpoint, form) in [
        ("move_task", vec![("id", id_text.as_str()), ("version", "one"), ("status", "done")]),
        ("move_task", vec![("id", id_text.as_str()), ("status", "done")]),
        ("move_task", vec![("id", "99999999999999999999999"), ("version", "1"), ("status", "done")]),
        ("delete_task", vec![("id", id_text.as_str()), ("version", "-")]),
        ("task", vec![("id", "seven")]),
        ("update_task", vec![("id", id_text.as_str()), ("version", "1")]),
    ] {
        let response = app.call_server_fn(endpoint, &form).await;
        assert_eq!(response.status, 400, "{endpoint} {form:?}: {}", response.body);
        let AppError::Request(message) = response.app_error() else { panic!("{endpoint}: {}", response.body) };
        assert!(message.contains("argument"), "a readable reason: {message}");
    }
    assert_eq!(stored(app, id).await, Some(("Valid".into(), "todo".into(), None, 1)));
    assert_eq!(outbox(app).await.len(), events, "nothing recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_with_a_message_per_field_and_nothing_is_saved() {
    let team = team().await;
    let app = &team.app;
    let long = "x".repeat(10_001);
    let response = create_with(app, team.board_id, &new_request_id(), "   ", &long, "2026-02-30", "").await;
    assert_eq!(response.status, 422, "{}", response.body);
    let error = response.app_error();
    assert_eq!(error.field_message("title"), Some(Message::TitleMissing));
    assert_eq!(error.field_message("description"), Some(Message::TooLong(10_000)));
    assert_eq!(error.field_message("deadline"), Some(Message::DateInvalid));

    let too_long_title = "가".repeat(201);
    let error = create_with(app, team.board_id, &new_request_id(), &too_long_title, "", "", "").await.app_error();
    assert_eq!(error.field_message("title"), Some(Message::TooLong(200)));
    let error = create_with(app, team.board_id, &new_request_id(), "Past", "", "2020-01-01", "").await.app_error();
    assert_eq!(error.field_message("deadline"), Some(Message::DeadlinePast));
    let error = create_with(app, team.board_id, &new_request_id(), "Nobody", "", "", "999999").await.app_error();
    assert_eq!(error.field_message("pic"), Some(NOT_A_MEMBER));
    let error = create_with(app, team.board_id, &new_request_id(), "Nobody", "", "", "Pia").await.app_error();
    assert_eq!(error.field_message("pic"), Some(Message::ChoosePerson));
    let stale_form = create_with(app, team.board_id, "not-a-request-id", "Fine", "", "", "").await;
    assert_eq!(stale_form.status, 400);
    let count: i64 = tasks::table.count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(count, 0, "nothing saved");
    assert!(outbox(app).await.is_empty());

    let id = create(app, &team, "Valid", None).await;
    let events = outbox(app).await.len();
    let id_text = id.to_string();
    for (field, value, message) in [
        ("status", "archived", Message::ChooseColumn),
        ("title", "", Message::TitleMissing),
        ("pic", "999999", NOT_A_MEMBER),
        ("deadline", "31/12/2026", Message::DateInvalid),
    ] {
        let response = update(app, app, id, 1, &[(field, value)]).await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        assert_eq!(response.app_error().field_message(field), Some(message), "{field}");
    }
    let bad_move = app.call_server_fn("move_task", &[("id", &id_text), ("version", "1"), ("status", "limbo")]).await;
    assert_eq!(bad_move.status, 422);
    assert_eq!(stored(app, id).await, Some(("Valid".into(), "todo".into(), None, 1)));
    assert_eq!(outbox(app).await.len(), events);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_may_keep_a_past_deadline() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Old", None).await;
    let response = update(app, app, id, 1, &[("deadline", "2020-01-01")]).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_write_leaves_one_outbox_row_with_its_changes_and_recipients() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Write the guide", Some(team.pic_id)).await;
    let id_text = id.to_string();

    let events = outbox(app).await;
    assert_eq!(events.len(), 1);
    let created = &events[0];
    assert_eq!((created.kind, created.task_id, created.actor.id), (AuditKind::Created, id, team.supervisor_id));
    assert_eq!(created.task_title, "Write the guide");
    assert!(created.changes.contains(&FieldChange::new("pic", None, Some("Pia 담당자".into()))));
    assert_eq!(recipients(created), [team.pic_email.as_str()], "the actor is never a recipient");

    let response = update(app, app, id, 1, &[("title", "Write the user guide"), ("deadline", "2031-05-01")]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let updated = outbox(app).await.pop().unwrap();
    assert_eq!(updated.kind, AuditKind::Updated);
    assert_eq!(
        updated.changes,
        [
            FieldChange::new("title", Some("Write the guide".into()), Some("Write the user guide".into())),
            FieldChange::new("deadline", None, Some("2031-05-01".into())),
        ]
    );
    assert_eq!(recipients(&updated), [team.pic_email.as_str()]);

    // Reassigning tells both the new and the former person in charge.
    let other = team.other_id.to_string();
    let response = update(app, app, id, 2, &[("pic", &other)]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let reassigned = outbox(app).await.pop().unwrap();
    assert_eq!(reassigned.kind, AuditKind::Reassigned);
    assert_eq!(reassigned.changes, [FieldChange::new("pic", Some("Pia 담당자".into()), Some("Otto Other".into()))]);
    assert_eq!(recipients(&reassigned), [team.other_email.as_str(), team.pic_email.as_str()]);

    // The new person in charge moves it: the supervisor hears about it.
    let response =
        team.other.call_server_fn("move_task", &[("id", &id_text), ("version", "3"), ("status", "in_progress")]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json::<i32>(), 4, "the new version");
    let moved = outbox(app).await.pop().unwrap();
    assert_eq!((moved.kind, moved.actor.id), (AuditKind::Moved, team.other_id));
    assert_eq!(moved.changes, [FieldChange::new("status", Some("todo".into()), Some("in_progress".into()))]);
    assert_eq!(recipients(&moved), [team.supervisor_email.as_str()]);

    // Saving without a change writes nothing; nor does the status form with the same status.
    let response = update(app, app, id, 4, &[]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let response = team
        .other
        .call_server_fn("change_status", &[("id", &id_text), ("version", "4"), ("status", "in_progress")])
        .await;
    assert_eq!((response.status.as_u16(), response.json::<i32>()), (200, 4));
    assert_eq!(outbox(app).await.len(), 4);

    let response = app.call_server_fn("delete_task", &[("id", &id_text), ("version", "4")]).await;
    assert!(response.status.is_success() || response.status.is_redirection(), "{}", response.body);
    let deleted = outbox(app).await.pop().unwrap();
    assert_eq!((deleted.kind, deleted.task_title.as_str()), (AuditKind::Deleted, "Write the user guide"));
    assert_eq!(recipients(&deleted), [team.other_email.as_str()]);
    assert!(load_status(app, id).await == 404, "a task in the trash is not on its board");
    assert_eq!(outbox(app).await.len(), 5, "one row per write, and the deleted task's rows stay");
    let ids: std::collections::HashSet<_> = outbox(app).await.into_iter().map(|e| e.event_id).collect();
    assert_eq!(ids.len(), 5, "every event has its own id");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_form_sent_twice_creates_one_task() {
    let team = team().await;
    let app = &team.app;
    let request_id = new_request_id();
    let (first, second) = tokio::join!(
        create_with(app, team.board_id, &request_id, "Once", "", "", ""),
        create_with(app, team.board_id, &request_id, "Once", "", "", ""),
    );
    for response in [first, second] {
        assert!(response.status.is_success() || response.status.is_redirection(), "{}", response.body);
    }
    let count: i64 = tasks::table.count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(count, 1);
    assert_eq!(outbox(app).await.len(), 1);

    // The same form again with another title (gone back to, edited, sent): said, not dropped.
    let edited = create_with(app, team.board_id, &request_id, "Twice", "", "", "").await;
    assert_eq!(edited.status, 400, "{}", edited.body);
    assert_eq!(edited.json::<AppError>(), AppError::Refused(Message::RequestReused));
    let titles: Vec<String> = tasks::table.select(tasks::title).load(&mut app.db().await).await.unwrap();
    assert_eq!((titles, outbox(app).await.len()), (vec!["Once".to_owned()], 1));
}

pub async fn column_ids(client: &TestClient, team: &Team, status: Status) -> Vec<i64> {
    let board: Board =
        client.call_server_fn("board", &[("board", &team.board_id.to_string())]).await.json::<BoardPage>().board;
    board.columns[status.column_index()].cards.iter().map(|c| c.id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn cards_move_between_and_within_columns_keeping_order() {
    let team = team().await;
    let app = &team.app;
    let c = create(app, &team, "C", None).await;
    let b = create(app, &team, "B", None).await;
    let a = create(app, &team, "A", None).await;
    assert_eq!(column_ids(app, &team, Status::Todo).await, [a, b, c], "new tasks go to the top of To do");

    let mv = |id: i64, version: i32, status: &'static str, before: Option<i64>| async move {
        let (id, version, before) = (id.to_string(), version.to_string(), before.map(|b| b.to_string()));
        let mut form = vec![("id", id.as_str()), ("version", version.as_str()), ("status", status)];
        if let Some(before) = &before {
            form.push(("before", before.as_str()));
        }
        let response = app.call_server_fn("move_task", &form).await;
        assert_eq!(response.status, 200, "{}", response.body);
        response.json::<i32>()
    };
    assert_eq!(mv(c, 1, "todo", Some(a)).await, 2, "to the top");
    assert_eq!(column_ids(app, &team, Status::Todo).await, [c, a, b]);
    let reorder = outbox(app).await.pop().unwrap();
    assert_eq!(reorder.changes, [FieldChange::new("position", Some("3".into()), Some("1".into()))]);
    assert!(reorder.recipients.is_empty(), "nobody is emailed about a reorder");

    mv(a, 1, "done", None).await;
    mv(b, 1, "done", Some(a)).await;
    assert_eq!(column_ids(app, &team, Status::Done).await, [b, a]);
    assert_eq!(column_ids(app, &team, Status::Todo).await, [c]);

    // Moving a card to where it already is writes nothing.
    let events = outbox(app).await.len();
    assert_eq!(mv(b, 2, "done", Some(a)).await, 2);
    assert_eq!(outbox(app).await.len(), events);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_column_with_no_room_left_is_renumbered() {
    let team = team().await;
    let app = &team.app;
    let ids = [create(app, &team, "Two", None).await, create(app, &team, "One", None).await];
    let ids = [ids[1], ids[0]];
    // Squeeze the positions together, as thousands of moves between the same two cards would.
    let mut conn = app.db().await;
    diesel::update(tasks::table.find(ids[0])).set(tasks::position.eq(1)).execute(&mut conn).await.unwrap();
    diesel::update(tasks::table.find(ids[1])).set(tasks::position.eq(2)).execute(&mut conn).await.unwrap();
    let third = create(app, &team, "Three", None).await;
    diesel::update(tasks::table.find(third)).set(tasks::position.eq(3)).execute(&mut conn).await.unwrap();
    let response = app
        .call_server_fn(
            "move_task",
            &[("id", &third.to_string()), ("version", "1"), ("status", "todo"), ("before", &ids[1].to_string())],
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(column_ids(app, &team, Status::Todo).await, [ids[0], third, ids[1]]);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_task_is_a_404_page() {
    let team = team().await;
    for path in ["/tasks/999999", "/tasks/not-a-number"] {
        let response = team.app.get(path).await;
        assert_eq!(response.status, 404, "{path}");
        assert!(response.body.contains("Page not found"), "{path}");
    }
    let response =
        team.app.call_server_fn("move_task", &[("id", "999999"), ("version", "1"), ("status", "done")]).await;
    assert_eq!(response.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_task_page_is_rendered_on_the_server_with_the_viewers_controls() {
    let team = team().await;
    let id = create(&team.app, &team, "보고서 쓰기 <b>bold</b>", Some(team.pic_id)).await;
    let path = format!("/tasks/{id}");

    let page = team.app.get(&path).await.body;
    assert!(page.contains("보고서 쓰기 &lt;b&gt;bold&lt;/b&gt;"), "escaped title: {page}");
    assert!(page.contains("Sophie Supervisor") && page.contains("Pia 담당자"));
    for control in ["name=\"title\"", "name=\"pic\"", "name=\"status\"", "Save changes", "Delete task"] {
        assert!(page.contains(control), "supervisor sees {control}");
    }
    let confirm = team.app.get(&format!("{path}?confirm=delete")).await.body;
    assert!(confirm.contains(">Delete</button>"), "the confirmation step");

    let page = team.pic.get(&path).await.body;
    assert!(page.contains("name=\"status\"") && page.contains("Save changes"));
    assert!(!page.contains("name=\"title\"") && !page.contains("Delete task"));

    let page = team.other.get(&path).await.body;
    assert!(!page.contains("Save changes") && !page.contains("Delete task") && !page.contains("name=\"status\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_narrow_the_board_and_its_counts() {
    let team = team().await;
    let app = &team.app;
    create(app, &team, "Quarterly report", Some(team.pic_id)).await;
    create(&team.other, &team, "Otto's own plan", None).await;
    let late = create(app, &team, "Late invoice", None).await;
    let done_late = create(app, &team, "Done and late", None).await;
    let mut conn = app.db().await;
    let past = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    diesel::update(tasks::table.filter(tasks::id.eq_any([late, done_late])))
        .set(tasks::deadline.eq(past))
        .execute(&mut conn)
        .await
        .unwrap();
    diesel::update(tasks::table.find(done_late)).set(tasks::status.eq("done")).execute(&mut conn).await.unwrap();

    let cards = |page: &str| page.matches("<article").count();
    // A task on another board is never on this one.
    let elsewhere = app.create_board_ok("Elsewhere").await;
    create_with(app, elsewhere, &new_request_id(), "Quarterly report elsewhere", "", "", "").await;
    let board = |query: &str| team.board_path(query);
    assert_eq!(cards(&app.get(&board("")).await.body), 4);
    assert_eq!(cards(&team.other.get(&board("?mine=1")).await.body), 1, "Otto supervises one task");
    assert_eq!(cards(&team.pic.get(&board("?mine=1")).await.body), 1, "Pia is in charge of one");
    assert_eq!(cards(&app.get(&board(&format!("?person={}", team.pic_id))).await.body), 1);
    let overdue = app.get(&board("?overdue=1")).await.body;
    assert_eq!(cards(&overdue), 1);
    assert!(overdue.contains("Late invoice") && overdue.contains("Overdue"));
    let search = app.get(&board("?q=REPORT")).await.body;
    assert_eq!(cards(&search), 1, "search ignores case");
    assert!(search.contains("Quarterly report"));
    assert_eq!(cards(&app.get(&board("?q=%25")).await.body), 0, "% is a character, not a wildcard");
    let none = app.get(&board("?q=nothing+like+this")).await.body;
    assert!(none.contains("No tasks match these filters."));
}

/// Moves running at the same time, each card crossing between two columns in opposite
/// directions, all succeed and leave every card where its last move put it. (Before moves took
/// the destination column's lock first, a move into To do and one into In progress could each
/// hold the other's rows and MySQL killed one as a deadlock: the user got a 503.)
#[tokio::test(flavor = "multi_thread")]
async fn simultaneous_moves_across_columns_all_succeed() {
    let team = team().await;
    let app = &team.app;
    let mut cards = Vec::new();
    for i in 0..8 {
        cards.push((create(app, &team, &format!("Concurrent card {i}"), None).await, 1));
    }
    // Half start in In progress.
    for (id, version) in cards.iter_mut().skip(4) {
        let moved = app
            .call_server_fn("move_task", &[("id", &id.to_string()), ("version", "1"), ("status", "in_progress")])
            .await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        *version = moved.json::<i32>();
    }
    for round in 0..6 {
        let tops = [cards_first(app, "todo").await, cards_first(app, "in_progress").await];
        let mut moves = tokio::task::JoinSet::new();
        for (i, &(id, version)) in cards.iter().enumerate() {
            // Every card goes to the other column, half of them to its top.
            let to = if (i < 4) == (round % 2 == 0) { "in_progress" } else { "todo" };
            let before = if i % 2 == 0 { tops[usize::from(to == "in_progress")] } else { None };
            let client = app.new_client();
            client.set_cookie(crate::helpers::SESSION_COOKIE, &app.session_cookie().unwrap());
            moves.spawn(async move {
                let (id_text, version_text) = (id.to_string(), version.to_string());
                let before_text = before.map(|b| b.to_string()).unwrap_or_default();
                let mut form = vec![("id", id_text.as_str()), ("version", version_text.as_str()), ("status", to)];
                if !before_text.is_empty() {
                    form.push(("before", before_text.as_str()));
                }
                (i, client.call_server_fn("move_task", &form).await)
            });
        }
        while let Some(joined) = moves.join_next().await {
            let (i, answer) = joined.unwrap();
            assert_eq!(answer.status, 200, "round {round}: {}", answer.body);
            cards[i].1 = answer.json::<i32>();
        }
    }
    // Six rounds: every card is back where it started, each column holds its four.
    let board: Board =
        app.call_server_fn("board", &[("board", &team.board_id.to_string())]).await.json::<BoardPage>().board;
    let ids =
        |column: usize| board.columns[column].cards.iter().map(|c| c.id).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(ids(0), cards[..4].iter().map(|c| c.0).collect());
    assert_eq!(ids(1), cards[4..].iter().map(|c| c.0).collect());
}

/// The id of the first card in column `status`, if any.
async fn cards_first(app: &TestApp, status: &str) -> Option<i64> {
    tasks::table
        .filter(tasks::status.eq(status))
        .order((tasks::position.asc(), tasks::id.asc()))
        .select(tasks::id)
        .first(&mut app.db().await)
        .await
        .optional()
        .unwrap()
}
