//! Attacks from the security review (issue 14), each performed against the real server: every
//! test here does what an attacker would and checks that it fails.

use crate::{
    helpers::{TestApp, SESSION_COOKIE, TEST_PASSWORD},
    tasks::{create, team},
};
use taskboard::domain::{AppError, Message};

/// A title that closes `<title>` and opens a meta refresh would send every viewer of the task
/// elsewhere (CSP stops scripts, not a refresh). It must reach the head as text.
#[tokio::test(flavor = "multi_thread")]
async fn a_task_title_cannot_write_into_the_page_head() {
    let team = team().await;
    let app = &team.app;
    let attack =
        r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><script>alert(1)</script>"#;
    let id = create(app, &team, attack, None).await;
    for page in [format!("/tasks/{id}"), team.board_path("")] {
        let html = app.get(&page).await.body;
        let head = &html[..html.find("</head>").expect("a head")];
        assert!(!head.contains("<meta http-equiv"), "{page}: the head holds only our own meta tags: {head}");
        assert!(!html.contains(r#"<meta http-equiv="refresh""#), "{page}: no injected element anywhere");
        assert!(!html.contains("<script>alert(1)</script>"), "{page}: no injected script");
    }
    let head = app.get(&format!("/tasks/{id}")).await.body;
    assert!(head.contains("<title>&lt;/title&gt;&lt;meta http-equiv="), "the title shows the text as typed: {head}");
}

/// Logging in on a session that is already logged in (someone else's planted or shared one)
/// must not keep its id: whoever knew the old id would ride on the new login.
#[tokio::test(flavor = "multi_thread")]
async fn every_login_gets_a_new_session_id() {
    let team = team().await;
    let browser = team.app.new_client();
    assert_eq!(browser.log_in(&team.pic_email, TEST_PASSWORD).await.status, 200);
    let first = browser.session_cookie().expect("logged in");
    assert_eq!(browser.log_in(&team.supervisor_email, TEST_PASSWORD).await.status, 200);
    let second = browser.session_cookie().expect("logged in again");
    assert_ne!(first, second, "a login on a logged-in session cycles its id");

    // The old id no longer logs anybody in.
    let attacker = team.app.new_client();
    attacker.set_cookie(SESSION_COOKIE, &first);
    assert_eq!(attacker.get("/boards").await.status, 303, "sent to the login page");
}

/// On https the session cookie carries the `__Host-` prefix: a browser then only accepts it
/// when Secure, for the whole site and from this host, so a sibling subdomain cannot plant one.
#[tokio::test(flavor = "multi_thread")]
async fn the_session_cookie_is_host_only_on_https() {
    let https = TestApp::builder().setting("APP_BASE_URL", "https://tasks.example.com").spawn().await;
    let response = https
        .call_server_fn_with_headers(
            "sign_up",
            &[("name", "Sam"), ("email", "sam@example.com"), ("password", TEST_PASSWORD)],
            &[("origin", "https://tasks.example.com")],
        )
        .await;
    let cookie = response.header("set-cookie").expect("a session cookie");
    assert!(cookie.starts_with("__Host-taskboard_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

/// Pages and server fn answers for a logged-in user must not be kept by a shared cache or the
/// browser's back-forward cache after logout. The board page alone may be kept by the
/// viewer's own browser, which must ask again each time (`If-None-Match`, `server::etag`);
/// logging out tells the browser to clear what it kept.
#[tokio::test(flavor = "multi_thread")]
async fn authenticated_answers_are_not_stored() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Private", None).await;
    for response in
        [app.get(&format!("/tasks/{id}")).await, app.call_server_fn("task", &[("id", &id.to_string())]).await]
    {
        assert_eq!(response.header("cache-control"), Some("no-store"), "{}", response.status);
    }
    let board = app.get(&team.board_path("")).await;
    assert_eq!(board.header("cache-control"), Some("private, no-cache"));
    let logged_out = app.call_server_fn("log_out", &[]).await;
    assert_eq!(logged_out.header("clear-site-data"), Some("\"cache\""));
}

/// Anonymous requests that are going to be refused must not cost an Argon2 run (19 MiB and a
/// core each): 24 concurrent resets with made-up links took the server from 72 MB to 505 MB
/// when the password was hashed before the link was checked.
#[tokio::test(flavor = "multi_thread")]
async fn made_up_reset_links_and_taken_addresses_never_reach_argon2() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let runs = app.argon2_runs();

    let resets: Vec<_> = (0..24)
        .map(|i| {
            let client = app.new_client();
            tokio::spawn(async move {
                let token = format!("made-up-{i}");
                client
                    .call_server_fn("reset_password", &[("token", &token), ("password", "a brand new passphrase")])
                    .await
            })
        })
        .collect();
    for reset in resets {
        let answer = reset.await.unwrap();
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(answer.app_error(), AppError::Refused(Message::ResetLinkInvalid));
    }
    let taken = app.new_client().sign_up("Sam Again", "sam@example.com", TEST_PASSWORD).await;
    assert_eq!(taken.app_error().field_message("email"), Some(Message::EmailTaken));
    assert_eq!(app.argon2_runs(), runs, "none of them ran Argon2");
}

const INVALID: &str = "Invalid email or password.";
const LOCKED: &str = "Too many failed attempts. Please wait 15 minutes and try again.";

/// A login from `client` (its address as the load balancer would add it).
async fn log_in_from(app: &TestApp, client: &str, email: &str, password: &str) -> crate::helpers::TestResponse {
    app.new_client()
        .call_server_fn_with_headers(
            "log_in",
            &[("email", email), ("password", password)],
            &[("x-forwarded-for", client)],
        )
        .await
}

fn refusal(response: &crate::helpers::TestResponse) -> String {
    match response.app_error() {
        AppError::Refused(message) => message.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Ten wrong passwords sent at once against an account allowed five: each attempt is counted
/// before its password is checked, so five are checked and five refused.
#[tokio::test(flavor = "multi_thread")]
async fn concurrent_guesses_count_each_other() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let runs = app.argon2_runs();
    let guesses: Vec<_> = (0..10)
        .map(|i| {
            let client = app.new_client();
            tokio::spawn(async move { client.log_in("sam@example.com", &format!("guess number {i}")).await })
        })
        .collect();
    let mut answers = Vec::new();
    for guess in guesses {
        answers.push(refusal(&guess.await.unwrap()));
    }
    assert_eq!(answers.iter().filter(|a| *a == INVALID).count(), 5, "{answers:?}");
    assert_eq!(answers.iter().filter(|a| *a == LOCKED).count(), 5, "{answers:?}");
    assert_eq!(app.argon2_runs() - runs, 5, "only five passwords were checked");
}

/// Five guesses from one place must not lock the real owner, somewhere else, out.
#[tokio::test(flavor = "multi_thread")]
async fn guesses_from_one_client_do_not_lock_the_owner_out() {
    let app = TestApp::builder().setting("TRUSTED_PROXY_HOPS", "1").spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    for _ in 0..5 {
        assert_eq!(refusal(&log_in_from(&app, "203.0.113.9", "sam@example.com", "wrong password").await), INVALID);
    }
    assert_eq!(refusal(&log_in_from(&app, "203.0.113.9", "sam@example.com", TEST_PASSWORD).await), LOCKED);
    let owner = log_in_from(&app, "198.51.100.7", "sam@example.com", TEST_PASSWORD).await;
    assert_eq!(owner.status, 200, "{}", owner.body);
}

/// A guesser spread over many addresses is slowed down account-wide; the owner gets in at once
/// by resetting the password.
#[tokio::test(flavor = "multi_thread")]
async fn a_spread_out_attack_slows_the_account_and_a_reset_lets_the_owner_in() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use taskboard::server::{db::schema::password_resets, password_reset::hash_token};

    let app = TestApp::builder().setting("TRUSTED_PROXY_HOPS", "1").spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    for client in ["203.0.113.1", "203.0.113.2"] {
        for _ in 0..5 {
            assert_eq!(refusal(&log_in_from(&app, client, "sam@example.com", "wrong password").await), INVALID);
        }
    }
    let slowed = log_in_from(&app, "203.0.113.3", "sam@example.com", "wrong password").await;
    assert_eq!(refusal(&slowed), "Too many failed attempts at this account. Please wait a minute and try again.");

    let mut conn = app.db().await;
    let user_id: i64 = taskboard::server::db::schema::users::table
        .select(taskboard::server::db::schema::users::id)
        .first(&mut conn)
        .await
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(hash_token("owners-link")),
            password_resets::user_id.eq(user_id),
            password_resets::created_at.eq(now),
            password_resets::expires_at.eq(now + chrono::TimeDelta::hours(1)),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    let reset = app
        .new_client()
        .call_server_fn("reset_password", &[("token", "owners-link"), ("password", "a brand new passphrase")])
        .await;
    assert!(reset.status.is_redirection() || reset.status.is_success(), "{}", reset.body);
    let owner = log_in_from(&app, "198.51.100.7", "sam@example.com", "a brand new passphrase").await;
    assert_eq!(owner.status, 200, "{}", owner.body);
}

/// Behind CloudFront and the load balancer the last X-Forwarded-For entry is CloudFront's edge,
/// which many viewers share, and entries further left are whatever the client wrote. The viewer
/// is the second from the end: forging the start of the header does not escape the lock, and
/// another viewer behind the same edge is not locked with the guesser.
#[tokio::test(flavor = "multi_thread")]
async fn behind_cloudfront_the_viewer_is_the_second_address_from_the_end() {
    let app = TestApp::builder().setting("TRUSTED_PROXY_HOPS", "2").spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let edge = "130.176.0.1";
    for i in 0..5 {
        let forged = format!("10.0.0.{i}, 203.0.113.9, {edge}");
        assert_eq!(refusal(&log_in_from(&app, &forged, "sam@example.com", "wrong password").await), INVALID);
    }
    let forged_again = format!("10.9.9.9, 203.0.113.9, {edge}");
    assert_eq!(refusal(&log_in_from(&app, &forged_again, "sam@example.com", TEST_PASSWORD).await), LOCKED);
    let neighbour = log_in_from(&app, &format!("198.51.100.7, {edge}"), "sam@example.com", TEST_PASSWORD).await;
    assert_eq!(neighbour.status, 200, "{}", neighbour.body);
}

/// A request that loaded its session before a logout, and saves it after, must not bring the
/// logged-out session back (the store used to upsert).
#[tokio::test(flavor = "multi_thread")]
async fn saving_a_session_after_its_logout_does_not_bring_it_back() {
    use secrecy::SecretString;
    use taskboard::server::{auth::session_store::MysqlSessionStore, db::Db};
    use tower_sessions::{session::Id, SessionStore};

    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let cookie = app.session_cookie().unwrap();
    let store =
        MysqlSessionStore::new(Db::connect(&SecretString::from(app.database_url.clone()), None, 1).await.unwrap());
    let id: Id = cookie.parse().expect("a session id");
    let in_flight = store.load(&id).await.unwrap().expect("the session is stored");

    let logged_out = app.call_server_fn("log_out", &[]).await;
    assert_eq!(logged_out.header("location"), Some("/login"));
    store.save(&in_flight).await.unwrap();
    assert!(store.load(&id).await.unwrap().is_none(), "still gone");
    let copy = app.new_client();
    copy.set_cookie(SESSION_COOKIE, &cookie);
    assert_eq!(copy.get("/boards").await.status, 303, "the old cookie logs nobody in");
}

/// Whoever reads the sessions table (a backup, a replica) learns no session id that works.
#[tokio::test(flavor = "multi_thread")]
async fn the_sessions_table_holds_no_usable_session_id() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use taskboard::server::{auth::session_store::row_key, db::schema::sessions};

    let app = TestApp::spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let cookie = app.session_cookie().unwrap();
    let stored: Vec<String> = sessions::table.select(sessions::id).load(&mut app.db().await).await.unwrap();
    assert_eq!(stored, [row_key(&cookie)], "only the id's hash is kept");
    let thief = app.new_client();
    thief.set_cookie(SESSION_COOKIE, &stored[0]);
    assert_eq!(thief.get("/boards").await.status, 303, "a stored key is no session id");
}

/// A display name with a zero-width space passes for someone else's ("Mina" and "Mi​na"); one
/// with a right-to-left override turns the text after it around in lists and emails.
#[tokio::test(flavor = "multi_thread")]
async fn display_names_cannot_hide_characters_or_reverse_text() {
    let app = TestApp::spawn().await;
    app.sign_up_ok("Mina", "mina@example.com").await;
    for (sneaky, email) in [("Mi\u{200B}na", "mina2@example.com"), ("\u{202E}anim", "mina3@example.com")] {
        let response = app.new_client().sign_up(sneaky, email, TEST_PASSWORD).await;
        assert_eq!(response.status, 422, "{sneaky:?}: {}", response.body);
        assert_eq!(response.app_error().field_message("name"), Some(Message::InvisibleCharacters));
    }
}

/// Many clients asking for large boards at once: beyond the limit they are refused at once with
/// 503 and Retry-After, instead of queueing for the database until its pool times out (and
/// answering 500 after seconds). Nothing else goes wrong, and the server serves again after.
#[tokio::test(flavor = "multi_thread")]
async fn a_flood_beyond_the_concurrency_limit_is_refused_at_once() {
    use crate::helpers::NewTask;

    let app = TestApp::builder().setting("MAX_CONCURRENT_REQUESTS", "2").spawn().await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let board = app.create_board_ok("Big board").await;
    let titles: Vec<String> = (0..2_000).map(|i| format!("Card {i}")).collect();
    let statuses = ["todo", "in_progress", "in_review", "done"];
    let new_tasks: Vec<NewTask> =
        titles.iter().enumerate().map(|(i, t)| NewTask::new(board, t, statuses[i % 4], i as i64 * 1024, 1)).collect();
    app.insert_tasks(&new_tasks).await;
    let cookie = app.session_cookie().unwrap();

    let flood: Vec<_> = (0..24)
        .map(|_| {
            let client = app.new_client();
            client.set_cookie(SESSION_COOKIE, &cookie);
            tokio::spawn(async move {
                client
                    .get(&format!(
                        "/boards/{board}?show_todo=500&show_in_progress=500&show_in_review=500&show_done=500"
                    ))
                    .await
            })
        })
        .collect();
    let mut refused = 0;
    for request in flood {
        let response = request.await.unwrap();
        match response.status.as_u16() {
            200 => {}
            503 => {
                refused += 1;
                assert_eq!(response.header("retry-after"), Some("1"));
            }
            other => panic!("only answers or quick refusals, got {other}: {}", response.body),
        }
    }
    assert!(refused > 0, "24 large boards at once against a limit of 2: some must be refused");
    assert_eq!(app.get("/boards").await.status, 200, "and it serves again");
}

/// One task changed thirty times used to hold the relay to one of its events per round (and
/// every other task's events behind it). A round now moves a run of each task's events, in order.
#[tokio::test(flavor = "multi_thread")]
async fn a_task_with_many_pending_events_does_not_take_a_round_per_event() {
    use crate::tasks::{team_on, update};

    let team = team_on(TestApp::builder().without_workers().spawn().await).await;
    let app = &team.app;
    let busy = create(app, &team, "Busy", None).await;
    for version in 1..30 {
        assert_eq!(update(app, app, busy, version, &[("title", &format!("Busy, edit {version}"))]).await.status, 200);
    }
    let quiet = create(app, &team, "Quiet", None).await;
    assert_eq!(app.relay_one_round().await, 25, "a full batch in one round");
    assert_eq!(app.relay_all().await, 6, "the rest, the quiet task's event among them");
    let history = app.call_server_fn("task_history", &[("id", &busy.to_string())]).await;
    let history: taskboard::domain::audit::TaskHistory = history.json();
    assert!(history.verified && history.entries.len() == 30, "in order: the chain holds");
    assert_eq!(
        app.call_server_fn("task_history", &[("id", &quiet.to_string())])
            .await
            .json::<taskboard::domain::audit::TaskHistory>()
            .entries
            .len(),
        1
    );
}

/// A thousand requests with one thing wrong each (a field missing, of the wrong type, too long,
/// holding control characters, or unreadable encoding) to every server fn, logged in and not:
/// every answer is a 4xx (never a 5xx), and nothing is stored.
#[tokio::test(flavor = "multi_thread")]
async fn malformed_requests_to_every_server_fn_get_4xx_and_store_nothing() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use taskboard::server::db::schema::{audit_outbox, boards, password_resets, tasks, users};

    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Target", None).await.to_string();
    let board = team.board_id.to_string();
    let counts = || async {
        let mut conn = app.db().await;
        let tasks: i64 = tasks::table.count().get_result(&mut conn).await.unwrap();
        let users: i64 = users::table.count().get_result(&mut conn).await.unwrap();
        let events: i64 = audit_outbox::table.count().get_result(&mut conn).await.unwrap();
        let resets: i64 = password_resets::table.count().get_result(&mut conn).await.unwrap();
        let boards: i64 = boards::table.count().get_result(&mut conn).await.unwrap();
        let title: String = tasks::table.select(tasks::title).first(&mut conn).await.unwrap();
        // Nobody's language, zone or theme changed either.
        let settings: i64 = users::table
            .filter(users::theme.is_not_null().or(users::time_zone.ne("UTC")).or(users::locale.ne("en")))
            .count()
            .get_result(&mut conn)
            .await
            .unwrap();
        (tasks, users, events, resets, boards, title, settings)
    };
    let before = counts().await;

    // Each server fn with a valid value for every field, and what is wrong with each kind of field.
    let request_id = crate::tasks::new_request_id();
    let endpoints: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "sign_up",
            vec![("name", "Nina".into()), ("email", "nina@example.com".into()), ("password", TEST_PASSWORD.into())],
        ),
        ("log_in", vec![("email", team.pic_email.clone()), ("password", TEST_PASSWORD.into())]),
        ("request_password_reset", vec![("email", team.other_email.clone())]),
        ("check_reset_link", vec![("token", "t".into())]),
        ("reset_password", vec![("token", "t".into()), ("password", "a brand new passphrase".into())]),
        ("task", vec![("id", id.clone())]),
        ("task_history", vec![("id", id.clone())]),
        ("create_board", vec![("name", "New board".into())]),
        ("board_header", vec![("board", board.clone())]),
        ("new_task_form", vec![("board", board.clone())]),
        (
            "create_task",
            vec![
                ("board", board.clone()),
                ("request_id", request_id.clone()),
                ("title", "New".into()),
                ("description", String::new()),
                ("deadline", String::new()),
                ("pic", String::new()),
            ],
        ),
        (
            "update_task",
            vec![
                ("id", id.clone()),
                ("version", "1".into()),
                ("title", "Changed".into()),
                ("description", String::new()),
                ("deadline", String::new()),
                ("pic", String::new()),
                ("status", "done".into()),
            ],
        ),
        ("move_task", vec![("id", id.clone()), ("version", "1".into()), ("status", "done".into())]),
        ("change_status", vec![("id", id.clone()), ("version", "1".into()), ("status", "done".into())]),
        ("delete_task", vec![("id", id.clone()), ("version", "1".into())]),
        ("board", vec![("board", board.clone()), ("filter[search]", "x".into()), ("filter[person]", "1".into())]),
        (
            "save_preferences",
            vec![("language", "ko".into()), ("time_zone", "Asia/Seoul".into()), ("theme", "dark".into())],
        ),
        ("set_theme", vec![("theme", "dark".into())]),
    ];
    let numeric = ["id", "version", "board", "filter[person]"];
    // Fields whose every value is accepted (a search, a link's token, a password's characters),
    // and fields that may be left out: changing these does not make a request wrong for sure.
    let free_text = ["filter[search]", "token", "password"];
    let optional = ["filter[search]", "filter[person]"];
    let too_long = "x".repeat(20_001);
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let anonymous = app.new_client();
    let mut sent = 0;
    while sent < 1_000 {
        let (endpoint, fields) = &endpoints[next(endpoints.len())];
        let broken = next(fields.len());
        let mut form: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        let name = form[broken].0.clone();
        let is = |list: &[&str]| list.contains(&name.as_str());
        let certainly_wrong = match next(5) {
            0 => {
                form.remove(broken);
                !is(&optional)
            }
            1 => {
                // An array where one value was expected.
                form[broken].0 = format!("{name}[]");
                !is(&optional)
            }
            2 if is(&numeric) => {
                let wrong = ["abc", "1.5", "-", "99999999999999999999", ""][next(5)];
                form[broken].1 = wrong.into();
                // An optional number left empty is no number: that is allowed.
                !(wrong.is_empty() && is(&optional))
            }
            3 => {
                form[broken].1 = too_long.clone();
                !is(&free_text) || (*endpoint != "check_reset_link" && name == "token")
            }
            _ => {
                form[broken].1 = format!("{}\u{7}\u{0}", form[broken].1);
                !is(&free_text) && !is(&numeric)
            }
        };
        if !certainly_wrong {
            continue;
        }
        let body: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let client = if sent % 2 == 0 { &**app } else { &anonymous };
        let response = client.call_server_fn(endpoint, &body).await;
        let shown: Vec<(&str, String)> = body.iter().map(|(k, v)| (*k, v.chars().take(30).collect())).collect();
        assert!(
            response.status.is_client_error(),
            "{endpoint} {shown:?}: {} {}",
            response.status,
            response.body.chars().take(300).collect::<String>()
        );
        sent += 1;
    }
    assert_eq!(counts().await, before, "nothing stored");
}

/// Asking for reset links for someone else's address mails them: at most three a hour reach
/// one address, and one client is refused after ten requests an hour, whatever the addresses.
#[tokio::test(flavor = "multi_thread")]
async fn reset_requests_cannot_flood_an_inbox() {
    use crate::helpers::{ses_emails, ses_emails_to};
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use taskboard::server::db::schema::password_resets;

    let app = TestApp::builder().setting("TRUSTED_PROXY_HOPS", "1").spawn().await;
    let victim = format!("victim-{}@example.com", &app.table_prefix[5..17]);
    app.sign_up_ok("Victim", &victim).await;
    let attacker = app.new_client();
    let ask = |client: &'static str, email: String| {
        let attacker = &attacker;
        async move {
            attacker
                .call_server_fn_with_headers(
                    "request_password_reset",
                    &[("email", &email)],
                    &[("x-forwarded-for", client)],
                )
                .await
        }
    };
    for _ in 0..5 {
        assert_eq!(ask("203.0.113.9", victim.clone()).await.status, 200, "the same answer as ever");
    }
    // The first three are sent; the background sender then finds the address had its share.
    ses_emails_to(&victim, 3, std::time::Duration::from_secs(15)).await;
    let links: i64 = password_resets::table.count().get_result(&mut app.db().await).await.unwrap();
    assert_eq!(links, 3, "three links, not five");
    assert_eq!(ses_emails(&victim).await.len(), 3);

    // One client asking for many addresses is refused after ten.
    for i in 5..10 {
        assert_eq!(ask("203.0.113.9", format!("nobody-{i}@example.com")).await.status, 200);
    }
    let refused = ask("203.0.113.9", "nobody-else@example.com".into()).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.app_error(), AppError::TooMany(Message::TooManyResets));
    assert_eq!(ask("198.51.100.7", "nobody-else@example.com".into()).await.status, 200, "another client is not");
}

/// A script (or a stolen session) changing tasks in a loop mails their people in charge for
/// every change: past the per-person limit, changes are refused until the minute is over, and
/// the refused ones write and mail nothing.
#[tokio::test(flavor = "multi_thread")]
async fn one_person_cannot_flood_a_teammates_inbox_with_changes() {
    use crate::tasks::{outbox, team_on};

    let team = team_on(TestApp::builder().setting("NOTIFYING_WRITES_PER_MINUTE", "5").spawn().await).await;
    let app = &team.app;
    for i in 0..5 {
        create(app, &team, &format!("Mail Pia {i}"), Some(team.pic_id)).await;
    }
    let events = outbox(app).await.len();
    let refused = crate::tasks::create_with(
        app,
        team.board_id,
        &crate::tasks::new_request_id(),
        "One too many",
        "",
        "",
        &team.pic_id.to_string(),
    )
    .await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(matches!(refused.app_error(), AppError::TooMany(_)));
    assert_eq!(outbox(app).await.len(), events, "nothing written");
    // Someone else is not held up by it.
    let pia_creates =
        crate::tasks::create_with(&team.pic, team.board_id, &crate::tasks::new_request_id(), "Pia's own", "", "", "")
            .await;
    assert!(pia_creates.status.is_redirection() || pia_creates.status.is_success(), "{}", pia_creates.body);
}

/// Whatever the server is made to do (an injection, a compromised process), its database user
/// can only read and write rows: the schema belongs to `taskboard migrate`, run as another user
/// before a deployment. A server told not to migrate refuses a database with migrations pending.
#[tokio::test(flavor = "multi_thread")]
async fn the_servers_database_user_cannot_change_the_schema() {
    use diesel_async::{AsyncConnection, AsyncMysqlConnection, RunQueryDsl};
    use secrecy::SecretString;
    use taskboard::server::{
        config::Config,
        db::migrations::{grant_app_user, AppUser},
        startup::{Application, StartupError},
    };

    let admin = TestApp::spawn().await; // its database is migrated, as by `taskboard migrate`
    let name = format!("tb_app_{}", &admin.table_prefix[5..15]);
    let password = "AppUserPassword0123456789";
    let user = AppUser { name: name.clone(), password: SecretString::from(password.to_owned()) };
    grant_app_user(&SecretString::from(admin.database_url.clone()), None, &user).await.expect("grant the app user");
    let app_url = admin.database_url.replacen("mysql://root@", &format!("mysql://{name}:{password}@"), 1);

    let app = TestApp::builder()
        .setting("DATABASE_URL", &app_url)
        .setting("RUN_MIGRATIONS", "false")
        .setting("TABLE_PREFIX", &admin.table_prefix)
        .spawn()
        .await;
    app.sign_up_ok("Sam", "sam@example.com").await;
    let board = app.create_board_ok("Sam's board").await;
    let created = crate::tasks::create_with(
        &app,
        board,
        &crate::tasks::new_request_id(),
        "Written by the app's own user",
        "",
        "",
        "",
    )
    .await;
    assert!(created.status.is_redirection() || created.status.is_success(), "{}", created.body);

    let mut conn = AsyncMysqlConnection::establish(&app_url).await.expect("the app user connects");
    for attack in ["DROP TABLE tasks", "ALTER TABLE tasks ADD COLUMN pwned INT", "CREATE TABLE pwned (id INT)"] {
        let refused = diesel::sql_query(attack).execute(&mut conn).await;
        assert!(refused.is_err(), "{attack} must be refused");
    }
    assert!(diesel::sql_query("SELECT id FROM tasks").execute(&mut conn).await.is_ok(), "rows are still its to read");

    // A fresh database has every migration pending: a server that must not migrate refuses it.
    let fresh = TestApp::spawn().await;
    let unmigrated = format!("{}_unmigrated", fresh.database_url);
    let mut root = AsyncMysqlConnection::establish(&admin.database_url).await.unwrap();
    let database = unmigrated.rsplit('/').next().unwrap().to_owned();
    diesel::sql_query(format!("CREATE DATABASE `{database}`")).execute(&mut root).await.unwrap();
    let config = Config::from_lookup(|setting| match setting {
        "DATABASE_URL" => Some(unmigrated.clone()),
        "RUN_MIGRATIONS" => Some("false".into()),
        "LISTEN_ADDR" => Some("127.0.0.1:0".into()),
        other => std::env::var(other).ok(),
    })
    .unwrap();
    let refused = Application::build(config).await.err().expect("refuses to start");
    assert!(matches!(refused, StartupError::MigrationsPending { .. }), "{refused}");
    assert!(refused.to_string().contains("run `taskboard migrate` first"), "{refused}");

    diesel::sql_query(format!("DROP DATABASE `{database}`")).execute(&mut root).await.unwrap();
    diesel::sql_query(format!("DROP USER '{name}'@'%'")).execute(&mut root).await.unwrap();
}
