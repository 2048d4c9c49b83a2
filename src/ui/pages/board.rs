//! `/boards/{id}`: a board's kanban columns, its filters (kept in the URL) and the live region
//! that says what a move did. Only its members see it; anyone else gets the 404 page.

use crate::{
    api::board::load_board,
    domain::{
        label::Label,
        membership::{person_choices, Member},
        AppError, Board, BoardFilter, BoardHeader, BoardPage as Page, Status,
    },
    i18n::*,
    ui::{
        components::{Alert, BoardColumnView, ButtonStyle, LoadError, Tone},
        locale::use_locale,
        moves::BoardMoves,
        pages::NotFoundPage,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Form,
    hooks::{use_params_map, use_query_map},
};

/// The board id in the page's path (`:id`), if it is a number.
pub fn board_id_param() -> Option<i64> {
    use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let id = board_id_param();
    let (filter, created, trashed, imported) = use_query_map().with_untracked(|q| {
        (
            BoardFilter::from_query(|name| q.get(name)),
            q.get("created").and_then(|id| id.parse::<i64>().ok()),
            q.get("trashed").is_some(),
            // After a CSV import: how many tasks it made.
            q.get("imported").and_then(|count| count.parse::<usize>().ok()),
        )
    });
    let board = Resource::new(
        {
            let filter = filter.clone();
            move || (id, filter.clone())
        },
        |(id, filter)| async move {
            match id {
                Some(id) => load_board(id, filter).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page = move || {
        let filter = filter.clone();
        Suspend::new(async move {
            match board.await {
                Ok(Page { header, labels, board }) => {
                    view! { <BoardView header labels board filter created trashed imported /> }.into_any()
                }
                Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                Err(error) => view! { <LoadError error /> }.into_any(),
            }
        })
    };

    let locale = use_locale();
    view! { <Suspense fallback=move || view! { <p>{td_string!(locale, board.loading_board)}</p> }>{page}</Suspense> }
}

#[component]
fn BoardView(
    header: BoardHeader,
    labels: Vec<Label>,
    board: Board,
    filter: BoardFilter,
    created: Option<i64>,
    trashed: bool,
    imported: Option<usize>,
) -> impl IntoView {
    let BoardHeader { board: info, members } = header;
    let id = info.id;
    let locale = use_locale();
    view! {
        <Title text=info.name.clone() />
        <div class="flex flex-wrap items-center justify-between gap-4 mb-4">
            <h1 class="text-2xl font-semibold break-words">{info.name.clone()}</h1>
            <div class="flex flex-wrap items-center gap-3">
                <a href=format!("/boards/{id}/members") class=ButtonStyle::Secondary.class()>
                    {td_string!(locale, board.members)}
                </a>
                <a href=format!("/boards/{id}/labels") class=ButtonStyle::Secondary.class()>
                    {td_string!(locale, labels.labels)}
                </a>
                <a href=format!("/boards/{id}/trash") class=ButtonStyle::Secondary.class()>
                    {td_string!(locale, trash.trash)}
                </a>
                <a href=format!("/boards/{id}/export.csv") class=ButtonStyle::Secondary.class() download="">
                    {td_string!(locale, board.export_csv)}
                </a>
                {info
                    .role
                    .is_admin()
                    .then(|| {
                        view! {
                            <a href=format!("/boards/{id}/import") class=ButtonStyle::Secondary.class()>
                                {td_string!(locale, imports.import_csv)}
                            </a>
                            <a href=format!("/boards/{id}/webhooks") class=ButtonStyle::Secondary.class()>
                                {td_string!(locale, webhooks.webhooks)}
                            </a>
                        }
                    })}
                <a href=format!("/boards/{id}/tasks/new") class=ButtonStyle::Primary.class()>
                    {td_string!(locale, board.new_task)}
                </a>
            </div>
        </div>
        {imported
            .map(|count| {
                view! {
                    <Alert tone=Tone::Success role="status" class="mb-4">
                        {td_string!(locale, imports.imported, count = count).to_string()}
                    </Alert>
                }
            })}
        {trashed
            .then(|| {
                view! {
                    <Alert tone=Tone::Success role="status" class="mb-4">
                        {td_string!(locale, trash.moved_to_trash)} " "
                        <a href=format!("/boards/{id}/trash") class="underline">{td_string!(locale, trash.open_trash)}</a>
                    </Alert>
                }
            })}
        <FilterBar board_id=id filter=filter.clone() people=person_choices(&members) labels />
        // `contents`: the wrapper takes no room of its own; the island's element is inside.
        <div class="contents" inner_html=columns_html(id, board, filter, created, locale, &members)></div>
    }
}

/// The [`Columns`] island as HTML: on the server, from the instance's cache of rendered columns
/// when the island's props are the same as for an earlier page (`server::rendered`), so a board
/// nobody changed is not rendered again. The HTML is the island's own rendering, escaped as
/// always; it hydrates like any island.
fn columns_html(
    board_id: i64,
    board: Board,
    filter: BoardFilter,
    created: Option<i64>,
    locale: Locale,
    members: &[Member],
) -> String {
    let names: Vec<(i64, String)> = members.iter().map(|m| (m.id, m.name.clone())).collect();
    #[cfg(feature = "ssr")]
    if let Ok(key) = serde_json::to_string(&(board_id, &board, &filter, created, locale, &names)) {
        let render = move || view! { <Columns board_id board filter created locale names /> }.to_html();
        return crate::server::rendered::columns(key, render).to_string();
    }
    view! { <Columns board_id board filter created locale names /> }.to_html()
}

/// The four columns over one board the page can change (moves show at once), and the live
/// regions that say what a move did. The one island of the board page: the filter bar above
/// it is a plain GET form.
#[island]
fn Columns(
    board_id: i64,
    board: Board,
    /// The filters (an empty board means something else when they are on) and how many cards
    /// each column shows.
    filter: BoardFilter,
    /// The task just created (`?created={id}`), shown highlighted.
    created: Option<i64>,
    /// The page's language (an island sees no server context).
    locale: Locale,
    /// The board's members by id, to say who made a change that arrives live.
    names: Vec<(i64, String)>,
) -> impl IntoView {
    provide_context(locale);
    let empty = board.task_count() == 0;
    let created_title = created.and_then(|id| board.card(id).map(|card| card.title.clone()));
    let moves = BoardMoves::new(board_id, board, filter.clone(), created, locale);
    if let Some(title) = created_title {
        moves.announcement.set(td_string!(locale, board.created, title = title).to_string());
    }
    provide_context(moves);
    // Teammates' changes arrive while the page is open (in the browser only).
    Effect::new(move || crate::ui::live::follow(moves, names.clone()));
    let message =
        if filter.is_active() { td_string!(locale, board.no_matches) } else { td_string!(locale, board.no_tasks) };
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
        // On a phone, one column at a time: they scroll sideways and snap, and the links above
        // jump to a column (plain anchors, so they work before the WASM arrives).
        <nav aria-label=td_string!(locale, board.columns) class="sm:hidden mb-2 flex gap-2 overflow-x-auto">
            {Status::ALL
                .into_iter()
                .map(|status| {
                    view! {
                        <a href=format!("#column-{}", status.as_str()) class="btn-secondary whitespace-nowrap">
                            {status.text(locale)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <div class="columns">
            {Status::ALL
                .into_iter()
                .map(|status| view! { <BoardColumnView status /> })
                .collect_view()}
        </div>
    }
}

/// The filters, as a GET form: the URL holds them, so a filtered board can be bookmarked and
/// filtering works without JavaScript.
#[component]
fn FilterBar(board_id: i64, filter: BoardFilter, people: Vec<(i64, String)>, labels: Vec<Label>) -> impl IntoView {
    let locale = use_locale();
    let action = format!("/boards/{board_id}");
    let active = filter.is_active();
    let control = "rounded-md border border-slate-300 bg-white px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-indigo-600";
    let check = "h-4 w-4 rounded border-slate-400 focus-ring";
    view! {
        // On a phone the filters fold away under a "Filters" summary (open while some are on);
        // from the sm breakpoint up the stylesheet shows them always (`.fold`).
        <details class="fold mb-4 sm:mb-0" open=active>
        <summary class="btn-secondary inline-block cursor-pointer">{td_string!(locale, board.show_filters)}</summary>
        <Form method="GET" action=action.clone()>
            <div
                role="search"
                aria-label=td_string!(locale, board.filter_tasks)
                class="mb-4 flex flex-wrap items-end gap-3 rounded-lg bg-white border border-slate-200 p-3"
            >
                <div class="flex flex-col gap-1">
                    <label for="filter-q" class="text-sm font-medium text-slate-700">{td_string!(locale, board.search_titles)}</label>
                    <input id="filter-q" name="q" type="search" value=filter.search.clone() class=control />
                </div>
                <div class="flex flex-col gap-1">
                    <label for="filter-person" class="text-sm font-medium text-slate-700">{td_string!(locale, board.in_charge)}</label>
                    <select id="filter-person" name="person" class=control>
                        <option value="" selected=filter.person.is_none()>{td_string!(locale, board.anyone)}</option>
                        {people
                            .into_iter()
                            .map(|(person, label)| {
                                let selected = filter.person == Some(person);
                                view! {
                                    <option value=person.to_string() selected=selected>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                {(!labels.is_empty())
                    .then(|| {
                        view! {
                            <div class="flex flex-col gap-1">
                                <label for="filter-label" class="text-sm font-medium text-slate-700">
                                    {td_string!(locale, labels.label)}
                                </label>
                                <select id="filter-label" name="label" class=control>
                                    <option value="" selected=filter.label.is_none()>
                                        {td_string!(locale, labels.any_label)}
                                    </option>
                                    {labels
                                        .into_iter()
                                        .map(|label| {
                                            let selected = filter.label == Some(label.id);
                                            view! {
                                                <option value=label.id.to_string() selected=selected>
                                                    {label.name}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                    })}
                <label class="flex items-center gap-2 py-1.5 text-sm text-slate-800">
                    <input type="checkbox" name="mine" value="1" checked=filter.mine class=check />
                    {td_string!(locale, board.only_mine)}
                </label>
                <label class="flex items-center gap-2 py-1.5 text-sm text-slate-800">
                    <input type="checkbox" name="overdue" value="1" checked=filter.overdue class=check />
                    {td_string!(locale, board.overdue)}
                </label>
                <button
                    type="submit"
                    class=ButtonStyle::Secondary.class()
                >
                    {td_string!(locale, board.apply_filters)}
                </button>
                {active
                    .then(|| {
                        view! {
                            <a
                                href=action.clone()
                                class="py-1.5 text-sm text-indigo-700 underline rounded focus-ring"
                            >
                                {td_string!(locale, board.clear_filters)}
                            </a>
                        }
                    })}
            </div>
        </Form>
        </details>
    }
}
