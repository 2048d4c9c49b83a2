//! What the REST API reads and writes, as JSON. Its own types rather than the domain's: these
//! are a published contract (the OpenAPI document is derived from them), spelled the way the
//! API documents them, while the domain types change with the pages.
//!
//! Inputs keep the forms' field names (`title`, `deadline`, `pic`, `status`, `labels`, `body`)
//! and take text where a form does, so the domain parses them and a mistake gets the form's
//! own message for that field.

use crate::{
    domain::{self, label::LabelColour, BoardRole, Status},
    server::db::{comments::CommentRow, task_list::ListedTask},
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A moment, in UTC with its `Z` (what is stored is UTC).
fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// A board column, as URLs and JSON spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnStatus {
    Todo,
    InProgress,
    InReview,
    Done,
}

impl From<Status> for ColumnStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Todo => ColumnStatus::Todo,
            Status::InProgress => ColumnStatus::InProgress,
            Status::InReview => ColumnStatus::InReview,
            Status::Done => ColumnStatus::Done,
        }
    }
}

impl From<ColumnStatus> for Status {
    fn from(status: ColumnStatus) -> Self {
        match status {
            ColumnStatus::Todo => Status::Todo,
            ColumnStatus::InProgress => Status::InProgress,
            ColumnStatus::InReview => Status::InReview,
            ColumnStatus::Done => Status::Done,
        }
    }
}

/// The caller's role on a board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Member,
}

impl From<BoardRole> for Role {
    fn from(role: BoardRole) -> Self {
        match role {
            BoardRole::Admin => Role::Admin,
            BoardRole::Member => Role::Member,
        }
    }
}

/// A board the caller is a member of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Board {
    pub id: i64,
    pub name: String,
    /// The caller's role on it.
    pub role: Role,
    /// Tasks not Done (and not in the trash).
    pub open_tasks: i64,
}

/// A board with how many tasks each column holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardDetails {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The four columns in board order.
    pub columns: Vec<ColumnCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ColumnCount {
    pub status: ColumnStatus,
    pub tasks: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

impl From<domain::Person> for Person {
    fn from(person: domain::Person) -> Self {
        Person { id: person.id, name: person.name }
    }
}

/// A member of a board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Member {
    pub id: i64,
    pub name: String,
    /// How they are @mentioned in comments.
    pub handle: String,
    pub email: String,
    pub role: Role,
}

impl From<domain::Member> for Member {
    fn from(member: domain::Member) -> Self {
        Member {
            id: member.id,
            name: member.name,
            handle: member.handle,
            email: member.email,
            role: member.role.into(),
        }
    }
}

/// One of the eight label colours.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    Gray,
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
}

impl From<LabelColour> for Colour {
    fn from(colour: LabelColour) -> Self {
        match colour {
            LabelColour::Gray => Colour::Gray,
            LabelColour::Red => Colour::Red,
            LabelColour::Orange => Colour::Orange,
            LabelColour::Yellow => Colour::Yellow,
            LabelColour::Green => Colour::Green,
            LabelColour::Teal => Colour::Teal,
            LabelColour::Blue => Colour::Blue,
            LabelColour::Purple => Colour::Purple,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Label {
    pub id: i64,
    pub name: String,
    pub colour: Colour,
}

impl From<domain::label::Label> for Label {
    fn from(label: domain::label::Label) -> Self {
        Label { id: label.id, name: label.name, colour: label.colour.into() }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Checklist {
    pub done: i16,
    pub total: i16,
}

/// A task, with every field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    pub id: i64,
    pub board_id: i64,
    pub title: String,
    /// Markdown, as written.
    pub description: String,
    pub status: ColumnStatus,
    /// `YYYY-MM-DD`.
    pub deadline: Option<NaiveDate>,
    /// Its creator, who edits it.
    pub supervisor: Person,
    /// The person in charge, who moves it.
    pub pic: Option<Person>,
    /// Send it back with a change: a change based on an older version is refused (409).
    pub version: i32,
    pub labels: Vec<Label>,
    pub checklist: Checklist,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Person>,
}

impl From<ListedTask> for Task {
    fn from(task: ListedTask) -> Self {
        let ListedTask { row, supervisor, pic, updated_by, labels, checklist: (done, total) } = task;
        Task {
            id: row.id,
            board_id: row.board_id,
            title: row.title,
            description: row.description,
            status: row.status.into(),
            deadline: row.deadline,
            supervisor: supervisor.into(),
            pic: pic.map(Person::from),
            version: row.version,
            labels: labels.into_iter().map(Label::from).collect(),
            checklist: Checklist { done, total },
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            updated_by: updated_by.map(Person::from),
        }
    }
}

/// One page of a board's tasks, in board order: column by column, each top to bottom.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The board's filters (as on the board page), a column, and the page.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// Only this column.
    pub status: Option<ColumnStatus>,
    /// Only tasks the caller supervises or is in charge of.
    #[serde(default)]
    pub mine: bool,
    /// Only tasks this member is in charge of.
    pub person: Option<i64>,
    /// Only tasks past their deadline and not Done.
    #[serde(default)]
    pub overdue: bool,
    /// Only tasks with this label.
    pub label: Option<i64>,
    /// Only tasks whose title contains this text (any case; the first 200 characters count).
    pub q: Option<String>,
    /// Tasks per page, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `next_cursor`); anything else is refused (422).
    pub cursor: Option<String>,
}

/// A new task, on the board in the path, at the top of To do, with the caller as supervisor.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewTask {
    /// 1 to 200 characters, on one line.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Markdown, up to 10,000 characters.
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub description: String,
    /// `YYYY-MM-DD`, not in the past.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<String>,
    /// The id of a member to put in charge.
    #[serde(default, deserialize_with = "whole_or_none")]
    pub pic: Option<i64>,
}

/// A change to a task (its supervisor or a board admin). Fields left out keep their value;
/// `deadline` and `pic` set to `null` clear it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TaskChange {
    /// The version the change is based on.
    #[serde(deserialize_with = "whole_i32")]
    pub version: i32,
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_whole")]
    #[schema(value_type = Option<i64>)]
    pub pic: Option<Option<i64>>,
    pub status: Option<ColumnStatus>,
    /// The ids of every label the task should carry.
    #[serde(default, deserialize_with = "whole_list")]
    pub labels: Option<Vec<i64>>,
}

/// A field that was sent, even as `null` (`Some(None)`), told apart from one left out (`None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A whole number as JSON may write it: `7`, or `7.0` (JSON Schema counts both as integers,
/// and so do some clients' JSON libraries).
struct Whole(i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Whole, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        number
            .as_i64()
            // Within ±2^53 a float holds whole numbers exactly.
            .or_else(|| {
                number.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).map(|f| f as i64)
            })
            .map(Whole)
            .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number, got {number}")))
    }
}

fn whole_i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let Whole(n) = Whole::deserialize(deserializer)?;
    i32::try_from(n).map_err(|_| serde::de::Error::custom(format!("{n} is out of range")))
}

fn whole_or_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Whole>::deserialize(deserializer)?.map(|Whole(n)| n))
}

fn present_whole<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<i64>>, D::Error> {
    whole_or_none(deserializer).map(Some)
}

fn whole_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<i64>>, D::Error> {
    Ok(Option::<Vec<Whole>>::deserialize(deserializer)?.map(|list| list.into_iter().map(|Whole(n)| n).collect()))
}

/// Moves a task to a column (its person in charge, supervisor or a board admin).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TaskMove {
    #[serde(deserialize_with = "whole_i32")]
    pub version: i32,
    pub status: ColumnStatus,
    /// Put it just above this task of that column; left out, at the column's end.
    #[serde(default, deserialize_with = "whole_or_none")]
    pub before: Option<i64>,
}

/// A version a change is based on (in the query).
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionOf {
    pub version: i32,
}

/// A version a change is based on (in the body).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VersionBody {
    #[serde(deserialize_with = "whole_i32")]
    pub version: i32,
}

/// A task put in its board's trash, where it stays 30 days unless restored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Trashed {
    pub id: i64,
    pub board_id: i64,
    /// Its version in the trash: send it to restore it.
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    /// Absent when the author's account is gone.
    pub author: Option<Person>,
    /// The comment rendered from its Markdown, sanitised.
    pub html: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl From<domain::comment::CommentView> for Comment {
    fn from(comment: domain::comment::CommentView) -> Self {
        Comment {
            id: comment.id,
            author: comment.author.map(Person::from),
            html: comment.html,
            created_at: utc(comment.created_at),
            edited_at: comment.edited_at.map(utc),
            version: comment.version,
        }
    }
}

impl From<(CommentRow, Option<String>)> for Comment {
    fn from((row, author_name): (CommentRow, Option<String>)) -> Self {
        Comment {
            id: row.id,
            author: row.author_id.zip(author_name).map(|(id, name)| Person { id, name }),
            html: row.html,
            created_at: utc(row.created_at),
            edited_at: row.edited_at.map(utc),
            version: row.version,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comments {
    /// Oldest first.
    pub comments: Vec<Comment>,
    /// More comments exist than a page shows (the task page has them all).
    pub more: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewComment {
    /// Markdown, 1 to 10,000 characters; `@handle` mentions a member.
    #[schema(min_length = 1, max_length = 10000)]
    pub body: String,
}

/// One entry of a task's history, from the audit trail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub seq: i32,
    /// What happened, in the caller's language.
    pub text: String,
    /// Absent for an entry that can no longer be read.
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct History {
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
    /// Each entry's hash matches its contents and links to the one before.
    pub verified: bool,
    /// Changes made but not yet in the audit trail.
    pub pending: i64,
    /// Pass as `before` for the next, older page; absent on the last.
    pub next_before: Option<i32>,
}

impl From<domain::audit::TaskHistory> for History {
    fn from(history: domain::audit::TaskHistory) -> Self {
        History {
            entries: history
                .entries
                .into_iter()
                .map(|entry| HistoryEntry { seq: entry.seq, text: entry.text, at: entry.at.map(utc) })
                .collect(),
            verified: history.verified,
            pending: history.pending,
            next_before: history.older,
        }
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// The `next_before` of the previous page.
    pub before: Option<i32>,
}
