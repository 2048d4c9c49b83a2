//! `/boards/{id}/import`: a board's admins upload a CSV file; `/boards/{id}/import/{import}`:
//! its rows as they would be imported, each with its problems, and the button that imports
//! them all. The upload is a plain multipart form (a file cannot go through a server fn's
//! URL-encoded form), so the whole import works without JavaScript.

use crate::{
    api::csv_import::{load_import_preview, load_import_upload, RunCsvImport},
    domain::{
        csv_import::{FileProblem, ImportPreview, PreviewRow},
        AppError,
    },
    i18n::*,
    ui::{
        components::{Alert, BackToBoard, ButtonStyle, Field, FormField, FormSpec, LoadError, ServerForm, Tone},
        locale::use_locale,
        pages::{board::board_id_param, NotFoundPage},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ImportUploadPage() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    // The upload sends the browser back here when the file as a whole cannot be imported.
    let problem = use_query_map()
        .with_untracked(|q| q.get("problem").and_then(|code| FileProblem::from_code(&code)))
        .map(|problem| problem.message().text(locale).into_owned());
    let page = Resource::new(
        move || board,
        |board| async move {
            match board {
                Some(board) => load_import_upload(board).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
            {move || {
                let problem = problem.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(page) => {
                            let board = page.board;
                            let field = Field::input(td_string!(locale, imports.file), "file", "file")
                                .hint(td_string!(locale, imports.file_hint));
                            view! {
                                <Title text=td_string!(locale, imports.title, board = &board.name).to_string() />
                                <BackToBoard id=board.id name=board.name.clone() />
                                <h1 class="text-2xl font-semibold mb-2">{td_string!(locale, imports.import_tasks)}</h1>
                                <p class="mb-4 text-sm text-slate-700 max-w-prose">
                                    {td_string!(locale, imports.explained)}
                                </p>
                                <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 max-w-xl">
                                    <form
                                        method="post"
                                        enctype="multipart/form-data"
                                        action=format!("/boards/{}/import", board.id)
                                        class="flex flex-col gap-4"
                                    >
                                        <FormField field error=Signal::stored(problem) />
                                        <div>
                                            <button type="submit" class=ButtonStyle::Primary.class()>
                                                {td_string!(locale, imports.preview_import)}
                                            </button>
                                        </div>
                                    </form>
                                </section>
                            }
                                .into_any()
                        }
                        Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    let import = use_params_map().with_untracked(|p| p.get("import").and_then(|id| id.parse::<i64>().ok()));
    let page = Resource::new(
        move || (board, import),
        |ids| async move {
            match ids {
                (Some(board), Some(import)) => load_import_preview(board, import).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(preview) => view! { <Preview preview /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let locale = use_locale();
    let board = preview.board.clone();
    let upload = format!("/boards/{}/import", board.id);
    let total = preview.rows.len();
    let with_problems = preview.rows_with_problems();
    let ignored = (!preview.ignored_columns.is_empty())
        .then(|| td_string!(locale, imports.ignored, columns = preview.ignored_columns.join(", ")).to_string());
    let outcome = match preview.imported {
        Some(count) => view! {
            <Alert tone=Tone::Success role="status" class="mb-4">
                {td_string!(locale, imports.done, count = count).to_string()}
                " "
                <a href=format!("/boards/{}", board.id) class="underline">{td_string!(locale, imports.open_board)}</a>
            </Alert>
        }
        .into_any(),
        None if with_problems > 0 => view! {
            <Alert tone=Tone::Error role="alert" class="mb-4">
                {td_string!(locale, imports.has_problems, count = with_problems).to_string()}
            </Alert>
            <p class="mb-4">
                <a href=upload.clone() class=ButtonStyle::Secondary.class()>
                    {td_string!(locale, imports.upload_another)}
                </a>
            </p>
        }
        .into_any(),
        None => {
            let form =
                FormSpec::new(RunCsvImport::url(), &td_string!(locale, imports.import, count = total).to_string())
                    .hidden("board", board.id)
                    .hidden("import", preview.import_id)
                    .cancel(&upload);
            view! {
                <p class="mb-4">{td_string!(locale, imports.ready, count = total).to_string()}</p>
                <div class="mb-6">
                    <ServerForm form />
                </div>
            }
            .into_any()
        }
    };
    view! {
        <Title text=td_string!(locale, imports.preview_title, board = &board.name).to_string() />
        <BackToBoard id=board.id name=board.name.clone() />
        <h1 class="text-2xl font-semibold mb-2 break-words">
            {td_string!(locale, imports.preview_heading, file = &preview.file_name).to_string()}
        </h1>
        {ignored.map(|text| view! { <p class="mb-4 text-sm text-slate-700">{text}</p> })}
        {outcome}
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table class="min-w-full text-sm">
                <caption class="sr-only">{td_string!(locale, imports.rows_caption)}</caption>
                <thead class="bg-slate-50 text-left">
                    <tr>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_line)}</th>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_title)}</th>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_status)}</th>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_deadline)}</th>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_pic)}</th>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_labels)}</th>
                        <th scope="col" class="px-3 py-2 font-semibold">{td_string!(locale, imports.col_problems)}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-200">
                    {preview.rows.into_iter().map(|row| view! { <PreviewLine row /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One row of the file; a row with problems is marked, and each problem names its column.
#[component]
fn PreviewLine(row: PreviewRow) -> impl IntoView {
    let locale = use_locale();
    let status = row.status.map(|status| status.text(locale)).unwrap_or_default();
    let problems: Vec<String> = row
        .problems
        .iter()
        .map(|problem| {
            let column = column_name(&problem.field, locale);
            td_string!(locale, imports.problem, column = column, message = problem.message.text(locale)).to_string()
        })
        .collect();
    let class = if problems.is_empty() { "" } else { "bg-red-50" };
    let problems = if problems.is_empty() {
        view! { <span class="text-slate-700">{td_string!(locale, imports.no_problem)}</span> }.into_any()
    } else {
        view! {
            <ul class="list-disc pl-4 text-red-800">
                {problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <tr class=class>
            <th scope="row" class="px-3 py-2 font-normal tabular-nums">{row.line}</th>
            <td class="px-3 py-2 break-words max-w-xs">{row.title}</td>
            <td class="px-3 py-2">{status}</td>
            <td class="px-3 py-2 tabular-nums">{row.deadline}</td>
            <td class="px-3 py-2 break-words">{row.person_in_charge}</td>
            <td class="px-3 py-2 break-words">{row.labels.join(", ")}</td>
            <td class="px-3 py-2">{problems}</td>
        </tr>
    }
}

/// The preview's heading for the column a problem is in (`title`, `person_in_charge`, …).
fn column_name(field: &str, locale: Locale) -> &'static str {
    match field {
        "title" => td_string!(locale, imports.col_title),
        "status" => td_string!(locale, imports.col_status),
        "deadline" => td_string!(locale, imports.col_deadline),
        "person_in_charge" => td_string!(locale, imports.col_pic),
        "labels" => td_string!(locale, imports.col_labels),
        _ => td_string!(locale, task.description),
    }
}
