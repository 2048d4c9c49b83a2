//! Every setting, read once from the environment. Locally (`APP_ENVIRONMENT=local`, the default)
//! everything has a default that matches the stand-ins the scripts start; in production the
//! settings that cannot be guessed must be given, and the AWS SDK finds the real endpoints itself.

use secrecy::{ExposeSecret, SecretString};
use std::net::SocketAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Local,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines for a terminal.
    Pretty,
    /// One JSON object per line, for CloudWatch.
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub database_url: SecretString,
    /// `DATABASE_CA_FILE`: a PEM bundle of the certificate authorities the database's TLS
    /// certificate must come from (in AWS, Amazon RDS's, baked into the image). Set, every
    /// connection is TLS with the server's certificate and name verified; unset, connections
    /// are as the URL says (plain, locally).
    pub database_ca_file: Option<std::path::PathBuf>,
    pub database_pool_size: u32,
    /// Apply pending migrations at start-up (locally). In AWS `taskboard migrate` applies them
    /// before a deployment (`RUN_MIGRATIONS=false`), and the server refuses to start on a
    /// database that still has some pending.
    pub run_migrations: bool,
    /// For `taskboard migrate`: the app's own database user to create and grant row access to.
    pub app_database_user: Option<super::db::migrations::AppUser>,
    /// Pages and server fn calls served at once; more are refused at once (503, Retry-After)
    /// instead of queueing for the database until they time out.
    pub max_concurrent_requests: usize,
    /// Boards (one per filter and day) each instance keeps rendered-ready (`server::board_cache`);
    /// 0 turns the cache off.
    pub board_cache_entries: usize,
    /// REST API requests one token may make in a minute on one instance; more get 429 with
    /// `Retry-After`. 0: no limit (for benchmarks).
    pub api_requests_per_minute: u32,
    /// Webhooks may go to this machine and private networks (`WEBHOOK_PRIVATE_ADDRESSES=allow`,
    /// a local instance only: the tests' receivers).
    pub webhook_private_addresses: bool,
    /// Task changes that email somebody one person may make in a minute; beyond it their
    /// changes are refused (429) for the rest of the minute, so nobody's inbox is flooded.
    /// 0: no limit (for benchmarks).
    pub notifying_writes_per_minute: i64,
    /// Public address of the app, used in links (emails) and to decide whether cookies are `Secure`.
    pub base_url: String,
    pub listen_addr: SocketAddr,
    /// Where cargo-leptos put the compiled site (`pkg/`, CSS, static files).
    pub site_root: String,
    pub aws: AwsConfig,
    pub log_format: LogFormat,
    /// How many proxies in front of the app append to `X-Forwarded-For` (0: none, the TCP peer
    /// is the client; 1: a load balancer; 2: CloudFront, then the load balancer). The client's
    /// address is that many entries from the end: entries further left could be forged.
    pub trusted_proxy_hops: usize,
    /// The sender of every email, e.g. `Taskboard <no-reply@tasks.example.com>` (an SES-verified
    /// identity in production).
    pub email_from: String,
    /// Who may create an account without an invitation (`SIGNUP`): `open` locally, `invite` in
    /// production unless set.
    pub signup: super::signup_policy::SignupPolicy,
    /// Instance admins besides the first account (`ADMIN_EMAILS`, comma-separated, lower-cased).
    pub admin_emails: Vec<String>,
    /// Signs the unsubscribe links in emails (`UNSUBSCRIBE_KEY`, at least 32 characters; in AWS
    /// from Secrets Manager). Changing it breaks the links in emails already sent.
    pub unsubscribe_key: SecretString,
    /// One person's changes to one task within this window reach each recipient as one email
    /// (`NOTIFY_SQUASH_SECONDS`, default 120; 0 sends every change on its own).
    pub squash_window: std::time::Duration,
}

#[derive(Debug, Clone)]
pub struct AwsConfig {
    /// `None`: the SDK finds the region itself (`AWS_REGION`, a profile, the instance's metadata).
    pub region: Option<String>,
    /// An endpoint to use instead of AWS's own: the stand-ins locally, or a per-service
    /// `AWS_ENDPOINT_URL_*` setting. `None`: the SDK decides (it reads `AWS_ENDPOINT_URL`
    /// itself).
    pub dynamodb_endpoint: Option<String>,
    pub dynamodb_streams_endpoint: Option<String>,
    pub ses_endpoint: Option<String>,
    /// Put in front of every DynamoDB table name, so several deployments (or tests) share an account.
    pub table_prefix: String,
}

/// One bad setting, named, with what is wrong. Printed as a single line at start-up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: String,
}

const LOCAL_DATABASE_URL: &str = "mysql://root@127.0.0.1:3306/taskboard";
const LOCAL_BASE_URL: &str = "http://127.0.0.1:3000";
const LOCAL_LISTEN_ADDR: &str = "127.0.0.1:3000";
const LOCAL_DYNAMODB_ENDPOINT: &str = "http://127.0.0.1:8000";
const LOCAL_SES_ENDPOINT: &str = "http://127.0.0.1:8005";
const LOCAL_REGION: &str = "us-east-1";
const DEFAULT_POOL_SIZE: u32 = 10;
/// Enough that 64 connections of `make bench` never meet it; a flood of 256 is mostly refused
/// in a millisecond rather than answered after a pool timeout.
const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 96;
/// About 50 KB each at the default 50 cards a column: a few MB for a busy instance.
const DEFAULT_BOARD_CACHE_ENTRIES: usize = 128;
/// Ten a second, sustained for a minute: far more than a CI job or a chat bot needs.
const DEFAULT_API_REQUESTS_PER_MINUTE: u32 = 600;
/// One change that emails someone a second, for a whole minute: far beyond a person working,
/// well short of a script flooding a teammate's inbox.
const DEFAULT_NOTIFYING_WRITES_PER_MINUTE: i64 = 60;
const LOCAL_EMAIL_FROM: &str = "Taskboard <no-reply@taskboard.local>";
/// Only ever used locally: production refuses to start without its own key.
const LOCAL_UNSUBSCRIBE_KEY: &str = "local-unsubscribe-key-for-development-only";
const MIN_UNSUBSCRIBE_KEY_CHARS: usize = 32;

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of the real environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let environment = match trimmed(&lookup, "APP_ENVIRONMENT").as_deref() {
            None | Some("local") => Environment::Local,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(invalid("APP_ENVIRONMENT", format!("expected local or production, got {other:?}")))
            }
        };
        let settings = Settings { lookup: &lookup, local: environment == Environment::Local };
        let (database_url, database_pool_size) = settings.database()?;
        let run_migrations = settings.choice("RUN_MIGRATIONS", &[("true", true), ("false", false)])?;
        let app_database_user = settings.app_database_user()?;
        let (base_url, listen_addr, site_root, trusted_proxy_hops) = settings.http()?;
        Ok(Config {
            environment,
            database_url,
            database_ca_file: settings.database_ca_file()?,
            database_pool_size,
            run_migrations,
            app_database_user,
            max_concurrent_requests: settings.max_concurrent_requests()?,
            board_cache_entries: settings.board_cache_entries()?,
            api_requests_per_minute: settings.api_requests_per_minute()?,
            webhook_private_addresses: settings.webhook_private_addresses()?,
            notifying_writes_per_minute: settings.notifying_writes_per_minute()?,
            base_url,
            listen_addr,
            site_root,
            aws: settings.aws()?,
            log_format: settings.choice("LOG_FORMAT", &[("pretty", LogFormat::Pretty), ("json", LogFormat::Json)])?,
            trusted_proxy_hops,
            email_from: settings.email_from()?,
            signup: settings.signup()?,
            admin_emails: settings.admin_emails()?,
            unsubscribe_key: settings.unsubscribe_key()?,
            squash_window: settings.squash_window()?,
        })
    }

    /// Where webhooks may point beyond public https: plain http on a local instance, and this
    /// machine's addresses where `WEBHOOK_PRIVATE_ADDRESSES=allow`.
    pub fn webhook_allowances(&self) -> super::webhooks::address::Allowances {
        super::webhooks::address::Allowances {
            http: self.environment == Environment::Local,
            private_addresses: self.webhook_private_addresses,
        }
    }

    /// The database URL with any password replaced, safe to print.
    pub fn database_url_redacted(&self) -> String {
        redact_password(self.database_url.expose_secret())
    }
}

/// A setting's value, trimmed; empty counts as unset.
fn trimmed(lookup: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The environment being read, one concern at a time.
struct Settings<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    local: bool,
}

impl Settings<'_> {
    fn get(&self, name: &str) -> Option<String> {
        trimmed(self.lookup, name)
    }

    /// Locally a missing setting falls back to the stand-in; in production it is an error.
    fn required(&self, name: &'static str, local_default: &str) -> Result<String, ConfigError> {
        match self.get(name) {
            Some(value) => Ok(value),
            None if self.local => Ok(local_default.to_owned()),
            None => Err(invalid(name, "must be set when APP_ENVIRONMENT=production".to_owned())),
        }
    }

    /// One of a few spellings; the first is the default.
    fn choice<T: Copy>(&self, name: &'static str, options: &[(&str, T)]) -> Result<T, ConfigError> {
        let Some(raw) = self.get(name) else { return Ok(options[0].1) };
        options.iter().find(|(spelling, _)| *spelling == raw).map(|(_, value)| *value).ok_or_else(|| {
            let spellings: Vec<&str> = options.iter().map(|(spelling, _)| *spelling).collect();
            invalid(name, format!("expected {}, got {raw:?}", spellings.join(" or ")))
        })
    }

    fn database(&self) -> Result<(SecretString, u32), ConfigError> {
        let url = self.required("DATABASE_URL", LOCAL_DATABASE_URL)?;
        let mut url = parse_database_url(&url)?;
        // In AWS the password comes on its own, from Secrets Manager (the ECS task's `secrets`),
        // so the URL in the task definition holds no secret.
        if let Some(password) = (self.lookup)("DATABASE_PASSWORD").filter(|p| !p.is_empty()) {
            if url.username().is_empty() || url.password().is_some() {
                return Err(invalid(
                    "DATABASE_PASSWORD",
                    format!(
                        "DATABASE_URL must name a user and hold no password when DATABASE_PASSWORD is set, got {}",
                        redact_password(url.as_str())
                    ),
                ));
            }
            // Percent-encoded by `url`, as a URL's user part must be.
            url.set_password(Some(&password)).map_err(|()| invalid("DATABASE_URL", "cannot hold a password".into()))?;
        }
        let pool_size = match self.get("DATABASE_POOL_SIZE") {
            None => DEFAULT_POOL_SIZE,
            Some(raw) => raw.parse::<u32>().ok().filter(|size| (1..=1000).contains(size)).ok_or_else(|| {
                invalid("DATABASE_POOL_SIZE", format!("expected a number from 1 to 1000, got {raw:?}"))
            })?,
        };
        Ok((SecretString::from(String::from(url)), pool_size))
    }

    /// A readable PEM file holding at least one certificate: a wrong path fails at start-up, not
    /// on the first connection.
    fn database_ca_file(&self) -> Result<Option<std::path::PathBuf>, ConfigError> {
        let Some(path) = self.get("DATABASE_CA_FILE") else { return Ok(None) };
        match std::fs::read_to_string(&path) {
            Ok(pem) if pem.contains("-----BEGIN CERTIFICATE-----") => Ok(Some(path.into())),
            Ok(_) => Err(invalid("DATABASE_CA_FILE", format!("{path} holds no PEM certificate"))),
            Err(error) => Err(invalid("DATABASE_CA_FILE", format!("cannot read {path}: {error}"))),
        }
    }

    fn signup(&self) -> Result<super::signup_policy::SignupPolicy, ConfigError> {
        use super::signup_policy::SignupPolicy;
        match self.get("SIGNUP") {
            None if self.local => Ok(SignupPolicy::Open),
            None => Ok(SignupPolicy::InviteOnly),
            Some(raw) => SignupPolicy::parse(&raw).map_err(|problem| invalid("SIGNUP", problem)),
        }
    }

    fn admin_emails(&self) -> Result<Vec<String>, ConfigError> {
        let Some(raw) = self.get("ADMIN_EMAILS") else { return Ok(Vec::new()) };
        raw.split(',')
            .map(str::trim)
            .filter(|email| !email.is_empty())
            .map(|email| {
                crate::domain::Email::parse(email)
                    .map(|email| email.as_str().to_owned())
                    .map_err(|_| invalid("ADMIN_EMAILS", format!("expected email addresses, got {email:?}")))
            })
            .collect()
    }

    fn app_database_user(&self) -> Result<Option<super::db::migrations::AppUser>, ConfigError> {
        let (Some(name), Some(password)) = (self.get("APP_DATABASE_USER"), self.get("APP_DATABASE_PASSWORD")) else {
            return Ok(None);
        };
        let plain_name = name.len() <= 32
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain_name {
            return Err(invalid("APP_DATABASE_USER", format!("expected a name like taskboard_app, got {name:?}")));
        }
        if password.len() < 16 || !password.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(invalid("APP_DATABASE_PASSWORD", "expected at least 16 letters and digits".to_owned()));
        }
        Ok(Some(super::db::migrations::AppUser { name, password: SecretString::from(password) }))
    }

    fn notifying_writes_per_minute(&self) -> Result<i64, ConfigError> {
        match self.get("NOTIFYING_WRITES_PER_MINUTE") {
            None => Ok(DEFAULT_NOTIFYING_WRITES_PER_MINUTE),
            Some(raw) => raw.parse::<i64>().ok().filter(|n| (0..=100_000).contains(n)).ok_or_else(|| {
                invalid(
                    "NOTIFYING_WRITES_PER_MINUTE",
                    format!("expected a number from 0 (no limit) to 100000, got {raw:?}"),
                )
            }),
        }
    }

    fn board_cache_entries(&self) -> Result<usize, ConfigError> {
        match self.get("BOARD_CACHE_ENTRIES") {
            None => Ok(DEFAULT_BOARD_CACHE_ENTRIES),
            Some(raw) => raw.parse::<usize>().ok().filter(|n| *n <= 100_000).ok_or_else(|| {
                invalid("BOARD_CACHE_ENTRIES", format!("expected a number from 0 (no cache) to 100000, got {raw:?}"))
            }),
        }
    }

    fn webhook_private_addresses(&self) -> Result<bool, ConfigError> {
        let allowed = self.choice("WEBHOOK_PRIVATE_ADDRESSES", &[("deny", false), ("allow", true)])?;
        if allowed && !self.local {
            return Err(invalid(
                "WEBHOOK_PRIVATE_ADDRESSES",
                "allow is for a local instance only: in production webhooks go to public addresses".to_owned(),
            ));
        }
        Ok(allowed)
    }

    fn api_requests_per_minute(&self) -> Result<u32, ConfigError> {
        match self.get("API_REQUESTS_PER_MINUTE") {
            None => Ok(DEFAULT_API_REQUESTS_PER_MINUTE),
            Some(raw) => raw.parse::<u32>().ok().filter(|n| *n <= 1_000_000).ok_or_else(|| {
                invalid(
                    "API_REQUESTS_PER_MINUTE",
                    format!("expected a number from 0 (no limit) to 1000000, got {raw:?}"),
                )
            }),
        }
    }

    fn max_concurrent_requests(&self) -> Result<usize, ConfigError> {
        match self.get("MAX_CONCURRENT_REQUESTS") {
            None => Ok(DEFAULT_MAX_CONCURRENT_REQUESTS),
            Some(raw) => raw.parse::<usize>().ok().filter(|n| (1..=100_000).contains(n)).ok_or_else(|| {
                invalid("MAX_CONCURRENT_REQUESTS", format!("expected a number from 1 to 100000, got {raw:?}"))
            }),
        }
    }

    fn http(&self) -> Result<(String, SocketAddr, String, usize), ConfigError> {
        let base_url = self.required("APP_BASE_URL", LOCAL_BASE_URL)?.trim_end_matches('/').to_owned();
        if !is_http_url(&base_url) {
            return Err(invalid("APP_BASE_URL", format!("expected an http:// or https:// address, got {base_url:?}")));
        }
        // cargo-leptos sets LEPTOS_SITE_ADDR when it runs the server; LISTEN_ADDR wins when both are set.
        let listen_raw = self
            .get("LISTEN_ADDR")
            .or_else(|| self.get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| LOCAL_LISTEN_ADDR.to_owned());
        let listen_addr = listen_raw.parse::<SocketAddr>().map_err(|_| {
            invalid("LISTEN_ADDR", format!("expected an address like 127.0.0.1:3000, got {listen_raw:?}"))
        })?;
        let site_root = self.get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned());
        // TRUST_FORWARDED_FOR=true, the older setting, means one hop (a load balancer alone).
        let trust_forwarded_for = self.choice("TRUST_FORWARDED_FOR", &[("false", false), ("true", true)])?;
        let trusted_proxy_hops = match self.get("TRUSTED_PROXY_HOPS") {
            None => usize::from(trust_forwarded_for),
            Some(raw) => raw.parse::<usize>().ok().filter(|hops| *hops <= 5).ok_or_else(|| {
                invalid("TRUSTED_PROXY_HOPS", format!("expected a number of proxies from 0 to 5, got {raw:?}"))
            })?,
        };
        Ok((base_url, listen_addr, site_root, trusted_proxy_hops))
    }

    fn unsubscribe_key(&self) -> Result<SecretString, ConfigError> {
        let key = self.required("UNSUBSCRIBE_KEY", LOCAL_UNSUBSCRIBE_KEY)?;
        if key.chars().count() < MIN_UNSUBSCRIBE_KEY_CHARS {
            return Err(invalid(
                "UNSUBSCRIBE_KEY",
                format!("expected at least {MIN_UNSUBSCRIBE_KEY_CHARS} characters, got {}", key.chars().count()),
            ));
        }
        Ok(SecretString::from(key))
    }

    fn squash_window(&self) -> Result<std::time::Duration, ConfigError> {
        match self.get("NOTIFY_SQUASH_SECONDS") {
            None => Ok(crate::server::notify::bursts::SQUASH_WINDOW),
            Some(raw) => {
                raw.parse::<u64>().ok().filter(|n| *n <= 3_600).map(std::time::Duration::from_secs).ok_or_else(|| {
                    invalid(
                        "NOTIFY_SQUASH_SECONDS",
                        format!("expected a number of seconds from 0 to 3600, got {raw:?}"),
                    )
                })
            }
        }
    }

    fn email_from(&self) -> Result<String, ConfigError> {
        let email_from = self.required("EMAIL_FROM", LOCAL_EMAIL_FROM)?;
        if !email_from.contains('@') {
            return Err(invalid(
                "EMAIL_FROM",
                format!("expected an address like no-reply@example.com, got {email_from:?}"),
            ));
        }
        Ok(email_from)
    }

    /// The AWS SDK resolves region and endpoints itself from the standard variables; what is
    /// read here is only what it cannot know: the local stand-ins' addresses (when nothing else
    /// names an endpoint) and a per-service endpoint given to this app alone (as the tests do).
    fn aws(&self) -> Result<AwsConfig, ConfigError> {
        // A shared AWS_ENDPOINT_URL is the SDK's to apply; the stand-ins' defaults step aside.
        let local_defaults = self.local && self.get("AWS_ENDPOINT_URL").is_none();
        let endpoint = |name: &'static str, local_default: Option<&str>| -> Result<Option<String>, ConfigError> {
            match self.get(name).or_else(|| local_default.filter(|_| local_defaults).map(str::to_owned)) {
                Some(url) if !is_http_url(&url) => {
                    Err(invalid(name, format!("expected an http:// or https:// address, got {url:?}")))
                }
                other => Ok(other),
            }
        };
        let dynamodb_endpoint = endpoint("AWS_ENDPOINT_URL_DYNAMODB", Some(LOCAL_DYNAMODB_ENDPOINT))?;
        // DynamoDB Local serves its streams on the same address.
        let dynamodb_streams_endpoint = endpoint("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamodb_endpoint.as_deref())?;
        let ses_endpoint = endpoint("AWS_ENDPOINT_URL_SESV2", Some(LOCAL_SES_ENDPOINT))?;
        let region = self.get("AWS_REGION").or_else(|| self.local.then(|| LOCAL_REGION.to_owned()));
        let table_prefix = self.get("TABLE_PREFIX").unwrap_or_else(|| "taskboard-".to_owned());
        if !table_prefix.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err(invalid(
                "TABLE_PREFIX",
                format!("may only hold letters, digits, '-', '_' and '.', got {table_prefix:?}"),
            ));
        }
        Ok(AwsConfig { region, dynamodb_endpoint, dynamodb_streams_endpoint, ses_endpoint, table_prefix })
    }
}

fn invalid(name: &'static str, problem: String) -> ConfigError {
    ConfigError { name, problem }
}

fn is_http_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.contains(char::is_whitespace)
}

/// `mysql://user:password@host:port/database`, checked for its shape so a typo is reported by
/// name before any connection is tried.
fn parse_database_url(raw: &str) -> Result<url::Url, ConfigError> {
    let expected = || {
        invalid(
            "DATABASE_URL",
            format!("expected mysql://user:password@host:port/database, got {}", redact_password(raw)),
        )
    };
    let url = url::Url::parse(raw).map_err(|_| expected())?;
    let has_database = !url.path().trim_start_matches('/').is_empty();
    if url.scheme() != "mysql" || url.host_str().is_none_or(str::is_empty) || !has_database {
        return Err(expected());
    }
    Ok(url)
}

/// A URL with its password (if any) replaced by `***`, safe to print.
fn redact_password(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.into()
        }
        Ok(url) => url.into(),
        Err(_) => "(not a URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn local_defaults_match_the_stand_ins() {
        let config = config(&[]).unwrap();
        assert_eq!(config.environment, Environment::Local);
        assert_eq!(config.database_url.expose_secret(), LOCAL_DATABASE_URL);
        assert_eq!(config.listen_addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(config.aws.dynamodb_endpoint.as_deref(), Some("http://127.0.0.1:8000"));
        assert_eq!(config.aws.dynamodb_streams_endpoint.as_deref(), Some("http://127.0.0.1:8000"));
        assert_eq!(config.aws.ses_endpoint.as_deref(), Some("http://127.0.0.1:8005"));
        assert_eq!(config.log_format, LogFormat::Pretty);
    }

    #[test]
    fn production_uses_real_aws_endpoints() {
        let config = config(&[
            ("APP_ENVIRONMENT", "production"),
            ("DATABASE_URL", "mysql://app:pw@db.internal:3306/taskboard"),
            ("APP_BASE_URL", "https://tasks.example.com/"),
            ("AWS_REGION", "eu-west-1"),
            ("EMAIL_FROM", "Taskboard <no-reply@tasks.example.com>"),
            ("UNSUBSCRIBE_KEY", "0123456789abcdef0123456789abcdef"),
        ])
        .unwrap();
        assert_eq!(config.aws.dynamodb_endpoint, None);
        assert_eq!(config.aws.ses_endpoint, None);
        assert_eq!(config.base_url, "https://tasks.example.com");
    }

    #[test]
    fn production_without_database_url_names_it() {
        let error = config(&[("APP_ENVIRONMENT", "production"), ("APP_BASE_URL", "https://x.example")]).unwrap_err();
        assert_eq!(error.name, "DATABASE_URL");
    }

    #[test]
    fn production_needs_its_own_unsubscribe_key() {
        let error = config(&[
            ("APP_ENVIRONMENT", "production"),
            ("DATABASE_URL", "mysql://app@db.internal:3306/taskboard"),
            ("APP_BASE_URL", "https://tasks.example.com"),
            ("EMAIL_FROM", "no-reply@tasks.example.com"),
        ])
        .unwrap_err();
        assert_eq!(error.name, "UNSUBSCRIBE_KEY");
        assert_eq!(config(&[("NOTIFY_SQUASH_SECONDS", "0")]).unwrap().squash_window, std::time::Duration::ZERO);
        assert_eq!(config(&[]).unwrap().squash_window.as_secs(), 120);
    }

    #[test]
    fn bad_database_url_is_named_without_its_password() {
        let error = config(&[("DATABASE_URL", "postgres://app:hunter2@db/taskboard")]).unwrap_err();
        assert_eq!(error.name, "DATABASE_URL");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        let error = config(&[("DATABASE_URL", "mysql://root@127.0.0.1:3306")]).unwrap_err();
        assert_eq!(error.name, "DATABASE_URL", "a URL without a database name is refused");
    }

    #[test]
    fn each_bad_setting_is_named() {
        for (name, value) in [
            ("LOG_FORMAT", "xml"),
            ("LISTEN_ADDR", "localhost"),
            ("DATABASE_POOL_SIZE", "0"),
            ("APP_BASE_URL", "tasks.example.com"),
            ("AWS_ENDPOINT_URL_DYNAMODB", "127.0.0.1:8000"),
            ("TABLE_PREFIX", "has space"),
            ("APP_ENVIRONMENT", "staging"),
            ("TRUST_FORWARDED_FOR", "yes"),
            ("TRUSTED_PROXY_HOPS", "many"),
            ("TRUSTED_PROXY_HOPS", "9"),
            ("MAX_CONCURRENT_REQUESTS", "0"),
            ("NOTIFYING_WRITES_PER_MINUTE", "none"),
            ("RUN_MIGRATIONS", "sometimes"),
            ("EMAIL_FROM", "nobody"),
            ("UNSUBSCRIBE_KEY", "too short"),
            ("NOTIFY_SQUASH_SECONDS", "soon"),
            ("NOTIFY_SQUASH_SECONDS", "86400"),
        ] {
            let error = config(&[(name, value)]).unwrap_err();
            assert_eq!(error.name, name, "{error}");
        }
    }

    #[test]
    fn a_shared_aws_endpoint_is_left_to_the_sdk() {
        // The SDK reads AWS_ENDPOINT_URL itself; the stand-ins' defaults must not override it.
        let config = config(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")]).unwrap();
        assert_eq!(config.aws.dynamodb_endpoint, None);
        assert_eq!(config.aws.ses_endpoint, None);
        let config = config_with_ses_override();
        assert_eq!(
            config.aws.ses_endpoint.as_deref(),
            Some("http://127.0.0.1:9999"),
            "a per-service one still applies"
        );
    }

    fn config_with_ses_override() -> Config {
        config(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_SESV2", "http://127.0.0.1:9999")])
            .unwrap()
    }

    #[test]
    fn production_leaves_the_region_to_the_sdk() {
        let production = config(&[
            ("APP_ENVIRONMENT", "production"),
            ("DATABASE_URL", "mysql://app@db.internal:3306/taskboard"),
            ("APP_BASE_URL", "https://tasks.example.com"),
            ("EMAIL_FROM", "no-reply@tasks.example.com"),
            ("UNSUBSCRIBE_KEY", "0123456789abcdef0123456789abcdef"),
        ])
        .unwrap();
        assert_eq!(production.aws.region, None);
        assert_eq!(config(&[]).unwrap().aws.region.as_deref(), Some("us-east-1"), "locally, the stand-ins'");
    }

    #[test]
    fn a_separate_database_password_goes_into_the_url_encoded() {
        let separate = config(&[
            ("DATABASE_URL", "mysql://taskboard@db.internal:3306/taskboard"),
            ("DATABASE_PASSWORD", "p@ss:w/rd"),
        ])
        .unwrap();
        assert_eq!(
            separate.database_url.expose_secret(),
            "mysql://taskboard:p%40ss%3Aw%2Frd@db.internal:3306/taskboard"
        );
        let error = config(&[("DATABASE_URL", "mysql://app:pw@db/tb"), ("DATABASE_PASSWORD", "secret")]).unwrap_err();
        assert_eq!(error.name, "DATABASE_PASSWORD", "two passwords are ambiguous");
        assert!(!error.to_string().contains("pw@"), "{error}");
        let error = config(&[("DATABASE_URL", "mysql://db/tb"), ("DATABASE_PASSWORD", "secret")]).unwrap_err();
        assert_eq!(error.name, "DATABASE_PASSWORD", "a password needs a user");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_password("mysql://app:s3cret@db:3306/tb"), "mysql://app:***@db:3306/tb");
        assert_eq!(redact_password("mysql://root@127.0.0.1/tb"), "mysql://root@127.0.0.1/tb");
    }
}
