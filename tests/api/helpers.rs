//! `TestApp`: the real application, started in-process on 127.0.0.1:0 with its own database
//! (created here, dropped afterwards) and its own DynamoDB table prefix, so tests run in parallel.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncMysqlConnection, RunQueryDsl};
use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, header, HeaderMap, Request, StatusCode};
use hyper_util::{
    client::legacy::{connect::HttpConnector, Client},
    rt::TokioExecutor,
};
use std::collections::HashMap;
use std::{sync::Mutex, time::Duration};
use taskboard::domain::AppError;
use taskboard::server::{
    auth::password::Hasher,
    config::Config,
    db::schema::{board_members, tasks, users},
    errors::chain,
    startup::{Application, Workers},
};

/// Where the tests create their databases: a MySQL URL without a database name.
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_ADMIN_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
}

pub struct TestApp {
    pub address: String,
    /// The default browser-like client (its own cookie jar); `app.get(..)` etc. use it.
    client: TestClient,
    pub database_url: String,
    database_name: String,
    /// In front of this app's DynamoDB table names.
    pub table_prefix: String,
    server: tokio::task::JoinHandle<()>,
    /// The relay and stream reader, for tests that drive them ([`TestAppBuilder::without_workers`]).
    workers: Workers,
    /// Whether the relay and stream reader run in the background (not [`TestAppBuilder::without_workers`]).
    pub background_workers: bool,
    hasher: Hasher,
}

impl std::ops::Deref for TestApp {
    type Target = TestClient;

    fn deref(&self) -> &TestClient {
        &self.client
    }
}

/// An HTTP client with one cookie jar: one "browser". Tests with several people use several.
pub struct TestClient {
    address: String,
    http: HttpClient,
    cookies: Mutex<HashMap<String, String>>,
}

#[derive(Default)]
pub struct TestAppBuilder {
    settings: HashMap<String, String>,
    without_workers: bool,
}

impl TestAppBuilder {
    /// Overrides one environment setting for this app only.
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.insert(name.to_owned(), value.to_owned());
        self
    }

    /// No relay or stream reader in the background: the test moves events along itself with
    /// [`TestApp::relay_all`] and [`TestApp::deliver_all`], so what has happened when is exact
    /// (and "nothing more happened" needs no waiting).
    pub fn without_workers(mut self) -> Self {
        self.without_workers = true;
        self
    }

    pub async fn spawn(self) -> TestApp {
        // Warnings and errors of the apps go into the test's own output, shown when it fails.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(tracing_subscriber::EnvFilter::new("warn,aws_config=error,aws_smithy_runtime=error"))
            .try_init();
        let id = format!("{:032x}", rand::random::<u128>());
        let database_name = format!("taskboard_test_{}", &id[..16]);
        let mut admin = AsyncMysqlConnection::establish(&admin_url())
            .await
            .expect("MariaDB must be reachable (make test starts it)");
        diesel::sql_query(format!(
            "CREATE DATABASE `{database_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        ))
        .execute(&mut admin)
        .await
        .expect("create the test database");
        let database_url = format!("{}/{}", admin_url(), database_name);

        let mut settings = self.settings;
        if !self.without_workers {
            // Tests that wait for an email from the background workers get each change mailed at
            // once; the squashing itself is tested with the workers driven by the test.
            settings.entry("NOTIFY_SQUASH_SECONDS".into()).or_insert_with(|| "0".into());
        }
        let table_prefix =
            settings.entry("TABLE_PREFIX".into()).or_insert_with(|| format!("test-{}-", &id[..12])).clone();
        settings.entry("DATABASE_URL".into()).or_insert_with(|| database_url.clone());
        settings.entry("LISTEN_ADDR".into()).or_insert_with(|| "127.0.0.1:0".into());
        // Anything not overridden comes from the environment (make test points AWS at its stand-ins).
        let config = Config::from_lookup(|name| settings.get(name).cloned().or_else(|| std::env::var(name).ok()))
            .expect("test configuration");

        let mut app = Application::build(config).await.expect("the application starts");
        if self.without_workers {
            app = app.without_workers();
        }
        let workers = app.workers();
        let hasher = app.hasher();
        let address = format!("http://{}", app.local_addr());
        let server = tokio::spawn(async move {
            app.run_until(std::future::pending()).await.expect("server runs");
        });
        let client = TestClient::new(&address);
        let background_workers = !self.without_workers;
        TestApp {
            address,
            client,
            database_url,
            database_name,
            table_prefix,
            server,
            workers,
            background_workers,
            hasher,
        }
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    pub async fn spawn() -> TestApp {
        TestApp::builder().spawn().await
    }

    /// Stops the server (and its background work), keeping the database: for restart tests.
    pub fn stop_server(&self) {
        self.server.abort();
    }

    /// How many times this app has run Argon2 (hashing or verifying a password).
    pub fn argon2_runs(&self) -> u64 {
        self.hasher.runs()
    }

    /// Relays every outbox row that is due to the audit table; returns how many.
    pub async fn relay_all(&self) -> usize {
        self.relay_all_at(chrono::Utc::now().naive_utc()).await
    }

    /// One relay round; returns how many events it relayed.
    pub async fn relay_one_round(&self) -> usize {
        let now = chrono::Utc::now().naive_utc();
        self.workers.relay.relay_round(now).await.unwrap_or_else(|e| panic!("relaying failed: {}", chain(&e)))
    }

    /// The same as if the clock said `now`: a later time lets rows waiting out a backoff go.
    pub async fn relay_all_at(&self, now: chrono::NaiveDateTime) -> usize {
        self.workers.relay.relay_all(now).await.unwrap_or_else(|e| panic!("relaying failed: {}", chain(&e)))
    }

    /// One round of webhook deliveries as if the clock said `now`: how many it attempted.
    pub async fn deliver_webhooks_at(&self, now: chrono::NaiveDateTime) -> usize {
        self.workers.webhooks.round(now).await.unwrap_or_else(|e| panic!("delivering webhooks failed: {}", chain(&e)))
    }

    /// One try at relaying: the error, if the relay could not finish (DynamoDB away).
    pub async fn try_relay_all(&self) -> Result<usize, String> {
        self.workers.relay.relay_all(chrono::Utc::now().naive_utc()).await.map_err(|e| chain(&e))
    }

    /// Reads the audit table's stream to its end, folding each new row into its bursts, then
    /// sends every burst as if its window had passed; returns how many stream records it
    /// handled.
    pub async fn deliver_all(&self) -> usize {
        let folded = self.fold_all().await;
        let after_the_window = chrono::Utc::now()
            + chrono::Duration::from_std(self.workers.notifier.bursts.window).expect("a short window")
            + chrono::Duration::seconds(1);
        self.sweep_at(after_the_window).await;
        folded
    }

    /// Reads the audit table's stream to its end, folding each new row into the bursts (no email
    /// goes out yet); returns how many records it handled.
    pub async fn fold_all(&self) -> usize {
        let reader = self.workers.stream_reader.as_ref().expect("a local app reads the stream");
        reader.deliver_all().await.unwrap_or_else(|e| panic!("folding failed: {}", chain(&e)))
    }

    /// One sweep of the bursts with the clock at `now`: sends those due.
    pub async fn sweep_at(&self, now: chrono::DateTime<chrono::Utc>) -> taskboard::server::notify::Swept {
        self.workers.notifier.sweep(now).await.unwrap_or_else(|e| panic!("sweeping failed: {}", chain(&e)))
    }

    /// This instance's morning run (digests and deadline reminders), for a test to drive.
    pub fn morning(&self) -> &taskboard::server::morning::Morning {
        &self.workers.morning
    }

    /// One round of the trash's purge as if it ran at `now`: how many tasks it deleted for good.
    pub async fn purge_trash_at(&self, now: chrono::NaiveDateTime) -> usize {
        taskboard::server::trash::purge_expired(&self.workers.morning.db, now)
            .await
            .unwrap_or_else(|e| panic!("purging failed: {}", chain(&e)))
    }

    /// The notifier that sends the bursts, for a test that builds an email itself.
    pub fn notifier(&self) -> &taskboard::server::notify::Notifier {
        &self.workers.notifier
    }

    /// Another browser: a client with an empty cookie jar.
    pub fn new_client(&self) -> TestClient {
        TestClient::new(&self.address)
    }

    pub async fn db(&self) -> AsyncMysqlConnection {
        AsyncMysqlConnection::establish(&self.database_url).await.expect("connect to the test database")
    }

    /// Makes `user_id` a member of `board_id` with `role` (`admin` or `member`) directly in the
    /// database: the set-up step of tests about something else than joining a board.
    pub async fn add_member(&self, board_id: i64, user_id: i64, role: &str) {
        diesel::insert_into(board_members::table)
            .values((
                board_members::board_id.eq(board_id),
                board_members::user_id.eq(user_id),
                board_members::role.eq(role),
            ))
            .execute(&mut self.db().await)
            .await
            .expect("add a board member");
    }

    /// Marks every account's address as confirmed, directly in the database: the set-up of tests
    /// about something else than confirming (`verification.rs` follows the emailed link).
    pub async fn confirm_every_address(&self) {
        diesel::update(users::table.filter(users::email_verified_at.is_null()))
            .set(users::email_verified_at.eq(chrono::Utc::now().naive_utc()))
            .execute(&mut self.db().await)
            .await
            .expect("confirm addresses");
    }

    /// Inserts a user directly and returns its id.
    pub async fn insert_user(&self, name: &str, email: &str) -> i64 {
        let mut conn = self.db().await;
        diesel::insert_into(users::table)
            .values((
                users::name.eq(name),
                users::email.eq(email),
                // A handle of its own, from the (unique) address.
                users::handle.eq(handle_for(email)),
                users::password_hash.eq("not-a-real-hash"),
            ))
            .execute(&mut conn)
            .await
            .expect("insert user");
        users::table.filter(users::email.eq(email)).select(users::id).first(&mut conn).await.expect("user id")
    }

    pub async fn insert_tasks(&self, new_tasks: &[NewTask<'_>]) {
        let mut conn = self.db().await;
        // Chunked: one multi-row INSERT per 500 tasks.
        for chunk in new_tasks.chunks(500) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|t| {
                    (
                        tasks::board_id.eq(t.board_id),
                        tasks::title.eq(t.title),
                        tasks::description.eq(""),
                        tasks::status.eq(t.status),
                        tasks::position.eq(t.position),
                        tasks::deadline.eq(t.deadline),
                        tasks::supervisor_id.eq(t.supervisor_id),
                        tasks::pic_id.eq(t.pic_id),
                    )
                })
                .collect();
            diesel::insert_into(tasks::table).values(rows).execute(&mut conn).await.expect("insert tasks");
        }
    }
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

impl TestClient {
    fn new(address: &str) -> TestClient {
        TestClient {
            address: address.to_owned(),
            http: Client::builder(TokioExecutor::new()).build_http(),
            cookies: Mutex::new(HashMap::new()),
        }
    }

    /// Sends the request with this client's cookies and keeps any cookie the answer sets.
    pub async fn send(&self, mut request: Request<Full<Bytes>>) -> TestResponse {
        let cookie_header = {
            let cookies = self.cookies.lock().unwrap();
            cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ")
        };
        if !cookie_header.is_empty() {
            request.headers_mut().insert(header::COOKIE, cookie_header.parse().unwrap());
        }
        let response = self.http.request(request).await.expect("HTTP request");
        let status = response.status();
        let headers = response.headers().clone();
        for set_cookie in headers.get_all(header::SET_COOKIE) {
            let text = set_cookie.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            let removed = attributes.to_ascii_lowercase().contains("max-age=0");
            let mut cookies = self.cookies.lock().unwrap();
            if removed || value.is_empty() {
                cookies.remove(name.trim());
            } else {
                cookies.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        let body = response.into_body().collect().await.expect("response body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8(body.to_vec()).expect("UTF-8 body") }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with_headers(path, &[]).await
    }

    /// A GET with extra headers (a browser's `Accept-Language`, say).
    pub async fn get_with_headers(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(format!("{}{}", self.address, path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Full::default()).expect("request")).await
    }

    /// A POST of `body` as `content_type` to `path` (a multipart form, say).
    pub async fn post_body(&self, path: &str, content_type: &str, body: Vec<u8>) -> TestResponse {
        let request = Request::post(format!("{}{path}", self.address))
            .header("content-type", content_type)
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        self.send(request).await
    }

    /// Calls a server fn the way the browser's hydrated app does (POST, url-encoded arguments).
    pub async fn call_server_fn(&self, endpoint: &str, form: &[(&str, &str)]) -> TestResponse {
        self.call_server_fn_with_headers(endpoint, form, &[]).await
    }

    pub async fn call_server_fn_with_headers(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body = form.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect::<Vec<_>>().join("&");
        // A server fn declared with `input = GetUrl` takes its arguments in the query.
        if GET_SERVER_FNS.contains(&endpoint) {
            let query = form.iter().map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v))).collect::<Vec<_>>();
            let mut request = Request::get(format!("{}/api/{endpoint}?{}", self.address, query.join("&")));
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            return self.send(request.body(Full::default()).expect("request")).await;
        }
        let mut request = Request::post(format!("{}/api/{}", self.address, endpoint))
            .header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Full::new(Bytes::from(body))).expect("request")).await
    }

    /// Puts a cookie in this client's jar, as if a site had set it.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies.lock().unwrap().insert(name.to_owned(), value.to_owned());
    }

    /// The session cookie's value, if this client has one.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.lock().unwrap().get(SESSION_COOKIE).cloned()
    }

    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> TestResponse {
        self.call_server_fn("sign_up", &[("name", name), ("email", email), ("password", password)]).await
    }

    pub async fn log_in(&self, email: &str, password: &str) -> TestResponse {
        self.call_server_fn("log_in", &[("email", email), ("password", password)]).await
    }

    /// Creates a board through the server fn (this client becomes its admin); returns its id.
    pub async fn create_board_ok(&self, name: &str) -> i64 {
        let response = self.call_server_fn("create_board", &[("name", name)]).await;
        assert!(response.status.is_success() || response.status.is_redirection(), "create board: {}", response.body);
        let location = response.header("location").expect("a redirect to the board").to_owned();
        location.strip_prefix("/boards/").and_then(|id| id.parse().ok()).expect("/boards/{id}")
    }

    /// Signs up a fresh account with [`TEST_PASSWORD`] and stays logged in; panics if that fails.
    pub async fn sign_up_ok(&self, name: &str, email: &str) {
        let response = self.sign_up(name, email, TEST_PASSWORD).await;
        assert!(response.status.is_redirection() || response.status.is_success(), "sign up failed: {}", response.body);
        assert!(self.session_cookie().is_some(), "signed up but no session cookie");
    }
}

/// The server fns that are GETs (`input = GetUrl`): the board's, so the browser can revalidate it.
const GET_SERVER_FNS: &[&str] = &["board"];

/// A password that passes every rule.
pub const TEST_PASSWORD: &str = "violet tugboat orbit";
pub const SESSION_COOKIE: &str = "taskboard_session";

fn form_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A whole response, read to the end.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("expected JSON ({e}): {}", self.body))
    }

    /// The `AppError` a server fn returned.
    pub fn app_error(&self) -> AppError {
        assert!(!self.status.is_success() && !self.status.is_redirection(), "expected an error, got {}", self.status);
        self.json()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct NewTask<'a> {
    pub board_id: i64,
    pub title: &'a str,
    pub status: &'a str,
    pub position: i64,
    pub deadline: Option<NaiveDate>,
    pub supervisor_id: i64,
    pub pic_id: Option<i64>,
}

impl<'a> NewTask<'a> {
    pub fn new(board_id: i64, title: &'a str, status: &'a str, position: i64, supervisor_id: i64) -> Self {
        NewTask { board_id, title, status, position, deadline: None, supervisor_id, pic_id: None }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        // Drop the database on a thread of its own: Drop cannot await, and the test's runtime
        // may be shutting down.
        let name = self.database_name.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async move {
                if let Ok(mut admin) = AsyncMysqlConnection::establish(&admin_url()).await {
                    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS `{name}`")).execute(&mut admin).await;
                }
            });
        })
        .join();
    }
}

/// The subject of the email every sign-up gets, which [`ses_emails`] leaves out.
const CONFIRMATION_SUBJECT: &str = "Confirm your email address for Taskboard";

/// The emails the SES stand-in has received for `to` so far (its `GET /store`), but for the
/// address confirmation every sign-up gets. SendEmail has stored an email by the time it
/// answers, so after [`TestApp::deliver_all`] this is exact.
pub async fn ses_emails(to: &str) -> Vec<serde_json::Value> {
    ses_store(to).await.into_iter().filter(|email| email["subject"] != CONFIRMATION_SUBJECT).collect()
}

/// Every email the SES stand-in has received for `to`, the address confirmation included.
pub async fn ses_every_email(to: &str) -> Vec<serde_json::Value> {
    ses_store(to).await
}

async fn ses_store(to: &str) -> Vec<serde_json::Value> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL_SESV2").unwrap_or_else(|_| "http://127.0.0.1:8005".to_owned());
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let response = client.get(format!("{endpoint}/store").parse().unwrap()).await.expect("the SES stand-in answers");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let store: serde_json::Value = serde_json::from_slice(&body).expect("store JSON");
    store["emails"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|email| email["destination"]["to"].as_array().is_some_and(|to_list| to_list.iter().any(|t| t == to)))
        .cloned()
        .collect()
}

/// [`ses_emails`] for `to`, waiting (up to `wait`) until there are at least `expected`: for
/// emails sent in the background (a password reset, an invitation).
pub async fn ses_emails_to(to: &str, expected: usize, wait: Duration) -> Vec<serde_json::Value> {
    wait_for_emails(to, expected, wait, false).await
}

/// The same, counting the address confirmation too.
pub async fn ses_every_email_to(to: &str, expected: usize, wait: Duration) -> Vec<serde_json::Value> {
    wait_for_emails(to, expected, wait, true).await
}

async fn wait_for_emails(to: &str, expected: usize, wait: Duration, every: bool) -> Vec<serde_json::Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let emails = if every { ses_every_email(to).await } else { ses_emails(to).await };
        if emails.len() >= expected && (expected > 0 || tokio::time::Instant::now() >= deadline) {
            return emails;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("expected {expected} email(s) to {to}, found {}", emails.len());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Where the tests' DynamoDB Local listens (make test starts it).
pub fn dynamodb_endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL_DYNAMODB").unwrap_or_else(|_| "http://127.0.0.1:8000".to_owned())
}

/// A DynamoDB client for looking at (and tampering with) what the app wrote.
pub fn dynamodb_client() -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .endpoint_url(dynamodb_endpoint())
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("test", "test", None, None, "tests"))
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// A TCP relay in front of a real service that a test can switch off and on, to see what the app
/// does while the service is unreachable. Off: open connections are cut and new ones closed at once.
pub struct SwitchableProxy {
    pub address: String,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    connections: std::sync::Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl SwitchableProxy {
    /// Starts a proxy to `target` (`host:port`), switched on.
    pub async fn start(target: &str) -> SwitchableProxy {
        use std::sync::{atomic::AtomicBool, Arc};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let up = Arc::new(AtomicBool::new(true));
        let connections: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let target = target.to_owned();
        let accept = {
            let (up, connections) = (up.clone(), connections.clone());
            tokio::spawn(async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    if !std::sync::atomic::AtomicBool::load(&up, std::sync::atomic::Ordering::SeqCst) {
                        continue; // Dropped: the client sees the connection closed.
                    }
                    let target = target.clone();
                    let connection = tokio::spawn(async move {
                        if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                    connections.lock().unwrap().push(connection);
                }
            })
        };
        SwitchableProxy { address, up, connections, accept }
    }

    pub fn set_up(&self, up: bool) {
        self.up.store(up, std::sync::atomic::Ordering::SeqCst);
        if !up {
            for connection in self.connections.lock().unwrap().drain(..) {
                connection.abort();
            }
        }
    }
}

impl Drop for SwitchableProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.set_up(false);
    }
}

/// A handle made from a (unique) address, for users a test inserts directly.
fn handle_for(email: &str) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    email.hash(&mut hasher);
    format!("u{:016x}", hasher.finish())
}
