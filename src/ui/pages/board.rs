//! `/`: the kanban board, its filters (kept in the URL) and the live region that says what a
//! move did.

use crate::{
    api::{board::load_board, tasks::list_people},
    domain::{Board, BoardFilter, Person, Status},
    ui::{
        components::{Alert, BoardColumnView, ButtonStyle, LoadError, Tone},
        moves::BoardMoves,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

#[component]
pub fn BoardPage() -> impl IntoView {
    let filter = use_query_map().with_untracked(|q| BoardFilter::from_query(|name| q.get(name)));
    let board = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        load_board,
    );
    let people = Resource::new(|| (), |_| list_people());
    let filter_bar = {
        let filter = filter.clone();
        move || {
            let filter = filter.clone();
            Suspend::new(async move {
                let people = people.await.unwrap_or_default();
                view! { <FilterBar filter people /> }
            })
        }
    };
    let columns = move || {
        let filter = filter.clone();
        Suspend::new(async move {
            match board.await {
                Ok(board) => view! { <Columns board filter /> }.into_any(),
                Err(error) => view! { <LoadError error /> }.into_any(),
            }
        })
    };

    view! {
        <Title text="Board" />
        <div class="flex flex-wrap items-center justify-between gap-4 mb-4">
            <h1 class="text-2xl font-semibold">"Board"</h1>
            <a
                href="/tasks/new"
                class=ButtonStyle::Primary.class()
            >
                "New task"
            </a>
        </div>
        <Suspense fallback=|| ()>{filter_bar}</Suspense>
        <Suspense fallback=|| view! { <p>"Loading the board…"</p> }>{columns}</Suspense>
    }
}

/// The four columns over one board the page can change (moves show at once), and the live
/// regions that say what a move did. The one island of the board page: the filter bar above
/// it is a plain GET form.
#[island]
fn Columns(
    board: Board,
    /// The filters (an empty board means something else when they are on) and how many cards
    /// each column shows.
    filter: BoardFilter,
) -> impl IntoView {
    let empty = board.task_count() == 0;
    let moves = BoardMoves::new(board, filter.clone());
    provide_context(moves);
    let message =
        if filter.is_active() { "No tasks match these filters." } else { "No tasks yet. New tasks start in To do." };
    view! {
        // Polite: a move's result is read out after whatever the screen reader is saying.
        <div role="status" aria-live="polite" class="sr-only">{move || moves.announcement.get()}</div>
        <div role="alert">
            {move || {
                moves
                    .problem
                    .get()
                    .map(|message| {
                        view! {
                            <Alert tone=Tone::Error class="mb-4">{message}</Alert>
                        }
                    })
            }}
        </div>
        {empty
            .then(|| {
                view! {
                    <p class="mb-4 rounded-md bg-white border border-dashed border-slate-300 p-4 text-slate-600">
                        {message}
                    </p>
                }
            })}
        <div class="grid gap-4 grid-cols-1 sm:grid-cols-2 xl:grid-cols-4 items-start">
            {Status::ALL
                .into_iter()
                .map(|status| view! { <BoardColumnView status filter=filter.clone() /> })
                .collect_view()}
        </div>
    }
}

/// The filters, as a GET form: the URL holds them, so a filtered board can be bookmarked and
/// filtering works without JavaScript.
#[component]
fn FilterBar(filter: BoardFilter, people: Vec<Person>) -> impl IntoView {
    let active = filter.is_active();
    let control = "rounded-md border border-slate-300 bg-white px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-indigo-600";
    let check = "h-4 w-4 rounded border-slate-400 focus-ring";
    view! {
        <Form method="GET" action="/">
            <div
                role="search"
                aria-label="Filter tasks"
                class="mb-4 flex flex-wrap items-end gap-3 rounded-lg bg-white border border-slate-200 p-3"
            >
                <div class="flex flex-col gap-1">
                    <label for="filter-q" class="text-sm font-medium text-slate-700">"Search titles"</label>
                    <input id="filter-q" name="q" type="search" value=filter.search.clone() class=control />
                </div>
                <div class="flex flex-col gap-1">
                    <label for="filter-person" class="text-sm font-medium text-slate-700">"In charge"</label>
                    <select id="filter-person" name="person" class=control>
                        <option value="" selected=filter.person.is_none()>"Anyone"</option>
                        {people
                            .into_iter()
                            .map(|person| {
                                let selected = filter.person == Some(person.id);
                                view! {
                                    <option value=person.id.to_string() selected=selected>
                                        {person.name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <label class="flex items-center gap-2 py-1.5 text-sm text-slate-800">
                    <input type="checkbox" name="mine" value="1" checked=filter.mine class=check />
                    "Only mine"
                </label>
                <label class="flex items-center gap-2 py-1.5 text-sm text-slate-800">
                    <input type="checkbox" name="overdue" value="1" checked=filter.overdue class=check />
                    "Overdue"
                </label>
                <button
                    type="submit"
                    class=ButtonStyle::Secondary.class()
                >
                    "Apply filters"
                </button>
                {active
                    .then(|| {
                        view! {
                            <a
                                href="/"
                                class="py-1.5 text-sm text-indigo-700 underline rounded focus-ring"
                            >
                                "Clear filters"
                            </a>
                        }
                    })}
            </div>
        </Form>
    }
}
