//! `/boards`: the boards I am a member of, and `/boards/new`, a board with me as its admin.
//! `/` sends people to the board they opened last, or here.

use crate::{
    api::board::{go_home, list_boards, CreateBoard},
    domain::{BoardListing, BoardRole},
    i18n::*,
    ui::{
        components::{ButtonStyle, Field, FormCard, FormSpec, LoadError, ServerForm},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn BoardsPage() -> impl IntoView {
    let locale = use_locale();
    let boards = Resource::new(|| (), |_| list_boards());
    view! {
        <Title text=td_string!(locale, board.boards_title) />
        <div class="flex flex-wrap items-center justify-between gap-4 mb-4">
            <h1 class="text-2xl font-semibold">{td_string!(locale, board.boards_title)}</h1>
            <a href="/boards/new" class=ButtonStyle::Primary.class()>{td_string!(locale, board.new_board)}</a>
        </div>
        <Suspense fallback=move || view! { <p>{td_string!(locale, board.loading_boards)}</p> }>
            {move || Suspend::new(async move {
                match boards.await {
                    Ok(boards) if boards.is_empty() => {
                        view! {
                            <p class="rounded-md bg-white border border-dashed border-slate-300 p-4 text-slate-700">
                                {td_string!(locale, board.no_boards)}
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
    let locale = use_locale();
    view! {
        <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {boards
                .into_iter()
                .map(|board| {
                    let open = td_string!(locale, board.open_tasks, count = board.open_tasks as i32).to_string();
                    let role = match board.role {
                        BoardRole::Admin => td_string!(locale, board.you_are_admin),
                        BoardRole::Member => td_string!(locale, board.you_are_member),
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
    let locale = use_locale();
    let form = FormSpec::new(CreateBoard::url(), td_string!(locale, board.create_board))
        .field(
            Field::input(td_string!(locale, board.board_name), "name", "text")
                .hint(td_string!(locale, board.board_name_hint)),
        )
        .cancel("/boards");
    view! {
        <Title text=td_string!(locale, board.new_board) />
        <FormCard title=td_string!(locale, board.new_board)>
            <ServerForm form />
        </FormCard>
    }
}

/// `/`: the server answers with a redirect (to the board opened last, or `/boards`); the link
/// is there for the moment before it does.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let home = Resource::new(|| (), |_| go_home());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(()) => view! { <p><a href="/boards" class="text-indigo-700 underline">{td_string!(locale, board.your_boards)}</a></p> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
