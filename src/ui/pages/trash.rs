//! `/boards/{id}/trash`: the board's deleted tasks, newest first, each with when it goes for
//! good; its supervisor and the board's admins restore it or delete it for good (asked first:
//! the question is a page state, `?purge={id}`, so it needs no JavaScript).

use crate::{
    api::trash::{load_trash, PurgeTask, RestoreTask},
    domain::{trash::TrashedTask, AppError},
    i18n::*,
    ui::{
        components::{Alert, BackToBoard, Button, ButtonStyle, FormSpec, LoadError, ServerForm, Tone},
        locale::{moment_text, use_locale},
        pages::{board::board_id_param, NotFoundPage},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the URL asks the page to say or ask.
#[derive(Clone, Copy, PartialEq, Eq)]
struct PageState {
    /// `?restored={id}`: that task is back on the board.
    restored: Option<i64>,
    /// `?purged=1`.
    purged: bool,
    /// `?purge={id}`: asking before deleting that task for good.
    confirm_purge: Option<i64>,
}

#[component]
pub fn TrashPageView() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    let state = use_query_map().with_untracked(|q| {
        let id = |name: &str| q.get(name).and_then(|v| v.parse::<i64>().ok());
        PageState { restored: id("restored"), purged: q.get("purged").is_some(), confirm_purge: id("purge") }
    });
    let page = Resource::new(
        move || board,
        |board| async move {
            match board {
                Some(board) => load_trash(board).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, trash.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let here = format!("/boards/{}/trash", page.board.id);
                        view! {
                            <Title text=td_string!(locale, trash.title, board = &page.board.name).to_string() />
                            <BackToBoard id=page.board.id name=page.board.name.clone() />
                            <h1 class="text-2xl font-semibold mb-2">{td_string!(locale, trash.trash)}</h1>
                            <p class="mb-4 text-sm text-slate-700">{td_string!(locale, trash.explained)}</p>
                            <Notices state />
                            <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
                                {page
                                    .tasks
                                    .is_empty()
                                    .then(|| view! { <p class="text-slate-700">{td_string!(locale, trash.empty)}</p> })}
                                <ul class="flex flex-col divide-y divide-slate-200">
                                    {page
                                        .tasks
                                        .into_iter()
                                        .map(|task| {
                                            let asking = state.confirm_purge == Some(task.id);
                                            view! { <TrashEntry task asking here=here.clone() /> }
                                        })
                                        .collect_view()}
                                </ul>
                                {page
                                    .more
                                    .then(|| view! { <p class="mt-4 text-sm text-slate-700">{td_string!(locale, trash.more)}</p> })}
                            </section>
                        }
                            .into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Notices(state: PageState) -> impl IntoView {
    let locale = use_locale();
    let restored = state.restored.map(|id| {
        view! {
            <Alert tone=Tone::Success role="status" class="mb-4">
                {td_string!(locale, trash.restored)} " "
                <a href=format!("/tasks/{id}") class="underline">{td_string!(locale, trash.open_task)}</a>
            </Alert>
        }
    });
    let purged = state.purged.then(|| {
        view! {
            <Alert tone=Tone::Success role="status" class="mb-4">
                {td_string!(locale, trash.purged)}
            </Alert>
        }
    });
    view! { {restored} {purged} }
}

#[component]
fn TrashEntry(task: TrashedTask, asking: bool, here: String) -> impl IntoView {
    let locale = use_locale();
    let deleted = match &task.trashed_by {
        Some(name) => {
            td_string!(locale, trash.deleted_by, name = name, date = moment_text(task.trashed_at)).to_string()
        }
        None => td_string!(locale, trash.deleted_on, date = moment_text(task.trashed_at)).to_string(),
    };
    let column = td_string!(locale, trash.goes_back_to, column = task.status.text(locale)).to_string();
    let purged_on = td_string!(locale, trash.purged_on, date = moment_text(task.purged_after())).to_string();
    let title = task.title.clone();
    let actions = task.can_restore.then(|| {
        let restore = FormSpec::new(
            RestoreTask::url(),
            &td_string!(locale, trash.restore_title, title = &task.title).to_string(),
        )
        .hidden("id", task.id)
        .hidden("version", task.version);
        let purge = if asking {
            let form = FormSpec::new(PurgeTask::url(), td_string!(locale, trash.purge))
                .hidden("id", task.id)
                .hidden("version", task.version)
                .danger()
                .cancel(&here);
            view! {
                <div class="flex flex-col gap-2 rounded border border-red-200 p-3">
                    <p>{td_string!(locale, trash.purge_question, title = &task.title).to_string()}</p>
                    <ServerForm form />
                </div>
            }
            .into_any()
        } else {
            view! {
                <form method="get" action=here.clone()>
                    <input type="hidden" name="purge" value=task.id.to_string() />
                    <Button variant=ButtonStyle::DangerOutline>
                        {td_string!(locale, trash.purge_title, title = &task.title).to_string()}
                    </Button>
                </form>
            }
            .into_any()
        };
        view! {
            <div class="flex flex-wrap items-start gap-2">
                <ServerForm form=restore />
                {purge}
            </div>
        }
    });
    view! {
        <li class="py-3 flex flex-col gap-2">
            <p class="font-medium break-words">{title}</p>
            <p class="text-sm text-slate-700">{deleted} " · " {column} " · " {purged_on}</p>
            {actions}
        </li>
    }
}
