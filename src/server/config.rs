//! Every setting, read once from the environment. Locally (`APP_ENVIRONMENT=local`, the default)
//! everything has a default that matches the stand-ins the scripts start; in production the
//! settings that cannot be guessed must be given, and the AWS SDK finds the real endpoints itself.

use secrecy::{ExposeSecret, SecretString};
use std::{fmt, net::SocketAddr};

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
    pub database_pool_size: u32,
    /// Public address of the app, used in links (emails) and to decide whether cookies are `Secure`.
    pub base_url: String,
    pub listen_addr: SocketAddr,
    /// Where cargo-leptos put the compiled site (`pkg/`, CSS, static files).
    pub site_root: String,
    pub aws: AwsConfig,
    pub log_format: LogFormat,
    /// Behind a load balancer: take the client's IP from the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
    /// The sender of every email, e.g. `Taskboard <no-reply@tasks.example.com>` (an SES-verified
    /// identity in production).
    pub email_from: String,
}

#[derive(Debug, Clone)]
pub struct AwsConfig {
    pub region: String,
    /// `None` means: let the SDK pick the real AWS endpoint.
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
const DEFAULT_POOL_SIZE: u32 = 10;
const LOCAL_EMAIL_FROM: &str = "Taskboard <no-reply@taskboard.local>";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of the real environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let environment = match get("APP_ENVIRONMENT").as_deref() {
            None | Some("local") => Environment::Local,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(invalid("APP_ENVIRONMENT", format!("expected local or production, got {other:?}")))
            }
        };
        let local = environment == Environment::Local;
        // Locally a missing setting falls back to the stand-in; in production it is an error.
        let setting = |name: &'static str, local_default: &str| -> Result<String, ConfigError> {
            match get(name) {
                Some(value) => Ok(value),
                None if local => Ok(local_default.to_owned()),
                None => Err(invalid(name, "must be set when APP_ENVIRONMENT=production".to_owned())),
            }
        };

        let database_url = setting("DATABASE_URL", LOCAL_DATABASE_URL)?;
        check_database_url(&database_url)?;
        // In AWS the password comes on its own, from Secrets Manager (the ECS task's `secrets`), so
        // the URL in the task definition holds no secret.
        let database_url = match lookup("DATABASE_PASSWORD").filter(|p| !p.is_empty()) {
            Some(password) => with_password(&database_url, &password)?,
            None => database_url,
        };

        let database_pool_size = match get("DATABASE_POOL_SIZE") {
            None => DEFAULT_POOL_SIZE,
            Some(raw) => raw.parse::<u32>().ok().filter(|size| (1..=1000).contains(size)).ok_or_else(|| {
                invalid("DATABASE_POOL_SIZE", format!("expected a number from 1 to 1000, got {raw:?}"))
            })?,
        };

        let base_url = setting("APP_BASE_URL", LOCAL_BASE_URL)?;
        let base_url = base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://"))
            || base_url.contains(char::is_whitespace)
        {
            return Err(invalid("APP_BASE_URL", format!("expected an http:// or https:// address, got {base_url:?}")));
        }

        // cargo-leptos sets LEPTOS_SITE_ADDR when it runs the server; LISTEN_ADDR wins when both are set.
        let listen_raw =
            get("LISTEN_ADDR").or_else(|| get("LEPTOS_SITE_ADDR")).unwrap_or_else(|| LOCAL_LISTEN_ADDR.to_owned());
        let listen_addr = listen_raw.parse::<SocketAddr>().map_err(|_| {
            invalid("LISTEN_ADDR", format!("expected an address like 127.0.0.1:3000, got {listen_raw:?}"))
        })?;

        let site_root = get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned());

        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(invalid("LOG_FORMAT", format!("expected pretty or json, got {other:?}"))),
        };

        let trust_forwarded_for = match get("TRUST_FORWARDED_FOR").as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(invalid("TRUST_FORWARDED_FOR", format!("expected true or false, got {other:?}")))
            }
        };

        let email_from = setting("EMAIL_FROM", LOCAL_EMAIL_FROM)?;
        if !email_from.contains('@') {
            return Err(invalid(
                "EMAIL_FROM",
                format!("expected an address like no-reply@example.com, got {email_from:?}"),
            ));
        }

        let endpoint = |name: &'static str, local_default: &str| -> Result<Option<String>, ConfigError> {
            let value = get(name).or_else(|| local.then(|| local_default.to_owned()));
            match value {
                Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                    Err(invalid(name, format!("expected an http:// or https:// address, got {url:?}")))
                }
                other => Ok(other),
            }
        };
        // One AWS_ENDPOINT_URL covers every service, as in the AWS SDKs.
        let shared_endpoint = get("AWS_ENDPOINT_URL");
        let dynamodb_default = shared_endpoint.clone().unwrap_or_else(|| LOCAL_DYNAMODB_ENDPOINT.to_owned());
        let dynamodb_endpoint =
            endpoint("AWS_ENDPOINT_URL_DYNAMODB", &dynamodb_default)?.or_else(|| shared_endpoint.clone());
        let streams_default = dynamodb_endpoint.clone().unwrap_or_default();
        let dynamodb_streams_endpoint =
            endpoint("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", &streams_default)?.or_else(|| shared_endpoint.clone());
        let ses_default = shared_endpoint.clone().unwrap_or_else(|| LOCAL_SES_ENDPOINT.to_owned());
        let ses_endpoint = endpoint("AWS_ENDPOINT_URL_SESV2", &ses_default)?.or_else(|| shared_endpoint.clone());

        let region = get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION"));
        let region = match region {
            Some(region) => region,
            None if local => "us-east-1".to_owned(),
            None => return Err(invalid("AWS_REGION", "must be set when APP_ENVIRONMENT=production".to_owned())),
        };

        let table_prefix = get("TABLE_PREFIX").unwrap_or_else(|| "taskboard-".to_owned());
        if !table_prefix.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err(invalid(
                "TABLE_PREFIX",
                format!("may only hold letters, digits, '-', '_' and '.', got {table_prefix:?}"),
            ));
        }

        Ok(Config {
            environment,
            database_url: SecretString::from(database_url),
            database_pool_size,
            base_url,
            listen_addr,
            site_root,
            aws: AwsConfig { region, dynamodb_endpoint, dynamodb_streams_endpoint, ses_endpoint, table_prefix },
            log_format,
            trust_forwarded_for,
            email_from,
        })
    }

    /// The database URL with any password replaced, safe to print.
    pub fn database_url_redacted(&self) -> String {
        redact_password(self.database_url.expose_secret())
    }
}

fn invalid(name: &'static str, problem: String) -> ConfigError {
    ConfigError { name, problem }
}

/// A cheap shape check, so a typo is reported by name before any connection is tried.
fn check_database_url(url: &str) -> Result<(), ConfigError> {
    let Some(rest) = url.strip_prefix("mysql://") else {
        return Err(invalid(
            "DATABASE_URL",
            format!("expected mysql://user:password@host:port/database, got {}", Redacted(url)),
        ));
    };
    let (_, host_and_path) = split_userinfo(rest);
    let (host, path) = host_and_path.split_once('/').unwrap_or((host_and_path, ""));
    let database = path.split('?').next().unwrap_or("");
    if host.is_empty() || database.is_empty() {
        return Err(invalid(
            "DATABASE_URL",
            format!("expected mysql://user:password@host:port/database, got {}", Redacted(url)),
        ));
    }
    Ok(())
}

/// Puts `password` (percent-encoded) into a `mysql://user@host/db` URL that has none of its own.
fn with_password(url: &str, password: &str) -> Result<String, ConfigError> {
    let rest = url.strip_prefix("mysql://").unwrap_or(url);
    match split_userinfo(rest) {
        (Some(user), host_and_path) if !user.is_empty() && !user.contains(':') => {
            Ok(format!("mysql://{user}:{}@{host_and_path}", crate::domain::filter::percent_encode(password)))
        }
        _ => Err(invalid(
            "DATABASE_PASSWORD",
            format!(
                "DATABASE_URL must name a user and hold no password when DATABASE_PASSWORD is set, got {}",
                Redacted(url)
            ),
        )),
    }
}

/// Splits what follows `scheme://` into the user part of its authority (before the last `@`
/// ahead of the path), if any, and the rest (host, port, path, query).
fn split_userinfo(rest: &str) -> (Option<&str>, &str) {
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    }
}

/// Formats a URL with its password (if any) replaced by `***`.
struct Redacted<'a>(&'a str);

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_password(self.0))
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return "(not a URL)".to_owned() };
    match split_userinfo(rest) {
        (Some(userinfo), host_and_path) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host_and_path}")
        }
        (None, _) => url.to_owned(),
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
            ("EMAIL_FROM", "nobody"),
        ] {
            let error = config(&[(name, value)]).unwrap_err();
            assert_eq!(error.name, name, "{error}");
        }
    }

    #[test]
    fn shared_aws_endpoint_applies_to_every_service() {
        let config = config(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")]).unwrap();
        assert_eq!(config.aws.dynamodb_endpoint.as_deref(), Some("http://127.0.0.1:4566"));
        assert_eq!(config.aws.ses_endpoint.as_deref(), Some("http://127.0.0.1:4566"));
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
