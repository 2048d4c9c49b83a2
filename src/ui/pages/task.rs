//! `/tasks/{id}`: one task — every field, who supervises it and who is in charge — with the
//! form the viewer may use: the supervisor edits everything and may delete, the person in
//! charge changes the status, everyone else reads.

use crate::{
    api::tasks::{load_history, load_task, ChangeStatus, DeleteTask, UpdateTask},
    domain::{AppError, Member, Status, TaskDetails, TaskPage},
    ui::{
        components::{Alert, Button, ButtonStyle, Field, FormSpec, HistoryList, LoadError, ServerForm, Tone},
        pages::{new_task::pic_options, NotFoundPage},
    },
};
use chrono::NaiveDateTime;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TaskDetailPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    // A save answers with a redirect here, marked `saved`: the page then shows what is stored.
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let page = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => load_task(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );

    view! {
        <Suspense fallback=|| view! { <p>"Loading the task…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <TaskView page saved /> }.into_any(),
                    Err(AppError::NotFound) => view! { <DeletedTask id=id.unwrap_or_default() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TaskView(page: TaskPage, saved: bool) -> impl IntoView {
    let TaskPage { task, board, roles, people } = page;
    let editor = if roles.can_edit() {
        view! {
            <h2 class="text-lg font-semibold mb-4">"Edit task"</h2>
            <ServerForm form=edit_form(&task, &people, saved) />
        }
        .into_any()
    } else if roles.can_move() {
        view! {
            <h2 class="text-lg font-semibold mb-4">"Update status"</h2>
            <ServerForm form=status_form(&task, saved) />
        }
        .into_any()
    } else {
        view! {
            <p class="text-sm text-slate-600">
                "Only the supervisor, the person in charge and the board's admins can change this task."
            </p>
        }
        .into_any()
    };
    let deleting = roles.can_delete().then(|| view! { <DeleteTaskControl task=task.clone() /> });
    view! {
        <Title text=task.title.clone() />
        <p class="mb-4">
            <a href=format!("/boards/{}", board.id) class="text-indigo-700 underline rounded focus-ring break-words">
                "← " {board.name.clone()}
            </a>
        </p>
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
                <History id=task.id />
            </article>
            <div class="flex flex-col gap-6">
                <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">{editor}</section>
                {deleting}
            </div>
        </div>
    }
}

/// Which page of the history the URL asks for (`?history_before={seq}`; none: the newest).
fn history_before() -> Option<i32> {
    use_query_map().with_untracked(|q| q.get("history_before").and_then(|before| before.parse().ok()))
}

/// The task's history from the audit trail, newest first, a page at a time, and whether its
/// hash chain holds.
#[component]
fn History(id: i64) -> impl IntoView {
    let before = history_before();
    let history = Resource::new(move || (id, before), |(id, before)| load_history(id, before));
    view! {
        <section aria-labelledby="history-heading" class="border-t border-slate-200 pt-4">
            <h2 id="history-heading" class="text-lg font-semibold">"History"</h2>
            <Suspense fallback=|| view! { <p class="text-sm text-slate-600">"Loading the history…"</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(history) => {
                            view! {
                                <HistoryList history path=format!("/tasks/{id}") anchor="history-heading" paged=before.is_some() />
                            }
                                .into_any()
                        }
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

/// A task that is gone: its history, if it had one, else the 404 page.
#[component]
fn DeletedTask(id: i64) -> impl IntoView {
    let before = history_before();
    // The newest page says whether the task was deleted, and as what; an older page is read
    // besides it when the URL asks for one.
    let history = Resource::new(
        move || (id, before),
        |(id, before)| async move {
            let newest = load_history(id, None).await?;
            let page = match before {
                Some(_) => load_history(id, before).await?,
                None => newest.clone(),
            };
            Ok::<_, AppError>((newest, page))
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match history.await {
                    Ok((newest, history)) if newest.deleted => {
                        view! {
                            <Title text=newest.title.clone() />
                            <p class="mb-4">
                                <a href="/" class="text-indigo-700 underline rounded focus-ring">"← Board"</a>
                            </p>
                            <article class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
                                <h1 class="text-2xl font-semibold break-words">{newest.title.clone()}</h1>
                                <Alert tone=Tone::Warning role="status">
                                    "This task was deleted. Its history is kept."
                                </Alert>
                                <section aria-labelledby="history-heading">
                                    <h2 id="history-heading" class="text-lg font-semibold">"History"</h2>
                                    <HistoryList
                                        history
                                        path=format!("/tasks/{id}")
                                        anchor="history-heading"
                                        paged=before.is_some()
                                    />
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

/// The supervisor's form: every field. A save answers with a redirect to the page, marked
/// `saved`, so the page shows what is stored.
fn edit_form(task: &TaskDetails, people: &[Member], saved: bool) -> FormSpec {
    let deadline = task.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let pic = task.pic.as_ref().map(|p| p.id.to_string()).unwrap_or_default();
    save_form(UpdateTask::url(), task, saved)
        .field(Field::input("Title", "title", "text").value(task.title.clone()))
        .field(Field::text_area("Description", "description").value(task.description.clone()))
        .field(Field::input("Deadline", "deadline", "date").value(deadline))
        .field(Field::select("Person in charge", "pic", pic_options(people)).value(pic))
        .field(status_field(task.status))
}

/// The person in charge's form: the status only.
fn status_form(task: &TaskDetails, saved: bool) -> FormSpec {
    save_form(ChangeStatus::url(), task, saved).field(status_field(task.status))
}

/// What both forms share: the version the change is based on, "Saved." after a save, and after
/// a conflict (which names who changed the task) a link to their version.
fn save_form(action: &str, task: &TaskDetails, saved: bool) -> FormSpec {
    FormSpec::new(action, "Save changes")
        .hidden("id", task.id)
        .hidden("version", task.version)
        .notice(saved.then_some("Saved."))
        .reload(&format!("/tasks/{}", task.id))
}

fn status_field(status: Status) -> Field {
    let options = Status::ALL.into_iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect();
    Field::select("Status", "status", options).value(status.as_str())
}

/// "Delete task" asks first. The question is a page state (`?confirm=delete`), so asking
/// needs no JavaScript.
#[component]
fn DeleteTaskControl(task: TaskDetails) -> impl IntoView {
    let confirming = use_query_map().with_untracked(|q| q.get("confirm").as_deref() == Some("delete"));
    let page = format!("/tasks/{}", task.id);
    let (id, version, title) = (task.id, task.version, task.title);
    view! {
        <section
            aria-labelledby="delete-heading"
            class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3"
        >
            <h2 id="delete-heading" class="text-lg font-semibold">"Delete"</h2>
            {if confirming {
                view! {
                    <p>"Delete “" {title} "”? It leaves the board for good; its history is kept."</p>
                    <ServerForm form=delete_form(id, version, &page) />
                }
                    .into_any()
            } else {
                view! {
                    <form method="get" action=page>
                        <input type="hidden" name="confirm" value="delete" />
                        <Button variant=ButtonStyle::DangerOutline>"Delete task"</Button>
                    </form>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The question and the button that deletes. The server answers a deletion with a redirect
/// to the board.
fn delete_form(id: i64, version: i32, cancel: &str) -> FormSpec {
    FormSpec::new(DeleteTask::url(), "Delete").hidden("id", id).hidden("version", version).danger().cancel(cancel)
}

fn timestamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
