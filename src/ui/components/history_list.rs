//! A page of a task's history or a board's activity, from the audit trail: the entries newest
//! first, whether the hash chain holds, what is still being recorded, and links to page on.

use crate::domain::audit::TaskHistory;
use leptos::prelude::*;

/// One page of history; links to the older entries (and back to the newest from an older page)
/// are plain links to `path` (the page it is on, scrolled to `anchor`), so every page works
/// without JavaScript.
#[component]
pub fn HistoryList(history: TaskHistory, path: String, anchor: &'static str, paged: bool) -> impl IntoView {
    let empty = history.entries.is_empty();
    let link = "text-sm text-indigo-700 underline rounded focus-ring";
    let older = history.older.map(|older| {
        view! {
            <a href=format!("{path}?history_before={older}#{anchor}") class=link>"Show older entries"</a>
        }
    });
    let newest = paged.then(|| view! { <a href=format!("{path}#{anchor}") class=link>"Newest entries"</a> });
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
        <p class="mt-2 flex gap-4">{newest}{older}</p>
    }
}

fn timestamp(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
