//! A task: its fields, parsed once at the seam (`TaskTitle`, `Description`, `Deadline`), and the
//! whole task as its page shows it. The same rules run in the browser and on the server.

use super::{
    audit::is_event_id,
    error::{AppError, FieldError, FormErrors},
    BoardInfo, Member, Message, Status, TaskRoles,
};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 10_000;

/// 1–200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(input: &str) -> Result<TaskTitle, FieldError> {
        let title = input.trim();
        if title.is_empty() {
            return Err(FieldError::new("title", Message::TitleMissing));
        }
        if title.chars().count() > TITLE_MAX_CHARS {
            return Err(FieldError::new("title", Message::TooLong(TITLE_MAX_CHARS)));
        }
        if title.chars().any(char::is_control) {
            return Err(FieldError::new("title", Message::SingleLine));
        }
        Ok(TaskTitle(title.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Up to 10,000 characters; line breaks kept, trailing whitespace dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description(String);

impl Description {
    pub fn parse(input: &str) -> Result<Description, FieldError> {
        // Browsers send line breaks in form fields as CRLF; store them as LF.
        let text = input.replace("\r\n", "\n");
        let text = text.trim_end();
        if text.chars().count() > DESCRIPTION_MAX_CHARS {
            return Err(FieldError::new("description", Message::TooLong(DESCRIPTION_MAX_CHARS)));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::new("description", Message::ControlCharacters));
        }
        Ok(Description(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional due date, `YYYY-MM-DD` as a date input sends it; empty means none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline(Option<NaiveDate>);

impl Deadline {
    /// Any real date (or none): editing may keep a deadline that has since passed.
    pub fn parse(input: &str) -> Result<Deadline, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(Deadline(None));
        }
        parse_date(input)
            .map(|date| Deadline(Some(date)))
            .ok_or_else(|| FieldError::new("deadline", Message::DateInvalid))
    }

    /// For a new task: a real date that is not in the past.
    pub fn parse_new(input: &str, today: NaiveDate) -> Result<Deadline, FieldError> {
        let deadline = Deadline::parse(input)?;
        match deadline.0 {
            Some(date) if date < today => Err(FieldError::new("deadline", Message::DeadlinePast)),
            _ => Ok(deadline),
        }
    }

    pub fn date(self) -> Option<NaiveDate> {
        self.0
    }
}

/// A `YYYY-MM-DD` date in the years MySQL's `DATE` holds (1000 to 9999): chrono also reads
/// `+10000-01-01`, which the database would refuse.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    use chrono::Datelike as _;
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").ok().filter(|date| (1000..=9999).contains(&date.year()))
}

/// A registered user as other users see them: a name to pick from a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

/// Everything about one task, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDetails {
    pub id: i64,
    pub board_id: i64,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub deadline: Option<NaiveDate>,
    pub supervisor: Person,
    pub pic: Option<Person>,
    /// The optimistic lock: every write names the version it was based on.
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Who made the last change (unknown for tasks loaded in bulk, or if that account is gone).
    pub updated_by: Option<Person>,
    /// Its labels, by name.
    pub labels: Vec<super::label::Label>,
}

/// The task page's data: the task, its board, what the viewer may do with it, and the board's
/// members who could be put in charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPage {
    pub task: TaskDetails,
    pub board: BoardInfo,
    pub roles: TaskRoles,
    pub people: Vec<Member>,
    /// The board's labels to choose from, by name (for the editor's form only).
    pub labels: Vec<super::label::Label>,
}

/// The new-task form's data: its board, who can be put in charge, and this form's one-time
/// request id, which makes a double submit create one task, not two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTaskForm {
    pub board: BoardInfo,
    pub people: Vec<Member>,
    pub request_id: String,
}

/// A task form's fields as sent, before parsing.
#[derive(Debug, Clone, Copy)]
pub struct TaskInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub deadline: &'a str,
    pub pic: &'a str,
}

/// A new task from the New task form, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    /// The form's one-time id, which becomes the creation's audit event id: the same form sent
    /// twice creates one task.
    pub request_id: String,
    pub title: TaskTitle,
    pub description: Description,
    pub deadline: Deadline,
    pub pic_id: Option<i64>,
}

impl NewTask {
    /// Every field's problem at once; a deadline may not be before `today`.
    pub fn parse(request_id: &str, input: TaskInput<'_>, today: NaiveDate) -> Result<NewTask, AppError> {
        if !is_event_id(request_id) {
            return Err(AppError::Refused(Message::FormOutOfDate));
        }
        let mut form = FormErrors::default();
        let title = form.check(TaskTitle::parse(input.title));
        let description = form.check(Description::parse(input.description));
        let deadline = form.check(Deadline::parse_new(input.deadline, today));
        let pic_id = form.check(parse_pic(input.pic));
        match (title, description, deadline, pic_id) {
            (Some(title), Some(description), Some(deadline), Some(pic_id)) => {
                Ok(NewTask { request_id: request_id.to_owned(), title, description, deadline, pic_id })
            }
            _ => Err(form.into_error()),
        }
    }
}

/// The supervisor's edit from the task page: every field, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEdit {
    pub title: TaskTitle,
    pub description: Description,
    pub deadline: Deadline,
    pub pic_id: Option<i64>,
    pub status: Status,
    /// The labels it should carry (ids, each once, ascending).
    pub labels: Vec<i64>,
}

impl TaskEdit {
    /// Every field's problem at once. The deadline may have passed: an edit may keep it.
    pub fn parse(input: TaskInput<'_>, status: &str, labels: &[i64]) -> Result<TaskEdit, AppError> {
        let mut form = FormErrors::default();
        let title = form.check(TaskTitle::parse(input.title));
        let description = form.check(Description::parse(input.description));
        let deadline = form.check(Deadline::parse(input.deadline));
        let pic_id = form.check(parse_pic(input.pic));
        let status = form.check(parse_status(status));
        let labels = form.check(super::label::parse_label_ids(labels));
        match (title, description, deadline, pic_id, status, labels) {
            (Some(title), Some(description), Some(deadline), Some(pic_id), Some(status), Some(labels)) => {
                Ok(TaskEdit { title, description, deadline, pic_id, status, labels })
            }
            _ => Err(form.into_error()),
        }
    }
}

/// The "Person in charge" field: empty for nobody, otherwise a user's id. Whether that user
/// exists is for the server to check.
pub fn parse_pic(input: &str) -> Result<Option<i64>, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    input.parse::<i64>().map(Some).map_err(|_| FieldError::new("pic", Message::ChoosePerson))
}

/// The "Status" field, in its stored spelling (`todo`, `in_progress`, …).
pub fn parse_status(input: &str) -> Result<Status, FieldError> {
    Status::parse(input.trim()).map_err(|_| FieldError::new("status", Message::ChooseColumn))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn title_is_trimmed_and_1_to_200_characters() {
        assert_eq!(TaskTitle::parse("  Write the guide ").unwrap().as_str(), "Write the guide");
        assert_eq!(TaskTitle::parse("   ").unwrap_err().field, "title");
        assert!(TaskTitle::parse(&"가".repeat(200)).is_ok(), "characters, not bytes");
        assert!(TaskTitle::parse(&"가".repeat(201)).is_err());
        assert!(TaskTitle::parse("two\nlines").is_err());
    }

    #[test]
    fn description_keeps_line_breaks_and_is_limited_to_10000_characters() {
        assert_eq!(Description::parse("a\r\nb  \n").unwrap().as_str(), "a\nb");
        assert_eq!(Description::parse("").unwrap().as_str(), "");
        assert!(Description::parse(&"x".repeat(10_000)).is_ok());
        assert_eq!(Description::parse(&"x".repeat(10_001)).unwrap_err().field, "description");
        assert!(Description::parse("bell\u{7}").is_err());
    }

    #[test]
    fn deadline_is_a_real_date_or_nothing() {
        assert_eq!(Deadline::parse("").unwrap().date(), None);
        assert_eq!(Deadline::parse("2026-12-31").unwrap().date(), Some(date("2026-12-31")));
        // The last two are dates chrono reads but MySQL's DATE cannot hold.
        for bad in ["2026-02-30", "31/12/2026", "tomorrow", "2026-13-01", "+10000-01-01", "0999-12-31"] {
            assert_eq!(Deadline::parse(bad).unwrap_err().field, "deadline", "{bad}");
        }
    }

    #[test]
    fn a_new_tasks_deadline_is_not_in_the_past() {
        let today = date("2026-11-26");
        assert!(Deadline::parse_new("2026-11-25", today).is_err());
        assert!(Deadline::parse_new("2026-11-26", today).is_ok(), "today is fine");
        assert!(Deadline::parse_new("", today).is_ok());
        assert!(Deadline::parse("2026-11-25").is_ok(), "an edit may keep a past deadline");
    }

    #[test]
    fn pic_is_nobody_or_a_user_id() {
        assert_eq!(parse_pic(""), Ok(None));
        assert_eq!(parse_pic("42"), Ok(Some(42)));
        assert_eq!(parse_pic("Mina").unwrap_err().field, "pic");
    }

    fn input<'a>(title: &'a str, deadline: &'a str, pic: &'a str) -> TaskInput<'a> {
        TaskInput { title, description: "", deadline, pic }
    }

    const REQUEST_ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    #[test]
    fn a_new_task_parses_every_field_and_reports_every_problem() {
        let today = date("2026-11-26");
        let task = NewTask::parse(REQUEST_ID, input(" Plan ", "2026-12-01", "7"), today).unwrap();
        assert_eq!(
            (task.title.as_str(), task.deadline.date(), task.pic_id),
            ("Plan", Some(date("2026-12-01")), Some(7))
        );
        let AppError::Invalid(errors) = NewTask::parse(REQUEST_ID, input("", "2026-11-01", "x"), today).unwrap_err()
        else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "deadline", "pic"]);
        assert!(matches!(NewTask::parse("not-an-id", input("Plan", "", ""), today), Err(AppError::Refused(_))));
    }

    #[test]
    fn an_edit_may_keep_a_past_deadline_but_needs_a_real_status() {
        let edit = TaskEdit::parse(input("Plan", "2020-01-01", ""), "done", &[]).unwrap();
        assert_eq!((edit.deadline.date(), edit.status, edit.pic_id), (Some(date("2020-01-01")), Status::Done, None));
        assert_eq!(
            TaskEdit::parse(input("Plan", "", ""), "archived", &[]).unwrap_err().field_message("status"),
            Some(Message::ChooseColumn)
        );
    }

    #[test]
    fn status_is_one_of_the_four() {
        assert_eq!(parse_status("in_review"), Ok(Status::InReview));
        assert_eq!(parse_status("archived").unwrap_err().field, "status");
    }
}
