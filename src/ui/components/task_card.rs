//! A task as a card on the board, with its Move menu: the keyboard and single-pointer way to
//! do what dragging does (WCAG 2.2, 2.5.7).

use crate::{
    domain::{dates, Status, TaskCard},
    i18n::*,
    ui::{dom::focus_soon, locale::use_locale, moves::BoardMoves},
};
use leptos::{either::Either, ev::KeyboardEvent, prelude::*};

#[component]
pub fn TaskCardView(card: TaskCard) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/tasks/{}", card.id);
    let overdue = card.overdue();
    let (id, status, can_move, title) = (card.id, card.status, card.can_move, card.title.clone());
    let checklist = card.checklist.map(|(done, total)| {
        view! {
            <p class="card-line">
                <span>
                    <span class="sr-only">{td_string!(locale, board.checklist_progress)}</span>
                    {format!("{done}/{total}")}
                </span>
            </p>
        }
    });
    let labels = (!card.labels.is_empty()).then(|| {
        view! {
            <ul class="card-labels" aria-label=td_string!(locale, labels.labels)>
                {card
                    .labels
                    .into_iter()
                    .map(|label| view! { <li class=label.colour.class()>{label.name}</li> })
                    .collect_view()}
            </ul>
        }
    });
    // The card just created, or just changed by someone else, stands out, so it is found at
    // once on a long board.
    let highlight = use_context::<BoardMoves>().map(|moves| moves.highlight);
    let is_new = move || highlight.is_some_and(|highlight| highlight.get() == Some(id));
    view! {
        <article
            class=move || if is_new() { "card card-new" } else { "card" }
            aria-current=move || is_new().then_some("true")
        >
            <div class="card-head">
                <a
                    href=href
                    class="card-title"
                >
                    {card.title}
                </a>
                {can_move.then(|| view! { <MoveMenu id status title /> })}
            </div>
            {labels}
            <p class="card-line">
                {match card.pic_name {
                    Some(name) => Either::Left(view! { <span>{td_string!(locale, board.pic, name = name).to_string()}</span> }),
                    None => Either::Right(view! { <span class="italic">{td_string!(locale, board.no_pic)}</span> }),
                }}
            </p>
            {card
                .deadline
                .map(|deadline| {
                    // ISO 8601 (a date's Display) for machines, which the browser build also gets
                    // without chrono's format-string machinery; the reader's words for people.
                    let iso = deadline.to_string();
                    view! {
                        <p class="card-line">
                            <span>
                                {td_string!(locale, board.due)}
                                <time datetime=iso>{dates::date(locale, deadline)}</time>
                            </span>
                            {overdue
                                .then(|| {
                                    view! {
                                        <span class="card-overdue">{td_string!(locale, board.overdue)}</span>
                                    }
                                })}
                        </p>
                    }
                })}
            {checklist}
        </article>
    }
}

/// The "Move {title}" button and its menu of the other columns. Keys as in the WAI-ARIA menu
/// button pattern: Enter, Space or ↓ open it on the first item; ↑/↓, Home and End move
/// between items; Escape closes it and returns to the button.
#[component]
fn MoveMenu(id: i64, status: Status, title: String) -> impl IntoView {
    let moves = expect_context::<BoardMoves>();
    let locale = moves.locale;
    let open = RwSignal::new(false);
    let button_id = format!("move-button-{id}");
    let menu_id = format!("move-menu-{id}");
    let targets: Vec<Status> = Status::ALL.into_iter().filter(|s| *s != status).collect();
    let item_id = move |index: usize| format!("move-{id}-item-{index}");
    let count = targets.len();

    let open_menu = move |focus: usize| {
        open.set(true);
        focus_soon(item_id(focus));
    };
    let close_menu = {
        let button_id = button_id.clone();
        move || {
            open.set(false);
            focus_soon(button_id.clone());
        }
    };
    let on_button_key = move |event: KeyboardEvent| match event.key().as_str() {
        "ArrowDown" => {
            event.prevent_default();
            open_menu(0);
        }
        "ArrowUp" => {
            event.prevent_default();
            open_menu(count - 1);
        }
        _ => {}
    };
    let on_menu_key = {
        let close_menu = close_menu.clone();
        move |event: KeyboardEvent| {
            let current = (0..count).find(|i| {
                event
                    .target()
                    .and_then(|t| {
                        use leptos::wasm_bindgen::JsCast;
                        t.dyn_into::<leptos::web_sys::Element>().ok()
                    })
                    .is_some_and(|element| element.id() == item_id(*i))
            });
            let next = match event.key().as_str() {
                "ArrowDown" => current.map_or(0, |i| (i + 1) % count),
                "ArrowUp" => current.map_or(count - 1, |i| (i + count - 1) % count),
                "Home" => 0,
                "End" => count - 1,
                "Escape" => {
                    event.prevent_default();
                    close_menu();
                    return;
                }
                "Tab" => {
                    open.set(false);
                    return;
                }
                _ => return,
            };
            event.prevent_default();
            focus_soon(item_id(next));
        }
    };

    view! {
        <div class="relative shrink-0">
            <button
                id=button_id.clone()
                type="button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                aria-label=td_string!(locale, board.move_title, title = &title).to_string()
                on:click=move |_| {
                    if open.get_untracked() { open.set(false) } else { open_menu(0) }
                }
                on:keydown=on_button_key
                class="touch-target rounded px-1.5 py-0.5 text-sm text-slate-700 border border-slate-300 hover:bg-slate-100 focus-ring"
            >
                {td_string!(locale, board.move_button)}
            </button>
            <ul
                id=menu_id
                role="menu"
                aria-labelledby=button_id
                hidden=move || !open.get()
                on:keydown=on_menu_key
                class="absolute right-0 z-10 mt-1 w-40 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
            >
                // The items exist only while the menu is open: a board can show hundreds of
                // cards the viewer may move, and their menus made a good part of its HTML.
                {move || {
                    open.get()
                        .then(|| {
                            targets
                                .iter()
                                .enumerate()
                                .map(|(index, &target)| {
                                    view! {
                                        <li role="none">
                                            <button
                                                id=item_id(index)
                                                type="button"
                                                role="menuitem"
                                                tabindex="-1"
                                                on:click=move |_| {
                                                    open.set(false);
                                                    // On top of the column, where it is seen
                                                    // however long the column is.
                                                    moves.move_card(id, target, moves.first_card(target));
                                                    focus_soon(format!("move-button-{id}"));
                                                }
                                                class="touch-target block w-full px-3 py-1.5 text-left text-sm hover:bg-indigo-50 focus-visible:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                                            >
                                                {target.text(locale)}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </ul>
        </div>
    }
}
