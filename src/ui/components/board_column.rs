//! One column of the board: a named region with its cards, collapsible to save room, and a
//! drop zone for dragged cards. A long column shows its top cards and a link to show more.

use super::TaskCardView;
use crate::{
    domain::{Status, CARDS_PER_PAGE},
    i18n::*,
    ui::moves::BoardMoves,
};
use leptos::prelude::*;

#[component]
pub fn BoardColumnView(status: Status) -> impl IntoView {
    let moves = expect_context::<BoardMoves>();
    let locale = moves.locale;
    let label = status.text(locale);
    let heading_id = format!("column-{}-heading", status.as_str());
    let list_id = format!("column-{}-cards", status.as_str());
    let index = status.column_index();
    let cards = move || moves.board.with(|board| board.columns[index].cards.clone());
    let count = move || moves.board.with(|board| board.columns[index].total);
    let hidden = move || moves.board.with(|board| board.columns[index].hidden());
    let shown = move || moves.board.with(|board| board.columns[index].cards.len());
    let section_id = format!("column-{}", status.as_str());
    // Without JavaScript, back to this column after the page reloads with more of it; with it,
    // the next cards come in place as the column's end comes into view.
    let more_href = move || {
        let more = moves.filter.with(|filter| filter.show_more(status, CARDS_PER_PAGE).to_query());
        format!("/boards/{}?{more}#column-{}", moves.board_id, status.as_str())
    };
    let end_of_column = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        // Looked at again after each page: still in view, the next one is loaded.
        shown();
        if let Some(end) = end_of_column.get() {
            crate::ui::dom::once_in_view(&end, move || moves.show_more(status));
        }
    });
    let expanded = RwSignal::new(true);
    let is_target = move || moves.drop_target.with(|target| target.is_some_and(|(s, _)| s == status));

    view! {
        <section
            id=section_id
            aria-labelledby=heading_id.clone()
            class=move || {
                if is_target() {
                    "column rounded-lg bg-indigo-100 ring-2 ring-indigo-500 p-3 flex flex-col gap-3"
                } else {
                    "column rounded-lg bg-slate-200/70 p-3 flex flex-col gap-3"
                }
            }
            on:dragover=move |event| {
                if moves.dragging.get_untracked().is_some() {
                    // Allows the drop; over a card, the card's own handler has chosen the spot.
                    event.prevent_default();
                    if !moves.drop_target.with_untracked(|t| t.is_some_and(|(s, _)| s == status)) {
                        moves.drop_target.set(Some((status, None)));
                    }
                }
            }
            on:drop=move |event| {
                event.prevent_default();
                moves.drop_dragged();
            }
        >
            <div class="flex items-center justify-between gap-2">
                <h2 id=heading_id.clone() class="font-semibold text-slate-800">{label}</h2>
                <div class="flex items-center gap-2">
                    <span class="rounded-full bg-white px-2 text-sm text-slate-700" title=td_string!(locale, board.tasks_in_column)>
                        {count}
                    </span>
                    <button
                        type="button"
                        class="rounded p-1 text-slate-700 hover:bg-slate-300 focus-ring"
                        aria-controls=list_id.clone()
                        aria-expanded=move || expanded.get().to_string()
                        aria-label=td_string!(locale, board.column_tasks, column = label).to_string()
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
            <ol id=list_id.clone() class="flex flex-col gap-2 min-h-8" hidden=move || !expanded.get()>
                <Show when=move || count() == 0>
                    <li class="text-sm text-slate-500 px-1">{td_string!(locale, board.nothing_here)}</li>
                </Show>
                <For each=cards key=|card| card.id children=move |card| view! { <CardSlot card status /> } />
            </ol>
            <Show when=move || 0 < hidden() && expanded.get()>
                <p node_ref=end_of_column class="flex flex-wrap items-center justify-between gap-2 px-1 text-sm text-slate-700">
                    <span>
                        {move || td_string!(locale, board.showing, shown = shown(), total = count()).to_string()}
                    </span>
                    <a
                        href=more_href
                        class="rounded font-medium text-indigo-700 underline focus-ring"
                        on:click=move |event| {
                            event.prevent_default();
                            moves.show_more(status);
                        }
                    >
                        {move || {
                            td_string!(locale, board.show_more, count = hidden().min(CARDS_PER_PAGE as usize))
                                .to_string()
                        }}
                        <span class="sr-only">{td_string!(locale, board.in_column, column = label).to_string()}</span>
                    </a>
                </p>
            </Show>
        </section>
    }
}

/// A card's place in the list: draggable when the viewer may move it, and a drop spot
/// (before it, or after it in its lower half).
#[component]
fn CardSlot(card: crate::domain::TaskCard, status: Status) -> impl IntoView {
    let moves = expect_context::<BoardMoves>();
    let id = card.id;
    let draggable = card.can_move;
    let marked = move || moves.drop_target.with(|target| *target == Some((status, Some(id))));
    view! {
        <li
            draggable=draggable.then_some("true")
            class=move || {
                if marked() { "card-slot card-slot-target" } else { "card-slot" }
            }
            on:dragstart=move |event| {
                crate::ui::dom::start_drag(&event, id);
                moves.dragging.set(Some(id));
            }
            on:dragend=move |_| {
                moves.dragging.set(None);
                moves.drop_target.set(None);
            }
            on:dragover=move |event| {
                if moves.dragging.get_untracked().is_none() {
                    return;
                }
                event.prevent_default();
                event.stop_propagation();
                let before = if crate::ui::dom::in_lower_half(&event) {
                    // After this card: before the next one, or at the end.
                    moves.board.with_untracked(|board| {
                        let cards = &board.columns[status.column_index()].cards;
                        cards.iter().position(|c| c.id == id).and_then(|i| cards.get(i + 1)).map(|c| c.id)
                    })
                } else {
                    Some(id)
                };
                if moves.drop_target.get_untracked() != Some((status, before)) {
                    moves.drop_target.set(Some((status, before)));
                }
            }
            on:drop=move |event| {
                event.prevent_default();
                event.stop_propagation();
                moves.drop_dragged();
            }
        >
            <TaskCardView card />
        </li>
    }
}
