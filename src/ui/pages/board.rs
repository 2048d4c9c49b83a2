//! `/`: the kanban board.

use crate::{api::board::load_board, domain::AppError, ui::components::BoardColumnView};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BoardPage() -> impl IntoView {
    let board = Resource::new(|| (), |_| load_board());

    view! {
        <Title text="Board" />
        <div class="flex items-baseline justify-between gap-4 mb-4">
            <h1 class="text-2xl font-semibold">"Board"</h1>
        </div>
        <Suspense fallback=|| view! { <p>"Loading the board…"</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => {
                        let empty = board.task_count() == 0;
                        view! {
                            <Show when=move || empty>
                                <p class="mb-4 rounded-md bg-white border border-dashed border-slate-300 p-4 text-slate-600">
                                    "No tasks yet. New tasks start in To do."
                                </p>
                            </Show>
                            <div class="grid gap-4 grid-cols-1 sm:grid-cols-2 xl:grid-cols-4 items-start">
                                {board
                                    .columns
                                    .into_iter()
                                    .map(|column| view! { <BoardColumnView column /> })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                    Err(AppError::Unauthorised) => {
                        view! {
                            <p role="alert" class="rounded-md bg-amber-50 border border-amber-200 p-4 text-amber-900">
                                "Your session has ended. "
                                <a href="/login" class="underline">"Log in again"</a>
                            </p>
                        }
                            .into_any()
                    }
                    Err(error) => {
                        view! {
                            <p role="alert" class="rounded-md bg-red-50 border border-red-200 p-4 text-red-800">
                                {error.to_string()}
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
