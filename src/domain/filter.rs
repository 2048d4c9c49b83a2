//! The board's filters, kept in the URL (`/?mine=1&person=7&overdue=1&label=4&q=report`) so a filtered
//! board can be bookmarked and works without JavaScript; and how many cards each column shows
//! (`show_done=100`), so a board of thousands of tasks sends only the top of each column.

use super::Status;
use serde::{Deserialize, Serialize};

/// Longest search text we act on; more is cut off.
pub const SEARCH_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardFilter {
    /// Only tasks I supervise or am in charge of.
    pub mine: bool,
    /// Only tasks this user is in charge of.
    pub person: Option<i64>,
    /// Only tasks past their deadline and not Done.
    pub overdue: bool,
    /// Only tasks carrying this label.
    pub label: Option<i64>,
    /// Only tasks whose title contains this text (any case); empty for all. At most
    /// [`SEARCH_MAX_CHARS`], however it arrives (the URL or a server fn call).
    #[serde(deserialize_with = "capped_search")]
    pub search: String,
    /// How many cards of each column the board shows. Not a filter: it only pages.
    pub shown: ColumnsShown,
}

/// Cards a column shows at first, and how many more each "Show more" adds.
pub const CARDS_PER_PAGE: u32 = 50;
/// The most cards a column shows, however often "Show more" is followed: one request renders
/// at most four times this (issue 20 pages further down instead).
pub const CARDS_SHOWN_MAX: u32 = 500;

/// The search text as the board uses it: trimmed and cut to [`SEARCH_MAX_CHARS`], so a server
/// fn caller cannot make every card's title be matched against 50,000 characters.
fn capped_search<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    Ok(text.trim().chars().take(SEARCH_MAX_CHARS).collect())
}

/// How many cards each column shows, top first (by their place in the column). A board's work
/// grows with these numbers, not with the number of tasks. Every count is kept within
/// 1..=CARDS_SHOWN_MAX, whether it comes from the URL or from a server fn call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ColumnsShown {
    pub todo: u32,
    pub in_progress: u32,
    pub in_review: u32,
    pub done: u32,
}

impl Default for ColumnsShown {
    fn default() -> Self {
        ColumnsShown {
            todo: CARDS_PER_PAGE,
            in_progress: CARDS_PER_PAGE,
            in_review: CARDS_PER_PAGE,
            done: CARDS_PER_PAGE,
        }
    }
}

/// Read through [`ColumnsShown::with`], so a server fn caller cannot ask for an unbounded (or
/// empty) column either.
impl<'de> Deserialize<'de> for ColumnsShown {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Requested {
            todo: u32,
            in_progress: u32,
            in_review: u32,
            done: u32,
        }
        let requested = Requested::deserialize(deserializer)?;
        Ok(ColumnsShown::default()
            .with(Status::Todo, requested.todo)
            .with(Status::InProgress, requested.in_progress)
            .with(Status::InReview, requested.in_review)
            .with(Status::Done, requested.done))
    }
}

impl ColumnsShown {
    /// The count field of `status`'s column.
    fn slot(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Todo => &mut self.todo,
            Status::InProgress => &mut self.in_progress,
            Status::InReview => &mut self.in_review,
            Status::Done => &mut self.done,
        }
    }

    pub fn get(&self, status: Status) -> u32 {
        let mut copy = *self;
        *copy.slot(status)
    }

    /// The same, with `status`'s column showing `count` cards (kept within 1..=CARDS_SHOWN_MAX).
    pub fn with(mut self, status: Status, count: u32) -> ColumnsShown {
        *self.slot(status) = count.clamp(1, CARDS_SHOWN_MAX);
        self
    }

    /// The URL parameter that holds `status`'s count.
    fn parameter(status: Status) -> String {
        format!("show_{}", status.as_str())
    }
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
            label: get("label").and_then(|v| v.trim().parse().ok()),
            search: get("q").map(|q| q.trim().chars().take(SEARCH_MAX_CHARS).collect()).unwrap_or_default(),
            shown: Status::ALL.into_iter().fold(ColumnsShown::default(), |shown, status| {
                match get(&ColumnsShown::parameter(status)).and_then(|v| v.trim().parse::<u32>().ok()) {
                    Some(count) => shown.with(status, count),
                    None => shown,
                }
            }),
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
        if let Some(label) = self.label {
            parts.push(format!("label={label}"));
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", percent_encode(&self.search)));
        }
        for status in Status::ALL {
            let count = self.shown.get(status);
            if count != CARDS_PER_PAGE {
                parts.push(format!("{}={count}", ColumnsShown::parameter(status)));
            }
        }
        parts.join("&")
    }

    /// Whether any filter is on (how many cards are shown does not count).
    pub fn is_active(&self) -> bool {
        BoardFilter { shown: ColumnsShown::default(), ..self.clone() } != BoardFilter::default()
    }

    /// The same board with `status`'s column showing `more` cards more.
    pub fn show_more(&self, status: Status, more: u32) -> BoardFilter {
        let count = self.shown.get(status).saturating_add(more);
        BoardFilter { shown: self.shown.with(status, count), ..self.clone() }
    }
}

/// Everything but RFC 3986's unreserved characters is percent-encoded in a query value.
pub const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a query value (see [`QUERY_VALUE`]).
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
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
        let filter = parse(&[
            ("mine", "1"),
            ("person", "7"),
            ("overdue", "on"),
            ("label", "4"),
            ("q", "  report "),
            ("show_done", "100"),
        ]);
        assert_eq!(
            filter,
            BoardFilter {
                mine: true,
                person: Some(7),
                overdue: true,
                label: Some(4),
                search: "report".into(),
                shown: ColumnsShown::default().with(Status::Done, 100),
            }
        );
    }

    #[test]
    fn nonsense_is_ignored_not_fatal() {
        let filter = parse(&[("mine", "0"), ("person", "abc"), ("overdue", ""), ("label", "x"), ("show_todo", "lots")]);
        assert_eq!(filter, BoardFilter::default());
        assert_eq!(parse(&[("show_todo", "0")]).shown.todo, 1, "a column shows at least one card");
        assert_eq!(parse(&[("show_todo", "99999999")]).shown.todo, CARDS_SHOWN_MAX);
        assert_eq!(parse(&[("q", &"x".repeat(500))]).search.chars().count(), SEARCH_MAX_CHARS);
    }

    #[test]
    fn the_query_string_round_trips() {
        let filter = BoardFilter {
            mine: true,
            person: Some(3),
            overdue: false,
            label: Some(8),
            search: "보고서 & plan".into(),
            shown: ColumnsShown::default().with(Status::InReview, 150),
        };
        assert_eq!(
            filter.to_query(),
            "mine=1&person=3&label=8&q=%EB%B3%B4%EA%B3%A0%EC%84%9C%20%26%20plan&show_in_review=150"
        );
        assert_eq!(BoardFilter::default().to_query(), "");
    }

    #[test]
    fn counts_sent_by_a_server_fn_call_are_kept_in_bounds_too() {
        let shown: ColumnsShown =
            serde_json::from_str(r#"{"todo":0,"in_progress":75,"in_review":4000000000,"done":50}"#).unwrap();
        assert_eq!((shown.todo, shown.in_progress, shown.in_review, shown.done), (1, 75, CARDS_SHOWN_MAX, 50));
    }

    #[test]
    fn a_search_sent_by_a_server_fn_call_is_cut_to_its_limit() {
        let filter: BoardFilter =
            serde_json::from_str(&format!(r#"{{"search":"  {}  "}}"#, "x".repeat(50_000))).unwrap();
        assert_eq!(filter.search.chars().count(), SEARCH_MAX_CHARS);
        assert!(filter.search.starts_with('x'), "trimmed first");
    }

    #[test]
    fn showing_more_cards_is_not_filtering() {
        let more = BoardFilter::default().show_more(Status::Done, CARDS_PER_PAGE);
        assert_eq!(more.shown.done, 2 * CARDS_PER_PAGE);
        assert_eq!(more.shown.todo, CARDS_PER_PAGE);
        assert!(!more.is_active());
        assert!(BoardFilter { overdue: true, ..more }.is_active());
        assert_eq!(BoardFilter::default().show_more(Status::Todo, u32::MAX).shown.todo, CARDS_SHOWN_MAX);
    }
}
