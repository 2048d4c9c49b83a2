//! `TestApp`: the real application, started in-process on 127.0.0.1:0 with its own database
//! (created here, dropped afterwards) and its own DynamoDB table prefix, so tests run in parallel.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncMysqlConnection, RunQueryDsl};
use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, Request, StatusCode};
use hyper_util::{
    client::legacy::{connect::HttpConnector, Client},
    rt::TokioExecutor,
};
use std::collections::HashMap;
use taskboard::server::{
    config::Config,
    db::schema::{tasks, users},
    startup::Application,
};

/// Where the tests create their databases: a MySQL URL without a database name.
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_ADMIN_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
}

pub struct TestApp {
    pub address: String,
    client: HttpClient,
    pub database_url: String,
    database_name: String,
    server: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
pub struct TestAppBuilder {
    settings: HashMap<String, String>,
}

impl TestAppBuilder {
    /// Overrides one environment setting for this app only.
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.insert(name.to_owned(), value.to_owned());
        self
    }

    pub async fn spawn(self) -> TestApp {
        let id = uuid::Uuid::new_v4().simple().to_string();
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
        settings.entry("DATABASE_URL".into()).or_insert_with(|| database_url.clone());
        settings.entry("LISTEN_ADDR".into()).or_insert_with(|| "127.0.0.1:0".into());
        settings.entry("TABLE_PREFIX".into()).or_insert_with(|| format!("test-{}-", &id[..12]));
        // Anything not overridden comes from the environment (make test points AWS at its stand-ins).
        let config = Config::from_lookup(|name| settings.get(name).cloned().or_else(|| std::env::var(name).ok()))
            .expect("test configuration");

        let app = Application::build(config).await.expect("the application starts");
        let address = format!("http://{}", app.local_addr());
        let server = tokio::spawn(async move {
            app.run_until(std::future::pending()).await.expect("server runs");
        });
        let client = Client::builder(TokioExecutor::new()).build_http();
        TestApp { address, client, database_url, database_name, server }
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    pub async fn spawn() -> TestApp {
        TestApp::builder().spawn().await
    }

    async fn send(&self, request: Request<Full<Bytes>>) -> TestResponse {
        let response = self.client.request(request).await.expect("HTTP request");
        let status = response.status();
        let body = response.into_body().collect().await.expect("response body").to_bytes();
        TestResponse { status, body: String::from_utf8(body.to_vec()).expect("UTF-8 body") }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        let request = Request::get(format!("{}{}", self.address, path)).body(Full::default()).expect("request");
        self.send(request).await
    }

    /// Calls a server fn the way the browser does (POST, url-encoded arguments).
    pub async fn call_server_fn(&self, endpoint: &str, form: &[(&str, &str)]) -> TestResponse {
        let body = form.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let request = Request::post(format!("{}/api/{}", self.address, endpoint))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        self.send(request).await
    }

    pub async fn db(&self) -> AsyncMysqlConnection {
        AsyncMysqlConnection::establish(&self.database_url).await.expect("connect to the test database")
    }

    /// Inserts a user directly (accounts come with a later issue) and returns its id.
    pub async fn insert_user(&self, name: &str, email: &str) -> i64 {
        let mut conn = self.db().await;
        diesel::insert_into(users::table)
            .values((users::name.eq(name), users::email.eq(email), users::password_hash.eq("not-a-real-hash")))
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

/// A whole response, read to the end.
pub struct TestResponse {
    pub status: StatusCode,
    pub body: String,
}

impl TestResponse {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("expected JSON ({e}): {}", self.body))
    }
}

pub struct NewTask<'a> {
    pub title: &'a str,
    pub status: &'a str,
    pub position: i64,
    pub deadline: Option<NaiveDate>,
    pub supervisor_id: i64,
    pub pic_id: Option<i64>,
}

impl<'a> NewTask<'a> {
    pub fn new(title: &'a str, status: &'a str, position: i64, supervisor_id: i64) -> Self {
        NewTask { title, status, position, deadline: None, supervisor_id, pic_id: None }
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
