//! A board's labels: a short name in one of eight colours. The board's admins add and delete
//! them; a task's supervisor and the admins put them on tasks; cards show them as chips and the
//! board filters by one.

use super::{error::FieldError, message::Message, BoardInfo};
use crate::i18n::*;
use serde::{Deserialize, Serialize};

pub const LABEL_NAME_MAX_CHARS: usize = 30;
/// A board's labels, at most: enough for a team, few enough that every card's chips and every
/// task's checkboxes stay readable.
pub const LABELS_PER_BOARD_MAX: usize = 50;

/// A label's name: 1–30 characters on one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelName(String);

impl LabelName {
    pub fn parse(input: &str) -> Result<LabelName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new("name", Message::LabelNameMissing));
        }
        if name.chars().count() > LABEL_NAME_MAX_CHARS {
            return Err(FieldError::new("name", Message::TooLong(LABEL_NAME_MAX_CHARS)));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new("name", Message::SingleLine));
        }
        Ok(LabelName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The eight colours a label may have. Each is a pair of background and text colours in the
/// stylesheet (`.label-red` …), for the light and the dark theme, with AA contrast in both (a
/// unit test below reads them from the stylesheet and checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelColour {
    Gray,
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
}

impl LabelColour {
    pub const ALL: [LabelColour; 8] = [
        LabelColour::Gray,
        LabelColour::Red,
        LabelColour::Orange,
        LabelColour::Yellow,
        LabelColour::Green,
        LabelColour::Teal,
        LabelColour::Blue,
        LabelColour::Purple,
    ];

    /// The stored spelling (`labels.colour`, checked by its constraint) and the form's value.
    pub fn as_str(self) -> &'static str {
        match self {
            LabelColour::Gray => "gray",
            LabelColour::Red => "red",
            LabelColour::Orange => "orange",
            LabelColour::Yellow => "yellow",
            LabelColour::Green => "green",
            LabelColour::Teal => "teal",
            LabelColour::Blue => "blue",
            LabelColour::Purple => "purple",
        }
    }

    /// The form's "Colour" field.
    pub fn parse(input: &str) -> Result<LabelColour, FieldError> {
        LabelColour::from_stored(input.trim()).ok_or_else(|| FieldError::new("colour", Message::ChooseColour))
    }

    pub fn from_stored(stored: &str) -> Option<LabelColour> {
        LabelColour::ALL.into_iter().find(|colour| colour.as_str() == stored)
    }

    /// The chip's classes.
    pub fn class(self) -> &'static str {
        match self {
            LabelColour::Gray => "label label-gray",
            LabelColour::Red => "label label-red",
            LabelColour::Orange => "label label-orange",
            LabelColour::Yellow => "label label-yellow",
            LabelColour::Green => "label label-green",
            LabelColour::Teal => "label label-teal",
            LabelColour::Blue => "label label-blue",
            LabelColour::Purple => "label label-purple",
        }
    }

    /// The colour's name in `locale`'s words.
    pub fn text(self, locale: Locale) -> &'static str {
        match self {
            LabelColour::Gray => td_string!(locale, labels.gray),
            LabelColour::Red => td_string!(locale, labels.red),
            LabelColour::Orange => td_string!(locale, labels.orange),
            LabelColour::Yellow => td_string!(locale, labels.yellow),
            LabelColour::Green => td_string!(locale, labels.green),
            LabelColour::Teal => td_string!(locale, labels.teal),
            LabelColour::Blue => td_string!(locale, labels.blue),
            LabelColour::Purple => td_string!(locale, labels.purple),
        }
    }
}

/// A label as cards, the task page and the filters show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: i64,
    pub name: String,
    pub colour: LabelColour,
}

/// The labels a task should carry, as the task form sends them (`labels[]`, one per ticked
/// box): each once, in a stable order. Whether they are the board's labels is for the server
/// to check against the locked board.
pub fn parse_label_ids(ids: &[i64]) -> Result<Vec<i64>, FieldError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > LABELS_PER_BOARD_MAX {
        return Err(FieldError::new("labels", Message::LabelGone));
    }
    Ok(ids)
}

/// How a set of labels is recorded in a task's history: their names in the board's order
/// (by name), comma-separated; `None` for no labels.
pub fn recorded_names(board_labels: &[Label], ids: &[i64]) -> Option<String> {
    let names: Vec<&str> =
        board_labels.iter().filter(|label| ids.contains(&label.id)).map(|label| label.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// One of the board's labels on its labels page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelUse {
    pub label: Label,
    /// Tasks on the board (not in the trash) that carry it.
    pub tasks: i64,
}

/// `/boards/{id}/labels`: the board's labels by name; only admins change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelsPage {
    pub board: BoardInfo,
    pub labels: Vec<LabelUse>,
}

impl LabelsPage {
    pub fn can_manage(&self) -> bool {
        self.board.role.is_admin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_bounded() {
        assert_eq!(LabelName::parse("  Urgent ").unwrap().as_str(), "Urgent");
        assert_eq!(LabelName::parse("긴급").unwrap().as_str(), "긴급");
        assert_eq!(LabelName::parse(" ").unwrap_err().message, Message::LabelNameMissing);
        assert_eq!(LabelName::parse(&"x".repeat(31)).unwrap_err().message, Message::TooLong(30));
        assert!(LabelName::parse(&"가".repeat(30)).is_ok(), "characters, not bytes");
        assert_eq!(LabelName::parse("a\nb").unwrap_err().message, Message::SingleLine);
    }

    #[test]
    fn colours_round_trip_and_nothing_else_is_one() {
        for colour in LabelColour::ALL {
            assert_eq!(LabelColour::parse(colour.as_str()), Ok(colour));
            assert!(colour.class().ends_with(&format!("label-{}", colour.as_str())));
        }
        assert_eq!(LabelColour::parse("pink").unwrap_err().field, "colour");
        assert_eq!(LabelColour::parse("").unwrap_err().field, "colour");
    }

    #[test]
    fn label_ids_are_kept_once_in_order() {
        assert_eq!(parse_label_ids(&[5, 2, 5, 9]).unwrap(), [2, 5, 9]);
        assert_eq!(parse_label_ids(&[]).unwrap(), Vec::<i64>::new());
        let too_many: Vec<i64> = (1..=51).collect();
        assert_eq!(parse_label_ids(&too_many).unwrap_err().field, "labels");
    }

    #[test]
    fn a_task_s_labels_are_recorded_by_name_in_the_board_s_order() {
        let label = |id, name: &str| Label { id, name: name.into(), colour: LabelColour::Red };
        let board = [label(3, "Bug"), label(1, "Urgent"), label(2, "Web")];
        assert_eq!(recorded_names(&board, &[1, 3]).as_deref(), Some("Bug, Urgent"));
        assert_eq!(recorded_names(&board, &[]), None);
    }

    /// WCAG's relative luminance of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The value of `--{name}: #rrggbb;` in a stylesheet rule.
    fn variable<'a>(rule: &'a str, name: &str) -> &'a str {
        let start = rule.find(&format!("--{name}:")).unwrap_or_else(|| panic!("--{name} in {rule}")) + name.len() + 3;
        &rule[start..].trim_start()[..7]
    }

    #[test]
    fn every_colour_is_drawn_with_aa_contrast_in_both_themes() {
        let css = include_str!("../../style/tailwind.css");
        for colour in LabelColour::ALL {
            let selector = format!(".label-{} {{", colour.as_str());
            let rule = css.lines().find(|line| line.starts_with(&selector)).unwrap_or_else(|| panic!("{selector}"));
            for theme in ["light", "dark"] {
                let ratio = contrast(variable(rule, &format!("{theme}-bg")), variable(rule, &format!("{theme}-fg")));
                assert!(ratio >= 4.5, "{} in the {theme} theme: {ratio:.2}:1", colour.as_str());
            }
        }
    }
}
