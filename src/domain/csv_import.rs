//! Importing tasks from a CSV file: reading the file (RFC 4180), finding its columns by their
//! header, and checking every row against the board (its members and labels) before anything
//! is written. Pure: the server reads the board and writes the tasks (`server::csv_import`).
//!
//! The columns are the export's (`server::csv_export`), so a board's export imports into
//! another board: `title` (the one column needed), `description`, `status`, `deadline`,
//! `person_in_charge` and `labels`. The export's other columns (ids, versions, times, the
//! supervisor) are read past: the person importing becomes each task's supervisor.

use super::{
    error::{FieldError, FormErrors},
    label::Label,
    BoardInfo, Deadline, Description, Member, Message, Status, TaskTitle,
};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 500;
/// The largest file taken, in bytes (the request's own limit is a little above it).
pub const MAX_FILE_BYTES: usize = 200 * 1024;

/// Why a file as a whole cannot be imported. Carried in the upload page's address
/// (`?problem={code}`) after the upload redirects back to it, so it needs no JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    NoFile,
    TooLarge,
    NotText,
    Empty,
    NoTitleColumn,
    TooManyRows,
    /// A quoted field that is never closed, starting on this line.
    UnclosedQuote(usize),
}

impl FileProblem {
    pub fn code(self) -> String {
        match self {
            FileProblem::NoFile => "no_file".to_owned(),
            FileProblem::TooLarge => "too_large".to_owned(),
            FileProblem::NotText => "not_text".to_owned(),
            FileProblem::Empty => "empty".to_owned(),
            FileProblem::NoTitleColumn => "no_title".to_owned(),
            FileProblem::TooManyRows => "too_many_rows".to_owned(),
            FileProblem::UnclosedQuote(line) => format!("unclosed_quote_{line}"),
        }
    }

    /// The problem a code names; `None` for anything else (an address typed by hand).
    pub fn from_code(code: &str) -> Option<FileProblem> {
        Some(match code {
            "no_file" => FileProblem::NoFile,
            "too_large" => FileProblem::TooLarge,
            "not_text" => FileProblem::NotText,
            "empty" => FileProblem::Empty,
            "no_title" => FileProblem::NoTitleColumn,
            "too_many_rows" => FileProblem::TooManyRows,
            other => FileProblem::UnclosedQuote(other.strip_prefix("unclosed_quote_")?.parse().ok()?),
        })
    }

    pub fn message(self) -> Message {
        match self {
            FileProblem::NoFile => Message::CsvNoFile,
            FileProblem::TooLarge => Message::CsvTooLarge(MAX_FILE_BYTES / 1024),
            FileProblem::NotText => Message::CsvNotText,
            FileProblem::Empty => Message::CsvEmpty,
            FileProblem::NoTitleColumn => Message::CsvNoTitleColumn,
            FileProblem::TooManyRows => Message::CsvTooManyRows(MAX_ROWS),
            FileProblem::UnclosedQuote(line) => Message::CsvUnclosedQuote(line),
        }
    }
}

/// One record of the file and the line it starts on (1-based, counting the header).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// Splits `text` into records: fields separated by `separator`, a field in double quotes may
/// hold separators, line breaks and doubled quotes; lines end in LF, CRLF or CR; blank lines
/// are skipped. Lenient where RFC 4180 is strict and the intent is plain (text after a closing
/// quote is kept); an unclosed quote is an error, since it would swallow the rest of the file.
fn records(text: &str, separator: char) -> Result<Vec<Record>, FileProblem> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut record_line, mut quote_line) = (1, 1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                quote_line = line;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                fields.push(std::mem::take(&mut field));
                push_record(&mut records, record_line, std::mem::take(&mut fields));
                line += 1;
                record_line = line;
            }
            c if c == separator => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if quoted {
        return Err(FileProblem::UnclosedQuote(quote_line));
    }
    fields.push(field);
    push_record(&mut records, record_line, fields);
    Ok(records)
}

/// Keeps a record unless it is a blank line.
fn push_record(records: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    if !(fields.len() == 1 && fields[0].trim().is_empty()) {
        records.push(Record { line, fields });
    }
}

/// What a column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Title,
    Description,
    Status,
    Deadline,
    PersonInCharge,
    Labels,
}

impl Column {
    /// The column a header names: the export's names, in any case, with spaces for underscores.
    fn named(header: &str) -> Option<Column> {
        Some(match header.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "title" => Column::Title,
            "description" => Column::Description,
            "status" => Column::Status,
            "deadline" | "due" | "due_date" => Column::Deadline,
            "person_in_charge" | "pic" | "assignee" => Column::PersonInCharge,
            "labels" => Column::Labels,
            _ => return None,
        })
    }
}

/// A row as the file gives it, each field found by its column (empty when the file has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub title: String,
    pub description: String,
    pub status: String,
    pub deadline: String,
    pub person_in_charge: String,
    pub labels: String,
}

/// A file read into rows: nothing checked against a board yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    /// Header names the import reads past (the export's ids and times, or anything unknown).
    pub ignored_columns: Vec<String>,
}

impl Sheet {
    /// Reads a file's bytes. The separator is a comma, or a semicolon when the header has no
    /// comma but a semicolon (what spreadsheets write where the comma is the decimal mark).
    pub fn parse(bytes: &[u8]) -> Result<Sheet, FileProblem> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(FileProblem::TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotText)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.contains('\0') {
            return Err(FileProblem::NotText);
        }
        let first_line = text.lines().next().unwrap_or_default();
        let separator = if !first_line.contains(',') && first_line.contains(';') { ';' } else { ',' };
        let mut records = records(text, separator)?.into_iter();
        let header = records.next().ok_or(FileProblem::Empty)?;
        let mut columns = Vec::with_capacity(header.fields.len());
        let mut ignored_columns = Vec::new();
        for name in &header.fields {
            let column = Column::named(name).filter(|column| !columns.contains(&Some(*column)));
            if column.is_none() && !name.trim().is_empty() {
                ignored_columns.push(name.trim().to_owned());
            }
            columns.push(column);
        }
        if !columns.contains(&Some(Column::Title)) {
            return Err(FileProblem::NoTitleColumn);
        }
        let records: Vec<Record> = records.collect();
        if records.is_empty() {
            return Err(FileProblem::Empty);
        }
        if records.len() > MAX_ROWS {
            return Err(FileProblem::TooManyRows);
        }
        let rows = records
            .into_iter()
            .map(|record| {
                let mut row = SheetRow { line: record.line, ..SheetRow::default() };
                for (column, value) in columns.iter().zip(record.fields) {
                    let value = undefused(value);
                    match column {
                        Some(Column::Title) => row.title = value,
                        Some(Column::Description) => row.description = value,
                        Some(Column::Status) => row.status = value,
                        Some(Column::Deadline) => row.deadline = value,
                        Some(Column::PersonInCharge) => row.person_in_charge = value,
                        Some(Column::Labels) => row.labels = value,
                        None => {}
                    }
                }
                row
            })
            .collect();
        Ok(Sheet { rows, ignored_columns })
    }
}

/// A field as it was before the export defused it: the export puts `'` in front of a field a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR), and the import takes it off.
fn undefused(field: String) -> String {
    let mut chars = field.chars();
    if chars.next() == Some('\'') && chars.next().is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')) {
        field[1..].to_owned()
    } else {
        field
    }
}

/// What a row is checked against: the board's members and labels.
pub struct Directory<'a> {
    pub members: &'a [Member],
    pub labels: &'a [Label],
}

/// A row that passed every check: a task to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    pub title: TaskTitle,
    pub description: Description,
    pub status: Status,
    pub deadline: Deadline,
    pub pic_id: Option<i64>,
    /// Label ids, each once, ascending.
    pub label_ids: Vec<i64>,
}

/// One row as the preview shows it: what it would create, or what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: usize,
    pub title: String,
    /// `None` when the file's status is not one of the columns.
    pub status: Option<Status>,
    pub deadline: String,
    /// The member put in charge, by name (or the file's text when it names nobody on the board).
    pub person_in_charge: String,
    pub labels: Vec<String>,
    /// Each field's problem, by the column it is in (`title`, `status`, …); empty when the row
    /// is fine.
    pub problems: Vec<FieldError>,
}

/// Checks a row; every problem of the row at once, like a form.
pub fn check(row: &SheetRow, board: &Directory<'_>) -> (PreviewRow, Option<CheckedRow>) {
    let mut form = FormErrors::default();
    let title = form.check(TaskTitle::parse(&row.title));
    let description = form.check(Description::parse(&row.description));
    let status = form.check(status_named(&row.status));
    let deadline = form.check(Deadline::parse(&row.deadline));
    let pic = form.check(member_named(&row.person_in_charge, board.members));
    let labels = form.check(labels_named(&row.labels, board.labels));
    let preview = PreviewRow {
        line: row.line,
        title: row.title.trim().to_owned(),
        status,
        deadline: row.deadline.trim().to_owned(),
        person_in_charge: match pic {
            Some(Some(member)) => member.name.clone(),
            _ => row.person_in_charge.trim().to_owned(),
        },
        labels: match &labels {
            Some(labels) => labels.iter().map(|label| label.name.clone()).collect(),
            None => split_labels(&row.labels).map(str::to_owned).collect(),
        },
        problems: form.into_vec(),
    };
    let checked = match (title, description, status, deadline, pic, labels) {
        (Some(title), Some(description), Some(status), Some(deadline), Some(pic), Some(labels)) => {
            let mut label_ids: Vec<i64> = labels.iter().map(|label| label.id).collect();
            label_ids.sort_unstable();
            Some(CheckedRow { title, description, status, deadline, pic_id: pic.map(|m| m.id), label_ids })
        }
        _ => None,
    };
    (preview, checked)
}

/// A status by its stored spelling (`in_progress`) or its column's name in any language (`In
/// progress`, `진행 중`), in any case; empty is To do.
fn status_named(text: &str) -> Result<Status, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Status::Todo);
    }
    let wanted = text.to_lowercase();
    Status::ALL
        .into_iter()
        .find(|status| {
            status.as_str() == wanted
                || [Locale::en, Locale::ko].into_iter().any(|locale| status.text(locale).to_lowercase() == wanted)
        })
        .ok_or_else(|| FieldError::new("status", Message::CsvStatusUnknown(text.to_owned())))
}

/// The member a row puts in charge: by email, by `@handle`, or by name when no other member has
/// it; empty is nobody.
fn member_named<'m>(text: &str, members: &'m [Member]) -> Result<Option<&'m Member>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let wanted = text.to_lowercase();
    let found: Vec<&Member> = if let Some(handle) = wanted.strip_prefix('@') {
        members.iter().filter(|m| m.handle.to_lowercase() == handle).collect()
    } else if wanted.contains('@') {
        members.iter().filter(|m| m.email.to_lowercase() == wanted).collect()
    } else {
        members.iter().filter(|m| m.name.trim().to_lowercase() == wanted).collect()
    };
    match found.as_slice() {
        [member] => Ok(Some(member)),
        [] => Err(FieldError::new("person_in_charge", Message::CsvPersonUnknown(text.to_owned()))),
        _ => Err(FieldError::new("person_in_charge", Message::CsvPersonAmbiguous(text.to_owned()))),
    }
}

/// A row's labels: names separated by `;` (as the export writes them), each a label of the
/// board, in any case; each once.
fn labels_named<'l>(text: &str, labels: &'l [Label]) -> Result<Vec<&'l Label>, FieldError> {
    let mut found: Vec<&Label> = Vec::new();
    for name in split_labels(text) {
        let wanted = name.to_lowercase();
        let label = labels
            .iter()
            .find(|label| label.name.to_lowercase() == wanted)
            .ok_or_else(|| FieldError::new("labels", Message::CsvLabelUnknown(name.to_owned())))?;
        if !found.iter().any(|l| l.id == label.id) {
            found.push(label);
        }
    }
    Ok(found)
}

fn split_labels(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|name| !name.is_empty())
}

/// The preview page's data: the file's rows as they would be imported into the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub board: BoardInfo,
    pub import_id: i64,
    pub file_name: String,
    pub rows: Vec<PreviewRow>,
    pub ignored_columns: Vec<String>,
    /// Set once the file was imported: how many tasks it made.
    pub imported: Option<usize>,
}

impl ImportPreview {
    /// How many rows have a problem: the import waits until there are none.
    pub fn rows_with_problems(&self) -> usize {
        self.rows.iter().filter(|row| !row.problems.is_empty()).count()
    }
}

/// The upload page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportUpload {
    pub board: BoardInfo,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{label::LabelColour, BoardRole};

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text, ',').unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn quoted_fields_keep_separators_quotes_and_line_breaks() {
        assert_eq!(
            fields("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n"),
            vec![vec!["a", "b, c", "say \"hi\""], vec!["two\nlines", "", "x"]]
        );
        // Blank lines (a trailing one too) are not rows; a lone CR ends a line.
        assert_eq!(fields("a\r\n\r\nb\rc\n\n"), vec![vec!["a"], vec!["b"], vec!["c"]]);
    }

    #[test]
    fn records_know_their_lines_and_an_unclosed_quote_is_refused() {
        let lines: Vec<usize> = records("h\n\"x\ny\"\nz\n", ',').unwrap().iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
        assert_eq!(records("h\nok\n\"never closed,\nmore\n", ','), Err(FileProblem::UnclosedQuote(3)));
    }

    #[test]
    fn the_header_finds_columns_in_any_order_and_case() {
        let sheet =
            Sheet::parse("\u{feff}ID,Labels,Title,Person in charge,version\n7,Bug,Fix it,Pia,3\n".as_bytes()).unwrap();
        assert_eq!(sheet.ignored_columns, vec!["ID", "version"]);
        let row = &sheet.rows[0];
        assert_eq!(
            (row.line, row.title.as_str(), row.labels.as_str(), row.person_in_charge.as_str()),
            (2, "Fix it", "Bug", "Pia")
        );
        // A short row leaves the rest empty; a semicolon file is read too.
        let sheet = Sheet::parse(b"title;status\nA;done\nB\n").unwrap();
        assert_eq!((sheet.rows[0].status.as_str(), sheet.rows[1].status.as_str()), ("done", ""));
    }

    #[test]
    fn files_that_cannot_be_imported_say_why() {
        assert_eq!(Sheet::parse(b""), Err(FileProblem::Empty));
        assert_eq!(Sheet::parse(b"title\n\n"), Err(FileProblem::Empty));
        assert_eq!(Sheet::parse(b"name,status\nx,todo\n"), Err(FileProblem::NoTitleColumn));
        assert_eq!(Sheet::parse(&[0xff, 0xfe, b't']), Err(FileProblem::NotText));
        assert_eq!(Sheet::parse(&vec![b'a'; MAX_FILE_BYTES + 1]), Err(FileProblem::TooLarge));
        let many = format!("title\n{}", "x\n".repeat(MAX_ROWS + 1));
        assert_eq!(Sheet::parse(many.as_bytes()), Err(FileProblem::TooManyRows));
        for problem in [FileProblem::NoFile, FileProblem::TooManyRows, FileProblem::UnclosedQuote(12)] {
            assert_eq!(FileProblem::from_code(&problem.code()), Some(problem));
        }
        assert_eq!(FileProblem::from_code("unclosed_quote_x"), None);
    }

    #[test]
    fn the_exports_defused_formulas_come_back_as_they_were() {
        assert_eq!(undefused("'=SUM(A1)".to_owned()), "=SUM(A1)");
        assert_eq!(undefused("'-1".to_owned()), "-1");
        assert_eq!(undefused("'quoted'".to_owned()), "'quoted'");
        assert_eq!(undefused("'".to_owned()), "'");
    }

    fn member(id: i64, name: &str, email: &str, handle: &str) -> Member {
        Member { id, name: name.into(), email: email.into(), handle: handle.into(), role: BoardRole::Member }
    }

    fn row(title: &str, status: &str, deadline: &str, pic: &str, labels: &str) -> SheetRow {
        SheetRow {
            line: 2,
            title: title.into(),
            status: status.into(),
            deadline: deadline.into(),
            person_in_charge: pic.into(),
            labels: labels.into(),
            ..SheetRow::default()
        }
    }

    #[test]
    fn rows_are_checked_against_the_boards_members_and_labels() {
        let members = [
            member(1, "Pia Park", "pia@example.com", "pia"),
            member(2, "Kim", "kim1@example.com", "kim1"),
            member(3, "Kim", "kim2@example.com", "kim2"),
        ];
        let labels = [
            Label { id: 20, name: "Urgent".into(), colour: LabelColour::Red },
            Label { id: 10, name: "Bug".into(), colour: LabelColour::Orange },
        ];
        let board = Directory { members: &members, labels: &labels };

        let (preview, checked) =
            check(&row(" Fix login ", "In review", "2020-01-31", "pia park", "urgent; Bug;bug"), &board);
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        let checked = checked.unwrap();
        assert_eq!((checked.title.as_str(), checked.status, checked.pic_id), ("Fix login", Status::InReview, Some(1)));
        assert_eq!(checked.label_ids, vec![10, 20], "each once, ascending; a past deadline is kept");
        assert_eq!(
            (preview.person_in_charge.as_str(), preview.labels.clone()),
            ("Pia Park", vec!["Urgent".into(), "Bug".into()])
        );

        for (pic, expected) in [("KIM2@example.com", Some(3)), ("@kim1", Some(2)), ("", None)] {
            assert_eq!(check(&row("t", "", "", pic, ""), &board).1.unwrap().pic_id, expected, "{pic}");
        }
        assert_eq!(check(&row("t", "진행 중", "", "", ""), &board).1.unwrap().status, Status::InProgress);
        assert_eq!(check(&row("t", "done", "", "", ""), &board).1.unwrap().status, Status::Done);

        let (preview, checked) = check(&row("", "Later", "31/01/2027", "Kim", "Feature"), &board);
        assert!(checked.is_none());
        let problems: Vec<(&str, &Message)> = preview.problems.iter().map(|p| (p.field.as_str(), &p.message)).collect();
        assert_eq!(
            problems,
            vec![
                ("title", &Message::TitleMissing),
                ("status", &Message::CsvStatusUnknown("Later".into())),
                ("deadline", &Message::DateInvalid),
                ("person_in_charge", &Message::CsvPersonAmbiguous("Kim".into())),
                ("labels", &Message::CsvLabelUnknown("Feature".into())),
            ]
        );
        assert_eq!(preview.status, None);
        let (preview, _) = check(&row("t", "", "", "Nobody", ""), &board);
        assert_eq!(preview.problems[0].message, Message::CsvPersonUnknown("Nobody".into()));
    }
}
