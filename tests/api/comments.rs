//! Comments and handles: Markdown made safe, @mentions of members (and only members) reaching
//! their inbox, who may edit and delete, versions, and comments living and dying with their task.

use crate::{
    helpers::{TestClient, TestResponse},
    tasks::{create, outbox, Caller, Matrix, CALLERS},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::{audit::AuditKind, comment::TaskComments, AppError, MembersPage, Message},
    server::db::schema::{comments, inbox_entries, users},
};

fn ok(response: &TestResponse) -> bool {
    response.status.is_success() || response.status.is_redirection()
}

async fn comments_of(client: &TestClient, task: i64) -> TaskComments {
    let response = client.call_server_fn("comments", &[("task", &task.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn comment(client: &TestClient, task: i64, body: &str) -> TestResponse {
    client.call_server_fn("add_comment", &[("task", &task.to_string()), ("body", body)]).await
}

async fn set_handle(client: &TestClient, handle: &str) {
    let response = client.call_server_fn("save_handle", &[("handle", handle)]).await;
    assert!(ok(&response), "{}", response.body);
}

async fn inbox_count(app: &crate::helpers::TestApp, user: i64) -> i64 {
    inbox_entries::table.filter(inbox_entries::user_id.eq(user)).count().get_result(&mut app.db().await).await.unwrap()
}

fn invalid_field(response: &TestResponse) -> (String, Message) {
    assert_eq!(response.status, 422, "{}", response.body);
    let AppError::Invalid(errors) = response.app_error() else { panic!("{}", response.body) };
    (errors[0].field.clone(), errors[0].message.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_up_gets_a_handle_from_its_address_and_can_change_it() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    let handle_of = |email: String| async move {
        users::table
            .filter(users::email.eq(email))
            .select(users::handle)
            .first::<String>(&mut app.db().await)
            .await
            .unwrap()
    };
    let sophie = handle_of(team.supervisor_email.clone()).await;
    let local: String = team.supervisor_email.split('@').next().unwrap().chars().take(24).collect();
    assert_eq!(sophie, local, "the address's start");
    // The same start of an address is numbered.
    let twin = app.new_client();
    twin.sign_up_ok("Sophie Twin", &team.supervisor_email.replace("@example.com", "@example.org")).await;
    assert_eq!(handle_of(team.supervisor_email.replace("@example.com", "@example.org")).await, format!("{sophie}2"));

    set_handle(&team.other, "@Otto").await;
    assert_eq!(handle_of(team.other_email.clone()).await, "otto");
    let taken = team.pic.call_server_fn("save_handle", &[("handle", "otto")]).await;
    assert_eq!(invalid_field(&taken), ("handle".to_owned(), Message::HandleTaken));
    let bad = team.pic.call_server_fn("save_handle", &[("handle", "pia park")]).await;
    assert_eq!(invalid_field(&bad), ("handle".to_owned(), Message::HandleInvalid));
    assert_eq!(team.anonymous.call_server_fn("save_handle", &[("handle", "nobody")]).await.status, 401);

    let members: MembersPage = app.call_server_fn("members", &[("board", &team.board_id.to_string())]).await.json();
    assert!(members.members.iter().any(|m| m.handle == "otto"));
    let page = app.get(&format!("/boards/{}/members", team.board_id)).await.body;
    assert!(page.contains("@otto"), "the members page shows handles");
    let account = app.get("/account").await.body;
    assert!(
        account.contains(&format!("value=\"{sophie}\"")) && account.contains("Save handle"),
        "the account page's form"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_comment_is_safe_markdown_and_its_mentions_reach_members_only() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    set_handle(&team.other, "otto").await;
    let (stranger, stranger_id) = team.outsider("Sam Stranger").await;
    set_handle(&stranger, "stranger").await;
    let task = create(app, team, "Quarterly numbers", Some(team.pic_id)).await;

    let body = "@otto can you check the **numbers**? <script>alert(1)</script> [x](javascript:alert(1)) \
                ![pixel](https://tracker.example/p.png) cc @stranger";
    let response = comment(app, task, body).await;
    assert!(ok(&response), "{}", response.body);
    let event = outbox(app).await.pop().unwrap();
    assert_eq!(event.kind, AuditKind::Commented);
    let mut told: Vec<i64> = event.recipients.iter().map(|r| r.user_id).collect();
    told.sort();
    let mut expected = vec![team.pic_id, team.other_id];
    expected.sort();
    assert_eq!(told, expected, "the person in charge and the member mentioned; not the author, not a stranger");
    let excerpt = event.changes[0].new.clone().unwrap();
    assert!(excerpt.starts_with("@otto can you check") && excerpt.chars().count() <= 140, "{excerpt}");
    assert_eq!(inbox_count(app, team.other_id).await, 1);
    assert_eq!(inbox_count(app, stranger_id).await, 0);

    let shown = comments_of(&team.other, task).await;
    let html = &shown.comments[0].html;
    assert!(html.contains(r#"class="mention""#) && html.contains("@otto</a>"), "{html}");
    assert!(html.contains("<strong>numbers</strong>"), "{html}");
    assert!(!html.contains("<script") && html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("cc @stranger") && html.matches("mention").count() == 1, "a non-member stays text: {html}");
    assert_eq!(shown.comments[0].author.as_ref().map(|a| a.id), Some(team.supervisor_id));
    assert!(!shown.comments[0].can_edit && !shown.comments[0].can_delete && shown.comments[0].source.is_empty());
    let mine = comments_of(app, task).await;
    assert!(mine.comments[0].can_edit && mine.comments[0].source == body);
    // The task page shows it, sanitised.
    let page = app.get(&format!("/tasks/{task}")).await.body;
    assert!(page.contains("Comments") && page.contains("<strong>numbers</strong>") && !page.contains("<script>alert"));
    // Outsiders learn nothing, anonymous callers are asked to log in.
    assert_eq!(stranger.call_server_fn("comments", &[("task", &task.to_string())]).await.status, 404);
    assert_eq!(comment(&stranger, task, "hello?").await.status, 404);
    assert_eq!(comment(&team.anonymous, task, "hello?").await.status, 401);

    // Bad input is refused beside the field.
    assert_eq!(invalid_field(&comment(app, task, "   ").await), ("body".to_owned(), Message::CommentMissing));
    assert_eq!(
        invalid_field(&comment(app, task, &"a".repeat(10_001)).await),
        ("body".to_owned(), Message::TooLong(10_000))
    );
    assert!(ok(&comment(app, task, &"[".repeat(10_000)).await), "a pathological comment is stored and shown");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_author_edits_and_the_author_or_an_admin_deletes() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    set_handle(&team.other, "otto").await;
    let task = create(app, team, "Discuss", Some(team.pic_id)).await;
    assert!(ok(&comment(&team.pic, task, "First thoughts").await));
    let id = comments_of(app, task).await.comments[0].id.to_string();

    // Only the author edits; an edit based on an old version is a conflict.
    for caller in CALLERS {
        if matches!(caller, Caller::Pic) {
            continue;
        }
        let response = matrix
            .client(caller)
            .call_server_fn("edit_comment", &[("id", &id), ("version", "1"), ("body", "Hijacked")])
            .await;
        let expected = match caller {
            Caller::Anonymous => 401,
            Caller::Outsider => 404,
            _ => 403,
        };
        assert_eq!(response.status, expected, "edit as {caller:?}: {}", response.body);
    }
    let events_before = outbox(app).await.len();
    let edited = team
        .pic
        .call_server_fn("edit_comment", &[("id", &id), ("version", "1"), ("body", "Second thoughts, @otto")])
        .await;
    assert!(ok(&edited), "{}", edited.body);
    let event = outbox(app).await.pop().unwrap();
    assert_eq!(event.kind, AuditKind::CommentEdited);
    assert_eq!(
        event.recipients.iter().map(|r| r.user_id).collect::<Vec<_>>(),
        [team.other_id],
        "only the newly mentioned"
    );
    let stale = team.pic.call_server_fn("edit_comment", &[("id", &id), ("version", "1"), ("body", "Third")]).await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    let same = team
        .pic
        .call_server_fn("edit_comment", &[("id", &id), ("version", "2"), ("body", "Second thoughts, @otto")])
        .await;
    assert!(ok(&same));
    assert_eq!(outbox(app).await.len(), events_before + 1, "an edit that changes nothing writes nothing");
    let shown = comments_of(app, task).await;
    assert!(shown.comments[0].edited_at.is_some() && shown.comments[0].html.contains("Second thoughts"));

    // Deleting: its author or an admin of the board (the supervisor created it), no one else.
    for caller in [Caller::Anonymous, Caller::Outsider, Caller::Other] {
        let response = matrix.client(caller).call_server_fn("delete_comment", &[("id", &id), ("version", "2")]).await;
        assert_eq!(response.status, Matrix::refusal(caller), "delete as {caller:?}: {}", response.body);
    }
    assert_eq!(comments_of(app, task).await.comments.len(), 1, "nobody refused deleted it");
    for caller in [Caller::Pic, Caller::Supervisor] {
        assert!(ok(&comment(matrix.client(caller), task, &format!("By {caller:?}")).await));
        let theirs = comments_of(app, task).await.comments.last().unwrap().id.to_string();
        let deleted =
            matrix.client(caller).call_server_fn("delete_comment", &[("id", &theirs), ("version", "1")]).await;
        assert!(ok(&deleted), "{caller:?} deletes their own: {}", deleted.body);
    }
    assert_eq!(comments_of(app, task).await.comments.len(), 1, "only Pia's first comment is left");
    let deleted = matrix.admin.call_server_fn("delete_comment", &[("id", &id), ("version", "2")]).await;
    assert!(ok(&deleted), "{}", deleted.body);
    assert!(comments_of(app, task).await.comments.is_empty());
    let event = outbox(app).await.pop().unwrap();
    assert_eq!((event.kind, event.recipients.len()), (AuditKind::CommentDeleted, 0));
    assert_eq!(event.changes[0].old.as_deref(), Some("Second thoughts, @otto"));
}

#[tokio::test(flavor = "multi_thread")]
async fn comments_go_to_the_trash_and_back_with_their_task_and_go_when_it_is_purged() {
    let matrix = Matrix::new().await;
    let team = &matrix.team;
    let app = &team.app;
    let task = create(app, team, "Keep the thread", None).await;
    assert!(ok(&comment(&team.other, task, "Still relevant").await));
    let task_text = task.to_string();
    assert!(ok(&app.call_server_fn("delete_task", &[("id", &task_text), ("version", "1")]).await));
    assert_eq!(comment(&team.other, task, "Anyone?").await.status, 404, "no comments on a trashed task");
    assert!(ok(&app.call_server_fn("restore_task", &[("id", &task_text), ("version", "2")]).await));
    assert_eq!(comments_of(app, task).await.comments.len(), 1, "back with its comment");
    assert!(ok(&app.call_server_fn("delete_task", &[("id", &task_text), ("version", "3")]).await));
    assert!(ok(&app.call_server_fn("purge_task", &[("id", &task_text), ("version", "4")]).await));
    let left: i64 =
        comments::table.filter(comments::task_id.eq(task)).count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(left, 0, "purged with its task");
}
