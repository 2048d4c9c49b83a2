//! The page's language, for every component that writes words.

use crate::{domain::dates, i18n::Locale};
use chrono::NaiveDateTime;
use leptos::prelude::*;

/// The language of the page being drawn. On the server the shell provides it (the account's
/// setting, else the browser's `Accept-Language`); in the browser each island provides it from
/// its props (`FormSpec::locale`, `Columns`' `locale`), as islands see no server context.
/// Without one — Leptos lists the routes by running `App` outside any request — it is the
/// default language.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// A stored (UTC) moment as the reader's clock shows it: "Fri, Dec 4, 2026, 3:05 PM" in their
/// time zone and language. Only pages drawn on the server show moments, and the server knows
/// the reader's zone; islands (the browser build) show dates only, so there it stays UTC.
pub fn moment_text(at: NaiveDateTime) -> String {
    dates::date_time(use_locale(), on_readers_clock(at))
}

/// How long ago a stored (UTC) moment was, in the reader's words: "3 minutes ago", "3분 전".
pub fn ago_text(at: NaiveDateTime) -> String {
    #[cfg(feature = "ssr")]
    let elapsed = (chrono::Utc::now().naive_utc() - at).num_seconds();
    #[cfg(not(feature = "ssr"))]
    let elapsed = 0;
    dates::ago(use_locale(), elapsed, on_readers_clock(at))
}

/// A UTC moment in the reader's time zone.
fn on_readers_clock(at: NaiveDateTime) -> NaiveDateTime {
    #[cfg(feature = "ssr")]
    if let Some(prefs) = use_context::<crate::server::preferences::RequestPrefs>() {
        return prefs.local(at);
    }
    at
}
