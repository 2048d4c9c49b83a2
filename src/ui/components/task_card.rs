//! A task as a card on the board.

use crate::domain::TaskCard;
use leptos::prelude::*;

#[component]
pub fn TaskCardView(card: TaskCard) -> impl IntoView {
    let href = format!("/tasks/{}", card.id);
    let overdue = card.overdue;
    view! {
        <article class="rounded-md bg-white p-3 shadow-sm border border-slate-200 flex flex-col gap-1">
            <a
                href=href
                class="font-medium text-slate-900 hover:text-indigo-700 break-words rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
                {card.title}
            </a>
            <p class="text-sm text-slate-600">
                {match card.pic_name {
                    Some(name) => view! { <span>"PIC: " {name}</span> }.into_any(),
                    None => view! { <span class="italic">"No person in charge"</span> }.into_any(),
                }}
            </p>
            {card
                .deadline
                .map(|deadline| {
                    let iso = deadline.format("%Y-%m-%d").to_string();
                    view! {
                        <p class="text-sm text-slate-600 flex items-center gap-2">
                            <span>"Due " <time datetime=iso.clone()>{iso.clone()}</time></span>
                            {overdue
                                .then(|| {
                                    view! {
                                        <span class="rounded bg-red-100 px-1.5 text-xs font-semibold text-red-800">
                                            "Overdue"
                                        </span>
                                    }
                                })}
                        </p>
                    }
                })}
        </article>
    }
}
