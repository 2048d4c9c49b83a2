//! `/tasks/{id}`: one task — every field, who supervises it and who is in charge — with the
//! form the viewer may use: the supervisor edits everything and may delete, the person in
//! charge changes the status, everyone else reads.

use crate::{
    api::tasks::{load_history, load_task, ChangeStatus, DeleteTask, UpdateTask},
    domain::{dates, label::Label, AppError, Member, Status, TaskDetails, TaskPage},
    i18n::*,
    ui::{
        components::{
            Alert, BackToBoard, Button, ButtonStyle, Choice, Field, FormSpec, HistoryList, LoadError, ServerForm, Tone,
        },
        locale::{moment_text, use_locale},
        pages::{
            new_task::pic_options, task_checklist::ChecklistSection, task_comments::CommentsSection, NotFoundPage,
        },
    },
};
use leptos::{either::Either, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TaskDetailPage() -> impl IntoView {
    let locale = use_locale();
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
        <Suspense fallback=move || view! { <p>{td_string!(locale, task.loading_task)}</p> }>
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
    let locale = use_locale();
    let TaskPage { task, board, roles, people, labels } = page;
    let editor = if roles.can_edit() {
        view! {
            <h2 class="text-lg font-semibold mb-4">{td_string!(locale, task.edit_task)}</h2>
            <ServerForm form=edit_form(&task, &people, &labels, saved) />
        }
        .into_any()
    } else if roles.can_move() {
        view! {
            <h2 class="text-lg font-semibold mb-4">{td_string!(locale, task.update_status)}</h2>
            <ServerForm form=status_form(&task, saved) />
        }
        .into_any()
    } else {
        view! {
            <p class="text-sm text-slate-600">{td_string!(locale, task.read_only)}</p>
        }
        .into_any()
    };
    let deleting = roles.can_delete().then(|| view! { <DeleteTaskControl task=task.clone() /> });
    let names: Vec<(i64, String)> = people.iter().map(|m| (m.id, m.name.clone())).collect();
    view! {
        <Title text=task.title.clone() />
        <BackToBoard id=board.id name=board.name.clone() />
        <div class="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] items-start">
            <article class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
                <h1 class="text-2xl font-semibold break-words">{task.title.clone()}</h1>
                <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                    <dt class="font-medium text-slate-600">{td_string!(locale, task.status)}</dt>
                    <dd>{task.status.text(locale)}</dd>
                    <dt class="font-medium text-slate-600">{td_string!(locale, task.supervisor)}</dt>
                    <dd>{task.supervisor.name.clone()}</dd>
                    <dt class="font-medium text-slate-600">{td_string!(locale, task.person_in_charge)}</dt>
                    <dd>
                        {task
                            .pic
                            .as_ref()
                            .map_or_else(|| td_string!(locale, task.nobody_yet).to_owned(), |p| p.name.clone())}
                    </dd>
                    <dt class="font-medium text-slate-600">{td_string!(locale, task.deadline)}</dt>
                    <dd>
                        {task
                            .deadline
                            .map_or_else(|| td_string!(locale, task.no_deadline).to_owned(), |d| dates::date(locale, d))}
                    </dd>
                    <dt class="font-medium text-slate-600">{td_string!(locale, labels.labels)}</dt>
                    <dd>
                        {if task.labels.is_empty() {
                            Either::Left(td_string!(locale, labels.none))
                        } else {
                            Either::Right(view! {
                                <ul class="card-labels">
                                    {task
                                        .labels
                                        .iter()
                                        .map(|label| view! { <li class=label.colour.class()>{label.name.clone()}</li> })
                                        .collect_view()}
                                </ul>
                            })
                        }}
                    </dd>
                    <dt class="font-medium text-slate-600">{td_string!(locale, task.created)}</dt>
                    <dd>{moment_text(task.created_at)}</dd>
                    <dt class="font-medium text-slate-600">{td_string!(locale, task.last_changed)}</dt>
                    <dd>
                        {moment_text(task.updated_at)}
                        {task.updated_by.as_ref().map(|p| td_string!(locale, task.by, name = &p.name).to_string())}
                    </dd>
                </dl>
                <div>
                    <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, task.description)}</h2>
                    <p class="mt-1 whitespace-pre-wrap break-words">
                        {if task.description.is_empty() {
                            td_string!(locale, task.no_description).to_owned()
                        } else {
                            task.description.clone()
                        }}
                    </p>
                </div>
                <ChecklistSection task_id=task.id />
                <CommentsSection task_id=task.id board_id=board.id />
                <History id=task.id />
            </article>
            <div class="flex flex-col gap-6">
                <TaskFollower board_id=board.id task_id=task.id locale names />
                <section class="rounded-lg bg-white p-6 shadow-sm border border-slate-200">{editor}</section>
                {deleting}
            </div>
        </div>
    }
}

/// Tells the reader when someone else changes this task while the page is open (from the
/// board's live stream), with a link to load it again: what they are typing is not overwritten.
#[island]
fn TaskFollower(board_id: i64, task_id: i64, locale: Locale, names: Vec<(i64, String)>) -> impl IntoView {
    provide_context(locale);
    let changed = RwSignal::new(None::<String>);
    Effect::new(move || crate::ui::live::follow_task(board_id, task_id, locale, names.clone(), changed));
    let href = format!("/tasks/{task_id}");
    view! {
        <div role="status">
            {move || {
                changed
                    .get()
                    .map(|text| {
                        view! {
                            <div class=Tone::Warning.class()>
                                <p>
                                    {text} " "
                                    <a href=href.clone() class="underline">{td_string!(locale, common.load_latest)}</a>
                                    {td_string!(locale, common.load_latest_after)}
                                </p>
                            </div>
                        }
                    })
            }}
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
    let locale = use_locale();
    let before = history_before();
    let history = Resource::new(move || (id, before), |(id, before)| load_history(id, before));
    view! {
        <section aria-labelledby="history-heading" class="border-t border-slate-200 pt-4">
            <h2 id="history-heading" class="text-lg font-semibold">{td_string!(locale, task.history)}</h2>
            <Suspense fallback=move || {
                view! { <p class="text-sm text-slate-600">{td_string!(locale, task.loading_history)}</p> }
            }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(history) => {
                            view! {
                                <HistoryList history path=format!("/tasks/{id}") anchor="history-heading" paged=before.is_some() />
                            }
                                .into_any()
                        }
                        Err(_) => {
                            view! { <p class="text-sm text-slate-600">{td_string!(locale, task.history_unavailable)}</p> }
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
    let locale = use_locale();
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
                                <a href="/" class="text-indigo-700 underline rounded focus-ring">
                                    {td_string!(locale, task.back_to_board)}
                                </a>
                            </p>
                            <article class="rounded-lg bg-white p-6 shadow-sm border border-slate-200 flex flex-col gap-4">
                                <h1 class="text-2xl font-semibold break-words">{newest.title.clone()}</h1>
                                <Alert tone=Tone::Warning role="status">
                                    {td_string!(locale, task.deleted_notice)}
                                </Alert>
                                <section aria-labelledby="history-heading">
                                    <h2 id="history-heading" class="text-lg font-semibold">
                                        {td_string!(locale, task.history)}
                                    </h2>
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

/// The supervisor's form: every field, and the board's labels (if it has any) as checkboxes. A
/// save answers with a redirect to the page, marked `saved`, so the page shows what is stored.
fn edit_form(task: &TaskDetails, people: &[Member], labels: &[Label], saved: bool) -> FormSpec {
    let deadline = task.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let pic = task.pic.as_ref().map(|p| p.id.to_string()).unwrap_or_default();
    let locale = use_locale();
    let form = save_form(UpdateTask::url(), task, saved)
        .field(Field::input(td_string!(locale, task.title), "title", "text").value(task.title.clone()))
        .field(Field::text_area(td_string!(locale, task.description), "description").value(task.description.clone()))
        .field(Field::input(td_string!(locale, task.deadline), "deadline", "date").value(deadline))
        .field(Field::select(td_string!(locale, task.person_in_charge), "pic", pic_options(people)).value(pic))
        .field(status_field(task.status));
    if labels.is_empty() {
        return form;
    }
    let choices = labels
        .iter()
        .map(|label| Choice {
            value: label.id.to_string(),
            label: label.name.clone(),
            class: label.colour.class().to_owned(),
            ticked: task.labels.iter().any(|on| on.id == label.id),
        })
        .collect();
    form.field(Field::checkboxes(td_string!(locale, labels.labels), "labels", choices))
}

/// The person in charge's form: the status only.
fn status_form(task: &TaskDetails, saved: bool) -> FormSpec {
    save_form(ChangeStatus::url(), task, saved).field(status_field(task.status))
}

/// What both forms share: the version the change is based on, "Saved." after a save, and after
/// a conflict (which names who changed the task) a link to their version.
fn save_form(action: &str, task: &TaskDetails, saved: bool) -> FormSpec {
    let locale = use_locale();
    FormSpec::new(action, td_string!(locale, task.save_changes))
        .hidden("id", task.id)
        .hidden("version", task.version)
        .notice(saved.then_some(td_string!(locale, task.saved)))
        .reload(&format!("/tasks/{}", task.id))
}

fn status_field(status: Status) -> Field {
    let locale = use_locale();
    let options = Status::ALL.into_iter().map(|s| (s.as_str().to_owned(), s.text(locale).to_owned())).collect();
    Field::select(td_string!(locale, task.status), "status", options).value(status.as_str())
}

/// "Delete task" asks first. The question is a page state (`?confirm=delete`), so asking
/// needs no JavaScript.
#[component]
fn DeleteTaskControl(task: TaskDetails) -> impl IntoView {
    let locale = use_locale();
    let confirming = use_query_map().with_untracked(|q| q.get("confirm").as_deref() == Some("delete"));
    let page = format!("/tasks/{}", task.id);
    let (id, version, title) = (task.id, task.version, task.title);
    view! {
        <section
            aria-labelledby="delete-heading"
            class="rounded-lg bg-white p-6 shadow-sm border border-red-200 flex flex-col gap-3"
        >
            <h2 id="delete-heading" class="text-lg font-semibold">{td_string!(locale, task.delete_heading)}</h2>
            {if confirming {
                view! {
                    <p>{td_string!(locale, task.delete_question, title = title).to_string()}</p>
                    <ServerForm form=delete_form(id, version, &page) />
                }
                    .into_any()
            } else {
                view! {
                    <form method="get" action=page>
                        <input type="hidden" name="confirm" value="delete" />
                        <Button variant=ButtonStyle::DangerOutline>{td_string!(locale, task.delete_task)}</Button>
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
    FormSpec::new(DeleteTask::url(), td_string!(use_locale(), task.delete))
        .hidden("id", id)
        .hidden("version", version)
        .danger()
        .cancel(cancel)
}
