//! Dates and times in words, in each language's own order: "Fri, Dec 4, 2026, 3:05 PM" and
//! "2026년 12월 4일 (금) 오후 3:05", "3 minutes ago" and "3분 전". The patterns and names are
//! in the catalog (`common`); callers pass times already in the reader's zone.

use crate::i18n::*;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

/// A day: "Dec 4, 2026" / "2026년 12월 4일".
pub fn date(locale: Locale, day: NaiveDate) -> String {
    td_string!(locale, common.date, year = day.year(), month = month(locale, day.month()), day = day.day()).to_string()
}

/// A moment on the reader's clock: "Fri, Dec 4, 2026, 3:05 PM" / "2026년 12월 4일 (금) 오후 3:05".
pub fn date_time(locale: Locale, local: NaiveDateTime) -> String {
    td_string!(
        locale,
        common.date_time,
        weekday = weekday(locale, local.weekday()),
        year = local.year(),
        month = month(locale, local.month()),
        day = local.day(),
        time = time(locale, local)
    )
    .to_string()
}

/// "3:05 PM" / "오후 3:05".
pub fn time(locale: Locale, local: NaiveDateTime) -> String {
    let (pm, hour) = local.hour12();
    let period = if pm { td_string!(locale, common.pm) } else { td_string!(locale, common.am) };
    td_string!(locale, common.time, hour = hour, minute = format!("{:02}", local.minute()), period = period).to_string()
}

/// How long ago, in whole units: "just now", "3 minutes ago", "2 hours ago", "5 days ago";
/// after 30 days the day itself ("on Nov 2, 2026"). `local` is the moment on the reader's clock.
pub fn ago(locale: Locale, elapsed_seconds: i64, local: NaiveDateTime) -> String {
    let seconds = elapsed_seconds.max(0);
    // The catalog's plural forms count in i32; 30 days of minutes fit easily.
    let count = |unit: i64| (seconds / unit) as i32;
    match seconds {
        0..60 => td_string!(locale, common.just_now).to_owned(),
        60..3_600 => td_string!(locale, common.minutes_ago, count = count(60)).to_string(),
        3_600..86_400 => td_string!(locale, common.hours_ago, count = count(3_600)).to_string(),
        86_400..2_592_000 => td_string!(locale, common.days_ago, count = count(86_400)).to_string(),
        _ => td_string!(locale, common.on_date, date = date(locale, local.date())).to_string(),
    }
}

fn weekday(locale: Locale, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => td_string!(locale, common.mon),
        Weekday::Tue => td_string!(locale, common.tue),
        Weekday::Wed => td_string!(locale, common.wed),
        Weekday::Thu => td_string!(locale, common.thu),
        Weekday::Fri => td_string!(locale, common.fri),
        Weekday::Sat => td_string!(locale, common.sat),
        Weekday::Sun => td_string!(locale, common.sun),
    }
}

fn month(locale: Locale, month: u32) -> &'static str {
    match month {
        1 => td_string!(locale, common.jan),
        2 => td_string!(locale, common.feb),
        3 => td_string!(locale, common.mar),
        4 => td_string!(locale, common.apr),
        5 => td_string!(locale, common.may),
        6 => td_string!(locale, common.jun),
        7 => td_string!(locale, common.jul),
        8 => td_string!(locale, common.aug),
        9 => td_string!(locale, common.sep),
        10 => td_string!(locale, common.oct),
        11 => td_string!(locale, common.nov),
        _ => td_string!(locale, common.dec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        s.parse().unwrap()
    }

    #[test]
    fn moments_read_in_each_languages_order() {
        let moment = at("2026-12-04T15:05:00");
        assert_eq!(date_time(Locale::en, moment), "Fri, Dec 4, 2026, 3:05 PM");
        assert_eq!(date_time(Locale::ko, moment), "2026년 12월 4일 (금) 오후 3:05");
        assert_eq!(date_time(Locale::en, at("2026-01-05T00:09:00")), "Mon, Jan 5, 2026, 12:09 AM");
        assert_eq!(date_time(Locale::ko, at("2026-01-05T12:00:00")), "2026년 1월 5일 (월) 오후 12:00");
        assert_eq!(date(Locale::en, moment.date()), "Dec 4, 2026");
        assert_eq!(date(Locale::ko, moment.date()), "2026년 12월 4일");
    }

    #[test]
    fn ages_count_whole_units_with_plurals() {
        let moment = at("2026-11-02T10:00:00");
        assert_eq!(ago(Locale::en, 59, moment), "just now");
        assert_eq!(ago(Locale::ko, 59, moment), "방금");
        assert_eq!(ago(Locale::en, 60, moment), "1 minute ago");
        assert_eq!(ago(Locale::en, 180, moment), "3 minutes ago");
        assert_eq!(ago(Locale::ko, 180, moment), "3분 전");
        assert_eq!(ago(Locale::en, 7_200, moment), "2 hours ago");
        assert_eq!(ago(Locale::ko, 86_400, moment), "1일 전");
        assert_eq!(ago(Locale::en, 86_400 * 40, moment), "on Nov 2, 2026");
        assert_eq!(ago(Locale::ko, 86_400 * 40, moment), "2026년 11월 2일");
        assert_eq!(ago(Locale::en, -5, moment), "just now", "a clock a little ahead");
    }
}
