//! A page of a task's history or a board's activity, from the audit trail: the entries newest
//! first, whether the hash chain holds, what is still being recorded, and links to page on.

use crate::{
    domain::audit::TaskHistory,
    i18n::*,
    ui::locale::{ago_text, moment_text, use_locale},
};
use leptos::prelude::*;

/// One page of history; links to the older entries (and back to the newest from an older page)
/// are plain links to `path` (the page it is on, scrolled to `anchor`), so every page works
/// without JavaScript. Each entry says how long ago it happened, with the moment on the
/// reader's clock as its tooltip.
#[component]
pub fn HistoryList(history: TaskHistory, path: String, anchor: &'static str, paged: bool) -> impl IntoView {
    let locale = use_locale();
    let empty = history.entries.is_empty();
    let link = "text-sm text-indigo-700 underline rounded focus-ring";
    let older = history.older.map(|older| {
        view! {
            <a href=format!("{path}?history_before={older}#{anchor}") class=link>
                {td_string!(locale, task.show_older)}
            </a>
        }
    });
    let newest = paged.then(|| {
        view! { <a href=format!("{path}#{anchor}") class=link>{td_string!(locale, task.newest_entries)}</a> }
    });
    view! {
        {if history.verified {
            view! { <p class="mt-1 text-sm text-emerald-800">{td_string!(locale, task.history_verified)}</p> }
                .into_any()
        } else {
            view! {
                <p role="alert" class="mt-1 text-sm font-medium text-red-800">
                    {td_string!(locale, task.history_altered)}
                </p>
            }
                .into_any()
        }}
        {(history.pending > 0)
            .then(|| {
                let count = i32::try_from(history.pending).unwrap_or(i32::MAX);
                view! {
                    <p class="mt-2 text-sm text-amber-800">
                        {td_string!(locale, task.history_pending, count = count).to_string()}
                    </p>
                }
            })}
        {empty.then(|| view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, task.history_empty)}</p> })}
        <ol class="mt-2 flex flex-col gap-1 text-sm">
            {history
                .entries
                .into_iter()
                .map(|entry| {
                    let when = entry
                        .at
                        .map(|at| {
                            let iso = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                            view! {
                                " · "
                                <time datetime=iso title=moment_text(at)>{ago_text(at)}</time>
                            }
                        });
                    view! { <li>{entry.text} {when}</li> }
                })
                .collect_view()}
        </ol>
        <p class="mt-2 flex gap-4">{newest}{older}</p>
    }
}
