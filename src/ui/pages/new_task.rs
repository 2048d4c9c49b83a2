//! `/boards/{id}/tasks/new`: a task on that board with the viewer as its supervisor.

use crate::{
    api::tasks::{load_new_task_form, CreateTask},
    domain::{membership::person_choices, task::DESCRIPTION_MAX_CHARS, AppError, Member, NewTaskForm},
    i18n::*,
    ui::{
        components::{Field, FormCard, FormSpec, LoadError, ServerForm},
        locale::use_locale,
        pages::{board::board_id_param, NotFoundPage},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn NewTaskPage() -> impl IntoView {
    let locale = use_locale();
    let board = board_id_param();
    let form = Resource::new(
        move || board,
        |board| async move {
            match board {
                Some(board) => load_new_task_form(board).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, task.loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => {
                        view! {
                            <Title text=td_string!(locale, task.new_task) />
                            <FormCard title=td_string!(locale, task.new_task) wide=true>
                                <p class="-mt-2 mb-4 text-sm text-slate-600">
                                    {td_string!(locale, task.on_board, board = &form.board.name).to_string()}
                                </p>
                                <ServerForm form=new_task_form(form) />
                            </FormCard>
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

/// The server answers a created task with a redirect to its board, which highlights it.
fn new_task_form(form: NewTaskForm) -> FormSpec {
    let locale = use_locale();
    let board = format!("/boards/{}", form.board.id);
    FormSpec::new(CreateTask::url(), td_string!(locale, task.create_task))
        .hidden("board", form.board.id)
        // One id per form shown: sending it twice creates one task.
        .hidden("request_id", form.request_id)
        .field(Field::input(td_string!(locale, task.title), "title", "text"))
        .field(
            Field::text_area(td_string!(locale, task.description), "description")
                .hint(td_string!(locale, task.description_hint, max = DESCRIPTION_MAX_CHARS).to_string()),
        )
        .field(
            Field::input(td_string!(locale, task.deadline), "deadline", "date").hint(td_string!(locale, task.optional)),
        )
        .field(Field::select(td_string!(locale, task.person_in_charge), "pic", pic_options(&form.people)))
        .cancel(&board)
}

/// The "Person in charge" choices: nobody, then the board's members by name (and email, where
/// two share a name).
pub fn pic_options(members: &[Member]) -> Vec<(String, String)> {
    std::iter::once((String::new(), td_string!(use_locale(), task.nobody_yet).to_owned()))
        .chain(person_choices(members).into_iter().map(|(id, label)| (id.to_string(), label)))
        .collect()
}
