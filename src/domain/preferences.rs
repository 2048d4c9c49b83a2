//! A person's language, time zone and theme: what `/account` saves and every page follows.

use super::{FieldError, Message};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// Light or dark; an account without one follows the system setting (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The stored spelling, also the form value and the class on `<html>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(input: &str) -> Option<Theme> {
        match input {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The form value for "follow the browser" (language) and "follow the system" (theme).
pub const AUTOMATIC: &str = "";

/// What the account page shows and saves. The time zone is an IANA name; the server checks it
/// against the tz database it carries (the browser has none to check with).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// `None`: the browser's `Accept-Language` decides.
    pub language: Option<Locale>,
    pub time_zone: String,
    /// `None`: the system setting decides.
    pub theme: Option<Theme>,
}

/// What the account page needs: the settings, and the zones to choose from (the server's tz
/// database decides which exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSettings {
    pub preferences: Preferences,
    pub time_zones: Vec<String>,
    /// How others @mention them (its own form on the page).
    pub handle: String,
}

/// Parses the account form's language: "" (the browser's), "en" or "ko".
pub fn parse_language(input: &str) -> Result<Option<Locale>, FieldError> {
    match input.trim() {
        AUTOMATIC => Ok(None),
        code => code.parse::<Locale>().map(Some).map_err(|()| FieldError::new("language", Message::ChooseLanguage)),
    }
}

/// Parses the account form's theme: "" (the system's), "light" or "dark".
pub fn parse_theme(input: &str) -> Result<Option<Theme>, FieldError> {
    match input.trim() {
        AUTOMATIC => Ok(None),
        value => Theme::parse(value).map(Some).ok_or_else(|| FieldError::new("theme", Message::ChooseTheme)),
    }
}

/// The language a browser asks for in its `Accept-Language` header (`ko-KR,ko;q=0.9,en;q=0.8`):
/// the first of its languages by weight that Taskboard speaks, else English.
pub fn language_from_header(header: &str) -> Locale {
    let mut wanted: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(index, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let weight = parts
                .find_map(|param| param.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0 && !tag.is_empty()).then_some((weight, index, tag))
        })
        .collect();
    // Highest weight first; equal weights keep the header's order.
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    wanted
        .into_iter()
        .find_map(|(_, _, tag)| {
            let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
            primary.parse::<Locale>().ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_picks_the_heaviest_language_taskboard_speaks() {
        assert_eq!(language_from_header("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"), Locale::ko);
        assert_eq!(language_from_header("en-GB,ko;q=0.5"), Locale::en);
        assert_eq!(language_from_header("fr-FR,fr;q=0.9,ko;q=0.8,en;q=0.7"), Locale::ko);
        assert_eq!(language_from_header("en;q=0.2, ko;q=0.9"), Locale::ko);
        assert_eq!(language_from_header("KO"), Locale::ko);
        assert_eq!(language_from_header("ko;q=0, en"), Locale::en);
    }

    #[test]
    fn a_header_without_a_known_language_means_english() {
        assert_eq!(language_from_header(""), Locale::en);
        assert_eq!(language_from_header("*"), Locale::en);
        assert_eq!(language_from_header("fr, de;q=0.5"), Locale::en);
        assert_eq!(language_from_header("ko;q=abc"), Locale::en);
    }

    #[test]
    fn the_forms_values_parse() {
        assert_eq!(parse_language(""), Ok(None));
        assert_eq!(parse_language("ko"), Ok(Some(Locale::ko)));
        assert_eq!(parse_language("fr").unwrap_err().message, Message::ChooseLanguage);
        assert_eq!(parse_theme("dark"), Ok(Some(Theme::Dark)));
        assert_eq!(parse_theme(""), Ok(None));
        assert_eq!(parse_theme("blue").unwrap_err().field, "theme");
    }
}
