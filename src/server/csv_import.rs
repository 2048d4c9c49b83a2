//! Importing a CSV file into a board, for its admins, in three steps that need no JavaScript:
//!
//! 1. the upload (`POST /boards/{id}/import`, a multipart form) reads the file, keeps it
//!    (`csv_imports`) and sends the browser to its preview, or back to the form naming what is
//!    wrong with the file as a whole;
//! 2. the preview ([`preview`]) checks every row against the board and shows each row's
//!    problems beside it;
//! 3. the import ([`import`]) reads the file again under the board's locks, checks every row
//!    again and creates all its tasks in one transaction (each with its `created` event, like a
//!    task made with the form), or nothing at all when any row is wrong.

use super::{
    auth::{AuthSession, User},
    boards,
    db::{
        boards as board_queries, csv_imports as queries, labels as label_queries,
        tasks::{self as task_queries, Column, TaskFields, POSITION_STEP},
        Db,
    },
    errors::ServerError,
    tasks::{self, Creation, People},
    AppState,
};
use crate::domain::{
    csv_import::{check, CheckedRow, Directory, FileProblem, ImportPreview, ImportUpload, Sheet, MAX_FILE_BYTES},
    AppError, Message, Status,
};
use axum::{
    extract::{multipart::MultipartRejection, Multipart, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The upload: `file`, a CSV file. Answers with a redirect (303) to the preview or back to the
/// form; 404 to a non-member, 403 to a member who is not an admin.
#[tracing::instrument(skip_all, fields(board.id = board_id))]
pub async fn upload(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(board_id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(user) = auth.user else { return Redirect::to("/login").into_response() };
    let back = |problem: FileProblem| {
        Redirect::to(&format!("/boards/{board_id}/import?problem={}", problem.code())).into_response()
    };
    let result = async {
        boards::require_admin(&state.db, board_id, user.id).await?;
        let Ok(multipart) = multipart else { return Ok(Err(None)) };
        let (file_name, bytes) = match read_file(multipart).await {
            Ok(file) => file,
            Err(problem) => return Ok(Err(problem)),
        };
        if let Err(problem) = Sheet::parse(&bytes) {
            return Ok(Err(Some(problem)));
        }
        // Parsed, so it is UTF-8.
        let content = String::from_utf8(bytes).unwrap_or_default();
        let id = queries::insert(&state.db, board_id, user.id, file_name, content, super::audit::record::now()).await?;
        tracing::info!(import.id = id, "CSV file uploaded");
        Ok::<_, ServerError>(Ok(id))
    }
    .await;
    match result {
        Ok(Ok(id)) => Redirect::to(&format!("/boards/{board_id}/import/{id}")).into_response(),
        Ok(Err(Some(problem))) => back(problem),
        Ok(Err(None)) => (StatusCode::BAD_REQUEST, "Send the file as multipart/form-data.").into_response(),
        Err(error) => super::errors::plain_response(error),
    }
}

/// The form's `file` field: its name and bytes. `Err(None)`: the request is not a form this
/// page sends.
async fn read_file(mut multipart: Multipart) -> Result<(String, Vec<u8>), Option<FileProblem>> {
    while let Some(mut field) = multipart.next_field().await.map_err(|_| None)? {
        if field.name() != Some("file") {
            continue;
        }
        let name: String = field.file_name().unwrap_or_default().chars().take(255).collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| None)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_FILE_BYTES {
                return Err(Some(FileProblem::TooLarge));
            }
        }
        if bytes.is_empty() && name.is_empty() {
            return Err(Some(FileProblem::NoFile));
        }
        return Ok((name, bytes));
    }
    Err(Some(FileProblem::NoFile))
}

/// The upload page: for the board's admins.
#[tracing::instrument(skip(db), fields(user.id = viewer.id), err(level = "debug"))]
pub async fn upload_page(db: &Db, viewer: &User, board_id: i64) -> Result<ImportUpload, ServerError> {
    Ok(ImportUpload { board: boards::require_admin(db, board_id, viewer.id).await? })
}

/// The preview of file `import_id` (uploaded by `viewer`, an admin of board `board_id`): each
/// row as it would be imported, with its problems.
#[tracing::instrument(skip(db), fields(user.id = viewer.id), err(level = "debug"))]
pub async fn preview(db: &Db, viewer: &User, board_id: i64, import_id: i64) -> Result<ImportPreview, ServerError> {
    let board = boards::require_admin(db, board_id, viewer.id).await?;
    let file = queries::find(db, import_id, board_id, viewer.id).await?.ok_or(AppError::NotFound)?;
    let sheet = Sheet::parse(file.content.as_bytes()).map_err(|_| AppError::NotFound)?;
    let members = board_queries::members(db, board_id).await?;
    let labels = label_queries::find_of_board(db, board_id).await?;
    let directory = Directory { members: &members, labels: &labels };
    let rows = sheet.rows.iter().map(|row| check(row, &directory).0).collect();
    Ok(ImportPreview {
        board,
        import_id,
        file_name: file.file_name,
        rows,
        ignored_columns: sheet.ignored_columns,
        imported: file.imported_count.map(|count| count as usize),
    })
}

/// Imports file `import_id` into board `board_id`: every row becomes a task at the top of its
/// column (in the file's order), with `actor` as its supervisor. Returns how many tasks it made;
/// a file imported already makes none and answers the same. A row that no longer passes (a
/// member left, a label was deleted since the preview) refuses the whole import.
#[tracing::instrument(skip_all, fields(user.id = actor.id, board.id = board_id, import.id = import_id), err(level = "debug"))]
pub async fn import(
    db: &Db,
    actor: &User,
    emails_per_minute: i64,
    board_id: i64,
    import_id: i64,
) -> Result<usize, ServerError> {
    let actor = tasks::person(actor);
    let count = db
        .write(move |conn| {
            Box::pin(async move {
                // Every column the rows may go to, in column order (as a board's deletion
                // takes them), then the board's shared lock, before any plain read.
                for status in Status::ALL {
                    tasks::lock_column(conn, Column::new(board_id, status)).await?;
                }
                tasks::lock_board(conn, board_id).await?;
                let board = tasks::member_of(conn, board_id, actor.id).await?;
                if !board.role.is_admin() {
                    return Err(AppError::Forbidden.into());
                }
                let file = queries::lock(conn, import_id, actor.id).await?;
                let file = file.filter(|file| file.board_id == board_id).ok_or(AppError::NotFound)?;
                if let Some(count) = file.imported_count {
                    return Ok(count as usize);
                }
                tasks::check_pace(conn, actor.id, emails_per_minute).await?;
                let sheet = Sheet::parse(file.content.as_bytes()).map_err(|_| AppError::NotFound)?;
                let members = board_queries::members_of(conn, board_id).await?;
                let labels = label_queries::of_board(conn, board_id).await?;
                let directory = Directory { members: &members, labels: &labels };
                let rows: Option<Vec<CheckedRow>> = sheet.rows.iter().map(|row| check(row, &directory).1).collect();
                let rows = rows.ok_or(AppError::Refused(Message::ImportOutOfDate))?;
                let mut ids: Vec<Option<i64>> = rows.iter().map(|row| row.pic_id).collect();
                ids.push(Some(actor.id));
                let people = People::load(conn, board_id, &ids).await?;
                let positions = top_positions(conn, board_id, &rows).await?;
                for (row, position) in rows.iter().zip(positions) {
                    let fields = TaskFields {
                        title: row.title.as_str(),
                        description: row.description.as_str(),
                        deadline: row.deadline.date(),
                        pic_id: row.pic_id,
                        status: row.status,
                    };
                    let creation = Creation { fields, position, label_ids: &row.label_ids, event_id: None };
                    tasks::insert_created(conn, &board, &actor, &people, &labels, creation).await?;
                }
                queries::mark_imported(conn, import_id, rows.len() as i32).await?;
                Ok(rows.len())
            })
        })
        .await?;
    tracing::info!(count, "CSV file imported");
    Ok(count)
}

/// Each row's position: the rows of one column go in front of its first card, in the file's
/// order, so what was just imported is at the top of the board however long its columns are.
async fn top_positions(
    conn: &mut diesel_async::AsyncMysqlConnection,
    board_id: i64,
    rows: &[CheckedRow],
) -> Result<Vec<i64>, ServerError> {
    let mut next = [0_i64; 4];
    for status in Status::ALL {
        let count = rows.iter().filter(|row| row.status == status).count() as i64;
        let first = task_queries::first_position(conn, Column::new(board_id, status)).await?;
        next[status.column_index()] = match first {
            Some(first) => first - count * POSITION_STEP,
            None => POSITION_STEP,
        };
    }
    Ok(rows
        .iter()
        .map(|row| {
            let slot = &mut next[row.status.column_index()];
            let position = *slot;
            *slot += POSITION_STEP;
            position
        })
        .collect())
}
