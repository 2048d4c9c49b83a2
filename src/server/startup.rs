//! Turning a [`Config`] into a running server: connect, migrate, build the router, serve.

use super::{
    assets,
    audit::{
        relay::{Relay, RelayProgress},
        AuditTables,
    },
    auth::{
        layers::{self, SESSION_IDLE_TIMEOUT},
        password::Hasher,
        session_store::{MysqlSessionStore, AUTH_DATA_KEY},
        throttle, Backend,
    },
    board_cache::BoardCache,
    config::{AwsConfig, Config, Environment},
    db::{self, Db},
    errors::chain,
    etag, health,
    live::{self, LiveFeed},
    mailer::Mailer,
    morning::Morning,
    notify::{bursts::Bursts, stream::StreamReader, Notifier},
    unsubscribe::{self, Links},
    webhooks::dispatcher::Dispatcher,
    AppState,
};
use crate::app::{shell, App};
use axum::{middleware, routing::get, Router};
use axum_login::AuthManagerLayerBuilder;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::{
    future::Future,
    net::SocketAddr,
    sync::{Arc, LazyLock},
    time::Duration,
};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnFailure, TraceLayer},
};
use tower_sessions::{cookie::SameSite, session_store::ExpiredDeletion, Expiry, SessionManagerLayer};

/// Larger request bodies are refused (413): the biggest form, a task with a 10,000-character
/// description, is well under this even percent-encoded.
const MAX_REQUEST_BODY_BYTES: usize = 256 * 1024;
/// How often expired sessions and old failed-login rows are deleted.
const HOUSEKEEPING_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// Matches `output-name` in Cargo.toml: the names of the JS, WASM and CSS files under `pkg/`.
const SITE_OUTPUT_NAME: &str = "taskboard";

/// Why the server could not start. Each variant names the setting to look at.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot connect to the database at DATABASE_URL={url}: {cause}")]
    Database { url: String, cause: String },
    #[error("cannot apply database migrations at DATABASE_URL={url}: {cause}")]
    Migrations { url: String, cause: String },
    #[error("the database at DATABASE_URL={url} has migrations pending ({pending}): run `taskboard migrate` first")]
    MigrationsPending { url: String, pending: String },
    #[error("cannot listen on LISTEN_ADDR={addr}: {cause}")]
    Bind { addr: SocketAddr, cause: String },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    workers: Workers,
    start_workers: bool,
    hasher: Hasher,
    live: LiveFeed,
}

/// An instance's background work: the audit relay, and (locally; in AWS the notifier Lambda
/// does it) the reader of the audit table's stream that sends the emails. The running server
/// starts both; a test may instead drive them one step at a time.
#[derive(Clone)]
pub struct Workers {
    pub relay: Relay,
    pub stream_reader: Option<StreamReader>,
    /// Sends the bursts of notifications that are due (every instance, in AWS too).
    pub notifier: Notifier,
    /// The daily digests and deadline reminders.
    pub morning: Morning,
    /// Sends the boards' events to their webhooks.
    pub webhooks: Dispatcher,
}

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let url = config.database_url_redacted();
        let db = Db::connect(&config.database_url, config.database_ca_file.as_deref(), config.database_pool_size)
            .await
            .map_err(|e| StartupError::Database { url: url.clone(), cause: chain(&e) })?;
        if config.run_migrations {
            db::migrations::run_pending(&config.database_url, config.database_ca_file.as_deref())
                .await
                .map_err(|e| StartupError::Migrations { url: url.clone(), cause: chain(e.as_ref()) })?;
        } else {
            let pending = db::migrations::pending(&config.database_url, config.database_ca_file.as_deref())
                .await
                .map_err(|e| StartupError::Migrations { url: url.clone(), cause: chain(e.as_ref()) })?;
            if !pending.is_empty() {
                return Err(StartupError::MigrationsPending { url: url.clone(), pending: pending.join(", ") });
            }
        }

        let listener = TcpListener::bind(config.listen_addr)
            .await
            .map_err(|e| StartupError::Bind { addr: config.listen_addr, cause: chain(&e) })?;
        let local_addr =
            listener.local_addr().map_err(|e| StartupError::Bind { addr: config.listen_addr, cause: chain(&e) })?;

        let leptos_options = LeptosOptions::builder()
            .output_name(SITE_OUTPUT_NAME)
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .hash_files(assets::hashed_names())
            .build();
        let sdk_config = sdk_config(&config.aws, config.environment).await;
        let dynamodb = dynamodb_client(&sdk_config, &config.aws);
        let audit_tables = AuditTables::new(&config.aws.table_prefix);
        let local = config.environment == Environment::Local;
        let relay = Relay {
            db: db.clone(),
            dynamodb: dynamodb.clone(),
            tables: audit_tables.clone(),
            // In AWS, Terraform creates the tables; locally the stand-in starts empty.
            create_tables: local,
            progress: RelayProgress::new(),
            tables_ready: Default::default(),
        };
        let mailer = Mailer::new(ses_client(&sdk_config, &config.aws), config.email_from.clone());
        let links = Links::new(&config.base_url, config.unsubscribe_key.clone());
        let bursts =
            Bursts { client: dynamodb.clone(), table: audit_tables.bursts.clone(), window: config.squash_window };
        let stream_reader = local.then(|| StreamReader {
            db: db.clone(),
            dynamodb: dynamodb.clone(),
            streams: streams_client(&sdk_config, &config.aws),
            tables: audit_tables.clone(),
            bursts: bursts.clone(),
        });
        let notifier = Notifier {
            db: db.clone(),
            mailer: mailer.clone(),
            dynamodb: dynamodb.clone(),
            tables: audit_tables.clone(),
            bursts,
            links: links.clone(),
        };
        let morning = Morning { db: db.clone(), mailer: mailer.clone(), links: links.clone() };
        let webhooks = Dispatcher::new(db.clone(), config.webhook_allowances());
        let live = LiveFeed::new();
        let state = AppState {
            live: live.clone(),
            leptos_options,
            sessions: MysqlSessionStore::new(db.clone()),
            db: db.clone(),
            dynamodb,
            audit_tables,
            relay_progress: relay.progress.clone(),
            mailer,
            links,
            hasher: Hasher::for_this_machine(),
            readiness: Default::default(),
            board_cache: Arc::new(BoardCache::new(config.board_cache_entries)),
            config: Arc::new(config),
        };
        tracing::info!(address = %local_addr, database = %url, "Taskboard is ready");
        let hasher = state.hasher.clone();
        Ok(Application {
            listener,
            hasher,
            router: router(state),
            db,
            workers: Workers { relay, stream_reader, notifier, morning, webhooks },
            start_workers: true,
            live,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// The relay and stream reader, for a test to drive (see [`Application::without_workers`]).
    pub fn workers(&self) -> Workers {
        self.workers.clone()
    }

    /// The instance's password hasher, for tests that check a request never reached Argon2.
    pub fn hasher(&self) -> Hasher {
        self.hasher.clone()
    }

    /// Serve without running the relay and the stream reader in the background: a test then
    /// drives them itself, step by step, through [`Application::workers`].
    pub fn without_workers(mut self) -> Application {
        self.start_workers = false;
        self
    }

    /// Serves until `shutdown` completes, then stops accepting and lets in-flight requests finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        // Background work lives as long as this future: stopped when serving ends, and also when
        // the future is dropped (as a test does when it stops an app).
        let _housekeeping = AbortOnDrop(tokio::spawn(housekeeping(self.db.clone())));
        // The live feed runs in tests without workers too: it only reads.
        let _live_feed = AbortOnDrop(tokio::spawn(self.live.clone().run(self.db)));
        // Open live streams end when shutdown begins, or the graceful shutdown would wait on them.
        let live = self.live;
        let shutdown = async move {
            shutdown.await;
            live.close();
        };
        let mut workers = Vec::new();
        if self.start_workers {
            // A relay stopped mid-round loses nothing: its claimed rows' lease runs out and
            // another instance (or the next start) relays them.
            workers.push(AbortOnDrop(tokio::spawn(self.workers.relay.run())));
            if let Some(reader) = self.workers.stream_reader {
                workers.push(AbortOnDrop(tokio::spawn(reader.run())));
            }
            workers.push(AbortOnDrop(tokio::spawn(self.workers.notifier.run())));
            workers.push(AbortOnDrop(tokio::spawn(self.workers.morning.run())));
            workers.push(AbortOnDrop(tokio::spawn(self.workers.webhooks.run())));
        }
        // Connect info: the peer address, for login throttling.
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown).await
    }
}

/// Aborts a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The app's routes, worked out once per process.
///
/// Why once: while Leptos generates a route list it sets a process-wide flag that makes every
/// resource first polled meanwhile wait forever (leptos-rs/leptos#4773). Building a second
/// `Application` in a process that already serves — as the tests do, many at a time — would
/// then hang a page request now and then. Generated once, before anything serves, the window
/// never overlaps a request.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    ROUTES.clone()
}

fn router(state: AppState) -> Router {
    let routes = routes();
    let leptos_options = state.leptos_options.clone();

    let https = state.config.base_url.starts_with("https://");
    let sessions = SessionManagerLayer::new(state.sessions.clone())
        // On https the `__Host-` prefix: browsers then take the cookie only if it is Secure,
        // for path `/`, without a Domain, so a sibling subdomain cannot plant a session.
        .with_name(if https { "__Host-taskboard_session" } else { "taskboard_session" })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        // Saved when changed; the session guard marks it changed every few minutes of use
        // (layers::touch), so the idle timeout counts from the last request without a write
        // on every request.
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE_TIMEOUT));
    let auth = AuthManagerLayerBuilder::new(
        Backend::new(state.db.clone(), state.hasher.clone(), state.sessions.user_cache()),
        sessions,
    )
    .with_data_key(AUTH_DATA_KEY)
    .build();

    // One limit on requests served at once, shared by the pages and the REST API.
    let request_limit =
        layers::RequestLimit(Arc::new(tokio::sync::Semaphore::new(state.config.max_concurrent_requests)));
    // The REST API has no session layers: tokens only (server::rest).
    let api = super::rest::router(&state)
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        .layer(middleware::from_fn_with_state(request_limit.clone(), layers::shed_load))
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest));
    // Layers run outside-in in the reverse order of these calls: trace, compression, headers,
    // load shedding, body limit, cross-site check, session + auth, session guard, then the app.
    // /pkg (the compiled JS, WASM and CSS) is added after the session layers, so fetching
    // assets never touches the session table.
    let app = Router::new()
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        .route("/boards/{id}/live", get(live::stream::board_stream))
        .route("/boards/{id}/export.csv", get(super::csv_export::board_csv))
        .route("/boards/{id}/import", axum::routing::post(super::csv_import::upload))
        // The page itself is a Leptos route (GET); the button and mail clients POST here.
        .route("/unsubscribe/{token}", axum::routing::post(unsubscribe::post))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Inside the session layers (it needs the user), around the board page only.
        .layer(middleware::from_fn_with_state(state.clone(), etag::board_page))
        .layer(middleware::from_fn(layers::session_guard))
        .layer(auth)
        .layer(middleware::from_fn_with_state(state.clone(), layers::refuse_cross_site))
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        .layer(middleware::from_fn_with_state(request_limit.clone(), layers::shed_load))
        .nest_service("/pkg", assets::pkg_files(&state.leptos_options))
        .layer(middleware::from_fn_with_state(state.clone(), layers::security_headers))
        // gzip when the browser accepts it: the board's HTML shrinks twentyfold. At the fastest
        // level: at the default one, compressing was a quarter of the board page's CPU time
        // under load (make bench, perf), for a page a few KB smaller. (The JS, WASM and CSS
        // come compressed at build time.)
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest));
    // Probes stay outside the session layers: no cookies, no database work beyond the check.
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .nest("/api/v1", api)
        .merge(app)
        // Every request gets an id (kept if the load balancer sent one), echoed in the answer
        // and carried by its span, so each log line says which request it belongs to. A failure
        // is logged where it is understood (`errors::respond`), so the layer's own report of a
        // 5xx answer is kept to debug.
        .layer(middleware::from_fn(layers::remember_request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// The span every log line of a request sits in. The path only: a query may hold a token.
/// `user.id` is filled in by the session guard once the session is read (through
/// `layers::RequestSpan`).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let request_id = request.headers().get("x-request-id").and_then(|id| id.to_str().ok()).unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = request.uri().path(),
        request_id,
        user.id = tracing::field::Empty,
    )
}

/// Deletes expired sessions and failed logins that have left the throttling window.
async fn housekeeping(db: Db) {
    let sessions = MysqlSessionStore::new(db.clone());
    let mut every = tokio::time::interval(HOUSEKEEPING_INTERVAL);
    loop {
        every.tick().await;
        if let Err(error) = sessions.delete_expired().await {
            tracing::warn!(error = %error, "deleting expired sessions failed");
        }
        if let Err(error) = throttle::forget_old(&db).await {
            tracing::warn!(error = %error, "deleting old failed logins failed");
        }
        if let Err(error) = super::rate_limit::forget_old(&db).await {
            tracing::warn!(error = %error, "deleting old rate limit events failed");
        }
        let uploads_before = super::audit::record::now() - super::db::csv_imports::KEPT_FOR;
        if let Err(error) = super::db::csv_imports::forget_old(&db, uploads_before).await {
            tracing::warn!(error = %error, "deleting old CSV uploads failed");
        }
        match super::trash::purge_expired(&db, super::audit::record::now()).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "purged tasks 30 days in the trash"),
            Err(error) => tracing::warn!(error = %error, "purging the trash failed"),
        }
    }
}

fn dynamodb_client(sdk_config: &aws_config::SdkConfig, aws: &AwsConfig) -> aws_sdk_dynamodb::Client {
    let mut builder = aws_sdk_dynamodb::config::Builder::from(sdk_config);
    if let Some(endpoint) = &aws.dynamodb_endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    aws_sdk_dynamodb::Client::from_conf(builder.build())
}

fn streams_client(sdk_config: &aws_config::SdkConfig, aws: &AwsConfig) -> aws_sdk_dynamodbstreams::Client {
    let mut builder = aws_sdk_dynamodbstreams::config::Builder::from(sdk_config);
    if let Some(endpoint) = &aws.dynamodb_streams_endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    aws_sdk_dynamodbstreams::Client::from_conf(builder.build())
}

fn ses_client(sdk_config: &aws_config::SdkConfig, aws: &AwsConfig) -> aws_sdk_sesv2::Client {
    let mut builder = aws_sdk_sesv2::config::Builder::from(sdk_config);
    if let Some(endpoint) = &aws.ses_endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    aws_sdk_sesv2::Client::from_conf(builder.build())
}

/// The shared AWS SDK settings. Locally, without credentials in the environment, the stand-ins
/// get dummy ones (they accept any), so the SDK does not go looking for an instance role.
pub async fn sdk_config(aws: &AwsConfig, environment: Environment) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(region) = &aws.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if environment == Environment::Local && std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        loader = loader.credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test",
            "test",
            None,
            None,
            "taskboard-local",
        ));
    }
    loader.load().await
}
