//! Who is calling the REST API, and reading what they sent.
//!
//! A caller is a personal access token in `Authorization: Bearer …`, nothing else: the API
//! router has no session layer, so a session cookie is never read there (and no cross-site
//! page can make a browser call the API as someone). Each extractor's refusal is a [`Problem`].

use super::problem::Problem;
use crate::{
    domain::{api_token::TokenAccess, preferences::language_from_header, Message},
    i18n::Locale,
    server::{api_tokens, auth::User, preferences::RequestPrefs, AppState},
};
use axum::{
    extract::{FromRequest, FromRequestParts, Path, Query, Request},
    http::{header, request::Parts, HeaderMap, StatusCode},
    Json,
};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// The token's owner, what the token allows, and how to answer them.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub access: TokenAccess,
    pub locale: Locale,
    /// Their date now, on their clock (a new task's deadline may not be before it).
    pub today: NaiveDate,
}

impl Caller {
    /// Refuses a read-only token's write (403: the token, not the board, is what is missing).
    pub fn may_write(&self) -> Result<(), Problem> {
        if self.access.can_write() {
            Ok(())
        } else {
            Err(Problem::message(StatusCode::FORBIDDEN, "forbidden", Message::TokenReadOnly, self.locale))
        }
    }

    /// Turns a service's error into the answer, in the caller's language.
    pub fn problem(&self, error: impl Into<crate::server::errors::ServerError>) -> Problem {
        Problem::from_error(error.into(), self.locale)
    }
}

/// A service's result as the API answers it: a refusal or failure in the caller's words.
pub trait OrProblem<T> {
    fn or_problem(self, caller: &Caller) -> Result<T, Problem>;
}

impl<T, E: Into<crate::server::errors::ServerError>> OrProblem<T> for Result<T, E> {
    fn or_problem(self, caller: &Caller) -> Result<T, Problem> {
        self.map_err(|error| caller.problem(error))
    }
}

/// Nothing found is `NotFound`, in the caller's words.
impl<T> OrProblem<T> for Option<T> {
    fn or_problem(self, caller: &Caller) -> Result<T, Problem> {
        self.ok_or_else(|| caller.problem(crate::domain::AppError::NotFound))
    }
}

/// The language of a request not (yet) tied to an account.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or_else(Locale::default, language_from_header)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Problem> {
        let locale = request_locale(&parts.headers);
        let refused = || Problem::message(StatusCode::UNAUTHORIZED, "unauthorised", Message::TokenInvalid, locale);
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(refused)?;
        let token = api_tokens::authenticate(&state.db, secret)
            .await
            .map_err(|error| Problem::from_error(error, locale))?
            .ok_or_else(refused)?;
        tracing::Span::current().record("user.id", token.user.id);
        if let Some(limits) = parts.extensions.get::<Arc<TokenLimits>>() {
            if let Err(wait) = limits.take(token.token_id, Instant::now()) {
                tracing::warn!(token.id = token.token_id, "API request refused: the token's rate limit");
                return Err(Problem::message(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many",
                    Message::TooManyRequests,
                    locale,
                )
                .retry_after(u32::try_from(wait.as_secs().max(1)).unwrap_or(60)));
            }
        }
        let prefs = RequestPrefs::for_user(Some(&token.user), &parts.headers);
        Ok(Caller { locale: prefs.locale, today: prefs.today(), user: token.user, access: token.access })
    }
}

/// Requests per token per minute, counted by this instance in fixed one-minute windows (so a
/// token may make up to the limit on each instance: a limit against runaway scripts, not a
/// quota). Writes that email people are also limited per person across instances (the write
/// path's `check_pace`).
pub struct TokenLimits {
    per_minute: u32,
    windows: Mutex<HashMap<i64, (Instant, u32)>>,
}

const WINDOW: Duration = Duration::from_secs(60);
/// Windows kept before old ones are swept out.
const WINDOWS_KEPT: usize = 10_000;

impl TokenLimits {
    /// `per_minute` 0: no limit.
    pub fn new(per_minute: u32) -> TokenLimits {
        TokenLimits { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts a request of `token` at `now`; when over the limit, how long until its window ends.
    pub fn take(&self, token: i64, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= WINDOWS_KEPT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, used) = windows.entry(token).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            (*start, *used) = (now, 0);
        }
        if *used >= self.per_minute {
            return Err(WINDOW.saturating_sub(now.duration_since(*start)));
        }
        *used += 1;
        Ok(())
    }
}

/// A JSON body; one that cannot be read is a problem (400 for bad JSON, 415 without the JSON
/// content type, 422 for a field of the wrong type or missing), not axum's plain text.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Body<T>, Problem> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(Problem::unreadable(rejection.status(), rejection.body_text())),
        }
    }
}

/// The query string, read into `T`; a parameter of the wrong type is a 400 problem.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params<T>, Problem> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Params(value)),
            Err(rejection) => Err(Problem::unreadable(StatusCode::BAD_REQUEST, rejection.body_text())),
        }
    }
}

/// The id in the path. One that is not a number names nothing: 404, like an id that does not
/// exist (or is on a board the caller is not a member of).
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Id, Problem> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) if id > 0 => Ok(Id(id)),
            _ => Err(Problem::not_found(request_locale(&parts.headers))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_its_limit_per_window() {
        let limits = TokenLimits::new(2);
        let start = Instant::now();
        assert!(limits.take(1, start).is_ok());
        assert!(limits.take(1, start).is_ok());
        let wait = limits.take(1, start + Duration::from_secs(20)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        assert!(limits.take(2, start).is_ok(), "another token has its own count");
        assert!(limits.take(1, start + WINDOW).is_ok(), "a new window");
        assert!(TokenLimits::new(0).take(1, start).is_ok());
    }
}
