//! `/boards`: the boards I am a member of, and `/boards/new`, a board with me as its admin.
//! `/` sends people to the board they opened last, or here.

use crate::{
    api::board::{go_home, list_boards, CreateBoard},
    domain::{BoardListing, BoardRole},
    ui::components::{ButtonStyle, Field, FormCard, FormSpec, LoadError, ServerForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn BoardsPage() -> impl IntoView {
    let boards = Resource::new(|| (), |_| list_boards());
    view! {
        <Title text="Boards" />
        <div class="flex flex-wrap items-center justify-between gap-4 mb-4">
            <h1 class="text-2xl font-semibold">"Boards"</h1>
            <a href="/boards/new" class=ButtonStyle::Primary.class()>"New board"</a>
        </div>
        <Suspense fallback=|| view! { <p>"Loading your boards…"</p> }>
            {move || Suspend::new(async move {
                match boards.await {
                    Ok(boards) if boards.is_empty() => {
                        view! {
                            <p class="rounded-md bg-white border border-dashed border-slate-300 p-4 text-slate-700">
                                "You are not on any board yet. Create one for your team, or open the invitation a teammate sent you."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(boards) => view! { <BoardList boards /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BoardList(boards: Vec<BoardListing>) -> impl IntoView {
    view! {
        <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {boards
                .into_iter()
                .map(|board| {
                    let open = match board.open_tasks {
                        1 => "1 open task".to_owned(),
                        n => format!("{n} open tasks"),
                    };
                    let role = match board.role {
                        BoardRole::Admin => "You are an admin",
                        BoardRole::Member => "You are a member",
                    };
                    view! {
                        <li class="rounded-lg bg-white p-4 shadow-sm border border-slate-200 flex flex-col gap-1">
                            <a
                                href=format!("/boards/{}", board.id)
                                class="text-lg font-semibold text-indigo-700 underline break-words rounded focus-ring"
                            >
                                {board.name}
                            </a>
                            <p class="text-sm text-slate-700">{open} " · " {role}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn NewBoardPage() -> impl IntoView {
    let form = FormSpec::new(CreateBoard::url(), "Create board")
        .field(Field::input("Name", "name", "text").hint("Your team's or project's name."))
        .cancel("/boards");
    view! {
        <Title text="New board" />
        <FormCard title="New board">
            <ServerForm form />
        </FormCard>
    }
}

/// `/`: the server answers with a redirect (to the board opened last, or `/boards`); the link
/// is there for the moment before it does.
#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| go_home());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(()) => view! { <p><a href="/boards" class="text-indigo-700 underline">"Your boards"</a></p> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
