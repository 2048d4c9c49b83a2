//! A person's language, time zone and theme: which ones a request is answered in (the
//! account's settings, else what the browser says — `Accept-Language`, a logged-out visitor's
//! theme cookie — else English, UTC and the system's theme), and saving them.

use super::{
    auth::{AuthSession, User},
    db::{users, Db},
    errors::ServerError,
};
use crate::{
    domain::{
        preferences::{language_from_header, parse_language, parse_theme, Preferences, Theme},
        FieldError, FormErrors, Message,
    },
    i18n::Locale,
};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use chrono_tz::Tz;
use leptos::prelude::*;

/// The account form, checked: every wrong field reported at once.
pub fn parse(language: &str, time_zone: &str, theme: &str) -> Result<Preferences, ServerError> {
    let mut form = FormErrors::default();
    let language = form.check(parse_language(language));
    let time_zone = form.check(parse_time_zone(time_zone));
    let theme = form.check(parse_theme(theme));
    match (language, time_zone, theme) {
        (Some(language), Some(time_zone), Some(theme)) if !form.has_errors() => {
            Ok(Preferences { language, time_zone, theme })
        }
        _ => Err(form.into_error().into()),
    }
}

/// An IANA zone the tz database knows, in its canonical spelling.
pub fn parse_time_zone(input: &str) -> Result<String, FieldError> {
    input
        .trim()
        .parse::<Tz>()
        .map(|zone| zone.name().to_owned())
        .map_err(|_| FieldError::new("time_zone", Message::ChooseTimeZone))
}

/// The zones the account page offers: the tz database's region/city names (Asia/Seoul), without
/// its legacy aliases (US/Pacific, Etc/GMT+9, ROK), plus UTC.
pub fn time_zone_choices() -> Vec<&'static str> {
    const REGIONS: [&str; 10] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Arctic/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    let mut zones: Vec<&'static str> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        .filter(|name| REGIONS.iter().any(|region| name.starts_with(region)))
        .collect();
    zones.sort_unstable();
    zones.insert(0, "UTC");
    zones
}

#[tracing::instrument(skip_all, fields(user.id = user.id), err(level = "debug"))]
pub async fn save(db: &Db, user: &User, preferences: &Preferences) -> Result<(), ServerError> {
    users::set_preferences(db, user.id, preferences).await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(user.id = user.id), err(level = "debug"))]
pub async fn save_theme(db: &Db, user: &User, theme: Theme) -> Result<(), ServerError> {
    if user.theme != Some(theme) {
        users::set_theme(db, user.id, theme).await?;
    }
    Ok(())
}

/// Sets the theme cookie on the response being built (a year; the pages of a logged-out visitor
/// read it).
pub fn remember_theme_in_browser(theme: Theme, https: bool) {
    let secure = if https { "; Secure" } else { "" };
    let cookie = format!("{THEME_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", theme.as_str());
    if let (Some(response), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie))
    {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The cookie that remembers a logged-out visitor's theme (an account keeps it in `users`).
pub const THEME_COOKIE: &str = "taskboard_theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestPrefs {
    pub locale: Locale,
    pub time_zone: Tz,
    pub theme: Option<Theme>,
}

impl RequestPrefs {
    /// For a request whose auth layer has run (it puts the session, with its user, in the
    /// request's extensions).
    pub fn of(parts: &Parts) -> RequestPrefs {
        let user = parts.extensions.get::<AuthSession>().and_then(|auth| auth.user.as_ref());
        RequestPrefs::for_user(user, &parts.headers)
    }

    pub fn for_user(user: Option<&User>, headers: &HeaderMap) -> RequestPrefs {
        let browser_language = || {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .map_or_else(Locale::default, language_from_header)
        };
        match user {
            Some(user) => RequestPrefs {
                locale: user.language.unwrap_or_else(browser_language),
                time_zone: time_zone(&user.time_zone),
                theme: user.theme,
            },
            None => RequestPrefs { locale: browser_language(), time_zone: Tz::UTC, theme: theme_cookie(headers) },
        }
    }
}

impl RequestPrefs {
    /// A stored (UTC) moment on this reader's clock.
    pub fn local(&self, at: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
        at.and_utc().with_timezone(&self.time_zone).naive_local()
    }

    /// The reader's date now: a deadline before it is overdue.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().with_timezone(&self.time_zone).date_naive()
    }
}

/// The language of an email to an account with `stored` as its language: that one, else the
/// language of the request that sends it (the person asking is usually the one addressed).
pub fn email_locale(stored: Option<&str>) -> Locale {
    stored.and_then(|code| code.parse().ok()).unwrap_or_else(|| current().locale)
}

/// The stored zone; one the tz database no longer knows (renamed) falls back to UTC.
pub fn time_zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The preferences of the request being rendered or served (a page or a server fn call), and
/// for a page, the contexts its components read: the locale (`ui::locale::use_locale`) and
/// the time zone.
pub fn provide() -> RequestPrefs {
    let prefs = current();
    provide_context(prefs.locale);
    provide_context(prefs);
    prefs
}

/// The preferences of the request being served (leptos_axum provides its parts to pages and
/// server fns alike).
pub fn current() -> RequestPrefs {
    use_context::<Parts>()
        .map_or(RequestPrefs { locale: Locale::default(), time_zone: Tz::UTC, theme: None }, |parts| {
            RequestPrefs::of(&parts)
        })
}

fn theme_cookie(headers: &HeaderMap) -> Option<Theme> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(THEME_COOKIE)?.strip_prefix('='))
        .and_then(Theme::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_gets_the_browsers_language_and_their_cookies_theme() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("ko-KR,ko;q=0.9"));
        headers.insert(header::COOKIE, HeaderValue::from_static("a=b; taskboard_theme=dark"));
        let prefs = RequestPrefs::for_user(None, &headers);
        assert_eq!(prefs, RequestPrefs { locale: Locale::ko, time_zone: Tz::UTC, theme: Some(Theme::Dark) });
        assert_eq!(RequestPrefs::for_user(None, &HeaderMap::new()).locale, Locale::en);
    }

    #[test]
    fn an_unknown_zone_is_utc() {
        assert_eq!(time_zone("Asia/Seoul"), Tz::Asia__Seoul);
        assert_eq!(time_zone("Mars/Olympus_Mons"), Tz::UTC);
    }

    #[test]
    fn zones_are_checked_against_the_tz_database() {
        assert_eq!(parse_time_zone(" Asia/Seoul ").unwrap(), "Asia/Seoul");
        assert_eq!(parse_time_zone("Mars/Base").unwrap_err().message, Message::ChooseTimeZone);
        assert_eq!(parse_time_zone("").unwrap_err().field, "time_zone");
    }

    #[test]
    fn the_choices_are_canonical_zones() {
        let zones = time_zone_choices();
        assert_eq!(zones[0], "UTC");
        assert!(zones.contains(&"Asia/Seoul") && zones.contains(&"America/New_York"));
        assert!(!zones.iter().any(|zone| zone.starts_with("US/") || zone.starts_with("Etc/")));
        assert!(zones.len() > 300, "{}", zones.len());
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let Err(ServerError::Answer(crate::domain::AppError::Invalid(errors))) = parse("fr", "Nowhere", "blue") else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["language", "time_zone", "theme"]);
        assert!(parse("ko", "Asia/Seoul", "").is_ok());
    }
}
