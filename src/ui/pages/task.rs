//! `/tasks/{id}`: one task — every field, who supervises it and who is in charge — with the
//! form the viewer may use: the supervisor edits everything and may delete, the person in
//! charge changes the status, everyone else reads.

use crate::{
    api::tasks::{load_history, load_task, ChangeStatus, DeleteTask, UpdateTask},
    domain::{audit::TaskHistory, AppError, Status, TaskDetails, TaskPage},
    ui::{
        components::{Control, FormField, FormMessage, LoadError, SubmitButton},
        forms::{field_error, form_error},
        pages::{new_task::pic_options, NotFoundPage},
    },
};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Form,
    hooks::{use_params_map, use_query_map},
};

#[component]
pub fn TaskDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let actions =
        TaskActions { update: ServerAction::new(), change_status: ServerAction::new(), delete: ServerAction::new() };
    // Loaded again after every save, so the form shows what is stored (after a conflict: what
    // the other person saved).
    let page = Resource::new(
        move || (id.get(), actions.update.version().get(), actions.change_status.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => load_task(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );

    view! {
        <p class="mb-4">
            <a href="/" class="text-indigo-700 underline rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                "← Board"
            </a>
        </p>
        <Suspense fallback=|| view! { <p>"Loading the task…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <TaskView page actions /> }.into_any(),
                    Err(AppError::NotFound) => {
                        view! { <DeletedTask id=id.get_untracked().unwrap_or_default() /> }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the page's forms do.
#[derive(Clone, Copy)]
struct TaskActions {
    update: ServerAction<UpdateTask>,
    change_status: ServerAction<ChangeStatus>,
    delete: ServerAction<DeleteTask>,
}

#[component]
fn TaskView(page: TaskPage, actions: TaskActions) -> impl IntoView {
    let TaskPage { task, roles, people } = page;
    let editor = if roles.can_edit() {
        view! { <EditForm task=task.clone() people update=actions.update /> }.into_any()
    } else if roles.can_move() {
        view! { <StatusForm task=task.clone() change_status=actions.change_status /> }.into_any()
    } else {
        view! {
            <p class="text-sm text-slate-600">
                "Only the supervisor and the person in charge can change this task."
            </p>
        }
        .into_any()
    };
    let deleting = roles.can_delete().then(|| view! { <DeleteTaskControl task=task.clone() delete=actions.delete /> });

    view! {
        <Title text=task.title.clone() />
        <div class="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] items-start">
            <article class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
                <h1 class="text-2xl font-semibold break-words">{task.title.clone()}</h1>
                <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                    <dt class="font-medium text-slate-600">"Status"</dt>
                    <dd>{task.status.label()}</dd>
                    <dt class="font-medium text-slate-600">"Supervisor"</dt>
                    <dd>{task.supervisor.name.clone()}</dd>
                    <dt class="font-medium text-slate-600">"Person in charge"</dt>
                    <dd>{task.pic.as_ref().map_or_else(|| "Nobody yet".to_owned(), |p| p.name.clone())}</dd>
                    <dt class="font-medium text-slate-600">"Deadline"</dt>
                    <dd>{task.deadline.map_or_else(|| "None".to_owned(), |d| d.format("%Y-%m-%d").to_string())}</dd>
                    <dt class="font-medium text-slate-600">"Created"</dt>
                    <dd>{timestamp(task.created_at)}</dd>
                    <dt class="font-medium text-slate-600">"Last changed"</dt>
                    <dd>
                        {timestamp(task.updated_at)}
                        {task.updated_by.as_ref().map(|p| format!(" by {}", p.name))}
                    </dd>
                </dl>
                <div>
                    <h2 class="text-sm font-medium text-slate-600">"Description"</h2>
                    <p class="mt-1 whitespace-pre-wrap break-words">
                        {if task.description.is_empty() { "No description.".to_owned() } else { task.description.clone() }}
                    </p>
                </div>
                <History id=task.id version=task.version />
            </article>
            <div class="flex flex-col gap-6">
                <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">{editor}</section>
                {deleting}
            </div>
        </div>
    }
}

/// The task's history from the audit trail, newest first, and whether its hash chain holds.
/// Loaded again when the task's version changes (after a save on this page).
#[component]
fn History(id: i64, version: i32) -> impl IntoView {
    let history = Resource::new(move || (id, version), |(id, _)| load_history(id));
    view! {
        <section aria-labelledby="history-heading" class="border-t border-slate-200 pt-4">
            <h2 id="history-heading" class="text-lg font-semibold">"History"</h2>
            <Suspense fallback=|| view! { <p class="text-sm text-slate-600">"Loading the history…"</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(history) => view! { <HistoryList history /> }.into_any(),
                        Err(_) => {
                            view! { <p class="text-sm text-slate-600">"The history cannot be shown right now."</p> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HistoryList(history: TaskHistory) -> impl IntoView {
    let empty = history.entries.is_empty();
    view! {
        {if history.verified {
            view! {
                <p class="mt-1 text-sm text-emerald-800">"✓ Every entry matches the audit trail's hash chain."</p>
            }
                .into_any()
        } else {
            view! {
                <p role="alert" class="mt-1 text-sm font-medium text-red-800">
                    "⚠ This history has been altered since it was written: its hash chain does not hold."
                </p>
            }
                .into_any()
        }}
        {(history.pending > 0)
            .then(|| {
                let count = history.pending;
                let changes = if count == 1 { "change is" } else { "changes are" };
                view! {
                    <p class="mt-2 text-sm text-amber-800">
                        {format!("{count} recent {changes} still being recorded and will appear here.")}
                    </p>
                }
            })}
        {empty.then(|| view! { <p class="mt-2 text-sm text-slate-600">"Nothing recorded yet."</p> })}
        <ol class="mt-2 flex flex-col gap-1 text-sm">
            {history
                .entries
                .into_iter()
                .map(|entry| {
                    let iso = entry.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                    view! {
                        <li>
                            {entry.text} " · " <time datetime=iso title=timestamp(entry.at)>{entry.ago}</time>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// A task that is gone: its history, if it had one, else the 404 page.
#[component]
fn DeletedTask(id: i64) -> impl IntoView {
    let history = Resource::new(move || id, load_history);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(history) if history.deleted => {
                        view! {
                            <Title text=history.title.clone() />
                            <article class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
                                <h1 class="text-2xl font-semibold break-words">{history.title.clone()}</h1>
                                <p role="status" class="rounded-md bg-amber-50 border border-amber-200 p-3 text-amber-900">
                                    "This task was deleted. Its history is kept."
                                </p>
                                <section aria-labelledby="history-heading">
                                    <h2 id="history-heading" class="text-lg font-semibold">"History"</h2>
                                    <HistoryList history />
                                </section>
                            </article>
                        }
                            .into_any()
                    }
                    _ => view! { <NotFoundPage /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The supervisor's form: every field.
#[component]
fn EditForm(task: TaskDetails, people: Vec<crate::domain::Person>, update: ServerAction<UpdateTask>) -> impl IntoView {
    let result = update.value();
    let deadline = task.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let pic = task.pic.as_ref().map(|p| p.id.to_string()).unwrap_or_default();
    view! {
        <h2 class="text-lg font-semibold mb-4">"Edit task"</h2>
        <ActionForm action=update>
            <div class="flex flex-col gap-4">
                <input type="hidden" name="id" value=task.id />
                <input type="hidden" name="version" value=task.version />
                <SaveMessages result />
                <FormField label="Title" name="title" value=task.title.clone() error=field_error(result, "title") />
                <FormField
                    label="Description"
                    name="description"
                    control=Control::TextArea
                    value=task.description.clone()
                    error=field_error(result, "description")
                />
                <FormField label="Deadline" name="deadline" kind="date" value=deadline error=field_error(result, "deadline") />
                <FormField
                    label="Person in charge"
                    name="pic"
                    control=Control::Select(pic_options(&people))
                    value=pic
                    error=field_error(result, "pic")
                />
                <StatusField status=task.status error=field_error(result, "status") />
                <SubmitButton label="Save changes" pending=update.pending() />
            </div>
        </ActionForm>
    }
}

/// The person in charge's form: the status only.
#[component]
fn StatusForm(task: TaskDetails, change_status: ServerAction<ChangeStatus>) -> impl IntoView {
    let result = change_status.value();
    view! {
        <h2 class="text-lg font-semibold mb-4">"Update status"</h2>
        <ActionForm action=change_status>
            <div class="flex flex-col gap-4">
                <input type="hidden" name="id" value=task.id />
                <input type="hidden" name="version" value=task.version />
                <SaveMessages result />
                <StatusField status=task.status error=field_error(result, "status") />
                <SubmitButton label="Save changes" pending=change_status.pending() />
            </div>
        </ActionForm>
    }
}

/// "Saved." after a save, or why it was not (a conflict names who changed the task).
#[component]
fn SaveMessages<S, T>(result: S) -> impl IntoView
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
    T: 'static,
{
    let saved = move || result.with(|r| matches!(r, Some(Ok(_))));
    view! {
        <FormMessage message=form_error(result) />
        <div role="status">
            <Show when=saved>
                <p class="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">"Saved."</p>
            </Show>
        </div>
    }
}

/// "Delete task" asks first. The question is a page state (`?confirm=delete`), so it works
/// without JavaScript too.
#[component]
fn DeleteTaskControl(task: TaskDetails, delete: ServerAction<DeleteTask>) -> impl IntoView {
    let query = use_query_map();
    let confirming = move || query.with(|q| q.get("confirm").as_deref() == Some("delete"));
    let page = format!("/tasks/{}", task.id);
    let (id, version, title) = (task.id, task.version, task.title);
    view! {
        <section
            aria-labelledby="delete-heading"
            class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3"
        >
            <h2 id="delete-heading" class="text-lg font-semibold">"Delete"</h2>
            <FormMessage message=form_error(delete.value()) />
            <Show
                when=confirming
                fallback={
                    let page = page.clone();
                    move || {
                        view! {
                            <Form method="GET" action=page.clone()>
                                <input type="hidden" name="confirm" value="delete" />
                                <button type="submit" class=DANGER_OUTLINE>"Delete task"</button>
                            </Form>
                        }
                    }
                }
            >
                <ConfirmDelete id version title=title.clone() cancel=page.clone() delete />
            </Show>
        </section>
    }
}

/// The question and the button that deletes.
#[component]
fn ConfirmDelete(
    id: i64,
    version: i32,
    title: String,
    cancel: String,
    delete: ServerAction<DeleteTask>,
) -> impl IntoView {
    view! {
        <p>"Delete “" {title} "”? It leaves the board for good; its history is kept."</p>
        <ActionForm action=delete>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <div class="flex items-center gap-4">
                <button type="submit" autofocus class=DANGER>"Delete"</button>
                <a href=cancel class="text-indigo-700 underline">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

const DANGER: &str = "rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700";
const DANGER_OUTLINE: &str = "rounded-md border border-red-300 px-4 py-2 font-semibold text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700";

/// The Status select, on both forms.
#[component]
fn StatusField(status: Status, error: Signal<Option<String>>) -> impl IntoView {
    let options = Status::ALL.into_iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect();
    view! { <FormField label="Status" name="status" control=Control::Select(options) value=status.as_str() error /> }
}

fn timestamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
