//! The link at the top of every page inside a board (members, labels, trash, a task, …) back
//! to the board itself.

use leptos::prelude::*;

/// `← {name}`, to board `id`.
#[component]
pub fn BackToBoard(id: i64, name: String) -> impl IntoView {
    view! {
        <p class="mb-4">
            <a href=format!("/boards/{id}") class="text-indigo-700 underline rounded focus-ring break-words">
                "← "
                {name}
            </a>
        </p>
    }
}
