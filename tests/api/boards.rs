//! Boards, members and invitations: the list of my boards, `/`, the invitation life cycle (send,
//! accept by sign-up, accept by log-in, wrong account, expired, revoked, reused), removal that
//! ends access at the next request, and the rule that a board keeps an admin.

use crate::{
    helpers::{ses_emails_to, TestApp, TestClient, TEST_PASSWORD},
    tasks::{create, outbox, team, user_id, Team},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::time::Duration;
use taskboard::{
    domain::{
        audit::{AuditKind, FieldChange},
        AppError, BoardListing, BoardRole, InvitationView, InvitationViewer, MembersPage, Message,
    },
    server::db::schema::{board_members, invitations, tasks, users},
};

/// An address unique to this test (the SES stand-in's store is shared by every test).
fn address(app: &TestApp, name: &str) -> String {
    format!("{name}-{}@example.com", &app.table_prefix[5..17])
}

/// The admin of `team`'s board invites `email` as `role`; returns the link's token from the email.
async fn invite(team: &Team, email: &str, role: &str) -> String {
    let board = team.board_id.to_string();
    let sent_before = crate::helpers::ses_emails(email).await.len();
    let response = team.app.call_server_fn("invite", &[("board", &board), ("email", email), ("role", role)]).await;
    assert!(response.status.is_success() || response.status.is_redirection(), "invite: {}", response.body);
    let emails = ses_emails_to(email, sent_before + 1, Duration::from_secs(15)).await;
    let text = emails.last().unwrap()["body"]["text"].as_str().unwrap().to_owned();
    let token = text.split("/invite/").nth(1).and_then(|rest| rest.split_whitespace().next()).expect("a link");
    token.to_owned()
}

async fn view(client: &TestClient, token: &str) -> InvitationView {
    let response = client.call_server_fn("invitation", &[("token", token)]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

async fn role_on(app: &TestApp, board: i64, user: i64) -> Option<String> {
    board_members::table
        .find((board, user))
        .select(board_members::role)
        .first(&mut app.db().await)
        .await
        .optional()
        .unwrap()
}

async fn members(client: &TestClient, board: i64) -> MembersPage {
    let response = client.call_server_fn("members", &[("board", &board.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

#[tokio::test(flavor = "multi_thread")]
async fn my_boards_are_listed_and_home_opens_the_last_one() {
    let team = team().await;
    let app = &team.app;
    create(app, &team, "Open one", None).await;
    let done = create(app, &team, "Finished", None).await;
    let done_text = done.to_string();
    let moved = app.call_server_fn("move_task", &[("id", &done_text), ("version", "1"), ("status", "done")]).await;
    assert_eq!(moved.status, 200);
    let second = app.create_board_ok("Another board").await;

    let boards: Vec<BoardListing> = app.call_server_fn("boards", &[]).await.json();
    let summary: Vec<(&str, i64, BoardRole)> = boards.iter().map(|b| (b.name.as_str(), b.open_tasks, b.role)).collect();
    assert_eq!(summary, [("Another board", 0, BoardRole::Admin), ("Team board", 1, BoardRole::Admin)], "by name");
    let listed: Vec<BoardListing> = team.pic.call_server_fn("boards", &[]).await.json();
    assert_eq!(
        listed.iter().map(|b| (b.name.as_str(), b.role)).collect::<Vec<_>>(),
        [("Team board", BoardRole::Member)]
    );
    let page = app.get("/boards").await.body;
    assert!(page.contains(">Boards</h1>") && page.contains(">Another board<") && page.contains("New board"));

    // `/` opens the board opened last.
    assert_eq!(app.get(&format!("/boards/{second}")).await.status, 200);
    assert_eq!(app.get("/").await.header("location"), Some(format!("/boards/{second}").as_str()));
    assert_eq!(app.get(&team.board_path("")).await.status, 200);
    assert_eq!(app.get("/").await.header("location"), Some(team.board_path("").as_str()));
    // Someone on no board is sent to the list, which says what to do.
    let (loner, _) = team.outsider("Lone Wolf").await;
    assert_eq!(loner.get("/").await.header("location"), Some("/boards"));
    assert!(loner.get("/boards").await.body.contains("You are not on any board yet"));
    let none: Vec<BoardListing> = loner.call_server_fn("boards", &[]).await.json();
    assert!(none.is_empty(), "nobody learns about boards they are not on");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_board_needs_a_name() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Ann", &address(&app, "ann")).await;
    for (name, message) in [("   ", Message::BoardNameMissing), (&*"x".repeat(101), Message::TooLong(100))] {
        let response = app.call_server_fn("create_board", &[("name", name)]).await;
        assert_eq!(response.status, 422, "{}", response.body);
        assert_eq!(response.app_error().field_message("name"), Some(message));
    }
    assert_eq!(TestApp::new_client(&app).call_server_fn("create_board", &[("name", "X")]).await.status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_signs_a_new_person_up_onto_the_board_once() {
    let team = team().await;
    let app = &team.app;
    let ben_email = address(app, "ben");
    let token = invite(&team, &ben_email, "member").await;
    let stored: Vec<String> =
        invitations::table.select(invitations::token_hash).load(&mut app.db().await).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&token), "only the token's hash is stored");

    // The link's page, logged out: the board and the address, fields for the rest.
    let ben = app.new_client();
    let page = ben.get(&format!("/invite/{token}")).await;
    assert_eq!(page.status, 200, "an invitation link needs no login");
    assert!(page.body.contains("Join Team board") && page.body.contains(&ben_email), "{}", page.body);
    assert!(page.body.contains("Sign up and join") && !page.body.contains("name=\"email\""));
    assert_eq!(
        view(&ben, &token).await,
        InvitationView::Open {
            board_name: "Team board".into(),
            email: ben_email.clone(),
            viewer: InvitationViewer::LoggedOut
        }
    );

    let joined = ben
        .call_server_fn("sign_up_and_join", &[("token", &token), ("name", "Ben"), ("password", TEST_PASSWORD)])
        .await;
    assert!(joined.status.is_success() || joined.status.is_redirection(), "{}", joined.body);
    assert_eq!(joined.header("location"), Some(team.board_path("").as_str()), "lands on the board");
    let ben_id = user_id(app, &ben_email).await;
    assert_eq!(role_on(app, team.board_id, ben_id).await.as_deref(), Some("member"));
    let verified: Option<chrono::NaiveDateTime> =
        users::table.find(ben_id).select(users::email_verified_at).first(&mut app.db().await).await.unwrap();
    assert!(verified.is_some(), "accepting proves the address");
    assert_eq!(ben.get(&team.board_path("")).await.status, 200, "logged in, a member");

    // Used: the link says so, and works no more.
    let someone = app.new_client();
    assert!(matches!(view(&someone, &token).await, InvitationView::Closed));
    let again = someone
        .call_server_fn("sign_up_and_join", &[("token", &token), ("name", "Eve"), ("password", TEST_PASSWORD)])
        .await;
    assert_eq!(again.status, 400, "{}", again.body);
    assert_eq!(again.app_error(), AppError::Refused(Message::InvitationClosed), "{}", again.body);
    let count: i64 = users::table.count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(count, 4, "no account made from a used link");
    // A made-up token costs no Argon2 run.
    let runs = app.argon2_runs();
    let made_up = someone
        .call_server_fn("sign_up_and_join", &[("token", "made-up"), ("name", "Eve"), ("password", TEST_PASSWORD)])
        .await;
    assert_eq!(made_up.status, 400);
    assert_eq!(app.argon2_runs(), runs);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_account_accepts_after_logging_in_and_no_other_account_can() {
    let team = team().await;
    let app = &team.app;
    let (cleo, cleo_id) = team.outsider("Cleo Colleague").await;
    let cleo_email = address(app, "cleo");
    let token = invite(&team, &cleo_email, "admin").await;
    let (dan, _) = team.outsider("Dan Different").await;

    // Someone else's account cannot use it.
    assert!(matches!(
        view(&dan, &token).await,
        InvitationView::Open { viewer: InvitationViewer::OtherAccount { .. }, .. }
    ));
    let refused = dan.call_server_fn("accept_invitation", &[("token", &token)]).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.app_error(), AppError::Refused(Message::InvitationNotYours));
    // Logged out, the address already has an account: sign-up says to log in instead.
    let logged_out = app.new_client();
    let taken = logged_out
        .call_server_fn("sign_up_and_join", &[("token", &token), ("name", "Cleo 2"), ("password", TEST_PASSWORD)])
        .await;
    assert_eq!(taken.app_error(), AppError::Refused(Message::HasAnAccount));
    assert!(logged_out.get(&format!("/invite/{token}")).await.body.contains("/login?next=/invite/"), "a way to log in");

    assert_eq!(
        view(&cleo, &token).await,
        InvitationView::Open {
            board_name: "Team board".into(),
            email: cleo_email.clone(),
            viewer: InvitationViewer::Invited,
        }
    );
    let accepted = cleo.call_server_fn("accept_invitation", &[("token", &token)]).await;
    assert!(accepted.status.is_success() || accepted.status.is_redirection(), "{}", accepted.body);
    assert_eq!(role_on(app, team.board_id, cleo_id).await.as_deref(), Some("admin"), "with the invited role");
    let reused = cleo.call_server_fn("accept_invitation", &[("token", &token)]).await;
    assert_eq!(reused.status, 400, "a used link: {}", reused.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn revoked_replaced_and_expired_links_say_so() {
    let team = team().await;
    let app = &team.app;
    let board = team.board_id.to_string();
    let first = invite(&team, &address(app, "fay"), "member").await;
    let second = invite(&team, &address(app, "fay"), "member").await;
    let anyone = app.new_client();
    assert!(matches!(view(&anyone, &first).await, InvitationView::Closed), "a re-invitation replaces the link");
    assert!(matches!(view(&anyone, &second).await, InvitationView::Open { .. }));

    let page = members(&team.app, team.board_id).await;
    assert_eq!(page.invitations.iter().map(|i| i.email.as_str()).collect::<Vec<_>>(), [address(app, "fay")]);
    let html = app.get(&team.board_path("/members")).await.body;
    assert!(html.contains(&format!("Revoke invitation for {}", address(app, "fay"))), "{html}");
    let id = page.invitations[0].id.to_string();
    // Only an admin revokes; a member is told no, an outsider learns nothing.
    assert_eq!(
        team.pic.call_server_fn("revoke_invitation", &[("board", &board), ("invitation", &id)]).await.status,
        403
    );
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(
        outsider.call_server_fn("revoke_invitation", &[("board", &board), ("invitation", &id)]).await.status,
        404
    );
    let revoked = app.call_server_fn("revoke_invitation", &[("board", &board), ("invitation", &id)]).await;
    assert!(revoked.status.is_redirection() || revoked.status.is_success(), "{}", revoked.body);
    assert!(matches!(view(&anyone, &second).await, InvitationView::Closed));
    assert!(members(&team.app, team.board_id).await.invitations.is_empty());
    assert!(app.get(&format!("/invite/{second}")).await.body.contains("used, revoked or has expired"));

    // Past its seven days.
    let third = invite(&team, &address(app, "gus"), "member").await;
    diesel::update(invitations::table)
        .set(invitations::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::TimeDelta::minutes(1)))
        .execute(&mut app.db().await)
        .await
        .unwrap();
    assert!(matches!(view(&anyone, &third).await, InvitationView::Closed));
    let late = anyone
        .call_server_fn("sign_up_and_join", &[("token", &third), ("name", "Gus"), ("password", TEST_PASSWORD)])
        .await;
    assert_eq!(late.status, 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admins_invite_and_never_a_member_twice() {
    let team = team().await;
    let board = team.board_id.to_string();
    async fn ask(client: &TestClient, board: i64, email: String) -> crate::helpers::TestResponse {
        client.call_server_fn("invite", &[("board", &board.to_string()), ("email", &email), ("role", "member")]).await
    }
    assert_eq!(ask(&team.anonymous, team.board_id, "x@example.com".into()).await.status, 401);
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(ask(&outsider, team.board_id, "x@example.com".into()).await.status, 404);
    assert_eq!(ask(&team.pic, team.board_id, "x@example.com".into()).await.status, 403, "a member may not invite");

    let member = ask(&team.app, team.board_id, team.pic_email.to_uppercase()).await;
    assert_eq!(member.status, 422);
    assert_eq!(member.app_error().field_message("email"), Some(Message::AlreadyAMember));
    let bad =
        team.app.call_server_fn("invite", &[("board", &board), ("email", "not an address"), ("role", "owner")]).await;
    assert_eq!(bad.status, 422);
    let error = bad.app_error();
    assert!(error.field_message("email").is_some() && error.field_message("role").is_some(), "{error:?}");
    let count: i64 = invitations::table.count().get_result(&mut team.app.db().await).await.unwrap();
    assert_eq!(count, 0, "nothing stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn invitations_are_rate_limited_per_account() {
    let team = team().await;
    let board = team.board_id.to_string();
    for i in 0..20 {
        let email = address(&team.app, &format!("many{i}"));
        let response =
            team.app.call_server_fn("invite", &[("board", &board), ("email", &email), ("role", "member")]).await;
        assert!(response.status.is_redirection() || response.status.is_success(), "{i}: {}", response.body);
    }
    let email = address(&team.app, "one-too-many");
    let refused = team.app.call_server_fn("invite", &[("board", &board), ("email", &email), ("role", "member")]).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_member_loses_access_at_the_next_request_and_their_tasks_are_unassigned() {
    let team = team().await;
    let app = &team.app;
    let board = team.board_id.to_string();
    let theirs = create(app, &team, "Pia's job", Some(team.pic_id)).await;
    let other = create(app, &team, "Otto's job", Some(team.other_id)).await;
    assert_eq!(team.pic.get(&format!("/tasks/{theirs}")).await.status, 200);
    let events = outbox(app).await.len();

    // Only an admin removes someone else.
    let refused =
        team.other.call_server_fn("remove_member", &[("board", &board), ("member", &team.pic_id.to_string())]).await;
    assert_eq!(refused.status, 403);
    let html = app.get(&team.board_path("/members")).await.body;
    assert!(html.contains("Remove Pia 담당자") && html.contains("Remove Otto Other"), "{html}");
    let confirm = app.get(&team.board_path(&format!("/members?remove={}", team.pic_id))).await.body;
    assert!(confirm.contains(">Remove</button>"), "the confirmation step");

    let removed = app.call_server_fn("remove_member", &[("board", &board), ("member", &team.pic_id.to_string())]).await;
    assert!(removed.status.is_redirection() || removed.status.is_success(), "{}", removed.body);
    assert_eq!(role_on(app, team.board_id, team.pic_id).await, None);
    // The very next request is refused, as if the board never existed.
    assert_eq!(team.pic.get(&team.board_path("")).await.status, 404);
    assert_eq!(team.pic.get(&format!("/tasks/{theirs}")).await.status, 404);
    assert_eq!(team.pic.call_server_fn("board", &[("board", &board)]).await.status, 404);
    let mv = team
        .pic
        .call_server_fn("move_task", &[("id", &theirs.to_string()), ("version", "1"), ("status", "done")])
        .await;
    assert_eq!(mv.status, 404);
    // Their task is unassigned, one audit event, to the supervisor; Otto's is untouched.
    let pics: Vec<(i64, Option<i64>)> =
        tasks::table.select((tasks::id, tasks::pic_id)).order(tasks::id).load(&mut app.db().await).await.unwrap();
    assert_eq!(pics, [(theirs, None), (other, Some(team.other_id))]);
    let recorded = outbox(app).await;
    assert_eq!(recorded.len(), events + 1);
    let unassigned = recorded.last().unwrap();
    assert_eq!((unassigned.kind, unassigned.task_id), (AuditKind::Reassigned, theirs));
    assert_eq!(unassigned.changes, [FieldChange::new("pic", Some("Pia 담당자".into()), None)]);
    assert!(unassigned.recipients.is_empty(), "the supervisor made the change; Pia hears no more");
    // Nor can she be put back in charge.
    let error = crate::tasks::update(app, app, other, 1, &[("pic", &team.pic_id.to_string())]).await.app_error();
    assert!(error.field_message("pic").is_some());

    // Leaving: Otto goes himself; his task is unassigned too, and the admin is told.
    let left = team.other.call_server_fn("leave_board", &[("board", &board)]).await;
    assert!(left.status.is_redirection() || left.status.is_success(), "{}", left.body);
    assert_eq!(team.other.get(&team.board_path("")).await.status, 404);
    let unassigned = outbox(app).await.pop().unwrap();
    assert_eq!(unassigned.task_id, other);
    assert_eq!(
        unassigned.recipients.iter().map(|r| r.email.as_str()).collect::<Vec<_>>(),
        [team.supervisor_email.as_str()]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_board_always_keeps_an_admin() {
    let team = team().await;
    let app = &team.app;
    let board = team.board_id.to_string();
    let me = team.supervisor_id.to_string();
    let page = members(app, team.board_id).await;
    assert!(!page.can_leave(), "the only admin");
    assert!(!app.get(&team.board_path("/members")).await.body.contains("Leave board"));
    for (endpoint, form) in [
        ("leave_board", vec![("board", board.as_str())]),
        ("change_role", vec![("board", board.as_str()), ("member", me.as_str()), ("role", "member")]),
        ("remove_member", vec![("board", board.as_str()), ("member", me.as_str())]),
    ] {
        let response = app.call_server_fn(endpoint, &form).await;
        assert_eq!(response.status, 400, "{endpoint}: {}", response.body);
        assert_eq!(response.app_error(), AppError::Refused(Message::LastAdmin), "{endpoint}");
    }
    assert_eq!(role_on(app, team.board_id, team.supervisor_id).await.as_deref(), Some("admin"));

    // With a second admin, the first may step down; a member may not promote themself.
    let pia = team.pic_id.to_string();
    assert_eq!(
        team.pic.call_server_fn("change_role", &[("board", &board), ("member", &pia), ("role", "admin")]).await.status,
        403
    );
    let promoted = app.call_server_fn("change_role", &[("board", &board), ("member", &pia), ("role", "admin")]).await;
    assert!(promoted.status.is_redirection() || promoted.status.is_success(), "{}", promoted.body);
    let stepped_down =
        app.call_server_fn("change_role", &[("board", &board), ("member", &me), ("role", "member")]).await;
    assert!(stepped_down.status.is_redirection() || stepped_down.status.is_success(), "{}", stepped_down.body);
    assert_eq!(role_on(app, team.board_id, team.supervisor_id).await.as_deref(), Some("member"));
    assert!(members(app, team.board_id).await.invitations.is_empty(), "a member sees no invitations");
    // The new admin may edit a task she neither supervises nor is in charge of.
    let id = create(app, &team, "Still mine", None).await;
    let edited = crate::tasks::update(&team.pic, app, id, 1, &[("title", "Taken over")]).await;
    assert_eq!(edited.status, 200, "an admin may edit every task: {}", edited.body);
}

/// Every change to a board or its members is an audit event of the board's own (its activity),
/// through the same outbox, shown on the members page; a role change and a joining are mailed
/// to whom they concern.
#[tokio::test(flavor = "multi_thread")]
async fn board_changes_are_the_boards_activity() {
    let team = team().await;
    let app = &team.app;
    let board = team.board_id.to_string();
    let ben_email = address(app, "ben");
    let first = invite(&team, &ben_email, "member").await;
    let page = members(app, team.board_id).await;
    let id = page.invitations[0].id.to_string();
    app.call_server_fn("revoke_invitation", &[("board", &board), ("invitation", &id)]).await;
    assert!(matches!(view(&app.new_client(), &first).await, InvitationView::Closed));
    let token = invite(&team, &ben_email, "member").await;
    let ben = app.new_client();
    ben.call_server_fn("sign_up_and_join", &[("token", &token), ("name", "Ben"), ("password", TEST_PASSWORD)]).await;
    let ben_id = user_id(app, &ben_email).await.to_string();
    app.call_server_fn("change_role", &[("board", &board), ("member", &ben_id), ("role", "admin")]).await;
    app.call_server_fn("rename_board", &[("board", &board), ("name", "Launch")]).await;
    app.call_server_fn("remove_member", &[("board", &board), ("member", &team.other_id.to_string())]).await;
    team.pic.call_server_fn("leave_board", &[("board", &board)]).await;

    let events = crate::tasks::board_events(app, team.board_id).await;
    let kinds: Vec<AuditKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            AuditKind::BoardCreated,
            AuditKind::Invited,
            AuditKind::InvitationRevoked,
            AuditKind::Invited,
            AuditKind::MemberJoined,
            AuditKind::RoleChanged,
            AuditKind::BoardRenamed,
            AuditKind::MemberRemoved,
            AuditKind::MemberLeft,
        ]
    );
    assert!(events.iter().all(|e| e.task_id == -team.board_id), "the board's activity id");
    let told = |kind: AuditKind| {
        let event = events.iter().find(|e| e.kind == kind).unwrap();
        event.recipients.iter().map(|r| r.email.clone()).collect::<Vec<_>>()
    };
    assert_eq!(told(AuditKind::MemberJoined), std::slice::from_ref(&team.supervisor_email), "the inviter hears");
    assert_eq!(told(AuditKind::RoleChanged), std::slice::from_ref(&ben_email), "the member whose role changed");
    assert!(told(AuditKind::MemberRemoved).is_empty());

    // The members page shows it, newest first, once relayed (the app's relay runs by itself).
    let html = app.get(&team.board_path("/members")).await.body;
    for line in [
        "Sophie Supervisor created the board",
        &format!("Sophie Supervisor invited {ben_email} as Member"),
        "Ben joined the board as Member",
        "Sophie Supervisor made Ben an Admin",
        "Sophie Supervisor renamed the board from “Team board” to “Launch”",
        "Sophie Supervisor removed Otto Other from the board",
        "Pia 담당자 left the board",
    ] {
        assert!(html.contains(line), "{line} in {html}");
    }
    let activity = app.call_server_fn("board_activity", &[("board", &board)]).await;
    assert_eq!(activity.status, 200);
    let history: taskboard::domain::audit::TaskHistory = activity.json();
    assert!(history.verified, "the activity's hash chain holds");
    assert_eq!(<[_]>::first(&history.entries).map(|e| e.text.as_str()), Some("Pia 담당자 left the board"));
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(outsider.call_server_fn("board_activity", &[("board", &board)]).await.status, 404);
}

/// Every board-level server fn × every kind of caller: nobody logged in gets 401, someone who is
/// not a member 404 (as for a board that never existed), a member 403 where only admins may, and
/// an admin gets through. Each call is made on a fresh team, so one call's effect (a rename, a
/// removal) cannot decide the next.
#[tokio::test(flavor = "multi_thread")]
async fn board_permission_matrix() {
    // (server fn, arguments, a plain member may) — "{member}" is the PIC, "{invitation}" an
    // open invitation, filled in per team.
    type Case = (&'static str, &'static [(&'static str, &'static str)], bool);
    let cases: [Case; 10] = [
        ("board", &[], true),
        ("board_header", &[], true),
        ("members", &[], true),
        ("board_activity", &[], true),
        ("new_task_form", &[], true),
        ("invite", &[("email", "new@example.com"), ("role", "member")], false),
        ("revoke_invitation", &[("invitation", "{invitation}")], false),
        ("remove_member", &[("member", "{member}")], false),
        ("change_role", &[("member", "{member}"), ("role", "admin")], false),
        ("rename_board", &[("name", "Renamed")], false),
    ];
    for (endpoint, args, member_may) in cases {
        let team = team().await;
        let board = team.board_id.to_string();
        let token_owner = address(&team.app, "invitee");
        invite(&team, &token_owner, "member").await;
        let invitation = members(&team.app, team.board_id).await.invitations[0].id.to_string();
        let pic = team.pic_id.to_string();
        let mut form: Vec<(&str, &str)> = vec![("board", &board)];
        for (name, value) in args {
            let value = match *value {
                "{member}" => pic.as_str(),
                "{invitation}" => invitation.as_str(),
                other => other,
            };
            form.push((name, value));
        }
        let (outsider, _) = team.outsider("Olga Outsider").await;
        // The other member acts, so "{member}" (the PIC) is someone else.
        for (caller, client, expected) in [
            ("anonymous", &team.anonymous, vec![401]),
            ("outsider", &outsider, vec![404]),
            ("member", &team.other, if member_may { vec![200] } else { vec![403] }),
            ("admin", &team.app, vec![200, 302, 303]),
        ] {
            let response = client.call_server_fn(endpoint, &form).await;
            let status = response.status.as_u16();
            let ok = expected.contains(&status) || (expected.contains(&200) && response.status.is_redirection());
            assert!(ok, "{endpoint} as {caller}: {status} {}", response.body);
        }
    }
    // Leaving: anyone on the board may, but the last admin; outside it there is nothing to leave.
    let leaving = team().await;
    let board = leaving.board_id.to_string();
    let (outsider, _) = leaving.outsider("Olga Outsider").await;
    assert_eq!(leaving.anonymous.call_server_fn("leave_board", &[("board", &board)]).await.status, 401);
    assert_eq!(outsider.call_server_fn("leave_board", &[("board", &board)]).await.status, 404);
    assert_eq!(leaving.app.call_server_fn("leave_board", &[("board", &board)]).await.status, 400, "the last admin");
    let left = leaving.other.call_server_fn("leave_board", &[("board", &board)]).await;
    assert!(left.status.is_redirection() || left.status.is_success(), "{}", left.body);
    // Deleting, last: the admin's call goes through, everyone else's is refused first.
    let team = team().await;
    let board = team.board_id.to_string();
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(team.anonymous.call_server_fn("delete_board", &[("board", &board)]).await.status, 401);
    assert_eq!(outsider.call_server_fn("delete_board", &[("board", &board)]).await.status, 404);
    assert_eq!(team.other.call_server_fn("delete_board", &[("board", &board)]).await.status, 403);
    let deleted = team.app.call_server_fn("delete_board", &[("board", &board)]).await;
    assert!(deleted.status.is_redirection() || deleted.status.is_success(), "{}", deleted.body);
}
