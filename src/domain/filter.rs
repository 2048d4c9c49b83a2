//! The board's filters, kept in the URL (`/?mine=1&person=7&overdue=1&q=report`) so a filtered
//! board can be bookmarked and works without JavaScript.

use serde::{Deserialize, Serialize};

/// Longest search text we act on; more is cut off.
pub const SEARCH_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardFilter {
    /// Only tasks I supervise or am in charge of.
    pub mine: bool,
    /// Only tasks this user is in charge of.
    pub person: Option<i64>,
    /// Only tasks past their deadline and not Done.
    pub overdue: bool,
    /// Only tasks whose title contains this text (any case); empty for all.
    pub search: String,
}

impl BoardFilter {
    /// Reads the filter from URL query parameters. Lenient: a parameter that makes no sense
    /// (`person=abc`) is ignored rather than failing the whole board.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> BoardFilter {
        let flag = |name: &str| get(name).is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
        BoardFilter {
            mine: flag("mine"),
            person: get("person").and_then(|v| v.trim().parse().ok()),
            overdue: flag("overdue"),
            search: get("q").map(|q| q.trim().chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
        }
    }

    /// The query string for this filter (without `?`), empty when nothing is filtered.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.mine {
            parts.push("mine=1".to_owned());
        }
        if let Some(person) = self.person {
            parts.push(format!("person={person}"));
        }
        if self.overdue {
            parts.push("overdue=1".to_owned());
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", percent_encode(&self.search)));
        }
        parts.join("&")
    }

    pub fn is_active(&self) -> bool {
        *self != BoardFilter::default()
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(query: &[(&str, &str)]) -> BoardFilter {
        let map: HashMap<String, String> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        BoardFilter::from_query(|name| map.get(name).cloned())
    }

    #[test]
    fn no_parameters_means_no_filter() {
        assert_eq!(parse(&[]), BoardFilter::default());
        assert!(!parse(&[]).is_active());
    }

    #[test]
    fn every_parameter_is_read() {
        let filter = parse(&[("mine", "1"), ("person", "7"), ("overdue", "on"), ("q", "  report ")]);
        assert_eq!(filter, BoardFilter { mine: true, person: Some(7), overdue: true, search: "report".into() });
    }

    #[test]
    fn nonsense_is_ignored_not_fatal() {
        let filter = parse(&[("mine", "0"), ("person", "abc"), ("overdue", "")]);
        assert_eq!(filter, BoardFilter::default());
        assert_eq!(parse(&[("q", &"x".repeat(500))]).search.chars().count(), SEARCH_MAX_CHARS);
    }

    #[test]
    fn the_query_string_round_trips() {
        let filter = BoardFilter { mine: true, person: Some(3), overdue: false, search: "보고서 & plan".into() };
        assert_eq!(filter.to_query(), "mine=1&person=3&q=%EB%B3%B4%EA%B3%A0%EC%84%9C%20%26%20plan");
        assert_eq!(BoardFilter::default().to_query(), "");
    }
}
