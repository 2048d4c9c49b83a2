//! One column of the board: a named region with its cards, collapsible to save room.

use super::TaskCardView;
use crate::domain::BoardColumn;
use leptos::prelude::*;

#[component]
pub fn BoardColumnView(column: BoardColumn) -> impl IntoView {
    let label = column.status.label();
    let heading_id = format!("column-{}-heading", column.status.as_str());
    let list_id = format!("column-{}-cards", column.status.as_str());
    let count = column.cards.len();
    let expanded = RwSignal::new(true);

    view! {
        <section
            aria-labelledby=heading_id.clone()
            class="rounded-lg bg-slate-200/70 p-3 flex flex-col gap-3"
        >
            <div class="flex items-center justify-between gap-2">
                <h2 id=heading_id.clone() class="font-semibold text-slate-800">{label}</h2>
                <div class="flex items-center gap-2">
                    <span class="rounded-full bg-white px-2 text-sm text-slate-700" title="Tasks in this column">
                        {count}
                    </span>
                    <button
                        type="button"
                        class="rounded p-1 text-slate-700 hover:bg-slate-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                        aria-controls=list_id.clone()
                        aria-expanded=move || expanded.get().to_string()
                        aria-label=format!("{label} tasks")
                        on:click=move |_| expanded.update(|open| *open = !*open)
                    >
                        <span
                            aria-hidden="true"
                            class=move || {
                                if expanded.get() {
                                    "inline-block transition-transform"
                                } else {
                                    "inline-block transition-transform -rotate-90"
                                }
                            }
                        >
                            "▾"
                        </span>
                    </button>
                </div>
            </div>
            <ol id=list_id.clone() class="flex flex-col gap-2" hidden=move || !expanded.get()>
                {if column.cards.is_empty() {
                    view! { <li class="text-sm text-slate-500 px-1">"Nothing here"</li> }.into_any()
                } else {
                    column
                        .cards
                        .into_iter()
                        .map(|card| view! { <li><TaskCardView card /></li> })
                        .collect_view()
                        .into_any()
                }}
            </ol>
        </section>
    }
}
