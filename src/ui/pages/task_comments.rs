//! The task page's conversation: a `section` headed **Comments** with the comments oldest first
//! (an island, so a comment someone writes appears on every open page), and below it the form
//! **Comment** / **Add comment** — or, as a page state in the URL, the author's edit form
//! (`?edit_comment={id}`) or the question before deleting one (`?delete_comment={id}`).

use crate::{
    api::comments::{load_comments, AddComment, DeleteComment, EditComment},
    domain::comment::{CommentView, TaskComments},
    i18n::*,
    ui::{
        components::{ButtonStyle, Field, FormSpec, ServerForm},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// What the URL asks the section to show below the list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Add,
    Edit(i64),
    ConfirmDelete(i64),
}

#[component]
pub fn CommentsSection(task_id: i64, board_id: i64) -> impl IntoView {
    let locale = use_locale();
    let step = use_query_map().with_untracked(|q| {
        let id = |name: &str| q.get(name).and_then(|v| v.parse::<i64>().ok());
        match (id("edit_comment"), id("delete_comment")) {
            (Some(id), _) => Step::Edit(id),
            (_, Some(id)) => Step::ConfirmDelete(id),
            _ => Step::Add,
        }
    });
    let comments = Resource::new(move || task_id, load_comments);
    view! {
        <section id="comments" aria-labelledby="comments-heading" class="border-t border-slate-200 pt-4">
            <h2 id="comments-heading" class="text-lg font-semibold">{td_string!(locale, task.comments)}</h2>
            <Suspense fallback=move || {
                view! { <p class="text-sm text-slate-600">{td_string!(locale, task.loading_comments)}</p> }
            }>
                {move || Suspend::new(async move {
                    match comments.await {
                        Ok(TaskComments { comments, more }) => {
                            let panel = panel(task_id, step, &comments);
                            view! {
                                <CommentList board_id task_id locale initial=comments more />
                                {panel}
                            }
                                .into_any()
                        }
                        Err(_) => {
                            view! {
                                <p class="text-sm text-slate-600">{td_string!(locale, task.comments_unavailable)}</p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The form below the list: a new comment, or the edit or deletion the URL asks for (when the
/// viewer may: otherwise the new-comment form).
fn panel(task_id: i64, step: Step, comments: &[CommentView]) -> AnyView {
    let locale = use_locale();
    let here = format!("/tasks/{task_id}#comments-heading");
    let find = |id: i64| comments.iter().find(|c| c.id == id);
    match step {
        Step::Edit(id) if find(id).is_some_and(|c| c.can_edit) => {
            let comment = find(id).expect("found above");
            let form = FormSpec::new(EditComment::url(), td_string!(locale, task.save_comment))
                .hidden("id", comment.id)
                .hidden("version", comment.version)
                .field(Field::text_area(td_string!(locale, task.comment), "body").value(comment.source.clone()))
                .reload(&format!("/tasks/{task_id}?edit_comment={id}"))
                .cancel(&here);
            view! {
                <div id="comment-form" class="mt-4 flex flex-col gap-2">
                    <h3 class="font-semibold">{td_string!(locale, task.edit_comment)}</h3>
                    <ServerForm form />
                </div>
            }
            .into_any()
        }
        Step::ConfirmDelete(id) if find(id).is_some_and(|c| c.can_delete) => {
            let comment = find(id).expect("found above");
            let form = FormSpec::new(DeleteComment::url(), td_string!(locale, task.delete))
                .hidden("id", comment.id)
                .hidden("version", comment.version)
                .danger()
                .cancel(&here);
            view! {
                <div id="comment-form" class="mt-4 flex flex-col gap-2 rounded border border-red-200 p-3">
                    <h3 class="font-semibold">{td_string!(locale, task.delete_comment)}</h3>
                    <p>{td_string!(locale, task.delete_comment_question)}</p>
                    <ServerForm form />
                </div>
            }
            .into_any()
        }
        _ => {
            let form =
                FormSpec::new(AddComment::url(), td_string!(locale, task.add_comment)).hidden("task", task_id).field(
                    Field::text_area(td_string!(locale, task.comment), "body")
                        .hint(td_string!(locale, task.comment_hint)),
                );
            view! {
                <div id="comment-form" class="mt-4">
                    <ServerForm form />
                </div>
            }
            .into_any()
        }
    }
}

/// The comments, oldest first; when someone comments, edits or deletes one on this task, the
/// list is read again (through `load_comments`, so what the reader may see is the server's
/// call) and drawn anew.
#[island]
fn CommentList(board_id: i64, task_id: i64, locale: Locale, initial: Vec<CommentView>, more: bool) -> impl IntoView {
    provide_context(locale);
    let comments = RwSignal::new(initial);
    Effect::new(move || crate::ui::live::follow_comments(board_id, task_id, comments));
    view! {
        <div aria-live="polite">
            {move || {
                comments
                    .with(Vec::is_empty)
                    .then(|| view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, task.no_comments)}</p> })
            }}
            <ol class="mt-2 flex flex-col divide-y divide-slate-200">
                <For
                    each=move || comments.get()
                    key=|comment| (comment.id, comment.version)
                    children=move |comment| view! { <CommentItem comment task_id /> }
                />
            </ol>
        </div>
        {more.then(|| view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, task.more_comments)}</p> })}
    }
}

#[component]
fn CommentItem(comment: CommentView, task_id: i64) -> impl IntoView {
    let locale = use_locale();
    let page = format!("/tasks/{task_id}");
    let author =
        comment.author.as_ref().map_or_else(|| td_string!(locale, task.former_member).to_owned(), |a| a.name.clone());
    let edit = comment.can_edit.then(|| {
        view! {
            <form method="get" action=page.clone()>
                <input type="hidden" name="edit_comment" value=comment.id.to_string() />
                <button type="submit" class=ButtonStyle::Secondary.class()>{td_string!(locale, task.edit_comment)}</button>
            </form>
        }
    });
    let delete = comment.can_delete.then(|| {
        view! {
            <form method="get" action=page.clone()>
                <input type="hidden" name="delete_comment" value=comment.id.to_string() />
                <button type="submit" class=ButtonStyle::DangerOutline.class()>
                    {td_string!(locale, task.delete_comment)}
                </button>
            </form>
        }
    });
    view! {
        <li id=format!("comment-{}", comment.id) class="py-3 flex flex-col gap-1">
            <p class="text-sm text-slate-700">
                <span class="font-medium text-slate-900">{author}</span>
                " · "
                {comment.when.clone()}
                {comment.edited_at.map(|_| format!(" · {}", td_string!(locale, task.edited)))}
            </p>
            // Rendered and sanitised on the server when written (server/markdown.rs).
            <div class="comment-body break-words" inner_html=comment.html.clone()></div>
            <div class="flex flex-wrap gap-2">{edit} {delete}</div>
        </li>
    }
}
