//! `GET /boards/{id}/export.csv`: every task of a board (not those in the trash) as CSV, for a
//! spreadsheet or another tool: its fields, its people, labels and checklist progress. For the
//! board's members (anyone else gets 404, logged out 401). Read a page at a time through the
//! REST API's list query (`db::task_list`), so a board of 50,000 tasks is 100 indexed queries,
//! never one unbounded one.

use super::{
    auth::AuthSession,
    boards,
    db::task_list::{self, After, ListedTask, Slice},
    errors::ServerError,
    AppState,
};
use crate::domain::BoardFilter;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

/// Tasks read per query.
const PAGE: u32 = 500;

const HEADER: [&str; 14] = [
    "id",
    "title",
    "description",
    "status",
    "deadline",
    "supervisor",
    "person_in_charge",
    "labels",
    "checklist_done",
    "checklist_total",
    "version",
    "created_at",
    "updated_at",
    "updated_by",
];

#[tracing::instrument(skip_all, fields(board.id = board))]
pub async fn board_csv(State(state): State<AppState>, auth: AuthSession, Path(board): Path<i64>) -> Response {
    let Some(user) = auth.user else { return StatusCode::UNAUTHORIZED.into_response() };
    match export(&state, user.id, board).await {
        Ok((name, csv)) => {
            // An ASCII name for every client, and the board's own (RFC 6266) for those that read it.
            let encoded = percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC);
            let file = format!("attachment; filename=\"{}.csv\"; filename*=UTF-8''{encoded}.csv", file_name(&name));
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, file.as_str())], csv)
                .into_response()
        }
        Err(error) => crate::server::errors::plain_response(error),
    }
}

async fn export(state: &AppState, viewer: i64, board_id: i64) -> Result<(String, String), ServerError> {
    let board = boards::member_of(&state.db, board_id, viewer).await?;
    // A UTF-8 byte order mark: spreadsheet programs then read names like 담당자 right.
    let mut csv = String::from("\u{feff}");
    push_row(&mut csv, HEADER.iter().map(|h| (*h).to_owned()));
    let mut after: Option<After> = None;
    loop {
        let slice = Slice { filter: BoardFilter::default(), status: None, after, limit: PAGE };
        let today = chrono::Utc::now().date_naive();
        let page = task_list::page(&state.db, board_id, viewer, slice, today).await?;
        for task in &page {
            push_row(&mut csv, fields(task));
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => {
                after = Some(After { status: last.row.status, position: last.row.position, id: last.row.id });
            }
            _ => break,
        }
    }
    Ok((board.name, csv))
}

fn fields(task: &ListedTask) -> impl Iterator<Item = String> {
    let row = &task.row;
    let time = |at: chrono::NaiveDateTime| at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let labels: Vec<&str> = task.labels.iter().map(|label| label.name.as_str()).collect();
    [
        row.id.to_string(),
        row.title.clone(),
        row.description.clone(),
        row.status.as_str().to_owned(),
        row.deadline.map(|d| d.to_string()).unwrap_or_default(),
        task.supervisor.name.clone(),
        task.pic.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        labels.join("; "),
        task.checklist.0.to_string(),
        task.checklist.1.to_string(),
        row.version.to_string(),
        time(row.created_at),
        time(row.updated_at),
        task.updated_by.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
    ]
    .into_iter()
}

/// One CSV line (RFC 4180): a field with a comma, quote or line break is quoted, its quotes
/// doubled. A field a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading `'`, so a task titled `=HYPERLINK(…)` stays text.
fn push_row(csv: &mut String, fields: impl Iterator<Item = String>) {
    for (index, field) in fields.enumerate() {
        if index > 0 {
            csv.push(',');
        }
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{field}") } else { field };
        if field.contains([',', '"', '\n', '\r']) {
            csv.push('"');
            csv.push_str(&field.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(&field);
        }
    }
    csv.push_str("\r\n");
}

/// The board's name as an ASCII file name: letters, digits, dashes and underscores (others
/// become `_`), at most 60 characters, `board` if nothing is left.
fn file_name(board: &str) -> String {
    let name: String = board
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(60)
        .collect();
    if name.trim_matches('_').is_empty() {
        "board".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut csv = String::new();
        push_row(
            &mut csv,
            ["plain", "a, b", "say \"hi\"", "two\nlines", "=HYPERLINK(\"x\")", "-1", "@SUM"]
                .into_iter()
                .map(String::from),
        );
        assert_eq!(csv, "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(\"\"x\"\")\",'-1,'@SUM\r\n");
    }

    #[test]
    fn board_names_become_safe_file_names() {
        assert_eq!(file_name("Launch Q3/2026"), "Launch_Q3_2026");
        assert_eq!(file_name("출시 계획"), "board");
        assert_eq!(file_name("\"; rm -rf"), "___rm_-rf");
        assert_eq!(file_name("///"), "board");
    }
}
