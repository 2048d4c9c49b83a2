//! `/boards/{id}/labels`: the board's labels, each with how many tasks carry it; its admins add
//! labels and delete them (asked first: the question is a page state, `?delete={id}`, so it
//! needs no JavaScript). Members read the list.

use crate::{
    api::labels::{load_labels, AddLabel, DeleteLabel},
    domain::{
        label::{LabelColour, LabelUse},
        AppError,
    },
    i18n::*,
    ui::{
        components::{Alert, BackToBoard, Button, ButtonStyle, Field, FormSpec, LoadError, ServerForm, Tone},
        locale::use_locale,
        pages::{board::board_id_param, NotFoundPage},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the URL asks the page to say or ask.
#[derive(Clone, Copy, PartialEq, Eq)]
struct PageState {
    /// `?added=1`.
    added: bool,
    /// `?deleted=1`.
    deleted: bool,
    /// `?delete={id}`: asking before deleting that label.
    confirm_delete: Option<i64>,
}

#[component]
pub fn LabelsPageView() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    let state = use_query_map().with_untracked(|q| PageState {
        added: q.get("added").is_some(),
        deleted: q.get("deleted").is_some(),
        confirm_delete: q.get("delete").and_then(|v| v.parse::<i64>().ok()),
    });
    let page = Resource::new(
        move || board,
        |board| async move {
            match board {
                Some(board) => load_labels(board).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, labels.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let manage = page.can_manage();
                        let board = page.board.clone();
                        let here = format!("/boards/{}/labels", board.id);
                        view! {
                            <Title text=td_string!(locale, labels.title, board = &board.name).to_string() />
                            <BackToBoard id=board.id name=board.name.clone() />
                            <h1 class="text-2xl font-semibold mb-2">{td_string!(locale, labels.labels)}</h1>
                            <p class="mb-4 text-sm text-slate-700">{td_string!(locale, labels.explained)}</p>
                            <Notices state />
                            <div class="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] items-start">
                                <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">
                                    {page
                                        .labels
                                        .is_empty()
                                        .then(|| view! { <p class="text-slate-700">{td_string!(locale, labels.empty)}</p> })}
                                    <ul class="flex flex-col divide-y divide-slate-200">
                                        {page
                                            .labels
                                            .into_iter()
                                            .map(|entry| {
                                                let asking = state.confirm_delete == Some(entry.label.id);
                                                view! { <LabelEntry entry manage asking here=here.clone() /> }
                                            })
                                            .collect_view()}
                                    </ul>
                                </section>
                                {if manage {
                                    view! {
                                        <section
                                            aria-labelledby="add-label-heading"
                                            class="rounded-lg bg-white p-6 shadow-sm border border-slate-200"
                                        >
                                            <h2 id="add-label-heading" class="text-lg font-semibold mb-4">
                                                {td_string!(locale, labels.add_heading)}
                                            </h2>
                                            <ServerForm form=add_form(board.id) />
                                        </section>
                                    }
                                        .into_any()
                                } else {
                                    view! { <p class="text-sm text-slate-700">{td_string!(locale, labels.admins_only)}</p> }
                                        .into_any()
                                }}
                            </div>
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
    let said = |shown: bool, text: &'static str| {
        shown.then(|| {
            view! {
                <Alert tone=Tone::Success role="status" class="mb-4">
                    {text}
                </Alert>
            }
        })
    };
    view! {
        {said(state.added, td_string!(locale, labels.added))}
        {said(state.deleted, td_string!(locale, labels.deleted))}
    }
}

#[component]
fn LabelEntry(entry: LabelUse, manage: bool, asking: bool, here: String) -> impl IntoView {
    let locale = use_locale();
    let LabelUse { label, tasks } = entry;
    let used = td_string!(locale, labels.used_by, count = tasks as usize).to_string();
    let deleting = manage.then(|| {
        let name = label.name.clone();
        if asking {
            let form = FormSpec::new(DeleteLabel::url(), td_string!(locale, labels.delete))
                .hidden("id", label.id)
                .danger()
                .cancel(&here);
            view! {
                <div class="flex flex-col gap-2 rounded border border-red-200 p-3">
                    <p>{td_string!(locale, labels.delete_question, name = &name).to_string()}</p>
                    <ServerForm form />
                </div>
            }
            .into_any()
        } else {
            view! {
                <form method="get" action=here.clone()>
                    <input type="hidden" name="delete" value=label.id.to_string() />
                    <Button variant=ButtonStyle::DangerOutline>
                        {td_string!(locale, labels.delete_label, name = &name).to_string()}
                    </Button>
                </form>
            }
            .into_any()
        }
    });
    view! {
        <li class="py-3 flex flex-wrap items-center justify-between gap-3">
            <div class="flex items-center gap-3 min-w-0">
                <span class=label.colour.class()>{label.name.clone()}</span>
                <span class="text-sm text-slate-700">{used}</span>
            </div>
            {deleting}
        </li>
    }
}

/// The admins' form: a name and one of the eight colours.
fn add_form(board_id: i64) -> FormSpec {
    let locale = use_locale();
    let colours = LabelColour::ALL
        .into_iter()
        .map(|colour| (colour.as_str().to_owned(), colour.text(locale).to_owned()))
        .collect();
    FormSpec::new(AddLabel::url(), td_string!(locale, labels.add_label))
        .hidden("board", board_id)
        .field(Field::input(td_string!(locale, labels.label_name), "name", "text"))
        .field(Field::select(td_string!(locale, labels.colour), "colour", colours).value(LabelColour::Gray.as_str()))
}
